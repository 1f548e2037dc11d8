"""Find the data that ships with resdraft (grammars/ and rules/).

In an installed wheel the folders live inside the package as `_data/`; in a
checkout or an editable install they are the top-level folders of the repo.
"""

from __future__ import annotations

import functools
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def data_dir(name: str) -> Path:
    """Return the folder `grammars` or `rules`, wherever this install keeps it."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"resdraft data folder {name!r} is missing from this installation")


def grammar_path(filename: str) -> Path:
    return data_dir("grammars") / filename


@functools.cache
def load_toml(filename: str) -> dict[str, Any]:
    """Load a TOML file from `rules/` (cached: the data never changes at run time).

    Parsing the rule data (catalogue, profiles, vocabularies) is about a tenth
    of a lint's start-up, so the parsed table is also kept on disk, as Lark keeps its
    parser tables: in `RESDRAFT_CACHE_DIR` (default `~/.cache/resdraft`), keyed by
    the file's path, size and modification time and by the Python version, in
    `marshal` form (plain data only; nothing is executed on load). A cache that
    cannot be read or written is ignored; `RESDRAFT_CACHE_DIR=""` turns it off.
    """
    path = data_dir("rules") / filename
    cached = _cache_file(path)
    if cached is not None:
        data = read_marshal(cached)
        if data:
            return data
    import tomllib  # only on a cache miss: the import is a hundredth of a lint's start-up

    with path.open("rb") as handle:
        data = tomllib.load(handle)
    if cached is not None:
        store_marshal(cached, data)
    return data


def cache_dir() -> Path | None:
    """The user's cache folder for resdraft: `RESDRAFT_CACHE_DIR`, else `~/.cache/resdraft`; None when
    `RESDRAFT_CACHE_DIR=""` turns caching off. Never the working folder, never a shared temp folder."""
    folder = os.environ.get("RESDRAFT_CACHE_DIR")
    if folder is None:
        folder = os.path.join(os.path.expanduser("~"), ".cache", "resdraft")
    return Path(folder) if folder else None


def parser_cache_file(text: str, version: str) -> str | bool:
    """Where Lark keeps the tables of the grammar `text` (for Lark's `cache=`), or False for no cache.

    Lark's own `cache=True` writes a pickle into the shared temp folder, which another user of the
    machine could plant; the user's cache folder is private. The name carries the grammar, Lark's
    version and Python's, so that installs side by side do not overwrite each other's tables (Lark also
    checks the grammar's hash inside the file). The folder is made here; Lark ignores a failed write.
    """
    folder = cache_dir()
    if folder is None:
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    key = f"{text}|{version}|{sys.version_info[:2]}"
    return str(folder / f"lark-{zlib.crc32(key.encode()):08x}.pickle")


def _cache_file(path: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{sys.version_info[:2]}|{marshal.version}"
    return folder / f"{path.stem}-{zlib.crc32(key.encode()):08x}-{stat.st_size}.marshal"


def read_marshal(path: Path) -> dict[Any, Any]:
    """A cache file's table (`marshal` form), or {} when it is missing, damaged or not a table."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def store_marshal(target: Path, data: dict[Any, Any]) -> None:
    """Write a cache file atomically (a reader never sees half a file); any failure is ignored.

    Shared by the rule-data cache here and the pattern and code caches (`regexcache`, `codecache`).
    """
    try:
        blob = marshal.dumps(data)  # ValueError for a value marshal cannot hold (a TOML date): not cached
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        partial.write_bytes(blob)
        os.replace(partial, target)
    except (OSError, ValueError):
        pass


class CacheTable:
    """A cache file's table in memory: what this run read from it and added, written back once if it grew.

    The pattern and code caches (`regexcache`, `codecache`) keep their entries this way; a table grown past
    `max_entries` keeps only what this run used.
    """

    def __init__(self, path: Path, max_entries: int) -> None:
        self.path = path
        self.max_entries = max_entries
        self.entries: dict[Any, Any] = read_marshal(path)
        self.added = 0
        self.used: set[Any] = set()

    def keep(self, key: Any, value: Any) -> None:
        """Record an entry made in this run."""
        self.entries[key] = value
        self.used.add(key)
        self.added += 1

    def save(self) -> None:
        """Write the file again if this run added entries (atomically; any failure is ignored)."""
        if not self.added:
            return
        entries = self.entries
        if len(entries) > self.max_entries:
            entries = {key: entries[key] for key in self.used if key in entries}
        store_marshal(self.path, entries)
        self.added = 0
