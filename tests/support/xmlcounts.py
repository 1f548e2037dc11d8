"""Counts of what a .docx holds besides text, as it is and after accepting or rejecting all revisions.

Text equality after accept/reject (``support.office``) does not see a lost table row, a
dangling endnote reference, a REF field turned into plain text or a landscape annex turned
portrait.  These counts do: table rows and cells, drawings and their media, hyperlinks and
their targets, bookmarks, fields (complex and simple, by instruction), notes, section
breaks and orientations, content controls, comments, header and footer texts.

:func:`accept_all` and :func:`reject_all` resolve revisions in pure lxml (fast, for unit
tests); the acceptance tests also let LibreOffice do it (``Office.texts(..., save=...)``)
and count the .docx it saves, so a bug in our accept/reject cannot hide a bug in compare.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

__all__ = ["Counts", "accept_all", "counts", "counts_of_parts", "reject_all", "resolve"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class Counts:
    """What a document holds, by kind; equal Counts mean nothing of these was lost or added."""

    tables: int = 0
    rows: int = 0
    cells: int = 0
    header_rows: int = 0
    merged_cells: int = 0  # gridSpan > 1 or vMerge (restart and continue)
    drawings: int = 0
    images: list[str] = field(default_factory=list)  # sha-less: sizes of the media embedded, sorted
    hyperlinks: list[str] = field(default_factory=list)  # external targets and "#anchor", sorted
    bookmarks: list[str] = field(default_factory=list)  # names, sorted (_GoBack ignored)
    fields: list[str] = field(default_factory=list)  # instruction keywords + arguments, sorted (complex + simple)
    footnotes: int = 0  # references in the main text
    endnotes: int = 0
    sections: list[str] = field(default_factory=list)  # orientation per section, in order
    content_controls: int = 0
    comments: int = 0  # comment references
    bold: list[str] = field(default_factory=list)  # per paragraph, the text of its directly bold runs
    highlighted: list[str] = field(default_factory=list)  # per paragraph, the text of its highlighted runs
    headers: list[str] = field(default_factory=list)  # header texts
    footers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def diff(self, other: Counts) -> dict[str, tuple[Any, Any]]:
        """{kind: (mine, theirs)} where they differ."""
        a, b = self.as_dict(), other.as_dict()
        return {k: (a[k], b[k]) for k in a if a[k] != b[k]}


# -- reading ---------------------------------------------------------------------------------


def _read_zip(src: bytes | str | Path) -> dict[str, bytes]:
    data = src if isinstance(src, bytes) else Path(src).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist() if not n.endswith("/")}


def _rels(parts: dict[str, bytes], part: str) -> dict[str, tuple[str, str, bool]]:
    folder, base = posixpath.split(part)
    name = posixpath.join(folder, "_rels", base + ".rels")
    if name not in parts:
        return {}
    out = {}
    for rel in etree.fromstring(parts[name]).iter(f"{{{PR}}}Relationship"):
        external = rel.get("TargetMode") == "External"
        target = rel.get("Target") or ""
        if not external:
            joined = posixpath.normpath(posixpath.join(folder, target))
            target = target.lstrip("/") if target.startswith("/") else joined
        out[rel.get("Id") or ""] = ((rel.get("Type") or "").rsplit("/", 1)[-1], target, external)
    return out


def _main_part(parts: dict[str, bytes]) -> str:
    for rtype, target, _ in _rels(parts, "").values():
        if rtype == "officeDocument":
            return target
    return "word/document.xml"


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(w("t")))


def _field_key(instr: str) -> str:
    """'REF _Ref_op2 \\h' -> 'REF _Ref_op2': keyword and first argument (switches vary by writer)."""
    words = [x for x in instr.split() if not x.startswith("\\")]
    return " ".join(words[:2]).upper() if words else ""


def _fields(root: etree._Element) -> list[str]:
    found = [_field_key(f.get(w("instr")) or "") for f in root.iter(w("fldSimple"))]
    depth_instr: list[list[str]] = []
    for el in root.iter(w("fldChar"), w("instrText"), w("delInstrText")):
        if el.tag == w("fldChar"):
            kind = el.get(w("fldCharType"))
            if kind == "begin":
                depth_instr.append([])
            elif kind == "end" and depth_instr:
                found.append(_field_key("".join(depth_instr.pop())))
        elif depth_instr:
            depth_instr[-1].append(el.text or "")
    return found


def counts_of_parts(parts: dict[str, bytes]) -> Counts:
    """Counts of a package given as {part name: bytes}."""
    main = _main_part(parts)
    root = etree.fromstring(parts[main])
    rels = _rels(parts, main)
    c = Counts()
    c.tables = len(list(root.iter(w("tbl"))))
    c.rows = len(list(root.iter(w("tr"))))
    c.cells = len(list(root.iter(w("tc"))))
    c.header_rows = len(list(root.iter(w("tblHeader"))))
    c.merged_cells = sum(1 for tcpr in root.iter(w("tcPr")) if _merged(tcpr))
    drawings = list(root.iter(w("drawing")))
    c.drawings = len(drawings)
    sizes = []
    for d in drawings:
        for blip in d.iter(f"{{{A}}}blip"):
            if blip.get(f"{{{R}}}embed"):
                rel = rels.get(blip.get(f"{{{R}}}embed") or "")
                sizes.append(str(len(parts.get(rel[1], b""))) if rel else "missing")
            elif blip.get(f"{{{R}}}link"):  # a linked picture (LibreOffice's HTML import): its file name
                rel = rels.get(blip.get(f"{{{R}}}link") or "")
                sizes.append("link:" + posixpath.basename(rel[1]) if rel else "missing")
    c.images = sorted(sizes)
    links = []
    for h in root.iter(w("hyperlink")):
        rid = h.get(f"{{{R}}}id")
        if rid:
            rel = rels.get(rid)
            links.append(rel[1] if rel else f"missing:{rid}")
        else:
            links.append("#" + (h.get(w("anchor")) or ""))
    for f in root.iter(w("instrText")):  # HYPERLINK fields count as hyperlinks too
        m = re.match(r"\s*HYPERLINK\s+(\\l\s+)?\"([^\"]+)\"", f.text or "")
        if m:
            links.append(("#" if m.group(1) else "") + m.group(2))
    c.hyperlinks = sorted(links)
    c.bookmarks = sorted(
        b.get(w("name")) or "" for b in root.iter(w("bookmarkStart")) if (b.get(w("name")) or "") != "_GoBack"
    )
    c.fields = sorted(f for f in _fields(root) if not f.startswith("HYPERLINK"))
    c.footnotes = len(list(root.iter(w("footnoteReference"))))
    c.endnotes = len(list(root.iter(w("endnoteReference"))))
    sections = []
    for sp in root.iter(w("sectPr")):
        if sp.getparent() is not None and sp.getparent().tag == w("pPrChange"):
            continue
        if any(a.tag == w("sectPrChange") for a in sp.iterancestors()):
            continue
        pgsz = sp.find(w("pgSz"))
        orient = "portrait"
        if pgsz is not None:
            wide = int(pgsz.get(w("w"), "0") or 0) > int(pgsz.get(w("h"), "0") or 0)
            orient = "landscape" if pgsz.get(w("orient")) == "landscape" or wide else "portrait"
        sections.append(orient)
    c.sections = sections
    c.content_controls = len(list(root.iter(w("sdt"))))
    c.bold, c.highlighted = _formatted(root)
    c.comments = len(list(root.iter(w("commentReference"))))
    for rtype, target, external in sorted(rels.values(), key=lambda r: r[1]):
        if not external and rtype in ("header", "footer") and target in parts:
            text = " | ".join(_para_text(p) for p in etree.fromstring(parts[target]).iter(w("p")))
            (c.headers if rtype == "header" else c.footers).append(text)
    return c


def _on(el: etree._Element | None) -> bool:
    return el is not None and (el.get(w("val")) or "true") not in ("0", "false", "off", "none")


def _formatted(root: etree._Element) -> tuple[list[str], list[str]]:
    """Direct formatting only (styles are not resolved): bold and highlighted text per paragraph."""
    bold, high = [], []
    for p in root.iter(w("p")):
        b = h = ""
        for r in p.iter(w("r")):
            rpr = r.find(w("rPr"))
            text = "".join(t.text or "" for t in r.iter(w("t")))
            if rpr is None or not text:
                continue
            if _on(rpr.find(w("b"))):
                b += text
            if _on(rpr.find(w("highlight"))):
                h += text
        if b.strip():
            bold.append(b.strip())
        if h.strip():
            high.append(h.strip())
    return bold, high


def _merged(tcpr: etree._Element) -> bool:
    if tcpr.find(w("vMerge")) is not None or tcpr.find(w("hMerge")) is not None:
        return True
    span = tcpr.find(w("gridSpan"))
    return span is not None and (span.get(w("val")) or "1") not in ("1", "0")


def _para_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(w("t"), w("instrText")))


def counts(src: bytes | str | Path) -> Counts:
    """Counts of a .docx (bytes or path) as it is, revisions left in place."""
    return counts_of_parts(_read_zip(src))


# -- accept / reject in lxml ----------------------------------------------------------------------

_STORY_ROOTS = (w("document"), w("hdr"), w("ftr"), w("footnotes"), w("endnotes"), w("comments"))
_PROPERTY_CHANGES = ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
                     "tblGridChange", "tblPrExChange", "numberingChange")
# property change -> siblings that the old properties do not hold (kept on reject)
_RESTORES = {
    "rPrChange": (),
    "pPrChange": (w("rPr"), w("sectPr")),
    "sectPrChange": (w("headerReference"), w("footerReference")),
    "tblPrChange": (),
    "trPrChange": (w("ins"), w("del")),
    "tcPrChange": (),
}
_RANGE_MARKS = ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
                "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd")


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    idx = parent.index(el)
    for child in reversed(list(el)):
        parent.insert(idx, child)
    parent.remove(el)


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def _merge_with_next(p: etree._Element) -> None:
    """A deleted paragraph mark: p's content joins the next paragraph (which keeps its own mark)."""
    nxt = p.getnext()
    while nxt is not None and nxt.tag != w("p"):
        if nxt.tag in (w("tbl"), w("sdt")):
            nxt = None
            break
        nxt = nxt.getnext()
    content = [c for c in p if c.tag != w("pPr")]
    if nxt is None:  # nothing to merge into: the mark stays
        return
    ppr = nxt.find(w("pPr"))
    at = 0 if ppr is None else nxt.index(ppr) + 1
    for child in reversed(content):
        nxt.insert(at, child)
    _drop(p)


