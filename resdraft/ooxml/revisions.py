"""Tracked changes: which elements are revisions, where they sit in a paragraph's text, and how to make them.

`make_ins` / `make_del` build revision wrappers with `w:id`, `w:author` and
`w:date`; `to_deleted` turns a run's text into `w:delText`; `mark_paragraph`
marks a paragraph mark inserted or deleted. `RevisionIds` hands out ids
that are unique across document.xml, footnotes.xml and comments.xml.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lxml import etree

from resdraft.model import Revision
from resdraft.ooxml.build import w_el
from resdraft.ooxml.namespaces import XML_SPACE, qn
from resdraft.ooxml.styles import Styles
from resdraft.ooxml.visible import iter_visible_runs

__all__ = [
    "REVISION_TAGS", "RevisionIds", "count_revisions", "has_text_revisions", "make_del", "make_ins", "mark_paragraph",
    "mark_revision", "paragraph_revisions", "to_deleted", "unmark_paragraph",
]  # fmt: skip

# In the paragraph mark's rPr, w:ins/w:del/w:moveFrom/w:moveTo come first (CT_ParaRPr).
_MARK_REVISION_ORDER = ("w:ins", "w:del", "w:moveFrom", "w:moveTo")
#: Children of `w:pPr` that may follow `w:rPr` (CT_PPr: ... rPr, sectPr, pPrChange).
_PPR_AFTER_RPR = (qn("w:sectPr"), qn("w:pPrChange"))

_T = qn("w:t")
_RPR = qn("w:rPr")
_W_ID = qn("w:id")


# --- reading --------------------------------------------------------------------------

REVISION_TAGS: frozenset[str] = frozenset(
    qn(t)
    for t in (
        "w:ins",
        "w:del",
        "w:moveFrom",
        "w:moveTo",
        "w:rPrChange",
        "w:pPrChange",
        "w:sectPrChange",
        "w:tblPrChange",
        "w:tblPrExChange",
        "w:tblGridChange",
        "w:trPrChange",
        "w:tcPrChange",
        "w:numberingChange",
        "w:cellIns",
        "w:cellDel",
        "w:cellMerge",
    )
)


def count_revisions(root: etree._Element | None) -> int:
    """Number of tracked-change elements (insertions, deletions, moves, format changes) in a part."""
    if root is None:
        return 0
    return sum(1 for _ in root.iter(*REVISION_TAGS))


_INS_TAGS = frozenset({qn("w:ins"), qn("w:moveTo")})
_DEL_TAGS = frozenset({qn("w:del"), qn("w:moveFrom")})
_REVISION_TAGS = _INS_TAGS | _DEL_TAGS


def has_text_revisions(root: etree._Element) -> bool:
    """True when `root` holds an insertion, deletion or move: the only parts `paragraph_revisions` needs to
    walk (one walk of the part in C instead of one per paragraph)."""
    return next(root.iter(*_REVISION_TAGS), None) is not None


def paragraph_revisions(paras: Sequence[etree._Element], styles: Styles) -> list[Revision]:
    """The pending revisions of one logical paragraph, with offsets in its visible text (marks not counted).

    Callers that must not disturb other authors' changes (compare, merge,
    carry-over) need to know where those changes are; the text alone hides it.
    """
    if not any(True for p in paras for _ in p.iter(*_REVISION_TAGS)):
        return []
    out: list[Revision] = []
    offset = 0
    for p in paras:
        length: dict[etree._Element, int] = {}  # visible run -> its visible characters
        for piece in iter_visible_runs(p, styles):
            length[piece.run] = length.get(piece.run, 0) + len(piece.text)
        inside: etree._Element | None = None  # the revision element being walked
        marks: list[tuple[str, str, str | None]] = []
        for node in p.iter():
            if inside is not None and not _is_within(node, inside):
                inside = None
            if node.tag in _REVISION_TAGS and inside is None:
                author, date = node.get(qn("w:author"), ""), node.get(qn("w:date"))
                parent = node.getparent()
                if parent is not None and parent.tag == qn("w:rPr"):
                    if parent.getparent() is not None and parent.getparent().tag == qn("w:pPr"):
                        kind = "mark-ins" if node.tag in _INS_TAGS else "mark-del"
                        marks.append((kind, author, date))
                    continue
                size = sum(length.get(r, 0) for r in node.iter(qn("w:r")))
                kind = "ins" if node.tag in _INS_TAGS else "del"
                out.append(Revision(kind, author, date, offset, offset + (size if kind == "ins" else 0)))
                inside = node
            if node in length:
                offset += length[node]
        out.extend(Revision(kind, author, date, offset, offset) for kind, author, date in marks)
    return sorted(out, key=lambda r: (r.start, r.end))


def _is_within(node: etree._Element, ancestor: etree._Element) -> bool:
    return any(a is ancestor for a in node.iterancestors())


# --- making -----------------------------------------------------------------------------


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


#: An empty revision element per (tag, author, date), copied for each new one with its own id: a copy and one
#: attribute cost half of three attributes set one by one, and a long carry-over makes tens of thousands.
_PROTOTYPES: dict[tuple[str, str, str], etree._Element] = {}


def _revision(tag: str, ids: RevisionIds, author: str, date: str) -> etree._Element:
    key = (tag, author, date)
    prototype = _PROTOTYPES.get(key)
    if prototype is None:
        if len(_PROTOTYPES) >= 256:  # a merge has one author per delegation; a long-lived process, many dates
            _PROTOTYPES.clear()
        prototype = _PROTOTYPES[key] = w_el(tag, {"w:id": "0", "w:author": author, "w:date": date})
    el = prototype.__copy__()
    el.set(_W_ID, str(ids.take()))
    return el


def make_ins(ids: RevisionIds, author: str, date: str) -> etree._Element:
    """An empty `w:ins` (tracked insertion) with a fresh id."""
    return _revision("w:ins", ids, author, date)


def make_del(ids: RevisionIds, author: str, date: str) -> etree._Element:
    """An empty `w:del` (tracked deletion) with a fresh id."""
    return _revision("w:del", ids, author, date)


def to_deleted(run: etree._Element) -> None:
    """Turn a run's `w:t` into `w:delText` and `w:instrText` into `w:delInstrText` (in place)."""
    for child in run:
        if child.tag == _T:
            child.tag = qn("w:delText")
            child.set(XML_SPACE, "preserve")
        elif child.tag == qn("w:instrText"):
            child.tag = qn("w:delInstrText")


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
