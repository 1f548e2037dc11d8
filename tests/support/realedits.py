"""NEW versions of real Word files, made by editing their XML the way a delegate edits in Word.

Issue 12 is measured on real drafts, not only on ones built by the tests: each function here takes
the `w:body` of a real .docx (from ../shared/corpus) and makes one kind of change a delegate makes
(a table row deleted or added, a paragraph holding a note, link, bookmark or drawing deleted or
moved, words changed, a sentence added, a link's target or the header's symbol changed). Removing a
paragraph follows Word: ranges (bookmarks, comments) that go on past it keep going, and a story's
last paragraph keeps its mark. An edit that finds nothing to change raises `NotApplicable`.
"""

from __future__ import annotations

import copy
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class NotApplicable(LookupError):
    """The document has nothing this edit changes."""


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(w("t")))


def _has(p: etree._Element, tag: str) -> bool:
    return p.find(f".//{w(tag)}") is not None


def _first(items: object) -> etree._Element:
    found = next(iter(items), None)  # type: ignore[call-overload]
    if found is None:
        raise NotApplicable
    return found


def _texts(body: etree._Element) -> list[etree._Element]:
    """Body-level paragraphs with text."""
    return [p for p in body if p.tag == w("p") and text(p).strip()]


def _tables(body: etree._Element, rows: int) -> list[etree._Element]:
    return [t for t in body.iter(w("tbl")) if len(t.findall(w("tr"))) >= rows]


_RANGES = {"bookmarkStart": "bookmarkEnd", "commentRangeStart": "commentRangeEnd"}


def _next_paragraph(el: etree._Element) -> etree._Element | None:
    for sib in el.itersiblings():
        if sib.tag == w("p"):
            return sib
        if sib.tag == w("tbl"):
            return next(sib.iter(w("p")), None)
    return None


def remove_paragraph(p: etree._Element) -> None:
    """Remove `p` as Word does: a range that goes on past it starts at the next paragraph instead."""
    here = {(m.tag, m.get(w("id"))) for m in p.iter()}
    nxt, prev = _next_paragraph(p), p.getprevious()
    for start, end in _RANGES.items():
        for m in list(p.iter(w(start))):
            if (w(end), m.get(w("id"))) not in here and nxt is not None:
                m.getparent().remove(m)
                ppr = nxt.find(w("pPr"))
                ppr.addnext(m) if ppr is not None else nxt.insert(0, m)
        for m in list(p.iter(w(end))):
            if (w(start), m.get(w("id"))) not in here and prev is not None and prev.tag == w("p"):
                m.getparent().remove(m)
                prev.append(m)
    p.getparent().remove(p)


def _move_down(body: etree._Element, p: etree._Element, by: int) -> None:
    paras = _texts(body)
    at = paras.index(p) + by
    if at >= len(paras):
        raise NotApplicable
    anchor = paras[at]
    body.remove(p)
    anchor.addnext(p)


# --- edits of the body ---------------------------------------------------------------------------------------


def row_deleted(body: etree._Element) -> None:
    table = _first(_tables(body, 5))
    table.remove(table.findall(w("tr"))[3])


def row_added(body: etree._Element) -> None:
    row = _first(_tables(body, 5)).findall(w("tr"))[2]
    new = copy.deepcopy(row)
    for p in new.iter(w("p")):
        runs = [t for t in p.iter(w("t")) if (t.text or "").strip()]
        if runs:
            runs[0].text = "Added " + runs[0].text
    row.addnext(new)


def cell_text(body: etree._Element) -> None:
    tables = _tables(body, 5)
    if len(tables) < 2:
        raise NotApplicable
    for p in [p for p in tables[1].iter(w("p")) if text(p).strip()][3:6]:
        runs = [t for t in p.iter(w("t")) if (t.text or "").strip()]
        runs[-1].text += " (revised)"


def table_deleted(body: etree._Element) -> None:
    tables = [t for t in body if t.tag == w("tbl")]
    if len(tables) < 3:
        raise NotApplicable
    body.remove(tables[2])


def para_deleted_note(body: etree._Element) -> None:
    remove_paragraph(_first(p for p in body.iter(w("p")) if _has(p, "footnoteReference")))


def para_deleted_link(body: etree._Element) -> None:
    remove_paragraph(_first(p for p in body.iter(w("p")) if _has(p, "hyperlink")))


def para_deleted_bookmark(body: etree._Element) -> None:
    remove_paragraph(_first(p for p in body.iter(w("p")) if _has(p, "bookmarkStart") and text(p).strip()))


def para_deleted_drawing(body: etree._Element) -> None:
    p = _first(p for p in body.iter(w("p")) if _has(p, "drawing"))
    last = p.getnext() is None or p.getnext().tag in (w("sectPr"),)
    if last or (p.getparent().tag == w("tc") and len(p.getparent().findall(w("p"))) == 1):
        for child in [c for c in p if c.tag != w("pPr")]:  # a story's last paragraph stays: its content goes
            p.remove(child)
    else:
        remove_paragraph(p)


