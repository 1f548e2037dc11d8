"""Runs of rendered text: clean XML characters, tabs and breaks, italic and bold, written with lxml."""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from lxml import etree

_XML_INVALID_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_CONTENT_SPLIT = re.compile(r"([\t\r\n])")


_R, _RPR, _B, _I, _T, _TAB, _BR = (qn(t) for t in ("w:r", "w:rPr", "w:b", "w:i", "w:t", "w:tab", "w:br"))


_PPR, _TABS, _IND = qn("w:pPr"), qn("w:tabs"), qn("w:ind")


_POS, _VAL, _FIRST_LINE, _XML_SPACE = qn("w:pos"), qn("w:val"), qn("w:firstLine"), qn("xml:space")


#: One run per (bold, italic) with its `w:rPr` and an empty `w:t`: a copy of it is a third of the cost of
#: building the run element by element, and a long draft renders a run per stretch of text.
_RUN_PROTOTYPES: dict[tuple[bool, bool], etree._Element] = {}


def _run_prototype(bold: bool, italic: bool) -> etree._Element:
    key = (bold, italic)
    run = _RUN_PROTOTYPES.get(key)
    if run is None:
        run = etree.Element(_R)
        if italic or bold:
            rpr = etree.SubElement(run, _RPR)
            if bold:
                etree.SubElement(rpr, _B)
            if italic:
                etree.SubElement(rpr, _I)
        etree.SubElement(run, _T)
        _RUN_PROTOTYPES[key] = run
    return run


def _add_run(p: etree._Element, text: str, *, italic: bool = False, bold: bool = False) -> None:
    """A `w:r` holding `text`, as python-docx's `add_run` writes it: a tab is `w:tab`, a line break `w:br`."""
    run = _run_prototype(bold, italic).__copy__()
    p.append(run)
    t = run[-1]
    if "\t" not in text and "\n" not in text and "\r" not in text:  # one stretch of text: most runs
        if text:
            _set_text(t, text)
        else:
            run.remove(t)
        return
    run.remove(t)
    for piece in _CONTENT_SPLIT.split(text):
        if piece == "\t":
            etree.SubElement(run, _TAB)
        elif piece in ("\r", "\n"):
            etree.SubElement(run, _BR)
        elif piece:
            _set_text(etree.SubElement(run, _T), piece)


def _set_text(t: etree._Element, text: str) -> None:
    """`text` in `t`, marked to keep its spaces when it starts or ends with white space."""
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")


def _clean(text: str) -> str:
    """Replace characters XML cannot hold, keeping offsets unchanged."""
    if text.isascii() and text.isprintable():  # no control character at all: two C loops, not a regex scan
        return text
    return _XML_INVALID_RE.sub(" ", text)
