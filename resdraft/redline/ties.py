"""Ties in the alignment: of several identical paragraphs, pair the ones that are alike beyond their text.

Two empty paragraphs read the same, so when NEW has one fewer, the text
alignment may keep either. It matters when one of them holds what the text
does not show: a section break in its mark, or a drawing. Deleting the one
with the break when NEW dropped the plain one (or the reverse) moves the
page layout or the image. `prefer_alike` re-pairs each stretch of steps of
one text (kept ones plus deletions, or kept ones plus insertions) so that
as many pairs as possible have the same `feature`s, keeping their order
and their number; with no gain the alignment stays as it was.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from resdraft.redline.align import Step

__all__ = ["prefer_alike"]

_MAX_CELLS = 250_000  # a stretch longer than this (n x m) keeps the text alignment's choice


def prefer_alike(steps: Sequence[Step], old_keys: Sequence[str], new_keys: Sequence[str],
                 old_features: Sequence[Hashable], new_features: Sequence[Hashable]) -> list[Step]:
    """`steps` with every tie between identical items broken towards items of the same feature."""
    out: list[Step] = []
    k = 0
    while k < len(steps):
        end = _stretch_end(steps, k, old_keys, new_keys)
        out.extend(_repair(steps[k:end], old_features, new_features) if end - k > 1 else steps[k:end])
        k = end
    return out


def _key(step: Step, old_keys: Sequence[str], new_keys: Sequence[str]) -> str | None:
    """The text a step stands for, when it may take part in a tie (kept equal, or plainly deleted/inserted)."""
    if step.moved:
        return None
    if step.kind == "equal" and step.old is not None and step.new is not None:
        return old_keys[step.old] if old_keys[step.old] == new_keys[step.new] else None
    if step.kind == "delete" and step.old is not None:
        return old_keys[step.old]
    if step.kind == "insert" and step.new is not None:
        return new_keys[step.new]
    return None


def _stretch_end(steps: Sequence[Step], start: int, old_keys: Sequence[str], new_keys: Sequence[str]) -> int:
    key = _key(steps[start], old_keys, new_keys)
    end = start + 1
    if key is None:
        return end
    while end < len(steps) and _key(steps[end], old_keys, new_keys) == key:
        end += 1
    return end


def _repair(stretch: Sequence[Step], old_features: Sequence[Hashable],
            new_features: Sequence[Hashable]) -> list[Step]:
    kinds = {s.kind for s in stretch}
    if "equal" not in kinds or kinds == {"equal"} or {"delete", "insert"} <= kinds:
        return list(stretch)
    olds = [s.old for s in stretch if s.old is not None]
    news = [s.new for s in stretch if s.new is not None]
    flip = "insert" in kinds  # pick which NEW items the OLD ones pair with, instead of the reverse
    many, few = (news, olds) if flip else (olds, news)
    f_many, f_few = (new_features, old_features) if flip else (old_features, new_features)
    if len(many) * len(few) > _MAX_CELLS:
        return list(stretch)
    now = sum(f_many[s.new if flip else s.old] == f_few[s.old if flip else s.new]  # type: ignore[index]
              for s in stretch if s.kind == "equal")
    n, m = len(many), len(few)
    # best[a][b]: most alike pairs of few[b:] with an order-keeping choice among many[a:]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            take = best[a + 1][b + 1] + (f_many[many[a]] == f_few[few[b]])
            best[a][b] = take if n - a == m - b else max(take, best[a + 1][b])
    if best[0][0] <= now:
        return list(stretch)
    out: list[Step] = []
    a = b = 0
    while a < n:
        pair = b < m and (n - a == m - b or best[a][b] == best[a + 1][b + 1] + (f_many[many[a]] == f_few[few[b]]))
        if pair:
            old, new = (few[b], many[a]) if flip else (many[a], few[b])
            out.append(Step("equal", old, new))
            b += 1
        elif flip:
            out.append(Step("insert", None, many[a]))
        else:
            out.append(Step("delete", many[a], None))
        a += 1
    return out
