"""Forward or historical? Read the verbs around a session ordinal or a year.

A *forward* reference is a mandate ("to report thereon to the Assembly at its
eighteenth session", "launch in 2020"): carrying the text over to the next
session advances it, and in a text for session N it must point past N. A
*historical* reference states a fact ("the report to the thirteenth session",
"adopted in 2007") and never changes. Anything this module cannot decide is
"unknown", which neither the linter nor the carry-over touches: a wrong
"forward" costs a false alarm or a wrong edit, a wrong "unknown" costs little.

The decision looks only at the clause of the reference (never past ";" or
":"), nearest cue first; the cue words live in `rules/temporal.toml`.

Public API (used by the linter and the carry-over):
    classify_session(block, token) -> "forward" | "historical" | "unknown"
    classify_year(block, token)    -> same, for a `YearToken` or `DateToken`
    read_session / read_year       -> a `Reading` that also names the deciding cue
    session_body(block, token, names) -> which body a session ordinal belongs to
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from resdraft import ordinals
from resdraft.model import Block, DateToken, Footnote, SessionToken, Token, YearToken
from resdraft.resources import load_toml

Direction = Literal["forward", "historical", "unknown"]

__all__ = [
    "Direction",
    "Reading",
    "classify_session",
    "classify_year",
    "read_session",
    "read_year",
    "session_body",
]


@dataclass(frozen=True)
class Reading:
    """The verdict on one reference and the words that decided it (for messages and debugging)."""

    direction: Direction
    cue: str = ""


_UNKNOWN = Reading("unknown")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d+")
_CLAUSE_END = re.compile(r"[;:]")
#: How far (characters) the cues are looked for around a reference; far more than the word windows use.
_REACH = 2000


class _Phrases:
    """Cue phrases (word tuples) in their order of preference, grouped by their last and first word.

    `_ends_with` and `_starts_with` return the first phrase in this order that fits; only the phrases
    ending (or starting) with the word at that end of the window can, so they alone are tried: a cue
    list has dozens of phrases and `read_year` tries one at each position of a ten-word window.
    """

    __slots__ = ("_by_first", "_by_last", "_empty", "ordered")

    def __init__(self, ordered: Sequence[tuple[str, ...]]) -> None:
        self.ordered = tuple(ordered)
        self._empty = tuple(p for p in self.ordered if not p)  # () fits any window: kept in every group
        self._by_last = self._group(-1)
        self._by_first = self._group(0)

    def _group(self, end: int) -> dict[str, tuple[tuple[str, ...], ...]]:
        groups: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.ordered:
            if phrase:
                groups.setdefault(phrase[end], [])
        for phrase in self.ordered:
            for word, group in groups.items():
                if not phrase or phrase[end] == word:
                    group.append(phrase)
        return {word: tuple(group) for word, group in groups.items()}

    def ending(self, words: Sequence[str]) -> tuple[tuple[str, ...], ...]:
        """The phrases that can end the window `words`, in order."""
        return self._by_last.get(words[-1], self._empty) if words else self._empty

    def starting(self, words: Sequence[str]) -> tuple[tuple[str, ...], ...]:
        """The phrases that can start the window `words`, in order."""
        return self._by_first.get(words[0], self._empty) if words else self._empty


_NO_PHRASES = _Phrases(())


@dataclass(frozen=True)
class _Cues:
    window: int
    forward_before: _Phrases
    historical_before: _Phrases
    forward_after: _Phrases
    historical_after: _Phrases
    forward_words: frozenset[str]
    modals: frozenset[str]
    infinitives: frozenset[str]
    adverbs: frozenset[str]
    historical_words: frozenset[str]
    complement_nouns: frozenset[str]
    historical_governors: frozenset[str]
    mandate_governors: frozenset[str]
    report_nouns: frozenset[str]
    determiners: frozenset[str]
    report_verbs: frozenset[str]
    year_window: int
    year_forward_before: _Phrases
    year_historical_before: _Phrases
    year_forward_verbs: _Phrases
    year_historical_verbs: _Phrases
    current_before: _Phrases = _NO_PHRASES
    year_forward_adverbs: frozenset[str] = frozenset()
    current_mandate_words: frozenset[str] = frozenset()


def _phrases(items: Sequence[str]) -> _Phrases:
    # longest first, so "well in advance of the" is named as the cue rather than "before the"
    return _Phrases(sorted((tuple(p.lower().split()) for p in items), key=len, reverse=True))


@functools.cache
def _cues() -> _Cues:
    data = load_toml("temporal.toml")
    session, cues, year = data["session"], data["cues"], data["year"]
    return _Cues(
        window=int(session.get("window", 30)),
        forward_before=_phrases(session["forward_before"]),
        historical_before=_phrases(session["historical_before"]),
        forward_after=_phrases(session["forward_after"]),
        historical_after=_phrases(session["historical_after"]),
        forward_words=frozenset(cues["forward_words"]),
        modals=frozenset(cues["modals"]),
        infinitives=frozenset(cues["forward_infinitives"]),
        adverbs=frozenset(cues["adverbs"]),
        historical_words=frozenset(cues["historical_words"]),
        complement_nouns=frozenset(cues["complement_nouns"]),
        historical_governors=frozenset(cues["historical_governors"]),
        mandate_governors=frozenset(cues["mandate_governors"]),
        report_nouns=frozenset(cues["report_nouns"]),
        determiners=frozenset(cues["determiners"]),
        report_verbs=frozenset(cues["report_verbs"]),
        year_window=int(year.get("window", 10)),
        year_forward_before=_phrases(year["forward_before"]),
        year_historical_before=_phrases(year["historical_before"]),
        year_forward_verbs=_phrases(year["forward_verbs"]),
        year_historical_verbs=_phrases(year["historical_verbs"]),
        current_before=_phrases(session.get("current_before", [])),
        year_forward_adverbs=frozenset(year.get("forward_adverbs", [])),
        current_mandate_words=frozenset(session.get("current_mandate_words", [])),
    )


def _text_of(block: Block | Footnote | str) -> str:
    return block if isinstance(block, str) else block.text


def _clause_before(text: str, pos: int) -> str:
    """The text of the clause that ends at `pos` (from the last ";" or ":")."""
    start = max(0, pos - _REACH)  # a bounded look back: linear even on a 5 MB paragraph
    for match in _CLAUSE_END.finditer(text, start, pos):
        start = match.end()
    return text[start:pos]


def _clause_after(text: str, pos: int) -> str:
    stop = min(len(text), pos + _REACH)
    match = _CLAUSE_END.search(text, pos, stop)
    return text[pos: match.start() if match else stop]


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def _ends_with(words: Sequence[str], phrases: _Phrases) -> tuple[str, ...] | None:
    """The first of `phrases` that the window `words` ends with."""
    for phrase in phrases.ending(words):
        n = len(phrase)
        if n <= len(words) and tuple(words[len(words) - n:]) == phrase:
            return phrase
    return None


def _starts_with(words: Sequence[str], phrases: _Phrases) -> tuple[str, ...] | None:
    """The first of `phrases` that the window `words` starts with."""
    for phrase in phrases.starting(words):
        if tuple(words[: len(phrase)]) == phrase:
            return phrase
    return None


# --- sessions ---------------------------------------------------------------------------

_LIST_BEFORE = re.compile(r"([A-Za-z][A-Za-z\-]*|\d{1,3}(?:st|nd|rd|th))(?:,? and |, | to | through |, and |-)$")
_SESSION_WORD = re.compile(r"^(?:(?:,? and |, | to | through |-)(?:[A-Za-z][A-Za-z\-]*|\d{1,3}(?:st|nd|rd|th)))*"
                           r"(?: (?:resumed|special|regular))? [Ss]essions?\b")
_OF_BODY = re.compile(r"^ of (?:the |its )?((?:[A-Z][\w’'\-]*|of|the|to|on|for|and)(?: (?:[A-Z][\w’'\-]*|of|the|to|on"
                      r"|for|and))*)")


def _is_ordinal(word: str) -> bool:
    return any(f(word) is not None for f in (ordinals.ordinal_value, ordinals.figures_value, ordinals.cardinal_value))


def _list_anchor(text: str, start: int) -> int:
    """Start of the first ordinal of a list ("the fourteenth, and sixteenth and eighteenth sessions")."""
    while True:
        match = _LIST_BEFORE.search(text, max(0, start - 200), start)
        if not match or not _is_ordinal(match.group(1)):
            return start
        start = match.start(1)


def _after_session(text: str, end: int) -> tuple[int, str]:
    """Position after "session(s)" and any "of the <Body>", and the body's name if given."""
    match = _SESSION_WORD.match(text[end:end + _REACH])
    if not match:
        return end, ""
    pos = end + match.end()
    body = _OF_BODY.match(text[pos:pos + _REACH])
    if body:
        return pos + body.end(), body.group(1)
    return pos, ""


