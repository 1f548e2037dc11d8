"""The library API: lint_resolution, lint_paths, Finding, apply_fixes, rule selection, context."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resdraft.errors import UsageError
from resdraft.lint import FileResult, Finding, LintContext, LintOptions, apply_fixes, lint_paths, lint_resolution
from resdraft.lint.catalogue import CATEGORIES, catalogue, resolve_selection
from resdraft.lint.engine import registry
from resdraft.lint.finding import JSON_FIELDS
from resdraft.parse import parse_text

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

DRAFT = """Draft resolution on cooperation

The Assembly of States Parties,

*Recalling* its resolutions ICC-ASP/20/Res.2 and ICC-ASP/21/Res.3,

1. *Requests* the Bureau to report thereon to the Assembly at its twenty-second session;

2. [Placeholder for text on arrest strategies];

3. *Requests* the Court to submit an updated report at its twenty-third session.
"""


def _lint(text: str, **context: object) -> list[Finding]:
    return lint_resolution(parse_text(text), LintContext(**context))  # type: ignore[arg-type]


def test_finding_has_exactly_the_json_fields() -> None:
    finding = _lint(DRAFT, session=22)[0]
    assert list(finding.to_dict()) == list(JSON_FIELDS)
    assert [f.name for f in dataclasses.fields(Finding)] == [*JSON_FIELDS, "fix_safe"]


def test_findings_point_at_their_text() -> None:
    resolution = parse_text(DRAFT)
    findings = lint_resolution(resolution, LintContext(session=22))
    texts = {b.label: b.text for b in resolution.blocks}
    assert {(f.rule, f.paragraph) for f in findings} == {("RD101", "OP1"), ("RD401", "OP2")}
    for finding in findings:
        assert texts[finding.paragraph][finding.start:finding.end] == finding.text
        assert finding.category in CATEGORIES


def test_every_catalogue_rule_has_code_and_every_code_an_entry() -> None:
    assert set(registry()) == set(catalogue())


def test_selection_by_code_prefix_category_and_name() -> None:
    assert resolve_selection(["RD101"], default_all=True) == {"RD101"}
    assert resolve_selection(["RD1"], default_all=True) == {"RD100", "RD101", "RD102", "RD110"}
    assert resolve_selection(["placeholder"], default_all=True) == {"RD401", "RD402"}
    assert resolve_selection(["stale-year"], default_all=True) == {"RD110"}
    assert resolve_selection(["misspelled-ordinal"], default_all=True) == {"RD501"}
    assert resolve_selection(None, default_all=True) == set(catalogue())
    with pytest.raises(UsageError):
        resolve_selection(["RD999x"], default_all=True)


def test_select_and_ignore_filter_findings() -> None:
    resolution = parse_text(DRAFT)
    only = lint_resolution(resolution, LintContext(session=22), select=["placeholder"])
    assert {f.rule for f in only} == {"RD401"}
    without = lint_resolution(resolution, LintContext(session=22), ignore=["RD4"])
    assert {f.rule for f in without} == {"RD101"}


def test_session_from_the_title_or_unknown() -> None:
    titled = DRAFT.replace("Draft resolution on cooperation", "Draft resolution on cooperation for the twenty-second "
                           "session")
    assert {f.rule for f in _lint(titled)} == {"RD101", "RD401"}
    anonymous = DRAFT.replace("ICC-ASP/20/Res.2 and ICC-ASP/21/Res.3", "on cooperation")
    findings = _lint(anonymous)
    assert {f.rule for f in findings} == {"RD100", "RD401"}
    info = next(f for f in findings if f.rule == "RD100")
    assert info.severity == "info" and "not known" in info.message


def test_session_assumed_from_citations_is_said() -> None:
    findings = _lint(DRAFT)  # cites ICC-ASP/21/Res.3: assumed to be for the twenty-second session
    assert "RD101" in {f.rule for f in findings}
    assert any(f.rule == "RD100" and "assuming" in f.message for f in findings)


def test_year_gives_the_session_of_a_yearly_body() -> None:
    text = DRAFT.replace("ICC-ASP/20/Res.2 and ICC-ASP/21/Res.3", "on cooperation") + \
        "\n4. *Invites* the Registry to launch in 2023 a review of legal aid.\n"
    rules = {f.rule for f in _lint(text, year=2023)}
    assert {"RD101", "RD110"} <= rules  # 2023 is the year of the twenty-second session
    hrc = _lint(text, year=2023, body="hrc")  # three sessions a year: the year does not tell which
    assert any(f.rule == "RD100" and "stale-session checks were skipped" in f.message for f in hrc)


def test_body_from_the_intro_line() -> None:
    text = """80/5. Test

The General Assembly,

*Recalling* its resolutions 78/7 of 2 November 2023 and 79/7 of 30 October 2024,

