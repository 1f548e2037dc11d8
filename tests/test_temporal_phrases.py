"""`temporal`'s cue lookup by end word finds what a scan of every phrase in order finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from resdraft.temporal import _ends_with, _Phrases, _starts_with

_WORDS = st.sampled_from(["by", "the", "end", "of", "in", "before", "no", "later", "than"])
_PHRASE = st.lists(_WORDS, max_size=4).map(tuple)


def _scan_end(words: list[str], phrases: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    return next((p for p in phrases if len(p) <= len(words) and tuple(words[len(words) - len(p):]) == p), None)


def _scan_start(words: list[str], phrases: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    return next((p for p in phrases if tuple(words[: len(p)]) == p), None)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PHRASE, max_size=8), st.lists(_WORDS, max_size=6))
def test_lookup_is_the_ordered_scan(phrases: list[tuple[str, ...]], words: list[str]) -> None:
    indexed = _Phrases(phrases)
    assert _ends_with(words, indexed) == _scan_end(words, phrases)
    assert _starts_with(words, indexed) == _scan_start(words, phrases)
