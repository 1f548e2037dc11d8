"""Paragraph property changes in compare: style, alignment, indentation as `w:pPrChange` (issue 12)."""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from support import ooxml_check, richdocx, xmlcounts

pytestmark = pytest.mark.ooxml_unguarded("outputs are validated here")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DATE = "2023-03-01T10:00:00Z"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def _edit_docx(path: Path, edit: Callable[[etree._Element], None]) -> None:
    """Rewrite word/document.xml of `path` through `edit`."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    edit(root)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _para_with(root: etree._Element, text: str) -> etree._Element:
    for p in root.iter(w("p")):
        if text in "".join(t.text or "" for t in p.iter(w("t"))):
            return p
    raise KeyError(text)


def _ppr(p: etree._Element) -> etree._Element:
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    return ppr


def _centre_and_indent(root: etree._Element) -> None:
    ppr = _ppr(_para_with(root, "Invites"))
    ppr.append(etree.Element(w("ind"), {w("left"): "720"}))
    ppr.append(etree.Element(w("jc"), {w("val"): "center"}))


def _heading(root: etree._Element) -> None:
    ppr = _ppr(_para_with(root, "Schedule of reports"))
    for el in ppr.findall(w("pStyle")):
        ppr.remove(el)
    ppr.insert(0, etree.Element(w("pStyle"), {w("val"): "Normal"}))


def _spelled_out_defaults(root: etree._Element) -> None:
    """What another word processor writes for the same formatting: default style and left alignment spelled out."""
    ppr = _ppr(_para_with(root, "Invites"))
    ppr.insert(0, etree.Element(w("pStyle"), {w("val"): "Normal"}))
    ppr.append(etree.Element(w("jc"), {w("val"): "left"}))


def _pair(tmp_path: Path, edit: Callable[[etree._Element], None]) -> tuple[Path, Path, Path, etree._Element]:
    from resdraft.cli import main

    old = richdocx.write_docx(richdocx.base_draft(), tmp_path / "old.docx")
    new = richdocx.write_docx(richdocx.base_draft(), tmp_path / "new.docx")
    _edit_docx(new, edit)
    out = tmp_path / "out.docx"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
            contextlib.suppress(SystemExit):
        main(["compare", str(old), str(new), "-o", str(out), "--date", DATE, "--force"])
    assert out.is_file()
    return old, new, out, etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))


def _resolved(out: Path, accept: bool) -> etree._Element:
    root = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    return xmlcounts.resolve(root, accept)


def _props(root: etree._Element, text: str) -> list[bytes]:
    ppr = _para_with(root, text).find(w("pPr"))
    return [etree.tostring(c) for c in ppr if c.tag in (w("pStyle"), w("jc"), w("ind"))] if ppr is not None else []


@pytest.mark.parametrize(("edit", "text"), [(_centre_and_indent, "Invites"), (_heading, "Schedule of reports")],
                         ids=["alignment-indent", "style"])
def test_paragraph_property_change_is_tracked(tmp_path: Path, edit: Callable[[etree._Element], None],
                                              text: str) -> None:
    old, new, out, body = _pair(tmp_path, edit)
    assert len(body.findall(f".//{w('pPrChange')}")) == 1
    new_root = etree.fromstring(zipfile.ZipFile(new).read("word/document.xml"))
    old_root = etree.fromstring(zipfile.ZipFile(old).read("word/document.xml"))
    assert _props(_resolved(out, True), text) == _props(new_root, text)
    assert _props(_resolved(out, False), text) == _props(old_root, text)
    if ooxml_check.schema_available():
        ooxml_check.assert_valid_docx(out, old, new, what="compare output")


def test_defaults_spelled_out_are_no_change(tmp_path: Path) -> None:
    _, _, _, body = _pair(tmp_path, _spelled_out_defaults)
    assert body.findall(f".//{w('pPrChange')}") == []


@pytest.mark.office
def test_libreoffice_reads_the_change(tmp_path: Path, office: Any) -> None:
    """LibreOffice 7.4 applies the change on accept and restores OLD's alignment and indent on reject."""
    old, new, out, _ = _pair(tmp_path, _centre_and_indent)
    saved = {"accepted": tmp_path / "acc.docx", "rejected": tmp_path / "rej.docx"}
    rt = office.texts(out, save=saved, reject=True)
    assert rt.redlines_after_accept == 0 and rt.redlines_after_reject == 0
    assert rt.accepted == office.texts(new, reject=False).original
    assert rt.rejected == office.texts(old, reject=False).original
    got = {}
    for stage, path in saved.items():
        ppr = _para_with(etree.fromstring(zipfile.ZipFile(path).read("word/document.xml")), "Invites").find(w("pPr"))
        jc = ppr.find(w("jc")) if ppr is not None else None
        ind = ppr.find(w("ind")) if ppr is not None else None
        got[stage] = (jc.get(w("val")) if jc is not None else None, ind.get(w("left")) if ind is not None else None)
    assert got["accepted"] == ("center", "720")
    assert got["rejected"][0] in (None, "left", "start") and got["rejected"][1] in (None, "0")