def section_break_deleted(body: etree._Element) -> None:
    remove_paragraph(_first(p for p in body if p.tag == w("p") and p.find(f"{w('pPr')}/{w('sectPr')}") is not None))


def para_moved(body: etree._Element) -> None:
    paras = _texts(body)
    if len(paras) < 12:
        raise NotApplicable
    _move_down(body, paras[len(paras) // 3], 4)


def para_moved_link(body: etree._Element) -> None:
    _move_down(body, _first(p for p in _texts(body) if _has(p, "hyperlink")), 3)


def para_moved_note(body: etree._Element) -> None:
    _move_down(body, _first(p for p in _texts(body) if _has(p, "footnoteReference")), 3)


def para_added_copy(body: etree._Element) -> None:
    linked = [p for p in body if p.tag == w("p") and _has(p, "hyperlink")]
    if len(linked) < 2:
        raise NotApplicable
    linked[-1].addnext(copy.deepcopy(linked[0]))


def words_changed(body: etree._Element) -> None:
    changed = 0
    for p in _texts(body)[5:40:7]:
        runs = [t for t in p.iter(w("t")) if len((t.text or "").split()) > 3]
        if runs:
            words = runs[0].text.split(" ")
            words[1] = words[1].upper()
            runs[0].text = " ".join(words)
            changed += 1
    if not changed:
        raise NotApplicable


def sentence_deleted(body: etree._Element) -> None:
    paras = [p for p in _texts(body) if text(p).count(". ") >= 2 and not _has(p, "hyperlink")]
    if len(paras) < 3:
        raise NotApplicable
    t = max(paras[2].iter(w("t")), key=lambda t: len(t.text or ""))
    cut = (t.text or "").find(". ")
    if cut <= 0:
        raise NotApplicable
    t.text = t.text[:cut + 1]


def sentence_added(body: etree._Element) -> None:
    paras = [p for p in _texts(body) if text(p).rstrip().endswith(".")]
    if not paras:
        raise NotApplicable
    p = paras[len(paras) // 2]
    run = [r for r in p.findall(w("r")) if r.find(w("t")) is not None][-1]
    new = copy.deepcopy(run)
    t = new.find(w("t"))
    t.text = " The delegation added this sentence in its proposal."
    t.set(_XML_SPACE, "preserve")
    run.addnext(new)


def bold_added(body: etree._Element) -> None:
    paras = _texts(body)
    if not paras:
        raise NotApplicable
    for run in paras[len(paras) // 2].iter(w("r")):
        rpr = run.find(w("rPr"))
        if rpr is None:
            rpr = etree.Element(w("rPr"))
            run.insert(0, rpr)
        if rpr.find(w("b")) is None:
            rpr.insert(sum(1 for c in rpr if c.tag in (w("rStyle"), w("rFonts"))), etree.Element(w("b")))


BODY_EDITS: dict[str, Callable[[etree._Element], None]] = {f.__name__: f for f in (
    row_deleted, row_added, cell_text, table_deleted, para_deleted_note, para_deleted_link, para_deleted_bookmark,
    para_deleted_drawing, section_break_deleted, para_moved, para_moved_link, para_moved_note, para_added_copy,
    words_changed, sentence_deleted, sentence_added, bold_added)}


# --- edits of other parts ------------------------------------------------------------------------------------


def url_changed(parts: dict[str, bytes]) -> dict[str, bytes]:
    rels = parts["word/_rels/document.xml.rels"].decode()
    found = re.search(r'Target="(https?://[^"]+)" TargetMode="External"', rels)
    if found is None:
        raise NotApplicable
    moved = found.group(0).replace(found.group(1), found.group(1) + "?rev=2")
    return {**parts, "word/_rels/document.xml.rels": rels.replace(found.group(0), moved, 1).encode()}


def header_symbol(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The document symbol in the headers gets a revision suffix (only where it is one text node)."""
    out = dict(parts)
    for name, data in parts.items():
        if name.startswith("word/header"):
            out[name] = re.sub(rb"(<w:t>)((?:A|S|E)/[0-9]{2}/[0-9]+)(</w:t>)", rb"\1\2/Rev.1\3", data)
    if out == parts:
        raise NotApplicable
    return out


PART_EDITS: dict[str, Callable[[dict[str, bytes]], dict[str, bytes]]] = {
    "url_changed": url_changed, "header_symbol": header_symbol}

EDITS = (*BODY_EDITS, *PART_EDITS)


def read_parts(path: Path | str) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def edited(parts: dict[str, bytes], name: str) -> dict[str, bytes]:
    """`parts` with edit `name` made (NotApplicable when the document has nothing it changes)."""
    if name in PART_EDITS:
        return PART_EDITS[name](parts)
    root = etree.fromstring(parts["word/document.xml"])
    BODY_EDITS[name](root.find(w("body")))
    return {**parts, "word/document.xml": etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                         standalone=True)}


def write_parts(parts: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path
