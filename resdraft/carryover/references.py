"""References to the last resolution move on to the one carried over (CO102, CO205).

"the report of the Secretary-General on the implementation of resolution 79/7"
cites the resolution the carried-over text replaced: it becomes "80/4". A
reference by paragraph ("pursuant to paragraph 5 of resolution 79/42") follows
the paragraph: the operative paragraph of the carried-over text that requests
the report (or, with a library of earlier texts, the one most like the paragraph
cited). When no paragraph can be told, a review comment asks a person.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from resdraft.carryover.chain import ResolutionList, series_key
from resdraft.carryover.model import Context, Proposal
from resdraft.lint.library import Library
from resdraft.model import Block, CrossRefToken, Resolution, SessionToken, SymbolToken

_REQUEST = re.compile(r"\brequests?\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_REPORT = re.compile(r"\breport\b[^,;]{0,80}", re.IGNORECASE)


def _is_previous(token: SymbolToken | None, previous: SymbolToken | None, ctx: Context) -> bool:
    if token is None or token.problems or not ctx.profile.owns_item(token.body, token.doc_kind):
        return False
    if previous is not None:
        return series_key(token) == series_key(previous)
    now = ctx.source if ctx.source is not None else ctx.year
    return now is not None and series_key(token)[0] == now - ctx.cycle


def reference_proposals(ctx: Context, own: str, previous: SymbolToken | None, lists: list[ResolutionList],
                        library: Library | None) -> list[Proposal]:
    """Every citation of the previous resolution outside the lists of earlier resolutions, moved on."""
    in_lists = {(lst.block.label, i.symbol.start) for lst in lists for i in lst.items}
    proposals: list[Proposal] = []
    requests = _Requests(ctx)
    for block in ctx.resolution.blocks:
        if block.kind in ("title", "other", "preamble-intro", "heading"):
            continue
        by_xref: set[int] = set()
        for xref in block.tokens_of(CrossRefToken):
            if xref.target == "paragraph" and xref.resolution is not None and \
                    _is_previous(xref.resolution, previous, ctx):
                by_xref.add(xref.resolution.start)
                proposals += _paragraph_reference(ctx, requests, block, xref, own, library)
        for token in block.tokens_of(SymbolToken):
            if token.start in by_xref or (block.label, token.start) in in_lists:
                continue
            if _is_previous(token, previous, ctx) and token.text != own:
                proposals.append(Proposal(block.label, token.start, token.end, token.text, own, "CO102",
                                          f"cites the last resolution: cite {own}, the resolution carried over"))
    return proposals


def _paragraph_reference(ctx: Context, requests: _Requests, block: Block, xref: CrossRefToken, own: str,
                         library: Library | None) -> list[Proposal]:
    target = xref.resolution
    assert target is not None
    number_span = _number_span(block, xref)
    op = _requesting_paragraph(requests, block) if "report" in block.text.lower() else None
    if op is None and len(xref.numbers) == 1:
        op = _same_paragraph(ctx.resolution, library.get(target) if library else None, xref.numbers[0])
    if op is None or number_span is None or len(xref.numbers) != 1:
        return [Proposal(block.label, xref.start, xref.end, xref.text, None, "CO205",
                         f"points at resolution {target.text} of the previous session: check which paragraph "
                         f"of {own} it should cite")]
    found = []
    start, end = number_span
    if block.text[start:end] != op.number:
        found.append(Proposal(block.label, start, end, block.text[start:end], op.number or "", "CO102",
                              f"the same paragraph is number {op.number} of {own}"))
    if target.text != own:
        found.append(Proposal(block.label, target.start, target.end, target.text, own, "CO102",
                              f"cite {own}, the resolution carried over"))
    return found


def _same_paragraph(resolution: Resolution, earlier: Resolution | None, number: str) -> Block | None:
    """The source paragraph that carries on paragraph `number` of an earlier resolution (library)."""
    if earlier is None:
        return None
    old = next((b for b in earlier.by_kind("operative") if b.number == number and not b.section), None)
    if old is None:
        return None
    scored = [(fuzz.ratio(old.text, op.text), op) for op in resolution.by_kind("operative") if op.number]
    best = max(scored, key=lambda pair: pair[0], default=None)
    return best[1] if best and best[0] >= 70 else None


def _number_span(block: Block, xref: CrossRefToken) -> tuple[int, int] | None:
    match = _DIGITS.search(block.text, xref.start, xref.end)
    return (match.start(), match.end()) if match else None


class _Requests:
    """The operative paragraphs that request a report, scored against a subject in one C loop each
    (rapidfuzz `process`), with answers kept per subject: linear in the paragraphs of the text."""

    def __init__(self, ctx: Context) -> None:
        self.ops = [op for op in ctx.resolution.by_kind("operative")
                    if not op.section and op.number and _REQUEST.search(op.text) and "report" in op.text.lower()]
        self.texts = [op.text.lower() for op in self.ops]
        self.forward = [i for i, op in enumerate(self.ops) if ctx.target is not None and any(
            t.values and t.values[-1] == ctx.target for t in op.tokens_of(SessionToken))]
        self.answers: dict[str, Block | None] = {}

    def best(self, subject: str) -> Block | None:
        if subject not in self.answers:
            self.answers[subject] = self._best(subject)
        return self.answers[subject]

    def _best(self, subject: str) -> Block | None:
        if not self.ops:
            return None
        found = process.extractOne(subject, self.texts, scorer=fuzz.partial_ratio)
        score, index = found[1], found[2]
        if self.forward:
            ahead = process.extractOne(subject, [self.texts[i] for i in self.forward], scorer=fuzz.partial_ratio)
            if ahead[1] + 20 >= score:
                score, index = ahead[1] + 20, self.forward[ahead[2]]
        return self.ops[index] if score >= 60 else None


def _requesting_paragraph(requests: _Requests, citing: Block) -> Block | None:
    """The operative paragraph of the source that requests the report the citing paragraph welcomes."""
    return requests.best(_report_subject(citing.text))


def _report_subject(text: str) -> str:
    match = _REPORT.search(text)
    return (match.group(0) if match else text[:80]).lower()
