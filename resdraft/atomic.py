"""Write output files atomically, never over an input, never over an existing file by accident.

A facilitator's draft is the only copy that matters: a crash half-way must not
leave a truncated file, a typo in `-o` must not overwrite the OLD draft, and an
existing file is replaced only when the user says `--force`. Every command that
writes a file goes through `write_bytes` / `atomic_output`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from resdraft.errors import UsageError

__all__ = ["atomic_output", "check_output", "write_bytes"]


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def check_output(out: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = (), *,
                 force: bool = False) -> Path:
    """Refuse an output that is one of the inputs, or that exists without `force`; return it as a Path."""
    path = Path(out)
    for given in inputs:
        if _same_file(path, Path(given)):
            raise UsageError(f"{path}: the output would overwrite an input; choose another file with -o")
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; give a file name with -o")
    if path.exists() and not force:
        raise UsageError(f"{path}: already exists (use --force to replace it)")
    if not path.parent.exists():
        raise UsageError(f"{path.parent}: no such folder")
    return path


@contextlib.contextmanager
def atomic_output(out: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = (), *,
                  force: bool = False) -> Iterator[Path]:
    """Yield a temporary path in OUT's folder; on success move it onto OUT in one step.

    The temporary file lives in the same folder so that the final `os.replace`
    (or `os.link` without `force`, which also refuses a file created meanwhile)
    is a rename on one file system: readers see the old file or the new one,
    never half of it. On an exception the temporary file is removed.
    """
    inputs = list(inputs)
    path = check_output(out, inputs, force=force)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if OUT appeared since the check
            except FileExistsError:
                raise UsageError(f"{path}: already exists (use --force to replace it)") from None
            except OSError:  # a file system without hard links
                if path.exists():
                    raise UsageError(f"{path}: already exists (use --force to replace it)") from None
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_bytes(out: str | os.PathLike[str], data: bytes, inputs: Iterable[str | os.PathLike[str]] = (), *,
                force: bool = False) -> Path:
    """Write `data` to `out` atomically (see `atomic_output`) and return the path."""
    with atomic_output(out, inputs, force=force) as tmp, open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return Path(out)
