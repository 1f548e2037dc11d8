"""Readers: one per input format, each returning a `RawDocument`.

`read_document` is the one entry point every command uses. Before any reader
runs it looks at what the file really is (`sniff`), so a renamed, truncated,
encrypted or legacy file is refused with a message that names it and says what
to do, and it holds every reader to the input `Limits` before the grammar
sees a single paragraph.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from resdraft.errors import InputError
from resdraft.gcpause import collector_paused
from resdraft.limits import Limits, default_limits
from resdraft.model import RawDocument
from resdraft.sniff import refuse, sniff

if TYPE_CHECKING:
    from resdraft.ooxml.package import Package

__all__ = ["SUFFIXES", "check_limits", "read_document"]

SUFFIXES = (".docx", ".md", ".markdown", ".txt")
_DOCX_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")
_TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".text")


@collector_paused()  # millions of small objects, none in a cycle: see gcpause
def read_document(path: str | Path, *, encoding: str | None = None, limits: Limits | None = None,
                  opened: dict[str, Package] | None = None) -> RawDocument:
    """Read a .docx, .md or .txt draft, choosing the reader by suffix and content.

    `limits` defaults to `limits.default_limits()` (the defaults, tightened or
    raised by `RESDRAFT_MAX_*` environment variables). Every problem with the
    file is an `InputError` whose message is one line: the file, the problem
    and what to do. `opened` receives the package of a .docx, left open (`read_docx`).
    """
    path = Path(path)
    limits = limits if limits is not None else default_limits()
    sniffed = sniff(path)
    suffix = path.suffix.lower()
    if sniffed.kind in ("empty", "ole"):
        error = refuse(path, sniffed, "docx")
        assert error is not None  # refuse() names every empty and OLE file
        raise error
    is_zip = sniffed.kind == "zip"
    if suffix in _DOCX_SUFFIXES or (is_zip and suffix not in _TEXT_SUFFIXES):
        error = refuse(path, sniffed, "docx")
        if error is not None:
            raise error
        from resdraft.readers.docx import read_docx

        document = read_docx(path, limits=limits, opened=opened)
    elif suffix == ".doc":
        if sniffed.kind == "rtf":
            raise InputError(path, "an RTF file with a .doc name, which resdraft cannot read",
                             "open it in Word or LibreOffice and save it as a Word .docx document")
        raise InputError(path, "legacy Word .doc format is not supported", "save it as .docx in Word")
    else:
        error = refuse(path, sniffed, "text")
        if error is not None:
            raise error
        from resdraft.readers.markdown import read_markdown, read_plaintext

        reader = read_plaintext if suffix in (".txt", ".text") else read_markdown
        document = reader(path, encoding=encoding, limits=limits)
        if not any(p.text.strip() for p in document.paragraphs) and not document.footnotes:
            raise InputError(path, "no text: the file holds only white space",
                             "the draft was not saved or not copied completely; save or send it again")
    check_limits(document, limits)
    return document


def check_limits(document: RawDocument, limits: Limits) -> None:
    """Refuse a document with more paragraphs, or a longer paragraph, than `limits` allow.

    The readers check as they go; this is the backstop that holds every
    reader, present and future, to the same limits before anything is parsed.
    """
    # the messages live with the Markdown reader, imported only to raise one (a .docx lint never needs it)
    if len(document.paragraphs) + len(document.footnotes) > limits.max_paragraphs:
        from resdraft.readers.markdown import too_many_paragraphs

        raise too_many_paragraphs(document.path, limits)
    for paragraph in document.paragraphs:
        if len(paragraph.text) > limits.max_paragraph_chars:
            from resdraft.readers.markdown import paragraph_too_long

            where = f"line {paragraph.location.line}" if paragraph.location.line else (
                f"position {paragraph.location.index}")
            raise paragraph_too_long(document.path, limits, len(paragraph.text), where)
    for footnote in document.footnotes:
        if len(footnote.text) > limits.max_paragraph_chars:
            from resdraft.readers.markdown import paragraph_too_long

            raise paragraph_too_long(document.path, limits, len(footnote.text), f"footnote {footnote.number}")
