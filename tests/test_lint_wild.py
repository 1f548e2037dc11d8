"""Lint precision on real texts nobody here wrote: ../shared/corpus/wild/ against the answer key
tests/lint_wild_key.toml (TRUE defects per file, judged by reading). `benchmarks/lint_precision.py`
prints the same figures as a table. Skipped when the shared corpus is absent."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WILD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wild"

pytestmark = pytest.mark.skipif(not WILD.is_dir(), reason="the shared wild corpus is not here")


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("lint_precision", ROOT / "benchmarks" / "lint_precision.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("lint_precision", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores() -> dict[bool, dict]:
    bench = _bench()
    return {given: bench.run(given) for given in (False, True)}


@pytest.mark.parametrize("given", [False, True], ids=["inferred", "session-given"])
def test_precision_floors(scores: dict[bool, dict], given: bool) -> None:
    groups = scores[given]
    assert groups["native"].precision >= 0.90, "native documents: under 90% of error/warning findings are true"
    assert groups["extraction"].precision >= 0.75, "extractions: under 75% of error/warning findings are true"


@pytest.mark.parametrize("given", [False, True], ids=["inferred", "session-given"])
def test_recall_of_the_key(scores: dict[bool, dict], given: bool) -> None:
    assert scores[given]["all"].recall >= 0.85, "lint misses defects the answer key lists"


def test_every_file_is_in_the_key() -> None:
    names = {p.name for p in WILD.iterdir() if p.suffix in (".docx", ".md", ".txt") and p.name != "MANIFEST.md"}
    assert names == set(_bench().load_key())


def test_no_crash_and_a_report_gets_one_note() -> None:
    bench = _bench()
    key = bench.load_key()
    for name, entry in key.items():
        score = bench.score_file(name, entry, given=False)
        assert not any("CRASH" in line for line in score.lines), name
    report = bench.score_file("A_80_590_report.docx", key["A_80_590_report.docx"], given=False)
    assert report.notes == 1 and report.true == report.false == 0
