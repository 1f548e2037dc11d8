"""The `resdraft` command line: a thin Typer app over the library.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input errors
(one line on stderr, never a traceback unless --debug).

Typer is only imported when the command line needs it: a command of the plain shape that
`resdraft.commands.plain` knows runs without it (most of a short compare's start-up).
"""

from __future__ import annotations

import importlib
import sys

from resdraft import codecache, regexcache
from resdraft.commands import plain
from resdraft.errors import ResdraftError, one_line
from resdraft.gcpause import no_collection_at_exit

# Command modules, each registering its command(s) on `app`. Add a line per new module.
_COMMANDS = (
    "resdraft.commands.parse",
    "resdraft.commands.carryover",
    "resdraft.commands.fix",
    "resdraft.commands.compare",
    "resdraft.commands.lint",
    "resdraft.commands.rules",
    "resdraft.commands.report",
    "resdraft.commands.profiles",
    "resdraft.commands.merge",
)

# The module of each command name, so that `resdraft lint` builds only the lint command (Typer turns
# every registered function into a click command on each run: ~10% of a lint's start-up). A name not
# listed here (or `--help`, or no command) loads every module of `_COMMANDS`.
_MODULE_OF = {
    "parse": "resdraft.commands.parse",
    "carry-over": "resdraft.commands.carryover",
    "fix": "resdraft.commands.fix",
    "compare": "resdraft.commands.compare",
    "lint": "resdraft.commands.lint",
    "rules": "resdraft.commands.rules",
    "explain": "resdraft.commands.rules",
    "report": "resdraft.commands.report",
    "profiles": "resdraft.commands.profiles",
    "merge": "resdraft.commands.merge",
}
_loaded: set[str] = set()


def load_commands(argv: list[str] | None = None) -> None:
    """Register the command named in `argv` (the first word that is not an option), or all commands."""
    from resdraft import app as _app

    words = [w for w in (sys.argv[1:] if argv is None else argv) if w != "--debug"]
    name = words[0] if words and not words[0].startswith("-") else None
    wanted = [_MODULE_OF[name]] if name in _MODULE_OF else list(_COMMANDS)
    for module in wanted:
        if module not in _loaded:
            importlib.import_module(module)
            _loaded.add(module)
    if len(wanted) > 1:  # every command: in the order of `_COMMANDS`, whatever was loaded first
        rank = {module: i for i, module in enumerate(_COMMANDS)}
        _app.app.registered_commands.sort(key=lambda info: rank.get(getattr(info.callback, "__module__", ""), 99))


def __getattr__(name: str) -> object:
    """`resdraft.cli.app` / `.state`: the Typer app with every command registered (for tests and embedding)."""
    if name in ("app", "state"):  # only then: the import system looks up other names (`__path__` ...)
        from resdraft import app as _app

        if name == "app":
            load_commands([])
        return getattr(_app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: map library errors to exit code 2 with one line."""
    if argv is None:  # the real command line (not a test calling in): keep compiled patterns and code between runs
        regexcache.install()
        codecache.install()
        no_collection_at_exit()  # the process ends after the command: the heap is not walked again at exit
    call = plain.parse(sys.argv[1:] if argv is None else argv)
    if call is not None:
        plain.run(call, exiting=argv is None)
        return
    _typer_main(argv)


def _typer_main(argv: list[str] | None) -> None:
    """Parse and run with Typer, mapping library errors to exit code 2 with one line."""
    import typer

    from resdraft import app as _app

    load_commands(argv)
    try:
        # Without standalone mode click returns the code of a `typer.Exit` instead of raising it.
        code = _app.app(args=argv, standalone_mode=False)
    except ResdraftError as exc:
        typer.echo(one_line(f"resdraft: {exc}"), err=True)
        if _app.state["debug"]:
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
        if _app.state["debug"]:
            raise
        typer.echo(one_line(f"resdraft: internal error: {type(exc).__name__}: {exc} (run with --debug for details)"),
                   err=True)
        sys.exit(2)
    if isinstance(code, int) and code:
        sys.exit(code)
