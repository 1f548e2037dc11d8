"""Summaries of a carry-over: a table for people, JSON for tools."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from resdraft.carryover import CarryOver


def summary_json(result: CarryOver, out: Path | None = None) -> dict[str, Any]:
    changes = [p for p in result.proposals if p.kind == "change"]
    return {
        "output": str(out) if out else None,
        "source_session": result.source_session,
        "target_session": result.target_session,
        "symbol": result.symbol,
        "proposals": [
            {"block": p.label, "kind": p.kind, "code": p.code, "old": p.old, "new": p.new, "reason": p.reason,
             "start": p.start, "end": p.end}
            for p in result.proposals
        ],
        "notes": result.notes,
        "summary": {"changes": len(changes), "reviews": len(result.proposals) - len(changes)},
    }


def summary_text(result: CarryOver, out: Path | None = None, width: int = 34) -> str:
    """One row per proposal: block, old -> new (or "review"), reason."""
    from resdraft.ordinals import ordinal_words

    rows = [f"Carry-over of {result.symbol} to the {ordinal_words(result.target_session)} session"]
    rows.append(f"{'block':<10} {'code':<6} {'change':<{2 * width + 4}} reason")
    for p in result.proposals:
        old = _cut(p.old, width)
        change = f"{old} \u2192 {_cut(p.new, width)}" if p.new is not None else f"{old} (review)"
        rows.append(f"{p.label:<10} {p.code:<6} {change:<{2 * width + 4}} {p.reason}")
    changes = sum(1 for p in result.proposals if p.kind == "change")
    tail = f"{changes} changes and {len(result.proposals) - changes} review comments"
    rows.append(f"{tail}, written to {out}" if out else tail)
    return "\n".join(rows)


def _cut(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    if text == "":
        return "\u2205"
    return text if len(text) <= width else text[: width - 1] + "\u2026"
