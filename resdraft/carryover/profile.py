"""The carry-over section of a body profile (`[carryover]` in `rules/bodies/*.toml`), checked on load.

What a carry-over must know about a body is data: how it cites its own
resolutions ("80/4 of 29 October 2025", "ICC-ASP/21/Res.3", "2139 (2014)"),
how its adoption line reads, how often an item comes back (its cycle) and
which paragraph puts the item on a future agenda. A broken entry is reported
with the file and the key, so a profile author can fix it without reading code.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from resdraft.errors import ProfileError
from resdraft.lint.profiles import Profile, available_bodies, body_from_intro, load_profile
from resdraft.resources import load_toml
from resdraft.symbols import short_symbol_prefix


@dataclass(frozen=True)
class CarryProfile:
    """Everything carry-over reads from one body profile."""

    body: Profile
    symbol: re.Pattern[str]
    citation: str
    dated_citation: str
    placeholder: str
    chain_bodies: tuple[re.Pattern[str], ...]
    chain_kinds: tuple[str, ...]
    chain_window: int
    cycle: int
    agenda: tuple[re.Pattern[str], ...]
    adoption: tuple[re.Pattern[str], ...]
    document_bodies: tuple[re.Pattern[str], ...]
    mandate_dates: bool

    @property
    def key(self) -> str:
        return self.body.key

    @property
    def has_sessions(self) -> bool:
        return self.body.has_sessions

    def cite(self, session: int | None, number: str, year: int | None, date: str | None = None) -> str:
        """The body's own citation of a resolution, with its adoption date when known."""
        plain = self.citation.format(session=session, number=number, year=year)
        return self.dated_citation.format(citation=plain, date=date) if date else plain

    def owns_item(self, body: str, kind: str) -> bool:
        """True for a symbol that can be an item of the body's list of earlier resolutions."""
        return kind in self.chain_kinds and any(p.fullmatch(body) for p in self.chain_bodies)

    def owns_document(self, body: str) -> bool:
        return any(p.fullmatch(body) for p in self.document_bodies)


_STRING_KEYS = ("symbol", "citation", "dated_citation", "placeholder")
_LIST_KEYS = ("chain_bodies", "chain_kinds", "agenda", "adoption", "document_bodies")


def _pattern(where: str, key: str, text: object) -> re.Pattern[str]:
    if not isinstance(text, str):
        raise ProfileError(f"{where}: [carryover] {key}: expected a string, got {text!r}")
    try:
        return re.compile(text)
    except re.error as exc:
        raise ProfileError(f"{where}: [carryover] {key}: not a regular expression ({exc})") from None


@functools.cache
def load_carry_profile(key: str) -> CarryProfile:
    """The carry-over view of profile `key`; a usage error names the profiles available."""
    body = load_profile(key)  # unknown key -> UsageError naming the profiles
    where = f"rules/bodies/{key}.toml"
    data = load_toml(f"bodies/{key}.toml").get("carryover")
    if not isinstance(data, dict):
        raise ProfileError(f"{where}: no [carryover] section")
    for name in _STRING_KEYS:
        if not isinstance(data.get(name), str) or not data[name]:
            raise ProfileError(f"{where}: [carryover] {name}: missing or not a string")
    for name in _LIST_KEYS:
        if not isinstance(data.get(name), list):
            raise ProfileError(f"{where}: [carryover] {name}: missing or not a list")
    for name in ("chain_window", "cycle"):
        value = data.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 10:
            raise ProfileError(f"{where}: [carryover] {name}: expected a whole number from 1 to 10")
    if not isinstance(data.get("mandate_dates"), bool):
        raise ProfileError(f"{where}: [carryover] mandate_dates: expected true or false")
    symbol = _pattern(where, "symbol", data["symbol"])
    if "number" not in symbol.groupindex or not ({"session", "year"} & set(symbol.groupindex)):
        raise ProfileError(f"{where}: [carryover] symbol: needs the groups (?P<number>) and (?P<session>) "
                           f"or (?P<year>)")
    try:
        sample = data["citation"].format(session=1, number="1", year=2000)
        data["dated_citation"].format(citation=sample, date="1 January 2000")
        data["placeholder"].format(session=1, year=2000)
    except (KeyError, IndexError, ValueError) as exc:
        raise ProfileError(f"{where}: [carryover] citation: unknown field {exc} (use {{session}}, {{number}}, "
                           f"{{year}}, {{citation}}, {{date}})") from None
    for name in ("adoption",):
        for index, text in enumerate(data[name]):
            if "date" not in _pattern(where, f"{name}[{index}]", text).groupindex:
                raise ProfileError(f"{where}: [carryover] {name}[{index}]: needs a (?P<date>...) group")
    return CarryProfile(
        body=body,
        symbol=symbol,
        citation=data["citation"],
        dated_citation=data["dated_citation"],
        placeholder=data["placeholder"],
        chain_bodies=tuple(_pattern(where, f"chain_bodies[{i}]", t) for i, t in enumerate(data["chain_bodies"])),
        chain_kinds=tuple(str(k) for k in data["chain_kinds"]),
        chain_window=data["chain_window"],
        cycle=data["cycle"],
        agenda=tuple(_pattern(where, f"agenda[{i}]", t) for i, t in enumerate(data["agenda"])),
        adoption=tuple(_pattern(where, f"adoption[{i}]", t) for i, t in enumerate(data["adoption"])),
        document_bodies=tuple(_pattern(where, f"document_bodies[{i}]", t)
                              for i, t in enumerate(data["document_bodies"])),
        mandate_dates=data["mandate_dates"],
    )


def bodies_for_symbol(symbol: str) -> list[str]:
    """The profiles whose own-symbol pattern reads `symbol` ("A/RES/80/4" -> un-ga)."""
    return [key for key in available_bodies() if load_carry_profile(key).symbol.fullmatch(symbol)]


def choose_body(symbol: str | None, intro: str | None) -> str | None:
    """The body a source belongs to: its opening line ("The Human Rights Council,") when it names one,
    else its symbol when only one profile reads it (short forms such as "58/12" are shared)."""
    by_intro = body_from_intro(intro) if intro else None
    if by_intro is not None or not symbol:
        return by_intro
    found = bodies_for_symbol(symbol)
    return found[0] if len(found) == 1 else None


def read_own_symbol(profile: CarryProfile, symbol: str) -> re.Match[str] | None:
    """The source's symbol in the profile's form; a short form read as a GA symbol ("A/RES/58/12" for a
    Council text titled "58/12") is tried without its prefix."""
    text = " ".join(symbol.split())
    body, kind = short_symbol_prefix()
    return profile.symbol.fullmatch(text) or profile.symbol.fullmatch(text.removeprefix(f"{body}/{kind}/"))
