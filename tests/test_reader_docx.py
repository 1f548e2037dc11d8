"""Tests of the .docx reader: every document is built in the test from XML snippets."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx as python_docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from resdraft.errors import InputError
from resdraft.model import Emphasis, FootnoteRef, RawDocument
from resdraft.ooxml import W_NS, Styles, body_paragraphs, iter_visible_runs, logical_paragraphs, parse_xml, qn
from resdraft.ooxml.numbering import format_number
from resdraft.readers.docx import read_docx
from tests.docxbuild import (
    abstract_num,
    build_docx,
    comment,
    deleted,
    deleted_mark,
    footnote,
    footnote_ref,
    ins,
    level,
    num,
    para,
    run,
    style,
)

_REV = 'w:author="A" w:date="2024-01-01T00:00:00Z"'


def read(tmp_path: Path, body: str, **parts: str) -> RawDocument:
    """Build a .docx from snippets and read it back."""
    return read_docx(build_docx(tmp_path / "draft.docx", body, **parts))


def texts(doc: RawDocument) -> list[str]:
    return [p.text for p in doc.paragraphs]


def numbers(doc: RawDocument) -> list[str | None]:
    return [p.auto_number for p in doc.paragraphs]


def italic_texts(text: str, emphasis: list[Emphasis], style_name: str = "italic") -> list[str]:
    return [text[e.start : e.end] for e in emphasis if e.style == style_name]


# --- the package builder ----------------------------------------------------------------


def test_built_package_is_a_valid_docx_for_python_docx(tmp_path: Path) -> None:
    path = build_docx(
        tmp_path / "x.docx",
        para("One") + para("Two"),
        styles=style("Normal", "Normal", default=True),
        footnotes=footnote(1, "Note."),
        comments=comment(0, "Check."),
        numbering=abstract_num(0, level(0, "decimal", "%1.")) + num(1, 0),
    )
    document = python_docx.Document(str(path))
    assert [p.text for p in document.paragraphs] == ["One", "Two"]
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist()[0] == "[Content_Types].xml"
        assert "word/footnotes.xml" in zf.namelist()


# --- plain text, locations, paragraphs --------------------------------------------------


def test_plain_paragraphs_in_order_with_locations(tmp_path: Path) -> None:
    doc = read(
        tmp_path, para("The Assembly of States Parties,") + para() + para("Recalling ", "its resolutions,")
    )
    assert doc.format == "docx"
    assert doc.path.endswith("draft.docx")
    assert texts(doc) == ["The Assembly of States Parties,", "", "Recalling its resolutions,"]
    assert [p.location.index for p in doc.paragraphs] == [0, 1, 2]
    assert {p.location.part for p in doc.paragraphs} == {"document"}
    assert doc.paragraphs[0].location.path == doc.path
    assert not doc.had_tracked_changes
    assert doc.diagnostics == []
    assert doc.footnotes == []


def test_table_paragraphs_are_read_in_document_order(tmp_path: Path) -> None:
    table = (
        "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr><w:tc>{para('A1')}</w:tc><w:tc>{para('B1')}{para('B1 second')}</w:tc></w:tr>"
        f"<w:tr><w:tc>{para('A2')}</w:tc><w:tc>{para('B2')}</w:tc></w:tr></w:tbl>"
    )
    doc = read(tmp_path, para("Before") + table + para("After"))
    assert texts(doc) == ["Before", "A1", "B1", "B1 second", "A2", "B2", "After"]
    assert [p.location.index for p in doc.paragraphs] == list(range(7))


def test_deleted_table_row_is_dropped_but_indices_stay_positions(tmp_path: Path) -> None:
    table = (
        "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid>"
        f'<w:tr><w:trPr><w:del w:id="7" {_REV}/></w:trPr><w:tc>{para(deleted("Gone"))}</w:tc></w:tr>'
        f"<w:tr><w:tc>{para('Kept')}</w:tc></w:tr></w:tbl>"
    )
    doc = read(tmp_path, para("Before") + table)
    assert texts(doc) == ["Before", "Kept"]
    assert [p.location.index for p in doc.paragraphs] == [0, 2]


def test_paragraph_without_runs_and_with_only_properties(tmp_path: Path) -> None:
    doc = read(tmp_path, "<w:p/>" + '<w:p><w:pPr><w:jc w:val="center"/></w:pPr></w:p>')
    assert texts(doc) == ["", ""]
    assert all(p.style is None and p.auto_number is None for p in doc.paragraphs)


def test_special_characters(tmp_path: Path) -> None:
    body = para(
        run("a"),
        "<w:r><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t></w:r>",
        "<w:r><w:t>non</w:t><w:noBreakHyphen/><w:t>State</w:t><w:softHyphen/><w:t>s</w:t></w:r>",
        '<w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:sym w:font="Arial" w:char="00A7"/></w:r>',
        run(" & <ok>"),
    )
    doc = read(tmp_path, body)
    assert doc.paragraphs[0].text == "a\tb\nc\nd" + "non-States" + "§" + " & <ok>"


def test_fields_show_their_result_not_their_code(tmp_path: Path) -> None:
    complex_field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> REF _Ref123 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>12</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    simple = '<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>'
    link = '<w:hyperlink r:id="rId99"><w:r><w:t>www.icc-cpi.int</w:t></w:r></w:hyperlink>'
    doc = read(tmp_path, para("See paragraph ", complex_field, ", page ", simple, " and ", link))
    assert doc.paragraphs[0].text == "See paragraph 12, page 3 and www.icc-cpi.int"
    assert "REF" not in doc.paragraphs[0].text


def test_content_controls_and_smart_tags_keep_their_text(tmp_path: Path) -> None:
    sdt = (
        '<w:sdt><w:sdtPr><w:alias w:val="Date"/></w:sdtPr><w:sdtContent><w:r><w:t>[date]</w:t></w:r>'
        "</w:sdtContent></w:sdt>"
    )
    smart = '<w:smartTag w:uri="urn:x" w:element="place"><w:r><w:t>Kampala</w:t></w:r></w:smartTag>'
    proof = '<w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="x"/><w:bookmarkEnd w:id="0"/>'
    doc = read(tmp_path, para("Held in ", smart, proof, " on ", sdt))
    assert doc.paragraphs[0].text == "Held in Kampala on [date]"


def test_hidden_text_is_not_read(tmp_path: Path) -> None:
    doc = read(tmp_path, para("Shown", run(" hidden", rpr="<w:vanish/>"), run(" again")))
    assert doc.paragraphs[0].text == "Shown again"


def test_text_box_fallback_copy_is_not_read_twice(tmp_path: Path) -> None:
    def box(tag: str) -> str:
        return f"<w:{tag}><w:txbxContent>{para('Boxed')}</w:txbxContent></w:{tag}>"

    alternate = (
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f'<mc:Choice Requires="wps">{box("drawing")}</mc:Choice>'
        f"<mc:Fallback>{box('pict')}</mc:Fallback></mc:AlternateContent></w:r>"
    )
    doc = read(tmp_path, para("Outer", alternate))
    assert texts(doc) == ["Outer", "Boxed"]
    assert [p.location.index for p in doc.paragraphs] == [0, 1]


# --- emphasis ----------------------------------------------------------------------------


def test_direct_italic_and_bold_spans(tmp_path: Path) -> None:
    body = para(
        run("Noting", italic=True),
        run(" "),
        run("with concern", italic=True),
        run(" the "),
        run("report", bold=True),
        run(" of the Court", rpr='<w:i w:val="0"/>'),
    )
    p = read(tmp_path, body).paragraphs[0]
    assert p.text == "Noting with concern the report of the Court"
    assert p.emphasis == [Emphasis(0, 19, "italic"), Emphasis(24, 30, "bold")]


def test_italic_off_values_are_honoured(tmp_path: Path) -> None:
    body = para(
        run("a", rpr='<w:i w:val="false"/>'),
        run("b", rpr='<w:i w:val="0"/>'),
        run("c", rpr='<w:i w:val="1"/>'),
    )
    p = read(tmp_path, body).paragraphs[0]
    assert italic_texts(p.text, p.emphasis) == ["c"]


def test_italic_from_character_style_chain(tmp_path: Path) -> None:
    styles = (
        style("Normal", "Normal", default=True)
        + style("BaseEm", "Base emphasis", kind="character", rpr="<w:i/>")
        + style("Opener", "Opener", kind="character", based_on="BaseEm")
    )
    body = para(run("Welcoming", rstyle="Opener"), run(" the report"))
    p = read(tmp_path, body, styles=styles).paragraphs[0]
    assert italic_texts(p.text, p.emphasis) == ["Welcoming"]


def test_italic_from_paragraph_style_and_toggle_with_character_style(tmp_path: Path) -> None:
    styles = (
        style("Normal", "Normal", default=True)
        + style("Quote", "Quote", based_on="Normal", rpr="<w:i/>")
        + style("Em", "Emphasis", kind="character", rpr="<w:i/>")
    )
    body = para("Quoted ", run("upright", rstyle="Em"), " text", style="Quote") + para("Plain")
    doc = read(tmp_path, body, styles=styles)
    quoted, plain = doc.paragraphs
    assert italic_texts(quoted.text, quoted.emphasis) == ["Quoted", "text"]
    assert quoted.style == "Quote"
    assert plain.emphasis == []
    assert plain.style == "Normal"


# --- tracked changes -----------------------------------------------------------------


def test_tracked_insertions_deletions_and_moves_read_as_accepted(tmp_path: Path) -> None:
    moved_from = f'<w:moveFrom w:id="5" {_REV}><w:r><w:t>old place </w:t></w:r></w:moveFrom>'
    moved_to = f'<w:moveTo w:id="6" {_REV}><w:r><w:t> (moved)</w:t></w:r></w:moveTo>'
    body = para(
        "at its ",
        deleted("nineteenth", rid=1),
        ins(run("twentieth", italic=True), rid=2),
        " session",
        moved_from,
        moved_to,
    )
    doc = read(tmp_path, body)
    p = doc.paragraphs[0]
    assert p.text == "at its twentieth session (moved)"
    assert italic_texts(p.text, p.emphasis) == ["twentieth"]
    assert doc.had_tracked_changes
    [diag] = doc.diagnostics
    assert diag.code == "tracked-changes"
    assert diag.severity == "info"
    assert "read as if all 4 tracked changes were accepted" in diag.message


def test_formatting_changes_count_but_current_formatting_wins(tmp_path: Path) -> None:
    rpr_change = f'<w:rPrChange w:id="3" {_REV}><w:rPr><w:i/></w:rPr></w:rPrChange>'
    body = para(run("Decides", rpr="<w:b/>" + rpr_change))
    doc = read(tmp_path, body)
    p = doc.paragraphs[0]
    assert p.emphasis == [Emphasis(0, 7, "bold")]
    assert doc.had_tracked_changes
    assert "read as if all 1 tracked changes were accepted" in doc.diagnostics[0].message


def test_deleted_paragraph_mark_merges_with_next_paragraph(tmp_path: Path) -> None:
    body = (
        para("Requests the Bureau", ppr=deleted_mark(1))
        + para(" to report thereon;")
        + para("Decides to remain seized;")
    )
    doc = read(tmp_path, body)
    assert texts(doc) == ["Requests the Bureau to report thereon;", "Decides to remain seized;"]
    assert [p.location.index for p in doc.paragraphs] == [0, 2]
    assert doc.had_tracked_changes


def test_wholly_deleted_paragraph_disappears(tmp_path: Path) -> None:
    body = para("First") + para(deleted("Struck out entirely"), ppr=deleted_mark(2)) + para("Third")
    doc = read(tmp_path, body)
    assert texts(doc) == ["First", "Third"]
    assert [p.location.index for p in doc.paragraphs] == [0, 2]


def test_deleted_mark_does_not_merge_out_of_a_table_cell(tmp_path: Path) -> None:
    table = (
        "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid>"
        f"<w:tr><w:tc>{para('Cell text', ppr=deleted_mark(4))}</w:tc></w:tr></w:tbl>"
    )
    doc = read(tmp_path, table + para("After the table"))
    assert texts(doc) == ["Cell text", "After the table"]


def test_inserted_paragraph_is_read(tmp_path: Path) -> None:
    inserted_mark = f'<w:rPr><w:ins w:id="9" {_REV}/></w:rPr>'
    doc = read(tmp_path, para("One") + para(ins(run("New paragraph")), ppr=inserted_mark))
    assert texts(doc) == ["One", "New paragraph"]
    assert "all 2 tracked changes" in doc.diagnostics[0].message


# --- footnotes -----------------------------------------------------------------------


def test_footnotes_numbered_by_first_reference(tmp_path: Path) -> None:
    body = para("Welcoming the report", footnote_ref(7), " of the Court,", footnote_ref(3)) + para(
        "Recalling", footnote_ref(7), " its decision,"
    )
    notes = footnote(3, "A/78/322.") + footnote(7, run("ICC-ASP/17/28", italic=True), ".")
    doc = read(tmp_path, body, footnotes=notes)
    first, second = doc.paragraphs
    assert first.text == "Welcoming the report of the Court,"
    assert first.footnote_refs == [FootnoteRef(1, 20), FootnoteRef(2, 34)]
    assert second.footnote_refs == [FootnoteRef(1, 9)]
    assert [(f.number, f.xml_id, f.text) for f in doc.footnotes] == [
        (1, 7, "ICC-ASP/17/28."),
        (2, 3, "A/78/322."),
    ]
    note = doc.footnotes[0]
    assert note.emphasis == [Emphasis(0, 13, "italic")]
    assert note.location.part == "footnotes"
    assert note.location.index == 1  # second real footnote in footnotes.xml
    assert doc.footnotes[1].location.index == 0


def test_unreferenced_footnote_numbered_after_referenced_ones(tmp_path: Path) -> None:
    notes = footnote(1, "Never cited.") + footnote(2, "Cited.")
    doc = read(tmp_path, para("Text", footnote_ref(2)), footnotes=notes)
    assert [(f.number, f.xml_id, f.text) for f in doc.footnotes] == [(1, 2, "Cited."), (2, 1, "Never cited.")]


def test_reference_in_deleted_text_does_not_number_a_footnote(tmp_path: Path) -> None:
    deleted_ref = (
        f'<w:del w:id="11" {_REV}><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        '<w:footnoteReference w:id="1"/></w:r></w:del>'
    )
    notes = footnote(1, "Deleted note.") + footnote(2, "Live note.")
    doc = read(tmp_path, para("Text", deleted_ref, " more", footnote_ref(2)), footnotes=notes)
    assert doc.paragraphs[0].footnote_refs == [FootnoteRef(1, 9)]
    assert [(f.number, f.xml_id) for f in doc.footnotes] == [(1, 2), (2, 1)]


def test_reference_to_missing_footnote_keeps_a_number(tmp_path: Path) -> None:
    doc = read(
        tmp_path, para("Text", footnote_ref(4), " and", footnote_ref(5)), footnotes=footnote(5, "Only.")
    )
    assert doc.paragraphs[0].footnote_refs == [FootnoteRef(1, 4), FootnoteRef(2, 8)]
    assert [(f.number, f.xml_id) for f in doc.footnotes] == [(2, 5)]


def test_separator_footnotes_are_ignored(tmp_path: Path) -> None:
    doc = read(tmp_path, para("No notes here"), footnotes="")
    assert doc.footnotes == []


def test_multi_paragraph_footnote(tmp_path: Path) -> None:
    note = (
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> First.</w:t>'
        "</w:r></w:p><w:p><w:r><w:t>Second.</w:t></w:r></w:p></w:footnote>"
    )
    doc = read(tmp_path, para("x", footnote_ref(1)), footnotes=note)
    assert doc.footnotes[0].text == "First.\nSecond."


# --- automatic numbering ---------------------------------------------------------------

OP_LIST = abstract_num(
    0,
    level(0, "decimal", "%1."),
    level(1, "lowerLetter", "(%2)"),
    level(2, "lowerRoman", "(%3)"),
)


def test_decimal_list_one_to_five(tmp_path: Path) -> None:
    body = "".join(para(f"Paragraph {i}", num=(1, 0)) for i in range(5))
    doc = read(tmp_path, body, numbering=OP_LIST + num(1, 0))
    assert numbers(doc) == ["1.", "2.", "3.", "4.", "5."]
    assert texts(doc)[0] == "Paragraph 0"  # the number is not part of the text


def test_unnumbered_paragraphs_do_not_count(tmp_path: Path) -> None:
    body = para("A", num=(1, 0)) + para("Subheading") + para("B", num=(1, 0))
    doc = read(tmp_path, body, numbering=OP_LIST + num(1, 0))
    assert numbers(doc) == ["1.", None, "2."]


def test_restart_after_heading_with_start_override(tmp_path: Path) -> None:
    styles = style("Normal", "Normal", default=True) + style("Heading1", "heading 1", based_on="Normal")
    body = (
        para("Emphasizes", num=(1, 0))
        + para("Requests", num=(1, 0))
        + para("Annex", style="Heading1")
        + para("Decides", num=(2, 0))
        + para("Invites", num=(2, 0))
    )
    numbering = OP_LIST + num(1, 0) + num(2, 0, start_overrides={0: 1})
    doc = read(tmp_path, body, numbering=numbering, styles=styles)
    assert numbers(doc) == ["1.", "2.", None, "1.", "2."]


def test_instances_share_the_abstract_count(tmp_path: Path) -> None:
    # Word continues one count across numIds of the same definition; a startOverride
    # restarts it once, and the other instance then continues from the restarted value.
    body = (
        para("a", num=(1, 0))
        + para("b", num=(3, 0))
        + para("c", num=(2, 0))
        + para("d", num=(1, 0))
        + para("e", num=(2, 0))
    )
    numbering = OP_LIST + num(1, 0) + num(2, 0, start_overrides={0: 8}) + num(3, 0)
    doc = read(tmp_path, body, numbering=numbering)
    assert numbers(doc) == ["1.", "2.", "8.", "9.", "10."]


def test_sub_levels_restart_under_each_paragraph(tmp_path: Path) -> None:
    body = (
        para("Emphasizes", num=(1, 0))
        + para("Urges", num=(1, 0))
        + para("Requests the Bureau:", num=(1, 0))
        + para("to report;", num=(1, 1))
        + para("to consult:", num=(1, 1))
        + para("States;", num=(1, 2))
        + para("the Court;", num=(1, 2))
        + para("Decides:", num=(1, 0))
        + para("to remain seized.", num=(1, 1))
    )
    doc = read(tmp_path, body, numbering=OP_LIST + num(1, 0))
    assert numbers(doc) == ["1.", "2.", "3.", "(a)", "(b)", "(i)", "(ii)", "4.", "(a)"]


def test_level_restart_zero_never_restarts(tmp_path: Path) -> None:
    numbering = abstract_num(
        0, level(0, "decimal", "%1."), level(1, "lowerLetter", "(%2)", extra='<w:lvlRestart w:val="0"/>')
    ) + num(1, 0)
    body = para("x", num=(1, 0)) + para("y", num=(1, 1)) + para("z", num=(1, 0)) + para("w", num=(1, 1))
    doc = read(tmp_path, body, numbering=numbering)
    assert numbers(doc) == ["1.", "(a)", "2.", "(b)"]


def test_level_restart_after_a_named_level_only(tmp_path: Path) -> None:
    # level 3 restarts after level 1 only, so it keeps counting across level-2 paragraphs
    numbering = abstract_num(
        0,
        level(0, "decimal", "%1."),
        level(1, "lowerLetter", "(%2)"),
        level(2, "lowerRoman", "(%3)", extra='<w:lvlRestart w:val="1"/>'),
    ) + num(1, 0)
    levels = [0, 1, 2, 2, 1, 2, 0, 1, 2]
    doc = read(tmp_path, "".join(para("x", num=(1, lvl)) for lvl in levels), numbering=numbering)
    assert numbers(doc) == ["1.", "(a)", "(i)", "(ii)", "(b)", "(iii)", "2.", "(a)", "(i)"]


def test_legal_and_multi_level_text(tmp_path: Path) -> None:
    numbering = abstract_num(
        0,
        level(0, "upperRoman", "%1."),
        level(1, "decimal", "%1.%2", extra="<w:isLgl/>"),
        level(2, "upperLetter", "%3."),
    ) + num(1, 0)
    body = (
        para("Part", num=(1, 0))
        + para("Part", num=(1, 0))
        + para("Item", num=(1, 1))
        + para("Item", num=(1, 1))
        + para("Sub", num=(1, 2))
    )
    doc = read(tmp_path, body, numbering=numbering)
    assert numbers(doc) == ["I.", "II.", "2.1", "2.2", "A."]


def test_roman_letters_bullets_and_start_values(tmp_path: Path) -> None:
    numbering = (
        abstract_num(0, level(0, "lowerRoman", "(%1)"))
        + abstract_num(1, level(0, "upperLetter", "%1.", start=3))
        + abstract_num(2, level(0, "bullet", "\uf0b7"))
        + abstract_num(3, level(0, "none", ""))
        + num(1, 0)
        + num(2, 1)
        + num(3, 2)
        + num(4, 3)
    )
    body = "".join(para("r", num=(1, 0)) for _ in range(4)) + para("C", num=(2, 0)) + para("D", num=(2, 0))
    body += para("bullet", num=(3, 0)) + para("nothing", num=(4, 0))
    doc = read(tmp_path, body, numbering=numbering)
    assert numbers(doc) == ["(i)", "(ii)", "(iii)", "(iv)", "C.", "D.", "•", None]


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (4, "lowerRoman", "iv"),
        (1994, "upperRoman", "MCMXCIV"),
        (27, "lowerLetter", "aa"),
        (2, "upperLetter", "B"),
        (7, "decimalZero", "07"),
        (12, "decimalZero", "12"),
        (22, "ordinal", "22nd"),
        (13, "ordinal", "13th"),
        (5, "none", ""),
        (5, "somethingNew", "5"),
    ],
)
def test_format_number(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


def test_numbering_inherited_from_paragraph_style(tmp_path: Path) -> None:
    styles = (
        style("Normal", "Normal", default=True)
        + style("OpBase", "Operative base", based_on="Normal", ppr='<w:numPr><w:numId w:val="1"/></w:numPr>')
        + style("Operative", "Operative paragraph", based_on="OpBase")
        + style("SubPara", "Subparagraph", ppr='<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>')
    )
    body = (
        para("Urges", style="Operative")
        + para("to act", style="SubPara")
        + para("Requests", style="Operative")
        + para("Plain")
    )
    doc = read(tmp_path, body, numbering=OP_LIST + num(1, 0), styles=styles)
    assert numbers(doc) == ["1.", "(a)", "2.", None]
    assert doc.paragraphs[0].style == "Operative paragraph"


def test_num_id_zero_switches_style_numbering_off(tmp_path: Path) -> None:
    styles = style("Operative", "Operative", ppr='<w:numPr><w:numId w:val="1"/></w:numPr>')
    body = (
        para("One", style="Operative")
        + para("Not numbered", style="Operative", num=(0, 0))
        + para("Two", style="Operative")
    )
    doc = read(tmp_path, body, numbering=OP_LIST + num(1, 0), styles=styles)
    assert numbers(doc) == ["1.", None, "2."]


def test_level_linked_to_heading_style(tmp_path: Path) -> None:
    numbering = abstract_num(
        0,
        level(0, "upperLetter", "%1.", extra='<w:pStyle w:val="Heading1"/>'),
        level(1, "decimal", "%2.", extra='<w:pStyle w:val="Heading2"/>'),
    ) + num(1, 0)
    styles = style("Heading1", "heading 1", ppr='<w:numPr><w:numId w:val="1"/></w:numPr>') + style(
        "Heading2", "heading 2", ppr='<w:numPr><w:numId w:val="1"/></w:numPr>'
    )
    body = (
        para("Cooperation", style="Heading1") + para("Arrest", style="Heading2") + para("B", style="Heading1")
    )
    doc = read(tmp_path, body, numbering=numbering, styles=styles)
    assert numbers(doc) == ["A.", "1.", "B."]


def test_deleted_numbered_paragraph_does_not_count(tmp_path: Path) -> None:
    body = (
        para("First", num=(1, 0))
        + para(deleted("Withdrawn paragraph"), num=(1, 0), ppr=deleted_mark(5))
        + para("Second", num=(1, 0))
    )
    doc = read(tmp_path, body, numbering=OP_LIST + num(1, 0))
    assert texts(doc) == ["First", "Second"]
    assert numbers(doc) == ["1.", "2."]


def test_undefined_list_and_missing_numbering_part(tmp_path: Path) -> None:
    doc = read(tmp_path, para("Orphan", num=(9, 0)) + para("Orphan too", num=(9, 0)))
    assert numbers(doc) == [None, None]
    [diag] = doc.diagnostics
    assert diag.code == "numbering-undefined"
    assert diag.location is not None and diag.location.index == 0


def test_numbering_through_list_style_link(tmp_path: Path) -> None:
    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="ResList"/></w:abstractNum>'
        + abstract_num(1, level(0, "decimal", "%1)")).replace(
            "</w:abstractNum>", '<w:styleLink w:val="ResList"/></w:abstractNum>'
        )
        + num(1, 0)
        + num(2, 1)
    )
    styles = style(
        "ResList", "Resolution list", kind="numbering", ppr='<w:numPr><w:numId w:val="2"/></w:numPr>'
    )
    doc = read(tmp_path, para("a", num=(1, 0)) + para("b", num=(1, 0)), numbering=numbering, styles=styles)
    assert numbers(doc) == ["1)", "2)"]


# --- styles and headings ---------------------------------------------------------------


def test_style_names_and_heading_levels(tmp_path: Path) -> None:
    styles = (
        style("Normal", "Normal", default=True)
        + style("Title", "Title", based_on="Normal")
        + style("Heading1", "heading 1", based_on="Normal", ppr='<w:outlineLvl w:val="0"/>')
        + style("Heading2", "heading 2", based_on="Heading1", ppr='<w:outlineLvl w:val="1"/>')
        + style("AnnexHead", "Annex heading", based_on="Normal", ppr='<w:outlineLvl w:val="2"/>')
    )
    body = (
        para("Cooperation", style="Title")
        + para("Arrest warrants", style="Heading1")
        + para("Sub", style="Heading2")
        + para("Annex", style="AnnexHead")
        + para("Body")
        + para("Direct outline", ppr='<w:outlineLvl w:val="3"/>')
    )
    doc = read(tmp_path, body, styles=styles)
    assert [p.style for p in doc.paragraphs] == [
        "Title",
        "Heading 1",
        "Heading 2",
        "Annex heading",
        "Normal",
        "Normal",
    ]
    assert [p.heading_level for p in doc.paragraphs] == [0, 1, 2, 3, None, 4]


def test_style_id_without_styles_part(tmp_path: Path) -> None:
    # Without styles.xml the style id is all there is; Word's built-in id "Heading1" still says heading.
    doc = read(tmp_path, para("Heading", style="Heading1") + para("Text", style="BodyText") + para("Plain"))
    assert [p.style for p in doc.paragraphs] == ["Heading1", "BodyText", None]
    assert [p.heading_level for p in doc.paragraphs] == [1, None, None]


# --- comments -------------------------------------------------------------------------


def test_comments_attach_to_their_paragraphs(tmp_path: Path) -> None:
    body = (
        para(
            '<w:commentRangeStart w:id="0"/>',
            "14 individuals",
            '<w:commentRangeEnd w:id="0"/>',
            '<w:r><w:commentReference w:id="0"/></w:r>',
        )
        + para("No comment here")
        + para("Date", '<w:r><w:commentReference w:id="1"/></w:r>', '<w:commentRangeStart w:id="2"/>')
    )
    comments = comment(0, "Update the count.") + comment(1, "As at which date?") + comment(2, "Check.")
    doc = read(tmp_path, body, comments=comments)
    assert [p.comments for p in doc.paragraphs] == [
        ["Update the count."],
        [],
        ["As at which date?", "Check."],
    ]
    assert texts(doc)[0] == "14 individuals"


# --- the visible-text walk, for the redliner ------------------------------------------


def test_visible_pieces_map_offsets_back_to_runs(tmp_path: Path) -> None:
    body = para("at its ", deleted("nineteenth"), ins(run("twentieth")), " session", footnote_ref(1))
    path = build_docx(tmp_path / "d.docx", body)
    with zipfile.ZipFile(path) as zf:
        root = parse_xml(zf.read("word/document.xml"))
    [p] = body_paragraphs(root)
    pieces = list(iter_visible_runs(p))
    assert [piece.text for piece in pieces] == ["at its ", "twentieth", " session", ""]
    assert [piece.inserted for piece in pieces] == [False, True, False, False]
    assert pieces[-1].footnote_id == 1
    for piece in pieces[:3]:
        assert piece.run.tag == qn("w:r")
        assert piece.node.tag == qn("w:t")
        assert piece.node.text == piece.text
    assert pieces[1].run.getparent().tag == qn("w:ins")
    assert logical_paragraphs([p]) == [[0]]


def test_styles_object_tolerates_missing_part() -> None:
    styles = Styles(None)
    r = etree.fromstring(f'<w:r xmlns:w="{W_NS}"><w:t>x</w:t></w:r>')
    fmt = styles.run_format(r, "Anything")
    assert (fmt.italic, fmt.bold, fmt.hidden) == (False, False, False)
    assert styles.name("Heading1") == "Heading1"
    assert styles.name("heading 2") == "Heading 2"


_RUN_KINDS = st.sampled_from(["plain", "italic", "inserted", "deleted"])
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=8
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_RUN_KINDS, _TEXT), min_size=1, max_size=8))
def test_text_is_the_accepted_runs_and_emphasis_is_within_italic_runs(
    tmp_path: Path, runs: list[tuple[str, str]]
) -> None:
    xml = []
    for i, (kind, text) in enumerate(runs):
        if kind == "deleted":
            xml.append(deleted(text, rid=i + 1))
        elif kind == "inserted":
            xml.append(ins(run(text), rid=i + 1))
        else:
            xml.append(run(text, italic=kind == "italic"))
    doc = read(tmp_path, para(*xml))
    expected = "".join(text for kind, text in runs if kind != "deleted")
    assert doc.paragraphs[0].text == expected
    assert doc.had_tracked_changes == any(kind in ("deleted", "inserted") for kind, _ in runs)
    italic_chars = set()
    offset = 0
    for kind, text in runs:
        if kind == "deleted":
            continue
        if kind == "italic":
            italic_chars.update(range(offset, offset + len(text)))
        offset += len(text)
    for span in doc.paragraphs[0].emphasis:
        assert span.style == "italic"
        covered = set(range(span.start, span.end))
        # every non-space character of a span is italic, and spans start and end on non-space
        assert all(i in italic_chars for i in covered if not expected[i].isspace())
        assert not expected[span.start].isspace() and not expected[span.end - 1].isspace()
    visible_italic = {i for i in italic_chars if not expected[i].isspace()}
    assert visible_italic <= {i for s in doc.paragraphs[0].emphasis for i in range(s.start, s.end)}


# --- errors and robustness -------------------------------------------------------------


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(InputError) as info:
        read_docx(path)
    assert info.value.problem == "not a Word .docx file (not a zip archive)"
    assert info.value.path == str(path)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_docx(tmp_path / "nowhere.docx")


def test_zip_without_document_part(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError) as info:
        read_docx(path)
    assert "no word/document.xml" in info.value.problem


def test_malformed_document_xml(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "bad.docx", para("x"), parts={"word/document.xml": b"<w:document><w:body>"})
    with pytest.raises(InputError) as info:
        read_docx(path)
    assert info.value.problem.startswith("malformed XML in word/document.xml")
    assert "\n" not in str(info.value)


def test_malformed_optional_part(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "bad.docx", para("x"), styles="", parts={"word/styles.xml": b"<w:styles"})
    with pytest.raises(InputError, match=r"malformed XML in word/styles\.xml"):
        read_docx(path)


def test_doctype_and_entities_are_refused(tmp_path: Path) -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = build_docx(tmp_path / "evil.docx", para("x"), parts={"word/document.xml": evil})
    with pytest.raises(InputError) as info:
        read_docx(path)
    assert "DOCTYPE" in info.value.problem
    assert "root:" not in str(info.value)


def test_not_a_wordprocessing_document(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "odd.docx", para("x"), parts={"word/document.xml": b"<something/>"})
    with pytest.raises(InputError, match="not a WordprocessingML document"):
        read_docx(path)


def test_missing_optional_parts_just_read(tmp_path: Path) -> None:
    body = para("Text", footnote_ref(1), num=(1, 0), style="Custom") + para(
        '<w:r><w:commentReference w:id="0"/></w:r>'
    )
    doc = read(tmp_path, body)
    assert texts(doc) == ["Text", ""]
    assert doc.footnotes == []
    assert doc.paragraphs[0].footnote_refs == [FootnoteRef(1, 4)]
    assert doc.paragraphs[1].comments == []


def test_relationship_targets_are_followed(tmp_path: Path) -> None:
    # Some producers name parts differently; the relationships say where they are.
    path = build_docx(tmp_path / "renamed.docx", para("Title text", style="T"), styles=style("T", "Title"))
    with zipfile.ZipFile(path) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    files["word/styles2.xml"] = files.pop("word/styles.xml")
    files["word/_rels/document.xml.rels"] = files["word/_rels/document.xml.rels"].replace(
        b'Target="styles.xml"', b'Target="/word/styles2.xml"'
    )
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    doc = read_docx(path)
    assert doc.paragraphs[0].style == "Title"
    assert doc.paragraphs[0].heading_level == 0
