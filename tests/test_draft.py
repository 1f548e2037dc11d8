"""`Draft.open_docx`: the .docx form of a draft, with a .md/.txt draft's own model freed before its rendering
is parsed (the peak memory of `carry-over` and `fix` on a long draft)."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

import pytest

from resdraft.draft import Draft

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _blocks(draft: Draft) -> list[tuple[str, str, str]]:
    return [(b.kind, b.label, b.text) for b in draft.resolution.blocks]


@pytest.mark.parametrize("name", ["cooperation-draft.md", "budget-draft.md"])
def test_open_docx_of_markdown_is_its_rendering(name: str) -> None:
    path = SAMPLES / name
    word = Draft.open_docx(path)
    rendered = Draft.open(path).docx
    assert word.is_docx and word.path == path
    assert word.package == rendered.package
    assert _blocks(word) == _blocks(rendered)


def test_open_docx_of_a_docx_is_the_draft_itself() -> None:
    path = SAMPLES / "cooperation-draft.docx"
    word = Draft.open_docx(path)
    assert word.is_docx and word.raw is not None
    assert _blocks(word) == _blocks(Draft.open(path))
    assert word.package == path.read_bytes()


def test_markdown_model_is_freed_before_the_rendering_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    sources: list[weakref.ref[Any]] = []
    alive_when_parsed: list[bool] = []
    render_bytes, of_rendering = Draft.render_bytes, Draft.of_rendering

    def recording_render(self: Draft, *args: Any, **kwargs: Any) -> bytes:
        sources.append(weakref.ref(self.resolution))
        return render_bytes(self, *args, **kwargs)

    def checking_parse(path: Path, data: bytes) -> Draft:
        alive_when_parsed.append(sources[-1]() is not None)
        return of_rendering(path, data)

    monkeypatch.setattr(Draft, "render_bytes", recording_render)
    monkeypatch.setattr(Draft, "of_rendering", checking_parse)
    Draft.open_docx(SAMPLES / "cooperation-draft.md")
    assert alive_when_parsed == [False]
