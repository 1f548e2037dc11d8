"""WordprocessingML primitives for tracked changes, on lxml elements.

`make_ins` / `make_del` build revision wrappers with `w:id`, `w:author` and
`w:date`; `to_deleted` turns a run's text into `w:delText`; `split_run` cuts a
run in two at a character offset, both halves keeping the run's `w:rPr`;
`set_rpr_child` inserts run properties in schema order (Word refuses a file
whose `w:rPr` children are out of order). `RevisionIds` hands out ids that are
unique across document.xml, footnotes.xml and comments.xml.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from lxml import etree

from resdraft.readers.ooxml import NS, qn

__all__ = [
    "RPR_ORDER",
    "XML_SPACE",
    "RevisionIds",
    "W",
    "make_del",
    "make_ins",
    "make_run",
    "make_text",
    "mark_paragraph",
    "qn",
    "set_rpr_child",
    "split_run",
    "to_deleted",
    "w_el",
]

W = NS["w"]
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

#: Child order of `w:rPr` (CT_RPr, ECMA-376 part 1, 17.3.2.28), `w:rPrChange` last.
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
    "lang", "eastAsianLayout", "specVanish", "oMath",
)
_RPR_RANK = {qn(f"w:{name}"): i for i, name in enumerate(RPR_ORDER)}
# In the paragraph mark's rPr, w:ins/w:del/w:moveFrom/w:moveTo come first (CT_ParaRPr).
_MARK_REVISION_ORDER = ("w:ins", "w:del", "w:moveFrom", "w:moveTo")
#: Children of `w:pPr` that may follow `w:rPr` (CT_PPr: ... rPr, sectPr, pPrChange).
_PPR_AFTER_RPR = (qn("w:sectPr"), qn("w:pPrChange"))

_T = qn("w:t")
_R = qn("w:r")
_RPR = qn("w:rPr")


def w_el(tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> etree._Element:
    """A new `w:` element: `w_el("w:t", text="x")`; attribute names are prefixed too."""
    el = etree.Element(qn(tag), nsmap={"w": W})
    for key, value in (attrib or {}).items():
        el.set(qn(key) if ":" in key else key, value)
    if text is not None:
        el.text = text
    return el


class RevisionIds:
    """Ids for `w:ins`, `w:del` and comments, unique in the whole package.

    Word keeps one space for revision ids and another for comments, but a
    single counter above every id already used in any part is always safe.
    """

    def __init__(self, roots: Iterable[etree._Element | None]) -> None:
        used = 0
        tags = {qn(t) for t in ("w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rPrChange", "w:pPrChange",
                                "w:comment", "w:commentRangeStart", "w:commentRangeEnd", "w:commentReference",
                                "w:bookmarkStart", "w:bookmarkEnd", "w:moveFromRangeStart", "w:moveToRangeStart",
                                "w:sectPrChange", "w:tblPrChange", "w:trPrChange", "w:tcPrChange",
                                "w:numberingChange", "w:cellIns", "w:cellDel")}
        for root in roots:
            if root is None:
                continue
            for el in root.iter(*tags):
                value = el.get(qn("w:id"))
                if value is not None and value.strip().lstrip("-").isdigit():
                    used = max(used, int(value))
        self._next = used + 1

    def take(self) -> int:
        value = self._next
        self._next += 1
        return value


def _revision(tag: str, ids: RevisionIds, author: str, date: str) -> etree._Element:
    return w_el(tag, {"w:id": str(ids.take()), "w:author": author, "w:date": date})


def make_ins(ids: RevisionIds, author: str, date: str) -> etree._Element:
    """An empty `w:ins` (tracked insertion) with a fresh id."""
    return _revision("w:ins", ids, author, date)


def make_del(ids: RevisionIds, author: str, date: str) -> etree._Element:
    """An empty `w:del` (tracked deletion) with a fresh id."""
    return _revision("w:del", ids, author, date)


def make_text(text: str, tag: str = "w:t") -> etree._Element:
    """A `w:t` (or `w:delText`) that keeps leading and trailing spaces."""
    el = w_el(tag, text=text)
    if text != text.strip() or "  " in text or any(ch in text for ch in "\t\n\r"):  # else readers fold them
        el.set(XML_SPACE, "preserve")
    return el


def make_run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    """A `w:r` with a copy of `rpr`; tabs and line breaks become `w:tab` / `w:br`."""
    run = w_el("w:r")
    if rpr is not None and len(rpr):
        run.append(copy.deepcopy(rpr))
    buf: list[str] = []

    def flush() -> None:
        if buf:
            run.append(make_text("".join(buf)))
            buf.clear()

    for ch in text:
        if ch == "\t":
            flush()
            run.append(w_el("w:tab"))
        elif ch == "\n":
            flush()
            run.append(w_el("w:br"))
        else:
            buf.append(ch)
    flush()
    return run


def to_deleted(run: etree._Element) -> None:
    """Turn a run's `w:t` into `w:delText` and `w:instrText` into `w:delInstrText` (in place)."""
    for child in run:
        if child.tag == _T:
            child.tag = qn("w:delText")
            child.set(XML_SPACE, "preserve")
        elif child.tag == qn("w:instrText"):
            child.tag = qn("w:delInstrText")


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
    content = [c for c in run if c.tag != _RPR]
    if not content or content[0] is node:
        return run
    new = etree.Element(run.tag, attrib=dict(run.attrib), nsmap=run.nsmap)
    rpr = run.find(_RPR)
    if rpr is not None:
        new.append(copy.deepcopy(rpr))
    index = content.index(node)
    for child in content[index:]:
        new.append(child)  # moves it
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


def mark_paragraph(p: etree._Element, revision: etree._Element) -> None:
    """Mark the paragraph mark of `p` as inserted or deleted (`w:pPr/w:rPr/w:ins|w:del`)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = w_el("w:pPr")
        p.insert(0, ppr)
    rpr = ppr.find(_RPR)
    if rpr is None:
        rpr = w_el("w:rPr")
        anchor = next((c for c in ppr if c.tag in _PPR_AFTER_RPR), None)
        if anchor is not None:
            anchor.addprevious(rpr)
        else:
            ppr.append(rpr)
    for tag in _MARK_REVISION_ORDER:
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    rpr.insert(0, revision)


def unmark_paragraph(p: etree._Element) -> etree._Element | None:
    """Remove and return the revision on `p`'s paragraph mark, if any."""
    rpr = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    if rpr is None:
        return None
    for tag in _MARK_REVISION_ORDER:
        found = rpr.find(qn(tag))
        if found is not None:
            rpr.remove(found)
            if not len(rpr):
                rpr.getparent().remove(rpr)
            return found
    return None


def mark_revision(p: etree._Element) -> str | None:
    """"ins" / "del" when the paragraph mark of `p` is a tracked insertion / deletion."""
    rpr = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    if rpr is None:
        return None
    if rpr.find(qn("w:ins")) is not None or rpr.find(qn("w:moveTo")) is not None:
        return "ins"
    if rpr.find(qn("w:del")) is not None or rpr.find(qn("w:moveFrom")) is not None:
        return "del"
    return None
