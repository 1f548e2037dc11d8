"""The plan writer and its XML primitives, checked on the XML it writes (no word processor needed)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docxbuild import build_docx, footnote, footnote_ref, para, run, style
from lxml import etree

from resdraft.edits import (
    FOOTNOTE_MARK,
    START,
    DeleteParagraph,
    Edit,
    EditPlan,
    EditPlanError,
    InsertParagraph,
    MoveParagraph,
    Renumber,
)
from resdraft.ooxml import RevisionIds, make_del, make_ins, set_rpr_child, split_run, to_deleted, w_el
from resdraft.parse import parse_file
from resdraft.readers.docx import read_docx
from resdraft.redline.apply import apply_edit_plan
from resdraft.redline.writer import apply_plan

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
DATE = "2024-05-01T10:00:00Z"
STYLES = (
    style("Normal", "Normal", default=True)
    + style("FootnoteText", "footnote text", based_on="Normal")
    + style("FootnoteReference", "footnote reference", kind="character", rpr='<w:vertAlign w:val="superscript"/>')
)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: etree.fromstring(zf.read(n)) for n in zf.namelist() if n.endswith((".xml", ".rels"))}


def texts(el: etree._Element, tag: str) -> str:
    return "".join(t.text or "" for t in el.iter(w(tag)))


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    body = (
        para("Cooperation", style="Title")
        + para("The Assembly of States Parties,")
        + para(run("Recalling", italic=True), " its resolution ICC-ASP/20/Res.2,", footnote_ref(1))
        + para("1.\t", run("Requests", italic=True), " the Bureau to report at its twenty-first session;")
        + para("2.\t", run("Urges", italic=True), " States to cooperate fully;")
        + para("3.\t", run("Decides", italic=True), " to remain seized of the matter.")
    )
    return build_docx(tmp_path / "draft.docx", body, styles=STYLES, footnotes=footnote(1, "ICC-ASP/20/24."))


# --- primitives ---------------------------------------------------------------------------------------------


def test_split_run_keeps_the_run_properties_on_both_halves() -> None:
    r = etree.fromstring(f'<w:r xmlns:w="{W}"><w:rPr><w:i/></w:rPr><w:t>Requests</w:t></w:r>')
    parent = w_el("w:p")
    parent.append(r)
    second = split_run(r, r.find(w("t")), 3)
    assert [texts(x, "t") for x in parent] == ["Req", "uests"]
    assert all(x.find(f"{w('rPr')}/{w('i')}") is not None for x in parent)
    assert second is parent[1]
    # splitting at a run's first character changes nothing
    assert split_run(second, second.find(w("t")), 0) is second


def test_revisions_carry_id_author_and_date_and_deleted_text_is_deltext() -> None:
    ids = RevisionIds([etree.fromstring(f'<w:body xmlns:w="{W}"><w:ins w:id="41"/><w:del w:id="7"/></w:body>')])
    ins, dele = make_ins(ids, "Facilitator", DATE), make_del(ids, "Facilitator", DATE)
    assert (ins.get(w("id")), dele.get(w("id"))) == ("42", "43")  # above every id in use
    assert ins.get(w("author")) == "Facilitator" and dele.get(w("date")) == DATE
    r = etree.fromstring(f'<w:r xmlns:w="{W}"><w:t> x </w:t></w:r>')
    to_deleted(r)
    assert r[0].tag == w("delText")
    assert r[0].get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


def test_run_properties_are_inserted_in_schema_order() -> None:
    rpr = etree.fromstring(f'<w:rPr xmlns:w="{W}"><w:rStyle w:val="X"/><w:sz w:val="20"/></w:rPr>')
    set_rpr_child(rpr, w_el("w:i"))
    set_rpr_child(rpr, w_el("w:vertAlign", {"w:val": "superscript"}))
    set_rpr_child(rpr, w_el("w:b"))
    assert [etree.QName(c).localname for c in rpr] == ["rStyle", "b", "i", "sz", "vertAlign"]


# --- the writer ------------------------------------------------------------------------------------------------


def test_a_word_edit_is_a_deletion_and_an_insertion_with_the_runs_formatting(draft: Path) -> None:
    resolution = parse_file(draft)
    op1 = resolution.block("OP1")
    assert op1 is not None
    at = op1.text.index("twenty-first")
    plan = EditPlan([Edit("OP1", at, at + len("twenty-first"), "twenty-second"),
                     Edit("OP2", 0, len("Urges"), "Calls upon")], author="Facilitator", date=DATE)
    doc = parts(apply_plan(draft, plan, resolution=resolution))["word/document.xml"]
    dels, inss = doc.findall(f".//{w('del')}"), doc.findall(f".//{w('ins')}")
    assert [texts(d, "delText") for d in dels] == ["twenty-first", "Urges"]
    assert [texts(i, "t") for i in inss] == ["twenty-second", "Calls upon"]
    for rev in dels + inss:
        assert rev.get(w("author")) == "Facilitator" and rev.get(w("date")) == DATE
    # the replaced verb was italic: so is the new one (the run's rPr is kept); the ordinal was not
    assert inss[1].find(f".//{w('i')}") is not None
    assert inss[0].find(f".//{w('i')}") is None
    ids = [el.get(w("id")) for el in doc.iter(w("ins"), w("del"))]
    assert len(ids) == len(set(ids))
    assert texts(doc, "t").count("twenty-first") == 0  # deleted text is only in w:delText


def test_inserted_text_takes_italic_as_asked(draft: Path) -> None:
    resolution = parse_file(draft)
    plan = EditPlan([Edit("OP3", len("Decides"), len("Decides"), " also", italic=False),
                     Edit("OP2", 0, 0, "Further ", italic=True)], date=DATE)
    doc = parts(apply_plan(draft, plan, resolution=resolution))["word/document.xml"]
    inserted = {texts(i, "t"): i.find(f".//{w('i')}") is not None for i in doc.iter(w("ins"))}
    assert inserted == {" also": False, "Further ": True}


def test_footnote_edits_go_into_footnotes_xml_and_ids_stay_unique(draft: Path) -> None:
    plan = EditPlan([Edit("FN1", len("ICC-ASP/"), len("ICC-ASP/20"), "21"),
                     Edit("PP1", 0, len("Recalling"), "Recalling also")], date=DATE)
    out = parts(apply_plan(draft, plan))
    notes, doc = out["word/footnotes.xml"], out["word/document.xml"]
    assert texts(notes, "delText") == "20" and "21" in texts(notes, "t")
    assert "20" not in texts(doc, "delText")
    ids = [el.get(w("id")) for part in (doc, notes) for el in part.iter(w("ins"), w("del"))]
    assert len(ids) == len(set(ids))


def test_comments_are_created_with_part_relationship_and_anchor(draft: Path) -> None:
    plan = EditPlan([Edit("OP2", 0, len("Urges"), None, comment="Check the verb with the Bureau")],
                    author="Secretariat", date=DATE)
    out = parts(apply_plan(draft, plan))
    comments = out["word/comments.xml"]
    assert texts(comments, "t") == "Check the verb with the Bureau"
    comment = comments.find(w("comment"))
    assert comment.get(w("author")) == "Secretariat" and comment.get(w("initials")) == "S"
    cid = comment.get(w("id"))
    doc = out["word/document.xml"]
    start, end = doc.find(f".//{w('commentRangeStart')}"), doc.find(f".//{w('commentRangeEnd')}")
    assert start.get(w("id")) == end.get(w("id")) == cid
    assert doc.find(f".//{w('commentReference')}").get(w("id")) == cid
    types = out["[Content_Types].xml"]
    assert any(o.get("PartName") == "/word/comments.xml" and o.get("ContentType").endswith("comments+xml")
               for o in types)
    rels = out["word/_rels/document.xml.rels"]
    assert any(r.get("Type").endswith("/comments") and r.get("Target") == "comments.xml" for r in rels)


def test_inserted_and_deleted_paragraphs_mark_their_paragraph_marks(draft: Path) -> None:
    plan = EditPlan([InsertParagraph("OP1", "Invites States to report;", "1 bis."),
                     DeleteParagraph("OP2")], date=DATE)
    doc = parts(apply_plan(draft, plan))["word/document.xml"]
    paras = doc.findall(f".//{w('p')}")
    new = next(p for p in paras if "Invites" in texts(p, "t"))
    assert new.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}") is not None
    assert texts(new, "t") == "1 bis.Invites States to report;" and new.find(f".//{w('tab')}") is not None
    gone = next(p for p in paras if "Urges" in texts(p, "delText"))
    assert gone.find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is not None
    assert texts(gone, "t") == ""  # "2.\t" and the text: all deleted


def test_the_last_paragraph_passes_its_mark_revision_up(draft: Path) -> None:
    """The last mark of a story cannot be deleted: the previous paragraph's mark is, instead."""
    doc = parts(apply_plan(draft, EditPlan([DeleteParagraph("OP3")], date=DATE)))["word/document.xml"]
    body = doc.find(w("body")).findall(w("p"))
    assert body[-1].find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is None
    assert body[-2].find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is not None


