"""The paragraph memo: a text parsed once per process, each caller given its own copy."""

from __future__ import annotations

import pytest

from resdraft import paragraph_memo
from resdraft.grammar import parse_paragraph
from resdraft.paragraph_memo import clear_memo, parse_paragraph_memo

TEXT = ("3. Requests the Secretary-General to report to the General Assembly at its eighty-second session "
        "on resolution 79/20 of 4 December 2024 (A/81/12);[^2]")


@pytest.fixture(autouse=True)
def _fresh_memo() -> None:
    clear_memo()


def test_a_hit_equals_a_fresh_parse() -> None:
    first = parse_paragraph_memo(TEXT)
    second = parse_paragraph_memo(TEXT)
    assert first == second == parse_paragraph(TEXT)
    assert second.tokens and second.footnote_marks


def test_a_hit_does_not_parse_again(monkeypatch: pytest.MonkeyPatch) -> None:
    parse_paragraph_memo(TEXT)
    calls: list[str] = []
    monkeypatch.setattr(paragraph_memo, "parse_paragraph", lambda text: calls.append(text))
    parse_paragraph_memo(TEXT)
    assert calls == []


def test_changing_one_result_does_not_leak_to_the_next_caller() -> None:
    first = parse_paragraph_memo(TEXT)
    symbol = next(t for t in first.tokens if t.kind == "symbol")
    symbol.start += 100
    symbol.suffixes.append("Add.1")  # type: ignore[attr-defined]  # a list inside a token
    first.tokens.pop()
    first.footnote_marks.clear()
    second = parse_paragraph_memo(TEXT)
    assert second == parse_paragraph(TEXT)
    assert second.tokens is not first.tokens


def test_a_full_memo_still_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paragraph_memo, "MEMO_BYTES", 0)
    assert parse_paragraph_memo(TEXT) == parse_paragraph(TEXT)
    assert parse_paragraph_memo(TEXT) == parse_paragraph(TEXT)
    assert paragraph_memo._memo == {}


@pytest.mark.parametrize("text", ["12. Requests the Bureau to keep the matter under review;", "Recalling its work,"])
def test_a_result_without_tokens_comes_back_whole_and_unshared(text: str) -> None:
    first = parse_paragraph_memo(text)
    assert not first.tokens and not first.footnote_marks
    first.tokens.append(parse_paragraph(TEXT).tokens[0])  # a caller that adds to its copy
    first.label = "changed"
    second = parse_paragraph_memo(text)
    assert second == parse_paragraph(text)
    assert second.tokens is not first.tokens
