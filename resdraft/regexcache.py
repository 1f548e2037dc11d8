"""Compiled regular expressions kept between runs of the command line.

Python compiles every pattern from its text in every process, in Python code (`re._parser`,
`re._compiler`): about a fifth of a `resdraft lint` of a short draft, of which the grammar's lexer
is the largest part (Lark joins the terminals of each parser state into one long pattern). The
compiled program of a pattern depends only on its text, its flags and the Python build, so it is kept,
like Lark's tables and the rule data, in the user's cache folder (`resources.cache_dir`; off with
`RESDRAFT_CACHE_DIR=""`), and handed to `_sre.compile` on later runs: the same program as a fresh
compile would give, which `_sre` checks again before using it.

This leans on the private compiler of `re`, so it is only installed by the command line (never on
`import resdraft`), only on Python versions whose compiler has the expected shape, and any surprise
(a damaged file, a changed internal) falls back to the stock compiler, pattern by pattern.
"""

from __future__ import annotations

import _sre
import array
import atexit
import marshal
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from resdraft.resources import CacheTable, cache_dir

#: More entries than this (patterns built from each document's own numbers, user patterns of many
#: configs) and the file keeps only the patterns of the last run: it stays small to read.
MAX_ENTRIES = 1500

_Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_Key = tuple[str | bytes, int]

_installed: _Cache | None = None


class _Cache(CacheTable):
    """The patterns of the file, those compiled in this run, and the stock compiler."""

    def __init__(self, path: Path, stock: Callable[..., Any]) -> None:
        super().__init__(path, MAX_ENTRIES)
        self.stock = stock

    def compile(self, pattern: Any, flags: int = 0) -> Any:
        """`re._compiler.compile`, served from the file for the patterns it holds."""
        if type(pattern) not in (str, bytes) or flags & re.DEBUG:
            return self.stock(pattern, flags)
        key = (pattern, int(flags))
        entry = self.entries.get(key)
        if entry is not None:
            try:
                compiled = _build(pattern, entry)
                self.used.add(key)
                return compiled
            except Exception:  # a stale or damaged entry: compile it afresh
                del self.entries[key]
        try:
            entry = _program(pattern, int(flags))
            compiled = _build(pattern, entry)
        except Exception:  # errors in the pattern are the stock compiler's to report
            return self.stock(pattern, flags)
        self.keep(key, entry)
        return compiled



def install() -> bool:
    """Serve `re` compiles of this process from the cache file (once; False when it cannot be used)."""
    global _installed
    if _installed is not None:
        return True
    compiler = _compiler_module()
    folder = cache_dir()
    if compiler is None or folder is None:
        return False
    _installed = _Cache(folder / f"regex-{_build_key()}.marshal", compiler.compile)
    compiler.compile = _installed.compile
    atexit.register(_installed.save)
    return True


def uninstall() -> None:
    """Save what was compiled and put the stock compiler back (for tests)."""
    global _installed
    compiler = _compiler_module()
    if _installed is None or compiler is None:
        return
    _installed.save()
    atexit.unregister(_installed.save)
    compiler.compile = _installed.stock
    _installed = None


def _compiler_module() -> Any | None:
    """`re._compiler` when it has the shape this module relies on (CPython 3.11 to 3.13), else None."""
    if sys.implementation.name != "cpython" or not (3, 11) <= sys.version_info[:2] <= (3, 13):
        return None
    try:
        import re._compiler
        import re._parser
    except ImportError:
        return None
    compiler, parser = re._compiler, re._parser
    if not all(callable(getattr(module, name, None))
               for module, name in ((compiler, "compile"), (compiler, "_code"), (parser, "parse"),
                                    (_sre, "compile"))):
        return None
    return compiler


def _build_key() -> str:
    """The Python build and the version of the regex engine's program format."""
    import zlib

    key = f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{marshal.version}"
    return f"{zlib.crc32(key.encode()):08x}"


def _program(pattern: str | bytes, flags: int) -> _Entry:
    """What `re._compiler.compile` hands to `_sre.compile`, in a form marshal can keep."""
    parsed = re._parser.parse(pattern, flags)
    code = re._compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    program = array.array(_typecode(), code).tobytes()
    return int(flags | parsed.state.flags), program, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _build(pattern: str | bytes, entry: _Entry) -> Any:
    flags, code, groups, groupindex, indexgroup = entry
    program = array.array(_typecode())
    program.frombytes(code)
    return _sre.compile(pattern, flags, program.tolist(), groups, groupindex, indexgroup)


def _typecode() -> str:
    """The array type of one unit of the engine's program (`_sre.CODESIZE` bytes)."""
    return "I" if _sre.CODESIZE == 4 else "H"

