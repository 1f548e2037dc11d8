"""The same draft read from .md, typed-number .docx and auto-numbered .docx gives the same model."""

from __future__ import annotations

from pathlib import Path

import pytest

from resdraft.model import Resolution
from resdraft.parse import parse_file
from resdraft.render import render_docx

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
NAMES = sorted(p.stem for p in SAMPLES.glob("*.md") if p.name != "README.md")


def summary(res: Resolution) -> list[tuple]:
    return [(b.kind, b.label, b.number, b.text, b.footnotes) for b in res.blocks]


def footnotes(res: Resolution) -> list[tuple[int, str]]:
    return [(f.number, f.text) for f in res.footnotes if any(f.number in b.footnotes for b in res.blocks)]


@pytest.mark.parametrize("name", NAMES)
def test_bundled_docx_matches_markdown(name: str) -> None:
    md = parse_file(SAMPLES / f"{name}.md")
    docx = parse_file(SAMPLES / f"{name}.docx")
    assert summary(docx) == summary(md)
    assert footnotes(docx) == footnotes(md)


@pytest.mark.parametrize("name", NAMES)
def test_auto_numbered_docx_matches_markdown(name: str, tmp_path: Path) -> None:
    md = parse_file(SAMPLES / f"{name}.md")
    out = tmp_path / f"{name}-auto.docx"
    render_docx(md, out, numbering="auto")
    auto = parse_file(out)
    assert summary(auto) == summary(md)
    numbered = [b for b in auto.by_kind("operative") if b.number_text and "bis" not in b.number_text]
    assert numbered and {b.numbering for b in numbered} == {"auto"}


def test_bundled_autonum_sample() -> None:
    md = parse_file(SAMPLES / "cooperation-adopted.md")
    auto = parse_file(SAMPLES / "cooperation-adopted-autonum.docx")
    assert summary(auto) == summary(md)
    assert {b.numbering for b in auto.by_kind("operative")} == {"auto"}
