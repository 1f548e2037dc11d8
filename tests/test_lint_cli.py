"""`resdraft lint`, `resdraft rules`, `resdraft explain`: exit codes, formats, configuration."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from resdraft.lint.catalogue import catalogue
from tests.clitools import run_cli as run

DRAFT = """Draft resolution on cooperation

The Assembly of States Parties,

*Recalling* its resolutions ICC-ASP/20/Res.2 and ICC-ASP/21/Res.3,

1. *Requests* the Bureau to report thereon to the Assembly at its twenty-second session;

2. *Requests* the Court to submit an updated report at its twenty-third session.
"""

CLEAN = DRAFT.replace("twenty-second session;", "twenty-third session;")


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    (tmp_path / "stale.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_exit_1_on_a_finding_and_0_on_a_clean_text(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["lint", str(drafts / "stale.md"), "--session", "22", "--no-config"], capsys)
    assert code == 1
    assert f"{drafts / 'stale.md'}:OP1:" in out and "RD101 [error]" in out
    assert "^^^^^^^^^^^^^" in out and "fix (unsafe): replace with 'twenty-third'" in out
    code, out, _ = run(["lint", str(drafts / "clean.md"), "--session", "22", "--no-config"], capsys)
    assert code == 0
    assert out.strip() == "All checks passed (1 file)."


def test_fail_on_threshold(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = CLEAN + "\n3. *Invites* the Registry to launch in 2023 a review of legal aid.\n"
    text = text.replace("at its twenty-third session.", "at its twenty-third session;")
    (drafts / "year.md").write_text(text, encoding="utf-8")
    args = ["lint", str(drafts / "year.md"), "--session", "22", "--no-config"]
    assert run(args, capsys)[0] == 1  # a warning fails at the default threshold
    assert run([*args, "--fail-on", "error"], capsys)[0] == 0


def test_exit_2_on_usage_and_input_errors(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["lint", str(drafts / "missing.md")], capsys)
    assert code == 2 and "no such file" in err and "Traceback" not in err + out
    code, _, err = run(["lint", str(drafts / "clean.md"), "--select", "RD9999"], capsys)
    assert code == 2 and err.count("\n") == 1
    code, _, err = run(["lint", str(drafts / "clean.md"), "--body", "nowhere"], capsys)
    assert code == 2 and "unknown body" in err
    (drafts / "broken.docx").write_bytes(b"PK but not really")
    code, _, err = run(["lint", str(drafts / "broken.docx"), "--no-config"], capsys)
    assert code == 2 and "broken.docx" in err and "Traceback" not in err


def test_json_output(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["lint", str(drafts), "--session", "22", "--format", "json", "--no-config"], capsys)
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"files", "summary"}
    files = {Path(f["path"]).name: f for f in data["files"]}
    assert set(files) == {"stale.md", "clean.md"}
    assert files["clean.md"]["findings"] == []
    (finding,) = files["stale.md"]["findings"]
    assert list(finding) == ["rule", "category", "severity", "paragraph", "text", "start", "end", "message", "fix"]
    assert (finding["rule"], finding["category"], finding["paragraph"], finding["text"], finding["fix"]) == (
        "RD101", "stale-session", "OP1", "twenty-second", "twenty-third")
    assert data["summary"]["findings"] == 1 and data["summary"]["errors"] == 1


def test_sarif_output(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["lint", str(drafts / "stale.md"), "--session", "22", "-f", "sarif", "--no-config"], capsys)
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0" and "sarif" in sarif["$schema"]
    driver = sarif["runs"][0]["tool"]["driver"]
    assert {r["id"] for r in driver["rules"]} == set(catalogue())
    rule = next(r for r in driver["rules"] if r["id"] == "RD101")
    assert {"id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration"} <= set(rule)
    assert rule["defaultConfiguration"]["level"] == "error"
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "RD101" and result["level"] == "error"
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"].endswith("stale.md")
    assert location["physicalLocation"]["region"]["startLine"] == 7
    assert location["logicalLocations"][0]["name"] == "OP1"


def test_github_output_is_capped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paragraphs = [f"{i}. *Requests* the Bureau to report thereon at its twenty-second session;" for i in range(1, 61)]
    (tmp_path / "many.md").write_text(DRAFT.split("1. ")[0] + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    code, out, _ = run(["lint", str(tmp_path / "many.md"), "--session", "22", "--select", "RD101", "-f", "github",
                        "--no-config"], capsys)
    lines = out.strip().splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert code == 1 and len(annotations) == 50
    assert annotations[0].startswith("::error file=") and ",line=" in annotations[0]
    assert ",title=RD101::OP1: forward reference" in annotations[0]
    assert "Found 60 findings" in lines[-1] and "50 of 60" in lines[-1]


def test_config_from_pyproject_and_cli_override(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project"
    (project / "drafts").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[tool.resdraft]\nsession = 22\nignore = ["RD4"]\n'
                                            '[tool.resdraft.per-file-ignores]\n"old-*.md" = ["RD101"]\n',
                                            encoding="utf-8")
    (project / "drafts" / "draft.md").write_text(DRAFT, encoding="utf-8")
    (project / "drafts" / "old-draft.md").write_text(DRAFT, encoding="utf-8")
    code, out, _ = run(["lint", str(project / "drafts" / "draft.md"), "-f", "json"], capsys)
    assert code == 1 and json.loads(out)["files"][0]["findings"][0]["rule"] == "RD101"
    code, _, _ = run(["lint", str(project / "drafts" / "old-draft.md")], capsys)
    assert code == 0  # per-file-ignores
    code, _, _ = run(["lint", str(project / "drafts" / "draft.md"), "--session", "21"], capsys)
    assert code == 0  # the command line wins: for session 21 the twenty-second is ahead


def test_resdraft_toml_and_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "resdraft.toml").write_text('session = 22\nfail-on = "error"\nselect = ["stale-year"]\n',
                                            encoding="utf-8")
    text = CLEAN.replace("at its twenty-third session.", "at its twenty-third session;") + \
        "\n3. *Invites* the Registry to launch in 2023 a review of legal aid.\n"
    (tmp_path / "d.md").write_text(text, encoding="utf-8")
    code, out, _ = run(["lint", str(tmp_path / "d.md")], capsys)
    assert code == 0 and "RD110 [warning]" in out  # reported, but below the configured threshold
    (tmp_path / "resdraft.toml").write_text("sesion = 22\n", encoding="utf-8")
    code, _, err = run(["lint", str(tmp_path / "d.md")], capsys)
    assert code == 2 and "unknown key" in err


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    for info in catalogue().values():
        assert info.code in out and info.name in out
    code, out, _ = run(["rules", "--format", "json"], capsys)
    assert {r["code"] for r in json.loads(out)} == set(catalogue())
    code, out, _ = run(["explain", "RD101"], capsys)
    assert code == 0
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Fix safety"):
        assert heading in out
    assert run(["explain", "stale-year"], capsys)[0] == 0
    code, _, err = run(["explain", "RD999"], capsys)
    assert code == 2 and "unknown rule" in err


def test_a_folder_skips_files_that_are_not_drafts(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (drafts / "README.md").write_text("# Drafts\n\nOne file per draft; see the [^1] notes.\n", encoding="utf-8")
    code, out, _ = run(["lint", str(drafts), "--session", "22", "--format", "json", "--no-config"], capsys)
    assert code == 1 and {Path(f["path"]).name for f in json.loads(out)["files"]} == {"stale.md", "clean.md"}
    _, out, _ = run(["lint", str(drafts / "README.md"), "--session", "22", "--format", "json", "--no-config"],
                       capsys)
    assert [Path(f["path"]).name for f in json.loads(out)["files"]] == ["README.md"]  # named: linted anyway


def test_jobs_gives_the_same_output_in_the_same_order(tmp_path: Path) -> None:
    """--jobs N lints in parallel; the report is byte-identical to --jobs 1, files in the same order."""
    import subprocess
    import sys

    folder = tmp_path / "drafts"
    folder.mkdir()
    for n in range(6):
        (folder / f"d{n}.md").write_text(
            "The Assembly of States Parties,\n\n"
            f"Recalling its resolution ICC-ASP/2{n}/Res.3 of the 23rd session,\n\n"
            "1. *Decides* to hold its next session at The Hague from [dates] 2025;\n", encoding="utf-8")
    (folder / "README.md").write_text("How to use this folder\n\nPut the drafts here.\n", encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"not a zip")

    def run(jobs: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "resdraft", "lint", str(folder), "--no-config", "--session",
                               "22", "-f", "json", "--jobs", jobs], capture_output=True, text=True, check=False,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})

    one, many = run("1"), run("3")
    assert one.returncode == many.returncode == 2  # the broken file
    assert one.stdout == many.stdout and one.stderr == many.stderr
    paths = [r["path"] for r in json.loads(one.stdout)["files"]]
    assert paths == sorted(paths) and len(paths) == 7  # README skipped, broken file reported
