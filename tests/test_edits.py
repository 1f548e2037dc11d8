"""The edit-plan API: validation (overlaps refused here, not in the writer), dates, the pure-text result."""

from __future__ import annotations

import pytest

from resdraft.accepted import apply_to_text
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
    marked_span,
    marked_text,
    normalize_date,
)
from resdraft.parse import parse_text

DRAFT = """Cooperation

The Assembly of States Parties,

*Recalling* its resolution ICC-ASP/20/Res.2,[^1]

1. *Requests* the Bureau to report at its twenty-first session;

2. *Urges* States to cooperate fully;[^2]

3. *Decides* to remain seized of the matter.

[^1]: ICC-ASP/20/24.
[^2]: As at 1 May 2022.
"""


def test_overlapping_edits_are_refused_when_the_plan_is_built() -> None:
    with pytest.raises(EditPlanError, match="overlap"):
        EditPlan([Edit("OP1", 0, 8, "Asks"), Edit("OP1", 5, 10, "x")])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ((3, 3), (3, 3)),  # two insertions at one point
        ((3, 3), (3, 6)),  # an insertion at the start of a replacement
        ((0, 3), (3, 3)),  # an insertion at the end of a replacement
    ],
)
def test_edits_touching_one_point_must_be_merged(a: tuple[int, int], b: tuple[int, int]) -> None:
    with pytest.raises(EditPlanError, match="merge"):
        EditPlan([Edit("OP1", *a, "x"), Edit("OP1", *b, "y")])


def test_adjacent_replacements_and_other_blocks_are_fine() -> None:
    plan = EditPlan([Edit("OP1", 0, 3, "x"), Edit("OP1", 3, 6, "y"), Edit("OP2", 0, 3, "z")])
    assert len(plan) == 3


def test_a_comment_may_share_a_span_with_an_edit() -> None:
    EditPlan([Edit("OP1", 0, 8, "Asks"), Edit("OP1", 0, 8, None, comment="why?")])


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([DeleteParagraph("OP1"), Edit("OP1", 0, 1, "x")], "deleted and also edited"),
        ([DeleteParagraph("OP1"), MoveParagraph("OP1", "OP2")], "deleted and moved"),
        ([MoveParagraph("OP1", "OP1")], "after itself"),
        ([Renumber("OP1", "2."), Renumber("OP1", "3.")], "renumbered twice"),
        ([Edit("OP1", 4, 2, "x")], "bad span"),
        ([Edit("OP1", 0, 2, None)], "must carry a comment"),
        ([Edit("OP1", 0, 2, "a" + FOOTNOTE_MARK)], "footnote mark"),
        ([InsertParagraph("OP1", "text" + FOOTNOTE_MARK, footnotes=("a", "b"))], "footnote mark"),
    ],
)
def test_plans_that_cannot_be_applied_are_refused(items: list[object], message: str) -> None:
    with pytest.raises(EditPlanError, match=message):
        EditPlan(items)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2024-05-01", "2024-05-01T00:00:00Z"),
        ("2024-05-01T10:30:00Z", "2024-05-01T10:30:00Z"),
        ("2024-05-01T12:30:00+02:00", "2024-05-01T10:30:00Z"),
        ("2024-05-01T10:30:00.123456", "2024-05-01T10:30:00Z"),
    ],
)
def test_dates_are_normalised_to_utc_seconds(given: str, expected: str) -> None:
    assert normalize_date(given) == expected
    assert EditPlan([], date=given).date == expected


def test_a_bad_date_is_refused() -> None:
    with pytest.raises(EditPlanError, match="ISO 8601"):
        normalize_date("1 May 2024")


def test_empty_author_is_refused() -> None:
    with pytest.raises(EditPlanError, match="author"):
        EditPlan([], author=" ")


def test_plain_offsets_keep_marks_and_insert_after_them() -> None:
    text = "abc def"
    marks = [3]  # a footnote mark after "abc"
    assert marked_text(text, marks) == "abc" + FOOTNOTE_MARK + " def"
    # a replacement of "abc" ends before the mark; an insertion at 3 goes after it
    assert marked_span(Edit("X", 0, 3, "x"), marks) == (0, 3)
    assert marked_span(Edit("X", 3, 3, "x"), marks) == (4, 4)
    assert marked_span(Edit("X", 3, 7, "x"), marks) == (4, 8)
    assert marked_span(Edit("X", 1, 5, "x", marks=True), marks) == (1, 5)


def test_apply_to_text_gives_the_accepted_text() -> None:
    resolution = parse_text(DRAFT)
    op1 = resolution.block("OP1")
    pp1 = resolution.block("PP1")
    assert op1 is not None and pp1 is not None
    at = op1.text.index("twenty-first")
    symbol = pp1.text.index("ICC-ASP/20/Res.2")
    plan = EditPlan([
        Edit("OP1", at, at + len("twenty-first"), "twenty-second"),
        Edit("PP1", symbol, symbol + len("ICC-ASP/20/Res.2"), "ICC-ASP/21/Res.3"),
        Edit("FN2", 0, 5, "Status as"),
        DeleteParagraph("OP2"),
        Renumber("OP3", "2."),
        InsertParagraph("OP1", "Invites States to report;" + FOOTNOTE_MARK, "1 bis.", footnotes=("A new note.",),
                        label="OP1bis"),
        InsertParagraph(START, "Draft resolution", label="T0"),
    ])
    blocks = apply_to_text(resolution, plan)
    assert [b.label for b in blocks] == ["T0", "T1", "INTRO", "PP1", "OP1", "OP1bis", "OP3"]
    by = {b.label: b for b in blocks}
    assert by["OP1"].text == "Requests the Bureau to report at its twenty-second session;"
    assert by["PP1"].text == "Recalling its resolution ICC-ASP/21/Res.3,"
    assert by["PP1"].footnotes == ["ICC-ASP/20/24."]
    assert by["OP3"].number_text == "2."
    assert by["OP1bis"].footnotes == ["A new note."]
    assert by["OP1bis"].marked.endswith(FOOTNOTE_MARK)


def test_apply_to_text_deletes_a_mark_only_in_marked_mode() -> None:
    resolution = parse_text(DRAFT)
    op2 = resolution.block("OP2")
    assert op2 is not None
    end = len(op2.text)
    kept = apply_to_text(resolution, EditPlan([Edit("OP2", end - 1, end, ".")]))
    assert next(b for b in kept if b.label == "OP2").footnotes == ["As at 1 May 2022."]
    marked = marked_text(op2.text, [r.offset for r in op2.footnote_refs])
    gone = apply_to_text(resolution, EditPlan([Edit("OP2", len(marked) - 1, len(marked), "", marks=True)]))
    block = next(b for b in gone if b.label == "OP2")
    assert block.footnotes == [] and block.text == op2.text


def test_unknown_labels_are_reported() -> None:
    resolution = parse_text(DRAFT)
    with pytest.raises(EditPlanError, match="no such block"):
        apply_to_text(resolution, EditPlan([Edit("OP9", 0, 1, "x")]))
    with pytest.raises(EditPlanError, match="no such footnote"):
        apply_to_text(resolution, EditPlan([Edit("FN7", 0, 1, "x")]))
