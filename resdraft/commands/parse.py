"""`resdraft parse`: show how a draft was read."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from resdraft.app import app


class ParseFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="A draft: .docx, .md or .txt.")],
    fmt: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.text,
    encoding: Annotated[str | None, typer.Option(help="Encoding of a .txt/.md file (default: UTF-8 or BOM).")] = None,
) -> None:
    """Read a draft and show its parts: blocks, labels, numbers, footnotes."""
    from resdraft.draft import Draft
    from resdraft.output.parsed import outline, resolution_to_dict

    resolution = Draft.open(file, encoding=encoding).resolution
    if fmt is ParseFormat.json:
        typer.echo(json.dumps(resolution_to_dict(resolution), ensure_ascii=False, indent=1))
    else:
        typer.echo(outline(resolution))
