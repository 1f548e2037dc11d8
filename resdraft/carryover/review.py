"""What only a person can update gets a review comment, never a guessed change (CO201-CO204, CO206).

The patterns are data (`[[review]]` in `rules/carryover.toml`): counts, figures
"as at" a date, "since the last resolution", future meetings with dates. Each
document symbol of the source's session in a footnote (`A/80/83`,
`ICC-ASP/21/35`) must be replaced by next session's document once it is issued.
"""

from __future__ import annotations

import functools
import re

from resdraft.carryover.literals import Prefilter, fold, prefilter
from resdraft.carryover.model import Context, Proposal
from resdraft.carryover.profile import ProfileError
from resdraft.model import Footnote, SymbolToken
from resdraft.ordinals import ordinal_words
from resdraft.resources import load_toml

_OWN_KINDS = ("Res", "RES", "Dec", "DEC")
_YEAR = re.compile(r"\b(\d{4})\b")


@functools.cache
def review_patterns() -> tuple[tuple[Prefilter, str, str, int | None], ...]:
    """The `[[review]]` entries of rules/carryover.toml, compiled (an error names the entry).

    Each pattern comes with its `literals.prefilter`: most texts contain none of its words and skip the scan."""
    found = []
    for index, entry in enumerate(load_toml("carryover.toml").get("review", []), start=1):
        where = f"rules/carryover.toml, review #{index}"
        if not all(isinstance(entry.get(k), str) and entry[k] for k in ("code", "reason", "pattern")):
            raise ProfileError(f"{where}: needs code, reason and pattern")
        recent = entry.get("recent_years")
        if recent is not None and (not isinstance(recent, int) or isinstance(recent, bool) or recent < 0):
            raise ProfileError(f"{where}: recent_years: expected a whole number of years")
        try:
            compiled = prefilter(re.compile(entry["pattern"], re.IGNORECASE))
            found.append((compiled, entry["code"], entry["reason"], recent))
        except re.error as exc:
            raise ProfileError(f"{where}: pattern: not a regular expression ({exc})") from None
    return tuple(found)


def review_proposals(ctx: Context) -> list[Proposal]:
    proposals: list[Proposal] = []
    for block in ctx.resolution.blocks:
        if block.kind in ("title", "other", "preamble-intro", "heading"):
            continue
        proposals += _matches(block.label, block.text, ctx.year)
    for footnote in ctx.resolution.footnotes:
        proposals += _matches(footnote.label, footnote.text, ctx.year)
        proposals += _session_documents(ctx, footnote)
    return proposals


def _matches(label: str, text: str, year: int | None) -> list[Proposal]:
    folded = fold(text)
    return [Proposal(label, m.start(), m.end(), m.group(0), None, code, reason)
            for entry, code, reason, recent in review_patterns() if entry.may_match(folded)
            for m in entry.pattern.finditer(text) if _recent(m.group(0), year, recent)]


def _recent(found: str, year: int | None, recent: int | None) -> bool:
    """True unless the entry asks for a recent date and the match's year is older ("as of 17 July 2018"
    in a text of 2025 is a fact: the date a jurisdiction began, not a figure to update)."""
    years = _YEAR.findall(found)
    return recent is None or year is None or not years or int(years[-1]) >= year - recent


def _session_documents(ctx: Context, footnote: Footnote) -> list[Proposal]:
    """Documents of the session carried over: next session's symbols are not known yet."""
    if ctx.source is None or ctx.target is None:
        return []
    found = []
    for token in footnote.tokens:
        if isinstance(token, SymbolToken) and ctx.profile.owns_document(token.body) \
                and token.session == ctx.source and token.doc_kind not in _OWN_KINDS:
            found.append(Proposal(footnote.label, token.start, token.end, token.text, None, "CO204",
                                  f"a document of the {ordinal_words(ctx.source)} session: replace it with the "
                                  f"corresponding document of the {ordinal_words(ctx.target)} session once "
                                  f"issued"))
    return found
