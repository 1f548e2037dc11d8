"""The plain path of the command line (resdraft/commands/plain.py): a compare of the usual shape runs
without Typer, and says and does exactly what the Typer path says and does; anything else goes to Typer."""

from __future__ import annotations

from pathlib import Path

import pytest

from resdraft.commands import compare_run, plain
from tests.clitools import run_cli as run


def _typer_kinds() -> tuple[list[tuple[str, object]], dict[str, tuple[str, object]], dict[str, object]]:
    """ARGUMENTS, OPTIONS and DEFAULTS as read off the click command Typer builds for `compare`."""
    import typer.main
    from typer._click import types
    from typer._types import TyperChoice
    from typer.models import TyperPath

    from resdraft.cli import app

    group = typer.main.get_command(app)
    command = group.commands["compare"]  # type: ignore[attr-defined]

    def kind(param: object) -> object:
        if getattr(param, "is_flag", False):
            return "flag"
        if isinstance(param.type, TyperPath):  # type: ignore[attr-defined]
            return "path"
        if isinstance(param.type, TyperChoice):  # type: ignore[attr-defined]
            assert param.type.case_sensitive  # type: ignore[attr-defined]
            return tuple(getattr(c, "value", c) for c in param.type.choices)  # type: ignore[attr-defined]
        assert param.type is types.STRING, param  # type: ignore[attr-defined]
        return "str"

    arguments, options, defaults = [], {}, {}
    for param in command.params:
        if param.param_type_name == "argument":
            arguments.append((param.name, kind(param)))
            continue
        assert not param.secondary_opts, param.name  # a --no-x form would be an option the plain path lacks
        for opt in param.opts:
            options[opt] = (param.name, kind(param))
        default = param.default
        defaults[param.name] = getattr(default, "value", default)
    return arguments, options, defaults


def test_the_plain_command_line_is_the_typer_one() -> None:
    arguments, options, defaults = _typer_kinds()
    assert arguments == list(compare_run.ARGUMENTS)
    assert options == compare_run.OPTIONS
    assert defaults == compare_run.DEFAULTS


@pytest.mark.parametrize("tail", [
    ["--help"],
    ["-o", "x.docx", "-o", "y.docx"],  # repeated
    ["-o"],  # no value
    ["-o", "--force"],  # a value that looks like an option
    ["--output="],
    ["--force=yes"],
    ["--format", "JSON"],  # not a choice (Click says so)
    ["--forc"],  # unknown (Click suggests)
    ["-ox.docx"],
    ["--", "-o"],
    ["extra"],
])
def test_other_shapes_go_to_typer(tail: list[str]) -> None:
    assert plain.parse(["compare", "a.docx", "b.docx", *tail]) is None


def test_usual_shapes_run_plain() -> None:
    assert plain.parse(["compare", "a.docx", "b.docx", "-o", "x.docx", "--date", "2024-05-01", "--force"])
    assert plain.parse(["compare", "--format=json", "a.docx", "b.docx", "--author", "Facilitator"])
    assert plain.parse(["--debug", "compare", "a.docx", "b.docx", "-o", "x.docx"]) is None
    assert plain.parse(["lint", "a.docx"]) is None


@pytest.mark.parametrize("case", ["ok", "json", "no-out", "not-docx", "missing", "exists"])
def test_plain_and_typer_say_the_same(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text("Draft resolution\n\n1. *Urges* States to act;\n", encoding="utf-8")
    new.write_text("Draft resolution\n\n1. *Urges* all States to act now;\n", encoding="utf-8")
    tails = {"ok": ["-o", "{out}", "--date", "2024-05-01"], "json": ["--format", "json", "--date", "2024-05-01"],
             "no-out": [], "not-docx": ["-o", "{out}.txt"], "missing": ["-o", "{out}"], "exists": ["-o", "{out}"]}
    results = []
    for way in ("plain", "typer"):
        out = tmp_path / f"{way}.docx"
        if case == "exists":
            out.write_bytes(b"kept")
        argv = ["compare", str(old), str(new if case != "missing" else tmp_path / "gone.md"),
                *(t.format(out=out) for t in tails[case])]
        if way == "typer":
            monkeypatch.setattr(plain, "parse", lambda words: None)
        else:
            assert plain.parse(argv) is not None
        code, stdout, stderr = run(argv, capsys)
        written = out.read_bytes() if out.exists() else None
        results.append((code, stdout, stderr.replace(str(out), "OUT"), written))
    assert results[0] == results[1]
