"""Lint precision and recall on the real texts of ../shared/corpus/wild/, against the answer key
tests/lint_wild_key.toml (judged by reading: error and warning findings only).

    python benchmarks/lint_precision.py            # the table, both runs (inferred, given session)
    python benchmarks/lint_precision.py -v         # and every finding, marked true or false

Runs lint as a new user would (`resdraft lint FILE`: body and session inferred) and again with the
session (or year) the document states. Prints per file and per group (native, extraction).
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WILD = ROOT.parent / "shared" / "corpus" / "wild"
KEY = ROOT / "tests" / "lint_wild_key.toml"


@dataclass
class Score:
    """Counts for one file or group: true and false findings, key entries found."""

    true: int = 0
    false: int = 0
    expected: int = 0
    found: int = 0
    notes: int = 0
    lines: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.true += other.true
        self.false += other.false
        self.expected += other.expected
        self.found += other.found
        self.notes += other.notes

    @property
    def precision(self) -> float:
        total = self.true + self.false
        return self.true / total if total else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def load_key() -> dict[str, dict]:
    with KEY.open("rb") as handle:
        return tomllib.load(handle)["files"]


def _matches(entry: list[str], rule: str, label: str, text: str) -> bool:
    code, where, word = entry
    return code == rule and (where == label or (bool(word) and word in text))


def score_file(name: str, entry: dict, given: bool) -> Score:
    """Lint one file of the corpus and judge its error and warning findings against the key."""
    from resdraft.lint import LintOptions, lint_paths

    options = LintOptions(use_config=False)
    if given:
        options.session, options.year = entry.get("session"), entry.get("year")
    result = lint_paths([WILD / name], options)[0]
    score = Score(expected=len(entry["true"]))
    if result.error:
        score.false += 1
        score.lines.append(f"    CRASH {result.error}")
        return score
    hit = [False] * len(entry["true"])
    for finding in result.findings:
        if finding.severity == "info":
            score.notes += 1
            continue
        candidates = [i for i, e in enumerate(entry["true"]) if _matches(e, finding.rule, finding.paragraph,
                                                                           finding.text)]
        fresh = [i for i in candidates if not hit[i]]
        exact = [i for i in fresh if entry["true"][i][2] and entry["true"][i][2] in finding.text]
        index = (exact or fresh or candidates or [None])[0]
        if index is None:
            score.false += 1
        else:
            score.true += 1
            hit[index] = True
        mark = "true " if index is not None else "FALSE"
        score.lines.append(f"    {mark} {finding.rule} {finding.severity} {finding.paragraph}: {finding.message[:90]}")
    score.found = sum(hit)
    return score


def run(given: bool, verbose: bool = False) -> dict[str, Score]:
    """Scores per group ("native", "extraction", "all") and per file."""
    groups: dict[str, Score] = {"native": Score(), "extraction": Score(), "all": Score()}
    key = load_key()
    print(f"\n== {'session/year given where the document states it' if given else 'body and session inferred'}")
    print(f"{'file':38} {'group':10} {'true':>4} {'false':>5} {'notes':>5} {'recall':>7}")
    for name in sorted(key):
        entry = key[name]
        score = score_file(name, entry, given)
        groups[entry["group"]].add(score)
        groups["all"].add(score)
        print(f"{name:38} {entry['group']:10} {score.true:4} {score.false:5} {score.notes:5} "
              f"{score.found:3}/{score.expected:<3}")
        if verbose and score.lines:
            print("\n".join(score.lines))
    for group, score in groups.items():
        print(f"{group:10} precision {score.true}/{score.true + score.false} = {score.precision:.0%}   "
              f"recall {score.found}/{score.expected} = {score.recall:.0%}")
    return groups


def main() -> int:
    if not WILD.is_dir():
        print(f"no corpus at {WILD}", file=sys.stderr)
        return 2
    verbose = "-v" in sys.argv
    for given in (False, True):
        run(given, verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
