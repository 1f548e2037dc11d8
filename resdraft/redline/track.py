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

from resdraft.readers.ooxml import qn
from resdraft.redline.oxml import make_text, to_deleted, w_el

__all__ = ["content_runs", "fldsimple_to_complex", "wrap_runs"]

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
