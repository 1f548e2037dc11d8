"""The `--library` folder: past resolutions found by file name or title, parsed on demand.

Rules ask a library for a resolution by symbol (`get`); only this module
reads the files, so the lint package never touches the disk.
"""

from __future__ import annotations

from pathlib import Path

from resdraft.errors import ResdraftError, UsageError
from resdraft.lint.library import _name_symbol, symbol_key, title_symbol
from resdraft.model import Resolution, SymbolToken
from resdraft.readers import SUFFIXES

__all__ = ["Library"]


class Library:
    """Past resolutions under `root`, parsed on demand."""

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise UsageError(f"{root}: --library must be a folder of past resolutions (.docx, .md, .txt)")
        self.root = root
        self._by_symbol: dict[str, Path] | None = None
        self._unnamed: list[Path] = []
        self._parsed: dict[Path, Resolution | None] = {}

    def _index(self) -> dict[str, Path]:
        if self._by_symbol is None:
            self._by_symbol = {}
            for path in sorted(self.root.rglob("*")):
                if not path.is_file() or path.suffix.lower() not in SUFFIXES or path.name.startswith(("~$", ".")):
                    continue
                symbol = _name_symbol(path.stem)
                if symbol:
                    self._by_symbol.setdefault(symbol, path)
                else:
                    self._unnamed.append(path)
        return self._by_symbol

    def _parse(self, path: Path) -> Resolution | None:
        if path not in self._parsed:
            from resdraft.parse import parse_file

            try:
                self._parsed[path] = parse_file(path)
            except ResdraftError:
                self._parsed[path] = None  # an unreadable library file is not this draft's problem
        return self._parsed[path]

    def get(self, symbol: SymbolToken | str) -> Resolution | None:
        """The resolution with this symbol, or None when the library does not hold it."""
        key = symbol_key(symbol)
        index = self._index()
        if key in index:
            return self._parse(index[key])
        while self._unnamed:  # identify the remaining files by their titles, lazily
            path = self._unnamed.pop(0)
            resolution = self._parse(path)
            own = title_symbol(resolution) if resolution else None
            if own:
                index.setdefault(own, path)
                if own == key:
                    return resolution
        return None
