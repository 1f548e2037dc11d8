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
