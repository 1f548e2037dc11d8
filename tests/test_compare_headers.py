"""compare beyond body text: headers and footers (in their own parts), hyperlink targets, field results."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree
from support import richdocx, xmlcounts

from resdraft.redline.comparison import compare_to_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
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


def test_a_changed_link_target_is_a_tracked_change_of_the_link(tmp_path: Path) -> None:
    old_draft = richdocx.base_draft()
    new_draft = richdocx.clone(old_draft)
    link = new_draft.para("hyperlink").pieces[2]
    assert isinstance(link, richdocx.Link)
    link.url = "https://example.org/other-page"
    old = richdocx.write_docx(old_draft, tmp_path / "old.docx")
    new = richdocx.write_docx(new_draft, tmp_path / "new.docx")
    out = compare_to_bytes(old, new, date=DATE)
    doc = _part(out, "word/document.xml")
    links = doc.findall(".//w:hyperlink[@r:id]", {"w": W, "r": R})
    assert [link.find("w:del", {"w": W}) is not None for link in links] == [True, False]
    assert links[1].find("w:ins", {"w": W}) is not None
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        rels = etree.fromstring(zf.read("word/_rels/document.xml.rels"))
    new_rel = next(r for r in rels if r.get("Id") == links[1].get(f"{{{R}}}id"))
    assert (new_rel.get("Target"), new_rel.get("TargetMode")) == ("https://example.org/other-page", "External")
    assert "https://example.org/other-page" in xmlcounts.accept_all(out).hyperlinks
    assert "https://example.org/other-page" not in xmlcounts.reject_all(out).hyperlinks



def _resolved_text(out: bytes, accept: bool) -> str:
    """The hyperlink paragraph's text with every revision accepted (or rejected), in lxml."""
    doc = _part(out, "word/document.xml")
    ns = {"w": W}
    p = next(p for p in doc.iterfind(".//w:body/w:p", ns) if "calendar of meetings" in "".join(p.itertext()))
    gone = ("del",) if accept else ("ins",)
    return "".join(t.text or "" for t in p.iter(f"{{{W}}}t", f"{{{W}}}delText")
                   if not any(a.tag in {f"{{{W}}}{g}" for g in gone} for a in t.iterancestors()))


def test_a_changed_link_is_kept_apart_from_the_old_one(tmp_path: Path) -> None:
    """The deleted and the inserted link do not touch (LibreOffice 7.4 mixes up their targets when they do):
    the character after them is deleted between them and inserted again; the text reads the same both ways."""
    old_draft = richdocx.base_draft()
    new_draft = richdocx.clone(old_draft)
    link = new_draft.para("hyperlink").pieces[2]
    assert isinstance(link, richdocx.Link)
    link.url = "https://example.org/other-page"
    old = richdocx.write_docx(old_draft, tmp_path / "old.docx")
    new = richdocx.write_docx(new_draft, tmp_path / "new.docx")
    out = compare_to_bytes(old, new, date=DATE)
    doc = _part(out, "word/document.xml")
    first, second = doc.findall(".//w:hyperlink[@r:id]", {"w": W, "r": R})
    between = first.getnext()
    assert between.tag == f"{{{W}}}del" and between.getnext() is second
    want = "Recalling the calendar of meetings kept on the public pages of the Assembly,"
    assert _resolved_text(out, accept=True) == want == _resolved_text(out, accept=False)
    assert xmlcounts.accept_all(out).hyperlinks == xmlcounts.counts(new).hyperlinks
    assert xmlcounts.reject_all(out).hyperlinks == xmlcounts.counts(old).hyperlinks


def _ref_pair(tmp_path: Path, old_result: str, new_result: str) -> tuple[Path, Path]:
    old_draft = richdocx.base_draft()
    new_draft = richdocx.clone(old_draft)
    for draft, result in ((old_draft, old_result), (new_draft, new_result)):
        fld = next(x for x in draft.para("field").pieces if isinstance(x, richdocx.Field))
        fld.result = result
    return (richdocx.write_docx(old_draft, tmp_path / "old.docx"),
            richdocx.write_docx(new_draft, tmp_path / "new.docx"))


