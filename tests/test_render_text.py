"""The renderer keeps every character: XML's special characters and very long text nodes come back unchanged."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from resdraft.model import Block, Emphasis, Footnote, FootnoteRef, Resolution
from resdraft.render import render_docx_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

TRICKY = "A & B < C > D ]]> \"q\" 'a' &amp; \u00a0nbsp  two  spaces\u2028sep é\U0001f600 "


def _resolution(text: str, note: str = "note") -> Resolution:
    blocks = [
        Block(kind="preambular", label="PP1", text=text, number=None, number_text="", numbering="none",
              emphasis=[Emphasis(2, 7, "italic")], footnote_refs=[FootnoteRef(1, 3)]),
        Block(kind="operative", label="OP1", text=text, number="1", number_text="1.", numbering="typed",
              style="Heading 1"),
    ]
    return Resolution(path="t.md", format="md", blocks=blocks, footnotes=[Footnote(1, note, label="FN1")])


def _texts(data: bytes, part: str) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read(part), etree.XMLParser(huge_tree=True))
    return ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in root.iter(f"{{{W}}}p")]


def test_special_characters_come_back_unchanged() -> None:
    data = render_docx_bytes(_resolution(TRICKY, note=TRICKY))
    assert _texts(data, "word/document.xml")[:2] == [TRICKY, "1." + TRICKY]
    assert _texts(data, "word/footnotes.xml")[-1] == " " + TRICKY


def test_a_paragraph_past_libxml2s_text_limit_renders() -> None:
    """One text node over 10 MB (libxml2's limit without `huge_tree`), as elements built one by one allowed."""
    text = "é" * 5_500_000  # 11 MB in UTF-8
    block = Block(kind="operative", label="OP1", text=text, number="1", number_text="1.", numbering="typed")
    data = render_docx_bytes(Resolution(path="t.md", format="md", blocks=[block]))
    assert _texts(data, "word/document.xml")[0] == "1." + text
