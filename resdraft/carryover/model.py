"""What a carry-over proposes: one `Proposal` per change or review note, gathered in a `CarryOver`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from resdraft.carryover.profile import CarryProfile
from resdraft.edits import Edit, EditPlan
from resdraft.gcpause import collector_paused
from resdraft.model import Resolution

Kind = Literal["change", "review"]

#: Added by the writer to a change's comment when the changed text lies inside an external hyperlink.
LINK_NOTE = ("resdraft CO208: this text is inside a hyperlink that still points at {url}: "
             "update the link once the new document exists, or remove it")


@dataclass(frozen=True, slots=True)
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

    def to_edit(self, link_note: str | None = None) -> Edit:
        return Edit(label=self.label, start=self.start, end=self.end, replacement=self.new,
                    comment=self.comment(), code=self.code, link_note=link_note if self.new is not None else None)


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
    link_note: str | None = LINK_NOTE  # CO208's note; None when --ignore leaves it out

    def plan(self, *, author: str = "resdraft", date: str | None = None) -> EditPlan:
        with collector_paused():  # one Edit per proposal: collections here walked the whole parsed draft
            edits = [p.to_edit(self.link_note) for p in self.proposals]
            return EditPlan(edits, author=author, date=date)
