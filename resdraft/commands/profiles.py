"""`resdraft profiles`: the body profiles and what each knows, generated from rules/bodies/*.toml."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer

from resdraft.app import app


class ProfilesFormat(StrEnum):
    text = "text"
    json = "json"


def describe(key: str) -> dict[str, Any]:
    """One profile as plain data: citation forms, sessions, cycle, house style (from the TOML, checked)."""
    from resdraft.carryover.profile import load_carry_profile
    from resdraft.ordinals import ordinal_like

    carry = load_carry_profile(key)
    body = carry.body
    sessions: dict[str, Any]
    session = (_EXAMPLE_YEAR - body.first_year + 1) * body.sessions_per_year if body.has_sessions else None
    number = "3" if body.has_sessions else "2790"
    if session is not None:
        ordinal = ordinal_like(session + carry.cycle, body.session_ordinals, "first")
        sessions = {"kind": body.session_kind, "first_year": body.first_year, "per_year": body.sessions_per_year,
                    "naming": f"{body.session_ordinals} (\"its {ordinal} session\")"}
    else:
        sessions = {"kind": "none"}
    return {
        "key": key,
        "title": body.title,
        "intro": list(body.intro),
        "symbols": list(body.symbol_bodies),
        "citation": carry.cite(session, number, _EXAMPLE_YEAR),
        "dated_citation": carry.cite(session, number, _EXAMPLE_YEAR, "1 December 2025"),
        "sessions": sessions,
        "cycle": carry.cycle,
        "adoption_lines": len(carry.adoption),
        "agenda_patterns": len(carry.agenda),
        "mandate_dates": carry.mandate_dates,
        "style": {"session_ordinals": body.session_ordinals, "citation_gaps": body.citation_gaps,
                  "resolution_kinds": list(body.resolution_kinds)},
    }


_EXAMPLE_YEAR = 2025  # the examples show a text adopted in this year

@app.command()
def profiles(
    fmt: Annotated[ProfilesFormat, typer.Option("--format", "-f", help="text or json.")] = ProfilesFormat.text,
) -> None:
    """List the body profiles (--body) and what each knows: citation form, sessions, cycle, house style."""
    from resdraft.lint.profiles import available_bodies

    rows = [describe(key) for key in available_bodies()]
    if fmt is ProfilesFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        typer.echo(f"{row['key']}: {row['title']}")
        typer.echo(f"  opening line: {', '.join(row['intro']) or '-'}; symbols: {', '.join(row['symbols'])}")
        typer.echo(f"  cites its resolutions as: {row['citation']} / {row['dated_citation']}")
        s = row["sessions"]
        if s["kind"] == "none":
            typer.echo(f"  sessions: none (mandate dates move with a review comment); cycle: {row['cycle']} year(s)")
        else:
            typer.echo(f"  sessions: {s['per_year']} a year from {s['first_year']}, named in {s['naming']}; "
                       f"cycle: {row['cycle']} (the agenda paragraph or --cycle may say otherwise)")
        style = row["style"]
        typer.echo(f"  house style: session ordinals in {style['session_ordinals']}, citation gaps "
                   f"{'checked' if style['citation_gaps'] else 'allowed'}, resolution kinds "
                   f"{', '.join(style['resolution_kinds'])}")
