"""Lists of earlier resolutions: the resolution carried over joins every one of them.

A list is a run of the body's own resolution citations joined only by ", ",
" and " or ", and" (each item perhaps dated "of 2 November 2023"). Whatever
else stands between two citations ends the list, so "…, ICC-ASP/14/Res.3, and
the recommendations annexed to resolution ICC-ASP/6/Res.2" is a list that ends
at ICC-ASP/14/Res.3, and "… and 79/7 of 30 October 2024 and its decision
76/563" one that ends at 79/7. A list counts as the series of earlier
resolutions when its newest item is recent (`chain_window` cycles at most).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resdraft.carryover.model import Context, Proposal
from resdraft.model import Block, DateToken, SymbolToken, Token

_SEPARATOR = re.compile(r"^(?:,\s*|\s+and\s+|,\s+and\s+)$")
_DATED = re.compile(r"^\s+of\s+$")
_DECISIONS = re.compile(r"\bdecisions?\s+$", re.IGNORECASE)
_ITS_ONE = re.compile(r"\bits\s+resolution\s+$", re.IGNORECASE)
_AND = re.compile(r"^(,?\s+and\s+)$")
_YEAR_IN_BRACKETS = re.compile(r"\((\d{4})\)")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Item:
    symbol: SymbolToken
    date: DateToken | None

    @property
    def end(self) -> int:
        return self.date.end if self.date else self.symbol.end


@dataclass(frozen=True)
class ResolutionList:
    """Consecutive citations of the body's own resolutions in one paragraph."""

    block: Block
    items: tuple[Item, ...]

    @property
    def start(self) -> int:
        return self.items[0].symbol.start

    @property
    def end(self) -> int:
        return self.items[-1].end


def series_key(token: SymbolToken) -> tuple[int, int]:
    """Where a citation stands in the series: (session or year, number)."""
    year = _YEAR_IN_BRACKETS.search(token.text)
    first = token.session if token.session is not None else int(year.group(1)) if year else 0
    digits = _DIGITS.match(token.number or "")
    return first, int(digits.group(0)) if digits else 0


def lists_in(block: Block, ctx: Context) -> list[ResolutionList]:
    """Every list of the body's own resolutions in a paragraph, in order."""
    tokens = block.tokens
    found: list[ResolutionList] = []
    current: list[Item] = []
    for index, token in enumerate(tokens):
        if not isinstance(token, SymbolToken) or token.problems or \
                not ctx.profile.owns_item(token.body, token.doc_kind):
            continue
        date = _date_after(block, tokens, index)
        item = Item(token, date)
        if current and _SEPARATOR.match(block.text[current[-1].end:token.start]):
            current.append(item)
            continue
        if current:
            found.append(ResolutionList(block, tuple(current)))
        current = [item]
    if current:
        found.append(ResolutionList(block, tuple(current)))
    return [lst for lst in found if not _DECISIONS.search(block.text[max(0, lst.start - 40):lst.start])]


def _date_after(block: Block, tokens: list[Token], index: int) -> DateToken | None:
    if index + 1 < len(tokens) and isinstance(tokens[index + 1], DateToken):
        date = tokens[index + 1]
        if _DATED.match(block.text[tokens[index].end:date.start]):
            return date  # type: ignore[return-value]
    return None


def is_series(lst: ResolutionList, ctx: Context) -> bool:
    """A list of earlier resolutions of this item: recent, and several items or "its resolution X"."""
    now = ctx.source if ctx.source is not None else ctx.year
    if now is None or not any(now - ctx.profile.chain_window * ctx.cycle <= series_key(i.symbol)[0] <= now
                              for i in lst.items):
        return False
    if len(lst.items) > 1:
        return True
    return lst.block.kind == "preambular" and bool(_ITS_ONE.search(lst.block.text[:lst.start]))


def series_lists(ctx: Context) -> list[ResolutionList]:
    """Every list of earlier resolutions of the item in the preamble (and in operative paragraphs)."""
    return [lst for block in ctx.resolution.blocks if block.kind in ("preambular", "operative")
            for lst in lists_in(block, ctx) if is_series(lst, ctx)]


def previous_resolution(lists: list[ResolutionList], ctx: Context) -> SymbolToken | None:
    """The newest earlier resolution of the series the text cites: the one the carried-over text replaced."""
    now = ctx.source if ctx.source is not None else ctx.year or 0
    items = [i.symbol for lst in lists for i in lst.items if series_key(i.symbol)[0] < now]
    return max(items, key=series_key, default=None)


def join_proposals(lists: list[ResolutionList], ctx: Context, own: str) -> list[Proposal]:
    """Add the resolution carried over at the end of each list (CO101), or replace a lone last one (CO106)."""
    proposals: list[Proposal] = []
    mine = (ctx.source, ctx.number)
    for lst in lists:
        if any(_same(i.symbol, own, mine) for i in lst.items):
            continue
        proposals += _join(lst, ctx, own)
    return proposals


def _same(token: SymbolToken, own: str, mine: tuple[int | None, str]) -> bool:
    return token.text == own or (token.session == mine[0] and token.number == mine[1] and mine[0] is not None)


def _join(lst: ResolutionList, ctx: Context, own: str) -> list[Proposal]:
    block, items = lst.block, lst.items
    dated = items[-1].date is not None
    new = ctx.citation(dated=dated and ctx.adopted is not None)
    label = block.label
    here = series_key(items[-1].symbol)[0]
    now = ctx.source if ctx.source is not None else ctx.year or 0
    missing_date = dated and ctx.adopted is None
    if len(items) == 1 and here < now:
        old = block.text[items[0].symbol.start:items[0].end]
        reason = f"the text recalls only the last resolution: cite {own}, the resolution carried over"
        if missing_date:
            reason += "; its adoption date is not known (no adoption line, no --adopted): add it"
        return [Proposal(label, items[0].symbol.start, items[0].end, old, new, "CO106", reason)]
    later = [i for i in items if series_key(i.symbol)[0] >= now]
    reason = f"add {own}, the resolution carried over, to the list of earlier resolutions"
    if later:  # a later one is listed already: "NEW, " goes before it, in its place in the series
        at = later[0].symbol.start
        found = [Proposal(label, at, at, "", f"{new}, ", "CO101", reason)]
        return found + _date_note(label, at, at, "", missing_date)
    last = items[-1]
    joiner = _AND.match(block.text[items[-2].end:last.symbol.start]) if len(items) > 1 else None
    if joiner:  # "…, A and B" -> "…, A, B and NEW"
        start = items[-2].end
        found = [Proposal(label, start, last.symbol.start, joiner.group(1), ", ", "CO101", reason),
                 Proposal(label, last.end, last.end, "", f"{joiner.group(1)}{new}", "CO101", reason)]
    else:
        found = [Proposal(label, last.end, last.end, "", f", {new}", "CO101", reason)]
    return found + _date_note(label, last.symbol.start, last.end, block.text[last.symbol.start:last.end],
                              missing_date)


def _date_note(label: str, start: int, end: int, old: str, missing: bool) -> list[Proposal]:
    if not missing:
        return []
    return [Proposal(label, start, end, old, None, "CO207",
                     "the adoption date of the resolution carried over is not known (no adoption line, no "
                     "--adopted): add it to the citation")]
