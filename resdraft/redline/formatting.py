"""Formatting-only changes as `w:rPrChange`: bold, italic, underline, strike-through, highlight.

When a paragraph reads the same in OLD and NEW, a changed emphasis is still
a change a delegate must see and be able to reject. The run properties
compared are the ones a drafter sets by hand (`TRACKED`); fonts, languages
and spacing differ between word processors and are left alone, or every
paragraph saved by another program would show as reformatted. The new
properties go on OLD's run, the old ones into `w:rPrChange`.
"""

from __future__ import annotations

import copy

from lxml import etree

from resdraft.ooxml.build import set_rpr_child, w_el
from resdraft.ooxml.namespaces import qn
from resdraft.ooxml.props import child

__all__ = ["TRACKED", "format_key", "restyle_run"]

#: The run properties whose changes are tracked.
TRACKED = ("w:b", "w:i", "w:u", "w:strike", "w:highlight")
_RPR = qn("w:rPr")
_TOGGLES = {qn("w:b"), qn("w:i"), qn("w:strike")}
_OFF = ("0", "false", "off")
_REVISION_PROPS = tuple(qn(t) for t in ("w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rPrChange"))
_TRACKED_INDEX = {qn(name): i for i, name in enumerate(TRACKED)}  # spelt once: the key is taken per run
_VAL = qn("w:val")
_UNFORMATTED = (None,) * len(TRACKED)


def format_key(run: etree._Element) -> tuple[str | None, ...]:
    """The direct values of `TRACKED` on a run (None when not set, or set off).

    One pass over the `w:rPr` children, the first of each tag counting (as `find` would take
    it): `find` goes through lxml's path layer, ~1.5 us a call, and this runs for every run
    of both drafts.
    """
    rpr = child(run, _RPR)
    if rpr is None:
        return _UNFORMATTED
    out: list[str | None] = [None] * len(TRACKED)
    seen = [False] * len(TRACKED)
    for el in rpr:
        i = _TRACKED_INDEX.get(el.tag)  # type: ignore[call-overload]
        if i is None or seen[i]:
            continue
        seen[i] = True
        value = el.get(_VAL)
        if el.tag in _TOGGLES:
            out[i] = None if value is not None and value.lower() in _OFF else "on"
        else:
            out[i] = None if value in (None, "none") else value
    return tuple(out)


def restyle_run(run: etree._Element, like: etree._Element, revision: etree._Element) -> None:
    """Give `run` the `TRACKED` properties of `like` (NEW's run); its old properties go into `revision`."""
    rpr = run.find(_RPR)
    old = copy.deepcopy(rpr) if rpr is not None else w_el("w:rPr")
    for tag in _REVISION_PROPS:
        for el in old.findall(tag):
            old.remove(el)
    if rpr is None:
        rpr = w_el("w:rPr")
        run.insert(0, rpr)
    for el in rpr.findall(qn("w:rPrChange")):
        rpr.remove(el)
    source = like.find(_RPR)
    for name in TRACKED:
        for el in rpr.findall(qn(name)):
            rpr.remove(el)
        new = source.find(qn(name)) if source is not None else None
        if new is not None:
            set_rpr_child(rpr, copy.deepcopy(new))
    revision.append(old)
    rpr.append(revision)
