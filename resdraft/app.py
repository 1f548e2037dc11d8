"""The Typer application object and helpers shared by the command modules.

Each command lives in its own module under `resdraft/commands/` and registers
itself on `app`; `resdraft/cli.py` imports them all and maps errors to exit codes.
"""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(
    name="resdraft",
    help="Draft and check resolutions of intergovernmental assemblies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

state = {"debug": False}


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False) -> None:
    state["debug"] = debug


def fail(message: str) -> typer.Exit:
    """Print one line on stderr and return the exit for code 2 (`raise fail(...)`)."""
    typer.echo(f"resdraft: {message}", err=True)
    return typer.Exit(code=2)
