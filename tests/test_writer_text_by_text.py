"""The writer's two ways of making text edits (`redline.writer.text_edits`) give the same file and the same error."""

from __future__ import annotations

from pathlib import Path

import pytest
from docxbuild import build_docx, footnote, footnote_ref, para, run, style

from resdraft.edits import FOOTNOTE_MARK, Edit, EditPlan, EditPlanError, Renumber
from resdraft.parse import parse_file
from resdraft.redline.writer import apply_plan
from resdraft.redline.writer.text_edits import TextEdits

DATE = "2024-05-01T10:00:00Z"
STYLES = (
    style("Normal", "Normal", default=True)
    + style("FootnoteText", "footnote text", based_on="Normal")
    + style("FootnoteReference", "footnote reference", kind="character", rpr='<w:vertAlign w:val="superscript"/>')
)


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    body = (
        para("The Assembly of States Parties,")
        + para(run("Recalling", italic=True), " its resolution ICC-ASP/20/Res.2,", footnote_ref(1))
        + para("1.\t", run("Requests", italic=True), " the Bureau to report at its twenty-first session;",
               footnote_ref(2))
        + para("2.\t", run("Urges", italic=True), " States to cooperate fully;")
        + para("3.\t", run("Decides", italic=True), " to remain seized of the matter.")
    )
    notes = footnote(1, "ICC-ASP/20/24.") + footnote(2, "See the report of the Bureau.")
    return build_docx(tmp_path / "draft.docx", body, styles=STYLES, footnotes=notes)


@pytest.fixture(params=["text by text", "all at once"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "all at once":
        monkeypatch.setattr(TextEdits, "_one_text_at_a_time", lambda self, items: False)
    return request.param


def _write(draft: Path, items: list) -> bytes:
    return apply_plan(draft, EditPlan(items, date=DATE), resolution=parse_file(draft))


def test_same_bytes_both_ways(draft: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    items = [
        Edit("OP2", 0, 5, "Calls upon", comment="stronger"),
        Edit("OP1", 4, 4, "also ", comment="one"),
        Edit("FN2", 0, 3, "Read", comment="note"),
        Edit("OP1", 10, 16, "Committee", comment="two"),
        Renumber("OP3", "4."),
        Edit("PP1", 0, 0, FOOTNOTE_MARK, marks=True, footnotes=("A new note.",), comment="a note"),
        Edit("FN1", 0, 1, "X"),
        Edit("OP3", 0, 7, "Decides"),
    ]
    text_by_text = _write(draft, items)
    monkeypatch.setattr(TextEdits, "_one_text_at_a_time", lambda self, items: False)
    assert _write(draft, items) == text_by_text


@pytest.mark.parametrize(("items", "error"), [
    ([Edit("OP1", 0, 500, "x"), Edit("OP9", 0, 1, "x")], "OP9"),  # a bad address before a failed check
    ([Edit("OP1", 0, 2, "x"), Edit("OP2", 0, 500, "x"), Edit("OP3", 0, 1, "x")], "OP2.*beyond the end"),
    ([Edit("OP1", 0, 2, "x"), Edit("FN1", 0, 500, "x"), Edit("FN7", 0, 1, "x")], "no footnote 7"),
])
def test_same_error_both_ways(draft: Path, way: str, items: list, error: str) -> None:
    with pytest.raises(EditPlanError, match=error):
        _write(draft, items)
