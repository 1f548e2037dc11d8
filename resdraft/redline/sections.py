"""Section breaks that move: the break of a deleted (or moved-away) paragraph goes to where NEW has it.

A section break lives in a paragraph mark (`w:pPr/w:sectPr`). When OLD's
holder H is deleted and NEW has the same break on the paragraph Q just
before it, deleting H's mark would lose the break (accept merges H into the
next paragraph, which takes the next section's page setup: the portrait
part becomes landscape). Instead the deletion is recorded as Word records
"delete from the end of Q to the end of H's text" (`mark_shift`): Q's mark
is deleted and H's mark stays, holding the break, with Q's properties.
When Q sits in a block content control and H after it, H goes into the
control right after Q (a mark cannot merge across the control's end).
Accept: Q's text with the break, as in NEW; reject: Q and H as in OLD.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from resdraft.ooxml.namespaces import qn
from resdraft.ooxml.revisions import mark_revision
from resdraft.redline.mark_shift import shift_mark_deletion

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["has_section", "move_section_breaks"]

_P = qn("w:p")
_PPR = qn("w:pPr")
_SECT = qn("w:sectPr")
_BODY = qn("w:body")
_SDT_CONTENT = qn("w:sdtContent")


def has_section(p: etree._Element) -> bool:
    """Whether the paragraph mark of `p` holds a section break."""
    return p.find(f"{_PPR}/{_SECT}") is not None


def _next_paragraph(p: etree._Element) -> etree._Element | None:
    """The paragraph right after `p` in the body, across block content control boundaries only."""
    el: etree._Element | None = p
    while el is not None:
        nxt = el.getnext()
        while nxt is not None and nxt.tag != _P and not _is_control(nxt):
            if nxt.tag == qn("w:tbl"):
                return None
            nxt = nxt.getnext()
        if nxt is not None:
            while _is_control(nxt):
                content = nxt.find(_SDT_CONTENT)
                first = content[0] if content is not None and len(content) else None
                if first is None:
                    return None
                nxt = first
            return nxt if nxt.tag == _P else None
        parent = el.getparent()
        if parent is None or parent.tag != _SDT_CONTENT:
            return None
        el = parent.getparent()  # out of the control
    return None


def _is_control(el: etree._Element) -> bool:
    return el.tag == qn("w:sdt") and el.getparent() is not None and el.getparent().tag in (_BODY, _SDT_CONTENT)


def move_section_breaks(gains: Iterable[etree._Element], revision: Callable[[str], etree._Element]) -> int:
    """For each paragraph Q that NEW gives a section break, take the break of the deleted paragraph after it.

    `revision(tag)` makes a revision element (`w:del`, `w:pPrChange`) with a
    fresh id, author and date. Returns how many breaks moved; a Q whose next
    paragraph is not a deleted holder is left alone.
    """
    moved = 0
    for q in gains:
        h = _next_paragraph(q)
        if h is None or has_section(q) or not has_section(h) or mark_revision(h) != "del" or mark_revision(q):
            continue
        parent = h.getparent()
        if parent is not q.getparent() and parent is not None and parent.tag == _SDT_CONTENT and len(parent) == 1:
            continue  # H alone in its control: moving it out would empty the control
        shift_mark_deletion(q, h, revision)
        if h.getparent() is not q.getparent():
            q.addnext(h)
        moved += 1
    return moved
