"""Linting files: paths to `Draft`s to `lint_resolution`, one file or many (in parallel).

The lint package takes `Resolution`s and never reads a file; this module is
what does: it expands folders, merges the `[tool.resdraft]` settings of each
file, opens each draft once (`Draft.open`), loads the `--library` folder,
applies `resdraft: ignore` comments, and with `jobs > 1` lints files in a
process pool. Results come back in the order of the files, so the output of
`--jobs 4` is byte-identical to that of `--jobs 1`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from resdraft.errors import ResdraftError, UsageError
from resdraft.lint.catalogue import CatalogueError
from resdraft.lint.config import LintOptions
from resdraft.lint.finding import FileResult

if TYPE_CHECKING:
    from resdraft.draft import Draft
    from resdraft.library import Library
    from resdraft.suppress import Suppression

__all__ = ["default_jobs", "expand_paths", "lint_draft", "lint_paths"]

# Files per task sent to a worker: large enough that the pool's overhead is small, small enough to balance.
_CHUNK = 4
_LIBRARIES: dict[Path, Library] = {}  # one per folder and process, parsed on demand and kept


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files to lint: the files named, and .docx/.md/.txt files under the folders named."""
    return [path for path, _ in _expand(paths)]


def _expand(paths: Iterable[str | Path]) -> list[tuple[Path, bool]]:
    """(file, named): `named` is False for a file found by walking a folder."""
    from resdraft.readers import SUFFIXES

    files: list[tuple[Path, bool]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if any(p.startswith(".") for p in parts) or child.name.startswith("~$"):
                    continue  # hidden folders, Word lock files
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    files.append((child, False))
        else:
            files.append((path, True))
    return files


def library_for(folder: Path | str | None) -> Library | None:
    """The `Library` of past resolutions in `folder` (one per folder and process)."""
    if folder is None:
        return None
    from resdraft.library import Library

    key = Path(folder).resolve()
    if key not in _LIBRARIES:
        _LIBRARIES[key] = Library(key)
    return _LIBRARIES[key]


def lint_draft(draft: Draft, options: LintOptions | None = None, *,
               config_path: Path | None = None) -> tuple[FileResult, Suppression]:
    """Lint an opened draft with `options` (already merged with a config file, or not).

    `config_path` is the file whose per-file ignores apply (default: the
    draft's path). Returns the result and what `resdraft: ignore` comments
    silenced.
    """
    from resdraft.lint.config import ignored_for
    from resdraft.lint.context import LintContext, complete_context
    from resdraft.lint.engine import block_infos, lint_resolution
    from resdraft.suppress import apply_suppressions

    opts = options if options is not None else LintOptions()
    resolution = draft.resolution
    context = complete_context(resolution, LintContext(session=opts.session, body=opts.body, year=opts.year,
                                                       library=library_for(opts.library)))
    ignore = list(opts.ignore or []) + ignored_for(opts, config_path or draft.path)
    suppression = apply_suppressions(resolution, lint_resolution(resolution, context, select=opts.select,
                                                                 ignore=ignore))
    result = FileResult(path=str(draft.path), findings=suppression.kept, format=resolution.format,
                        blocks=block_infos(resolution), session=context.session, body=context.body or "",
                        year=context.session_year)
    return result, suppression


def _lint_file(task: tuple[Path, bool, LintOptions]) -> tuple[FileResult | None, Suppression | None]:
    """One file's result; (None, None) for a file found in a folder that is not a draft."""
    from resdraft.draft import Draft
    from resdraft.lint.engine import is_resolution

    path, named, opts = task
    try:
        library_for(opts.library)  # a bad --library is a usage error even when the file is unreadable
        draft = Draft.open(path, encoding=opts.encoding)
        if not named and not is_resolution(draft.resolution):
            return None, None  # a README or notes next to the drafts: not linted
        return lint_draft(draft, opts)
    except (UsageError, CatalogueError):
        raise  # a bad option or a broken installation: stop, exit 2
    except ResdraftError as exc:
        return FileResult(path=str(path), error=str(exc)), None


def lint_paths(paths: Iterable[str | Path], options: LintOptions | None = None,
               progress: Callable[[Path], None] | None = None,
               suppressed: dict[str, Suppression] | None = None, *, jobs: int = 1) -> list[FileResult]:
    """Lint files and folders; a file that cannot be read gets a `FileResult` with `error` set.

    `options` is a `LintOptions` (command line values; `[tool.resdraft]` of the
    nearest config file fills the rest). `progress` is called after each file.
    Findings silenced by a `resdraft: ignore` comment (`resdraft.suppress`) are
    left out; pass a dict as `suppressed` to get them by path. `jobs > 1`
    lints in that many processes; the results are the same, in the same order.
    """
    from resdraft.lint.config import merge

    cli = options if options is not None else LintOptions()
    tasks = [(path, named, merge(cli, path)) for path, named in _expand(paths)]
    jobs = max(1, min(jobs, len(tasks)))
    if jobs == 1:
        outcomes: Iterable[tuple[FileResult | None, Suppression | None]] = map(_lint_file, tasks)
        return _collect(tasks, outcomes, progress, suppressed)
    import gc
    from concurrent.futures import ProcessPoolExecutor

    _warm()
    gc.freeze()  # what is loaded now is never collected in the workers: they do not copy its pages for the collector
    chunk = max(1, min(_CHUNK, len(tasks) // (jobs * 4) or 1))
    try:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            return _collect(tasks, pool.map(_lint_file, tasks, chunksize=chunk), progress, suppressed)
    finally:
        gc.unfreeze()


def _warm() -> None:
    """Load the rules and the grammar before the pool starts, so that forked workers share them."""
    from resdraft.grammar import paragraph_parser, parse_paragraph
    from resdraft.lint.engine import registry

    registry()
    paragraph_parser()
    paragraph_parser(sessions=False)
    parse_paragraph("1. Decides to remain seized of the matter at its twenty-third session;")  # builds the lexers
    parse_paragraph("2. Decides to review the matter in 2030;")  # and those of the parser without sessions


def _collect(tasks: list[tuple[Path, bool, LintOptions]],
             outcomes: Iterable[tuple[FileResult | None, Suppression | None]],
             progress: Callable[[Path], None] | None, suppressed: dict[str, Suppression] | None) -> list[FileResult]:
    results: list[FileResult] = []
    for (path, _named, _opts), (result, suppression) in zip(tasks, outcomes, strict=True):
        if result is not None:
            results.append(result)
        if suppressed is not None and suppression is not None:
            suppressed[str(path)] = suppression
        if progress is not None:
            progress(path)
    return results
