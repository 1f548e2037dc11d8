"""Comments wholly inside a tracked deletion or insertion: their range ends after their reference mark.

Word writes a commented range as start, text, end, then the run holding the
comment reference. LibreOffice (7.4) anchors such a comment at the range
end, outside the revision, so accepting the deletion (or rejecting the
insertion) of the whole commented text keeps the comment, emptied. With the
range end moved just after the reference run, inside the same revision,
LibreOffice removes the comment with its text; Word reads the range as
before (the reference mark joins it).
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from resdraft.ooxml.namespaces import qn

__all__ = ["end_ranges_after_references", "references_after"]

_P = qn("w:p")
_REF = qn("w:commentReference")
_START = qn("w:commentRangeStart")
_END = qn("w:commentRangeEnd")
_TEXT = (qn("w:t"), qn("w:delText"), qn("w:drawing"), qn("w:instrText"), qn("w:delInstrText"))


def _inside(el: etree._Element, kinds: frozenset[str]) -> bool:
    return any(a.tag in kinds for a in el.iterancestors())


def end_ranges_after_references(revisions: Iterable[etree._Element]) -> None:
    """For each comment referenced inside `revisions` (w:del or w:ins) whose range text is all of that kind."""
    for revision in revisions:
        kinds = frozenset({revision.tag})
        p = next(revision.iterancestors(_P), None)
        if p is None:
            continue
        for ref in list(revision.iter(_REF)):
            cid = ref.get(qn("w:id"))
            run = ref.getparent()
            start = next((s for s in p.iter(_START) if s.get(qn("w:id")) == cid), None)
            end = next((e for e in p.iter(_END) if e.get(qn("w:id")) == cid), None)
            if start is None or end is None or run is None:
                continue
            order = {el: k for k, el in enumerate(p.iter())}
            if not order[start] < order[end] < order[run]:
                continue
            between = [t for t in p.iter(*_TEXT) if order[start] < order[t] < order[run]]
            if not between or not all(_inside(t, kinds) for t in between):
                continue
            end.getparent().remove(end)
            run.addnext(end)


def references_after(runs: list[etree._Element]) -> list[etree._Element]:
    """The comment reference runs just after `runs` (past range ends) whose commented text is all in `runs`.

    Deleted text that ends where a commented range ends takes the comment: its
    reference run shows no text, so the word diff leaves it outside the span.
    """
    if not runs:
        return []
    last = runs[-1]
    p = next(last.iterancestors(_P), None)
    if p is None or last.getparent() is None:
        return []
    chosen = set(runs)
    out: list[etree._Element] = []
    nxt = last.getnext()
    while nxt is not None and (nxt.tag in (_END, qn("w:bookmarkEnd")) or nxt.find(_REF) is not None):
        ref = nxt.find(_REF)
        if nxt.tag == qn("w:r") and ref is not None:
            cid = ref.get(qn("w:id"))
            start = next((s for s in p.iter(_START) if s.get(qn("w:id")) == cid), None)
            end = next((e for e in p.iter(_END) if e.get(qn("w:id")) == cid), None)
            if start is None or end is None:
                break
            order = {el: k for k, el in enumerate(p.iter())}
            between = [t for t in p.iter(*_TEXT) if order[start] < order[t] < order[end]]
            if not between or not all(next(t.iterancestors(qn("w:r")), None) in chosen for t in between):
                break
            out.append(nxt)
        nxt = nxt.getnext()
    return out
