"""Robustness on real UN texts in ../shared/corpus (skipped when that folder is absent)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from resdraft.parse import parse_file

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
REFERENCE = SHARED / "reference"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    # Top-level texts only: the sub-folders (ga80-clean/, wild/) have tests of their own.
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name != "MANIFEST.md")


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_real_text_parses_without_error(path: Path) -> None:
    res = parse_file(path)
    assert res.by_kind("operative"), "no operative paragraph found"
    assert not [d for d in res.diagnostics if d.code == "grammar"]


@pytest.mark.parametrize(
    ("name", "preambular", "operative", "footnotes"),
    [
        ("UNGA_A-RES-80-6.md", 14, 32, 10),
        ("UNGA_A-RES-80-44.md", 21, 11, 14),
        ("UNSC_S-RES-2139-2014.txt", 11, 18, 0),
    ],
)
def test_counts_on_clean_extractions(name: str, preambular: int, operative: int, footnotes: int) -> None:
    res = parse_file(CORPUS / name)
    assert len(res.by_kind("preambular")) == preambular
    assert len(res.by_kind("operative")) == operative
    numbered = [b for b in res.by_kind("operative") if b.number]
    assert [b.number for b in numbered] == [str(i) for i in range(1, len(numbered) + 1)]
    assert len([f for f in res.footnotes if f.number < 100]) == footnotes


def test_reference_asp_draft() -> None:
    res = parse_file(REFERENCE / "asp15-draft-resolution-on-cooperation.md")
    assert len(res.by_kind("preambular")) == 10
    ops = [b for b in res.by_kind("operative") if not b.section]
    assert [b.number for b in ops] == [str(i) for i in range(1, 33)]
    mandates = [b for b in res.by_kind("subparagraph") if b.section == "AnnexII"]
    assert [b.number for b in mandates] == list("abcdefg")
    referenced = {n for b in res.blocks for n in b.footnotes}
    assert referenced == {1, 2, 3, 4, 5}
    assert all(f.text for f in res.footnotes)


def _real_paragraph_texts() -> Iterator[tuple[str, str]]:
    """(file name, text) of every paragraph and note of the real texts: the corpus and wild/'s .md and .txt."""
    from resdraft.readers import read_document

    paths = [*corpus_files(), *sorted((CORPUS / "wild").glob("*.md")), *sorted((CORPUS / "wild").glob("*.txt"))]
    for path in paths:
        raw = read_document(path)
        for text in [p.text for p in raw.paragraphs] + [f.text for f in raw.footnotes]:
            yield path.name, text


def test_the_parser_without_sessions_reads_real_paragraphs_as_the_full_one() -> None:
    """Every paragraph of the real texts (corpus and wild/ extractions) with no "ession" in it: the parser
    without the session look-ahead gives the same tokens, so choosing it by that word changes nothing."""
    from resdraft.grammar import SESSION_WORD, paragraph_parser

    full, lite = paragraph_parser(), paragraph_parser(sessions=False)
    checked = 0
    for name, text in _real_paragraph_texts():
        if SESSION_WORD in text:
            continue
        assert repr(lite.parse(text)) == repr(full.parse(text)), f"{name}: {text[:80]}"
        checked += 1
    assert checked > 500


def test_paragraphs_read_without_the_parser_are_read_as_the_grammar_reads_them() -> None:
    """Every paragraph of the real texts that `grammar.read_plain` answers for (no typed item after its label):
    the same label and no token, as the grammar gives."""
    from resdraft.grammar import paragraph_parser, read_plain

    answered = 0
    for name, text in _real_paragraph_texts():
        plain = read_plain(text)
        if plain is not None:
            answered += 1
            assert repr(plain) == repr(paragraph_parser().parse(text)), f"{name}: {text[:80]}"
    assert answered > 300


def test_real_paragraphs_parse_alike_with_and_without_the_plain_tokens() -> None:
    """Every paragraph and note of the real texts: the parser fed only the tokens that change its course
    (`item_lexer`) gives the tokens Lark's own lexer gives."""
    from resdraft.grammar import parser_for
    from resdraft.item_lexer import parse_items

    checked = 0
    for name, text in _real_paragraph_texts():
        parser = parser_for(text)
        outcomes = []
        for parse in (parser.parse, lambda t, p=parser: parse_items(p, t)):
            try:
                outcomes.append(repr(parse(text)))
            except Exception as exc:  # the class of any error is what is compared
                outcomes.append(type(exc).__name__)
        assert outcomes[0] == outcomes[1], f"{name}: {text[:80]}"
        checked += 1
    assert checked > 500
