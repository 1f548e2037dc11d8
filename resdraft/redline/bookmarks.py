"""One definition per bookmark name when a copied stretch of NEW brings a bookmark OLD has too.

A sentence moved to another paragraph is written as a deletion here and a
copy of NEW's XML there; its bookmark then exists twice, which Word and the
schema's rules forbid. A bookmark cannot be tracked, so one of the two must
go: the old one when all its text is deleted (accept-all then has the
bookmark where NEW has it, and REF fields find the moved text), otherwise
the copy (the bookmark stays on text that stays).
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from resdraft.ooxml.namespaces import qn

__all__ = ["keep_one_bookmark"]

_START = qn("w:bookmarkStart")
_END = qn("w:bookmarkEnd")
_TEXT = (qn("w:t"), qn("w:delText"), qn("w:drawing"))
_GONE = frozenset(qn(t) for t in ("w:del", "w:moveFrom"))


def _end_of(root: etree._Element, start: etree._Element) -> etree._Element | None:
    bid = start.get(qn("w:id"))
    return next((e for e in root.iter(_END) if e.get(qn("w:id")) == bid), None)


def _all_deleted(root: etree._Element, start: etree._Element, end: etree._Element) -> bool:
    """Whether the bookmark encloses text and every character of it is inside a deletion."""
    inside = False
    shown = 0
    for el in root.iter(_START, _END, *_TEXT):
        if el is start:
            inside = True
        elif el is end:
            break
        elif inside and el.tag in _TEXT:
            if not any(a.tag in _GONE for a in el.iterancestors()):
                return False
            shown += 1
    return shown > 0


def _remove(root: etree._Element, start: etree._Element) -> None:
    end = _end_of(root, start)
    for el in (start, end):
        if el is not None and el.getparent() is not None:
            el.getparent().remove(el)


def keep_one_bookmark(root: etree._Element, copied: Sequence[etree._Element]) -> None:
    """For each copied bookmark start whose name OLD's part already defines, remove one of the two."""
    for start in copied:
        if start.getparent() is None:
            continue
        name = start.get(qn("w:name"))
        old = next((b for b in root.iter(_START) if b.get(qn("w:name")) == name and b is not start), None)
        if old is None:
            continue
        old_end = _end_of(root, old)
        if old_end is not None and _all_deleted(root, old, old_end):
            _remove(root, old)
        else:
            _remove(root, start)
