"""`resdraft compare`: a tracked-change Word redline of OLD -> NEW, or the change list as JSON."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from resdraft.app import app, fail
from resdraft.errors import CommandFailure


class CompareFormat(StrEnum):
    """The values of `--format` (`compare_run.FORMATS`, which the plain path accepts)."""

    docx = "docx"
    json = "json"


@app.command()
def compare(
    old: Annotated[Path, typer.Argument(help="The earlier draft: .docx, .md or .txt.")],
    new: Annotated[Path, typer.Argument(help="The later draft: .docx, .md or .txt.")],
    out: Annotated[Path | None, typer.Option("--output", "-o", help="The redline to write (.docx).")] = None,
    author: Annotated[str, typer.Option(help="Author of the tracked changes.")] = "resdraft",
    date: Annotated[str | None, typer.Option(help="Date of the changes, ISO 8601 (default: now).")] = None,
    fmt: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="docx: write OUT; json: print the change list.")
    ] = CompareFormat.docx,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
    encoding: Annotated[str | None, typer.Option(help="Encoding of .md/.txt inputs (default: UTF-8 or BOM).")] = None,
    html: Annotated[Path | None, typer.Option("--html", metavar="REPORT.html",
                                              help="Also write the redline as a self-contained HTML page.")] = None,
) -> None:
    """Compare two drafts and write NEW as tracked changes on OLD (OLD's styles, numbering, footnotes kept).

    Every changed paragraph, word or number is a revision that can be
    accepted or rejected on its own. The same inputs and --date give the
    same bytes.
    """
    from resdraft.commands.compare_run import run

    try:
        run(old, new, out, author=author, date=date, fmt=fmt.value, force=force, encoding=encoding, html=html,
            echo=lambda text, err: typer.echo(text, err=err))
    except CommandFailure as exc:
        raise fail(str(exc)) from None