_OTHER_SERIES = re.compile(r"\s+(?:emergency\s+)?special\s+sessions?\b", re.IGNORECASE)
_PLURAL = re.compile(r"\s+(?:\w+\s+)?sessions\b", re.IGNORECASE)


def regular_sessions(where: Block | Footnote) -> list[SessionToken]:
    """The session ordinals of a block that count the body's regular sessions: not "the fourth
    special session" or "tenth emergency special session" (a series of their own), not a count
    ("three special sessions", "two sessions")."""
    text = where.text
    found = []
    for token in (t for t in where.tokens if isinstance(t, SessionToken)):
        if _OTHER_SERIES.match(text, token.end):
            continue
        if token.style == "cardinal" and _PLURAL.match(text, token.end):
            continue
        found.append(token)
    return found


def within_session(block: Block | Footnote | str, token: Token) -> str | None:
    """The cue when a forward reference names a time within a session rather than a meeting to come
    ("until the end of its eightieth session", "during the", "at the resumed"): right when the
    session named is the current one, since a mandate can run for the rest of it. None otherwise."""
    text = _text_of(block)
    cues = _cues()
    before = _words(_clause_before(text, _list_anchor(text, token.start)))[-cues.window:]
    phrase = _ends_with(before, cues.current_before)
    return " ".join(phrase) if phrase else None


