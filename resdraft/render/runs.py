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


def _add_run(p: etree._Element, text: str, *, italic: bool = False, bold: bool = False) -> None:
    """A `w:r` holding `text`, as python-docx's `add_run` writes it: a tab is `w:tab`, a line break `w:br`."""
    run = etree.SubElement(p, _R)
    if italic or bold:
        rpr = etree.SubElement(run, _RPR)
        if bold:
            etree.SubElement(rpr, _B)
        if italic:
            etree.SubElement(rpr, _I)
    for piece in _CONTENT_SPLIT.split(text):
        if piece == "\t":
            etree.SubElement(run, _TAB)
        elif piece in ("\r", "\n"):
            etree.SubElement(run, _BR)
        elif piece:
            t = etree.SubElement(run, _T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")


def _clean(text: str) -> str:
    """Replace characters XML cannot hold, keeping offsets unchanged."""
    return _XML_INVALID_RE.sub(" ", text)
