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


def _alternation(words: list[str]) -> str:
    # longest first; ties alphabetically, so that the pattern is the same text in every run (and its
    # compiled form can be kept between runs: resdraft/regexcache.py), whatever the set's order
    ordered = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _lead_pattern(section: dict[str, list[str]], bases_key: str) -> re.Pattern[str]:
    prefixes = _alternation(section.get("prefixes", []))
    suffixes = _alternation(section.get("suffixes", []))
    bases = _alternation(section[bases_key])
    pattern = rf"(?:(?:{prefixes})\s+)?(?:{bases})(?:,?\s+(?:{suffixes}))?(?![\w-])"
    return re.compile(pattern, re.IGNORECASE)


@functools.cache
def vocabulary() -> Vocabulary:
    data = load_toml("vocabulary.toml")
    return Vocabulary(
        openers=tuple(data["preambular"]["openers"]),
        verbs=tuple(data["operative"]["verbs"]),
        preambular=_lead_pattern(data["preambular"], "openers"),
        operative=_lead_pattern(data["operative"], "verbs"),
    )


def match_lead(text: str, pos: int = 0) -> tuple[str, int] | None:
    """The opener or verb phrase starting at `pos`: ("preambular"|"operative", end)."""
    vocab = vocabulary()
    best: tuple[str, int] | None = None
    for kind, pattern in (("preambular", vocab.preambular), ("operative", vocab.operative)):
        match = pattern.match(text, pos)
        if match and (best is None or match.end() > best[1]):
            best = (kind, match.end())
    return best
