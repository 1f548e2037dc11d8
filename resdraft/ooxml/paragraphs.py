"""Which `w:p` make the paragraphs of a part: body order (the `Location.index` contract), deleted marks, comments."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lxml import etree

from resdraft.ooxml.namespaces import qn
from resdraft.ooxml.props import as_int, child, find_path, w_attr
from resdraft.ooxml.styles import Styles
from resdraft.ooxml.visible import iter_visible_runs, rpr_marks_deleted

__all__ = ["body_paragraphs", "comment_ids", "is_removed", "logical_paragraphs", "paragraph_mark_deleted"]

_PPR_TAG = qn("w:pPr")
_RPR_TAG = qn("w:rPr")


def body_paragraphs(document: etree._Element) -> list[etree._Element]:
    """Every `w:p` of the body in document order, table cells and text boxes included.

    A paragraph's position in this list is `Location.index` (part "document").
    """
    body = document.find(qn("w:body"))
    return list(body.iter(qn("w:p"))) if body is not None else []


def paragraph_mark_deleted(p: etree._Element) -> bool:
    """True when the paragraph mark itself is a tracked deletion (or moved away)."""
    ppr = child(p, _PPR_TAG)
    return ppr is not None and rpr_marks_deleted(child(ppr, _RPR_TAG))


def is_removed(p: etree._Element) -> bool:
    """True for a `w:p` that is not part of the accepted text at all.

    That is a paragraph in a tracked-deleted table row, or the duplicate copy
    of a text box kept in an `mc:Fallback` (the `mc:Choice` copy is read).
    """
    for anc in p.iterancestors():
        tag = anc.tag
        if tag == _FALLBACK:
            return True
        if tag == _TR and find_path(anc, "w:trPr", "w:del") is not None:
            return True
    return False


_FALLBACK = qn("mc:Fallback")
_TR = qn("w:tr")


_CONTAINERS = frozenset(
    qn(t)
    for t in ("w:body", "w:tc", "w:txbxContent", "w:footnote", "w:endnote", "w:comment", "w:hdr", "w:ftr")
)


def _container(p: etree._Element) -> etree._Element | None:
    for anc in p.iterancestors():
        if anc.tag in _CONTAINERS:
            return anc
    return None


def logical_paragraphs(paras: Sequence[etree._Element], styles: Styles | None = None) -> list[list[int]]:
    """Group `w:p` positions into the paragraphs that remain once all changes are accepted.

    A paragraph whose mark is deleted runs on into the next paragraph of the
    same container (body, table cell, text box, footnote), as Word does on
    accept, so such `w:p` are grouped with the following ones. Leading
    members that then show nothing (a wholly deleted paragraph) are dropped,
    so the group starts at the first `w:p` with visible content; its position
    is the paragraph's `Location.index` and its properties (style, numbering)
    are the paragraph's. Paragraphs removed entirely (`is_removed`, or a lone
    deleted empty paragraph) appear in no group.
    """
    alive = [i for i, p in enumerate(paras) if not is_removed(p)]
    marked = {i for i in alive if paragraph_mark_deleted(paras[i])}
    groups: list[list[int]] = []
    current: list[int] = []
    for pos, i in enumerate(alive):
        current.append(i)
        nxt = alive[pos + 1] if pos + 1 < len(alive) else None
        # containers only matter where a mark is deleted: found then, not for every paragraph
        if i in marked and nxt is not None and _container(paras[nxt]) is _container(paras[i]):
            continue
        groups.append(current)
        current = []
    if current:
        groups.append(current)

    def shows_something(i: int) -> bool:
        return next(iter_visible_runs(paras[i], styles), None) is not None

    out: list[list[int]] = []
    for group in groups:
        first = 0
        while first < len(group) - 1 and not shows_something(group[first]):
            first += 1
        group = group[first:]  # one slice: a run of 100,000 deleted paragraphs must not cost 100,000 copies
        if len(group) == 1 and group[0] in marked and not shows_something(group[0]):
            continue
        out.append(group)
    return out


def comment_ids(elements: Iterable[etree._Element]) -> list[int]:
    """`w:id`s of comments anchored (range start or reference mark) in the given elements, in order."""
    ids: dict[int, None] = {}  # ordered and O(1) to test, however many anchors a paragraph has
    tags = (qn("w:commentRangeStart"), qn("w:commentReference"))
    for el in elements:
        for anchor in el.iter(*tags):
            cid = as_int(w_attr(anchor, "id"))
            if cid is not None:
                ids.setdefault(cid, None)
    return list(ids)
