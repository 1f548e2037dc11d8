"""Whole-paragraph tracking: every run of a paragraph inside one revision, whatever the run holds.

A paragraph is more than its visible text: runs that hold only a drawing,
a footnote or endnote reference, field characters and instructions, and
runs inside hyperlinks, simple fields and content controls. Deleting or
inserting "the paragraph" must take all of them, or accept-all leaves a
phantom note, an orphan image or a half field behind. `content_runs` finds
them (not descending into runs, so a text box inside a drawing goes with
its run); `wrap_runs` puts each stretch of sibling runs into one revision
element, inside the hyperlink or content control that holds it (the schema
allows `w:ins`/`w:del` there, not around a `w:hyperlink`).

A `w:fldSimple` cannot be deleted as such (its instruction is an attribute),
so it is first rewritten as the equivalent complex field
(`fldsimple_to_complex`): begin, `w:instrText`, separate, the result runs,
end; the instruction then becomes `w:delInstrText` with the rest.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from lxml import etree

from resdraft.ooxml import make_text, qn, to_deleted, w_el

__all__ = ["content_runs", "fill_between", "fldsimple_to_complex", "lift_controls", "trailing_note_runs", "wrap_runs"]

_R = qn("w:r")
_RPR = qn("w:rPr")
_FLD_SIMPLE = qn("w:fldSimple")
#: Containers whose runs belong to the paragraph (walked into).
_INLINE_CONTAINERS = frozenset(qn(t) for t in ("w:hyperlink", "w:sdt", "w:sdtContent", "w:smartTag", "w:customXml",
                                               "w:fldSimple", "w:dir", "w:bdo"))
#: Revision containers: their runs already carry a revision (another author's, or ours).
_REVISIONS = frozenset(qn(t) for t in ("w:ins", "w:del", "w:moveFrom", "w:moveTo"))


def fldsimple_to_complex(root: etree._Element) -> int:
    """Rewrite every `w:fldSimple` under `root` as a complex field (same instruction and result); return how many."""
    count = 0
    for fld in list(root.iter(_FLD_SIMPLE)):
        parent = fld.getparent()
        if parent is None:
            continue
        result = [c for c in fld]
        rpr = next((r.find(_RPR) for r in fld.iter(_R) if r.find(_RPR) is not None), None)

        def char_run(kind: str, rpr: etree._Element | None = rpr, fld: etree._Element = fld) -> etree._Element:
            run = w_el("w:r")
            if rpr is not None:
                run.append(copy.deepcopy(rpr))
            attrs = {"w:fldCharType": kind}
            if kind == "begin":
                for name in ("w:fldLock", "w:dirty"):
                    if fld.get(qn(name)) is not None:
                        attrs[name] = fld.get(qn(name)) or ""
            run.append(w_el("w:fldChar", attrs))
            return run

        instr = w_el("w:r")
        if rpr is not None:
            instr.append(copy.deepcopy(rpr))
        instr.append(make_text(" " + (fld.get(qn("w:instr")) or "").strip() + " ", "w:instrText"))
        pieces = [char_run("begin"), instr, char_run("separate"), *result, char_run("end")]
        anchor = fld
        for piece in pieces:
            anchor.addnext(piece)
            anchor = piece
        pieces[-1].tail = fld.tail
        parent.remove(fld)
        count += 1
    return count


def content_runs(container: etree._Element) -> list[etree._Element]:
    """The `w:r` of a paragraph (or of any inline container) that carry no revision yet, in document order."""
    out: list[etree._Element] = []
    for node in container:
        tag = node.tag
        if tag == _R:
            out.append(node)
        elif tag in _INLINE_CONTAINERS:
            out.extend(content_runs(node))
        # pPr, revisions (w:ins/w:del/moves), bookmarks, comment ranges, proofErr, math: not runs of ours
    return out


def wrap_runs(runs: list[etree._Element], factory: Callable[[], etree._Element], *, deleted: bool) -> list[
        etree._Element]:
    """Wrap runs in revision elements from `factory`, one per stretch of adjacent siblings; return the wrappers.

    With `deleted`, run text becomes `w:delText` and instructions `w:delInstrText`.
    """
    wrappers: list[etree._Element] = []
    current: etree._Element | None = None
    for run in runs:
        if deleted:
            to_deleted(run)
        if current is None or current.getnext() is not run:
            current = factory()
            run.addprevious(current)
            wrappers.append(current)
        tail = run.tail
        current.append(run)
        run.tail = None
        if tail:
            current.tail = (current.tail or "") + tail
    return wrappers


_FLD_CHAR = qn("w:fldChar")
_INSTR = qn("w:instrText")
_ENDNOTE_REF = qn("w:endnoteReference")
_P = qn("w:p")


def _field_spans(runs: list[etree._Element]) -> list[tuple[int, int]]:
    """(begin, end) positions in `runs` of each complete complex field (nested ones too)."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    for k, run in enumerate(runs):
        for char in run.iter(_FLD_CHAR):
            kind = char.get(qn("w:fldCharType"))
            if kind == "begin":
                stack.append(k)
            elif kind == "end" and stack:
                spans.append((stack.pop(), k))
    return spans


