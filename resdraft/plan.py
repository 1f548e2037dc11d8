"""`PlanBuilder`: the one place that decides whether an edit may join a plan.

Every producer of changes (fix, annotate, carry-over, compare, merge) offers
its edits one by one; the builder answers `Accepted` or `Skipped(reason)`
instead of letting `EditPlan` raise later, so a producer never has to know the
overlap rules of the writer. The rules are those of `resdraft.edits`:

* two text edits of one paragraph (or footnote) clash when they overlap, or
  when an insertion touches another edit (the order of the new text would be
  left to chance) — `edits.conflicts`;
* a paragraph deleted or moved is not also edited, deleted twice, or
  renumbered after deletion;
* an edit that states the text it expects to replace (`expected`) is skipped
  when the paragraph no longer reads so (the draft changed since linting).

Comments (comment-only edits) are kept in their own list and may overlap
each other and any text edit (`overlap="layers"`, the default): `plans()`
lays them out in as few writer passes as needed. A producer that wants one
finding per span (`resdraft fix`: one comment per change, one pass) passes
`overlap="exclusive"`, and then a comment that overlaps anything taken is
skipped too.

Usage::

    builder = PlanBuilder.for_resolution(resolution, author="resdraft", date=date)
    outcome = builder.add(Edit("OP3", 10, 14, "23rd", comment="...", expected="23th", safe=True))
    if isinstance(outcome, Skipped): report(outcome.reason)
    plan = builder.build()          # one EditPlan (comments must not overlap: exclusive mode)
    passes = builder.plans()        # text edits + first comment layer, then one plan per further layer
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from resdraft.edits import DeleteParagraph, Edit, EditPlan, EditPlanError, MoveParagraph, PlanItem, Renumber, conflicts

if TYPE_CHECKING:
    from resdraft.model import Resolution

__all__ = ["Accepted", "Outcome", "PlanBuilder", "Skipped", "anchor_span", "plan_of", "spans_clash"]

Overlap = Literal["layers", "exclusive"]


@dataclass(frozen=True)
class Accepted:
    """The item is in the plan."""

    item: PlanItem

    def __bool__(self) -> bool:
        return True


@dataclass(frozen=True)
class Skipped:
    """The item is not in the plan, and why (one line, for reports)."""

    item: PlanItem
    reason: str

    def __bool__(self) -> bool:
        return False


Outcome = Accepted | Skipped


def spans_clash(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two spans of one text share a character, or are the same empty point (one finding per span)."""
    return (a[0] < b[1] and b[0] < a[1]) or (a[0] == a[1] == b[0] == b[1])


