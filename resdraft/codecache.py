"""The methods `dataclasses` writes for each class, compiled once and kept between runs of the command line.

For every `@dataclass` the standard library writes `__init__`, `__repr__`, `__eq__` (and more for frozen
classes) as source text and compiles it with `exec`: about a millisecond a class, some fifty milliseconds
of a `resdraft lint` of a short draft, most of it in the compiler. The code object compiled from a text
depends only on that text and the Python build, so it is kept, like the compiled regular expressions
(resdraft/regexcache.py), in the user's cache folder (`resources.cache_dir`; off with `RESDRAFT_CACHE_DIR=""`)
in `marshal` form (the format of `.pyc` files), and later runs execute it instead of compiling the text.

Only the `exec` that `dataclasses` itself calls is replaced (a name in that module's globals, shadowing the
builtin), only by the command line, never on `import resdraft`; anything else it is handed, and any
surprise (a damaged file), goes to the builtin `exec` unchanged.
"""

from __future__ import annotations

import atexit
import builtins
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any

from resdraft.resources import CacheTable, cache_dir

#: More texts than this and the file keeps only those of the last run (it stays small to read).
MAX_ENTRIES = 2000

_installed: _Cache | None = None


class _Cache(CacheTable):
    """The compiled texts of the file, and those compiled in this run."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, MAX_ENTRIES)

    def exec(self, source: Any, globals: Any = None, locals: Any = None, /) -> None:
        """`exec` as `dataclasses` calls it: a text is compiled as the builtin would, or read from the file."""
        if globals is None:  # the builtin would run it in its caller's namespace (dataclasses'), not this one's
            caller = sys._getframe(1)
            globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
        if type(source) is not str:
            builtins.exec(source, globals, locals)  # not the call shape dataclasses uses: no caching
            return
        code = self._code(source)
        builtins.exec(code, globals, locals)

    def _code(self, source: str) -> CodeType:
        blob = self.entries.get(source)
        if blob is not None:
            try:
                code = marshal.loads(blob)
                if type(code) is CodeType:
                    self.used.add(source)
                    return code
            except (EOFError, ValueError, TypeError):
                pass
            del self.entries[source]
        # `dont_inherit`: the builtin exec compiles with the future flags of its caller, and dataclasses.py
        # has none; this module's `from __future__ import annotations` must not leak into the methods.
        code = compile(source, "<string>", "exec", dont_inherit=True)
        self.keep(source, marshal.dumps(code))
        return code



def install() -> bool:
    """Serve the compiles of `dataclasses` in this process from the cache file (once; False if off)."""
    global _installed
    if _installed is not None:
        return True
    folder = cache_dir()
    if folder is None or sys.implementation.name != "cpython":
        return False
    import dataclasses

    if "exec" in vars(dataclasses):  # something else already shadows it: leave it alone
        return False
    tag = sys.implementation.cache_tag  # the bytecode format, as for .pyc files
    _installed = _Cache(folder / f"dataclass-code-{tag}-{_build_key()}.marshal")
    dataclasses.exec = _installed.exec  # type: ignore[attr-defined]
    atexit.register(_installed.save)
    return True


def uninstall() -> None:
    """Save what was compiled and give `dataclasses` the builtin `exec` back (for tests)."""
    global _installed
    if _installed is None:
        return
    import dataclasses

    _installed.save()
    atexit.unregister(_installed.save)
    if vars(dataclasses).get("exec") == _installed.exec:
        del dataclasses.exec  # type: ignore[attr-defined]
    _installed = None


def _build_key() -> str:
    """The exact Python build (a code object is only valid in the interpreter that made it)."""
    import zlib

    return f"{zlib.crc32(f'{sys.version}|{marshal.version}'.encode()):08x}"

