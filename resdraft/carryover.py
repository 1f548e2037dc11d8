"""Carry an adopted resolution of session N over to a draft for session N + 1.

This is the facilitators' yearly chore (domain.md, "What carrying over
means"), done as proposals that a writer turns into tracked changes:

1. the carried-over resolution joins the list of previous resolutions in the
   first *Recalling* paragraph, in its place in the series;
2. "... pursuant to paragraph P of resolution ICC-ASP/N-1/Res.j" points at the
   paragraph of the carried-over text that asks for that report;
3. forward session references and forward years advance by one, and a
   current-session placeholder symbol (`ICC-ASP/N/Res.[...]`) moves too;
4. historical references stay as they are (`resdraft.temporal` decides);
5. what only a person can update (counts, "as at" dates, "since the last
   resolution", last year's document symbols) gets a review comment, never a guess.

Every proposal is an `Edit` of the shared edit plan, so reject-all gives the
source back exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz

from resdraft.edits import Edit, EditPlan
from resdraft.lint.library import Library, title_symbol
from resdraft.model import Block, CrossRefToken, Footnote, Resolution, SessionToken, SymbolToken, YearToken
from resdraft.ordinals import ordinal_like, ordinal_words
from resdraft.resources import load_toml

Kind = Literal["change", "review"]


@dataclass(frozen=True)
class Proposal:
    """One proposed change (or review note) with its reason, for the summary and the plan."""

    label: str
    start: int
    end: int
    old: str
    new: str | None  # None: a review comment, no change
    code: str
    reason: str

    @property
    def kind(self) -> Kind:
        return "review" if self.new is None else "change"

    def comment(self) -> str:
        if self.new is None:
            return f"resdraft {self.code}: {self.reason}"
        return f"resdraft {self.code}: {self.reason} ({self.old} \u2192 {self.new})"

    def to_edit(self) -> Edit:
        return Edit(label=self.label, start=self.start, end=self.end, replacement=self.new,
                    comment=self.comment(), code=self.code)


@dataclass
class CarryOver:
    """The outcome of planning: proposals in document order, and notes for the user."""

    source_session: int
    target_session: int
    symbol: str
    proposals: list[Proposal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def plan(self, *, author: str = "resdraft", date: str | None = None) -> EditPlan:
        edits = [p.to_edit() for p in self.proposals]
        return EditPlan(edits, author=author, date=date)


_SOURCE_SYMBOL = re.compile(r"\bICC-ASP/(\d{1,2})/Res\.(\d{1,2})\b")


def plan_carry_over(
    resolution: Resolution,
    *,
    to_session: int,
    symbol: str | None = None,
    year: int | None = None,
    library: Path | None = None,
) -> CarryOver:
    """All proposals that turn the text of session `to_session - 1` into a draft for `to_session`."""
    source = to_session - 1
    notes: list[str] = []
    found = symbol or title_symbol(resolution)
    if found is None:
        found = f"ICC-ASP/{source}/Res.[...]"
        notes.append(f"the source names no symbol and --symbol was not given: using the placeholder {found}")
    elif (match := _SOURCE_SYMBOL.fullmatch(found)) and int(match.group(1)) != source:
        notes.append(f"the symbol {found} is not of session {source}, the session before --to-session {to_session}")
    result = CarryOver(source, to_session, found, notes=notes)
    data = load_toml("carryover.toml")
    proposals: list[Proposal] = []
    proposals += _previous_resolutions(resolution, found, source)
    earlier = Library(Path(library)) if library else None
    proposals += _report_references(resolution, found, source, earlier)
    proposals += _forward_references(resolution, source, year or _year_of(source))
    proposals += _review_notes(resolution, source, data)
    result.proposals = _without_overlaps(resolution, proposals)
    return result


def _year_of(session: int) -> int:
    """ASP session N meets in year 2001 + N (rules/bodies/icc-asp.toml: first_year 2002)."""
    profile = load_toml("bodies/icc-asp.toml")
    return int(profile["sessions"]["first_year"]) + session - 1


# --- 1. the list of previous resolutions --------------------------------------------


def _previous_resolutions(resolution: Resolution, symbol: str, source: int) -> list[Proposal]:
    match = _SOURCE_SYMBOL.fullmatch(symbol)
    recalling = next((b for b in resolution.by_kind("preambular")
                      if b.lead and b.lead.text.lower().startswith("recalling") and _resolution_list(b)), None)
    if recalling is None or match is None:
        return []
    items = _resolution_list(recalling)
    if any(t.normalized == symbol for t in items):
        return []
    earlier = [t for t in items if (t.session or 0) < source]
    if not earlier:
        return []
    anchor = earlier[-1]
    following = items[items.index(anchor) + 1:] if anchor in items else []
    reason = f"add {symbol}, the resolution carried over, to the list of previous resolutions"
    code = "CO101"
    text = recalling.text
    if following:  # goes in the middle of the series: "NEW, " before the next one
        nxt = following[0]
        return [Proposal(recalling.label, nxt.start, nxt.start, "", f"{symbol}, ", code, reason)]
    before = text[: anchor.start]
    joiner = re.search(r"(,?\s+and\s+)$", before)
    if joiner and len(items) > 1:
        # "..., A and B," -> "..., A, B and NEW,"
        start = anchor.start - len(joiner.group(1))
        return [
            Proposal(recalling.label, start, anchor.start, joiner.group(1), ", ", code, reason),
            Proposal(recalling.label, anchor.end, anchor.end, "", f" and {symbol}", code, reason),
        ]
    return [Proposal(recalling.label, anchor.end, anchor.end, "", f", {symbol}", code, reason)]


def _resolution_list(block: Block) -> list[SymbolToken]:
    """The ASP resolutions a paragraph cites, in order (Res symbols with a session)."""
    return [t for t in block.tokens_of(SymbolToken)
            if t.body == "ICC-ASP" and t.doc_kind == "Res" and t.session is not None and not t.problems]


# --- 2. "pursuant to paragraph P of resolution X" ------------------------------------


_REQUEST = re.compile(r"\brequests?\b", re.IGNORECASE)


def _report_references(resolution: Resolution, symbol: str, source: int,
                       library: Library | None) -> list[Proposal]:
    """References by paragraph to last year's resolution, moved onto the resolution carried over."""
    proposals: list[Proposal] = []
    for block in resolution.blocks:
        for xref in block.tokens_of(CrossRefToken):
            target = xref.resolution
            if (xref.target != "paragraph" or target is None or target.body != "ICC-ASP"
                    or target.session != source - 1 or len(xref.numbers) != 1):
                continue
            number_span = _number_span(block, xref)
            op = _requesting_paragraph(resolution, block, source) if _about_a_report(block) else None
            if op is None:
                op = _same_paragraph(resolution, library.get(target) if library else None, xref.numbers[0])
            if op is None or number_span is None:
                proposals.append(Proposal(block.label, xref.start, xref.end, xref.text, None, "CO205",
                                          f"points at resolution {target.text} of the previous session: check "
                                          f"which paragraph of {symbol} it should cite"))
                continue
            start, end = number_span
            if block.text[start:end] != op.number:
                proposals.append(Proposal(block.label, start, end, block.text[start:end], op.number or "", "CO102",
                                          f"the same paragraph is number {op.number} of {symbol}"))
            if target.text != symbol:
                proposals.append(Proposal(block.label, target.start, target.end, target.text, symbol, "CO102",
                                          f"cite {symbol}, the resolution carried over"))
    return proposals


