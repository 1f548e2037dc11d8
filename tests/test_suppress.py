"""Suppression where the text lives: `resdraft: ignore` in a Word or Markdown comment on a paragraph."""

from __future__ import annotations

from pathlib import Path

import pytest

from resdraft.lint.catalogue import catalogue
from resdraft.lint.config import LintOptions
from resdraft.lint.engine import lint_paths
from resdraft.suppress import Suppression, parse_directive
from tests.clitools import run_cli as cli
from tests.docxbuild import build_docx, comment, footnote, footnote_ref, para, run

DRAFT = """Draft resolution on cooperation

The Assembly of States Parties,

*Recalling* its resolutions ICC-ASP/20/Res.2 and ICC-ASP/21/Res.3,[^1]

1. *Requests* the Bureau to report thereon to the Assembly at its twenty-third session;

2. *Invites* States to contribute [XX] to the Trust Fund;{c2}

3. *Requests* the Court to submit an updated report at its twenty-third session and [XX].

[^1]: Resolution ICC-ASP-20/Res.2, annex.
"""


def lint_md(tmp_path: Path, text: str, name: str = "draft.md") -> tuple[list[tuple[str, str]], Suppression]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    suppressed: dict[str, Suppression] = {}
    [result] = lint_paths([path], LintOptions(session=22, use_config=False), suppressed=suppressed)
    assert result.error is None
    return [(f.paragraph, f.rule) for f in result.findings], suppressed[str(path)]


# --- the directive --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codes", "unknown"),
    [
        ("resdraft: ignore", None, ()),
        ("  Resdraft: Ignore  ", None, ()),
        ("resdraft: ignore RD401", {"RD401"}, ()),
        ("resdraft:ignore rd401,RD201", {"RD401", "RD201"}, ()),
        ("resdraft: ignore: RD401", {"RD401"}, ()),
        ("Agreed in the informals. resdraft: ignore RD401 - the figure comes in October", {"RD401"}, ()),
        ("resdraft: ignore RD401 (kept on purpose)", {"RD401"}, ()),
        ("resdraft: ignore RD401; see the Bureau's note", {"RD401"}, ()),
        ("resdraft: ignore stale-session-reference", {"RD101"}, ()),
        ("resdraft: ignore RD4O1", set(), ("RD4O1",)),
        ("resdraft: ignore RD401 because", {"RD401"}, ("because",)),
    ],
)
def test_directive_forms(text: str, codes: set[str] | None, unknown: tuple[str, ...]) -> None:
    directive = parse_directive(text)
    assert directive is not None
    assert directive.codes == (None if codes is None else frozenset(codes))
    assert directive.unknown == unknown


def test_prefixes_and_categories_select_like_the_command_line() -> None:
    family = {code for code in catalogue() if code.startswith("RD3")}
    placeholders = {code for code, info in catalogue().items() if info.category == "placeholder"}
    directive = parse_directive("resdraft: ignore RD3, placeholder")
    assert directive is not None and directive.codes == frozenset(family | placeholders)


@pytest.mark.parametrize("text", ["Please check the figure.", "resdraft ignores nothing here", "ignore RD401"])
def test_comments_without_a_directive_are_not_directives(text: str) -> None:
    assert parse_directive(text) is None


# --- Markdown ---------------------------------------------------------------------------------------


def test_markdown_comment_silences_the_named_rule_in_its_paragraph_only(tmp_path: Path) -> None:
    found, _ = lint_md(tmp_path, DRAFT.format(c2=""))
    assert ("OP2", "RD401") in found and ("OP3", "RD401") in found
    found, suppression = lint_md(tmp_path, DRAFT.format(c2=" <!-- resdraft: ignore RD401 - the amount comes later -->"))
    assert ("OP2", "RD401") not in found
    assert ("OP3", "RD401") in found  # the same rule in another paragraph still fires
    assert [(f.paragraph, f.rule) for f in suppression.suppressed] == [("OP2", "RD401")]


def test_markdown_comment_for_another_rule_silences_nothing(tmp_path: Path) -> None:
    found, suppression = lint_md(tmp_path, DRAFT.format(c2=" <!-- resdraft: ignore RD201 -->"))
    assert ("OP2", "RD401") in found
    assert suppression.suppressed == []


def test_bare_ignore_silences_every_rule_of_the_paragraph(tmp_path: Path) -> None:
    text = DRAFT.format(c2="").replace("1. *Requests* the Bureau", "1. *Requests* the Bureau to report [XX] and")
    before, _ = lint_md(tmp_path, text)
    assert {rule for label, rule in before if label == "OP1"}  # OP1 has findings to silence
    text = text.replace("twenty-third session;\n", "twenty-third session; <!-- resdraft: ignore -->\n", 1)
    after, suppression = lint_md(tmp_path, text)
    assert not [rule for label, rule in after if label == "OP1"]
    assert [f for f in suppression.suppressed if f.paragraph != "OP1"] == []
    assert [x for x in after if x[0] != "OP1"] == [x for x in before if x[0] != "OP1"]