def test_a_changed_field_result_replaces_the_whole_field(tmp_path: Path) -> None:
    old, new = _ref_pair(tmp_path, "2.", "4.")
    doc = _part(compare_to_bytes(old, new, date=DATE), "word/document.xml")
    ns = {"w": W}
    gone = next(d for d in doc.iterfind(".//w:del", ns) if d.find(".//w:delInstrText", ns) is not None)
    came = gone.getnext()
    assert came.tag == f"{{{W}}}ins" and "REF _Ref_op2" in "".join(came.itertext())
    assert "".join(t.text for t in gone.iterfind(".//w:delText", ns)) == "2."
    assert [c.get(f"{{{W}}}fldCharType") for c in came.iterfind(".//w:fldChar", ns)] == ["begin", "separate", "end"]
    assert "".join(t.text for t in came.iterfind(".//w:t", ns)) == "4."


def test_a_symbol_held_as_a_field_result_in_the_header_is_one_field_change(tmp_path: Path) -> None:
    """UN headers often show the symbol as a DOCVARIABLE result: the field is replaced whole."""
    old, new = _pair(tmp_path, "A/80/123", "A/80/123/Rev.1")
    for path in (old, new):  # the header's symbol run becomes the result of a DOCVARIABLE field
        with zipfile.ZipFile(path) as zf:
            parts = {n: zf.read(n) for n in zf.namelist()}
        header = parts["word/header1.xml"].decode()
        start = header.index("<w:r><w:t")
        end = header.index("</w:r>", start) + len("</w:r>")
        parts["word/header1.xml"] = (
            header[:start] + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
            ' DOCVARIABLE "symbol" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            + header[start:end] + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + header[end:]).encode()
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in parts.items():
                zf.writestr(name, data)
    out = compare_to_bytes(old, new, date=DATE)
    header = _part(out, "word/header1.xml")
    ns = {"w": W}
    assert [el.text for el in header.iterfind(".//w:del//w:delInstrText", ns)] == [' DOCVARIABLE "symbol" ']
    assert [el.text for el in header.iterfind(".//w:ins//w:instrText", ns)] == [' DOCVARIABLE "symbol" ']
    assert xmlcounts.accept_all(out).headers == xmlcounts.counts(new).headers
    assert xmlcounts.reject_all(out).headers == xmlcounts.counts(old).headers


def _wrap_header_in_control(path: Path) -> None:
    """Put the header's runs inside an inline content control, as LibreOffice does when it saves some drafts."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    root = etree.fromstring(parts["word/header1.xml"])
    p = root.find(f"{{{W}}}p")
    runs = p.findall(f"{{{W}}}r")
    sdt = etree.SubElement(p, f"{{{W}}}sdt")
    pr = etree.SubElement(sdt, f"{{{W}}}sdtPr")
    etree.SubElement(pr, f"{{{W}}}id").set(f"{{{W}}}val", "77")
    content = etree.SubElement(sdt, f"{{{W}}}sdtContent")
    content.extend(runs)
    parts["word/header1.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def test_header_text_inside_a_content_control_is_read_not_lost(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, "ICC-ASP/21/L.5", "ICC-ASP/21/L.5")
    _wrap_header_in_control(new)
    out = compare_to_bytes(old, new, date=DATE)
    header = _part(out, "word/header1.xml")
    assert header.find(".//w:del", {"w": W}) is None  # the same words: nothing to track
    assert xmlcounts.accept_all(out).headers == ["ICC-ASP/21/L.5"]


def test_a_changed_header_inside_a_content_control_is_tracked(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, "ICC-ASP/21/L.5", "ICC-ASP/21/L.5/Rev.1")
    _wrap_header_in_control(old)
    _wrap_header_in_control(new)
    out = compare_to_bytes(old, new, date=DATE)
    assert xmlcounts.accept_all(out).headers == ["ICC-ASP/21/L.5/Rev.1"]
    assert xmlcounts.reject_all(out).headers == ["ICC-ASP/21/L.5"]
    assert _part(out, "word/header1.xml").find(".//w:sdt", {"w": W}) is not None  # the control is kept
