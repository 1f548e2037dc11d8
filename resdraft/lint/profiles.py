"""Body profiles (`rules/bodies/*.toml`): how a body numbers sessions, names itself and cites.

A profile answers the questions rules must not hard-code: which year session N
falls in (ASP: 2001 + N; GA: 1945 + N; HRC: 2006 + floor((N - 1) / 3)),
which symbols are the body's own (so ASP-only checks leave `A/RES/...`
alone), and which extra openers and verbs it uses.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from resdraft.errors import UsageError
from resdraft.resources import data_dir, load_toml

DEFAULT_BODY = "icc-asp"

#: The allowed values of the profile keys that name a house style.
STYLE_CHOICES: dict[str, tuple[str, ...]] = {
    "session_ordinals": ("words", "figures"),
    "later_verbs": ("italic", "upright", "mixed"),
}


@dataclass(frozen=True)
class Profile:
    key: str
    title: str
    names: tuple[str, ...]
    intro: tuple[str, ...]
    symbol_bodies: tuple[str, ...]
    session_kind: str  # "yearly" | "none"
    first_year: int
    sessions_per_year: int
    month: int
    max_session: int
    session_ordinals: str  # "words" | "figures"
    citation_gaps: bool
    resolution_kinds: tuple[str, ...]
    stale_at_current: bool
    openers: tuple[str, ...]
    verbs: tuple[str, ...]
    current_lasts: bool = False  # a session lasts long enough that a time within it can be named
    later_verbs: str = "mixed"  # "italic" | "upright" | "mixed": the type of later verbs in a paragraph

    @property
    def has_sessions(self) -> bool:
        return self.session_kind != "none" and self.sessions_per_year > 0

    def year_of(self, session: int | None) -> int | None:
        """The year session `session` meets in (None for bodies without sessions)."""
        if session is None or not self.has_sessions or session < 1:
            return None
        return self.first_year + (session - 1) // self.sessions_per_year

    def owns_symbol_body(self, body: str) -> bool:
        """True when a symbol's body part (`ICC-ASP`, `A/C.3`) belongs to this body and to no
        body with a longer matching prefix (`A/HRC` is the Council's, not the GA's)."""
        return symbol_owner(body) == self.key

    @functools.cached_property
    def extra_lead(self) -> re.Pattern[str] | None:
        """Openers and verbs of this profile beyond rules/vocabulary.toml."""
        # longest first, ties alphabetically: the same pattern text in every run (resdraft/regexcache.py)
        words = sorted({w for w in (*self.openers, *self.verbs) if w.strip()}, key=lambda w: (-len(w), w))
        if not words:
            return None
        return re.compile("(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")(?![\w-])",
                          re.IGNORECASE)


def available_bodies() -> list[str]:
    return sorted(p.stem for p in (data_dir("rules") / "bodies").glob("*.toml"))


@functools.cache
def load_profile(key: str) -> Profile:
    """The profile `key` (e.g. "icc-asp"); a usage error names the ones available."""
    if key not in available_bodies():
        raise UsageError(f"unknown body {key!r} (available: {', '.join(available_bodies())})")
    data = load_toml(f"bodies/{key}.toml")
    sessions = data.get("sessions", {})
    style = data.get("style", {})
    vocab = data.get("vocabulary", {})
    for name, choices in STYLE_CHOICES.items():
        value = style.get(name, choices[0] if name == "session_ordinals" else "mixed")
        if value not in choices:
            raise UsageError(f"rules/bodies/{key}.toml: [style] {name} must be one of {', '.join(choices)}, "
                             f"not {value!r}")
    return Profile(
        key=key,
        title=data.get("title", key),
        names=tuple(data.get("names", [])),
        intro=tuple(data.get("intro", [])),
        symbol_bodies=tuple(data.get("symbol_bodies", [])),
        session_kind=sessions.get("kind", "yearly"),
        first_year=int(sessions.get("first_year", 0)),
        sessions_per_year=int(sessions.get("sessions_per_year", 1)),
        month=int(sessions.get("month", 1)),
        max_session=int(sessions.get("max_session", 0)),
        session_ordinals=style.get("session_ordinals", "words"),
        citation_gaps=bool(style.get("citation_gaps", False)),
        resolution_kinds=tuple(style.get("resolution_kinds", [])),
        stale_at_current=bool(sessions.get("stale_at_current", True)),
        openers=tuple(vocab.get("openers", [])),
        verbs=tuple(vocab.get("verbs", [])),
        later_verbs=style.get("later_verbs", "mixed"),
        current_lasts=bool(sessions.get("current_lasts", False)),
    )


@functools.cache
def body_names() -> dict[str, tuple[str, ...]]:
    """Every profile's names, for telling which body a session ordinal belongs to."""
    return {key: load_profile(key).names for key in available_bodies()}


@functools.cache
def _symbol_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((key, re.compile(pattern)) for key in available_bodies()
                 for pattern in load_profile(key).symbol_bodies)


@functools.cache
def symbol_owner(body: str) -> str | None:
    """The profile one of whose `symbol_bodies` patterns matches a symbol's body part exactly
    ("A" and "A/C.3" are the GA's, "A/HRC" the Council's, "A/AC.105" nobody's)."""
    for key, pattern in _symbol_patterns():
        if pattern.fullmatch(body):
            return key
    return None


def body_from_intro(intro_text: str) -> str | None:
    """Guess the body from the text's opening line ("The General Assembly,")."""
    folded = " ".join(intro_text.split()).rstrip(",.;:").lower()
    folded = re.sub(r"^the united nations (?=general assembly|security council|human rights council)", "the ", folded)
    for key in available_bodies():
        if any(folded.startswith(i.lower()) for i in load_profile(key).intro):
            return key
    return None


def body_in_text(text: str) -> str | None:
    """The body whose opening line ("The General Assembly,") stands somewhere in `text`, followed by a comma."""
    for key in available_bodies():
        for intro in load_profile(key).intro:
            if re.search(rf"(?:^|\s){re.escape(intro)},", text):
                return key
    return None
