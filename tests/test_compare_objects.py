"""compare on what a text diff does not see: drawings, section breaks, property order, shared link targets.

The drafts are built here, small, each with the one quirk a real Word (or
pdf2docx) file has: a paragraph that holds only an image, an image added
next to changed words, two identical empty paragraphs of which one ends a
section, a paragraph whose `w:pPr` children are out of schema order, two
hyperlinks that share one relationship. Each test checks the redline's
XML and resolves it in lxml (`support.xmlcounts`): accept-all has NEW's
counts, reject-all OLD's.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from support import ooxml_check, xmlcounts

from resdraft.redline.comparison import compare_to_bytes
from tests.docxbuild import para, run
from tests.test_compare_features import build, image

DATE = "2024-05-01T10:00:00Z"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _pair(tmp_path: Path, old_body: str, new_body: str, **kw: object) -> tuple[Path, Path, bytes]:
    old = build(tmp_path / "old.docx", old_body, **kw)  # type: ignore[arg-type]
    new = build(tmp_path / "new.docx", new_body, **kw)  # type: ignore[arg-type]
    return old, new, compare_to_bytes(old, new, author="Facilitator", date=DATE)


def _document(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


def _resolves(old: Path, new: Path, data: bytes) -> None:
    assert xmlcounts.accept_all(data).diff(xmlcounts.counts(new)) == {}
    assert xmlcounts.reject_all(data).diff(xmlcounts.counts(old)) == {}


OPENING = para("The Assembly of States Parties,")
CLOSING = para("Decides to remain seized of the matter.")
IMAGES = {"images": {"rIdImg1": "seal.png"}}


# --- 1. drawings ---------------------------------------------------------------------------------------------


def test_image_removed_from_a_paragraph_that_holds_only_it_is_a_tracked_deletion(tmp_path: Path) -> None:
    old, new, data = _pair(tmp_path, OPENING + para(image("rIdImg1", 1)) + CLOSING, OPENING + para() + CLOSING,
                           **IMAGES)
    doc = _document(data)
    deleted = [d for d in doc.iter(w("del")) if d.find(f".//{w('drawing')}") is not None]
    assert len(deleted) == 1
    assert len(list(doc.iter(w("drawing")))) == 1  # the image is still there, as a deletion: not dropped
    _resolves(old, new, data)


def test_image_added_to_an_empty_paragraph_is_copied_from_new_as_an_insertion(tmp_path: Path) -> None:
    old, new, data = _pair(tmp_path, OPENING + para() + CLOSING, OPENING + para(image("rIdImg1", 1)) + CLOSING,
                           **IMAGES)
    doc = _document(data)
    inserted = [i for i in doc.iter(w("ins")) if i.find(f".//{w('drawing')}") is not None]
    assert len(inserted) == 1
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert any(n.startswith("word/media/") for n in zf.namelist())  # its media part came with it
    _resolves(old, new, data)


def test_image_added_where_the_text_is_the_same_goes_where_new_has_it(tmp_path: Path) -> None:
    old, new, data = _pair(tmp_path, OPENING + para("Welcomes the seal of the Registry;") + CLOSING,
                           OPENING + para("Welcomes the seal ", image("rIdImg1", 1), "of the Registry;") + CLOSING,
                           **IMAGES)
    doc = _document(data)
    ins = next(i for i in doc.iter(w("ins")) if i.find(f".//{w('drawing')}") is not None)
    before, after = ins.getprevious(), ins.getnext()
    assert "".join(before.itertext()).endswith("seal ") and "".join(after.itertext()).startswith("of the")
    _resolves(old, new, data)


def test_image_added_to_a_paragraph_whose_words_also_change_is_tracked(tmp_path: Path) -> None:
    old, new, data = _pair(tmp_path, OPENING + para("Welcomes the seal of the Registry;") + CLOSING,
                           OPENING + para("Welcomes the new seal of the Registry;", image("rIdImg1", 1)) + CLOSING,
                           **IMAGES)
    doc = _document(data)
    assert [i for i in doc.iter(w("ins")) if i.find(f".//{w('drawing')}") is not None]
    _resolves(old, new, data)


def test_a_kept_image_is_left_alone(tmp_path: Path) -> None:
    body = OPENING + para("Welcomes the seal ", image("rIdImg1", 1), " of the Registry;")
    old, new, data = _pair(tmp_path, body + CLOSING, body + para("Notes the report.") + CLOSING, **IMAGES)
    doc = _document(data)
    assert not [r for r in doc.iter(w("ins"), w("del")) if r.find(f".//{w('drawing')}") is not None]
    _resolves(old, new, data)


# --- 2. ties between identical paragraphs ----------------------------------------------------------------------

SECTION = ('<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
           '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" '
           'w:gutter="0"/></w:sectPr>')


PORTRAIT = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" '
            'w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>')  # the body's own, last


def _marks_deleted(doc: etree._Element) -> list[etree._Element]:
    return [p for p in doc.iter(w("p")) if p.find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is not None]


def test_of_two_empty_paragraphs_the_one_deleted_is_the_one_new_dropped_with_its_section_break(
        tmp_path: Path) -> None:
    old_body = OPENING + para(ppr=SECTION) + para() + CLOSING + PORTRAIT
    new_body = OPENING + para() + CLOSING + PORTRAIT  # the section break and its empty paragraph are gone
    old, new, data = _pair(tmp_path, old_body, new_body)
    deleted = _marks_deleted(_document(data))
    assert len(deleted) == 1 and deleted[0].find(f"{w('pPr')}/{w('sectPr')}") is not None
    _resolves(old, new, data)


def test_of_two_empty_paragraphs_the_one_kept_is_the_one_with_the_section_break_after_it(tmp_path: Path) -> None:
    old_body = OPENING + para() + para(ppr=SECTION) + CLOSING + PORTRAIT
    new_body = OPENING + para(ppr=SECTION) + CLOSING + PORTRAIT  # the plain empty paragraph before the break is gone
    old, new, data = _pair(tmp_path, old_body, new_body)
    deleted = _marks_deleted(_document(data))
    assert len(deleted) == 1 and deleted[0].find(f"{w('pPr')}/{w('sectPr')}") is None
    _resolves(old, new, data)


def test_of_two_empty_paragraphs_the_one_deleted_is_the_one_without_the_image(tmp_path: Path) -> None:
    old_body = OPENING + para() + para(image("rIdImg1", 1)) + CLOSING
    new_body = OPENING + para(image("rIdImg1", 1)) + CLOSING
    old, new, data = _pair(tmp_path, old_body, new_body, **IMAGES)
    doc = _document(data)
    assert not [r for r in doc.iter(w("del")) if r.find(f".//{w('drawing')}") is not None]
    _resolves(old, new, data)


# --- 3. properties in schema order ----------------------------------------------------------------------------

XSD = "{http://www.w3.org/2001/XMLSchema}"
# a converter's order: w:tabs after w:autoSpaceDN, w:jc before w:ind (the schema wants them the other way)
MISORDERED = ('<w:autoSpaceDN w:val="0"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs>'
              '<w:jc w:val="both"/><w:ind w:left="0" w:firstLine="0"/><w:spacing w:after="120"/>')


def _sequence(name: str, kind: str = "complexType") -> list[str]:
    tree = etree.parse(str(ooxml_check.SCHEMA_DIR / "wml.xsd"))
    found = tree.find(f"{XSD}{kind}[@name='{name}']")
    assert found is not None
    return [el.get("name") for el in found.iter(f"{XSD}element")]


def test_the_order_tables_are_the_schemas() -> None:
    from resdraft.ooxml.order import PARA_RPR_ORDER, PPR_ORDER, RPR_ORDER

    if not ooxml_check.schema_available():
        pytest.skip("../shared/ooxml-schema absent")
    assert list(PPR_ORDER) == _sequence("CT_PPrBase") + _sequence("CT_PPr")
    assert list(RPR_ORDER) == [*_sequence("EG_RPrBase", "group"), "rPrChange"]
    assert list(PARA_RPR_ORDER) == _sequence("EG_ParaRPrTrackChanges", "group") + list(RPR_ORDER)


def test_the_content_control_order_is_the_schemas_and_libreoffices_order_is_mended() -> None:
    from resdraft.ooxml.order import SDTPR_ORDER, ordered_sdtpr

    if ooxml_check.schema_available():
        seq = _sequence("CT_SdtPr")
        assert list(SDTPR_ORDER) == seq[:len(SDTPR_ORDER)]  # then the choice of the control's type
    sdtpr = etree.fromstring(f'<w:sdtPr xmlns:w="{W}"><w:id w:val="9"/><w:text/><w:alias w:val="Deadline"/>'
                             '<w:rPr><w:i/><w:rStyle w:val="X"/></w:rPr></w:sdtPr>')  # as LibreOffice saves it
    ordered_sdtpr(sdtpr)
    assert [etree.QName(c).localname for c in sdtpr] == ["rPr", "alias", "id", "text"]
    assert [etree.QName(c).localname for c in sdtpr.find(w("rPr"))] == ["rStyle", "i"]


def test_ordered_ppr_sorts_a_converters_properties_and_keeps_unknown_ones_in_place() -> None:
    from resdraft.ooxml.order import ordered_ppr

    ppr = etree.fromstring(f'<w:pPr xmlns:w="{W}" xmlns:x="urn:x">{MISORDERED}<x:ext/>'
                           '<w:rPr><w:b/><w:del w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z"/></w:rPr>'
                           '<w:pStyle w:val="Body"/></w:pPr>')
    ordered_ppr(ppr)
    assert [etree.QName(c).localname for c in ppr] == ["pStyle", "tabs", "autoSpaceDN", "spacing", "ext", "ind",
                                                       "jc", "rPr"]  # ext: after spacing, as it was
    assert [etree.QName(c).localname for c in ppr.find(w("rPr"))] == ["del", "b"]


@pytest.mark.parametrize("edit", ["moved", "inserted"])
def test_a_paragraph_with_misordered_properties_is_written_in_schema_order(tmp_path: Path, edit: str) -> None:
    if not ooxml_check.schema_available():
        pytest.skip("../shared/ooxml-schema absent")
    odd = para("Requests the Secretary-General to report on the matter;", ppr=MISORDERED)
    first, second = para("Welcomes the report of the Committee;"), para("Notes the estimates in the annex;")
    old_body = OPENING + odd + first + second + CLOSING
    new_body = (OPENING + first + second + odd + CLOSING if edit == "moved"
                else OPENING + odd + para("Urges States to pay in full;") + first + second + CLOSING)
    old, new, data = _pair(tmp_path, old_body, new_body)
    ooxml_check.assert_valid_docx(data, old, new, what=f"a paragraph {edit}")
    _resolves(old, new, data)


# LibreOffice writes a control's w:id before its w:alias (CT_SdtPr wants alias, tag, id)
_LO_SDTPR = '<w:sdtPr><w:id w:val="7"/><w:alias w:val="Operative"/><w:tag w:val="op1"/></w:sdtPr>'


@pytest.mark.parametrize("level", ["block", "inline"])
def test_a_moved_control_with_properties_in_libreoffices_order_is_written_in_schema_order(
        tmp_path: Path, level: str) -> None:
    if not ooxml_check.schema_available():
        pytest.skip("../shared/ooxml-schema absent")
    words = "Decides to remain seized of the matter;"
    control = (f'<w:sdt>{_LO_SDTPR}<w:sdtContent>{para(words)}</w:sdtContent></w:sdt>' if level == "block"
               else para(f'<w:sdt>{_LO_SDTPR}<w:sdtContent>{run(words)}</w:sdtContent></w:sdt>'))
    first, second = para("Welcomes the report of the Committee;"), para("Notes the estimates in the annex;")
    old, new, data = _pair(tmp_path, OPENING + control + first + second + CLOSING,
                           OPENING + first + second + control + CLOSING)
    ooxml_check.assert_valid_docx(data, old, new, what="a control moved")
    _resolves(old, new, data)


# --- 4. a link cut in pieces that share one relationship ------------------------------------------------------


def _cut_link(rid: str) -> str:
    """One link in two pieces side by side, one relationship for both (as pdf2docx writes a link)."""
    return (f'<w:hyperlink r:id="{rid}">{run("A/80/L.3", rstyle="Hyperlink")}</w:hyperlink>'
            f'<w:hyperlink r:id="{rid}">{run(")", rstyle="Hyperlink")}</w:hyperlink>')


def _linked(tmp_path: Path, name: str, url: str) -> Path:
    body = OPENING + para("Adopted without a vote (", _cut_link("rIdL1"), "];") + CLOSING
    return build(tmp_path / name, body, links={"rIdL1": url})


def _link_counts(path: Path | bytes, resolve: str = "") -> list[str]:
    found = {"": xmlcounts.counts, "accept": xmlcounts.accept_all, "reject": xmlcounts.reject_all}[resolve](path)
    return sorted(found.hyperlinks)


def test_a_link_in_pieces_with_one_target_is_retargeted_as_one_group(tmp_path: Path) -> None:
    old = _linked(tmp_path, "old.docx", "https://example.org/L.3")
    new = _linked(tmp_path, "new.docx", "https://example.org/L.3/Rev.1")
    data = compare_to_bytes(old, new, author="Facilitator", date=DATE)
    p = _document(data).find(w("body"))[1]
    kinds = ["del" if link.find(w("del")) is not None else "ins" for link in p.iter(w("hyperlink"))]
    assert kinds == ["del", "del", "ins", "ins"]  # no inserted piece touches a deleted one (LibreOffice)
    assert _link_counts(data, "accept") == _link_counts(new) and _link_counts(data, "reject") == _link_counts(old)


@pytest.mark.office
def test_libreoffice_gives_each_piece_its_own_target(tmp_path: Path, office: object) -> None:
    old = _linked(tmp_path, "old.docx", "https://example.org/L.3")
    new = _linked(tmp_path, "new.docx", "https://example.org/L.3/Rev.1")
    out = tmp_path / "out.docx"
    out.write_bytes(compare_to_bytes(old, new, author="Facilitator", date=DATE))
    saved = {s: tmp_path / f"out.lo-{s}.docx" for s in ("accepted", "rejected")}
    office.texts(out, save=saved, reject=True)  # type: ignore[attr-defined]
    assert _link_counts(saved["accepted"]) == _link_counts(new)
    assert _link_counts(saved["rejected"]) == _link_counts(old)


def test_image_inside_inserted_words_is_copied_once(tmp_path: Path) -> None:
    old, new, data = _pair(tmp_path, OPENING + para("Welcomes the seal of the Registry;") + CLOSING,
                           OPENING + para("Welcomes the new ", image("rIdImg1", 1), " round seal of the Registry;")
                           + CLOSING, **IMAGES)
    assert len(list(_document(data).iter(w("drawing")))) == 1
    _resolves(old, new, data)


def test_image_removed_from_a_paragraph_whose_words_also_change_is_tracked(tmp_path: Path) -> None:
    old, new, data = _pair(tmp_path, OPENING + para("Welcomes the seal ", image("rIdImg1", 1), " of the Registry;")
                           + CLOSING, OPENING + para("Welcomes the new seal  of the Registry;") + CLOSING, **IMAGES)
    doc = _document(data)
    assert [d for d in doc.iter(w("del")) if d.find(f".//{w('drawing')}") is not None]
    _resolves(old, new, data)


def test_image_added_to_a_run_of_kept_text_brings_no_second_copy_of_the_text(tmp_path: Path) -> None:
    picture = image("rIdImg1", 1)
    in_run = picture.replace("</w:drawing></w:r>",
                             '</w:drawing><w:t xml:space="preserve"> of the Registry;</w:t></w:r>')
    old, new, data = _pair(tmp_path, OPENING + para("Welcomes the seal of the Registry;") + CLOSING,
                           OPENING + para("Welcomes the seal", in_run) + CLOSING, **IMAGES)
    inserted = [i for i in _document(data).iter(w("ins")) if i.find(f".//{w('drawing')}") is not None]
    assert len(inserted) == 1 and not "".join(t.text or "" for t in inserted[0].iter(w("t")))
    _resolves(old, new, data)


LINE = ('<w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="2" behindDoc="0" locked="0" '
        'layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column">'
        '<wp:posOffset>2000000</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>'
        '300000</wp:posOffset></wp:positionV><wp:extent cx="914400" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapNone/><wp:docPr id="5" name="Line 5"/><wp:cNvGraphicFramePr/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:cNvCnPr/><wps:spPr><a:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="914400" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        '</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>')


@pytest.mark.office
@pytest.mark.xfail(strict=True, reason="LibreOffice 7.4 shows a tracked deleted floating shape (wp:anchor) as two "
                   "U+200B, and keeps them after reject-all; OLD itself reads without them")
def test_libreoffice_rejects_a_deleted_floating_line_to_old(tmp_path: Path, office: object) -> None:
    old, new, data = _pair(tmp_path, OPENING + CLOSING + para(LINE), OPENING + CLOSING + para())
    _resolves(old, new, data)  # in lxml it is exact
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    before, red = office.texts(old), office.texts(out)  # type: ignore[attr-defined]
    assert red.accepted == office.texts(new).original  # type: ignore[attr-defined]
    assert red.rejected == before.original
