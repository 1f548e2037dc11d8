"""numbers.py: the paragraph-number facts (Latin suffixes, roman numerals, letters) in one place."""

from __future__ import annotations

import pytest

from resdraft.numbers import (
    LATIN_SUFFIXES,
    WHOLE_NUMBER,
    letter_value,
    roman_value,
    suffix_rank,
    to_roman,
)


@pytest.mark.parametrize("value", range(1, 400))
def test_roman_numerals_round_trip(value: int) -> None:
    assert roman_value(to_roman(value)) == value
    assert roman_value(to_roman(value).upper()) == value


def test_roman_value_refuses_other_words() -> None:
    assert roman_value("") is None
    assert roman_value("iva") is None


def test_latin_suffixes_are_ordered_and_read_in_labels() -> None:
    assert LATIN_SUFFIXES[:4] == ("", "bis", "ter", "quater")
    assert [suffix_rank(s) for s in ("", "bis", "Quinquies", "octies", "novies")] == [0, 1, 4, 7, None]
    match = WHOLE_NUMBER.match("12\u00a0quinquies.")
    assert match is not None and match.groups() == ("12", "quinquies")
    assert WHOLE_NUMBER.match("12.") is not None and WHOLE_NUMBER.match("12 novies.") is None


def test_letters_count_like_a_word_list() -> None:
    assert [letter_value(x) for x in ("a", "z", "aa", "bb", "ab", "A", "")] == [1, 26, 27, 28, None, None, None]


@pytest.mark.parametrize("suffix", [s for s in LATIN_SUFFIXES if s])
def test_every_reader_and_rule_knows_every_suffix(suffix: str) -> None:
    """The grammar, the Markdown reader, the aligner and the rules take the suffixes from one place."""
    from resdraft.grammar import parse_paragraph
    from resdraft.parse import parse_text
    from resdraft.redline.align import number_free

    parsed = parse_paragraph(f"12 {suffix}. Decides to act in line with paragraph 7 {suffix} above;")
    assert parsed.label == f"12 {suffix}."
    xref = next(t for t in parsed.tokens if t.kind == "xref")
    assert xref.numbers == [f"7 {suffix}"]
    assert number_free(f"12 {suffix}. Decides") == "Decides"
    res = parse_text(f"The Assembly,\n\n12. Decides to act;\n12 {suffix}. Requests a report;\n")
    assert [b.number for b in res.blocks if b.kind == "operative"][-1].replace(" ", "") == f"12{suffix}"
