"""`resdraft rules` (the catalogue) and `resdraft explain CODE` (one rule's documentation)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from resdraft.app import app, fail


class RulesFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"


@app.command()
def rules(
    fmt: Annotated[RulesFormat, typer.Option("--format", "-f", help="text (table), json or md (full docs).")]
    = RulesFormat.text,
) -> None:
    """List the lint rules: code, name, category, default severity, whether they offer a fix."""
    from resdraft.lint.catalogue import catalogue

    entries = list(catalogue().values())
    if fmt is RulesFormat.json:
        typer.echo(json.dumps([{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
                                "fix": r.fix, "fixable": r.fixable, "summary": r.summary} for r in entries],
                              indent=2))
        return
    if fmt is RulesFormat.md:
        typer.echo("\n".join(r.docs() for r in entries))
        return
    widths = (5, max(len(r.name) for r in entries), max(len(r.category) for r in entries), 8, 7)
    header = ("code", "name", "category", "severity", "fixable")
    typer.echo("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + "  summary")
    for r in entries:
        fixable = {"none": "no", "safe": "yes", "unsafe": "unsafe", "mixed": "yes*"}[r.fix]
        cells = (r.code, r.name, r.category, r.severity, fixable)
        typer.echo("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + "  " + r.summary)
    typer.echo("\nfixable: yes = safe fix, unsafe = fix to review, yes* = safe for some findings. "
               "'resdraft explain CODE' shows a rule's documentation.")


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A rule code (RD101) or name (stale-session-reference).")],
) -> None:
    """Show a rule's documentation: what it does, why, an example, the fix and its safety."""
    from resdraft.lint.catalogue import find_rule

    info = find_rule(code)
    if info is None:
        raise fail(f"unknown rule {code!r} (see 'resdraft rules')")
    typer.echo(info.docs())
