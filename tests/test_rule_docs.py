"""The rule pages in docs/rules/ are generated from the catalogue and must not go stale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from resdraft.commands.rules import rule_page
from resdraft.lint.catalogue import DOC_SECTIONS, catalogue
from tests.clitools import run_cli as cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules"
HEADINGS = [f"## {h}" for h in DOC_SECTIONS.values()]


def test_committed_pages_are_what_the_catalogue_generates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["rules", "--format", "markdown", "--output", str(tmp_path)], capsys)
    assert code == 0 and f"{len(catalogue())} rule pages and README.md written" in out
    generated = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    committed = {p.name: p.read_text(encoding="utf-8") for p in DOCS.iterdir()}
    assert sorted(committed) == sorted(generated), "run: resdraft rules --format markdown --output docs/rules"
    stale = [name for name in generated if generated[name] != committed[name]]
    assert not stale, f"{stale} are stale: run resdraft rules --format markdown --output docs/rules"


@pytest.mark.parametrize("code", list(catalogue()))
def test_every_page_has_every_section_in_order_and_each_is_filled(code: str) -> None:
    page = (DOCS / f"{code}.md").read_text(encoding="utf-8")
    info = catalogue()[code]
    assert page.startswith(f"# {code} {info.name}\n")
    positions = [page.find(f"\n{h}\n") for h in HEADINGS]
    assert all(p > 0 for p in positions) and positions == sorted(positions), positions
    bodies = re.split(r"\n## [^\n]+\n", page)[1:]
    assert len(bodies) == len(HEADINGS) + 1  # the five sections, then how to silence the rule
    assert all(body.strip() for body in bodies)
    for key in ("example", "use_instead"):
        assert f"```text\n{getattr(info, key).strip(chr(10))}\n```" in page


def test_index_links_every_page_and_the_readme_links_the_index() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    linked = re.findall(r"\]\((RD\d{3})\.md\)", index)
    assert linked == list(catalogue())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/rules/README.md" in readme


def test_regenerating_drops_pages_of_removed_rules_and_keeps_other_files(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "RD999.md").write_text("# a rule that is gone\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("kept\n", encoding="utf-8")
    code, _, _ = cli(["rules", "--format", "markdown", "--output", str(tmp_path)], capsys)
    assert code == 0
    assert not (tmp_path / "RD999.md").exists() and (tmp_path / "notes.md").read_text(encoding="utf-8") == "kept\n"
    assert (tmp_path / "RD101.md").read_text(encoding="utf-8") == rule_page(catalogue()["RD101"])


def test_output_needs_the_markdown_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(["rules", "--format", "json", "--output", str(tmp_path / "x")], capsys)
    assert code == 2 and "--format markdown" in err and not (tmp_path / "x").exists()


def test_markdown_to_stdout_holds_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["rules", "--format", "markdown"], capsys)
    assert code == 0
    assert [line[2:7] for line in out.splitlines() if line.startswith("# RD")] == list(catalogue())
