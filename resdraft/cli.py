"""The `resdraft` command line: a thin Typer app over the library.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input errors
(one line on stderr, never a traceback unless --debug).
"""

from __future__ import annotations

import importlib
import sys

import typer

from resdraft.app import app, state
from resdraft.errors import ResdraftError, one_line

# Command modules, each registering its command(s) on `app`. Add a line per new module.
_COMMANDS = (
    "resdraft.commands.parse",
    "resdraft.commands.carryover",
    "resdraft.commands.fix",
    "resdraft.commands.compare",
    "resdraft.commands.lint",
    "resdraft.commands.rules",
    "resdraft.commands.report",
    "resdraft.commands.merge",
)

for _module in _COMMANDS:
    importlib.import_module(_module)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: map library errors to exit code 2 with one line."""
    try:
        # Without standalone mode click returns the code of a `typer.Exit` instead of raising it.
        code = app(args=argv, standalone_mode=False)
    except ResdraftError as exc:
        typer.echo(one_line(f"resdraft: {exc}"), err=True)
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
            typer.echo(one_line(f"resdraft: {exc.format_message()} (see 'resdraft --help')"), err=True)
            sys.exit(2)
        if state["debug"]:
            raise
        typer.echo(one_line(f"resdraft: internal error: {type(exc).__name__}: {exc} (run with --debug for details)"),
                   err=True)
        sys.exit(2)
    if isinstance(code, int) and code:
        sys.exit(code)
