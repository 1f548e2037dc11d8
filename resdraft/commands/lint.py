"""`resdraft lint`: the pre-submission check of drafts (files or folders).

Exit codes: 0 when nothing at or above --fail-on was found, 1 when something
was, 2 on usage or input errors (one line on stderr).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from resdraft.app import app, fail

if TYPE_CHECKING:
    from resdraft.draft import Draft
    from resdraft.lint.config import LintOptions
    from resdraft.lint.finding import FileResult, Finding
    from resdraft.suppress import Suppression

_PROGRESS_MIN_FILES = 8


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


def _codes(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


@app.command()
def lint(
    paths: Annotated[list[Path], typer.Argument(help="Drafts (.docx, .md, .txt) or folders of drafts.")],
    session: Annotated[int | None, typer.Option(help="The session the text is for (e.g. 22).", min=1)] = None,
    body: Annotated[str | None, typer.Option(help="Body profile: icc-asp (default), un-ga, hrc, unsc.")] = None,
    year: Annotated[int | None, typer.Option(help="The year the text is adopted in (default: from the session).",
                                             min=1900, max=2200)] = None,
    library: Annotated[Path | None, typer.Option(help="Folder of past resolutions, to check external "
                                                      "cross-references.")] = None,
    fmt: Annotated[LintFormat, typer.Option("--format", "-f", help="Output format.")] = LintFormat.text,
    select: Annotated[list[str] | None, typer.Option(help="Rules to run: codes, prefixes (RD1), categories or "
                                                          "names, comma-separated.")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Rules to skip (same forms as --select).")] = None,
    fail_on: Annotated[FailOn | None, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1 "
                                                                     "(default: warning).")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore the tool.resdraft settings of "
                                                                "pyproject.toml or resdraft.toml.")] = False,
    encoding: Annotated[str | None, typer.Option(help="Encoding of .txt/.md files (default: UTF-8 or BOM).")] = None,
    annotate: Annotated[Path | None, typer.Option("--annotate", metavar="OUT.docx",
                                                  help="Also write a copy of the (one) draft with every finding as "
                                                       "a Word comment.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --annotate file if it exists.")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Files linted in parallel (default: "
                                                                         "all cores). The output is the same.")] = None,
) -> None:
    """Check drafts before they are sent: every problem with its place, reason and fix.

    A comment `resdraft: ignore RD401` (or `resdraft: ignore` for every rule) on a
    paragraph, in Word or as `<!-- ... -->` in Markdown, silences those rules there.
    """
    from resdraft.lint.config import LintOptions
    from resdraft.lint.finding import SEVERITY_RANK
    from resdraft.lintrun import default_jobs, expand_paths, lint_paths
    from resdraft.output.findings import RENDERERS

    options = LintOptions(session=session, body=body, year=year, library=library.resolve() if library else None,
                          select=_codes(select), ignore=_codes(ignore), fail_on=fail_on.value if fail_on else None,
                          use_config=not no_config, encoding=encoding)
    if library is not None and not library.is_dir():
        raise fail(f"{library}: --library must be a folder")
    files = expand_paths(paths)
    if not files:
        raise fail("no .docx, .md or .txt files found in " + ", ".join(map(str, paths)))
    if annotate is not None:
        _check_annotate(annotate, files, force)
    suppressed: dict[str, Suppression] = {}
    draft = None
    workers = jobs if jobs is not None else default_jobs()
    if annotate is not None:  # one draft, opened once for the lint and the annotated copy
        draft, results = _lint_one(files[0], options, suppressed)
    elif len(files) >= _PROGRESS_MIN_FILES and sys.stderr.isatty() and fmt is LintFormat.text:
        with typer.progressbar(length=len(files), label="Linting", file=sys.stderr) as bar:
            results = lint_paths(paths, options, progress=lambda _path: bar.update(1), suppressed=suppressed,
                                 jobs=workers)
    else:
        # the paths as given: a README found in a folder is skipped
        results = lint_paths(paths, options, suppressed=suppressed, jobs=workers)
    renderer = RENDERERS[fmt.value]
    color = fmt is LintFormat.text and sys.stdout.isatty()
    output = renderer(results, color=True) if color else renderer(results)  # type: ignore[operator]
    silenced = sum(len(s.suppressed) for s in suppressed.values())
    if fmt is LintFormat.text and silenced:
        output += (f"\n{silenced} more finding{'s' if silenced != 1 else ''} silenced by 'resdraft: ignore' "
                   "comments in the text.")
    typer.echo(output)
    for path, suppression in suppressed.items():
        for label, word in suppression.unknown:
            typer.echo(f"resdraft: warning: {' '.join(path.split())}:{label}: {word!r} in a 'resdraft: ignore' "
                       "comment names no rule, so it silences nothing", err=True)
    unreadable = [r for r in results if r.error]
    for result in unreadable:
        typer.echo("resdraft: " + " ".join(str(result.error).split()), err=True)  # one line, whatever the name
    if unreadable:
        raise typer.Exit(code=2)
    if annotate is not None and draft is not None:
        _write_annotated(draft, results[0].findings, annotate, force)
    threshold = _fail_on(fail_on, options, files)
    worst = max((SEVERITY_RANK[f.severity] for r in results for f in r.findings), default=-1)
    raise typer.Exit(code=1 if worst >= SEVERITY_RANK[threshold] else 0)


def _check_annotate(out: Path, files: list[Path], force: bool) -> None:
    """--annotate needs exactly one draft and a .docx name that is neither the draft nor (without --force) taken."""
    from resdraft.atomic import check_output

    if len(files) != 1:
        raise fail(f"--annotate writes one file: give one draft, not {len(files)}")
    if out.suffix.lower() != ".docx":
        raise fail(f"{out}: --annotate writes a Word file; give a name ending in .docx")
    check_output(out, files, force=force)


def _lint_one(path: Path, options: LintOptions, suppressed: dict[str, Suppression]
              ) -> tuple[Draft | None, list[FileResult]]:
    """Lint one named draft, keeping the opened `Draft` for --annotate (an unreadable file: its error)."""
    from resdraft.draft import Draft
    from resdraft.errors import ResdraftError
    from resdraft.lint.config import merge
    from resdraft.lint.finding import FileResult
    from resdraft.lintrun import lint_draft

    merged = merge(options, path)
    try:
        draft = Draft.open(path, encoding=merged.encoding)
        result, suppression = lint_draft(draft, merged)
    except ResdraftError as exc:
        from resdraft.errors import UsageError
        from resdraft.lint.catalogue import CatalogueError

        if isinstance(exc, UsageError | CatalogueError):
            raise
        return None, [FileResult(path=str(path), error=str(exc))]
    suppressed[str(path)] = suppression
    return draft, [result]


def _write_annotated(draft: Draft, findings: list[Finding], out: Path, force: bool) -> None:
    """Write the annotated copy and say so on stderr (stdout carries the lint output)."""
    from resdraft.annotate import annotate

    written = annotate(draft, findings, out, force=force)
    note = f"resdraft: {written.comments} comment{'s' if written.comments != 1 else ''} written to {out}"
    if not written.complete:
        note += f" ({written.findings - written.comments} of {written.findings} findings could not be anchored)"
    typer.echo(note, err=True)


def _fail_on(given: FailOn | None, options: object, files: list[Path]) -> str:
    """--fail-on, else `fail-on` of the config file of the first file, else "warning"."""
    if given is not None:
        return given.value
    from resdraft.lint.config import LintOptions, merge

    assert isinstance(options, LintOptions)
    merged = merge(options, files[0])
    value = merged.fail_on or "warning"
    if value not in ("error", "warning", "info"):
        raise fail(f"fail-on must be error, warning or info, not {value!r}")
    return value