def test_moved_paragraph_is_a_move_revision_with_its_runs(draft: Path) -> None:
    doc = parts(apply_plan(draft, EditPlan([MoveParagraph("OP3", "OP1")], date=DATE)))["word/document.xml"]
    body = [p for p in doc.find(w("body")).findall(w("p"))]
    moved = body[4]
    assert texts(moved, "t") == "3.\tDecides to remain seized of the matter."
    assert moved.find(f".//{w('moveTo')}//{w('i')}") is not None  # the verb is still italic
    start = moved.find(w("moveToRangeStart"))
    origin = next(p for p in body if p.find(w("moveFrom")) is not None)
    assert texts(origin, "t") == "" and "Decides" in texts(origin, "delText")
    assert origin.find(w("moveFromRangeStart")).get(w("name")) == start.get(w("name"))
    assert moved.find(w("moveToRangeEnd")).get(w("id")) == start.get(w("id"))


def test_renumber_changes_the_typed_number_only(draft: Path) -> None:
    doc = parts(apply_plan(draft, EditPlan([Renumber("OP3", "4.")], date=DATE)))["word/document.xml"]
    assert texts(doc, "delText") == "3." and [texts(i, "t") for i in doc.iter(w("ins"))] == ["4."]


def test_new_footnote_and_deleted_mark(draft: Path) -> None:
    raw = read_docx(draft)
    pp1 = raw.paragraphs[2]
    end = len(pp1.text) + 1  # marked text: the footnote mark is one character
    plan = EditPlan([Edit("@2", end - 1, end, "", marks=True),
                     Edit("@4", 3, 3, FOOTNOTE_MARK, marks=True, footnotes=("A new note.",))], date=DATE)
    out = parts(apply_plan(draft, plan, raw=raw))
    doc, notes = out["word/document.xml"], out["word/footnotes.xml"]
    deleted_ref = doc.find(f".//{w('del')}//{w('footnoteReference')}")
    inserted_ref = doc.find(f".//{w('ins')}//{w('footnoteReference')}")
    assert deleted_ref is not None and inserted_ref is not None
    new_note = next(n for n in notes if n.get(w("id")) == inserted_ref.get(w("id")))
    assert "A new note." in texts(new_note, "t") and new_note.find(f".//{w('ins')}") is not None


