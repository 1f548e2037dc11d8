"""Block-level content controls around a deleted or moved paragraph go with it.

A block control (`w:sdt` in the body around a `w:p`) cannot sit inside a
`w:del` or `w:moveFrom` (their content is run-level: the schema refuses a
`w:p` there), and the paragraph mark at the end of the control cannot merge
out of it, so deleting its paragraph would leave an empty control behind on
accept. A control that holds exactly one paragraph is therefore turned into
the same control around that paragraph's content (a run-level `w:sdt`, same
`w:sdtPr`), which the revision can then hold whole (`track.lift_controls`):
accept removes paragraph and control together, reject keeps both.
"""

from __future__ import annotations

import copy

from lxml import etree

from resdraft.ooxml import qn, w_el

__all__ = ["block_control", "inline_block_control", "wrap_like"]

_P = qn("w:p")
_PPR = qn("w:pPr")
_SDT = qn("w:sdt")
_SDT_PR = qn("w:sdtPr")
_SDT_END_PR = qn("w:sdtEndPr")
_SDT_CONTENT = qn("w:sdtContent")
_BLOCK_PARENTS = (qn("w:body"), _SDT_CONTENT, qn("w:tc"))
# what may sit beside the paragraph inside the control and go with it into the paragraph
_MARKS = (qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:proofErr"), qn("w:permStart"), qn("w:permEnd"))


def block_control(p: etree._Element) -> etree._Element | None:
    """The block `w:sdt` whose only paragraph is `p`, else None."""
    content = p.getparent()
    if content is None or content.tag != _SDT_CONTENT:
        return None
    sdt = content.getparent()
    if sdt is None or sdt.tag != _SDT or sdt.getparent() is None or sdt.getparent().tag not in _BLOCK_PARENTS:
        return None
    if any(c is not p and c.tag not in _MARKS for c in content):
        return None
    return sdt


def wrap_like(p: etree._Element, sdt: etree._Element) -> None:
    """Put the content of `p` (all but its `w:pPr`) in a run-level control with `sdt`'s properties."""
    inline = w_el("w:sdt")
    for tag in (_SDT_PR, _SDT_END_PR):
        el = sdt.find(tag)
        if el is not None:
            inline.append(copy.deepcopy(el))
    content = w_el("w:sdtContent")
    inline.append(content)
    for child in list(p):
        if child.tag != _PPR:
            content.append(child)
    p.append(inline)


def inline_block_control(p: etree._Element) -> bool:
    """Turn the one-paragraph block control around `p` into a control inside `p`; False if there is none."""
    sdt = block_control(p)
    if sdt is None:
        return False
    content = sdt.find(_SDT_CONTENT)
    assert content is not None
    before = [c for c in content if c is not p and p in c.itersiblings()]
    after = [c for c in content if c is not p and c not in before]
    wrap_like(p, sdt)
    inner = p.find(_SDT).find(_SDT_CONTENT)
    for i, mark in enumerate(before):
        inner.insert(i, mark)
    inner.extend(after)
    sdt.addprevious(p)
    sdt.getparent().remove(sdt)
    return True
