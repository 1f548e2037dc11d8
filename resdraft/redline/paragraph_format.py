"""Paragraph property changes (style, alignment, indentation) as `w:pPrChange`.

Compare pairs paragraphs by text; when the text is the same but NEW gives
the paragraph another style, alignment or indentation, the change is
tracked as Word does it: NEW's values on the paragraph, OLD's in a
`w:pPrChange` (reject restores them). Only these three are compared, and
as values (a missing `w:jc` is "left", a missing indent 0, the default
paragraph style the same as none), so a draft re-saved by another word
processor, which spells defaults out, shows no change.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from lxml import etree

from resdraft.ooxml.namespaces import qn
from resdraft.ooxml.order import PPR_ORDER, ordered_ppr
from resdraft.ooxml.props import child

__all__ = ["default_style", "paragraph_key", "restyle_paragraph"]

_PPR = qn("w:pPr")
_TRACKED = ("w:pStyle", "w:ind", "w:jc")
_RANK = {qn(f"w:{n}"): i for i, n in enumerate(PPR_ORDER)}  # a property goes before the first later sibling
_JC = {"start": "left", "end": "right", "distribute": "both"}
_IND = ("start", "left", "end", "right", "hanging", "firstLine")
_IND_SAME = {"start": "left", "end": "right"}
# spelt once: `paragraph_key` runs for every body paragraph of both drafts
_PSTYLE, _JC_TAG, _IND_TAG, _VAL = qn("w:pStyle"), qn("w:jc"), qn("w:ind"), qn("w:val")
_IND_ATTRS = tuple(qn(f"w:{name}") for name in _IND)


def default_style(styles_root: etree._Element | None) -> str | None:
    """The id of the default paragraph style of a styles part."""
    if styles_root is None:
        return None
    for st in styles_root.iterfind(qn("w:style")):
        if st.get(qn("w:type")) == "paragraph" and st.get(qn("w:default")) in ("1", "true", "on"):
            return st.get(qn("w:styleId"))
    return None


def paragraph_key(p: etree._Element, default: str | None) -> tuple[object, ...]:
    """(style, alignment, indentation) as values: equal keys mean no change worth tracking."""
    ppr = child(p, _PPR)  # `child`, not `find` (lxml's path layer): this runs for every paragraph of both drafts
    style = child(ppr, _PSTYLE) if ppr is not None else None
    sid = style.get(_VAL) if style is not None else None
    if sid == default:
        sid = None
    jc_el = child(ppr, _JC_TAG) if ppr is not None else None
    jc = jc_el.get(_VAL) if jc_el is not None else None
    jc = _JC.get(jc or "", jc)
    if jc == "left":
        jc = None
    ind_el = child(ppr, _IND_TAG) if ppr is not None else None
    ind: list[tuple[str, str]] = []
    if ind_el is not None:
        for name, attr in zip(_IND, _IND_ATTRS, strict=True):
            value = ind_el.get(attr)
            if value not in (None, "0"):
                ind.append((_IND_SAME.get(name, name), value))
    return (sid, jc, tuple(sorted(ind)))


def restyle_paragraph(p: etree._Element, src: etree._Element, known_styles: set[str],
                      revision: Callable[[str], etree._Element]) -> bool:
    """Give `p` the style, alignment and indentation of `src`, OLD's kept in a `w:pPrChange`; True if changed.

    A style `p`'s document does not define is left as it is (the change
    would point at nothing).
    """
    src_ppr = src.find(_PPR)
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = etree.SubElement(p, _PPR)
        p.insert(0, ppr)
    if ppr.find(qn("w:pPrChange")) is not None:
        return False  # already tracked (by the writer or by another author)
    old = [copy.deepcopy(c) for c in ppr if c.tag not in (qn("w:rPr"), qn("w:sectPr"), qn("w:pPrChange"))]
    changed = False
    for name in _TRACKED:
        tag = qn(name)
        new = src_ppr.find(tag) if src_ppr is not None else None
        if name == "w:pStyle" and new is not None and new.get(qn("w:val")) not in known_styles:
            continue
        mine = ppr.find(tag)
        if (mine is None) == (new is None) and (mine is None or etree.tostring(mine) == etree.tostring(new)):
            continue
        if mine is not None:
            ppr.remove(mine)
        if new is not None:
            _insert_ordered(ppr, copy.deepcopy(new))
        changed = True
    if not changed:
        return False
    change = revision("w:pPrChange")
    before = etree.SubElement(change, _PPR)
    before.extend(old)
    ppr.append(change)
    ordered_ppr(ppr)  # OLD's own pPr may be a converter's, out of order: NEW's values and the change in order
    return True


def _insert_ordered(ppr: etree._Element, el: etree._Element) -> None:
    rank = _RANK.get(el.tag, len(_RANK))
    after = next((c for c in ppr if _RANK.get(c.tag, -1) > rank), None)
    if after is not None:
        after.addprevious(el)
    else:
        ppr.append(el)
