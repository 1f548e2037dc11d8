"""The test guard: every .docx the project writes during a test must be valid OOXML.

Rule: an output may not have a problem (see :mod:`support.ooxml_check`) that none of the
test's inputs had.  What is an output and what an input is decided exactly, not by name:

* **outputs** are zip packages holding ``word/document.xml`` written *by project code*:
  ``zipfile.ZipFile`` opened for writing with a frame of the ``resdraft`` package on the
  stack (to a path or to memory: ``BytesIO`` outputs are caught too), plus any ``.docx``
  that appears or changes under the test's ``tmp_path`` and is neither a copy of an input
  nor written by the test itself (the outputs of ``python -m resdraft`` subprocesses); a
  damaged zip there is taken for a test's hostile input (project writes are atomic);
* **inputs** are packages the test wrote itself (fixture builders), packages opened for
  reading during the test, and the ``.docx`` files already under ``tmp_path`` when the test
  body starts (copied fixtures, real corpus files).

Each distinct file is validated once per process (content hash), the schema is compiled
once.  ``RESDRAFT_OOXML_GUARD=0`` switches the guard off (to measure its cost); without
``../shared/ooxml-schema`` it does nothing, except on CI (``CI`` set), where a test that
writes a .docx then fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import sys
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import FrameType
from typing import Any

from support import ooxml_check

__all__ = ["Guard", "enabled"]

_ORIG_INIT = zipfile.ZipFile.__init__
_ORIG_CLOSE = zipfile.ZipFile.close
_ACTIVE: list[Guard] = []  # the guard of the running test (at most one)


def enabled() -> bool:
    return os.environ.get("RESDRAFT_OOXML_GUARD", "1") != "0"


def _sha(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def _is_docx(data: bytes) -> bool:
    return data[:2] == b"PK" and b"word/document.xml" in data


@lru_cache(maxsize=1)
def _project_dir() -> str:
    import resdraft

    return str(Path(resdraft.__file__).resolve().parent) + os.sep


def _opens(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.testzip() is None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _written_by_project() -> bool:
    """True when resdraft code (not a test or a test helper) is on the stack."""
    project = _project_dir()
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.startswith(project):
            return True
        frame = frame.f_back
    return False


@lru_cache(maxsize=1)
def _known_sources() -> frozenset[str]:
    """Hashes of the .docx files shipped with the repository and in the real corpus.

    A test that copies one of them byte for byte into tmp_path (``write_bytes``) makes an
    input, not an output.  Hashed once per process (a few dozen files).
    """
    root = Path(__file__).resolve().parents[2]
    shared = root.parent / "shared"
    shas = set()
    for folder in (root / "samples", root / "tests", shared / "corpus", shared / "reference"):
        if folder.is_dir():
            for p in folder.rglob("*.docx"):
                with contextlib.suppress(OSError):
                    shas.add(_sha(p.read_bytes()))
    return frozenset(shas)


@dataclass
class Guard:
    """What one test read and wrote; :meth:`problems` says what its outputs broke."""

    inputs: dict[str, bytes] = field(default_factory=dict)  # sha -> bytes
    outputs: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # sha -> (label, bytes)
    before: dict[Path, str] = field(default_factory=dict)  # tmp_path snapshot: path -> sha

    # -- the zipfile hook -----------------------------------------------------------------
    def install(self) -> None:
        _ACTIVE[:] = [self]
        zipfile.ZipFile.__init__ = _init  # type: ignore[method-assign]
        zipfile.ZipFile.close = _close  # type: ignore[method-assign]

    @staticmethod
    def uninstall() -> None:
        _ACTIVE.clear()
        zipfile.ZipFile.__init__ = _ORIG_INIT  # type: ignore[method-assign]
        zipfile.ZipFile.close = _ORIG_CLOSE  # type: ignore[method-assign]

    def saw(self, data: bytes, *, output: bool, label: str) -> None:
        if not _is_docx(data):
            return
        sha = _sha(data)
        if output:
            if sha not in self.inputs:  # a byte-for-byte copy of an input adds no problem
                self.outputs.setdefault(sha, (label, data))
        elif sha not in self.outputs:  # an output read back by the test is no input
            self.inputs.setdefault(sha, data)

    def register(self, output: bytes | str | os.PathLike[str], *inputs: bytes | str | os.PathLike[str]) -> None:
        """Declare an output (and its inputs) the hooks cannot see, e.g. written by a subprocess elsewhere."""
        for src in inputs:
            data = src if isinstance(src, bytes) else Path(src).read_bytes()
            self.inputs.setdefault(_sha(data), data)
        data = output if isinstance(output, bytes) else Path(output).read_bytes()
        self.outputs.setdefault(_sha(data), (_label(output) if not isinstance(output, bytes) else "<bytes>", data))

    # -- tmp_path -------------------------------------------------------------------------
    @staticmethod
    def _scan(folder: Path | None) -> dict[Path, str]:
        if folder is None or not folder.is_dir():
            return {}
        found = {}
        for p in folder.rglob("*.docx"):
            try:
                found[p] = _sha(p.read_bytes()) if p.is_file() else ""
            except OSError:
                continue
        return found

    def snapshot(self, folder: Path | None) -> None:
        """Before the test body: the .docx already there are inputs."""
        self.before = self._scan(folder)
        for p, sha in self.before.items():
            if sha and sha not in self.inputs and sha not in self.outputs:
                self.inputs[sha] = p.read_bytes()

    def collect(self, folder: Path | None) -> None:
        """After the test body: new or changed .docx not written by the test are outputs."""
        for p, sha in self._scan(folder).items():
            if not sha or self.before.get(p) == sha or sha in self.inputs or sha in self.outputs:
                continue
            try:
                data = p.read_bytes()
            except OSError:
                continue
            if not _is_docx(data):
                continue
            # A damaged zip is a test's hostile input (the project writes atomically); a shipped file, a copy.
            if not _opens(data) or sha in _known_sources():
                self.inputs[sha] = data
            else:
                self.outputs[sha] = (str(p), data)

    # -- verdict --------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """'<output>: <problem>' for every problem an output has beyond the inputs."""
        if not self.outputs:
            return []
        if not ooxml_check.schema_available():
            if os.environ.get("CI"):
                return [f"OOXML schema missing at {ooxml_check.SCHEMA_DIR}, but CI is set"]
            return []
        found = []
        allowed = None  # the inputs are validated only when an output has a problem (most have none)
        for label, data in self.outputs.values():
            if not ooxml_check.problems(data):
                continue
            if allowed is None:
                allowed = ooxml_check.allowed_problems(*self.inputs.values())
            found.extend(f"{label}: {p}" for p in ooxml_check.new_problems(data, allowed=allowed))
        return found


def _label(target: Any) -> str:
    if isinstance(target, (str, os.PathLike)):
        return os.fspath(target)
    return f"<in-memory {type(target).__name__}>"


def _init(self: zipfile.ZipFile, file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> None:
    _ORIG_INIT(self, file, mode, *args, **kwargs)
    guard = _ACTIVE[0] if _ACTIVE else None
    if guard is None:
        return
    self._resdraft_guard = (mode, _written_by_project() if mode != "r" else False, file)  # type: ignore[attr-defined]
    if mode == "r":
        try:
            if isinstance(file, (str, os.PathLike)):
                data = Path(file).read_bytes()
            elif isinstance(file, io.BytesIO):
                data = file.getvalue()
            else:
                pos = file.tell()
                file.seek(0)
                data = file.read()
                file.seek(pos)
        except (OSError, AttributeError, ValueError):
            return
        guard.saw(data, output=False, label=_label(file))


def _close(self: zipfile.ZipFile) -> None:
    info = getattr(self, "_resdraft_guard", None)
    fp = self.fp
    _ORIG_CLOSE(self)
    guard = _ACTIVE[0] if _ACTIVE else None
    if guard is None or info is None or info[0] == "r":
        return
    _, by_project, file = info
    try:
        if isinstance(file, (str, os.PathLike)):
            data = Path(file).read_bytes()
        elif isinstance(file, io.BytesIO):
            data = file.getvalue()
        elif fp is not None and hasattr(fp, "getvalue"):
            data = fp.getvalue()
        else:
            return  # a real file object: the tmp_path scan sees it if it matters
    except (OSError, ValueError):
        return
    guard.saw(data, output=by_project, label=_label(file))