def _about_a_report(block: Block) -> bool:
    return "report" in block.text.lower()


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
    match = re.search(r"\d+", block.text[xref.start:xref.end])
    return (xref.start + match.start(), xref.start + match.end()) if match else None


def _requesting_paragraph(resolution: Resolution, citing: Block, source: int) -> Block | None:
    """The operative paragraph of the source that requests the report the citing paragraph welcomes."""
    subject = _report_subject(citing.text)
    best: tuple[float, Block] | None = None
    for op in resolution.by_kind("operative"):
        if op.section or not op.number or not _REQUEST.search(op.text) or "report" not in op.text.lower():
            continue
        forward = [t for t in op.tokens_of(SessionToken) if t.values and t.values[-1] == source + 1]
        score = fuzz.partial_ratio(subject, op.text.lower()) + (20 if forward else 0)
        if best is None or score > best[0]:
            best = (score, op)
    return best[1] if best and best[0] >= 60 else None


def _report_subject(text: str) -> str:
    match = re.search(r"\breport\b[^,;]{0,80}", text, re.IGNORECASE)
    return (match.group(0) if match else text[:80]).lower()


# --- 3. forward sessions and years -----------------------------------------------------


def _forward_references(resolution: Resolution, source: int, year: int) -> list[Proposal]:
    from resdraft.temporal import classify_session, classify_year

    proposals: list[Proposal] = []
    for block in resolution.blocks:
        if block.kind in ("title", "other", "preamble-intro"):
            continue
        for token in block.tokens:
            if isinstance(token, SessionToken) and len(token.values) == 1 and not token.misspelled:
                if classify_session(block, token) == "forward":
                    new = _advance_ordinal(token)
                    proposals.append(Proposal(block.label, token.start, token.end, token.text, new, "CO103",
                                              "forward session reference advanced by one"))
            elif isinstance(token, YearToken) and 1900 < token.value < 2200 and "/" not in token.text:
                if token.value >= year and classify_year(block, token) == "forward":
                    proposals.append(Proposal(block.label, token.start, token.end, token.text,
                                              str(token.value + 1), "CO104", "forward year advanced by one"))
            elif isinstance(token, SymbolToken) and token.session == source and token.number.startswith("["):
                new = token.text.replace(f"/{source}/", f"/{source + 1}/", 1)
                if new != token.text:
                    proposals.append(Proposal(block.label, token.start, token.end, token.text, new, "CO105",
                                              "the resolution of the coming session, still unnumbered"))
    return proposals


