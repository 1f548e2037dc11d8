"""Public entry points: read a draft file or a string into a `Resolution`."""

from __future__ import annotations

from pathlib import Path

from resdraft.gcpause import collector_paused
from resdraft.model import Resolution
from resdraft.readers import read_document
from resdraft.readers.markdown import parse_markdown
from resdraft.structure import build_resolution


def parse_file(path: str | Path, *, encoding: str | None = None) -> Resolution:
    """Read and parse a .docx, .md or .txt draft."""
    return build_resolution(read_document(path, encoding=encoding))


@collector_paused()  # the reader's paragraphs, then the blocks: millions of small objects, none in a cycle
def parse_text(text: str, *, markup: bool = True, path: str = "<text>") -> Resolution:
    """Parse a draft given as Markdown (or, with `markup=False`, plain text)."""
    return build_resolution(parse_markdown(text, path, markup=markup))