def mandate_for_current(reading: Reading) -> bool:
    """Whether a forward reading is a mandate to report or consider (its cue names one), which is
    stale even at a session that lasts a year; other cues may name a time within that session."""
    return any(word in _cues().current_mandate_words for word in reading.cue.lower().split())


def read_session(block: Block | Footnote | str, token: Token) -> Reading:
    """Decide whether a session ordinal is a mandate (forward), a fact (historical) or unknown."""
    text = _text_of(block)
    cues = _cues()
    anchor = _list_anchor(text, token.start)
    before = _words(_clause_before(text, anchor))[-cues.window:]
    if phrase := _ends_with(before, cues.forward_before):
        return Reading("forward", " ".join(phrase))
    if phrase := _ends_with(before, cues.historical_before):
        return Reading("historical", " ".join(phrase))
    pos, _ = _after_session(text, token.end)
    after = _words(_clause_after(text, pos))[:6]
    if phrase := _starts_with(after, cues.forward_after):
        return Reading("forward", " ".join(phrase))
    if phrase := _starts_with(after, cues.historical_after):
        return Reading("historical", " ".join(phrase))
    return _scan_back(before, cues)


def _scan_back(words: list[str], cues: _Cues) -> Reading:
    """The nearest verb cue before the reference decides."""
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        prev = words[i - 1] if i > 0 else ""
        prev2 = words[i - 2] if i > 1 else ""
        if word in cues.forward_words:
            return Reading("forward", word)
        if word == "be" and prev in cues.modals:
            return Reading("forward", f"{prev} be")
        if word in cues.infinitives and (prev == "to" or (prev in cues.adverbs and prev2 == "to")):
            return _infinitive(words, i - (1 if prev == "to" else 2), f"to {word}", cues)
        if word in cues.historical_words:
            if prev in ("be", "being") and prev2 in cues.modals:
                return Reading("forward", f"{prev2} be {word}")
            if prev == "been" and prev2 in ("have", "has") and i > 2 and words[i - 3] in cues.modals:
                return Reading("forward", f"{words[i - 3]} have been {word}")
            return Reading("historical", word)
        if word in cues.report_nouns and prev in cues.determiners:
            # "to submit a report to ...", "Requests an updated report at ...": a mandate;
            # "the report of the Bureau to the nineteenth session": a fact
            lookback = words[max(0, i - 6): i - 1]
            verb = next((w for w in reversed(lookback) if w in cues.report_verbs or w == "forward"), None)
            if verb is None:
                verb = next((w for w in reversed(words[max(0, i - 4): i - 1]) if w in cues.mandate_governors), None)
            if verb is not None:
                return Reading("forward", f"{verb} ... {word}")
            return Reading("historical", f"{prev} {word}")
    return _UNKNOWN