def resolve(root: etree._Element, accept: bool) -> etree._Element:
    """Accept (or reject) every revision of one story part in place; returns root."""
    gone, kept = (("del", "moveFrom"), ("ins", "moveTo")) if accept else (("ins", "moveTo"), ("del", "moveFrom"))
    emptied = _bookmarks_emptied(root, {w(g) for g in gone})
    # rows and paragraph marks first (their markers are w:ins/w:del inside trPr / pPr/rPr)
    for tr in list(root.iter(w("tr"))):
        trpr = tr.find(w("trPr"))
        if trpr is None:
            continue
        if any(trpr.find(w(g)) is not None for g in gone):
            tbl = tr.getparent()
            _drop(tr)
            if tbl is not None and tbl.find(w("tr")) is None:  # as Word does: a table without rows goes
                _drop(tbl)
            continue
        for k in kept:
            for m in trpr.findall(w(k)):
                trpr.remove(m)
    for p in list(root.iter(w("p"))):
        rpr = p.find(f"{w('pPr')}/{w('rPr')}")
        if rpr is None:
            continue
        marks_gone = [m for g in gone for m in rpr.findall(w(g))]
        for k in kept:
            for m in rpr.findall(w(k)):
                rpr.remove(m)
        for m in marks_gone:
            rpr.remove(m)
        if marks_gone:
            _merge_with_next(p)
    for name in _PROPERTY_CHANGES:
        for ch in list(root.iter(w(name))):
            parent = ch.getparent()
            if not accept and parent is not None and name in _RESTORES:  # the old properties come back
                for sib in [s for s in parent if s is not ch and s.tag not in _RESTORES[name]]:
                    parent.remove(sib)
                old = ch[0] if len(ch) else None
                idx = parent.index(ch)
                for child in reversed(list(old) if old is not None else []):
                    parent.insert(idx, child)
            _drop(ch)
    for g in gone:
        for el in list(root.iter(w(g))):
            _drop(el)
    for k in kept:
        for el in list(root.iter(w(k))):
            _unwrap(el)
    for name in _RANGE_MARKS:
        for el in list(root.iter(w(name))):
            _drop(el)
    for tag, new in (("delText", "t"), ("delInstrText", "instrText")):
        for el in root.iter(w(tag)):
            el.tag = w(new)
    # As Word does: a hyperlink left without runs goes (w:del sits inside w:hyperlink, it cannot wrap it),
    # and so does a bookmark all of whose content went.
    for h in list(root.iter(w("hyperlink"))):
        if not any(c.tag != w("rPr") for c in h):
            _drop(h)
    for el in list(root.iter(w("bookmarkStart"), w("bookmarkEnd"))):
        if el.get(w("id")) in emptied:
            _drop(el)
    return root


