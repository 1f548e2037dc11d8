"""Spelled-out session ordinals ("twenty-first") to numbers and back.

The words come from `rules/ordinals.toml`; compound forms are composed here
so the data file stays a short list of words.
"""

from __future__ import annotations

import functools
import re

from resdraft.resources import load_toml

_FIGURES = re.compile(r"^(\d{1,3})(st|nd|rd|th)$", re.IGNORECASE)


@functools.cache
def _tables() -> tuple[dict[str, int], dict[str, int], dict[int, str], frozenset[str]]:
    data = load_toml("ordinals.toml")
    ordinal: dict[str, int] = {}
    cardinal: dict[str, int] = {}
    for table, kind in ((ordinal, "ordinal"), (cardinal, "cardinal")):
        words = data[kind]
        for i, word in enumerate(words["units"], start=1):
            table[word] = i
        for i, word in enumerate(words["teens"], start=10):
            table[word] = i
        for i, word in enumerate(words["tens"], start=2):
            table[word] = i * 10
    tens_cardinal = data["cardinal"]["tens"]
    for i, ten in enumerate(tens_cardinal, start=2):
        for j, unit in enumerate(data["ordinal"]["units"], start=1):
            ordinal[f"{ten}-{unit}"] = i * 10 + j
        for j, unit in enumerate(data["cardinal"]["units"], start=1):
            cardinal[f"{ten}-{unit}"] = i * 10 + j
    words_of = {value: word for word, value in ordinal.items()}
    return ordinal, cardinal, words_of, frozenset(data["not_ordinal"]["words"])


def ordinal_value(word: str) -> int | None:
    """Value of a correctly spelled ordinal ("twenty-first" -> 21), else None."""
    return _tables()[0].get(_fold(word))


def cardinal_value(word: str) -> int | None:
    """Value of a cardinal used where an ordinal belongs ("seventeen" -> 17)."""
    return _tables()[1].get(_fold(word))


def figures_value(word: str) -> int | None:
    """Value of an ordinal in figures ("18th" -> 18)."""
    match = _FIGURES.match(word)
    return int(match.group(1)) if match else None


def ordinal_words(value: int) -> str:
    """Spelled-out ordinal of 1..99 ("twenty-first"); figures beyond that."""
    word = _tables()[2].get(value)
    return word if word is not None else ordinal_figures(value)


def ordinal_like(value: int, style: str, like: str) -> str:
    """`value` as an ordinal written the way `like` is: figures ("19th") or words, and its capital."""
    word = ordinal_figures(value) if style == "figures" else ordinal_words(value)
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def ordinal_suffix(value: int) -> str:
    """"st", "nd", "rd" or "th", as English writes them after a number (11th, 21st, 112th)."""
    return "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")


def ordinal_figures(value: int) -> str:
    """An ordinal in figures: 21 -> "21st"."""
    return f"{value}{ordinal_suffix(value)}"


def is_not_ordinal(word: str) -> bool:
    """Words that stand before "session" without being an ordinal ("the", "resumed")."""
    return _fold(word) in _tables()[3]


def all_ordinal_words() -> list[str]:
    return list(_tables()[0])


def _fold(word: str) -> str:
    return word.lower().replace("\u2010", "-").replace("\u2011", "-").replace(" ", "-")
