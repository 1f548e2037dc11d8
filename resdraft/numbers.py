"""Paragraph numbers as the bodies write them: one place for the facts.

Operative paragraphs are numbered "1.", "2.", and a paragraph added between
12 and 13 at a later stage is "12 bis.", then "12 ter." and so on with the
Latin multiplicative adverbs; subparagraphs are "(a)", "(b)" and, one level
down, "(i)", "(ii)". Before this module each reader, the grammar, the rules
and the renderer typed their own copy of these shapes, with different suffix
sets (up to quater, sexies or octies); new code takes them from here.
"""

from __future__ import annotations

import re

__all__ = [
    "LATIN_SUFFIXES",
    "LETTER_LABEL",
    "NUMBER_PATTERN",
    "ROMAN_LABEL",
    "SUFFIX_PATTERN",
    "WHOLE_NUMBER",
    "letter_value",
    "roman_value",
    "suffix_rank",
    "to_roman",
]

#: Latin suffixes of inserted paragraphs, in order: "12 bis" comes after 12, "12 ter" after "12 bis".
#: Up to octies, the longest found in use; the empty string stands for the plain number.
LATIN_SUFFIXES: tuple[str, ...] = ("", "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies")

#: A regular-expression alternation of the suffixes (longest first, so "quinquies" is not read as "qui...").
SUFFIX_PATTERN = "|".join(sorted((s for s in LATIN_SUFFIXES if s), key=len, reverse=True))

#: "12" or "12 bis" as a regular-expression fragment (no groups): a number as the grammar, readers and rules
#: read it, with a space, a no-break space or nothing before the suffix.
NUMBER_PATTERN = rf"\d{{1,3}}(?:[ \u00a0]?(?:{SUFFIX_PATTERN}))?"

#: "12." or "12 bis." (a space or no-break space, or nothing, before the suffix).
WHOLE_NUMBER = re.compile(rf"^(\d{{1,3}})(?:[ \u00a0]?({SUFFIX_PATTERN}))?\.$")
#: "(a)" .. "(z)", "(aa)": a letter label.
LETTER_LABEL = re.compile(r"^\(([a-z]{1,2})\)$")
#: "(i)", "(iv)", "(xii)": a roman-numeral label (lower case, as subparagraphs are written).
ROMAN_LABEL = re.compile(r"^\(([ivxlc]+)\)$")

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_ROMAN_DIGITS = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                 (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def roman_value(text: str) -> int | None:
    """The value of a roman numeral in either case ("iv" -> 4, "XII" -> 12); None if it is not one."""
    total = 0
    prev = 0
    for char in reversed(text.lower()):
        value = _ROMAN_VALUES.get(char)
        if value is None:
            return None
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total if text else None


def to_roman(value: int) -> str:
    """4 -> "iv" (lower case, as subparagraph labels); `value` >= 1."""
    if value < 1:
        raise ValueError(f"no roman numeral for {value}")
    out = []
    for amount, digits in _ROMAN_DIGITS:
        while value >= amount:
            out.append(digits)
            value -= amount
    return "".join(out)


def letter_value(text: str) -> int | None:
    """"a" -> 1, "z" -> 26, "aa" -> 27 (the way Word continues a letter list); None if not letters."""
    if not text or not text.isascii() or not text.isalpha() or not text.islower():
        return None
    if len(text) > 1 and len(set(text)) == 1:
        return 26 * (len(text) - 1) + ord(text[0]) - ord("a") + 1
    if len(text) == 1:
        return ord(text) - ord("a") + 1
    return None


def suffix_rank(suffix: str) -> int | None:
    """"" -> 0, "bis" -> 1, "ter" -> 2, ...; None for a word that is not one of `LATIN_SUFFIXES`."""
    try:
        return LATIN_SUFFIXES.index(suffix.lower())
    except ValueError:
        return None