def test_plan_errors_name_the_block(draft: Path, tmp_path: Path) -> None:
    with pytest.raises(EditPlanError, match="OP9"):
        apply_plan(draft, EditPlan([Edit("OP9", 0, 1, "x")]))
    with pytest.raises(EditPlanError, match="beyond the end"):
        apply_plan(draft, EditPlan([Edit("OP1", 0, 500, "x")]))
    with pytest.raises(EditPlanError, match="no footnote 4"):
        apply_plan(draft, EditPlan([Edit("FN4", 0, 1, "x")]))


def test_apply_edit_plan_writes_atomically_and_never_over_its_input(draft: Path, tmp_path: Path) -> None:
    from resdraft.errors import UsageError

    plan = EditPlan([InsertParagraph(START, "Draft resolution")], date=DATE)
    out = tmp_path / "out.docx"
    apply_edit_plan(draft, plan, out)
    assert out.is_file()
    with pytest.raises(UsageError, match="already exists"):
        apply_edit_plan(draft, plan, out)
    apply_edit_plan(draft, plan, out, force=True)
    with pytest.raises(UsageError, match="overwrite an input"):
        apply_edit_plan(draft, plan, draft, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.docx", "out.docx"]


def _views(kinds: list[str], flags: list[str | None], trailing: bool) -> tuple[list[str], list[str]]:
    """Paragraph contents after accept-all and reject-all of a run whose marks carry `flags`."""
    out = []
    for view in ("accept", "reject"):
        paras, current = [], ""
        for n, (kind, flag) in enumerate(zip(kinds, flags, strict=True)):
            shown = kind == "K" or (kind == "I") == (view == "accept")
            current += f"{kind}{n}" if shown else ""
            if flag is None or (flag == "i") == (view == "accept"):
                paras.append(current)
                current = ""
        if not trailing:
            paras.append(current + "Y")
        elif current:
            paras.append(current)
        out.append(paras)
    return out[0], out[1]


@pytest.mark.parametrize("trailing", [False, True])
def test_mark_assignment_gives_whole_paragraphs_in_both_views(trailing: bool) -> None:
    """Every run of inserted/deleted paragraphs, with any plain mark (the last one at a story's end)."""
    from itertools import product

    from resdraft.redline.writer.runs import _assign_marks

    for size in range(1, 6):
        for run_kinds in product("ID", repeat=size):
            kinds = ["K", *run_kinds]
            for plain in ([len(kinds) - 1] if trailing else range(len(kinds))):
                flags = _assign_marks(kinds, plain)
                assert flags is not None and flags[plain] is None
                accepted, rejected = _views(kinds, flags, trailing)
                tail = [] if trailing else ["Y"]
                assert accepted == ["K0"] + [f"I{n}" for n, k in enumerate(kinds) if k == "I"] + tail
                assert rejected == ["K0"] + [f"D{n}" for n, k in enumerate(kinds) if k == "D"] + tail


def test_a_comment_on_footnote_text_is_anchored_at_its_mark_in_the_text(draft: Path) -> None:
    """LibreOffice will not open a file with a comment inside a footnote: the comment names the note instead."""
    out = parts(apply_plan(draft, EditPlan([Edit("FN1", 0, 7, None, comment="Check the symbol")], date=DATE)))
    assert out["word/footnotes.xml"].find(f".//{w('commentRangeStart')}") is None
    assert texts(out["word/comments.xml"], "t") == "Footnote 1: Check the symbol"
    doc = out["word/document.xml"]
    start = doc.find(f".//{w('commentRangeStart')}")
    following = [etree.QName(el).localname for el in start.itersiblings()][:4]
    assert following == ["commentRangeEnd", "r", "r"]  # the point comment, its mark, then the footnote mark