1. *Decides* that the procedures shall apply until the end of its eightieth session.
"""
    assert _lint(text) == []  # GA: session 80 from the title, and the current session is not stale there


# --- apply_fixes -------------------------------------------------------------------------------


def _finding(start: int, end: int, text: str, fix: str | None, safe: bool = True) -> Finding:
    return Finding("RD000", "ordinal", "error", "OP1", text, start, end, "m", fix, safe)


def test_apply_fixes_replaces_exact_slices() -> None:
    text = "at its 23rd session and its twenty-three session"
    fixes = [_finding(7, 11, "23rd", "twenty-third"), _finding(28, 40, "twenty-three", "twenty-third", safe=False)]
    assert apply_fixes(text, fixes) == "at its twenty-third session and its twenty-third session"
    assert apply_fixes(text, fixes, safe_only=True) == "at its twenty-third session and its twenty-three session"


def test_apply_fixes_skips_overlaps_and_stale_findings() -> None:
    text = "paragraph 31 34 of"
    overlapping = [_finding(10, 15, "31 34", "34"), _finding(13, 15, "34", "35")]
    assert apply_fixes(text, overlapping) == "paragraph 34 of"
    stale = [_finding(10, 15, "31 35", "35")]
    assert apply_fixes(text, stale) == text
    assert apply_fixes(text, [_finding(0, 9, "paragraph", None)]) == text


def test_fixing_a_draft_twice_changes_nothing_more() -> None:
    resolution = parse_text(DRAFT)
    findings = lint_resolution(resolution, LintContext(session=22))
    block = resolution.block("OP1")
    assert block is not None
    fixed = apply_fixes(block.text, [f for f in findings if f.paragraph == "OP1"])
    assert "twenty-third session" in fixed
    again = parse_text(DRAFT.replace(block.text, fixed))
    findings_again = [f for f in lint_resolution(again, LintContext(session=22)) if f.paragraph == "OP1"]
    assert apply_fixes(fixed, findings_again) == fixed


# --- lint_paths ----------------------------------------------------------------------------------


def test_lint_paths_walks_folders_and_reports_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(DRAFT, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.md").write_text(DRAFT.replace("twenty-second session;", "twenty-third session;"), encoding="utf-8")
    (sub / "notes.json").write_text("{}", encoding="utf-8")
    (sub / "README.md").write_text("# Drafts\n\nThe drafts of this year, one file each.\n", encoding="utf-8")
    (sub / "broken.docx").write_bytes(b"not a zip")
    results = lint_paths([tmp_path], LintOptions(session=22, use_config=False))
    by_name = {Path(r.path).name: r for r in results}
    assert set(by_name) == {"a.md", "b.md", "broken.docx"}
    assert isinstance(by_name["a.md"], FileResult)
    assert {f.rule for f in by_name["a.md"].findings} == {"RD101", "RD401"}
    assert {f.rule for f in by_name["b.md"].findings} == {"RD401"}
    assert by_name["broken.docx"].error and not by_name["broken.docx"].findings


def test_lint_paths_rejects_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        lint_paths([tmp_path / "nope.md"], LintOptions(use_config=False))


# --- the samples and their answer key -------------------------------------------------------------


def _answer_key() -> list[dict[str, str]]:
    with (SAMPLES / "defects.toml").open("rb") as handle:
        return tomllib.load(handle)["defect"]


@pytest.mark.skipif(not (SAMPLES / "defects.toml").is_file(), reason="samples/ not available")
@pytest.mark.parametrize("suffix", [".md", ".docx"])
def test_samples_every_defect_found_and_nothing_else(suffix: str) -> None:
    key = _answer_key()
    for sample in sorted({d["sample"] for d in key} | {"cooperation-adopted"}):
        path = SAMPLES / f"{sample}{suffix}"
        if not path.is_file():
            continue
        session = None if sample == "cooperation-adopted" else 22
        results = lint_paths([path], LintOptions(session=session, use_config=False))
        findings = [f for f in results[0].findings if f.severity != "info"]
        expected = [d for d in key if d["sample"] == sample]
        for defect in expected:
            assert any(f.paragraph == defect["label"] and f.category == defect["category"] and
                       (f.text in defect["text"] or defect["text"] in f.text) for f in findings), (sample, defect)
        assert len(findings) == len(expected), (sample, [(f.rule, f.paragraph, f.text) for f in findings])


# --- precision on clean drafts written by a generator ------------------------------------------------

_VERBS = ["Urges", "Requests", "Encourages", "Invites", "Welcomes", "Emphasizes", "Recognizes", "Calls upon",
          "Reaffirms", "Stresses", "Underlines", "Acknowledges", "Commends"]
_CLAUSES = [
    "States Parties to cooperate fully with the Court",
    "the Bureau to continue its consultations on arrest strategies",
    "the Court to pursue its dialogue with regional organizations",
    "States to designate national focal points for cooperation",
    "the Registry to keep States informed of requests for assistance",
    "all States to consider concluding agreements on the enforcement of sentences",
    "the facilitator to consult civil society on the protection of witnesses",
    "the Office of the Prosecutor to share its guidance on financial investigations",
    "international organizations to support outreach to affected communities",
    "States Parties to contribute to the Special Fund for Relocations",
]
_TAILS = [
    "",
    ", and to report thereon to the Assembly at its twenty-third session",
    ", taking into account the study annexed to the report of the Bureau to the nineteenth session",
    ", building on the agreements concluded in 2014 and on the seminar held on 3 March 2019",
    ", as recalled in resolution ICC-ASP/21/Res.3 adopted at its twenty-first session",
    " well in advance of the twenty-third session",
    ", and to launch in 2024 a review of the arrangements",
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_VERBS), st.sampled_from(_CLAUSES), st.sampled_from(_TAILS)),
                min_size=2, max_size=10, unique_by=lambda p: p[1]))
def test_clean_generated_drafts_raise_no_warning(paragraphs: list[tuple[str, str, str]]) -> None:
    lines = ["Draft resolution on cooperation", "", "The Assembly of States Parties,", "",
             "*Recalling* its resolutions ICC-ASP/19/Res.2, ICC-ASP/20/Res.2 and ICC-ASP/21/Res.3,", ""]
    for i, (verb, clause, tail) in enumerate(paragraphs, start=1):
        end = "." if i == len(paragraphs) else ";"
        lines += [f"{i}. *{verb}* {clause} ({i}){tail}{end}", ""]
    findings = _lint("\n".join(lines), session=22)
    assert [(f.rule, f.paragraph, f.text) for f in findings if f.severity != "info"] == []
