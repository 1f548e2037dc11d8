"""compare keeps what is not text: table rows, images, links, fields, notes, comments, moves.

The drafts are built here (a small annex table, an image, an external link,
a bookmark with a REF field, a simple field, an endnote, a comment). Each
test states one change of NEW and checks the redline's XML; the office test
checks that LibreOffice's accept-all gives NEW and reject-all gives OLD.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree

from resdraft.redline.comparison import compare_to_bytes
from tests.docxbuild import build_docx, para, run

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DATE = "2024-05-01T10:00:00Z"
SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "ooxml-schema" / "wml.xsd"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x80\x20\x20")) + chunk(b"IEND", b""))


def image(rid: str, pid: int) -> str:
    return (
        f'<w:r><w:drawing><wp:inline xmlns:wp="{WP}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="95250" cy="95250"/><wp:docPr id="{pid}" name="Picture {pid}"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:nvPicPr><pic:cNvPr id="{pid}" name="seal.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="95250" cy="95250"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r>"
    )


def link(rid: str, text: str) -> str:
    return f'<w:hyperlink r:id="{rid}">{run(text, rstyle="Hyperlink")}</w:hyperlink>'


def ref_field(name: str, result: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> REF {name} \\h '
            '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{run(result)}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def simple_field(instr: str, result: str) -> str:
    return f'<w:fldSimple w:instr="{instr}">{run(result)}</w:fldSimple>'


def endnote_ref(fid: int) -> str:
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:endnoteReference w:id="{fid}"/></w:r>'


def row(*cells: str) -> str:
    return "<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>{para(c)}</w:tc>'
                              for c in cells) + "</w:tr>"


def table(*rows: str) -> str:
    return ('<w:tbl><w:tblPr><w:tblW w:w="6000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/>'
            '<w:gridCol w:w="3000"/></w:tblGrid>' + "".join(rows) + "</w:tbl>")


ENDNOTES = (
    '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
    '<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:endnote>"
)


def endnote(fid: int, text: str) -> str:
    return (f'<w:endnote w:id="{fid}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:endnoteRef/>'
            f"</w:r>{run(' ' + text)}</w:p></w:endnote>")


def build(path: Path, body: str, *, endnotes: str = "", comments: str | None = None,
          links: dict[str, str] | None = None, images: dict[str, str] | None = None) -> Path:
    """A .docx with endnotes, external links and media (what `build_docx` leaves out)."""
    build_docx(path, body, comments=comments)
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    rels = files["word/_rels/document.xml.rels"].decode()
    types = files["[Content_Types].xml"].decode()
    extra = "".join(f'<Relationship Id="{rid}" Type="{R}/hyperlink" Target="{url}" TargetMode="External"/>'
                    for rid, url in (links or {}).items())
    for rid, name in (images or {}).items():
        extra += f'<Relationship Id="{rid}" Type="{R}/image" Target="media/{name}"/>'
        files[f"word/media/{name}"] = _png()
    if endnotes:
        extra += f'<Relationship Id="rIdEn" Type="{R}/endnotes" Target="endnotes.xml"/>'
        files["word/endnotes.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:endnotes '
                                      f'xmlns:w="{W}" xmlns:r="{R}">{ENDNOTES}{endnotes}</w:endnotes>').encode()
        types = types.replace("</Types>", '<Override PartName="/word/endnotes.xml" ContentType="application/'
                              'vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/></Types>')
    if images:
        types = types.replace("</Types>", '<Default Extension="png" ContentType="image/png"/></Types>')
    files["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", extra + "</Relationships>").encode()
    files["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files, key=lambda n: (n != "[Content_Types].xml", n)):
            zf.writestr(name, files[name])
    return path


COMMENT = ('<w:comment w:id="7" w:author="Delegation" w:date="2024-04-02T09:00:00Z" w:initials="D"><w:p><w:r>'
           "<w:annotationRef/></w:r>" + run("Check the amount against the budget.") + "</w:p></w:comment>")
HEAD = [
    para("The Assembly of States Parties,"),
    para("Recalling its resolution on cooperation, published at ", link("rIdL1", "the Court's site"), "."),
    para("1.\tDecides to hold its ", '<w:bookmarkStart w:id="1" w:name="_Ref100"/>', "next session",
         '<w:bookmarkEnd w:id="1"/>', " in The Hague;"),
]
P_REF = para("2.\tRequests the Bureau to report, in time for the ", ref_field("_Ref100", "next session"),
             ", to the Assembly;")
P_NOTE = para("3.\tNotes the estimates in the annex table below;", endnote_ref(1))
ROWS = [row("Item", "Amount"), row("Travel", "100"), row("Meetings", "200"), row("Printing", "50")]
P_IMAGE = para("4.\tWelcomes the seal ", image("rIdImg1", 1), " of the Registry;")
P_COMMENT = para("5.\tUrges States to pay their contributions ", '<w:commentRangeStart w:id="7"/>', "in full",
                 '<w:commentRangeEnd w:id="7"/>', '<w:r><w:commentReference w:id="7"/></w:r>', ";")
P_FIELD = para("6.\tDecides to meet again on page ", simple_field("PAGE", "1"), " of its calendar;")
P_LAST = para("7.\tDecides to remain seized of the matter.")


@pytest.fixture
def old(tmp_path: Path) -> Path:
    body = "".join([*HEAD, P_REF, P_NOTE, table(*ROWS), P_IMAGE, P_COMMENT, P_FIELD, P_LAST])
    return build(tmp_path / "old.docx", body, endnotes=endnote(1, "Estimates of the Committee."),
                 comments=COMMENT, links={"rIdL1": "https://example.org/court"}, images={"rIdImg1": "seal.png"})


def redline(old: Path, new: Path) -> dict[str, etree._Element]:
    data = compare_to_bytes(old, new, author="Facilitator", date=DATE)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: etree.fromstring(zf.read(n)) for n in zf.namelist() if n.endswith((".xml", ".rels"))} | {
            "_bytes": data}  # type: ignore[dict-item]


def new_draft(tmp_path: Path, body: list[str], **kw: object) -> Path:
    defaults: dict[str, object] = {"endnotes": endnote(1, "Estimates of the Committee."), "comments": COMMENT,
                                   "links": {"rIdL1": "https://example.org/court"},
                                   "images": {"rIdImg1": "seal.png"}}
    defaults.update(kw)
    return build(tmp_path / "new.docx", "".join(body), **defaults)  # type: ignore[arg-type]


def text(el: etree._Element, tag: str = "t") -> str:
    return "".join(t.text or "" for t in el.iter(w(tag)))


def test_deleted_row_is_a_row_revision_and_inserted_row_is_copied(old: Path, tmp_path: Path) -> None:
    rows = [ROWS[0], row("Travel", "120"), ROWS[3], row("Translation", "75")]
    new = new_draft(tmp_path, [*HEAD, P_REF, P_NOTE, table(*rows), P_IMAGE, P_COMMENT, P_FIELD, P_LAST])
    doc = redline(old, new)["word/document.xml"]
    trs = list(doc.iter(w("tr")))
    assert len(trs) == 5 and len(list(doc.iter(w("tbl")))) == 1
    deleted = [tr for tr in trs if tr.find(f"{w('trPr')}/{w('del')}") is not None]
    inserted = [tr for tr in trs if tr.find(f"{w('trPr')}/{w('ins')}") is not None]
    assert [text(tr, "delText") for tr in deleted] == ["Meetings200"]
    assert [text(tr) for tr in inserted] == ["Translation75"] and inserted[0] is trs[-1]
    travel = trs[1]
    assert text(travel, "delText") == "100" and text(travel) == "Travel120"
    assert all(len(tc.findall(w("p"))) == 1 for tc in doc.iter(w("tc")))  # no stray empty paragraph


def test_deleted_paragraph_takes_its_note_field_image_and_comment(old: Path, tmp_path: Path) -> None:
    new = new_draft(tmp_path, [*HEAD, table(*ROWS), P_LAST])
    doc = redline(old, new)["word/document.xml"]
    body = doc.find(w("body"))
    for tag in ("endnoteReference", "drawing", "fldChar", "commentReference"):
        for el in body.iter(w(tag)):
            assert any(a.tag == w("del") for a in el.iterancestors()), tag
    assert not list(body.iter(w("instrText"))) and len(list(body.iter(w("delInstrText")))) == 2
    assert not list(body.iter(w("fldSimple")))  # rewritten as a complex field to be deleted


def test_inserted_paragraph_is_copied_with_link_image_note_and_comment(old: Path, tmp_path: Path) -> None:
    pasted = para("4 bis.\tInvites States to consult ", link("rIdL9", "the guidelines"), " and the seal ",
                  image("rIdImg9", 9), '<w:commentRangeStart w:id="3"/>', " carefully", endnote_ref(2),
                  '<w:commentRangeEnd w:id="3"/><w:r><w:commentReference w:id="3"/></w:r>', ";")
    comments = COMMENT + COMMENT.replace('w:id="7"', 'w:id="3"').replace("Check the amount", "Consult")
    new = new_draft(tmp_path, [*HEAD, P_REF, P_NOTE, table(*ROWS), P_IMAGE, pasted, P_COMMENT, P_FIELD, P_LAST],
                    endnotes=endnote(1, "Estimates of the Committee.") + endnote(2, "Guidelines of the Bureau."),
                    comments=comments, links={"rIdL1": "https://example.org/court",
                                              "rIdL9": "https://example.org/guidelines"},
                    images={"rIdImg1": "seal.png", "rIdImg9": "emblem.png"})
    parts = redline(old, new)
    doc = parts["word/document.xml"]
    p = next(p for p in doc.iter(w("p")) if "Invites States" in text(p))
    assert p.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}") is not None
    assert all(any(a.tag == w("ins") for a in r.iterancestors()) for r in p.iter(w("r")))
    rels = {r.get("Id"): r for r in parts["word/_rels/document.xml.rels"]}
    url = rels[p.find(w("hyperlink")).get(f"{{{R}}}id")]
    assert url.get("Target") == "https://example.org/guidelines" and url.get("TargetMode") == "External"
    blip = next(p.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"))
    media = rels[blip.get(f"{{{R}}}embed")].get("Target")
    assert "word/" + media in zipfile.ZipFile(io.BytesIO(parts["_bytes"])).namelist()  # type: ignore[arg-type]
    docprs = [d.get("id") for d in doc.iter(f"{{{WP}}}docPr")]
    assert len(docprs) == len(set(docprs)) == 2
    note_id = p.find(f".//{w('endnoteReference')}").get(w("id"))
    note = next(n for n in parts["word/endnotes.xml"] if n.get(w("id")) == note_id)
    assert "Guidelines of the Bureau." in text(note)
    cid = p.find(f".//{w('commentReference')}").get(w("id"))
    assert cid != "7" and any(c.get(w("id")) == cid and "Consult" in text(c) for c in parts["word/comments.xml"])


def test_moved_paragraph_is_a_move_with_its_bookmark(old: Path, tmp_path: Path) -> None:
    new = new_draft(tmp_path, [HEAD[0], HEAD[1], P_REF, HEAD[2], P_NOTE, table(*ROWS), P_IMAGE, P_COMMENT,
                               P_FIELD, P_LAST])
    doc = redline(old, new)["word/document.xml"]
    assert len(list(doc.iter(w("moveFrom")))) >= 1 and len(list(doc.iter(w("moveTo")))) >= 1
    names = [b.get(w("name")) for b in doc.iter(w("bookmarkStart"))]
    assert names.count("_Ref100") == 1


@pytest.mark.skipif(not SCHEMA.exists(), reason="needs ../shared/ooxml-schema")
def test_redlines_are_valid_against_the_schema(old: Path, tmp_path: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    rows = [ROWS[0], row("Travel", "120"), ROWS[3], row("Translation", "75")]
    new = new_draft(tmp_path, [HEAD[0], HEAD[2], HEAD[1], P_REF, table(*rows), P_COMMENT, P_LAST])
    parts = redline(old, new)
    for name in ("word/document.xml", "word/endnotes.xml", "word/comments.xml"):
        assert schema.validate(parts[name]), (name, schema.error_log.last_error)


PASTED = para("4 bis.\tInvites States to consult ", link("rIdL9", "the guidelines"), " and the seal ",
              image("rIdImg9", 9), " carefully", endnote_ref(2), ";")
SCENARIOS = {
    "rows": [*HEAD, P_REF, P_NOTE, table(ROWS[0], row("Travel", "120"), ROWS[3], row("Translation", "75")), P_IMAGE,
             P_COMMENT, P_FIELD, P_LAST],
    "first-row": [*HEAD, P_REF, P_NOTE, table(row("Code", "Sum"), *ROWS), P_IMAGE, P_COMMENT, P_FIELD, P_LAST],
    "deletions": [*HEAD, table(*ROWS), P_LAST],
    "insertions": [*HEAD, P_REF, P_NOTE, table(*ROWS), P_IMAGE, PASTED, P_COMMENT, P_FIELD, P_LAST],
    "move": [HEAD[0], HEAD[1], P_REF, HEAD[2], P_NOTE, table(*ROWS), P_IMAGE, P_COMMENT, P_FIELD, P_LAST],
    "new-table": [*HEAD, P_REF, P_NOTE, table(*ROWS), P_IMAGE, table(row("Annex", "II"), row("Staff", "3")),
                  P_COMMENT, P_FIELD, P_LAST],
    "table-gone": [*HEAD, P_REF, P_NOTE, P_IMAGE, P_COMMENT, P_FIELD, P_LAST],
}


@pytest.mark.office
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_libreoffice_accepts_to_new_and_rejects_to_old(old: Path, tmp_path: Path, office: object,
                                                       scenario: str) -> None:
    new = new_draft(tmp_path, SCENARIOS[scenario],
                    endnotes=endnote(1, "Estimates of the Committee.") + endnote(2, "Guidelines of the Bureau."),
                    links={"rIdL1": "https://example.org/court", "rIdL9": "https://example.org/guidelines"},
                    images={"rIdImg1": "seal.png", "rIdImg9": "emblem.png"})
    out = tmp_path / "redline.docx"
    out.write_bytes(compare_to_bytes(old, new, author="Facilitator", date=DATE))
    before, after, red = office.texts_many([old, new, out])  # type: ignore[attr-defined]
    assert red.load_ok and not red.warnings
    assert red.accepted == after.original
    assert red.rejected == before.original
    assert red.redlines_after_accept == red.redlines_after_reject == 0