def test_footnote_findings_are_silenced_on_the_paragraph_that_references_the_footnote(tmp_path: Path) -> None:
    found, _ = lint_md(tmp_path, DRAFT.format(c2=""))
    assert ("FN1", "RD321") in found
    text = DRAFT.format(c2="").replace("ICC-ASP/21/Res.3,[^1]", "ICC-ASP/21/Res.3,[^1] <!-- resdraft: ignore RD321 -->")
    found, suppression = lint_md(tmp_path, text)
    assert ("FN1", "RD321") not in found
    assert [(f.paragraph, f.rule) for f in suppression.suppressed] == [("FN1", "RD321")]


def test_cli_counts_silenced_findings_and_warns_about_unknown_codes(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "draft.md"
    path.write_text(DRAFT.format(c2=" <!-- resdraft: ignore RD401, RD4O2 -->"), encoding="utf-8")
    code, out, err = cli(["lint", str(path), "--session", "22", "--no-config"], capsys)
    assert code == 1  # OP3's placeholder and the footnote's symbol still fail the check
    assert "1 more finding silenced by 'resdraft: ignore' comments" in out
    assert "OP2: 'RD4O2' in a 'resdraft: ignore' comment names no rule" in err
    assert f"{path}:OP2:" not in out


def test_suppression_works_with_ignore_select_and_per_file_ignores(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.resdraft]\nsession = 22\n'
                                             '[tool.resdraft.per-file-ignores]\n"*.md" = ["RD321"]\n')
    path = tmp_path / "draft.md"
    path.write_text(DRAFT.format(c2=" <!-- resdraft: ignore RD401 -->"), encoding="utf-8")
    code, out, _ = cli(["lint", str(path), "--format", "json"], capsys)
    import json

    rules = {(f["paragraph"], f["rule"]) for f in json.loads(out)["files"][0]["findings"]}
    assert ("FN1", "RD321") not in rules  # per-file-ignores
    assert ("OP2", "RD401") not in rules and ("OP3", "RD401") in rules  # the comment, in its paragraph only
    code, out, _ = cli(["lint", str(path), "--format", "json", "--ignore", "RD401"], capsys)
    assert json.loads(out)["summary"]["findings"] == 0 and code == 0
    code, out, _ = cli(["lint", str(path), "--format", "json", "--select", "RD401"], capsys)
    assert [f["paragraph"] for f in json.loads(out)["files"][0]["findings"]] == ["OP3"]


# --- Word comments --------------------------------------------------------------------------------


def _docx(path: Path, note: str | None) -> Path:
    """A small draft whose OP2 holds a placeholder; `note` is a Word comment anchored in OP2."""
    anchored = ("", "")
    comments = None
    if note is not None:
        anchored = ('<w:commentRangeStart w:id="0"/>',
                    '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>')
        comments = comment(0, note)
    body = (
        para("Draft resolution on cooperation")
        + para("The Assembly of States Parties,")
        + para(run("Recalling", italic=True), " its resolution ICC-ASP/21/Res.3,", footnote_ref(2))
        + para("1.\t", run("Requests", italic=True), " the Bureau to report thereon at its twenty-third session;")
        + para("2.\t", run("Invites", italic=True), " States to contribute ", anchored[0], run("[XX]"), anchored[1],
               " to the Trust Fund;")
        + para("3.\t", run("Requests", italic=True), " the Court to report [XX] at its twenty-third session.")
    )
    return build_docx(path, body, footnotes=footnote(2, "Resolution ICC-ASP-21/Res.3."), comments=comments)


@pytest.mark.parametrize("note", ["resdraft: ignore RD401", "Kept until October. resdraft: ignore placeholder"])
def test_word_comment_silences_the_rule_in_its_paragraph(tmp_path: Path, note: str) -> None:
    plain = _docx(tmp_path / "plain.docx", None)
    noted = _docx(tmp_path / "noted.docx", note)
    options = LintOptions(session=22, use_config=False)
    [before] = lint_paths([plain], options)
    suppressed: dict[str, Suppression] = {}
    [after] = lint_paths([noted], options, suppressed=suppressed)
    found_before = {(f.paragraph, f.rule) for f in before.findings}
    found_after = {(f.paragraph, f.rule) for f in after.findings}
    assert {("OP2", "RD401"), ("OP3", "RD401"), ("FN1", "RD321")} <= found_before
    assert found_after == found_before - {("OP2", "RD401")}
    assert [(f.paragraph, f.rule) for f in suppressed[str(noted)].suppressed] == [("OP2", "RD401")]


def test_word_comment_without_a_directive_changes_nothing(tmp_path: Path) -> None:
    options = LintOptions(session=22, use_config=False)
    [before] = lint_paths([_docx(tmp_path / "plain.docx", None)], options)
    [after] = lint_paths([_docx(tmp_path / "noted.docx", "Please check the amount.")], options)
    assert [(f.paragraph, f.rule) for f in after.findings] == [(f.paragraph, f.rule) for f in before.findings]
