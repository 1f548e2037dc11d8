"""`resdraft carry-over`: next session's draft from last session's resolution, as tracked changes."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from resdraft.app import app, fail


class SummaryFormat(StrEnum):
    text = "text"
    json = "json"


@app.command("carry-over")
def carry_over(
    source: Annotated[Path, typer.Argument(help="The adopted resolution of the last session (.docx, .md, .txt).")],
    out: Annotated[Path, typer.Option("-o", "--output", help="The draft to write (.docx, tracked changes).")],
    to_session: Annotated[int | None, typer.Option(
        "--to-session", min=2, help="The session the new draft is for (default: the source's session plus the "
                                    "cycle).")] = None,
    symbol: Annotated[str | None, typer.Option(help="The source's symbol, e.g. ICC-ASP/21/Res.3, A/RES/80/4.")] = None,
    body: Annotated[str | None, typer.Option(help="Body profile (see 'resdraft profiles'; default: from the "
                                                  "symbol or the opening line).")] = None,
    adopted: Annotated[str | None, typer.Option(help="Adoption date of the source (2025-12-01), when it has no "
                                                     "adoption line.")] = None,
    cycle: Annotated[int | None, typer.Option(help="Sessions between one text and the next (default: from the "
                                                   "agenda paragraph, else the profile).")] = None,
    select: Annotated[list[str] | None, typer.Option(help="Only these CO codes (code, prefix or name).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Leave out these CO codes.")] = None,
    year: Annotated[int | None, typer.Option(help="Year of the source's session (default: from the body).")] = None,
    author: Annotated[str, typer.Option(help="Author of the tracked changes.")] = "resdraft",
    date: Annotated[str | None, typer.Option(help="Date of the tracked changes (ISO 8601).")] = None,
    library: Annotated[Path | None, typer.Option(help="Folder of earlier resolutions (.docx/.md).")] = None,
    fmt: Annotated[SummaryFormat, typer.Option("--format", "-f", help="Summary format.")] = SummaryFormat.text,
    force: Annotated[bool, typer.Option(help="Replace OUT if it exists.")] = False,
    encoding: Annotated[str | None, typer.Option(help="Encoding of a .md/.txt source.")] = None,
    html: Annotated[Path | None, typer.Option("--html", metavar="REPORT.html",
                                              help="Also write the carry-over as one HTML page (a redline).")] = None,
) -> None:
    """Propose every mechanical change of the carry-over as a tracked change with its reason."""
    from resdraft.atomic import check_output, write_bytes
    from resdraft.carryover import plan_carry_over
    from resdraft.draft import Draft
    from resdraft.output.carryover import summary_json, summary_text
    from resdraft.redline.apply import write

    check_output(out, [source], force=force)
    if html is not None:
        if html.suffix.lower() not in (".html", ".htm"):
            raise fail(f"{html}: --html writes an HTML page; give a name ending in .html")
        if html.resolve() == out.resolve():
            raise fail(f"{html}: --html and -o name the same file")
        check_output(html, [source], force=force)
    # planned once, on the draft as Word reads it (a .md/.txt: its rendering, in memory; the .md/.txt model is freed
    # before the rendering is parsed): the plan's offsets are that text's; a bad option or an unknown session stops
    # here, before any output
    word = Draft.open_docx(source, encoding=encoding)
    if not any(b.kind in ("preambular", "operative") for b in word.resolution.blocks):
        raise fail(f"{source}: no resolution structure found (no preambular or operative paragraphs)")
    result = plan_carry_over(word.resolution, to_session=to_session, symbol=symbol, year=year, library=library,
                             body=body, adopted=adopted, cycle=cycle, select=select, ignore=ignore)
    write_bytes(out, write(word, result.plan(author=author, date=date)), [source], force=force)
    if html is not None:
        from resdraft.output.redline_html import carry_over_page

        page = carry_over_page(word.resolution, result, source=str(source))
        write_bytes(html, page.encode("utf-8"), [source, out], force=force)
    for note in result.notes:
        typer.echo(f"resdraft: note: {note}", err=True)
    if fmt is SummaryFormat.json:
        typer.echo(json.dumps(summary_json(result, out), ensure_ascii=False, indent=1))
    else:
        typer.echo(summary_text(result, out))
