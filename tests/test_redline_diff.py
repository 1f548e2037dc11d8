"""Word tokens, the word-level diff and paragraph alignment used by `compare`."""

from __future__ import annotations

import pytest

from resdraft.edits import FOOTNOTE_MARK
from resdraft.redline.align import align, number_free
from resdraft.redline.tokens import tokenize, word_diff


@pytest.mark.parametrize(
    "token",
    ["ICC-ASP/20/Res.2", "ICC-ASP/17/28/Add.1", "ICC-ASP-16/Res.2", "A/RES/78/1", "A/C.3/78/L.5/Rev.1",
     "S/RES/2720 (2023)", "twenty-first", "nineteenth-twentieth", "18th", "12.5"],
)
def test_symbols_ordinals_and_numbers_are_single_tokens(token: str) -> None:
    assert tokenize(f"see {token}, then") == ["see", " ", token, ",", " ", "then"]


def test_tokens_rebuild_the_text() -> None:
    text = "Recalls paragraph 30 of ICC-ASP/20/Res.2,\tand " + FOOTNOTE_MARK + "  (a) the twenty-first session."
    assert "".join(tokenize(text)) == text
    assert FOOTNOTE_MARK in tokenize(text)


def apply(old: str, new: str) -> list[tuple[str, str]]:
    return [(old[h.old_start:h.old_end], new[h.new_start:h.new_end]) for h in word_diff(old, new)]


def test_a_symbol_changes_as_a_whole() -> None:
    old = "pursuant to paragraph 30 of resolution ICC-ASP/20/Res.2, and"
    new = "pursuant to paragraph 30 of resolution ICC-ASP/21/Res.3, and"
    assert apply(old, new) == [("ICC-ASP/20/Res.2", "ICC-ASP/21/Res.3")]


def test_an_ordinal_changes_as_a_word_and_a_flattened_pair_resolves() -> None:
    assert apply("at its twenty-first session;", "at its twenty-second session;") == [
        ("twenty-first", "twenty-second")]
    assert apply("at its twenty-first twenty-second session;", "at its twenty-second session;") == [
        ("twenty-first ", "")]


def test_identical_texts_have_no_hunks_and_offsets_index_both_texts() -> None:
    assert word_diff("same", "same") == []
    old, new = "Urges all States to act;", "Urges States to act promptly;"
    for h in word_diff(old, new):
        assert 0 <= h.old_start <= h.old_end <= len(old) and 0 <= h.new_start <= h.new_end <= len(new)
    rebuilt, last = [], 0
    for h in word_diff(old, new):
        rebuilt += [old[last:h.old_start], new[h.new_start:h.new_end]]
        last = h.old_end
    assert "".join([*rebuilt, old[last:]]) == new


def test_number_free_strips_typed_numbers() -> None:
    assert number_free("12.\tRequests the Bureau;") == "Requests the Bureau;"
    assert number_free("12 bis.\tRequests") == "Requests"
    assert number_free("(a)\tto report;") == "to report;"
    assert number_free("2010 was a year") == "2010 was a year"


def test_alignment_keeps_renumbered_paragraphs_and_finds_moves() -> None:
    old = ["Title", "1.\tUrges States to act;", "2.\t[Placeholder for text]", "3.\tRequests the Bureau to report;",
           "4.\tDecides to remain seized of the matter."]
    new = ["Title", "1.\tDecides to remain seized of the matter.", "2.\tUrges all States to act;",
           "3.\tRequests the Bureau to report;"]
    steps = align(old, new)
    kinds = {(s.kind, s.old, s.new, s.moved) for s in steps}
    assert ("equal", 0, 0, False) in kinds
    assert ("replace", 1, 2, False) in kinds  # edited, not deleted and inserted
    assert ("equal", 3, 3, False) in kinds  # renumbered only
    assert ("delete", 2, None, False) in kinds  # the placeholder
    assert ("delete", 4, None, True) in kinds and ("insert", None, 1, True) in kinds  # a move
