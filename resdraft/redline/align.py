"""Align the paragraphs of two drafts: kept (maybe edited), deleted, inserted, moved.

Identical paragraphs are anchored first (`difflib.SequenceMatcher` on the
paragraph texts with typed numbers stripped, so a renumbered paragraph is
the same paragraph). Between anchors, paragraphs are paired by rapidfuzz
similarity, keeping their order (a weighted LCS over the pairs that score at
least `threshold`, or that differ by one added or removed stretch of text).
Paragraphs left over on both sides that are (nearly) the same text are moves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from resdraft.numbers import NUMBER_PATTERN

__all__ = ["Step", "align", "number_free"]

_NUMBER = re.compile(
    rf"^\s*(?:{NUMBER_PATTERN}\.|\(\s?(?:[a-z]{{1,2}}|[ivxl]{{1,6}})\s?\)"
    r"|[a-z]{1,2}\))(?=\s)"
)


def number_free(text: str) -> str:
    r"""The paragraph text used for matching: no typed number, white space collapsed.

    `str.split` cuts at the characters `\s` matches (both ask `Py_UNICODE_ISSPACE`), without a regex pass.
    """
    return " ".join(_NUMBER.sub("", text, count=1).split())


@dataclass(frozen=True)
class Step:
    """One step of the alignment, in document order.

    kind: "equal" (same text, maybe renumbered), "replace" (similar text),
    "delete" (old only), "insert" (new only); `moved` marks a deletion and an
    insertion that are the same paragraph (`partner` is the other side's index).
    """

    kind: str
    old: int | None
    new: int | None
    score: float = 100.0
    moved: bool = False
    partner: int | None = None


def align(old: Sequence[str], new: Sequence[str], *, threshold: float = 60.0,
          move_threshold: float = 90.0, kinds: tuple[Sequence[str], Sequence[str]] | None = None) -> list[Step]:
    """Align two lists of paragraph texts (see the module docstring).

    `kinds` (one string per item on each side, e.g. "p" for a paragraph and
    "r" for a table row) keeps items of different kinds apart: they are never
    paired, and only paragraphs ("p") can be moves.
    """
    from rapidfuzz import fuzz

    keys_old = [number_free(t) for t in old]
    keys_new = [number_free(t) for t in new]
    if kinds is not None:  # a kind prefix: equal keys are then of one kind, and unlike kinds score low
        keys_old = [k if kind == "p" else f"\u0001{kind}\u0001{k}" for k, kind in zip(keys_old, kinds[0], strict=True)]
        keys_new = [k if kind == "p" else f"\u0001{kind}\u0001{k}" for k, kind in zip(keys_new, kinds[1], strict=True)]
    matcher = SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    steps: list[Step] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            steps.extend(Step("equal", i, j) for i, j in zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        steps.extend(_align_gap(keys_old, keys_new, i1, i2, j1, j2, threshold, fuzz.ratio))
    return _find_moves(steps, keys_old, keys_new, move_threshold, fuzz.ratio)


def _kind(key: str) -> str:
    return key[1] if key.startswith("\u0001") else "p"


def _align_gap(old: Sequence[str], new: Sequence[str], i1: int, i2: int, j1: int, j2: int,
               threshold: float, ratio: object) -> list[Step]:
    """Order-keeping pairing of old[i1:i2] with new[j1:j2] maximising total similarity."""
    n, m = i2 - i1, j2 - j1
    if n == 0 or m == 0:
        return [Step("delete", i, None) for i in range(i1, i2)] + [Step("insert", None, j) for j in range(j1, j2)]
    score = [[0.0] * m for _ in range(n)]
    for a in range(n):
        left = old[i1 + a]
        for b in range(m):
            right = new[j1 + b]
            if _kind(left) != _kind(right):
                continue
            s = ratio(left, right, score_cutoff=threshold)  # type: ignore[operator]
            if s < threshold and _one_stretch_apart(left, right):
                s = threshold  # a sentence added or removed: the same paragraph, however long the sentence
            score[a][b] = s if s >= threshold else 0.0
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        row, below = best[a], best[a + 1]
        for b in range(m - 1, -1, -1):
            value = max(below[b], row[b + 1])
            if score[a][b]:
                value = max(value, score[a][b] + below[b + 1])
            row[b] = value
    steps: list[Step] = []
    a = b = 0
    pending_old: list[int] = []
    pending_new: list[int] = []

    def flush() -> None:
        steps.extend(Step("delete", i, None) for i in pending_old)
        steps.extend(Step("insert", None, j) for j in pending_new)
        pending_old.clear()
        pending_new.clear()

    while a < n and b < m:
        if score[a][b] and best[a][b] == score[a][b] + best[a + 1][b + 1]:
            flush()
            kind = "equal" if old[i1 + a] == new[j1 + b] else "replace"
            steps.append(Step(kind, i1 + a, j1 + b, score[a][b]))
            a += 1
            b += 1
        elif best[a][b] == best[a + 1][b]:
            pending_old.append(i1 + a)
            a += 1
        else:
            pending_new.append(j1 + b)
            b += 1
    pending_old.extend(range(i1 + a, i2))
    pending_new.extend(range(j1 + b, j2))
    flush()
    return steps


_MIN_KEPT_WORDS = 3


def _one_stretch_apart(a: str, b: str) -> bool:
    """Whether the shorter text is the longer one less a single stretch, with a few words kept around it.

    Adding a long sentence to a short paragraph (or removing it) lowers the
    similarity ratio below any threshold, yet the paragraph is the one kept:
    its own text is still there, whole and in one piece.
    """
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if not short or short == long_:
        return False
    head = _common(len(short), lambda k: long_.startswith(short[:k]))
    rest = len(short) - head
    tail = _common(rest, lambda k: long_.endswith(short[len(short) - k:]))
    return head + tail == len(short) and len(short.split()) >= _MIN_KEPT_WORDS


def _common(limit: int, holds: Callable[[int], bool]) -> int:
    """The largest k <= limit with holds(k) (a common prefix or suffix length), by bisection: slices run in C."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if holds(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _find_moves(steps: list[Step], old: Sequence[str], new: Sequence[str], threshold: float,
                ratio: object) -> list[Step]:
    """Pair leftover deletions and insertions that are the same paragraph (best pairs first)."""
    deleted = [s.old for s in steps if s.kind == "delete" and s.old is not None and old[s.old]
               and _kind(old[s.old]) == "p"]
    inserted = [s.new for s in steps if s.kind == "insert" and s.new is not None and new[s.new]
                and _kind(new[s.new]) == "p"]
    if not deleted or not inserted:
        return steps
    candidates: list[tuple[float, int, int]] = []
    for i in deleted:
        for j in inserted:
            s = 100.0 if old[i] == new[j] else ratio(old[i], new[j], score_cutoff=threshold)  # type: ignore[operator]
            if s >= threshold:
                candidates.append((-s, i, j))
    candidates.sort()
    old_to_new: dict[int, int] = {}
    new_to_old: dict[int, int] = {}
    for _neg, i, j in candidates:
        if i not in old_to_new and j not in new_to_old:
            old_to_new[i] = j
            new_to_old[j] = i
    out: list[Step] = []
    for step in steps:
        if step.kind == "delete" and step.old in old_to_new:
            out.append(Step("delete", step.old, None, moved=True, partner=old_to_new[step.old]))
        elif step.kind == "insert" and step.new in new_to_old:
            out.append(Step("insert", None, step.new, moved=True, partner=new_to_old[step.new]))
        else:
            out.append(step)
    return out
