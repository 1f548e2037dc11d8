"""Words a regular expression cannot match without: a cheap test that lets most texts skip the scan.

The review patterns (`rules/carryover.toml`) are case-insensitive and start with `\\b`, so Python's
`re` can use no prefix to skip ahead and tries every position of every text: most of the time of
planning the carry-over of a long draft, though few texts match at all. Every match of
`\\bsince (?:the|its) ...` contains "since ", and every match of `...(?:persons|people|States)\\b`
one of those three words; a plain substring test on the lower-cased text rules most texts out.
(RE2 and Hyperscan derive such "prefilters" internally; neither is a dependency here, and Python's
`re` exposes none, so the pattern's parse tree is read here, through `re._parser`.)

The test is exact: `may_match(text)` is False only for a text where `pattern.search` finds nothing.
Only ASCII literals are used, and `fold` maps the four non-ASCII characters that `re.IGNORECASE`
matches to ASCII letters ("ı", "İ", "ſ", "K") onto them, so a case-insensitive match always shows
in the folded text as the lower-cased literal. Anything the reader does not know (a new opcode of a
later Python, a parse error) means "no prefilter": the pattern is run on every text, as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Prefilter", "fold", "prefilter", "required_literals"]

#: The non-ASCII characters `re.IGNORECASE` matches to an ASCII character (tests check the list is whole).
IGNORECASE_ASCII = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_FOLD = str.maketrans(IGNORECASE_ASCII)


def fold(text: str) -> str:
    """`text` lower-cased, with the characters `re.IGNORECASE` matches to an ASCII letter made that letter."""
    return (text if text.isascii() else text.translate(_FOLD)).lower()


@dataclass(frozen=True)
class Prefilter:
    """A compiled pattern and the folded literals one of which each of its matches contains."""

    pattern: re.Pattern[str]
    literals: tuple[str, ...] | None  # None: nothing known, every text may match

    def may_match(self, folded: str) -> bool:
        """False only when `pattern` cannot match the text whose `fold` is `folded`."""
        if self.literals is None:
            return True
        for word in self.literals:  # noqa: SIM110 - a loop, not any(<generator>): this runs per pattern and text
            if word in folded:
                return True
        return False


def prefilter(pattern: re.Pattern[str]) -> Prefilter:
    """`pattern` with its required literals (`required_literals`)."""
    return Prefilter(pattern, required_literals(pattern))


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Folded ASCII strings one of which is in every match of `pattern`, or None when none is known."""
    if not isinstance(pattern.pattern, str):
        return None
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]

        tree = _parser.parse(pattern.pattern, pattern.flags)
        found = _Reader(_constants).sequence(tree)
    except Exception:  # a private module: any change in a later Python only costs the shortcut
        return None
    if not found or not all(found):
        return None
    return tuple(sorted(found))


class _Reader:
    """Required literals of the parts of a `re._parser` tree (None: the part requires nothing known)."""

    def __init__(self, constants: object) -> None:
        self.c = constants  # re._constants: LITERAL, BRANCH, ... (compared by identity, as `re` does)

    def sequence(self, items: Sequence[tuple[object, object]]) -> frozenset[str] | None:
        """The best requirement of a concatenation: a run of literals, or the requirement of one part."""
        best: frozenset[str] | None = None
        run: list[str] = []

        def consider(candidate: frozenset[str] | None) -> None:
            nonlocal best
            if candidate and (best is None or _score(candidate) > _score(best)):
                best = candidate

        for op, av in items:
            if op is self.c.LITERAL and isinstance(av, int) and av < 0x80:
                run.append(chr(av).lower())
                continue
            if run:
                consider(frozenset({"".join(run)}))
                run = []
            consider(self.part(op, av))
        if run:
            consider(frozenset({"".join(run)}))
        return best

    def part(self, op: object, av: object) -> frozenset[str] | None:
        c = self.c
        if op is c.SUBPATTERN:
            return self.sequence(av[3])  # type: ignore[index]
        if op is c.ATOMIC_GROUP:
            return self.sequence(av)  # type: ignore[arg-type]
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _, body = av  # type: ignore[misc]
            return self.sequence(body) if low >= 1 else None
        if op is c.BRANCH:
            found: set[str] = set()
            for alternative in av[1]:  # type: ignore[index]
                each = self.sequence(alternative)
                if not each:
                    return None
                found |= each
            return frozenset(found)
        return None  # classes, any character, anchors, look-arounds, back-references


def _score(literals: frozenset[str]) -> tuple[int, int]:
    """Longer shortest literal first (rarer in text), then fewer of them."""
    return min(len(w) for w in literals), -len(literals)
