"""`resdraft parse` output: the model as JSON, or a readable outline."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from resdraft.model import Block, Diagnostic, Resolution, token_to_dict


def block_to_dict(block: Block) -> dict[str, Any]:
    return {
        "kind": block.kind,
        "label": block.label,
        "number": block.number,
        "text": block.text,
        "footnotes": block.footnotes,
        "number_text": block.number_text,
        "numbering": block.numbering,
        "section": block.section,
        "parent": block.parent,
        "lead": block.lead.text if block.lead else None,
        "verbs": [v.text for v in block.verbs],
        "terminator": block.terminator,
        "emphasis": [asdict(e) for e in block.emphasis],
        "footnote_refs": [asdict(r) for r in block.footnote_refs],
        "tokens": [token_to_dict(t) for t in block.tokens],
        "location": asdict(block.location),
    }


def diagnostic_to_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    data: dict[str, Any] = {"code": diagnostic.code, "severity": diagnostic.severity, "message": diagnostic.message}
    if diagnostic.location is not None:
        data["location"] = asdict(diagnostic.location)
    return data


def resolution_to_dict(resolution: Resolution) -> dict[str, Any]:
    return {
        "path": resolution.path,
        "format": resolution.format,
        "had_tracked_changes": resolution.had_tracked_changes,
        "sections": [asdict(s) for s in resolution.sections],
        "blocks": [block_to_dict(b) for b in resolution.blocks],
        "footnotes": [
            {"number": f.number, "text": f.text, "label": f.label, "tokens": [token_to_dict(t) for t in f.tokens]}
            for f in resolution.footnotes
        ],
        "diagnostics": [diagnostic_to_dict(d) for d in resolution.diagnostics],
    }


def outline(resolution: Resolution, width: int = 72) -> str:
    """One line per block: label, kind, number and the first words."""
    lines = [f"{resolution.path} ({resolution.format}, {len(resolution.blocks)} blocks, "
             f"{len(resolution.footnotes)} footnotes)"]
    for block in resolution.blocks:
        refs = f" [fn {', '.join(map(str, block.footnotes))}]" if block.footnotes else ""
        text = block.text if len(block.text) <= width else block.text[: width - 1] + "…"
        number = block.number_text or ""
        lines.append(f"  {block.label:<14} {block.kind:<14} {number:<6} {text}{refs}")
    for footnote in resolution.footnotes:
        lines.append(f"  {footnote.label:<14} {'footnote':<14} {footnote.number:<6} {footnote.text[:width]}")
    for diagnostic in resolution.diagnostics:
        lines.append(f"  note: {diagnostic.message}")
    return "\n".join(lines)
