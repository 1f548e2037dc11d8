"""What a carry-over proposes: one `Proposal` per change or review note, gathered in a `CarryOver`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from resdraft.carryover.profile import CarryProfile
from resdraft.edits import Edit, EditPlan
from resdraft.model import Resolution

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
class Context:
    """What every step of the planner reads: the source, its body and where it stands in the series."""

    resolution: Resolution
    profile: CarryProfile
    source: int | None        # the source's session (None for a body without sessions)
    number: str               # the source's own number ("4", "[...]")
    year: int | None          # the year the source was adopted in
    cycle: int                # sessions (or years) between one text and the next
    adopted: str | None       # the adoption date, "29 October 2025", or None when unknown

    @property
    def target(self) -> int | None:
        return None if self.source is None else self.source + self.cycle

    def citation(self, *, dated: bool) -> str:
        return self.profile.cite(self.source, self.number, self.year, self.adopted if dated else None)


@dataclass
class CarryOver:
    """The outcome of planning: proposals in document order, and notes for the user."""

    source_session: int | None
    target_session: int | None
    symbol: str
    body: str = "icc-asp"
    cycle: int = 1
    cycle_from: str = "profile"
    adopted: str | None = None
    proposals: list[Proposal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    not_done: list[str] = field(default_factory=list)

    def plan(self, *, author: str = "resdraft", date: str | None = None) -> EditPlan:
        edits = [p.to_edit() for p in self.proposals]
        return EditPlan(edits, author=author, date=date)
