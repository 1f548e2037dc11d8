"""A folder of past resolutions (.docx/.md/.txt), found by their symbol.

"paragraph 28 of resolution ICC-ASP/14/Res.3" can only be checked when the
cited resolution is at hand. A file is identified by its name when the name
spells a symbol (`ICC-ASP-14-Res.3.docx`, `A_RES_78_1.md`), otherwise by the
symbol in its title ("Resolution ICC-ASP/14/Res.3"). Files are parsed only
when a citation needs them, and once.
"""

from __future__ import annotations

import re
from pathlib import Path

from resdraft.errors import ResdraftError, UsageError
from resdraft.model import Resolution, SymbolToken
from resdraft.readers import SUFFIXES

_ASP_NAME = re.compile(r"(?i)^ICC[-_ ]?ASP[-_ /]?(\d{1,2})[-_ /](Res|Dec)[._ -]?(\d{1,2})$")
_UN_NAME = re.compile(r"(?i)^(A|A[-_]HRC|S|E)[-_ /]RES[-_ /](\d{1,4})[-_ /](\d{1,4})$")


def symbol_key(symbol: SymbolToken | str) -> str:
    """A comparable form of a resolution symbol ("ICC-ASP/14/Res.3", "A/RES/78/1")."""
    if isinstance(symbol, SymbolToken):
        if symbol.body == "A" and symbol.doc_kind == "RES" and symbol.session and symbol.number:
            return f"A/RES/{symbol.session}/{symbol.number}"
        text = symbol.normalized or symbol.text
    else:
        text = symbol
    return " ".join(text.split())


def _name_symbol(stem: str) -> str | None:
    if match := _ASP_NAME.match(stem):
        return f"ICC-ASP/{int(match.group(1))}/{match.group(2).capitalize()}.{int(match.group(3))}"
    if match := _UN_NAME.match(stem):
        body = match.group(1).upper().replace("_", "/").replace("-", "/")
        return f"{body}/RES/{int(match.group(2))}/{int(match.group(3))}"
    return None


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


def title_symbol(resolution: Resolution) -> str | None:
    """The symbol a resolution gives itself in its front matter ("Resolution ICC-ASP/14/Res.3")."""
    for block in resolution.blocks:
        if block.kind == "preamble-intro":
            break
        for token in block.tokens_of(SymbolToken):
            if token.doc_kind in ("Res", "RES", "Dec", "DEC") and not token.problems:
                return symbol_key(token)
    return None
