"""The plain path of the command line: a command line of the usual shape, run without importing Typer.

Importing Typer (and the click it vendors, and what they import: subprocess, uuid, difflib ...) and
building the command from its signature is about 110 M instructions of every run, a seventh of a
`resdraft compare` of a short draft. A command that lists its command line here (`PLAIN`: a module
with `ARGUMENTS`, `OPTIONS`, `DEFAULTS` and `run`, see `resdraft.commands.compare_run`) is run
directly when its words are of the plain shape: the command's own options, each at most once, with
values that are not empty and do not start with "-", and the right number of arguments.
Anything else (`--help`, `--debug`, an unknown or repeated option, a missing value, shell
completion, an output stream Click would re-wrap) goes to Typer, which parses and reports as
always. What is printed, and the exit codes, are those of the Typer path (`resdraft.cli.main`).
"""

from __future__ import annotations

import errno
import gc
import importlib
import io
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from resdraft.errors import CommandFailure, ResdraftError, one_line
from resdraft.gcpause import no_collection_at_exit

#: Command name -> the module that runs it without Typer.
PLAIN = {"compare": "resdraft.commands.compare_run"}


def parse(words: Sequence[str]) -> Callable[[], None] | None:
    """The call that runs `resdraft WORDS` without Typer, or None when Typer must read them."""
    if not words or words[0] not in PLAIN or not _streams_as_click_wants() or _completion_asked():
        return None
    module = importlib.import_module(PLAIN[words[0]])
    options: dict[str, tuple[str, object]] = module.OPTIONS
    values: dict[str, Any] = {}
    arguments: list[str] = []
    rest = list(words[1:])
    while rest:
        word = rest.pop(0)
        if not word:
            return None
        if not word.startswith("-"):
            arguments.append(word)
            continue
        name, given = word.split("=", 1) if word.startswith("--") and "=" in word else (word, None)
        if name not in options:
            return None
        dest, kind = options[name]
        if dest in values:
            return None
        if kind == "flag":
            if given is not None:
                return None
            values[dest] = True
            continue
        if given is None:
            if not rest:
                return None
            given = rest.pop(0)
        value = _convert(given, kind)
        if value is None:
            return None
        values[dest] = value
    if len(arguments) != len(module.ARGUMENTS):
        return None
    for (dest, kind), given in zip(module.ARGUMENTS, arguments, strict=True):
        value = _convert(given, kind)
        if value is None:
            return None
        values[dest] = value
    kwargs = {**module.DEFAULTS, **values}
    return lambda: module.run(**kwargs, echo=echo)


def _convert(given: str, kind: object) -> object | None:
    """The value Typer would hand the command, or None where Typer could refuse it (let it do so)."""
    if not given or given.startswith("-"):
        return None
    if kind == "str":
        return given
    if kind == "path":
        try:
            os.stat(given)
        except OSError:
            pass
        except ValueError:  # a NUL in the name: whatever Typer makes of it
            return None
        else:
            if not os.access(given, os.R_OK):  # Click refuses an existing path it cannot read
                return None
        from pathlib import Path

        return Path(given)
    if isinstance(kind, tuple):
        return given if given in kind else None
    raise ValueError(f"unknown kind of option value: {kind!r}")


def _streams_as_click_wants() -> bool:
    """Whether Click would print to stdout and stderr as they are (it re-wraps an ASCII or odd stream)."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOBase):
            return False
        encoding, errors = getattr(stream, "encoding", None), getattr(stream, "errors", None)
        if not encoding or errors is None:
            return False
        try:
            if codecs.lookup(encoding).name == "ascii":
                return False
        except LookupError:
            pass
    return True


def _completion_asked() -> bool:
    """A shell-completion request (`_RESDRAFT_COMPLETE=...`, whatever the program name): Typer answers it."""
    return any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)


def echo(text: str, err: bool) -> None:
    """One line on stdout (stderr when `err`), as `typer.echo` writes it: ANSI codes dropped off a terminal."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    line = text + "\n"
    if "\033[" in line and not _isatty(stream) and not type(stream).__module__.startswith("ipykernel."):
        import re

        line = re.sub(r"\033\[[;?0-9]*[a-zA-Z]", "", line)  # Click's `strip_ansi`
    stream.write(line)
    stream.flush()


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:
        return False


def run(call: Callable[[], None], *, exiting: bool = False) -> None:
    """Run a plain call, mapping what it raises to the lines and exit codes of the Typer path.

    `exiting`: the process ends after the call (the real command line), so the heap is not walked
    again, neither when the command's pause of the collector ends nor at exit
    (`gcpause.no_collection_at_exit`).
    """
    if exiting:
        no_collection_at_exit()
        gc.disable()
    try:
        call()
    except CommandFailure as exc:
        echo(f"resdraft: {exc}", True)
        sys.exit(2)
    except ResdraftError as exc:
        echo(one_line(f"resdraft: {exc}"), True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except EOFError:
        echo("", True)
        echo("resdraft: aborted", True)
        sys.exit(2)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            _internal(exc)
        sys.stdout = _Pacified(sys.stdout)  # type: ignore[assignment]
        sys.stderr = _Pacified(sys.stderr)  # type: ignore[assignment]
        sys.exit(1)
    except Exception as exc:
        _internal(exc)


def _internal(exc: Exception) -> None:
    echo(one_line(f"resdraft: internal error: {type(exc).__name__}: {exc} (run with --debug for details)"), True)
    sys.exit(2)


class _Pacified:
    """A stream whose flush ignores a closed pipe (Click's `PacifyFlushWrapper`, for the exit after EPIPE)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)
