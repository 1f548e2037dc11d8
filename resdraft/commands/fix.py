"""`resdraft fix`: the linter's fixes applied as tracked changes, each with a comment."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from resdraft.app import app


class FixFormat(StrEnum):
    text = "text"
    json = "json"


def _codes(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


@app.command()
def fix(
    file: Annotated[Path, typer.Argument(help="The draft to fix (.docx, .md, .txt).")],
    out: Annotated[Path, typer.Option("-o", "--output", help="The .docx to write, with tracked changes.")],
    select: Annotated[list[str] | None, typer.Option(help="Rules to apply (codes, prefixes, categories).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Rules to leave out.")] = None,
    session: Annotated[int | None, typer.Option(help="The session the text is for.", min=1)] = None,
    body: Annotated[str | None, typer.Option(help="Body profile (default icc-asp).")] = None,
    year: Annotated[int | None, typer.Option(help="The year the text is adopted in.")] = None,
    library: Annotated[Path | None, typer.Option(help="Folder of past resolutions.")] = None,
    author: Annotated[str, typer.Option(help="Author of the tracked changes.")] = "resdraft",
    date: Annotated[str | None, typer.Option(help="Date of the tracked changes (ISO 8601).")] = None,
    fmt: Annotated[FixFormat, typer.Option("--format", "-f", help="Summary format.")] = FixFormat.text,
    force: Annotated[bool, typer.Option(help="Replace OUT if it exists.")] = False,
    encoding: Annotated[str | None, typer.Option(help="Encoding of a .md/.txt draft.")] = None,
) -> None:
    """Apply every fix the linter has as a tracked change; other findings become review comments."""
    from resdraft.atomic import check_output, write_bytes
    from resdraft.draft import Draft
    from resdraft.fixes import plan_fixes
    from resdraft.lint.config import LintOptions, merge
    from resdraft.lintrun import lint_draft
    from resdraft.redline.apply import write

    check_output(out, [file], force=force)
    # a .md/.txt draft is fixed in its .docx rendering (its own model freed once rendered): the findings are those
    # of the rendering
    word = Draft.open_docx(file, encoding=encoding)
    options = LintOptions(session=session, body=body, year=year, library=library.resolve() if library else None,
                          select=_codes(select), ignore=_codes(ignore))
    result, _ = lint_draft(word, merge(options, file))
    planned = plan_fixes(word.resolution, result.findings, author=author, date=date)
    write_bytes(out, write(word, planned.plan), [file], force=force)
    rows = [{"block": f.paragraph, "rule": f.rule, "kind": kind, "old": f.text, "new": f.fix, "message": f.message}
            for kind, group in (("fix", planned.fixes), ("review", planned.reviews), ("skipped", planned.skipped))
            for f in group]
    if fmt is FixFormat.json:
        summary = {"fixes": len(planned.fixes), "reviews": len(planned.reviews), "skipped": len(planned.skipped)}
        typer.echo(json.dumps({"output": str(out), "changes": rows, "summary": summary}, ensure_ascii=False,
                              indent=1))
        return
    for row in rows:
        change = f"{row['old']!r} -> {row['new']!r}" if row["kind"] == "fix" else row["kind"]
        typer.echo(f"{row['block']:<10} {row['rule']:<6} {change}: {row['message']}")
    typer.echo(f"{len(planned.fixes)} fixes and {len(planned.reviews)} review comments written to {out}"
               + (f"; {len(planned.skipped)} findings overlapped others and wait for a second run"
                  if planned.skipped else ""))
