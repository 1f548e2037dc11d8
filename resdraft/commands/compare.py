"""`resdraft compare`: a tracked-change Word redline of OLD -> NEW, or the change list as JSON."""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from resdraft.app import app, fail


class CompareFormat(StrEnum):
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
    from resdraft.edits import normalize_date
    from resdraft.redline.compare import compare_files, write_redline

    if fmt is CompareFormat.docx and out is None:
        raise fail("compare needs -o OUT.docx (or --format json to print the changes)")
    if out is not None and out.suffix.lower() != ".docx":
        raise fail(f"{out}: the redline must be a .docx file")
    stamp = normalize_date(date) if date is not None else None
    with tempfile.TemporaryDirectory(prefix="resdraft-") as workdir:
        comparison = compare_files(old, new, workdir, author=author, date=stamp,
                                   labels=fmt is CompareFormat.json or html is not None, encoding=encoding)
        if html is not None:
            from resdraft.atomic import write_bytes
            from resdraft.output.redline_html import comparison_page

            page = comparison_page(comparison, old_name=old.name, new_name=new.name)
            write_bytes(html, page.encode("utf-8"), [old, new], force=force)
        if fmt is CompareFormat.json:
            import json  # here: writing OUT.docx (the usual run) does not need it

            payload = {"changes": [c.as_dict() for c in comparison.changes], "summary": comparison.summary()}
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))
            return
        assert out is not None
        write_redline(comparison, out, inputs=[old, new], force=force)
    summary = ", ".join(f"{n} {kind}" for kind, n in comparison.summary().items()) or "no changes"
    typer.echo(f"{out}: {summary}", err=True)
