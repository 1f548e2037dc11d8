"""Forward references advance by the body's cycle (CO103 sessions, CO104 years, CO105 the coming
resolution, CO107 reporting periods, CO108 mandate dates of a body without sessions).

An ordinal later than the source's session names a session that had not met when
the text was adopted, so it moves on whatever the wording around it; a year later than
the year of adoption moves on unless `resdraft.temporal` reads it as a fact or a name.
The current session itself ("ahead of the eightieth session") is past by the time of
the next one and stays. A session of another body named in the clause ("the twenty-fifth session of the Assembly of
States Parties" in a GA text) moves by that body's own sessions per year.
"""

from __future__ import annotations

import re

from resdraft.carryover.model import Context, Proposal
from resdraft.lint.profiles import body_names, load_profile
from resdraft.model import Block, DateToken, SessionToken, SymbolToken, YearToken
from resdraft.ordinals import ordinal_like
from resdraft.temporal import classify_year, session_body

_SKIPPED = ("title", "other", "preamble-intro")
_NAME_AFTER = re.compile(r"[\s\u00a0]+[A-Z]")  # "the 2030 Agenda": a name, not a time (matched at the year's end)
_FOUR_DIGITS = re.compile(r"\d{4}")
_PERIOD = re.compile(r"(\d{4})([/\u2013-])(\d{2}|\d{4})")
_MANDATE_BEFORE = re.compile(r"(?:\buntil|\bthrough|\bexpires? on|\bending on|\buntil and including)\s+$",
                             re.IGNORECASE)


def infer_cycle(ctx: Context) -> tuple[int, str] | None:
    """The cycle told by the agenda paragraph ("provisional agenda of its eighty-second session": 2)."""
    if ctx.source is None or not ctx.profile.agenda:
        return None
    for block in ctx.resolution.by_kind("operative"):
        for token in block.tokens_of(SessionToken):
            if len(token.values) != 1 or token.misspelled:
                continue
            before = block.text[max(0, token.start - 80):token.start]
            if any(p.search(before) for p in ctx.profile.agenda):
                step = token.values[0] - ctx.source
                if 1 <= step <= 3:
                    return step, f"the agenda paragraph {block.label}"
    return None


def _years_per_cycle(ctx: Context) -> int:
    per_year = ctx.profile.body.sessions_per_year if ctx.profile.has_sessions else 1
    return max(1, ctx.cycle // max(1, per_year))


def _session_now(ctx: Context, owner: str) -> tuple[int, int] | None:
    """(the session at the time of the source, sessions to advance) for `owner`'s ordinals."""
    if owner == ctx.profile.key:
        return (ctx.source, ctx.cycle) if ctx.source is not None else None
    other = load_profile(owner)
    if not other.has_sessions or ctx.year is None:
        return None
    now = (ctx.year - other.first_year + 1) * other.sessions_per_year
    return now, _years_per_cycle(ctx) * other.sessions_per_year


def forward_proposals(ctx: Context) -> list[Proposal]:
    proposals: list[Proposal] = []
    names = body_names()
    for block in ctx.resolution.blocks:
        if block.kind in _SKIPPED:
            continue
        for token in block.tokens:
            if isinstance(token, SessionToken):
                proposals += _session(ctx, block, token, names)
            elif isinstance(token, YearToken):
                proposals += _year(ctx, block, token)
            elif isinstance(token, SymbolToken):
                proposals += _placeholder(ctx, block, token)
            elif isinstance(token, DateToken) and ctx.profile.mandate_dates:
                proposals += _mandate(ctx, block, token)
    return proposals


def _session(ctx: Context, block: Block, token: SessionToken, names: dict) -> list[Proposal]:
    if len(token.values) != 1 or token.misspelled:
        return []
    owner = session_body(block, token, names, own=ctx.profile.key) or ctx.profile.key
    if owner == "other":  # "session of the expenses ...": not a body's name; read the clause before only
        owner = session_body(block.text[:token.end], token, names, own=ctx.profile.key) or ctx.profile.key
    if owner == "other":
        return []
    state = _session_now(ctx, owner)
    if state is None:
        return []
    now, step = state
    value = token.values[0]
    # a session after the source's own had not met when the text was adopted: whatever the wording around
    # it ("a report on its activities ..., for consideration ... at its eighty-first session"), it is forward
    if not now < value <= now + 3 * step:
        return []
    whose = "" if owner == ctx.profile.key else f" of the {load_profile(owner).title}"
    new = ordinal_like(value + step, token.style, token.text)
    return [Proposal(block.label, token.start, token.end, token.text, new, "CO103",
                     f"a future session{whose}: advanced by {step} (the cycle)")]


def _year(ctx: Context, block: Block, token: YearToken) -> list[Proposal]:
    if ctx.year is None or not 1900 < token.value < 2200:
        return []
    years = _years_per_cycle(ctx)
    if "/" in token.text:
        return _period(ctx, block, token, years)
    if not _FOUR_DIGITS.fullmatch(token.text) or block.text.endswith("(", 0, token.start):
        return []
    direction = classify_year(block, token)
    if direction == "historical" or token.value < ctx.year:
        return []
    soon = ctx.year < token.value <= ctx.year + 2 * years and not _NAME_AFTER.match(block.text, token.end)
    if direction != "forward" and not soon:
        return []
    return [Proposal(block.label, token.start, token.end, token.text, str(token.value + years), "CO104",
                     f"a future year: advanced by {years}")]


def _period(ctx: Context, block: Block, token: YearToken, years: int) -> list[Proposal]:
    """"2024/25" -> "2025/26": a reporting period of the body's yearly cycle."""
    match = _PERIOD.fullmatch(token.text)
    assert ctx.year is not None
    if match is None or not ctx.year - 1 <= int(match.group(1)) <= ctx.year + years:
        return []
    first = int(match.group(1)) + years
    second = str(int(match.group(3)) + years)[-len(match.group(3)):]
    new = f"{first}{match.group(2)}{second}"
    return [Proposal(block.label, token.start, token.end, token.text, new, "CO107",
                     f"a reporting period of the yearly cycle: advanced by {years}")]


def _placeholder(ctx: Context, block: Block, token: SymbolToken) -> list[Proposal]:
    if ctx.source is None or token.session != ctx.source or not token.number.startswith("["):
        return []
    new = token.text.replace(f"/{ctx.source}/", f"/{ctx.target}/", 1)
    if new == token.text:
        return []
    return [Proposal(block.label, token.start, token.end, token.text, new, "CO105",
                     "the resolution of the coming session, still unnumbered")]


def _mandate(ctx: Context, block: Block, token: DateToken) -> list[Proposal]:
    """"until 31 December 2025" in a body without sessions: the renewal moves it on, a person checks."""
    if ctx.year is None or token.year < ctx.year or not _MANDATE_BEFORE.search(block.text[:token.start]):
        return []
    years = _years_per_cycle(ctx)
    new = token.text.replace(str(token.year), str(token.year + years))
    return [Proposal(block.label, token.start, token.end, token.text, new, "CO108",
                     f"a mandate or expiry date: moved by {years} year(s) as a renewal would; check the "
                     f"period the Council decides")]
