"""The review patterns' prefilter (`carryover.literals`) never rules out a text a pattern matches."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from resdraft.carryover.literals import IGNORECASE_ASCII, fold, prefilter, required_literals
from resdraft.carryover.review import review_patterns


def test_the_ignorecase_table_is_whole() -> None:
    """Every non-ASCII character `re.IGNORECASE` matches to an ASCII one is folded onto it."""
    ascii_class = re.compile("[\x00-\x7f]", re.IGNORECASE)
    found = {chr(c) for c in range(0x80, sys.maxunicode + 1) if ascii_class.fullmatch(chr(c))}
    assert found == set(IGNORECASE_ASCII)
    for char, letter in IGNORECASE_ASCII.items():
        assert re.fullmatch(letter, char, re.IGNORECASE)


def test_literals_of_simple_patterns() -> None:
    assert required_literals(re.compile(r"\bsince (?:the|its) last\b")) == ("since ",)
    assert required_literals(re.compile(r"(?:alpha|beta)\s+\d")) == ("alpha", "beta")
    assert required_literals(re.compile(r"(?:x|\d)+y?")) is None
    assert required_literals(re.compile(r"a*b?")) is None
    assert required_literals(re.compile(r"(?:ab)+c?d{2,}")) == ("ab",)
    assert required_literals(re.compile("é+")) is None  # non-ASCII literals are not used


def test_every_review_pattern_has_literals() -> None:
    """The shortcut is what makes the review linear in practice: a pattern without one scans every text."""
    for entry, code, _, _ in review_patterns():
        assert entry.literals, code


def test_folded_text_keeps_a_case_insensitive_match() -> None:
    entry = prefilter(re.compile(r"\bas of \d+", re.IGNORECASE))
    for text in ("AS OF 3", "Aſ of 3", "a\u017f OF 12", "x as of 1"):
        assert entry.pattern.search(text)
        assert entry.may_match(fold(text))
    assert not entry.may_match(fold("assets of 3"))


_PIECES = st.sampled_from(["since", " ", "the", "The", "STATES", "ſ", "İ", "ı", "K", "k", "as", "of", "1", "é",
                           "people", "new", "\u00a0", ",", "to be held", "planned", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_no_match_is_ruled_out(text: str) -> None:
    for entry, _, _, _ in review_patterns():
        if entry.pattern.search(text):
            assert entry.may_match(fold(text)), (entry.pattern.pattern, text)
    for pattern in (r"\bsince (?:the|its)\b", r"kis+", r"(?:people|states)\b", r"new\s+\w"):
        for flags in (0, re.IGNORECASE):
            entry = prefilter(re.compile(pattern, flags))
            if entry.pattern.search(text):
                assert entry.may_match(fold(text)), (pattern, flags, text)
