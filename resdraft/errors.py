"""Errors that the CLI turns into one line on stderr and exit code 2."""

from __future__ import annotations


class ResdraftError(Exception):
    """Base class for errors a user can act on (bad input, bad options)."""


class InputError(ResdraftError):
    """An input file cannot be read as a draft.

    The message names the file, the problem and what to do, in one line.
    """

    def __init__(self, path: object, problem: str, hint: str = "") -> None:
        self.path = str(path)
        self.problem = problem
        self.hint = hint
        text = f"{self.path}: {problem}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)


class UsageError(ResdraftError):
    """Options or paths that do not fit together."""


class CommandFailure(Exception):
    """A command's refusal of its options, printed as `resdraft: MESSAGE` (as is) with exit code 2.

    What the Typer commands' `app.fail` prints, raised by command code that runs without Typer too
    (`resdraft.commands.compare_run`).
    """


class ProfileError(ResdraftError):
    """A body profile (`rules/bodies/*.toml`) or rules file that cannot be used: names the file and the key."""


class LimitExceeded(InputError):
    """An input is larger than `resdraft.limits.Limits` allows (a zip bomb, a runaway file).

    `limit` names the `Limits` field and `env` the variable that raises it, so
    a caller (or a test) can tell a limit from a damaged file.
    """

    def __init__(self, path: object, problem: str, hint: str = "", *, limit: str = "", env: str = "") -> None:
        super().__init__(path, problem, hint)
        self.limit = limit
        self.env = env


# Characters that `str.splitlines()` (and terminals) treat as line breaks: a file name may hold them.
_LINE_BREAKS = str.maketrans({c: " " for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def one_line(message: str) -> str:
    """`message` on one line, whatever the file name or the library put in it (for stderr)."""
    return message.translate(_LINE_BREAKS)
