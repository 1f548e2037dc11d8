"""Openers and operative verbs, read from `rules/vocabulary.toml`.

A lead is `[prefix] base [suffix]` ("Further requests", "Taking note also").
Matching is a longest-first regular expression built once from the data.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from resdraft.resources import load_toml


@dataclass(frozen=True)
class Vocabulary:
    openers: tuple[str, ...]
    verbs: tuple[str, ...]
    preambular: re.Pattern[str]
    operative: re.Pattern[str]
    #: The first words of each kind's prefixes and leads, lowered; None when one is not plain letters and hyphens.
    preambular_first: frozenset[str] | None = None
    operative_first: frozenset[str] | None = None


def _alternation(words: list[str]) -> str:
    """The words as alternatives, longest first, those with one first letter together under it.

    Longest first; ties alphabetically, so that the pattern is the same text in every run (and its
    compiled form can be kept between runs: resdraft/regexcache.py), whatever the set's order. Words of
    different first letters never match at one place, so grouping them keeps each word's order among
    those that can: the same matches, where the regular expression tries a score of letters first instead
    of every word in turn (written out here: `re` factors out only a prefix that all alternatives share)."""
    ordered = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    groups: dict[str, list[str]] = {}
    for word in ordered:
        escaped = re.escape(word).replace(r"\ ", r"\s+")
        letter = word[0].lower() if word[0].isascii() and word[0].isalpha() else escaped
        groups.setdefault(letter, []).append(escaped)
    return "|".join(members[0] if len(members) == 1 else f"{letter}(?:{'|'.join(m[1:] for m in members)})"
                    for letter, members in groups.items())


def _lead_pattern(section: dict[str, list[str]], bases_key: str) -> re.Pattern[str]:
    prefixes = _alternation(section.get("prefixes", []))
    suffixes = _alternation(section.get("suffixes", []))
    bases = _alternation(section[bases_key])
    pattern = rf"(?:(?:{prefixes})\s+)?(?:{bases})(?:,?\s+(?:{suffixes}))?(?![\w-])"
    return re.compile(pattern, re.IGNORECASE)


def _first_words(section: dict[str, list[str]], bases_key: str) -> frozenset[str] | None:
    """What a lead of `_lead_pattern(section, bases_key)` starts with: the first word of a prefix or a base."""
    words = {w.split()[0].lower() for key in ("prefixes", bases_key) for w in section.get(key, []) if w.strip()}
    return frozenset(words) if all(_PLAIN_WORD.fullmatch(w) for w in words) else None


_PLAIN_WORD = re.compile("[a-z-]+")
#: The run of characters a lead's first word is at the start of a text: the pattern follows that word with
#: white space, a comma or `(?![\w-])`, so the run ends where the word does.
_WORD_RUN = re.compile(r"[\w-]+")


@functools.cache
def vocabulary() -> Vocabulary:
    data = load_toml("vocabulary.toml")
    return Vocabulary(
        openers=tuple(data["preambular"]["openers"]),
        verbs=tuple(data["operative"]["verbs"]),
        preambular=_lead_pattern(data["preambular"], "openers"),
        operative=_lead_pattern(data["operative"], "verbs"),
        preambular_first=_first_words(data["preambular"], "openers"),
        operative_first=_first_words(data["operative"], "verbs"),
    )


def match_lead(text: str, pos: int = 0) -> tuple[str, int] | None:
    """The opener or verb phrase starting at `pos`: ("preambular"|"operative", end).

    Each pattern is an alternation of some ninety phrases, case-blind, that the regular expression tries one
    by one; the word at `pos` tells which kinds can match at all. Only an ASCII word is looked up: `(?i)`
    also matches a few other characters to ASCII letters ("\u017f" to "s"), which lowering does not give."""
    vocab = vocabulary()
    run = _WORD_RUN.match(text, pos)
    word = "" if run is None else run.group(0).lower() if run.group(0).isascii() else None
    best: tuple[str, int] | None = None
    for kind, pattern, first in (("preambular", vocab.preambular, vocab.preambular_first),
                                 ("operative", vocab.operative, vocab.operative_first)):
        if word is not None and first is not None and word not in first:
            continue
        match = pattern.match(text, pos)
        if match and (best is None or match.end() > best[1]):
            best = (kind, match.end())
    return best