def _infinitive(words: list[str], to_index: int, cue: str, cues: _Cues) -> Reading:
    """An infinitive is a mandate, unless it completes a noun a backward-looking verb governs
    ("Recalls its decision to hold its twenty-first session")."""
    noun_at = None
    for j in range(to_index - 1, max(-1, to_index - 9), -1):
        if words[j] in cues.complement_nouns:
            noun_at = j
            break
        if words[j] in cues.mandate_governors or (words[j] in cues.infinitives and words[j - 1:j] == ["to"]):
            return Reading("forward", cue)
    if noun_at is None:
        return Reading("forward", cue)
    for j in range(noun_at - 1, -1, -1):
        if words[j] in cues.mandate_governors:
            return Reading("forward", f"{words[j]} ... {cue}")
        if words[j] in cues.historical_governors:
            return Reading("historical", f"{words[j]} ... {words[noun_at]} {cue}")
    return _UNKNOWN


def classify_session(block: Block | Footnote | str, token: Token) -> Direction:
    """"forward" | "historical" | "unknown" for a `SessionToken` of `block` (or of a text)."""
    return read_session(block, token).direction


# --- which body a session belongs to ------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _names_pattern(names: tuple[tuple[str, tuple[str, ...]], ...]) -> re.Pattern[str]:
    every = sorted({n for _, group in names for n in group}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in every) + r")\b")


@functools.lru_cache(maxsize=16)
def _owners_by_name(names: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, list[str]]:
    """The keys whose names include each lower-cased name, in the order of `names` (made once, not per ordinal)."""
    owners: dict[str, list[str]] = {}
    for key, group in names:
        for name in {n.lower() for n in group}:
            owners.setdefault(name, []).append(key)
    return owners


def session_body(block: Block | Footnote | str, token: Token, names: Mapping[str, Sequence[str]],
                 own: str | None = None) -> str | None:
    """Which body (a key of `names`) a session ordinal belongs to, or None when the text does not say.

    "... session of the Human Rights Council" names it after the ordinal; otherwise the body
    named last before the ordinal in the same clause ("the Assembly of States Parties ... to
    hold its twenty-fourth session"). A name shared by several bodies ("Assembly") counts
    as `own` when `own` is one of them.
    """
    text = _text_of(block)
    frozen = tuple((key, tuple(group)) for key, group in sorted(names.items()))
    pattern = _names_pattern(frozen)
    _, after_name = _after_session(text, token.end)
    found = ""
    if after_name:
        match = pattern.match(after_name)
        found = match.group(0) if match else after_name
    else:
        clause = _clause_before(text, token.start)
        for match in pattern.finditer(clause):
            found = match.group(0)
    if not found:
        return None
    folded = " ".join(found.split()).lower()
    owners = _owners_by_name(frozen).get(folded, [])
    if not owners:
        return "other"
    if own is not None and own in owners:
        return own
    return owners[0]


