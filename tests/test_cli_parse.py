"""`resdraft parse`: JSON shape, outline, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clitools import run_cli as run

DRAFT = """Draft resolution on cooperation

The Assembly of States Parties,

*Recalling* ICC-ASP/21/Res.3,[^1]

1. *Requests* the Court to report to the Assembly at its twenty-third session;

[^1]: Adopted on 6 December 2022.
"""


def test_json_has_exactly_the_promised_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.md"
    path.write_text(DRAFT, encoding="utf-8")
    code, out, _ = run(["parse", str(path), "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert {"blocks", "footnotes", "diagnostics"} <= set(data)
    for block in data["blocks"]:
        assert {"kind", "label", "number", "text", "footnotes"} <= set(block)
    assert [(b["kind"], b["label"], b["number"]) for b in data["blocks"]] == [
        ("title", "T1", None), ("preamble-intro", "INTRO", None), ("preambular", "PP1", None),
        ("operative", "OP1", "1")]
    assert data["blocks"][2]["footnotes"] == [1]
    assert data["footnotes"] == [{"number": 1, "text": "Adopted on 6 December 2022.", "label": "FN1",
                                  "tokens": data["footnotes"][0]["tokens"]}]
    kinds = {t["kind"] for t in data["blocks"][3]["tokens"]}
    assert kinds == {"session"}


def test_text_outline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.md"
    path.write_text(DRAFT, encoding="utf-8")
    code, out, _ = run(["parse", str(path)], capsys)
    assert code == 0
    assert "OP1" in out and "operative" in out and "FN1" in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.md", None, "no such file"),
        ("d.doc", b"\xd0\xcf\x11\xe0 legacy", "legacy Word .doc"),
        ("d.txt", "caf\xe9".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                          content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(["parse", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err and str(path) in err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["parse", "x.md", "--nope"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_console_entry_point_runs_as_a_process(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_text(DRAFT, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "resdraft", "parse", str(path), "-f", "json"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["blocks"][-1]["label"] == "OP1"
