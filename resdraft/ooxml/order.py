"""Paragraph and run properties in schema order, whatever order the input had them in.

`w:pPr` and `w:rPr` are XSD sequences: Word refuses (and the schema
rejects) a `w:tabs` after `w:autoSpaceDN`. Some converters write them out
of order (pdf2docx does), and a redline that copies such a `w:pPr` into a
new paragraph (a move, an insertion) would add a schema problem the inputs
had once more. The writer passes every `w:pPr`/`w:rPr` it writes or copies
through `ordered_ppr` / `ordered_rpr`, and a copied content control's
`w:sdtPr` through `ordered_sdtpr` (LibreOffice writes its `w:id` first).

The orders are ECMA-376 part 1's, as `../shared/ooxml-schema/wml.xsd`
spells them (tests/test_compare_objects.py checks these tables against it):
`PPR_ORDER` is CT_PPrBase's sequence then CT_PPr's own (`rPr`, `sectPr`,
`pPrChange`); `RPR_ORDER` (`build.RPR_ORDER`) is EG_RPrBase in the order
Word writes it, then `rPrChange`; a paragraph mark's `w:rPr` (CT_ParaRPr)
starts with its revision marks (`ins`, `del`, `moveFrom`, `moveTo`). An
element the tables do not know (an extension) stays right after the known
sibling it followed.
"""

from __future__ import annotations

from lxml import etree

from resdraft.ooxml.build import RPR_ORDER as _RPR_BASE
from resdraft.ooxml.namespaces import qn

__all__ = ["PARA_RPR_ORDER", "PPR_ORDER", "RPR_ORDER", "SDTPR_ORDER", "ordered_ppr", "ordered_rpr",
           "ordered_sdtpr"]

#: CT_PPrBase, then CT_PPr's rPr, sectPr, pPrChange.
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)
#: CT_RPr: EG_RPrBase, then rPrChange.
RPR_ORDER = (*_RPR_BASE, "rPrChange")
#: CT_ParaRPr (a paragraph mark's properties): its revision marks first.
PARA_RPR_ORDER = ("ins", "del", "moveFrom", "moveTo", *_RPR_BASE, "rPrChange")

#: CT_SdtPr: its elements, then the one choice that says the control's type (all at one rank).
SDTPR_ORDER = ("rPr", "alias", "tag", "id", "lock", "placeholder", "temporary", "showingPlcHdr", "dataBinding",
               "label", "tabIndex")
_SDTPR_TYPES = ("equation", "comboBox", "date", "docPartObj", "docPartList", "dropDownList", "picture", "richText",
                "text", "citation", "group", "bibliography")

_PPR_RANK = {qn(f"w:{n}"): i for i, n in enumerate(PPR_ORDER)}
_RPR_RANK = {qn(f"w:{n}"): i for i, n in enumerate(RPR_ORDER)}
_PARA_RPR_RANK = {qn(f"w:{n}"): i for i, n in enumerate(PARA_RPR_ORDER)}
_SDTPR_RANK = {**{qn(f"w:{n}"): i for i, n in enumerate(SDTPR_ORDER)},
               **{qn(f"w:{n}"): len(SDTPR_ORDER) for n in _SDTPR_TYPES}}
_PPR = qn("w:pPr")
_RPR = qn("w:rPr")
_PPR_CHANGE = qn("w:pPrChange")
_RPR_CHANGE = qn("w:rPrChange")


def _sort(el: etree._Element, rank: dict[str, int]) -> None:
    """Children of `el` in `rank` order (stable); an unknown child keeps to the known one before it."""
    keyed = []
    last = -1
    for pos, child in enumerate(el):
        last = rank.get(child.tag, last) if isinstance(child.tag, str) else last
        keyed.append((last, pos, child))
    ordered = [c for _, _, c in sorted(keyed, key=lambda t: (t[0], t[1]))]
    if ordered != list(el):
        for child in ordered:
            el.append(child)  # moves it to the end, in order


def ordered_rpr(rpr: etree._Element | None, *, mark: bool = False) -> etree._Element | None:
    """`rpr` (a `w:rPr`, changed in place) in schema order; `mark`: a paragraph mark's (CT_ParaRPr)."""
    if rpr is None:
        return None
    _sort(rpr, _PARA_RPR_RANK if mark else _RPR_RANK)
    for change in rpr.iterchildren(_RPR_CHANGE):
        for inner in change.iterchildren(_RPR):
            _sort(inner, _RPR_RANK)
    return rpr


def ordered_ppr(ppr: etree._Element | None) -> etree._Element | None:
    """`ppr` (a `w:pPr`, changed in place) in schema order, with its mark's `w:rPr` and its `w:pPrChange`'s."""
    if ppr is None:
        return None
    _sort(ppr, _PPR_RANK)
    for rpr in ppr.iterchildren(_RPR):
        ordered_rpr(rpr, mark=True)
    for change in ppr.iterchildren(_PPR_CHANGE):
        for inner in change.iterchildren(_PPR):
            _sort(inner, _PPR_RANK)
    return ppr


def ordered_sdtpr(sdtpr: etree._Element | None) -> etree._Element | None:
    """`sdtpr` (a content control's `w:sdtPr`, changed in place) in schema order.

    LibreOffice (7.4) saves `w:id` before `w:alias`; a control copied by a move would repeat that.
    """
    if sdtpr is None:
        return None
    _sort(sdtpr, _SDTPR_RANK)
    for rpr in sdtpr.iterchildren(_RPR):
        ordered_rpr(rpr)
    return sdtpr
