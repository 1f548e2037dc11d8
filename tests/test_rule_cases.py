"""Data-driven rule tests: one `tests/rule_cases/<CODE>.toml` per rule (sqlfluff's yaml cases).

A case file holds `rule = "RD101"`, optional `[config]` (session, body, year, select) for all its
cases, and `[[case]]` tables with a `name` and either
- `pass`: Markdown text on which the rule must say nothing, or
- `fail`: Markdown text on which it must report at least once; `flagged` (optional) lists the
  exact flagged texts in order, `severity` (optional) the severity of every finding, and `fix`
  (optional) the text after the rule's fixes are applied.
A case may override the file's `[config]` with its own `config` table. A `[library]` table
(file name = Markdown text) is written to a folder used as `--library` for the file's cases.

A text without a "The ... ," line is wrapped in a short draft of the configured body, so cases can
be a few paragraphs (`wrap = false` in the config leaves it as it is). Fixes are applied to the
Markdown source (each flagged text is found in its paragraph's lines), then the text is linted
again: a fixed text must get no further fix from the rule (a fix applied twice changes nothing
more).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from resdraft.lint import LintContext, lint_resolution
from resdraft.lint.catalogue import DOC_SECTIONS, catalogue
from resdraft.lint.finding import Finding
from resdraft.lint.library import Library
from resdraft.lint.profiles import load_profile
from resdraft.model import Resolution
from resdraft.parse import parse_text

CASES = Path(__file__).parent / "rule_cases"


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _cases() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    found = []
    for path in sorted(CASES.glob("*.toml")):
        data = _load(path)
        for case in data.get("case", []):
            config = {**data.get("config", {}), **case.get("config", {})}
            if "library" in data and config.get("library", True):
                config["library"] = data["library"]
            else:
                config.pop("library", None)
            found.append((data["rule"], case, config))
    return found


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "rule_case" in metafunc.fixturenames:
        cases = _cases()
        metafunc.parametrize("rule_case", cases, ids=[f"{code}-{case['name']}" for code, case, _ in cases])


# --- helpers ---------------------------------------------------------------------------------


def wrap(text: str, config: dict[str, Any]) -> tuple[str, str]:
    """The full Markdown document for a case text, and the header added to it."""
    text = text.strip("\n") + "\n"
    profile = load_profile(config.get("body", "icc-asp"))
    if config.get("wrap") is False:
        return text, ""  # a case about texts that are not drafts at all
    if any(line.strip().startswith(intro) for line in text.splitlines() for intro in profile.intro):
        return text, ""
    header = f"Draft resolution on testing\n\n{profile.intro[0]},\n\n"
    return header + text, header


def lint_case(source: str, config: dict[str, Any], rule: str,
              library: Path | None = None) -> tuple[Resolution, list[Finding]]:
    resolution = parse_text(source, path="case.md")
    context = LintContext(session=config.get("session"), body=config.get("body"), year=config.get("year"),
                          library=Library(library) if library else None)
    findings = lint_resolution(resolution, context, select=[rule])
    return resolution, findings


def _chunk(lines: list[str], first: int) -> tuple[int, int]:
    """Line range [first, end) of the source paragraph starting at 1-based line `first`."""
    start = first - 1
    end = start + 1
    while end < len(lines) and lines[end].strip() and not lines[end].lstrip().startswith(("[^", "#")):
        end += 1
    return start, end


def fix_source(source: str, resolution: Resolution, findings: list[Finding]) -> str:
    """Apply findings' fixes to the Markdown source, locating each flagged text in its paragraph."""
    wheres = {b.label: b for b in resolution.blocks} | {f.label: f for f in resolution.footnotes}
    lines = source.split("\n")
    edits: list[tuple[int, int, str]] = []  # absolute offsets in the joined chunk text
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    for finding in findings:
        if finding.fix is None:
            continue
        where = wheres[finding.paragraph]
        start, end = _chunk(lines, where.location.line)
        chunk = "\n".join(lines[start:end])
        nth = where.text[: finding.start].count(finding.text)
        pos = -1
        for _ in range(nth + 1):
            pos = chunk.find(finding.text, pos + 1)
        assert pos >= 0 and finding.text, f"cannot find {finding.text!r} of {finding.paragraph} in the source"
        absolute = offsets[start] + pos
        edits.append((absolute, absolute + len(finding.text), finding.fix))
    text = source
    last = len(text) + 1
    for begin, finish, replacement in sorted(edits, reverse=True):
        if finish > last:
            continue  # overlaps an edit already made
        text = text[:begin] + replacement + text[finish:]
        last = begin
    return text


# --- the tests -----------------------------------------------------------------------------------


def test_rule_case(rule_case: tuple[str, dict[str, Any], dict[str, Any]], tmp_path: Path) -> None:
    rule, case, config = rule_case
    assert ("pass" in case) != ("fail" in case), f"{rule} {case['name']}: give exactly one of pass/fail"
    library = None
    if isinstance(config.get("library"), dict):
        library = tmp_path / "library"
        library.mkdir()
        for name, text in config["library"].items():
            (library / name).write_text(text, encoding="utf-8")
    source, header = wrap(case.get("pass") or case["fail"], config)
    resolution, findings = lint_case(source, config, rule, library)
    if "pass" in case:
        assert findings == [], f"{rule} must be silent: {[(f.paragraph, f.text, f.message) for f in findings]}"
        return
    assert findings, f"{rule} must report on this text"
    assert {f.rule for f in findings} == {rule}
    if "flagged" in case:
        assert [f.text for f in findings] == case["flagged"]
    if "severity" in case:
        assert {f.severity for f in findings} == {case["severity"]}
    if "fix" in case:
        fixed = fix_source(source, resolution, findings)
        assert fixed[len(header):].strip() == case["fix"].strip()
        again_resolution, again = lint_case(fixed, config, rule, library)
        assert fix_source(fixed, again_resolution, again) == fixed, "a second round of fixes changed the text"


def test_every_rule_has_cases_and_docs() -> None:
    cases = _cases()
    for code, info in catalogue().items():
        for key in DOC_SECTIONS:
            assert getattr(info, key).strip(), f"{code} has no '{DOC_SECTIONS[key]}' section"
        mine = [case for rule, case, _ in cases if rule == code]
        assert any("pass" in c for c in mine), f"{code} has no passing case in tests/rule_cases/"
        assert any("fail" in c for c in mine), f"{code} has no failing case in tests/rule_cases/"
        if info.fixable:
            assert any("fix" in c for c in mine), f"{code} offers fixes but no case tests one"


def test_case_files_name_their_rule() -> None:
    for path in CASES.glob("*.toml"):
        data = _load(path)
        assert data.get("rule") == path.stem, f"{path.name} must say rule = \"{path.stem}\""
        assert data["rule"] in catalogue()
