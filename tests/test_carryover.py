"""Carry-over of an adopted resolution to the next session: each of the six points, on project samples."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from resdraft.accepted import apply_to_text
from resdraft.carryover import CarryOver, plan_carry_over
from resdraft.model import Resolution
from resdraft.parse import parse_file
from resdraft.render import render_docx
from tests.clitools import run_cli as run

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
ADOPTED = SAMPLES / "cooperation-adopted.md"
SOURCES = [ADOPTED, SAMPLES / "cooperation-adopted.docx", SAMPLES / "cooperation-adopted-autonum.docx"]

EXPECTED_CHANGES = {
    ("PP1", "ICC-ASP/20/Res.2 and ICC-ASP/21/Res.3"),
    ("PP4", "paragraph 25 of resolution ICC-ASP/21/Res.3"),
    ("OP11", "twenty-third"),
    ("OP15", "twenty-third"),
    ("OP25", "twenty-third"),
}


def changes(result: CarryOver) -> list[tuple[str, str, str | None]]:
    return [(p.label, p.old, p.new) for p in result.proposals if p.kind == "change"]


def accepted(resolution: Resolution, result: CarryOver) -> dict[str, str]:
    return {b.label: b.text for b in apply_to_text(resolution, result.plan())}


@pytest.fixture(scope="module")
def adopted() -> Resolution:
    return parse_file(ADOPTED)


@pytest.fixture(scope="module")
def result(adopted: Resolution) -> CarryOver:
    return plan_carry_over(adopted, to_session=22)


def test_symbol_comes_from_the_title(result: CarryOver) -> None:
    assert result.symbol == "ICC-ASP/21/Res.3"
    assert result.notes == []


def test_point1_resolution_joins_the_list_in_its_place(adopted: Resolution, result: CarryOver) -> None:
    text = accepted(adopted, result)["PP1"]
    assert "ICC-ASP/19/Res.2, ICC-ASP/20/Res.2 and ICC-ASP/21/Res.3," in text
    assert text.count("ICC-ASP/21/Res.3") == 1


def test_point1_inserted_in_the_middle_when_a_later_one_is_listed() -> None:
    from resdraft.parse import parse_text

    res = parse_text("Resolution ICC-ASP/21/Res.3\n\nThe Assembly of States Parties,\n\n"
                     "*Recalling* resolutions ICC-ASP/19/Res.2, ICC-ASP/20/Res.2 and ICC-ASP/22/Res.1,\n")
    result = plan_carry_over(res, to_session=22)
    assert accepted(res, result)["PP1"] == (
        "Recalling resolutions ICC-ASP/19/Res.2, ICC-ASP/20/Res.2 and ICC-ASP/21/Res.3, ICC-ASP/22/Res.1,")


def test_point1_nothing_when_already_listed() -> None:
    from resdraft.parse import parse_text

    res = parse_text("The Assembly of States Parties,\n\n*Recalling* ICC-ASP/20/Res.2 and ICC-ASP/21/Res.3,\n")
    assert [p for p in plan_carry_over(res, to_session=22, symbol="ICC-ASP/21/Res.3").proposals
            if p.code == "CO101"] == []


def test_point2_report_reference_points_at_the_requesting_paragraph(adopted: Resolution,
                                                                    result: CarryOver) -> None:
    text = accepted(adopted, result)["PP4"]
    assert "pursuant to paragraph 25 of resolution ICC-ASP/21/Res.3" in text
    assert adopted.block("OP25").text.startswith("Requests the Court to submit")


def test_point3_forward_sessions_advance_in_house_style(adopted: Resolution, result: CarryOver) -> None:
    texts = accepted(adopted, result)
    assert "at its twenty-third session" in texts["OP25"]
    assert "twenty-second" not in texts["OP25"] + texts["OP15"]
    codes = {p.code for p in result.proposals if p.kind == "change"}
    assert {"CO101", "CO102", "CO103"} <= codes


def test_point3_forward_year_and_current_session_placeholder() -> None:
    from resdraft.parse import parse_text

    res = parse_text("The Assembly of States Parties,\n\n"
                     "1. *Refers* to its resolution ICC-ASP/21/Res.[...] on the budget;\n\n"
                     "2. *Requests* the Bureau to report on the review by 2023, as agreed in 2019;\n")
    result = plan_carry_over(res, to_session=22, symbol="ICC-ASP/21/Res.3")
    texts = accepted(res, result)
    assert texts["OP1"] == "Refers to its resolution ICC-ASP/22/Res.[...] on the budget;"
    assert texts["OP2"] == "Requests the Bureau to report on the review by 2024, as agreed in 2019;"


def test_point4_historical_references_stay(adopted: Resolution, result: CarryOver) -> None:
    texts = accepted(adopted, result)
    for label, words in [("OP11", "to the nineteenth session"), ("OP14", "2014"), ("OP22", "adopted in 2007"),
                         ("OP16", "3 March 2019"), ("PP1", "Kampala in 2010")]:
        assert words in texts[label], label
        assert words in adopted.block(label).text
    touched = {(p.label, p.old) for p in result.proposals if p.kind == "change"}
    assert ("OP11", "nineteenth") not in touched


def test_point5_review_comments_on_human_only_facts(result: CarryOver) -> None:
    reviews = {(p.label, p.code) for p in result.proposals if p.kind == "review"}
    assert ("OP2", "CO201") in reviews  # "against 12 persons"
    assert ("FN2", "CO203") in reviews and ("FN4", "CO203") in reviews  # "as at 1 September 2022"
    assert ("FN1", "CO204") in reviews  # ICC-ASP/21/24: next year's document unknown
    assert all(p.comment().startswith("resdraft CO") for p in result.proposals)


def test_point6_nothing_else_changes(adopted: Resolution, result: CarryOver) -> None:
    texts = accepted(adopted, result)
    changed = {label for label, text in texts.items() if text != adopted.block(label).text}
    assert changed == {label for label, _ in EXPECTED_CHANGES}


def test_source_symbol_missing_uses_a_placeholder_and_says_so() -> None:
    from resdraft.parse import parse_text

    res = parse_text("The Assembly of States Parties,\n\n*Recalling* ICC-ASP/19/Res.2 and ICC-ASP/20/Res.2,\n")
    result = plan_carry_over(res, to_session=22)
    assert result.symbol == "ICC-ASP/21/Res.[...]"
    assert result.notes and "placeholder" in result.notes[0]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_same_proposals_from_md_typed_and_auto_numbered_docx(source: Path, result: CarryOver) -> None:
    other = plan_carry_over(parse_file(source), to_session=22)
    assert changes(other) == changes(result)
    assert [(p.label, p.code) for p in other.proposals] == [(p.label, p.code) for p in result.proposals]


def test_chaining_accepted_output_carries_over_again(adopted: Resolution, result: CarryOver,
                                                     tmp_path: Path) -> None:
    texts = accepted(adopted, result)
    draft22 = tmp_path / "draft22.md"
    draft22.write_text("\n\n".join(_as_markdown(adopted, texts)) + "\n", encoding="utf-8")
    res22 = parse_file(draft22)
    again = plan_carry_over(res22, to_session=23, symbol="ICC-ASP/22/Res.4")
    texts23 = accepted(res22, again)
    assert "ICC-ASP/20/Res.2, ICC-ASP/21/Res.3 and ICC-ASP/22/Res.4," in texts23["PP1"]
    assert "pursuant to paragraph 25 of resolution ICC-ASP/22/Res.4" in texts23["PP4"]
    assert "at its twenty-fourth session" in texts23["OP25"]
    assert "to the nineteenth session" in texts23["OP11"]


def _as_markdown(res: Resolution, texts: dict[str, str]) -> list[str]:
    out = []
    for block in res.blocks:
        text = texts[block.label]
        out.append(f"{block.number_text} {text}" if block.number_text else text)
    out += [f"[^{f.number}]: {f.text}" for f in res.footnotes]
    return out


# --- the command --------------------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_command_writes_a_draft_that_reads_as_accepted(source: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "draft.docx"
    code, stdout, _ = run(["carry-over", str(source), "-o", str(out), "--to-session", "22",
                           "--date", "2023-03-01T10:00:00Z", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(stdout)
    assert data["summary"]["changes"] == len(data["proposals"]) - data["summary"]["reviews"]
    draft = parse_file(out)  # the reader reads tracked changes as accepted
    assert draft.had_tracked_changes
    source_res = parse_file(source)
    expected = accepted(source_res, plan_carry_over(source_res, to_session=22))
    assert {b.label: b.text for b in draft.blocks} == expected
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


def test_command_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outs = [tmp_path / "a.docx", tmp_path / "b.docx"]
    for out in outs:
        run(["carry-over", str(ADOPTED), "-o", str(out), "--to-session", "22", "--date", "2023-03-01"], capsys)
    assert outs[0].read_bytes() == outs[1].read_bytes()


def test_command_refuses_existing_output_and_input_as_output(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "draft.docx"
    out.write_bytes(b"keep")
    code, _, err = run(["carry-over", str(ADOPTED), "-o", str(out), "--to-session", "22"], capsys)
    assert code == 2 and "already exists" in err and out.read_bytes() == b"keep"
    copy = tmp_path / "src.docx"
    copy.write_bytes((SAMPLES / "cooperation-adopted.docx").read_bytes())
    code, _, err = run(["carry-over", str(copy), "-o", str(copy), "--to-session", "22", "--force"], capsys)
    assert code == 2 and "overwrite an input" in err


@pytest.mark.office
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_in_libreoffice_accept_gives_the_draft_and_reject_gives_the_source(
        source: Path, tmp_path: Path, office, capsys: pytest.CaptureFixture[str]) -> None:
    docx = source
    if source.suffix == ".md":
        docx = tmp_path / "source.docx"
        render_docx(parse_file(source), docx)
    out = tmp_path / "draft.docx"
    code, _, _ = run(["carry-over", str(source), "-o", str(out), "--to-session", "22"], capsys)
    assert code == 0
    draft, original = office.texts_many([out, docx])
    assert draft.load_ok and original.load_ok
    assert draft.rejected == original.original
    source_res = parse_file(source)
    result = plan_carry_over(source_res, to_session=22)
    for proposal in result.proposals:
        if proposal.new:  # LibreOffice's plain text puts footnote numbers inline: compare the changed words
            assert proposal.new in draft.accepted, proposal
    assert "pursuant to paragraph 25 of resolution ICC-ASP/21/Res.3" in draft.accepted
    assert "twenty-second session" not in draft.accepted.split("Arrest and surrender")[1]
    assert len(draft.comments) == len(result.proposals)
    assert all(author == "resdraft" for author, _, _ in draft.comments)
    # body review notes sit on their words; a footnote's note is a point comment at its mark ("Footnote n: ...")
    body_reviews = [(text, anchor) for _, text, anchor in draft.comments
                    if "CO20" in text and not text.startswith("Footnote")]
    assert body_reviews and all(anchor for _, anchor in body_reviews)
    assert any(anchor == "against 12 persons" for _, anchor in body_reviews)
    assert sum(text.startswith("Footnote ") for _, text, _ in draft.comments) == sum(
        p.label.startswith("FN") for p in result.proposals)


REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "asp15-draft-resolution-on-cooperation.md"


@pytest.mark.skipif(not REFERENCE.is_file(), reason="../shared/reference is not available")
def test_real_asp_draft_carried_to_the_next_session() -> None:
    res = parse_file(REFERENCE)
    result = plan_carry_over(res, to_session=16, symbol="ICC-ASP/15/Res.5")
    got = {(p.label, p.old, p.new) for p in result.proposals if p.kind == "change"}
    assert ("PP1", "", ", ICC-ASP/15/Res.5") in got  # the list ends "..., ICC-ASP/14/Res.3, and ..."
    assert ("PP4", "28", "32") in got and ("PP4", "ICC-ASP/14/Res.3", "ICC-ASP/15/Res.5") in got
    advanced = {label for label, old, new in got if (old, new) == ("sixteenth", "seventeenth")}
    assert {"OP4", "OP10", "OP22", "OP32"} <= advanced
    texts = accepted(res, result)
    assert "to the thirteenth session" in texts["OP10"]  # historical, kept
    assert "in 2014" in texts["OP22"] and "2016 questionnaire" in texts["OP27"]
    reviews = {(p.label, p.code) for p in result.proposals if p.kind == "review"}
    assert {("OP2", "CO201"), ("OP16", "CO202"), ("FN1", "CO203")} <= reviews
