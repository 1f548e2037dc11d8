"""Stale forward references: mandates that point at a session or a year that is not ahead.

The forward/historical decision is `resdraft.temporal`'s; these rules only
compare what it calls forward with the session the text is for. Sessions of
another body ("the General Assembly at its eightieth session" in an ASP text)
are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from resdraft import ordinals
from resdraft.lint.engine import Doc, Hit, rule
from resdraft.lint.profiles import body_names, symbol_owner
from resdraft.model import CrossRefToken, DateToken, SessionToken, YearToken
from resdraft.temporal import (
    mandate_for_current,
    read_session,
    read_year,
    regular_sessions,
    session_body,
    within_session,
)

#: A mandate left behind by a missed carry-over names the current session or one just before it.
#: A "forward" reference much further back is about something else (usually another body's
#: session that the clause does not name), so it is not flagged.
STALE_WINDOW = 3

_MONTHS = {m: i for i, m in enumerate(("January", "February", "March", "April", "May", "June", "July", "August",
                                        "September", "October", "November", "December"), start=1)}


@rule("RD100")
def session_context(doc: Doc) -> Iterator[Hit]:
    """Say once when the session is unknown (stale checks skipped) or was only assumed."""
    if not doc.profile.has_sessions or not doc.blocks:
        return
    first = doc.blocks[0]
    if doc.context.session is None:
        skipped = "stale-session checks were" if doc.context.year is not None else \
            "stale-session and stale-year checks were"
        yield Hit(first, 0, 0, f"the session this text is for is not known, so {skipped} skipped: pass --session N "
                               "(or set session in [tool.resdraft])")
    elif doc.context.session_source == "symbols":
        yield Hit(first, 0, 0, f"assuming this text is for the {ordinals.ordinal_words(doc.context.session)} session "
                               "(from the resolutions it cites and the sessions its mandates name): pass --session N "
                               "to be sure")


def _own_session(doc: Doc, where, token: SessionToken) -> bool:  # type: ignore[no-untyped-def]
    owner = session_body(where, token, body_names(), own=doc.profile.key)
    return owner is None or owner == doc.profile.key


def match_case(word: str, like: str) -> str:
    """`word` with the capitalisation of `like` ("Sixteenth" for "Fifteenth")."""
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def ordinal_like(value: int, like: SessionToken) -> str:
    """The ordinal `value` written the way the token writes its own (words or figures, case)."""
    return ordinals.ordinal_like(value, like.style, like.text)


@rule("RD101")
def stale_session(doc: Doc) -> Iterator[Hit]:
    """A mandate ("report ... at its X session") naming a session that is not after the current one."""
    current = doc.context.session
    if current is None or not doc.profile.has_sessions:
        return
    latest_stale = current if doc.profile.stale_at_current else current - 1
    lasts = doc.profile.current_lasts
    for block in doc.text_blocks:
        if "session" not in block.text:
            continue
        for token in regular_sessions(block):
            if len(token.values) != 1 or not current - STALE_WINDOW <= token.values[0] <= latest_stale:
                continue
            value = token.values[0]
            if value == current and lasts and block.kind == "preambular":
                continue  # a preambular paragraph adopted during a year-long session tells of that session
            reading = read_session(block, token)
            if reading.direction != "forward" or not _own_session(doc, block, token):
                continue
            if value == current and lasts and (within_session(block, token) or not mandate_for_current(reading)):
                continue  # "until the end of its eightieth session": a time within the session in progress
            when = "the current session" if value == current else "a past session"
            yield Hit(block, token.start, token.end,
                      f"forward reference to the {ordinals.ordinal_words(value)} session (\"{reading.cue}\"), "
                      f"but this text is for the {ordinals.ordinal_words(current)} session: a mandate cannot "
                      f"point at {when}", fix=ordinal_like(current + 1, token), safe=False)


_PURSUANT = re.compile(r"(?i)\b(?:submitted |presented )?(?:pursuant to|in accordance with|as requested in|"
                       r"requested in|in response to)\s*$")


@rule("RD102")
def outdated_mandate_source(doc: Doc) -> Iterator[Hit]:
    """"the report ..., submitted pursuant to paragraph P of resolution ICC-ASP/N-2/Res.k" in a text for N.

    Carrying a text over moves this citation to the resolution being carried
    over (session N-1); one session behind it is the classic missed update.
    """
    current = doc.context.session
    if current is None or not doc.profile.has_sessions:
        return
    for block in doc.main_blocks:
        if block.kind != "preambular":
            continue
        for xref in block.tokens_of(CrossRefToken):
            symbol = xref.resolution
            if symbol is None or symbol.session is None or symbol.problems:
                continue
            if symbol_owner(symbol.body) != doc.profile.key or symbol.doc_kind not in doc.profile.resolution_kinds:
                continue
            before = block.text[: xref.start]
            if not _PURSUANT.search(before) or not re.search(r"(?i)\breports?\b", before):
                continue
            if symbol.session == current - 2:
                yield Hit(block, symbol.start, symbol.end,
                          f"this year's report is cited as requested by {symbol.text}, a resolution of the "
                          f"{ordinals.ordinal_words(symbol.session)} session; a text for the "
                          f"{ordinals.ordinal_words(current)} session normally cites the resolution of the "
                          f"{ordinals.ordinal_words(current - 1)} session that requested it (and its paragraph)")


@rule("RD110")
def stale_year(doc: Doc) -> Iterator[Hit]:
    """A plan or deadline ("launch in 2020", "by 1 March 2020") not after the year the text is adopted in."""
    year = doc.context.session_year
    if year is None:
        return
    month = doc.profile.month
    for block in doc.text_blocks:
        for token in block.tokens:
            if isinstance(token, YearToken):
                if len(token.text) != 4 or token.value > year or token.value < 1900:
                    continue
                reading = read_year(block, token)
                if reading.direction != "forward":
                    continue
                yield Hit(block, token.start, token.end,
                          f"forward-looking year {token.value} (\"{reading.cue}\") is not after {year}, the year "
                          f"this text is adopted in", fix=str(year + 1), safe=False)
            elif isinstance(token, DateToken):
                if (token.year, _MONTHS.get(token.month, 12)) >= (year, month):
                    continue
                reading = read_year(block, token)
                if reading.direction != "forward":
                    continue
                yield Hit(block, token.start, token.end,
                          f"deadline {token.text} (\"{reading.cue}\") falls before the session of {year} adopts "
                          "this text")
