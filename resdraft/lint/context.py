"""The context a text is linted in: its body, session and year, and the library.

When `--session` is not given, the session is read from the text when it says
so without ambiguity (the symbol of an adopted text "Resolution
ICC-ASP/16/Res.6", "80/6." in a GA title, "Draft resolution ... for the
fifteenth session", a masthead "Eightieth session"); failing that, it is
assumed to follow the latest own-body resolution the text cites, and a
`session-context` info finding says so. With no session at all, stale checks
are skipped and the same info says why.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from resdraft.lint.library import LibraryLookup
from resdraft.lint.profiles import (
    DEFAULT_BODY,
    Profile,
    available_bodies,
    body_from_intro,
    body_in_text,
    load_profile,
    symbol_owner,
)
from resdraft.model import Resolution, SessionToken, SymbolToken
from resdraft.temporal import regular_sessions


@dataclass
class LintContext:
    """What a text is for. `session_source` says where the session came from:
    "option" (given), "year" (from --year, for bodies with one session a year), "title" (read
    from the text), "symbols" (assumed from its citations and mandates) or "" (unknown)."""

    session: int | None = None
    body: str | None = None
    year: int | None = None
    library: LibraryLookup | None = None
    session_source: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def profile(self) -> Profile:
        return load_profile(self.body or DEFAULT_BODY)

    @property
    def session_year(self) -> int | None:
        """The year the text is adopted in: --year, else the profile's year of the session."""
        return self.year if self.year is not None else self.profile.year_of(self.session)


def complete_context(resolution: Resolution, given: LintContext | None) -> LintContext:
    """Fill in what the caller left open: body from the intro line, session from the text."""
    context = LintContext() if given is None else LintContext(
        session=given.session, body=given.body, year=given.year, library=given.library,
        session_source=given.session_source or ("option" if given.session is not None else ""))
    if context.body is None:
        context.body = body_from_resolution(resolution) or DEFAULT_BODY
    profile = context.profile
    if context.session is None and context.year is not None and profile.sessions_per_year == 1:
        context.session, context.session_source = context.year - profile.first_year + 1, "year"
    if context.session is None and profile.has_sessions:
        session = session_from_title(resolution, profile)
        if session is not None:
            context.session, context.session_source = session, "title"
        else:
            session = session_from_citations(resolution, profile)
            if session is not None:
                context.session, context.session_source = session, "symbols"
    return context


def body_from_resolution(resolution: Resolution) -> str | None:
    """The body a text is by: its opening line ("The General Assembly,"), else that line or the
    symbol of the text itself somewhere in the front matter (extractions merge lines)."""
    intro = next((b for b in resolution.blocks if b.kind == "preamble-intro"), None)
    if intro is not None:
        return body_from_intro(intro.text)
    front = []
    for block in resolution.blocks:
        if block.kind in ("preambular", "operative"):
            break
        front.append(block)
    for block in front:
        if found := body_in_text(block.text):
            return found
    for block in front:
        if found := body_in_committee_line(block.text):
            return found
    for block in front:
        for token in block.tokens_of(SymbolToken):
            if token.doc_kind in ("Res", "RES") and not token.problems and symbol_owner(token.body):
                return symbol_owner(token.body)
    return None


def body_in_committee_line(text: str) -> str | None:
    """The body a Model UN header names ("Committee: United Nations General Assembly (UNGA)"), when
    it is one of the profiles' titles or names."""
    match = re.match(r"(?i)\s*(?:committee|organ|body|forum)\s*:\s*(?:the\s+)?(.+?)\s*(?:\(.*\))?\s*$", text)
    if not match:
        return None
    named = match.group(1).lower()
    for key in available_bodies():
        profile = load_profile(key)
        if named == profile.title.lower() or named in (n.lower() for n in profile.intro) or \
                any(named == n.lower() for n in profile.names if " " in n):
            return key
    return None


def session_from_title(resolution: Resolution, profile: Profile) -> int | None:
    """The session the front matter names, when every mention agrees."""
    found: set[int] = set()
    for block in resolution.blocks:
        if block.kind == "preamble-intro":
            break
        if block.kind not in ("title", "other", "heading"):
            continue
        regular = {id(t) for t in regular_sessions(block)}
        for token in block.tokens:
            if isinstance(token, SessionToken) and id(token) not in regular:
                continue  # "the fourth special session": a series of its own
            if isinstance(token, SymbolToken) and token.session and not token.problems \
                    and symbol_owner(token.body) == profile.key and token.doc_kind in ("Res", "RES", "Dec", "L", "DEC"):
                found.add(token.session)
            elif isinstance(token, SessionToken) and len(token.values) == 1 and not token.misspelled:
                found.add(token.values[0])
    return found.pop() if len(found) == 1 else None


def session_from_citations(resolution: Resolution, profile: Profile) -> int | None:
    """One after the latest own-body resolution cited, when no cited document contradicts it,
    checked against the mandates: when most forward references (two or more) would be stale
    under that guess, the text cites a resolution of its own session, and the session is the one
    before the session most mandates name."""
    latest_resolution = 0
    latest_document = 0
    for block in resolution.blocks:
        for token in block.tokens_of(SymbolToken):
            if token.problems or not token.session or symbol_owner(token.body) != profile.key:
                continue
            if token.doc_kind in profile.resolution_kinds or token.doc_kind in ("Res", "RES"):
                latest_resolution = max(latest_resolution, token.session)
            else:
                latest_document = max(latest_document, token.session)
    if not latest_resolution or latest_document > latest_resolution + 1:
        return None
    guess = latest_resolution + 1
    forward = _forward_sessions(resolution, profile)
    stale = [value for value in forward if value <= guess]
    if len(forward) >= 2 and len(stale) * 2 > len(forward):
        return Counter(forward).most_common(1)[0][0] - 1
    return guess


def _forward_sessions(resolution: Resolution, profile: Profile) -> list[int]:
    """The sessions that the text's mandates name (its own body's, read as forward)."""
    from resdraft.lint.profiles import body_names
    from resdraft.temporal import classify_session, session_body

    found = []
    for block in resolution.blocks:
        if block.kind in ("title", "heading", "other", "preamble-intro"):
            continue
        for token in regular_sessions(block):
            if len(token.values) != 1 or token.misspelled:
                continue
            if session_body(block, token, body_names(), own=profile.key) not in (None, profile.key):
                continue
            if classify_session(block, token) == "forward":
                found.append(token.values[0])
    return found
