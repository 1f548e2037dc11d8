"""Building WordprocessingML: new elements, runs and text, run splitting, run properties in schema order.

`split_run` cuts a run in two at a character offset, both halves keeping the
run's `w:rPr`; `set_rpr_child` inserts run properties in schema order (Word
refuses a file whose `w:rPr` children are out of order).
"""

from __future__ import annotations

import re

from lxml import etree

from resdraft.ooxml.namespaces import W_NS, XML_SPACE, qn
from resdraft.ooxml.props import child as _first_child

__all__ = ["RPR_ORDER", "XML_SPACE", "W", "clone", "make_run", "make_text", "set_rpr_child", "split_run", "w_el",
           "w_sub"]

W = W_NS

#: Child order of `w:rPr` (CT_RPr, ECMA-376 part 1, 17.3.2.28), `w:rPrChange` last.
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
    "lang", "eastAsianLayout", "specVanish", "oMath",
)
_RPR_RANK = {qn(f"w:{name}"): i for i, name in enumerate(RPR_ORDER)}

_T = qn("w:t")
_W_ONLY = {"w": W}
_TAB_OR_BREAK = re.compile(r"([\t\n])")
_RPR = qn("w:rPr")


#: One empty element per tag, declaring `w`: `w_el` copies it (1 us), where `etree.Element(tag, nsmap=...)`
#: costs 3.5 us (most of it reading the nsmap); the writer makes some 200,000 elements on a long draft.
_EMPTY: dict[str, etree._Element] = {}


def clone(el: etree._Element) -> etree._Element:
    """A deep copy of `el` (its tail too), as `copy.deepcopy` gives, without its memo machinery (1.5 us a call)."""
    return el.__copy__()


def w_el(tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> etree._Element:
    """A new `w:` element: `w_el("w:t", text="x")`; attribute names are prefixed too."""
    empty = _EMPTY.get(tag)
    if empty is None:
        empty = _EMPTY[tag] = etree.Element(qn(tag), nsmap={"w": W})
    el = empty.__copy__()
    for key, value in (attrib or {}).items():
        el.set(qn(key) if ":" in key else key, value)
    if text is not None:
        el.text = text
    return el


def w_sub(parent: etree._Element, tag: str, attrib: dict[str, str] | None = None) -> etree._Element:
    """A new `w:` child at the end of `parent`: as `w_el` then `append`, without a document of its own."""
    attrs = {qn(key) if ":" in key else key: value for key, value in attrib.items()} if attrib else None
    return etree.SubElement(parent, qn(tag), attrs)


def make_text(text: str, tag: str = "w:t") -> etree._Element:
    """A `w:t` (or `w:delText`) that keeps leading and trailing spaces."""
    return _set_text(w_el(tag), text)


def _set_text(el: etree._Element, text: str) -> etree._Element:
    """`el` with `text`, marked to keep its leading and trailing spaces where readers would fold them."""
    el.text = text
    if text != text.strip() or "  " in text or any(ch in text for ch in "\t\n\r"):  # else readers fold them
        el.set(XML_SPACE, "preserve")
    return el


def make_run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    """A `w:r` with a copy of `rpr`; tabs and line breaks become `w:tab` / `w:br`."""
    run = w_el("w:r")
    if rpr is not None and len(rpr):
        run.append(clone(rpr))
    for piece in _TAB_OR_BREAK.split(text):  # a stretch of text, or one tab or line break
        if piece == "\t":
            w_sub(run, "w:tab")
        elif piece == "\n":
            w_sub(run, "w:br")
        elif piece:
            _set_text(w_sub(run, "w:t"), piece)
    return run


def split_run(run: etree._Element, node: etree._Element, offset: int = 0) -> etree._Element:
    """Split `run` so that a run starts at character `offset` of its child `node`; return that run.

    `node` is a content child of `run` (a `w:t`, `w:tab`, ...); offset > 0 is
    only meaningful inside a `w:t`, which is cut in two. Both halves keep a
    copy of the `w:rPr` (and the run's attributes). When `node` is already
    the first content child, nothing is split and `run` itself is returned.
    """
    if offset > 0:
        text = node.text or ""
        if offset >= len(text):
            nxt = node.getnext()
            if nxt is None:
                raise ValueError("split point at the end of the run")
            node = nxt
        else:
            head, tail = text[:offset], text[offset:]
            node.text = head
            if head != head.strip():
                node.set(XML_SPACE, "preserve")
            second = make_text(tail, "w:t")
            if node.tag != _T:
                second.tag = node.tag
            node.addnext(second)
            node = second
    index = run.index(node)  # children are compared as nodes in C; reading a `.tag` builds a string
    if all(c.tag == _RPR for c in run[:index]):
        return run  # `node` is the first content child
    moved = run[index:]
    if any(c.tag == _RPR for c in moved):
        moved = [c for c in moved if c.tag != _RPR]  # a misplaced `w:rPr` stays with the first half
    # `w` only, not `run.nsmap` (every declaration in scope, some thirty on a Word body: 18 us a split); placed,
    # the run uses the declarations above it, as before
    new = run.makeelement(run.tag, attrib=run.attrib, nsmap=_W_ONLY)
    rpr = _first_child(run, _RPR)
    if rpr is not None:
        new.append(clone(rpr))
    new.extend(moved)  # moves them
    run.addnext(new)
    new.tail, run.tail = run.tail, None
    return new


def set_rpr_child(rpr: etree._Element, child: etree._Element) -> None:
    """Put `child` into `rpr` in schema order, replacing a child of the same tag."""
    old = rpr.find(child.tag)
    if old is not None:
        old.addprevious(child)
        rpr.remove(old)
        return
    rank = _RPR_RANK.get(child.tag, len(RPR_ORDER))
    for existing in rpr:
        if _RPR_RANK.get(existing.tag, len(RPR_ORDER) + 1) > rank:
            existing.addprevious(child)
            return
    rpr.append(child)
