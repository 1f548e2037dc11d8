"""Hostile and broken input, for every command that reads files: exit code 2, one line, nothing lost.

Each case in `tests/hostile.py` is built in the test. For every command the
CLI has (`parse`, `lint`, `compare` with the bad file as OLD and as NEW,
`carry-over`, `fix`; a command not registered is skipped by name), the run
must end with exit code 2 and exactly one line on stderr naming the file and
the problem, no traceback, no output or temporary file left in the folder,
and every input byte-for-byte as it was.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer

from resdraft.cli import app, main
from resdraft.errors import InputError, LimitExceeded, UsageError
from resdraft.limits import MB, Limits
from resdraft.readers import read_document
from resdraft.readers.docx import DocxPackage, read_docx
from tests.hostile import CASES, SECRET, Case, valid_docx, valid_md

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Command:
    """How a command is called with one hostile input; `good` is a valid draft for two-input commands."""

    id: str
    cli: str
    argv: Callable[[Path, Path, Path], list[str]]  # (bad, good, out) -> arguments
    writes: bool


COMMANDS = (
    Command("parse", "parse", lambda bad, good, out: ["parse", str(bad)], False),
    Command("lint", "lint", lambda bad, good, out: ["lint", str(bad)], False),
    Command("compare-old", "compare", lambda bad, good, out: ["compare", str(bad), str(good), "-o", str(out)], True),
    Command("compare-new", "compare", lambda bad, good, out: ["compare", str(good), str(bad), "-o", str(out)], True),
    Command("carry-over", "carry-over",
            lambda bad, good, out: ["carry-over", str(bad), "-o", str(out), "--to-session", "23"], True),
    Command("fix", "fix", lambda bad, good, out: ["fix", str(bad), "-o", str(out)], True),
)


#: (case, command) pairs that do not meet the issue yet, each with what must change; strict, so a fix
#: shows up as XPASS and the entry is removed.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


def registered() -> dict[str, set[str]]:
    """CLI command name -> its option names, for the commands `resdraft.cli` registers now."""
    group = typer.main.get_command(app)
    return {name: {opt for param in cmd.params for opt in param.opts}
            for name, cmd in group.commands.items()}  # type: ignore[attr-defined]


AVAILABLE = registered()


def skip_unless_available(command: Command, case: Case | None = None) -> None:
    if command.cli not in AVAILABLE:
        pytest.skip(f"command {command.cli!r} is not registered in resdraft.cli")
    if case is not None:
        missing = [opt for opt in case.options if opt.startswith("-") and opt not in AVAILABLE[command.cli]]
        if missing:
            pytest.skip(f"{command.cli} has no {' '.join(missing)} option")


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in-process as the console script does; any exception but SystemExit fails the test."""
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the SHA-256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    return valid_docx(tmp_path / "good.docx")


def _check_one_line(err: str, bad: Path, case: Case) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    line = lines[0]
    assert line.startswith("resdraft: "), line
    if "RESDRAFT_MAX" not in case.expect:  # a bad environment variable is not the file's fault
        assert bad.name in line, line
    assert case.expect in line, line
    assert "Traceback" not in err
    return line


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.id)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_input_is_refused_cleanly(case: Case, command: Command, tmp_path: Path, good: Path,
                                          capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                          request: pytest.FixtureRequest) -> None:
    skip_unless_available(command, case)
    gap = KNOWN_GAPS.get((case.name, command.cli))
    if gap:
        request.applymarker(pytest.mark.xfail(reason=gap, strict=True))
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    bad = case.write(tmp_path)
    out = tmp_path / "out.docx"
    before = snapshot(tmp_path)
    code, stdout, err = run_cli([*command.argv(bad, good, out), *case.options], capsys)
    assert code == 2, (code, err)
    _check_one_line(err, bad, case)
    assert "Traceback" not in stdout
    assert SECRET not in stdout + err
    if command.cli == "parse":
        assert stdout == ""
    assert not out.exists()
    assert snapshot(tmp_path) == before  # no output, no temporary file, every input unchanged


# --- one real process per family of cases, for every command -------------------------------------


