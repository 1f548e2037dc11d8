"""`resdraft report FILE -o report.html`: the draft as one HTML page, findings highlighted and listed.

The page is a view, for people who would rather look than read a list: the
command exits 0 once the page is written, whatever was found (`resdraft lint`
is the check that fails), and 2 when the draft cannot be read or OUT is not
acceptable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from resdraft.app import app, fail


def _codes(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


@app.command()
def report(
    file: Annotated[Path, typer.Argument(help="The draft (.docx, .md, .txt).")],
    out: Annotated[Path, typer.Option("-o", "--output", help="The page to write (.html).")],
    session: Annotated[int | None, typer.Option(help="The session the text is for (e.g. 22).", min=1)] = None,
    body: Annotated[str | None, typer.Option(help="Body profile: icc-asp (default), un-ga, hrc, unsc.")] = None,
    year: Annotated[int | None, typer.Option(help="The year the text is adopted in.", min=1900, max=2200)] = None,
    library: Annotated[Path | None, typer.Option(help="Folder of past resolutions.")] = None,
    select: Annotated[list[str] | None, typer.Option(help="Rules to run (codes, prefixes, categories).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Rules to skip.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore the resdraft settings in pyproject.toml "
                                                                "or resdraft.toml.")] = False,
    encoding: Annotated[str | None, typer.Option(help="Encoding of .txt/.md files.")] = None,
    title: Annotated[str | None, typer.Option(help="Title of the page (default: the file name).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
) -> None:
    """Write the draft as a self-contained HTML page with every finding highlighted and listed."""
    from resdraft.atomic import check_output, write_bytes
    from resdraft.draft import Draft
    from resdraft.lint.config import LintOptions, merge
    from resdraft.lintrun import lint_draft
    from resdraft.output.findings_html import findings_page

    if out.suffix.lower() not in (".html", ".htm"):
        raise fail(f"{out}: the report is an HTML page; give a name ending in .html")
    if library is not None and not library.is_dir():
        raise fail(f"{library}: --library must be a folder")
    if not file.exists():
        raise fail(f"{file}: no such file or folder")
    if file.is_dir():
        raise fail(f"{file}: give one draft, not a folder")
    check_output(out, [file], force=force)
    options = LintOptions(session=session, body=body, year=year, library=library.resolve() if library else None,
                          select=_codes(select), ignore=_codes(ignore), use_config=not no_config, encoding=encoding)
    merged = merge(options, file)
    draft = Draft.open(file, encoding=merged.encoding)
    result, suppression = lint_draft(draft, merged)
    page = findings_page(draft.resolution, result, title=title, silenced=len(suppression.suppressed))
    write_bytes(out, page.encode("utf-8"), [file], force=force)
    count = len(result.findings)
    typer.echo(f"resdraft: {out}: {count} finding{'s' if count != 1 else ''} shown", err=True)
