"""The `resdraft` command line: a thin Typer app over the library.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input errors
(one line on stderr, never a traceback unless --debug).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from resdraft.errors import ResdraftError

app = typer.Typer(
    name="resdraft",
    help="Draft and check resolutions of intergovernmental assemblies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state = {"debug": False}


class ParseFormat(StrEnum):
    text = "text"
    json = "json"


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False) -> None:
    _state["debug"] = debug


def fail(message: str) -> typer.Exit:
    """Print one line on stderr and return the exit for code 2."""
    typer.echo(f"resdraft: {message}", err=True)
    return typer.Exit(code=2)


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="A draft: .docx, .md or .txt.")],
    fmt: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.text,
    encoding: Annotated[str | None, typer.Option(help="Encoding of a .txt/.md file (default: UTF-8/BOM).")] = None,
) -> None:
    """Read a draft and show its parts: blocks, labels, numbers, footnotes."""
    from resdraft.output.parsed import outline, resolution_to_dict
    from resdraft.parse import parse_file

    resolution = parse_file(file, encoding=encoding)
    if fmt is ParseFormat.json:
        typer.echo(json.dumps(resolution_to_dict(resolution), ensure_ascii=False, indent=1))
    else:
        typer.echo(outline(resolution))


def main() -> None:
    """Console entry point: map library errors to exit code 2 with one line."""
    try:
        app(standalone_mode=False)
    except ResdraftError as exc:
        typer.echo(f"resdraft: {exc}", err=True)
        if _state["debug"]:
            raise
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("resdraft: aborted", err=True)
        sys.exit(2)
    except Exception as exc:  # usage errors of the (vendored) click, and anything unexpected
        if callable(getattr(exc, "format_message", None)) and hasattr(exc, "exit_code"):
            typer.echo(f"resdraft: {exc.format_message()} (see 'resdraft --help')", err=True)
            sys.exit(2)
        if _state["debug"]:
            raise
        typer.echo(f"resdraft: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                   err=True)
        sys.exit(2)
