"""Very long drafts through every command: nothing lost, nothing refused, output that reads back.

Speed is measured in `benchmarks/` (bench_large.py, bench_lint.py), not here: these tests check
that a 20,000-paragraph draft (the size of a consolidated omnibus text) goes through parse, lint
and fix whole. They take minutes, so they are marked `slow` (the fast lane is
`pytest -m "not slow"`); a 1,000-paragraph run of the same checks stays in the fast lane.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resdraft.parse import parse_file
from tests.clitools import run_cli

_ACTIONS = ("*Requests* the Secretariat to", "*Invites* all States to", "*Encourages* the Bureau to",
            "*Decides* to", "*Calls upon* regional organizations to")
_TOPICS = ("review the staffing table of the field offices", "consider a roster of interpreters",
           "share its findings on legal aid with the working group", "publish the annual audit in full",
           "report on arrears of contributions")


def _code(n: int) -> str:
    """`n` in letters ("b", "ba", ...): a paragraph's own mark that no rule reads as a number or a year."""
    out = ""
    while True:
        n, digit = divmod(n, 26)
        out = chr(ord("a") + digit) + out
        if n == 0:
            return out


def _uncode(word: str) -> int:
    value = 0
    for char in word:
        value = value * 26 + ord(char) - ord("a")
    return value


def long_draft(operatives: int) -> str:
    """A Markdown draft with `operatives` numbered paragraphs (some cite a symbol or a session; one footnote)."""
    lines = ["# Draft omnibus resolution on the work of the Secretariat", "", "The Assembly of States Parties,", "",
             "*Recalling* its resolution ICC-ASP/21/Res.2 on the budget,[^1]", ""]
    for i in range(operatives):
        action, topic = _ACTIONS[i % len(_ACTIONS)], _TOPICS[(i // 5) % len(_TOPICS)]
        extra = ", and to report thereon at its twenty-third session" if i % 9 == 4 else ""
        extra += f" in the light of document ICC-ASP/22/{i % 40 + 1}" if i % 13 == 6 else ""
        lines += [f"{i + 1}. {action} {topic} (item {_code(i + 1)}){extra}{'.' if i == operatives - 1 else ';'}", ""]
    lines += ["[^1]: Adopted by consensus.", ""]
    return "\n".join(lines)


def _items(texts: list[str]) -> list[int]:
    """The "(item n)" numbers in paragraph order: every paragraph there once, in order."""
    import re

    return [_uncode(m.group(1)) for text in texts for m in re.finditer(r"\(item ([a-z]+)\)", text)]


def _through_parse_lint_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str], operatives: int) -> None:
    draft = tmp_path / "omnibus.md"
    draft.write_text(long_draft(operatives), encoding="utf-8")
    before = draft.read_bytes()

    code, out, err = run_cli(["parse", str(draft), "-f", "json"], capsys)
    assert code == 0, err
    blocks = json.loads(out)["blocks"]
    assert _items([b["text"] for b in blocks]) == list(range(1, operatives + 1))

    code, out, err = run_cli(["lint", str(draft), "--session", "22", "--no-config", "-f", "json", "--jobs", "1"],
                             capsys)
    assert code in (0, 1), err
    [result] = json.loads(out)["files"]
    assert "error" not in result

    fixed = tmp_path / "omnibus-fixed.docx"
    code, out, err = run_cli(["fix", str(draft), "-o", str(fixed), "--session", "22", "--date", "2024-05-01",
                              "-f", "json"], capsys)
    assert code == 0, err
    summary = json.loads(out)["summary"]
    # every paragraph is still there, in order, in the Word file
    readback = parse_file(fixed)
    assert _items([b.text for b in readback.blocks]) == list(range(1, operatives + 1))
    assert summary["fixes"] + summary["reviews"] + summary["skipped"] >= 0
    assert draft.read_bytes() == before  # the input is never touched


def test_a_thousand_paragraphs_go_through_parse_lint_and_fix(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    _through_parse_lint_fix(tmp_path, capsys, 1_000)


@pytest.mark.slow
def test_twenty_thousand_paragraphs_go_through_parse_lint_and_fix(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _through_parse_lint_fix(tmp_path, capsys, 20_000)


@pytest.mark.slow
def test_twenty_thousand_paragraphs_go_through_carry_over_and_compare(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "omnibus.md"
    draft.write_text(long_draft(20_000), encoding="utf-8")
    carried = tmp_path / "carried.docx"
    code, _, err = run_cli(["carry-over", str(draft), "-o", str(carried), "--to-session", "23",
                            "--date", "2024-05-01"], capsys)
    assert code == 0, err
    assert _items([b.text for b in parse_file(carried).blocks]) == list(range(1, 20_001))
    redline = tmp_path / "redline.docx"
    code, _, err = run_cli(["compare", str(draft), str(carried), "-o", str(redline), "--date", "2024-05-01"], capsys)
    assert code == 0, err
    assert _items([b.text for b in parse_file(redline).blocks]) == list(range(1, 20_001))
