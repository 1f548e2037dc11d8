"""Render the Markdown samples to .docx, so readers and tests have Word files to work with.

Each `samples/<name>.md` becomes `samples/<name>.docx` with typed numbers. The adopted
cooperation text is also rendered as `cooperation-adopted-autonum.docx`, with Word's
automatic numbering, because drafts come both ways. Footnotes are real Word footnotes
in every file. The renderer is deterministic, so `--check` can tell whether the
committed files are stale.

    python samples/build.py           # (re)write the .docx files
    python samples/build.py --check   # exit 1 if a .docx differs from a fresh render
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from resdraft.parse import parse_file  # noqa: E402
from resdraft.render import Numbering, render_docx  # noqa: E402

AUTONUM = {"cooperation-adopted": "cooperation-adopted-autonum"}


def targets() -> list[tuple[Path, str, Numbering]]:
    """(source, output name, numbering) for every file this script produces."""
    found: list[tuple[Path, str, Numbering]] = []
    for source in sorted(HERE.glob("*.md")):
        if source.name == "README.md":
            continue
        found.append((source, f"{source.stem}.docx", "typed"))
        if source.stem in AUTONUM:
            found.append((source, f"{AUTONUM[source.stem]}.docx", "auto"))
    return found


def build(out_dir: Path) -> list[Path]:
    written = []
    for source, name, numbering in targets():
        out = out_dir / name
        render_docx(parse_file(source), out, numbering=numbering)
        written.append(out)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with a fresh render, write nothing")
    args = parser.parse_args(argv)
    if not args.check:
        for path in build(HERE):
            print(path.relative_to(HERE.parent))
        return 0
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        for fresh in build(Path(tmp)):
            current = HERE / fresh.name
            if not current.exists() or current.read_bytes() != fresh.read_bytes():
                stale.append(current.name)
    for name in stale:
        print(f"samples/{name} is out of date: run python samples/build.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
