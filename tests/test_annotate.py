"""`resdraft lint --annotate`: every finding as a Word comment on its text, the draft untouched."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from resdraft.annotate import _layers, anchor_span, annotate, annotation_edits, comment_text, count_comments
from resdraft.lint.config import LintOptions
from resdraft.lint.engine import lint_paths
from resdraft.lint.finding import Finding
from resdraft.parse import parse_file
from tests.clitools import run_cli as cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# OP3's number skips one and its lead is a preambular opener: two findings on one word (RD601 has an
# empty span, anchored on the first word), plus a placeholder and a quote and markup to survive.
OVERLAP = """Draft resolution on cooperation

The Assembly of States Parties,

*Recalling* its resolutions ICC-ASP/20/Res.2 and ICC-ASP/21/Res.3,

1. *Requests* the Bureau to report thereon to the Assembly at its twenty-second session;

3. *Reiterating* that cooperation matters, and <b>"quotes"</b> & [XX] stay;

4. *Requests* the Court to submit an updated report at its twenty-third session.
"""
CLEAN = OVERLAP.replace("twenty-second session;", "twenty-third session;").replace(
    "3. *Reiterating* that cooperation matters, and <b>\"quotes\"</b> & [XX] stay;",
    "2. *Reiterates* that cooperation matters;").replace("4. *Requests*", "3. *Requests*")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def findings_of(path: Path) -> list[Finding]:
    [result] = lint_paths([path], LintOptions(session=22, use_config=False))
    assert result.error is None
    return result.findings


def expected_anchor(path: Path, finding: Finding) -> str:
    """The text a finding's comment must sit on: its text, or the word after an empty span."""
    resolution = parse_file(path)
    texts = {b.label: b.text for b in resolution.blocks} | {f.label: f.text for f in resolution.footnotes}
    text = texts[finding.paragraph]
    start, end = anchor_span(text, finding.start, finding.end)
    return text[start:end]


# --- the comment and its anchor ------------------------------------------------------------------------


def test_comment_text_gives_code_severity_message_and_fix() -> None:
    safe = Finding("RD321", "malformed-symbol", "error", "FN6", "ICC-ASP-20/Res.2", 11, 27,
                   "malformed symbol ICC-ASP-20/Res.2", fix="ICC-ASP/20/Res.2", fix_safe=True)
    assert comment_text(safe) == "RD321 [error] malformed symbol ICC-ASP-20/Res.2 \u2014 fix: 'ICC-ASP/20/Res.2'"
    unsafe = Finding("RD101", "stale-session", "error", "OP12", "twenty-second", 0, 13, "stale", fix="twenty-third")
    assert comment_text(unsafe) == "RD101 [error] stale \u2014 fix (unsafe, check it): 'twenty-third'"
    delete = Finding("RD301", "duplicate-citation", "warning", "PP1", ", X", 3, 6, "cited twice", fix="",
                     fix_safe=True)
    assert comment_text(delete) == "RD301 [warning] cited twice \u2014 fix: delete ', X'"
    none = Finding("RD401", "placeholder", "error", "OP1", "[XX]", 0, 4, "placeholder left")
    assert comment_text(none) == "RD401 [error] placeholder left"


@pytest.mark.parametrize(
    ("start", "end", "anchor"),
    [
        (4, 9, "Burea"),  # a span is its own anchor
        (4, 4, "Bureau"),  # an empty span: the word that starts there
        (3, 3, "Bureau"),  # at a space: the next word
        (19, 19, "thereon;"),  # only spaces after the point: the word before
        (25, 25, "thereon;"),  # beyond the end, clamped
    ],
)
def test_anchor_of_an_empty_span_is_a_word(start: int, end: int, anchor: str) -> None:
    text = "The Bureau thereon;  "
    s, e = anchor_span(text, start, end)
    assert text[s:e] == anchor
    assert anchor_span("   ", 1, 1) == (1, 1)  # nothing to anchor on


