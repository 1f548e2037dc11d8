"""Footnotes: a number used twice, a reference with no footnote, a footnote nothing refers to,
references out of order.

A reference mark is not part of the text, so findings about a reference point
at the word it follows (the anchor a comment would use).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from resdraft.lint.engine import Doc, Hit, rule
from resdraft.model import Block, DateToken, Footnote, FootnoteRef, SessionToken, SymbolToken, YearToken

_WORD_BEFORE = re.compile(r"[^\s]+\s*$")


def _refs(doc: Doc) -> list[tuple[Block, FootnoteRef]]:
    return [(block, ref) for block in doc.blocks for ref in block.footnote_refs]


def _before(block: Block, ref: FootnoteRef) -> tuple[int, int]:
    """The word the reference mark follows."""
    offset = min(ref.offset, len(block.text))
    match = _WORD_BEFORE.search(block.text, max(0, offset - 200), offset)
    if not match:
        return offset, offset
    end = match.start() + len(match.group(0).rstrip())
    return match.start(), end


def _bare_digit_referenced(doc: Doc, number: int) -> bool:
    """Extractions that lost the marks keep bare digits glued to a word ("Court 1", "2024/25; 4",
    "the reports of 1990 3 and 1995, 4").

    Digits inside a symbol, a date or a reference ("Res.4", "paragraph 4") are not marks.
    """
    pattern = re.compile(rf"(?:(?<=[A-Za-z,.;:)\u201d\u2019\"])\s?|(?<=(?:19|20)\d\d)\s){number}(?=[\s,;.:]|$)")
    for block in doc.blocks:
        for match in pattern.finditer(block.text):
            if not any(t.start <= match.start() < t.end for t in block.tokens):
                return True
    return False


@rule("RD611")
def footnote_reused(doc: Doc) -> Iterator[Hit]:
    """One footnote number referenced twice, or two footnotes with one number.

    Of two references to one footnote, the one whose sentence does not fit the
    footnote is flagged: a footnote citing a document of session 6 fits "adopted
    in 2007" (session 6 met in 2007), not "the report to the thirteenth session".
    When neither fits better, the second reference is flagged.
    """
    by_number: dict[int, list[tuple[Block, FootnoteRef]]] = {}
    for block, ref in _refs(doc):
        by_number.setdefault(ref.number, []).append((block, ref))
    for number, refs in by_number.items():
        if len(refs) < 2:
            continue
        footnote = next((f for f in doc.footnotes if f.number == number), None)
        fits = [_fit(doc, block, ref, footnote) for block, ref in refs]
        best = max(fits)
        flagged = [i for i, fit in enumerate(fits) if fit < best] or list(range(1, len(refs)))
        labels = sorted({b.label for b, _ in refs})
        for i in flagged:
            block, ref = refs[i]
            other_labels = [label for label in labels if label != block.label] or [block.label]
            more = f" and {len(other_labels) - 5} more" if len(other_labels) > 5 else ""
            others = ", ".join(other_labels[:5]) + more
            start, end = _before(block, ref)
            reason = " and its text does not fit this sentence" if fits[i] < best else ""
            yield Hit(block, start, end, f"footnote {number} is also referenced in {others}{reason}: each reference "
                                         "needs its own footnote")
    numbers: set[int] = set()
    for footnote in doc.footnotes:
        if footnote.number in numbers:
            yield Hit(footnote, 0, len(footnote.text), f"two footnotes are numbered {footnote.number}")
        numbers.add(footnote.number)


def _fit(doc: Doc, block: Block, ref: FootnoteRef, footnote: Footnote | None) -> int:
    """How well the sentence before a reference agrees with the sessions and years its footnote cites."""
    if footnote is None:
        return 0
    sessions = {t.session for t in footnote.tokens if isinstance(t, SymbolToken) and t.session}
    years = {doc.profile.year_of(s) for s in sessions} | {t.value for t in footnote.tokens
                                                          if isinstance(t, YearToken)}
    years.discard(None)
    if not sessions and not years:
        return 0
    window_start = max(0, ref.offset - 160)
    score = 0
    for token in block.tokens:
        if not window_start <= token.start < ref.offset:
            continue
        if isinstance(token, SessionToken) and len(token.values) == 1:
            score += 2 if token.values[0] in sessions else -1
        elif isinstance(token, YearToken | DateToken):
            year = token.value if isinstance(token, YearToken) else token.year
            score += 2 if year in years else -1
    return score


@rule("RD612")
def footnote_undefined(doc: Doc) -> Iterator[Hit]:
    """A reference to a footnote that does not exist."""
    defined = doc.footnote_numbers
    for block, ref in _refs(doc):
        if ref.number not in defined:
            start, end = _before(block, ref)
            yield Hit(block, start, end, f"footnote {ref.number} is referenced here but not defined")


@rule("RD613")
def footnote_unreferenced(doc: Doc) -> Iterator[Hit]:
    """A footnote nothing in the text refers to."""
    referenced = {ref.number for _, ref in _refs(doc)}
    for footnote in doc.footnotes:
        if footnote.number in referenced or _bare_digit_referenced(doc, footnote.number):
            continue
        yield Hit(footnote, 0, len(footnote.text), f"footnote {footnote.number} is never referenced in the text")


@rule("RD614")
def footnote_order(doc: Doc) -> Iterator[Hit]:
    """Footnotes referenced out of order (3 before 2), or numbers that skip (1, 2, 4); numbering
    may start above 1."""
    refs = _refs(doc)
    highest = 0
    first_seen: set[int] = set()
    for block, ref in refs:
        if ref.number in first_seen:
            continue
        first_seen.add(ref.number)
        if ref.number < highest:
            start, end = _before(block, ref)
            yield Hit(block, start, end, f"footnote {ref.number} is referenced after footnote {highest}: "
                                         "footnotes are numbered in the order they are referenced")
        elif highest and ref.number > highest + 1 and ref.number - 1 not in doc.footnote_numbers:
            # (the first footnote may be above 1: an annex excerpted from a report, Word's numStart)
            start, end = _before(block, ref)
            yield Hit(block, start, end, f"footnote numbers skip from {highest} to {ref.number}")
        highest = max(highest, ref.number)
