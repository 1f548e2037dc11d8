"""The `resdraft` command line: a thin Typer app over the library.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input errors
(one line on stderr, never a traceback unless --debug).
"""

from __future__ import annotations

import importlib
import sys

import typer

from resdraft.app import app, state
from resdraft.errors import ResdraftError

# Command modules, each registering its command(s) on `app`. Add a line per new module.
_COMMANDS = (
    "resdraft.commands.parse",
)

for _module in _COMMANDS:
    importlib.import_module(_module)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: map library errors to exit code 2 with one line."""
    try:
        app(args=argv, standalone_mode=False)
    except ResdraftError as exc:
        typer.echo(f"resdraft: {exc}", err=True)
        if state["debug"]:
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
        if state["debug"]:
            raise
        typer.echo(f"resdraft: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
        sys.exit(2)
