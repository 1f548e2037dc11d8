"""Read a Word .docx draft into a `RawDocument`, as a reader sees it with all changes accepted.

The package is opened with the floor's `ooxml.package.Package` (limits, safe
parser), so this module needs no python-docx (whose `Paragraph.text` misses
text inside `w:ins`). What Word computes rather than stores is recomputed on
the floor: the numbers of automatically numbered paragraphs
(`ooxml.numbering`), effective italic/bold through styles (`ooxml.styles`);
footnote display numbers (order of first reference) in `docx_notes`, text
assembly in `docx_text`. This module is the entry that puts them together.
"""

from __future__ import annotations

import os
from contextlib import nullcontext

from resdraft.errors import InputError
from resdraft.gcpause import collector_paused
from resdraft.limits import Limits, default_limits
from resdraft.model import Diagnostic, FootnoteRef, Location, RawDocument, RawParagraph
from resdraft.ooxml.namespaces import STRICT_W_NS, qn
from resdraft.ooxml.numbering import Numbering, format_number, paragraph_numbering
from resdraft.ooxml.package import Package
from resdraft.ooxml.paragraphs import body_paragraphs, comment_ids
from resdraft.ooxml.refusals import SAVE_AS_DOCX
from resdraft.ooxml.revisions import count_revisions, has_text_revisions, paragraph_revisions
from resdraft.ooxml.styles import heading_level
from resdraft.readers.docx_notes import footnote_start, read_comments, read_footnotes
from resdraft.readers.docx_text import read_blocks

# `DocxPackage` is the floor's `Package` (the reader's old name); the rest are re-exported for old imports.
DocxPackage = Package

__all__ = ["DocxPackage", "Numbering", "format_number", "heading_level", "paragraph_numbering",
           "paragraph_revisions", "read_docx"]


@collector_paused()  # millions of small objects, none in a cycle: see gcpause
def read_docx(path: str | os.PathLike[str], *, limits: Limits | None = None,
              opened: dict[str, Package] | None = None) -> RawDocument:
    """Read a .docx draft as it reads with all tracked changes accepted.

    Paragraph `Location.index` is the position of the paragraph's first
    `w:p` in `ooxml.body_paragraphs(document)`. Raises `InputError` for a
    file that is not a readable .docx, `LimitExceeded` (an `InputError`) for
    one larger than `limits` (default: `limits.default_limits()`).
    With `opened`, the package is left open there under `os.fspath(path)`, its parts parsed and
    unchanged, for a caller that reads the file's XML next (compare: no second parse of each part).
    """
    str_path = os.fspath(path)
    limits = limits if limits is not None else default_limits()
    pkg = Package(path, limits)
    if opened is not None:
        opened[str_path] = pkg
    with pkg if opened is None else nullcontext(pkg):
        document = pkg.xml(pkg.main_part)
        assert document is not None  # the package checked the part exists
        if document.tag != qn("w:document"):
            if document.tag == f"{{{STRICT_W_NS}}}document":
                raise InputError(
                    str_path,
                    "saved in Strict Open XML format, which resdraft cannot read",
                    "in Word, save it as Word Document, not Strict Open XML Document",
                )
            raise InputError(str_path, f"{pkg.main_part} is not a WordprocessingML document", SAVE_AS_DOCX)
        styles = pkg.styles()
        numbering = Numbering(pkg.related_xml("/numbering", "word/numbering.xml"), styles)
        footnotes_root = pkg.related_xml("/footnotes", "word/footnotes.xml")
        comments = read_comments(pkg.related_xml("/comments", "word/comments.xml"), styles)
        first_footnote = footnote_start(document, pkg.related_xml("/settings", "word/settings.xml")
                                         if footnotes_root is not None else None)

    diagnostics: list[Diagnostic] = []
    footnote_numbers: dict[int, int] = {}

    def number_of(xml_id: int) -> int:
        if xml_id not in footnote_numbers:
            footnote_numbers[xml_id] = len(footnote_numbers) + first_footnote
        return footnote_numbers[xml_id]

    paras = body_paragraphs(document)
    if len(paras) > limits.max_paragraphs:
        from resdraft.readers.markdown import too_many_paragraphs

        raise too_many_paragraphs(str_path, limits)
    paragraphs: list[RawParagraph] = []
    revised = has_text_revisions(document)
    undefined_lists: set[str] = set()
    heading_cache: dict[str | None, int | None] = {}
    style_numbering: dict[str | None, tuple[str | None, int | None]] = {}
    for group, content in read_blocks(paras, styles):
        head = paras[group[0]]
        if len(content.text) > limits.max_paragraph_chars:
            from resdraft.readers.markdown import paragraph_too_long

            raise paragraph_too_long(str_path, limits, len(content.text), f"position {group[0]}")
        style_id = styles.paragraph_style_id(head)
        location = Location(path=str_path, part="document", index=group[0])
        auto_number = None
        list_level = None
        numbered = paragraph_numbering(head, styles, numbering, style_numbering)
        if numbered is not None:
            auto_number = numbering.next_label(*numbered)
            list_level = numbered[1] if auto_number else None
            if not numbering.defines(numbered[0]) and numbered[0] not in undefined_lists:
                undefined_lists.add(numbered[0])
                diagnostics.append(
                    Diagnostic(
                        code="numbering-undefined",
                        message=f"paragraph uses list numId {numbered[0]}, which numbering.xml does not"
                        " define; Word shows no number",
                        location=location,
                        severity="warning",
                    )
                )
        paragraphs.append(
            RawParagraph(
                text=content.text,
                emphasis=content.emphasis,
                footnote_refs=[FootnoteRef(number_of(fid), off) for fid, off in content.refs],
                auto_number=auto_number,
                style=styles.name(style_id),
                heading_level=heading_level(head, styles, style_id, heading_cache),
                location=location,
                comments=[comments[c] for c in comment_ids(paras[i] for i in group) if c in comments]
                if comments else [],  # no comments part: no anchor to look for
                list_level=list_level,
                revisions=paragraph_revisions([paras[i] for i in group], styles) if revised else [],
            )
        )

    footnotes = read_footnotes(footnotes_root, styles, str_path, number_of)
    revisions = count_revisions(document) + count_revisions(footnotes_root)
    if revisions:
        diagnostics.insert(
            0,
            Diagnostic(
                code="tracked-changes",
                message=f"the document has tracked changes: read as if all {revisions} tracked changes"
                " were accepted",
                location=Location(path=str_path, part="document"),
                severity="info",
            ),
        )
    return RawDocument(
        path=str_path,
        format="docx",
        paragraphs=paragraphs,
        footnotes=footnotes,
        diagnostics=diagnostics,
        had_tracked_changes=revisions > 0,
    )
