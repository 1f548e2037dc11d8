"""compare tracks header and footer changes in their own parts, word by word, and keeps their fields."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree
from support import richdocx, xmlcounts

from resdraft.redline.compare import compare_to_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DATE = "2024-05-01T10:00:00Z"


def _pair(tmp_path: Path, old_symbol: str, new_symbol: str) -> tuple[Path, Path]:
    old, new = richdocx.base_draft(), richdocx.base_draft()
    old.symbol, new.symbol = old_symbol, new_symbol
    return richdocx.write_docx(old, tmp_path / "old.docx"), richdocx.write_docx(new, tmp_path / "new.docx")


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(name))


def _texts(root: etree._Element, path: str) -> list[str]:
    return ["".join(el.itertext()) for el in root.iterfind(path, {"w": W})]


def test_only_the_changed_words_of_the_header_are_tracked(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, "ICC-ASP/21/L.5 Distr.: limited", "ICC-ASP/21/L.5 Distr.: general")
    out = compare_to_bytes(old, new, date=DATE)
    header = _part(out, "word/header1.xml")
    assert _texts(header, ".//w:del") == ["limited"]
    assert _texts(header, ".//w:ins") == ["general"]
    accepted, rejected = xmlcounts.accept_all(out), xmlcounts.reject_all(out)
    assert accepted.headers == ["ICC-ASP/21/L.5 Distr.: general"]
    assert rejected.headers == ["ICC-ASP/21/L.5 Distr.: limited"]


def test_the_footer_page_field_survives_and_is_not_a_change(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, "ICC-ASP/21/L.5", "ICC-ASP/21/L.5/Rev.1")
    out = compare_to_bytes(old, new, date=DATE)
    footer = _part(out, "word/footer1.xml")
    with zipfile.ZipFile(old) as zf:
        before = etree.fromstring(zf.read("word/footer1.xml"))
    assert etree.tostring(footer, method="c14n") == etree.tostring(before, method="c14n")
    assert len(footer.findall(".//w:fldChar", {"w": W})) == 3


def test_an_identical_header_is_left_alone(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, "ICC-ASP/21/L.5", "ICC-ASP/21/L.5")
    header = _part(compare_to_bytes(old, new, date=DATE), "word/header1.xml")
    assert header.find(".//w:ins", {"w": W}) is None and header.find(".//w:del", {"w": W}) is None
