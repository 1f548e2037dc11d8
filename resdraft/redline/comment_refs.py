"""Comment reference marks of a wholly tracked paragraph go inside the commented range.

Word writes a comment as `w:commentRangeStart`, the commented runs,
`w:commentRangeEnd`, then a run holding the `w:commentReference`. When the
whole paragraph is inserted, deleted or moved, that reference run gets a
revision of its own after the range end, and LibreOffice (7.4) then anchors
the comment outside every revision: rejecting the insertion (or accepting
the deletion) removes the text but keeps the comment. With the reference
run just before `w:commentRangeEnd` it joins the revision of the commented
text and goes (or stays) with it, in LibreOffice as in Word (ISO 29500
17.13.4: the reference mark may stand anywhere; the range still ends at
`w:commentRangeEnd`).
"""

from __future__ import annotations

from lxml import etree

from resdraft.ooxml.namespaces import qn

__all__ = ["references_into_ranges"]

_R = qn("w:r")
_RANGE_END = qn("w:commentRangeEnd")
_REFERENCE = qn("w:commentReference")


def references_into_ranges(p: etree._Element) -> int:
    """Move each comment reference run that directly follows its range end in `p` before that end.

    Only runs that hold nothing but the reference (and run properties) move, and
    only when no revision has been put around them yet. Returns how many moved.
    """
    moved = 0
    for end in list(p.iter(_RANGE_END)):
        run = end.getnext()
        if run is None or run.tag != _R or (end.tail and end.tail.strip()):
            continue
        ref = run.find(_REFERENCE)
        if ref is None or ref.get(qn("w:id")) != end.get(qn("w:id")):
            continue
        if any(c.tag not in (qn("w:rPr"), _REFERENCE) for c in run):
            continue
        tail = run.tail
        run.tail = None
        end.addprevious(run)
        end.tail = (end.tail or "") + (tail or "") or None
        moved += 1
    return moved
