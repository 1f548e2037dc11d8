"""What `resdraft compare` does once its options are read, without Typer.

The Typer command (`resdraft.commands.compare`) and the command line's plain path
(`resdraft.commands.plain`, which runs a compare of the usual shape without importing Typer: about
a seventh of a compare of a short draft) both call `run`, so the two cannot drift apart.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from resdraft.errors import CommandFailure
from resdraft.gcpause import collector_paused

#: The values of `--format`.
FORMATS = ("docx", "json")

#: `echo(text, err)`: a line on stdout, or on stderr when `err`.
Echo = Callable[[str, bool], None]


@collector_paused()  # the whole command: its imports and the steps between the paused phases collect too
def run(old: Path, new: Path, out: Path | None, *, author: str, date: str | None, fmt: str, force: bool,
        encoding: str | None, html: Path | None, echo: Echo) -> None:
    """Compare OLD with NEW and write the redline (or print the change list); see `resdraft compare --help`."""
    from resdraft.edits import normalize_date
    from resdraft.redline.comparison import compare_files, write_redline

    if fmt == "docx" and out is None:
        raise CommandFailure("compare needs -o OUT.docx (or --format json to print the changes)")
    if out is not None and out.suffix.lower() != ".docx":
        raise CommandFailure(f"{out}: the redline must be a .docx file")
    stamp = normalize_date(date) if date is not None else None
    with tempfile.TemporaryDirectory(prefix="resdraft-") as workdir:
        comparison = compare_files(old, new, workdir, author=author, date=stamp,
                                   labels=fmt == "json" or html is not None, encoding=encoding)
        if html is not None:
            from resdraft.atomic import write_bytes
            from resdraft.output.redline_html import comparison_page

            page = comparison_page(comparison, old_name=old.name, new_name=new.name)
            write_bytes(html, page.encode("utf-8"), [old, new], force=force)
        if fmt == "json":
            import json  # here: writing OUT.docx (the usual run) does not need it

            payload = {"changes": [c.as_dict() for c in comparison.changes], "summary": comparison.summary()}
            echo(json.dumps(payload, ensure_ascii=False, indent=1), False)
            return
        assert out is not None
        write_redline(comparison, out, inputs=[old, new], force=force)
    summary = ", ".join(f"{n} {kind}" for kind, n in comparison.summary().items()) or "no changes"
    echo(f"{out}: {summary}", True)


# --- the command line, as the plain path reads it (`resdraft.commands.plain`) ---------------------------------
# The Typer declaration in `resdraft.commands.compare` says the same; tests/test_startup.py checks that the two
# agree, option by option. Kinds: "path", "str", "flag", or the tuple of a choice's values.

ARGUMENTS = (("old", "path"), ("new", "path"))
OPTIONS: dict[str, tuple[str, object]] = {
    "--output": ("out", "path"),
    "-o": ("out", "path"),
    "--author": ("author", "str"),
    "--date": ("date", "str"),
    "--format": ("fmt", FORMATS),
    "-f": ("fmt", FORMATS),
    "--force": ("force", "flag"),
    "--encoding": ("encoding", "str"),
    "--html": ("html", "path"),
}
DEFAULTS: dict[str, object] = {"out": None, "author": "resdraft", "date": None, "fmt": "docx", "force": False,
                               "encoding": None, "html": None}
