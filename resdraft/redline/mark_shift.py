"""A deleted paragraph's mark recorded on the paragraph before it: "delete from the end of Q to the end of H".

Deleting paragraph H (its text and its mark) after a kept paragraph Q can
be written two ways that mean the same: H's mark deleted, or Q's mark
deleted with H's mark kept (accept then merges Q's text into H's
paragraph). The second keeps what H's mark holds, a section break
(`sections`), and LibreOffice (7.4) reads it where it loses the first: it
drops the deletion of the mark of a paragraph that holds an endnote
reference (accept then leaves an empty paragraph). So that the
merged paragraph keeps Q's own formatting, H's mark takes Q's paragraph
properties, with H's old ones in a `w:pPrChange`.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from lxml import etree

from resdraft.ooxml.build import w_el
from resdraft.ooxml.namespaces import qn
from resdraft.ooxml.order import ordered_ppr
from resdraft.ooxml.revisions import mark_paragraph, mark_revision, unmark_paragraph

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["can_shift", "shift_endnote_holders", "shift_mark_deletion"]

_PPR = qn("w:pPr")
_RPR = qn("w:rPr")
_SECT = qn("w:sectPr")
_PPR_CHANGE = qn("w:pPrChange")
_KEEP_OUT = (_RPR, _SECT, _PPR_CHANGE)  # not paragraph properties a w:pPrChange records


def _properties(p: etree._Element) -> list[etree._Element]:
    ppr = p.find(_PPR)
    return [copy.deepcopy(c) for c in ppr if c.tag not in _KEEP_OUT] if ppr is not None else []


def can_shift(q: etree._Element, h: etree._Element) -> bool:
    """Whether H's deleted mark can be recorded on Q: Q kept, unmarked, without a break or a change of its own."""
    ppr = q.find(_PPR)
    return (mark_revision(h) == "del" and mark_revision(q) is None
            and (ppr is None or (ppr.find(_SECT) is None and ppr.find(_PPR_CHANGE) is None))
            and h.find(f"{_PPR}/{_PPR_CHANGE}") is None)


def shift_mark_deletion(q: etree._Element, h: etree._Element, revision: Callable[[str], etree._Element]) -> None:
    """Delete Q's mark instead of H's; H's mark takes Q's properties (H's own in a `w:pPrChange`).

    `revision(tag)` makes a revision element with a fresh id, author and date.
    """
    old_props = _properties(h)
    new_props = _properties(q)
    gone = unmark_paragraph(h)

    def same_as_gone(tag: str) -> etree._Element:  # the deletion keeps its author and date
        el = revision(tag)
        for name in ("w:author", "w:date"):
            if gone is not None and gone.get(qn(name)) is not None:
                el.set(qn(name), gone.get(qn(name)) or "")
        return el

    h_ppr = h.find(_PPR)
    if h_ppr is None:
        h_ppr = w_el("w:pPr")
        h.insert(0, h_ppr)
    for child in list(h_ppr):
        if child.tag not in (_RPR, _SECT):
            h_ppr.remove(child)
    for child in reversed(new_props):
        h_ppr.insert(0, child)
    h_rpr = h_ppr.find(_RPR)
    if h_rpr is not None:
        h_ppr.remove(h_rpr)
    q_rpr = q.find(f"{_PPR}/{_RPR}")
    if q_rpr is not None:
        h_ppr.insert(len(new_props), copy.deepcopy(q_rpr))
    if [etree.tostring(c) for c in old_props] != [etree.tostring(c) for c in new_props]:
        change = same_as_gone("w:pPrChange")
        old = w_el("w:pPr")
        old.extend(old_props)
        change.append(old)
        h_ppr.append(change)
    if not len(h_ppr):
        h.remove(h_ppr)
    else:
        ordered_ppr(h_ppr)  # Q's properties may come in a converter's order: the schema's, here
    mark_paragraph(q, same_as_gone("w:del"))


_P = qn("w:p")
_ENDNOTE_REF = qn("w:endnoteReference")


def shift_endnote_holders(deleted: Iterable[etree._Element], revision: Callable[[str], etree._Element]) -> int:
    """Record the deleted mark of each of `deleted` that holds an endnote reference on the kept paragraph before it.

    `deleted`: the paragraphs this plan deleted or moved away (never another
    author's earlier revisions). Only where the paragraph before is a direct
    sibling and `can_shift` allows it, and H holds no section break
    (`sections` places those). Returns how many.
    """
    shifted = 0
    for h in deleted:
        if h.find(f".//{_ENDNOTE_REF}") is None or h.find(f"{_PPR}/{_SECT}") is not None:
            continue
        q = h.getprevious()
        if q is None or q.tag != _P or not can_shift(q, h):
            continue
        shift_mark_deletion(q, h, revision)
        shifted += 1
    return shifted
