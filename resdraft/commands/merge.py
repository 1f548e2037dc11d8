"""`resdraft merge BASE COPY... -o COMPILATION.docx`: the delegations' proposals as one attributed redline."""

from __future__ import annotations

import json
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from resdraft.app import app, fail


class MergeFormat(StrEnum):
    table = "table"
    json = "json"


def _names(values: list[str] | None) -> dict[str, str]:
    """`--as COPY=NAME` values, keyed by the copy as given."""
    out: dict[str, str] = {}
    for value in values or []:
        copy, sep, name = value.partition("=")
        if not sep or not copy.strip() or not name.strip():
            raise fail(f"--as {value!r}: write --as COPY=DELEGATION, e.g. --as mexico.docx=Mexico")
        out[copy.strip()] = name.strip()
    return out


@app.command()
def merge(
    base: Annotated[Path, typer.Argument(help="The circulated draft: .docx, .md or .txt.")],
    copies: Annotated[list[Path], typer.Argument(help="The delegations' copies (tracked changes or edited).")],
    out: Annotated[Path | None, typer.Option("--output", "-o", help="The compilation to write (.docx).")] = None,
    as_: Annotated[list[str] | None, typer.Option("--as", metavar="COPY=NAME",
                                                  help="The delegation of a copy (repeatable).")] = None,
    author_map: Annotated[Path | None, typer.Option("--author-map", metavar="FILE",
                                                    help='TOML table of author names: "j.doe" = "Mexico".')] = None,
    author: Annotated[str, typer.Option(help="The compiler: author of changes no delegation made.")] = "resdraft",
    date: Annotated[str | None, typer.Option(help="Date of the revisions, ISO 8601 (default: now).")] = None,
    fmt: Annotated[MergeFormat, typer.Option("--format", "-f", help="The summary on stdout: table or json.")]
    = MergeFormat.table,
    html: Annotated[Path | None, typer.Option("--html", metavar="COMPILATION.html",
                                              help="Also write the compilation as one HTML page.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the outputs if they exist.")] = False,
    encoding: Annotated[str | None, typer.Option(help="Encoding of .md/.txt inputs (default: UTF-8 or BOM).")] = None,
) -> None:
    """Compile the delegations' copies of BASE into one redline: every proposal a tracked change by its delegation.

    Identical proposals become one change credited to every delegation that
    made it; competing proposals for the same words are shown one after the
    other (BASE's words deleted once), in the order of the COPY arguments.
    BASE's own pending changes stay exactly as they are.
    """
    from resdraft.atomic import check_output
    from resdraft.edits import normalize_date
    from resdraft.merge.compile import compile_files, write_compilation
    from resdraft.merge.sources import load_author_map
    from resdraft.merge.summary import table

    if out is None:
        raise fail("merge needs -o COMPILATION.docx")
    if out.suffix.lower() != ".docx":
        raise fail(f"{out}: the compilation must be a .docx file")
    if html is not None and html.suffix.lower() not in (".html", ".htm"):
        raise fail(f"{html}: --html needs a name ending in .html")
    if html is not None and html.resolve() == out.resolve():
        raise fail(f"{html}: --html and -o name the same file")
    names = _names(as_)
    given = {str(c) for c in copies} | {c.name for c in copies}
    unknown = [k for k in names if k not in given]
    if unknown:
        raise fail(f"--as {unknown[0]}=...: {unknown[0]} is not one of the COPY arguments")
    inputs = [base, *copies, *([author_map] if author_map else [])]
    check_output(out, inputs, force=force)
    if html is not None:
        check_output(html, inputs, force=force)
    stamp = normalize_date(date) if date is not None else None
    mapping = load_author_map(author_map) if author_map is not None else {}
    with tempfile.TemporaryDirectory(prefix="resdraft-") as workdir:
        compilation = compile_files(base, copies, workdir, names=names, author_map=mapping, compiler=author,
                                    date=stamp, encoding=encoding)
        page = None
        if html is not None:
            from resdraft.output.merge_html import compilation_page

            page = compilation_page(compilation, base_name=base.name)
        write_compilation(compilation, out, inputs=inputs, force=force)
    if page is not None and html is not None:
        from resdraft.atomic import write_bytes

        write_bytes(html, page.encode("utf-8"), inputs, force=force)
    for note in compilation.notes:
        typer.echo(f"resdraft: {note}", err=True)
    if fmt is MergeFormat.json:
        typer.echo(json.dumps(compilation.as_dict(), ensure_ascii=False, indent=1))
    else:
        typer.echo(table(compilation))
    typer.echo(f"{out}: {len(compilation.rows)} proposal(s) from {len(compilation.delegations)} delegation(s), "
               f"{compilation.conflicts} conflict(s)", err=True)