class PlanBuilder:
    """Collects plan items, accepting or skipping each (see the module docstring for the rules)."""

    def __init__(self, texts: Mapping[str, str] | None = None, *, author: str = "resdraft", date: str | None = None,
                 overlap: Overlap = "layers") -> None:
        self.texts = dict(texts) if texts is not None else None
        self.author = author
        self.date = date
        self.overlap: Overlap = overlap
        self.items: list[PlanItem] = []  # text edits and paragraph operations, in the order accepted
        self.comments: list[Edit] = []  # comment-only edits, in the order accepted
        self.skipped: list[Skipped] = []
        self._accepted: list[PlanItem] = []
        self._edits: dict[str, list[Edit]] = defaultdict(list)
        self._comments: dict[str, list[Edit]] = defaultdict(list)
        self._whole: dict[str, str] = {}  # label -> "deleted" / "moved"
        self._renumbered: set[str] = set()

    @classmethod
    def for_resolution(cls, resolution: Resolution, **kwargs: object) -> PlanBuilder:
        """A builder that knows the blocks and footnotes of `resolution` (labels and texts are checked)."""
        texts = {b.label: b.text for b in resolution.blocks}
        for footnote in resolution.footnotes:
            texts.setdefault(footnote.label, footnote.text)
        return cls(texts, **kwargs)  # type: ignore[arg-type]

    # --- offering items ------------------------------------------------------------------------

    def add(self, item: PlanItem) -> Outcome:
        """Offer one item; `Accepted` when it is in the plan, else `Skipped` with the reason."""
        reason = self._refusal(item)
        if reason is not None:
            skipped = Skipped(item, reason)
            self.skipped.append(skipped)
            return skipped
        self._accepted.append(item)
        if isinstance(item, Edit):
            if item.replacement is None:
                self.comments.append(item)
                self._comments[item.label].append(item)
            else:
                self.items.append(item)
                self._edits[item.label].append(item)
        else:
            self.items.append(item)
            if isinstance(item, DeleteParagraph):
                self._whole[item.label] = "deleted"
            elif isinstance(item, MoveParagraph):
                self._whole[item.label] = "moved"
            elif isinstance(item, Renumber):
                self._renumbered.add(item.label)
        return Accepted(item)

    def extend(self, items: Iterable[PlanItem]) -> list[Outcome]:
        return [self.add(item) for item in items]

    def _refusal(self, item: PlanItem) -> str | None:
        if isinstance(item, Edit):
            return self._edit_refusal(item)
        if isinstance(item, DeleteParagraph | MoveParagraph):
            kind = "deleted" if isinstance(item, DeleteParagraph) else "moved"
            if item.label in self._whole:
                return f"{item.label} is already {self._whole[item.label]}"
            if self._edits.get(item.label):
                return f"{item.label} is edited; it cannot also be {kind}"
            if kind == "deleted" and item.label in self._renumbered:
                return f"{item.label} is renumbered; it cannot also be deleted"
            if isinstance(item, MoveParagraph) and item.after == item.label:
                return f"{item.label} cannot be moved after itself"
        elif isinstance(item, Renumber):
            if item.label in self._renumbered:
                return f"{item.label} is already renumbered"
            if self._whole.get(item.label) == "deleted":
                return f"{item.label} is deleted; it cannot also be renumbered"
        return None

    def _edit_refusal(self, edit: Edit) -> str | None:
        label = edit.label
        if self.texts is not None and not label.startswith("@"):
            text = self.texts.get(label)
            if text is None:
                return f"{label}: no such paragraph"
            if edit.expected is not None and not edit.marks and text[edit.start:edit.end] != edit.expected:
                return f"{label}: [{edit.start}, {edit.end}) no longer reads {edit.expected!r}"
        comment = edit.replacement is None
        if not comment and label in self._whole:
            return f"{label} is {self._whole[label]}; edit the text or the paragraph, not both"
        span = (edit.start, edit.end)
        if comment:
            if self.overlap == "exclusive":
                for other in (*self._edits.get(label, ()), *self._comments.get(label, ())):
                    if spans_clash(span, (other.start, other.end)):
                        return f"{label}: [{edit.start}, {edit.end}) overlaps [{other.start}, {other.end})"
            return None
        for other in self._edits.get(label, ()):
            if conflicts(edit, other) or (self.overlap == "exclusive" and spans_clash(span, (other.start, other.end))):
                return (f"{label}: [{edit.start}, {edit.end}) overlaps or touches the edit at "
                        f"[{other.start}, {other.end})")
        if self.overlap == "exclusive":
            for other in self._comments.get(label, ()):
                if spans_clash(span, (other.start, other.end)):
                    return f"{label}: [{edit.start}, {edit.end}) overlaps [{other.start}, {other.end})"
        return None

    # --- the result ----------------------------------------------------------------------------

    def build(self, order: Mapping[str, int] | None = None) -> EditPlan:
        """One plan with every accepted item, in the order accepted.

        `order` (label -> position) sorts the edits into document order (by
        paragraph position, then start; accepted order among equals), other
        items after them. Raises `EditPlanError` if comments overlap each
        other (use `plans()` then, or `overlap="exclusive"`).
        """
        items = list(self._accepted)
        if order is not None:
            edits = [e for e in items if isinstance(e, Edit)]
            edits.sort(key=lambda e: (order.get(e.label, 0), e.start))
            items = [*edits, *(i for i in items if not isinstance(i, Edit))]
        return EditPlan(items, author=self.author, date=self.date)

    def comment_layers(self) -> list[list[Edit]]:
        """The comments in as few layers as possible such that no two comments of one layer overlap.

        Within a layer comments are sorted by (label, start, end): the writer
        numbers comments in plan order, so the same findings give the same bytes.
        """
        layers: list[list[Edit]] = []
        ends: list[dict[str, int]] = []  # per layer: label -> end of the last span placed
        for edit in sorted(self.comments, key=lambda e: (e.label, e.start, e.end)):
            for layer, last in zip(layers, ends, strict=True):
                if last.get(edit.label, -1) <= edit.start:
                    layer.append(edit)
                    last[edit.label] = edit.end
                    break
            else:
                layers.append([edit])
                ends.append({edit.label: edit.end})
        return layers

    def plans(self) -> list[EditPlan]:
        """Writer passes: the text edits with the first comment layer, then one plan per further layer.

        A comment changes no text, so the offsets of every later pass stay valid.
        """
        layers = self.comment_layers()
        first: list[PlanItem] = [*self.items, *(layers[0] if layers else [])]
        plans = [EditPlan(first, author=self.author, date=self.date)] if first else []
        plans += [EditPlan(layer, author=self.author, date=self.date) for layer in layers[1:]]
        return plans


def plan_of(items: Iterable[PlanItem], *, author: str, date: str | None, what: str) -> EditPlan:
    """The plan of a producer whose items never clash by construction (compare's alignment, merge's groups).

    Each item still goes through the builder, the one judge of overlaps: a refusal is a defect of the
    producer and stops the command with the builder's reason ("`what` cannot be written: ...").
    """
    builder = PlanBuilder(author=author, date=date)
    for item in items:
        outcome = builder.add(item)
        if isinstance(outcome, Skipped):
            raise EditPlanError(f"{what} cannot be written: {outcome.reason}")
    return builder.build()


def anchor_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where a comment (or a highlight) sits: the flagged text, or for an empty span the word there.

    An empty span (a missing number, a point between words) has nothing to
    anchor on, so it takes the word that starts at the point (as
    `resdraft fix` does for its review comments), else the next word, else the last word before it.
    Only an empty text gives an empty span.
    """
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if end > start or not text.strip():
        return start, max(start, end)
    begin = start
    while begin < len(text) and text[begin].isspace():
        begin += 1
    if begin == len(text):  # only spaces after the point: the word before it
        stop = start
        while stop > 0 and text[stop - 1].isspace():
            stop -= 1
        begin = stop
        while begin > 0 and not text[begin - 1].isspace():
            begin -= 1
        return begin, stop
    stop = begin
    while stop < len(text) and not text[stop].isspace():
        stop += 1
    return begin, stop