def _advance_ordinal(token: SessionToken) -> str:
    return ordinal_like(token.values[0] + 1, token.style, token.text)


# --- 5. what only a person can update ---------------------------------------------------


def _review_notes(resolution: Resolution, source: int, data: dict) -> list[Proposal]:
    proposals: list[Proposal] = []
    patterns = [(re.compile(entry["pattern"], re.IGNORECASE), entry["code"], entry["reason"])
                for entry in data["review"]]
    for block in resolution.blocks:
        if block.kind in ("title", "other", "preamble-intro", "heading"):
            continue
        proposals += _matches(block.label, block.text, patterns)
    for footnote in resolution.footnotes:
        proposals += _matches(footnote.label, footnote.text, patterns)
        proposals += _last_year_documents(footnote, source)
    return proposals


def _matches(label: str, text: str, patterns: list[tuple[re.Pattern[str], str, str]]) -> list[Proposal]:
    found = []
    for pattern, code, reason in patterns:
        for match in pattern.finditer(text):
            found.append(Proposal(label, match.start(), match.end(), match.group(0), None, code, reason))
    return found


def _last_year_documents(footnote: Footnote, source: int) -> list[Proposal]:
    """Documents of the session carried over: next year's symbols are not known yet."""
    found = []
    for token in footnote.tokens:
        if isinstance(token, SymbolToken) and token.body == "ICC-ASP" and token.session == source \
                and token.doc_kind not in ("Res", "Dec"):
            found.append(Proposal(footnote.label, token.start, token.end, token.text, None, "CO204",
                                  f"a document of the {ordinal_words(source)} session: replace it with the "
                                  f"corresponding document of the {ordinal_words(source + 1)} session once issued"))
    return found


def _without_overlaps(resolution: Resolution, proposals: list[Proposal]) -> list[Proposal]:
    """Changes win over review notes on the same span; notes that overlap a change are dropped."""
    ordered = sorted(proposals, key=lambda p: (p.kind == "review", p.label, p.start, p.end))
    kept: list[Proposal] = []
    for proposal in ordered:
        if not any(k.label == proposal.label and _overlap(k, proposal) for k in kept):
            kept.append(proposal)
    order = {b.label: i for i, b in enumerate(resolution.blocks)}
    order.update({f.label: len(order) + i for i, f in enumerate(resolution.footnotes)})
    return sorted(kept, key=lambda p: (order.get(p.label, len(order)), p.start, p.end))


def _overlap(a: Proposal, b: Proposal) -> bool:
    """Spans that share a character, or an insertion point strictly inside the other's span."""
    if a.start == a.end and b.start == b.end:
        return False
    return a.start < b.end and b.start < a.end
