"""Runs of rendered text as WordprocessingML text: clean XML characters, tabs and breaks, italic and bold.

The renderer writes each paragraph as XML text and parses the body once (`render.xmltext`): lxml
builds an element per call (about 2 us, with python-docx's element classes), and a paragraph
has seven or more, while libxml2 parses the same XML in a tenth of the time. The parsed tree is
the one the calls built, so the document saved is byte for byte the same.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

__all__ = ["attr", "clean", "run_xml", "text_xml"]

_XML_INVALID_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_CONTENT_SPLIT = re.compile(r"([\t\r\n])")


def attr(value: str) -> str:
    """`value` as a quoted XML attribute value (the standard library's `quoteattr`, which also keeps
    tabs and newlines from the parser's attribute normalisation)."""
    return quoteattr(value, {"\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})


def text_xml(text: str) -> str:
    """A `w:t` holding `text` (no tab or break in it), with `xml:space="preserve"` when it has outer spaces."""
    if len(text.strip()) < len(text):
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    return f"<w:t>{escape(text)}</w:t>"


def run_xml(text: str, *, italic: bool = False, bold: bool = False) -> str:
    """A `w:r` holding `text`, as python-docx's `add_run` writes it: a tab is `w:tab`, a line break `w:br`."""
    parts = ["<w:r>"]
    if italic or bold:
        parts.append(f"<w:rPr>{'<w:b/>' if bold else ''}{'<w:i/>' if italic else ''}</w:rPr>")
    for piece in _CONTENT_SPLIT.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            parts.append(text_xml(piece))
    parts.append("</w:r>")
    return "".join(parts)


def clean(text: str) -> str:
    """Replace characters XML cannot hold, keeping offsets unchanged."""
    return _XML_INVALID_RE.sub(" ", text)