def fill_between(runs: list[etree._Element], *, whole_fields: bool = False) -> list[etree._Element]:
    """`runs` plus the runs that show no text between them: note references, drawings, whole fields.

    A deleted span of text takes what stands inside it, or accept-all keeps an
    endnote mark, an image or a field with nothing around it. A field only
    partly inside the span is left alone (its characters are not taken), so
    no field is ever cut in two. With `whole_fields`, a field whose shown
    result lies inside the span is taken whole (`_whole_fields`).
    """
    if len(runs) < 2:
        return runs
    by_para: dict[etree._Element, list[etree._Element]] = {}
    for run in runs:
        p = next(run.iterancestors(_P), None)
        if p is not None:
            by_para.setdefault(p, []).append(run)
    chosen = set(runs)
    for p, mine in by_para.items():
        if len(mine) < 2:
            continue
        order = content_runs(p)
        where = {run: k for k, run in enumerate(order)}
        ks = [where[r] for r in mine if r in where]
        if len(ks) < 2:
            continue
        lo, hi = _whole_fields(order, min(ks), max(ks)) if whole_fields else (min(ks), max(ks))
        outside = set()  # runs of fields that are not wholly inside [lo, hi]
        for begin, end in _field_spans(order):
            if (lo <= begin <= hi) != (lo <= end <= hi) or (begin < lo and end > hi):
                outside.update(k for k in range(begin, end + 1) if order[k].find(_FLD_CHAR) is not None
                               or order[k].find(qn("w:instrText")) is not None)
        chosen.update(order[k] for k in range(lo, hi + 1) if k not in outside)
    ordered = {run: None for run in runs}
    out = [run for run in _document_order(chosen, by_para) if run in chosen]
    return out if len(out) >= len(ordered) else runs


def _shows(run: etree._Element) -> bool:
    """Whether a run holds more than field characters and instructions (a result's text, a note, a drawing)."""
    return any(c.tag not in (_RPR, _FLD_CHAR, _INSTR) for c in run)


def _whole_fields(order: list[etree._Element], lo: int, hi: int) -> tuple[int, int]:
    """[lo, hi] widened to the whole of each field whose shown result lies inside it.

    A span that ends on a field's last result character ("paragraph 2." with
    "2." a REF result) takes the field: its end character shows nothing, so
    leaving it out would keep (or, copied, lose) the field around text that
    is all deleted (or all inserted).
    """
    spans = _field_spans(order)
    changed = True
    while changed:
        changed = False
        for begin, end in spans:
            if lo <= begin and end <= hi:
                continue
            shown = [k for k in range(begin + 1, end) if _shows(order[k])]
            if shown and lo <= shown[0] and shown[-1] <= hi and (begin < lo or end > hi):
                lo, hi = min(lo, begin), max(hi, end)
                changed = True
    return lo, hi


def _note_only(run: etree._Element) -> bool:
    return run.find(_ENDNOTE_REF) is not None and all(c.tag in (_RPR, _ENDNOTE_REF) for c in run)


def trailing_note_runs(run: etree._Element) -> list[etree._Element]:
    """The runs holding nothing but an endnote reference that directly follow `run` in its paragraph.

    An endnote reference shows no text, so the word diff leaves it out of
    every span; it belongs to the text it follows, and goes with it when
    that text is deleted or copied.
    """
    p = next(run.iterancestors(_P), None)
    if p is None:
        return []
    order = content_runs(p)
    if run not in order:
        return []
    out: list[etree._Element] = []
    for other in order[order.index(run) + 1:]:
        if not _note_only(other):
            break
        out.append(other)
    return out


def _document_order(chosen: set[etree._Element], by_para: dict[etree._Element, list[etree._Element]]) -> list[
        etree._Element]:
    out: list[etree._Element] = []
    for p in by_para:
        out.extend(r for r in content_runs(p) if r in chosen)
    return out


_SDT = qn("w:sdt")
_SDT_CONTENT = qn("w:sdtContent")


def lift_controls(p: etree._Element, factory: Callable[[], etree._Element]) -> None:
    """Put a content control whose whole content is one kind of revision inside that revision instead.

    `w:ins`/`w:del` may hold a run-level `w:sdt`: a deleted control then
    goes on accept (not just its text), an inserted one on reject.
    """
    probe = factory()
    for sdt in list(p.iter(_SDT)):
        content = sdt.find(_SDT_CONTENT)
        parent = sdt.getparent()
        if content is None or parent is None or parent.tag in _REVISIONS or parent.tag == qn("w:body"):
            continue
        inner = [c for c in content if c.tag != qn("w:proofErr")]
        if not inner or not all(c.tag == probe.tag and c.get(qn("w:author")) == probe.get(qn("w:author"))
                                for c in inner):
            continue
        wrapper = factory()
        sdt.addprevious(wrapper)
        wrapper.append(sdt)
        for rev in inner:
            for child in list(rev):
                rev.addprevious(child)
            content.remove(rev)
