"""Plan a carry-over: the source's body, session and cycle, then every proposal in document order."""

from __future__ import annotations

from pathlib import Path

from resdraft.carryover.adoption import adoption_date, read_adopted
from resdraft.carryover.chain import join_proposals, previous_resolution, series_lists
from resdraft.carryover.codes import selected_codes
from resdraft.carryover.forward import forward_proposals, infer_cycle
from resdraft.carryover.model import CarryOver, Context, Proposal
from resdraft.carryover.profile import CarryProfile, choose_body, load_carry_profile, read_own_symbol
from resdraft.carryover.references import reference_proposals
from resdraft.carryover.review import review_proposals
from resdraft.errors import UsageError
from resdraft.gcpause import collector_paused
from resdraft.lint.library import Library, title_symbol
from resdraft.lint.profiles import available_bodies
from resdraft.model import Resolution
from resdraft.ordinals import ordinal_words
from resdraft.plan import PlanBuilder


@collector_paused()  # tens of thousands of proposals on a long draft, none in a cycle: see gcpause
def plan_carry_over(
    resolution: Resolution,
    *,
    to_session: int | None = None,
    symbol: str | None = None,
    year: int | None = None,
    library: Path | None = None,
    body: str | None = None,
    adopted: str | None = None,
    cycle: int | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> CarryOver:
    """All proposals that turn the adopted text into next cycle's draft."""
    notes: list[str] = []
    found = symbol or title_symbol(resolution)
    intro = next((b.text for b in resolution.blocks if b.kind == "preamble-intro"), None)
    key = body or choose_body(found, intro)
    if key is None:
        raise UsageError(f"cannot tell which body adopted the source: give --body (profiles: "
                         f"{', '.join(available_bodies())})")
    profile = load_carry_profile(key)
    session, number, symbol_year = _read_symbol(profile, found, given=symbol is not None, notes=notes)
    if cycle is not None and not 1 <= cycle <= 10:
        raise UsageError(f"--cycle {cycle}: give a number of sessions from 1 to 10")
    if session is None and profile.has_sessions:
        if to_session is None:
            raise UsageError("the session of the source cannot be told: give --symbol (e.g. "
                             f"{profile.placeholder.format(session=80, year=2025)}) or --to-session")
        session = to_session - (cycle or profile.cycle)
    dated = read_adopted(adopted) if adopted else adoption_date(resolution, profile)
    if not profile.has_sessions and year is None and symbol_year is None and dated is None:
        raise UsageError(f"the year of the source cannot be told: give --symbol (e.g. "
                         f"{profile.cite(None, '2139', 2014)}), --year or --adopted")
    the_year = year or profile.body.year_of(session) or symbol_year or (int(dated[-4:]) if dated else None)
    ctx = Context(resolution, profile, session if profile.has_sessions else None, number, the_year,
                  cycle or profile.cycle, dated)
    ctx.cycle, cycle_from = _cycle(ctx, cycle, to_session, notes)
    if found is None:
        notes.append(f"the source names no symbol and --symbol was not given: using the placeholder "
                     f"{ctx.citation(dated=False)}")
    own = ctx.citation(dated=False)
    result = CarryOver(ctx.source, ctx.target, found or own, body=key, cycle=ctx.cycle, cycle_from=cycle_from,
                       adopted=dated)
    lists = series_lists(ctx)
    earlier = Library(Path(library)) if library else None
    proposals: list[Proposal] = []
    proposals += join_proposals(lists, ctx, own)
    proposals += reference_proposals(ctx, own, previous_resolution(lists, ctx), lists, earlier)
    proposals += forward_proposals(ctx)
    proposals += review_proposals(ctx)
    chosen = selected_codes(select, ignore)
    result.proposals = _without_overlaps(resolution, [p for p in proposals if p.code in chosen])
    if "CO208" not in chosen:
        result.link_note = None
    result.notes = notes
    result.not_done = _not_done(ctx, lists, result)
    return result


def _read_symbol(profile: CarryProfile, symbol: str | None, *, given: bool,
                 notes: list[str]) -> tuple[int | None, str, int | None]:
    """(session, number, year) of the source's own symbol in the profile's form."""
    if symbol is None:
        return None, "[...]", None
    match = read_own_symbol(profile, symbol)
    if match is None:
        if given:
            raise UsageError(f"--symbol {symbol!r} is not a resolution symbol of the {profile.body.title} "
                             f"(for example {profile.cite(80, '4', 2025)})")
        notes.append(f"the title's symbol {symbol} is not a resolution of the {profile.body.title}: "
                     f"its number is left as a placeholder")
        return None, "[...]", None
    groups = match.groupdict()
    session = int(groups["session"]) if groups.get("session") else None
    year = int(groups["year"]) if groups.get("year") else None
    return session, groups["number"], year


def _cycle(ctx: Context, given: int | None, to_session: int | None, notes: list[str]) -> tuple[int, str]:
    """The cycle: --cycle, else --to-session, else the agenda paragraph, else the profile."""
    if given is not None:
        source = "--cycle"
        value = given
    elif to_session is not None and ctx.source is not None:
        value, source = to_session - ctx.source, "--to-session"
        if value < 1:
            raise UsageError(f"--to-session {to_session} is not after the source's session {ctx.source}")
        inferred = infer_cycle(ctx)
        if inferred and inferred[0] != value:
            notes.append(f"{inferred[1]} puts the item {inferred[0]} sessions ahead, but --to-session "
                         f"{to_session} advances by {value}")
    else:
        inferred = infer_cycle(ctx)
        value, source = inferred if inferred else (ctx.profile.cycle, f"the {ctx.profile.key} profile")
    if to_session is not None and ctx.source is not None and ctx.source + value != to_session:
        notes.append(f"--to-session {to_session} does not follow session {ctx.source} by the cycle {value}")
    return value, source


def _not_done(ctx: Context, lists: list, result: CarryOver) -> list[str]:
    """What the summary must say was left to a person."""
    left = []
    if not ctx.profile.has_sessions:
        left.append("no sessions: nothing is advanced by session; mandate and expiry dates moved only with a "
                    "review comment")
    if not lists:
        left.append("no list of earlier resolutions found: the resolution carried over is cited nowhere")
    if ctx.adopted is None and any(i.date for lst in lists for i in lst.items):
        left.append("adoption date unknown: cited without a date (give --adopted)")
    if ctx.source is not None and ctx.target is not None and not any(p.code == "CO103" for p in result.proposals):
        left.append(f"no reference to the {ordinal_words(ctx.target)} session found: no session advanced")
    return left


def _without_overlaps(resolution: Resolution, proposals: list[Proposal]) -> list[Proposal]:
    """Changes win over review notes on the same span; notes that overlap a change are dropped.

    `PlanBuilder` decides (one note per span, changes offered first): the writer's overlap rules are
    the builder's, so a plan made of what it accepts always applies.
    """
    ordered = sorted(proposals, key=lambda p: (p.kind == "review", p.label, p.start, p.end))
    builder = PlanBuilder.for_resolution(resolution, overlap="exclusive")
    kept = [p for p in ordered if builder.add(p.to_edit())]
    order = {b.label: i for i, b in enumerate(resolution.blocks)}
    order.update({f.label: len(order) + i for i, f in enumerate(resolution.footnotes)})
    return sorted(kept, key=lambda p: (order.get(p.label, len(order)), p.start, p.end))
