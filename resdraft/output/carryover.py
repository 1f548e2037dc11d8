"""Summaries of a carry-over: a table for people, JSON for tools."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from resdraft.carryover import CarryOver


def summary_json(result: CarryOver, out: Path | None = None) -> dict[str, Any]:
    changes = [p for p in result.proposals if p.kind == "change"]
    return {
        "output": str(out) if out else None,
        "body": result.body,
        "source_session": result.source_session,
        "target_session": result.target_session,
        "cycle": result.cycle,
        "cycle_from": result.cycle_from,
        "adopted": result.adopted,
        "symbol": result.symbol,
        "proposals": [
            {"block": p.label, "kind": p.kind, "code": p.code, "old": p.old, "new": p.new, "reason": p.reason,
             "start": p.start, "end": p.end}
            for p in result.proposals
        ],
        "notes": result.notes,
        "not_done": result.not_done,
        "summary": {"changes": len(changes), "reviews": len(result.proposals) - len(changes)},
    }


def _heading(result: CarryOver) -> list[str]:
    from resdraft.ordinals import ordinal_words

    if result.target_session is None:
        rows = [f"Carry-over of {result.symbol} ({result.body}, no sessions) by {result.cycle} year(s)"]
    else:
        rows = [f"Carry-over of {result.symbol} ({result.body}) to the {ordinal_words(result.target_session)} "
                f"session"]
    unit = "session" if result.target_session is not None else "year"
    rows.append(f"cycle: {result.cycle} {unit}{'s' if result.cycle > 1 else ''} (from {result.cycle_from}); "
                f"adopted: {result.adopted or 'unknown'}")
    return rows


def summary_text(result: CarryOver, out: Path | None = None, width: int = 34) -> str:
    """One row per proposal: block, old -> new (or "review"), reason; then what was not done."""
    rows = _heading(result)
    rows.append(f"{'block':<10} {'code':<6} {'change':<{2 * width + 4}} reason")
    for p in result.proposals:
        old = _cut(p.old, width)
        change = f"{old} \u2192 {_cut(p.new, width)}" if p.new is not None else f"{old} (review)"
        rows.append(f"{p.label:<10} {p.code:<6} {change:<{2 * width + 4}} {p.reason}")
    rows += [f"not done: {item}" for item in result.not_done]
    changes = sum(1 for p in result.proposals if p.kind == "change")
    tail = f"{changes} changes and {len(result.proposals) - changes} review comments"
    rows.append(f"{tail}, written to {out}" if out else tail)
    return "\n".join(rows)


def _cut(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    if text == "":
        return "\u2205"
    return text if len(text) <= width else text[: width - 1] + "\u2026"