def _bookmarks_emptied(root: etree._Element, gone: set[str]) -> set[str]:
    """Ids of bookmarks that enclose text and all of it inside elements about to be removed."""
    open_: dict[str, list[int]] = {}  # id -> [kept, removed] text characters
    emptied: set[str] = set()
    for el in root.iter(w("bookmarkStart"), w("bookmarkEnd"), w("t"), w("delText"), w("drawing")):
        if el.tag == w("bookmarkStart"):
            open_[el.get(w("id")) or ""] = [0, 0]
        elif el.tag == w("bookmarkEnd"):
            kept, removed = open_.pop(el.get(w("id")) or "", [1, 0])
            if removed and not kept:
                emptied.add(el.get(w("id")) or "")
        elif open_:
            size = len(el.text or "") if el.tag != w("drawing") else 1
            is_gone = any(a.tag in gone for a in el.iterancestors())
            for tally in open_.values():
                tally[1 if is_gone else 0] += size
    return emptied


def _resolved_parts(src: bytes | str | Path, accept: bool) -> dict[str, bytes]:
    parts = _read_zip(src)
    for name, data in parts.items():
        if name.endswith(".xml") and not name.startswith("[") and b"wordprocessingml/2006/main" in data[:2000]:
            root = etree.fromstring(data)
            if root.tag in _STORY_ROOTS:
                parts[name] = etree.tostring(resolve(root, accept), xml_declaration=True, encoding="UTF-8",
                                             standalone=True)
    return parts


def accept_all(src: bytes | str | Path) -> Counts:
    """Counts after accepting every revision (pure lxml)."""
    return counts_of_parts(_resolved_parts(src, True))


def reject_all(src: bytes | str | Path) -> Counts:
    """Counts after rejecting every revision (pure lxml)."""
    return counts_of_parts(_resolved_parts(src, False))

