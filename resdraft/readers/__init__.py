"""Readers: one per input format, each returning a `RawDocument`."""

from __future__ import annotations

from pathlib import Path

from resdraft.errors import InputError
from resdraft.model import RawDocument

SUFFIXES = (".docx", ".md", ".markdown", ".txt")


def read_document(path: str | Path, *, encoding: str | None = None) -> RawDocument:
    """Read a .docx, .md or .txt draft, choosing the reader by suffix (and content)."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file")
    suffix = path.suffix.lower()
    if suffix == ".docx" or (suffix not in SUFFIXES and _starts_with_zip(path)):
        from resdraft.readers.docx import read_docx

        return read_docx(path)
    if suffix == ".doc":
        raise InputError(path, "legacy Word .doc format is not supported", "save it as .docx in Word")
    from resdraft.readers.markdown import read_markdown, read_plaintext

    if suffix == ".txt":
        return read_plaintext(path, encoding=encoding)
    return read_markdown(path, encoding=encoding)


def _starts_with_zip(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False