FAMILIES = sorted({case.family for case in CASES})


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.id)
@pytest.mark.parametrize("family", FAMILIES)
def test_hostile_input_in_a_real_process(family: str, command: Command, tmp_path: Path, good: Path) -> None:
    case = next(c for c in CASES if c.family == family and not c.options)
    skip_unless_available(command, case)
    bad = case.write(tmp_path)
    out = tmp_path / "out.docx"
    before = snapshot(tmp_path)
    env = {**os.environ, **case.env, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "resdraft", *command.argv(bad, good, out)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, check=False, timeout=120)
    assert proc.returncode == 2, proc.stderr
    _check_one_line(proc.stderr, bad, case)
    assert "Traceback" not in proc.stdout
    assert not out.exists()
    assert snapshot(tmp_path) == before


# --- the controls: valid inputs go through every command ------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.id)
@pytest.mark.parametrize("make", [valid_docx, valid_md], ids=["docx", "md"])
def test_valid_input_is_read(make: Callable[[Path], Path], command: Command, tmp_path: Path, good: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    skip_unless_available(command)
    draft = make(tmp_path / ("draft" + (".docx" if make is valid_docx else ".md")))
    out = tmp_path / "out.docx"
    before = snapshot(tmp_path)
    code, _, err = run_cli(command.argv(draft, good, out), capsys)
    assert code in (0, 1), err
    assert "Traceback" not in err
    if command.writes:
        assert out.is_file() and zipfile.is_zipfile(out)
    after = snapshot(tmp_path)
    after.pop("out.docx", None)
    assert after == before  # inputs unchanged, no temporary file left


def test_output_equal_to_an_input_is_refused(tmp_path: Path, good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    checked = 0
    for command in COMMANDS:
        if not command.writes or command.cli not in AVAILABLE:
            continue
        draft = valid_docx(tmp_path / f"{command.id}.docx")
        before = snapshot(tmp_path)
        code, _, err = run_cli(command.argv(draft, good, draft), capsys)
        assert code == 2, (command.id, err)
        assert len(err.splitlines()) == 1 and "input" in err, (command.id, err)
        assert snapshot(tmp_path) == before, command.id
        checked += 1
    if not checked:
        pytest.skip("no command that writes a file is registered")


def test_debug_shows_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = next(c for c in CASES if c.name == "truncated-half").write(tmp_path)
    with pytest.raises(InputError, match="truncated"):
        main(["--debug", "parse", str(bad)])
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_file_name_with_a_newline_still_gives_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "two\nlines\u2028draft.md"
    bad.write_bytes(b"")
    code, _, err = run_cli(["parse", str(bad)], capsys)
    assert code == 2
    assert len(err.splitlines()) == 1 and "empty file" in err


def test_every_case_and_command_is_accounted_for() -> None:
    """The matrix is not silently empty: parse exists, and skipped commands are the unregistered ones."""
    assert "parse" in AVAILABLE
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


# --- the reader's own guarantees -----------------------------------------------------------------


def test_limits_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESDRAFT_MAX_DOCX_MB", "20")
    monkeypatch.setenv("RESDRAFT_MAX_PART_MB", "0.5")
    monkeypatch.setenv("RESDRAFT_MAX_PARAGRAPHS", "1_000")
    limits = Limits.from_env()
    assert limits.max_docx_bytes == 20 * MB
    assert limits.max_part_bytes == MB // 2
    assert limits.max_paragraphs == 1000
    assert limits.max_zip_entries == Limits().max_zip_entries
    for bad in ("0", "-1", "nan", "inf", "ten", "1e-9"):
        monkeypatch.setenv("RESDRAFT_MAX_ZIP_ENTRIES", bad)
        with pytest.raises(UsageError, match="RESDRAFT_MAX_ZIP_ENTRIES"):
            Limits.from_env()


def test_explicit_limits_override_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESDRAFT_MAX_PARAGRAPHS", "1")
    path = valid_md(tmp_path / "d.md")
    with pytest.raises(LimitExceeded, match="more than 1 paragraphs") as info:
        read_document(path)
    assert info.value.limit == "max_paragraphs" and info.value.env == "RESDRAFT_MAX_PARAGRAPHS"
    assert len(read_document(path, limits=Limits(max_paragraphs=50)).paragraphs) == 5


def test_defaults_let_a_5_mb_paragraph_through(tmp_path: Path) -> None:
    words = b"the Assembly welcomes the report of the Court and requests the Bureau to continue, "
    text = b"1. " + words * (5 * MB // len(words) + 1)
    path = tmp_path / "long.md"
    path.write_bytes(text)
    document = read_document(path)
    assert len(document.paragraphs) == 1 and len(document.paragraphs[0].text) > 5 * MB


def test_inflated_bytes_are_counted_not_the_declared_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the decompressor gave more than the header declares, the reader stops at the limit anyway."""
    path = valid_docx(tmp_path / "d.docx")
    real_open = zipfile.ZipFile.open

    class Endless:
        def __init__(self, *args: object, **kwargs: object) -> None:
            self.given = 0

        def __enter__(self) -> Endless:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def read(self, n: int) -> bytes:
            self.given += n
            return b" " * n

    def lying_open(self: zipfile.ZipFile, name: object, *args: object, **kwargs: object) -> object:
        filename = getattr(name, "filename", name)
        return Endless() if filename == "word/document.xml" else real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", lying_open)
    with pytest.raises(LimitExceeded, match=r"word/document\.xml unpacks to at least 3\.0 MB") as info:
        read_docx(path, limits=Limits(max_part_bytes=2 * MB))
    assert info.value.limit == "max_part_bytes"
    with pytest.raises(LimitExceeded, match="the parts read unpack to at least"):
        read_docx(path, limits=Limits(max_docx_bytes=3 * MB, max_part_bytes=10 * MB))


def test_package_entries_for_rewriting_are_limited_too(tmp_path: Path) -> None:
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
             "word/media/huge.bin": b"\0" * (3 * MB)}
    path = tmp_path / "d.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    with DocxPackage(path, Limits()) as pkg:
        assert [name for name, _ in pkg.entries()] == list(parts)
    with DocxPackage(path.read_bytes(), Limits()) as pkg:  # the redliner also opens packages from bytes
        assert dict(pkg.entries()) == parts
    with DocxPackage(path, Limits(max_docx_bytes=4 * MB, max_part_bytes=2 * MB)) as pkg:
        assert pkg.read("word/document.xml") == b"<w:document/>"  # the reader never touches the media
        with pytest.raises(LimitExceeded, match=r"huge\.bin declares 3\.0 MB"):
            pkg.entries()


def test_xxe_never_reads_the_file(tmp_path: Path) -> None:
    """The parser refuses the DOCTYPE; the entity's target is neither read into the text nor opened."""
    case = next(c for c in CASES if c.name == "xxe-document")
    bad = case.write(tmp_path)
    secret = tmp_path / "secret.txt"
    os.utime(secret, (1_000_000, 1_000_000))
    with pytest.raises(InputError, match="DOCTYPE"):
        read_document(bad)
    assert secret.stat().st_atime == 1_000_000


@pytest.fixture(autouse=True)
def _no_stray_limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests start from the default limits whatever the environment of the run says."""
    for name in list(os.environ):
        if name.startswith("RESDRAFT_MAX_"):
            monkeypatch.delenv(name)
    yield


def test_styles_cache_never_lends_one_drafts_styles_to_another(tmp_path: Path) -> None:
    """The parsed-styles cache is keyed on the stored bytes: a changed styles.xml is parsed again."""
    from tests.docxbuild import build_docx, para, style

    first = build_docx(tmp_path / "a.docx", para("Text", style="T"), styles=style("T", "Title"))
    second = build_docx(tmp_path / "b.docx", para("Text", style="T"), styles=style("T", "Quote"))  # same size
    for _ in range(2):
        assert read_docx(first).paragraphs[0].style == "Title"
        assert read_docx(second).paragraphs[0].style == "Quote"
    broken = tmp_path / "c.docx"
    with zipfile.ZipFile(first) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[:-20] if info.filename == "word/styles.xml" else data)
    with pytest.raises(InputError, match=r"malformed XML in word/styles\.xml"):
        read_docx(broken)
