"""Run the resdraft command line in-process, as the tests of every command do."""

from __future__ import annotations

import pytest

from resdraft.cli import main


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `resdraft ARGV`; a command that returns normally exits 0."""
    code = 0
    try:
        main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
