"""Precision and recall on real texts in ../shared (skipped when that folder is absent).

The reference ASP draft for the fifteenth session has two real defects (a placeholder paragraph and
footnote 3 referenced a second time for a different source); the UN texts are adopted resolutions,
where no historical reference may be flagged. Extraction noise of the PDF-derived files (running
heads, page breaks inside paragraphs, lost footnote marks) is not held against the linter here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from resdraft.lint import LintOptions, lint_paths

SHARED = Path(__file__).resolve().parents[2] / "shared"
REFERENCE = SHARED / "reference" / "asp15-draft-resolution-on-cooperation.md"
CORPUS = SHARED / "corpus"


def _findings(path: Path, **options: object) -> list[tuple[str, str, str]]:
    result = lint_paths([path], LintOptions(use_config=False, **options))[0]  # type: ignore[arg-type]
    assert result.error is None
    return [(f.rule, f.paragraph, f.severity) for f in result.findings]


@pytest.mark.skipif(not REFERENCE.is_file(), reason="../shared/reference is not available")
def test_reference_draft_real_defects_only() -> None:
    findings = _findings(REFERENCE, session=15)
    assert findings == [("RD611", "OP10", "error"), ("RD401", "OP29", "error")]


@pytest.mark.skipif(not REFERENCE.is_file(), reason="../shared/reference is not available")
def test_reference_draft_without_session_assumes_the_fifteenth() -> None:
    findings = _findings(REFERENCE)
    assert ("RD100", "T1", "info") in findings
    assert [f for f in findings if f[2] != "info"] == [("RD611", "OP10", "error"), ("RD401", "OP29", "error")]


def _corpus() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    # Top-level texts only: the sub-folders (ga80-clean/, wild/) are measured by tests of their own.
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name != "MANIFEST.md")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")
@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_no_historical_reference_is_flagged(path: Path) -> None:
    stale = [f for f in _findings(path) if f[0] in ("RD101", "RD102", "RD110")]
    assert stale == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")
@pytest.mark.parametrize("name", ["UNGA_A-RES-80-2.md", "UNGA_A-RES-80-27.md", "UNGA_A-RES-80-44.md",
                                  "MUN_UNA-USA-sample_GA-3-1.1_seed-variant.txt"])
def test_clean_adopted_texts_get_no_warning(name: str) -> None:
    assert [f for f in _findings(CORPUS / name) if f[2] != "info"] == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")
def test_security_council_copy_has_its_one_real_defect() -> None:
    """The copy of S/RES/2139 (2014) cites resolution 2118 with the year 2113: its only defect."""
    findings = [f for f in _findings(CORPUS / "UNSC_S-RES-2139-2014.txt") if f[2] != "info"]
    assert findings == [("RD323", "PP11", "error")]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")
def test_the_defective_model_un_text() -> None:
    """The web variant of the Model UN sample has four punctuation defects."""
    findings = _findings(CORPUS / "MUN_UNA-USA-sample_GA-3-1.1_web-variant.txt")
    assert [(r, p) for r, p, s in findings if s != "info"] == [
        ("RD704", "INTRO"), ("RD702", "OP2"), ("RD702", "OP5"), ("RD702", "OP6")]
