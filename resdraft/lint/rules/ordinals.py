"""Session ordinals: misspelled ("seventeen session"), impossible ("21th"), or in figures where
the house style spells them out ("18th session")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from resdraft import ordinals
from resdraft.lint.engine import Doc, Hit, rule, tokens_of
from resdraft.lint.rules.temporal import match_case, ordinal_like
from resdraft.model import SessionToken
from resdraft.temporal import regular_sessions

_FIGURES = re.compile(r"^(\d{1,3})(st|nd|rd|th)$", re.IGNORECASE)


def _wrong_suffix(token: SessionToken) -> bool:
    match = _FIGURES.match(token.text)
    return bool(match) and match.group(2).lower() != ordinals.ordinal_suffix(int(match.group(1)))


@rule("RD501")
def misspelled_ordinal(doc: Doc) -> Iterator[Hit]:
    """An ordinal spelled wrong, or a cardinal where the ordinal belongs ("at its seventeen session")."""
    for where in doc.where_with(SessionToken):
        for token in regular_sessions(where):
            if not token.misspelled or len(token.values) != 1 or token.values[0] < 1:
                continue
            right = match_case(ordinals.ordinal_words(token.values[0]), token.text)
            if right == token.text:
                continue
            kind = "a cardinal number" if token.style == "cardinal" else "a misspelled ordinal"
            yield Hit(where, token.start, token.end, f"{token.text!r} is {kind}: write {right!r}",
                      fix=right, safe=token.style == "cardinal")


@rule("RD502")
def impossible_ordinal(doc: Doc) -> Iterator[Hit]:
    """An ordinal in figures with the wrong ending ("21th", "12nd"), or a session numbered 0."""
    words = doc.profile.session_ordinals == "words"
    for where in doc.where_with(SessionToken):
        for token in tokens_of(where, SessionToken):
            if len(token.values) != 1:
                continue
            value = token.values[0]
            if token.style == "figures" and _wrong_suffix(token) and value > 0:
                right = ordinal_like(value, SessionToken("session", token.text, 0, 0, style="words")) if words \
                    else ordinals.ordinal_figures(value)
                yield Hit(where, token.start, token.end, f"{token.text!r} is not an ordinal: write {right!r}",
                          fix=right, safe=True)
            elif value == 0:
                yield Hit(where, token.start, token.end, f"{token.text!r}: there is no session 0")


@rule("RD503")
def ordinal_in_figures(doc: Doc) -> Iterator[Hit]:
    """"18th session" where the body's style spells session ordinals out ("eighteenth session")."""
    if doc.profile.session_ordinals != "words":
        return
    for where in doc.where_with(SessionToken):
        for token in tokens_of(where, SessionToken):
            if token.style != "figures" or len(token.values) != 1 or _wrong_suffix(token):
                continue
            value = token.values[0]
            if not 0 < value < 100:
                continue
            right = match_case(ordinals.ordinal_words(value), token.text)
            yield Hit(where, token.start, token.end, f"session ordinals are spelled out: write {right!r}",
                      fix=right, safe=True)