# --- years and dates --------------------------------------------------------------------

# _RANGE_AFTER and _ADJECTIVE_AFTER are matched at the year's end (`match(text, pos)`), never on a copy of the
# rest of the text: one copy per year made reading a long paragraph quadratic.
_RANGE_AFTER = re.compile(r"\s*(?:[-–—/]\s*\d{2,4}|to \d{4}|and \d{4})")
_RANGE_BEFORE = re.compile(r"(?:\d{4}\s*[-–—/]\s*|from \d{4} to |between \d{4} and |\d{4} and |\d{4}, )$")
_ADJECTIVE_AFTER = re.compile(r"[\s\u00a0]+(?!(?:and|or|to|for|at|in|on|by|the|with|as|when|which|that|onwards|"
                              r"through|until|of|under|is|was|will)\b)([A-Za-z][\w\-]*)")
_FOUR_DIGITS = re.compile(r"\d{4}")
_DEADLINES = _Phrases((("by",), ("before",), ("no", "later", "than"), ("not", "later", "than"), ("until",),
                      ("on", "or", "before"), ("by", "the", "end", "of")))


def read_year(block: Block | Footnote | str, token: Token) -> Reading:
    """Decide whether a year (or a date) is a plan or deadline (forward), a fact or unknown."""
    text = _text_of(block)
    cues = _cues()
    before = _words(_clause_before(text, token.start))[-(cues.year_window + 6):]
    if isinstance(token, DateToken):
        # dates are facts ("on 3 March 2019"), except deadlines ("by 1 March 2017")
        if phrase := _ends_with(before, _DEADLINES):
            return Reading("forward", " ".join(phrase))
        return Reading("historical", "date")
    if not isinstance(token, YearToken) or not _FOUR_DIGITS.fullmatch(token.text):
        return _UNKNOWN
    if _RANGE_AFTER.match(text, token.end) or _RANGE_BEFORE.search(text[max(0, token.start - 24):token.start]):
        return _UNKNOWN  # a period ("2015-2016", "from 2014 to 2016")
    if text.endswith("(", 0, token.start) or text.startswith(")", token.end):
        return _UNKNOWN  # "resolution 2118 (2013)"
    if before and before[-1] in cues.determiners and _ADJECTIVE_AFTER.match(text, token.end):
        return _UNKNOWN  # "the 2016 questionnaire", "the 2030 Agenda": a name, not a time
    if phrase := _ends_with(before, cues.year_historical_before):
        return Reading("historical", " ".join(phrase))
    if phrase := _ends_with(before, cues.year_forward_before):
        return Reading("forward", " ".join(phrase))
    if not before or before[-1] != "in":
        return _UNKNOWN
    words = before[:-1][-cues.year_window:]
    for i in range(len(words), 0, -1):
        head = words[:i]
        if phrase := _ends_with(head, cues.year_historical_verbs):
            if len(head) > len(phrase) + 1 and head[-len(phrase) - 1] == "be" and head[-len(phrase) - 2] in cues.modals:
                return Reading("forward", f"to be {' '.join(phrase)}")
            return Reading("historical", " ".join(phrase))
        if phrase := _ends_with(head, cues.year_forward_verbs):
            noun = len(head) > len(phrase) and head[-len(phrase) - 1] in cues.determiners and len(phrase) == 1
            if noun:
                continue  # "the launch in 2020 of ...": a noun, not a plan
            return Reading("forward", " ".join(phrase) + " ... in")
    if words and words[-1] in cues.year_forward_adverbs:
        return Reading("forward", f"{words[-1]} in")  # no past form before it (the loop above)
    return _UNKNOWN


def classify_year(block: Block | Footnote | str, token: Token) -> Direction:
    """"forward" | "historical" | "unknown" for a `YearToken` or `DateToken` of `block`."""
    return read_year(block, token).direction
