"""Comments and footnotes of a .docx as the reader gives them: text, display numbers, the first number.

Word stores a footnote's id, not its number: the number shown is the order
of first reference, from the section's (or the settings') `w:numStart`.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from resdraft.model import Location, RawFootnote
from resdraft.ooxml.namespaces import qn
from resdraft.ooxml.props import as_int, find_path, w_attr
from resdraft.ooxml.styles import Styles
from resdraft.readers.docx_text import join, read_blocks, strip

__all__ = ["footnote_start", "read_comments", "read_footnotes"]

_SEPARATOR_TYPES = frozenset({"separator", "continuationSeparator", "continuationNotice"})


def read_comments(root: etree._Element | None, styles: Styles) -> dict[int, str]:
    """Comment text by comment id (paragraphs joined with newlines, trimmed); {} without a comments part."""
    comments: dict[int, str] = {}
    if root is None:
        return comments
    for comment in root.iterchildren(qn("w:comment")):
        cid = as_int(w_attr(comment, "id"))
        if cid is None:
            continue
        paras = list(comment.iter(qn("w:p")))
        comments[cid] = join([block for _, block in read_blocks(paras, styles)]).text.strip()
    return comments


def read_footnotes(
    root: etree._Element | None, styles: Styles, path: str, number_of: Callable[[int], int]
) -> list[RawFootnote]:
    """Footnotes in display-number order; `number_of` maps an xml id to its display number."""
    footnotes: list[RawFootnote] = []
    if root is None:
        return footnotes
    real = [
        el
        for el in root.iterchildren(qn("w:footnote"))
        if w_attr(el, "type") not in _SEPARATOR_TYPES and as_int(w_attr(el, "id")) is not None
    ]
    seen: set[int] = set()
    for index, el in enumerate(real):
        xml_id = as_int(w_attr(el, "id"))
        assert xml_id is not None
        if xml_id in seen:
            continue
        seen.add(xml_id)
        paras = list(el.iter(qn("w:p")))
        content = strip(join([block for _, block in read_blocks(paras, styles)]))
        footnotes.append(
            RawFootnote(
                number=number_of(xml_id),
                text=content.text,
                emphasis=content.emphasis,
                location=Location(path=path, part="footnotes", index=index),
                xml_id=xml_id,
            )
        )
    return sorted(footnotes, key=lambda f: f.number)


def footnote_start(document: etree._Element, settings: etree._Element | None) -> int:
    """The number of the first footnote: `w:footnotePr/w:numStart` of the body's section, else of the
    settings, else 1 (an annex excerpted from a report may start its notes at 10)."""
    for holder in (find_path(document, "w:body", "w:sectPr", "w:footnotePr"), find_path(settings, "w:footnotePr")):
        start = as_int(w_attr(find_path(holder, "w:numStart")))
        if start is not None and 0 <= start <= 10_000:
            return start
    return 1