def test_every_finding_gets_a_comment_only_edit_and_overlaps_go_to_separate_layers(tmp_path: Path) -> None:
    draft = tmp_path / "overlap.md"
    draft.write_text(OVERLAP, encoding="utf-8")
    findings = findings_of(draft)
    assert {f.rule for f in findings if f.paragraph == "OP3"} >= {"RD601", "RD803", "RD401"}
    edits = annotation_edits(parse_file(draft), findings)
    assert len(edits) == len(findings)
    assert all(e.replacement is None and e.end > e.start for e in edits)
    assert [e.comment for e in edits] == [comment_text(f) for f in findings]
    layers = _layers(edits)
    assert len(layers) == 2  # RD601 (empty span, widened to "Reiterating") and RD803 share a word
    assert sorted(len(layer) for layer in layers) == [1, len(edits) - 1]


# --- the command --------------------------------------------------------------------------------------


def test_annotate_keeps_the_lint_exit_code_and_leaves_the_draft_untouched(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "draft.docx"
    shutil.copy(SAMPLES / "omnibus-draft.docx", draft)
    before = digest(draft)
    code_plain, out_plain, _ = cli(["lint", str(draft), "--session", "22", "--no-config"], capsys)
    out = tmp_path / "annotated.docx"
    code, stdout, err = cli(["lint", str(draft), "--session", "22", "--no-config", "--annotate", str(out)], capsys)
    assert code == code_plain == 1
    assert stdout == out_plain  # the report on stdout is the same; the note about the file is on stderr
    findings = findings_of(draft)
    assert f"{len(findings)} comments written to {out}" in err
    assert digest(draft) == before
    assert count_comments(out) == len(findings) == 5
    # the annotated copy reads as the same draft, each paragraph carrying its findings' comments
    annotated = parse_file(out)
    assert [b.text for b in annotated.blocks] == [b.text for b in parse_file(draft).blocks]
    on = {b.label: b.comments for b in annotated.blocks}
    for finding in findings:
        assert comment_text(finding) in on[finding.paragraph]


def test_clean_draft_gives_exit_0_and_a_copy_without_comments(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "clean.md"
    draft.write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "clean.docx"
    code, stdout, err = cli(["lint", str(draft), "--session", "22", "--no-config", "--annotate", str(out)], capsys)
    assert (code, stdout.strip()) == (0, "All checks passed (1 file).")
    assert out.is_file() and count_comments(out) == 0
    assert "0 comments written" in err


def test_markdown_draft_is_annotated_as_a_rendered_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "overlap.md"
    draft.write_text(OVERLAP, encoding="utf-8")
    out = tmp_path / "overlap.docx"
    code, _, _ = cli(["lint", str(draft), "--session", "22", "--no-config", "--annotate", str(out)], capsys)
    assert code == 1
    findings = findings_of(draft)
    assert count_comments(out) == len(findings)
    on = {b.label: b.comments for b in parse_file(out).blocks}
    assert sorted(on["OP3"]) == sorted(comment_text(f) for f in findings if f.paragraph == "OP3")
    assert draft.read_text(encoding="utf-8") == OVERLAP


def test_suppressed_findings_are_not_annotated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "quiet.md"
    draft.write_text(OVERLAP.replace("[XX] stay;", "[XX] stay; <!-- resdraft: ignore RD401 -->"), encoding="utf-8")
    out = tmp_path / "quiet.docx"
    cli(["lint", str(draft), "--session", "22", "--no-config", "--annotate", str(out)], capsys)
    comments = [c for b in parse_file(out).blocks for c in b.comments]
    assert comments and not [c for c in comments if c.startswith("RD401")]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--annotate", "{tmp}/taken.docx"], "already exists (use --force to replace it)"),
        (["--annotate", "{tmp}/draft.md"], "give a name ending in .docx"),
        (["--annotate", "{tmp}/out.docx", "{tmp}/other.md"], "give one draft, not 2"),
        (["--annotate", "{tmp}/missing/out.docx"], "no such folder"),
    ],
)
def test_annotate_refuses_bad_outputs_before_writing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     extra: list[str], message: str) -> None:
    (tmp_path / "draft.md").write_text(OVERLAP, encoding="utf-8")
    (tmp_path / "other.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "taken.docx").write_bytes(b"not mine")
    args = ["lint", str(tmp_path / "draft.md"), "--session", "22", "--no-config",
            *[a.format(tmp=tmp_path) for a in extra]]
    code, stdout, err = cli(args, capsys)
    assert code == 2 and message in err and stdout == ""
    assert (tmp_path / "taken.docx").read_bytes() == b"not mine"
    assert not (tmp_path / "out.docx").exists()


def test_annotate_refuses_to_overwrite_the_draft_itself(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "draft.docx"
    shutil.copy(SAMPLES / "omnibus-draft.docx", draft)
    before = digest(draft)
    code, _, err = cli(["lint", str(draft), "--session", "22", "--annotate", str(draft), "--force"], capsys)
    assert code == 2 and "would overwrite an input" in err
    assert digest(draft) == before


def test_force_replaces_an_existing_annotated_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(OVERLAP, encoding="utf-8")
    out = tmp_path / "out.docx"
    out.write_bytes(b"old")
    code, _, _ = cli(["lint", str(draft), "--session", "22", "--no-config", "--annotate", str(out), "--force"], capsys)
    assert code == 1 and count_comments(out) == len(findings_of(draft))


def test_library_call_reports_what_it_wrote(tmp_path: Path) -> None:
    draft = tmp_path / "overlap.md"
    draft.write_text(OVERLAP, encoding="utf-8")
    findings = findings_of(draft)
    done = annotate(draft, findings, tmp_path / "a.docx", date="2024-05-01")
    assert (done.findings, done.comments, done.complete) == (len(findings), len(findings), True)
    annotate(draft, findings, tmp_path / "b.docx", date="2024-05-01")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()  # same input, same bytes


# --- in LibreOffice ---------------------------------------------------------------------------------


Comments = list[tuple[str, str, str]]


def _annotated_in_office(office: object, draft: Path, tmp_path: Path) -> tuple[list[Finding], Comments]:
    out = tmp_path / (draft.stem + "-annotated.docx")
    findings = findings_of(draft)
    annotate(draft, findings, out)
    trip = office.texts(out)  # type: ignore[attr-defined]
    assert trip.load_ok, trip.warnings
    return findings, [c for c in trip.comments if c[0] == "resdraft"]


@pytest.mark.office
@pytest.mark.parametrize("sample", ["cooperation-draft.docx", "omnibus-draft.docx", "budget-draft.md"])
def test_libreoffice_shows_a_comment_on_the_text_of_each_body_finding(office: object, tmp_path: Path,
                                                                      sample: str) -> None:
    draft = tmp_path / sample
    shutil.copy(SAMPLES / sample, draft)
    findings, comments = _annotated_in_office(office, draft, tmp_path)
    body = [f for f in findings if not f.paragraph.startswith("FN")]
    body_comments = [c for c in comments if not c[1].startswith("Footnote ")]
    assert len(body_comments) == len(body)
    for finding in body:
        anchor = expected_anchor(draft, finding)
        assert ("resdraft", comment_text(finding), anchor) in body_comments, finding


@pytest.mark.office
def test_libreoffice_overlapping_findings_each_get_their_comment(office: object, tmp_path: Path) -> None:
    draft = tmp_path / "overlap.md"
    draft.write_text(OVERLAP, encoding="utf-8")
    findings, comments = _annotated_in_office(office, draft, tmp_path)
    assert sorted(comments) == sorted(("resdraft", comment_text(f), expected_anchor(draft, f)) for f in findings)
    assert sum(1 for c in comments if c[2] == "Reiterating") == 2


@pytest.mark.office
def test_libreoffice_comment_count_equals_finding_count_footnotes_included(office: object, tmp_path: Path) -> None:
    draft = tmp_path / "cooperation-draft.docx"
    shutil.copy(SAMPLES / "cooperation-draft.docx", draft)
    findings, comments = _annotated_in_office(office, draft, tmp_path)
    assert any(f.paragraph.startswith("FN") for f in findings)
    assert len(comments) == len(findings)
    texts = [c[1] for c in comments]
    for finding in findings:
        assert any(t.endswith(comment_text(finding)) for t in texts), finding


def test_count_comments_reads_through_the_package_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A comments part larger than the part limit is refused, as every other part read from a .docx is."""
    from resdraft.errors import LimitExceeded

    draft = tmp_path / "draft.docx"
    shutil.copy(SAMPLES / "omnibus-draft.docx", draft)
    out = tmp_path / "annotated.docx"
    findings = findings_of(draft)
    annotate(draft, findings, out)
    assert count_comments(out) == count_comments(out.read_bytes()) == len(findings)
    monkeypatch.setenv("RESDRAFT_MAX_PART_MB", "0.001")  # about a kilobyte: less than the comments part
    with pytest.raises(LimitExceeded):
        count_comments(out)
