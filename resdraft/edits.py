"""The edit plan: what to change in a draft, independent of how it is written.

Every producer of changes (the redliner's `compare`, carry-over, fixes) states
its changes as an `EditPlan` (through `resdraft.plan.PlanBuilder`, which skips
what would clash); one writer (`resdraft.redline.apply.write`) turns a
plan into Word tracked changes, and `resdraft.accepted.apply_to_text` computes the accepted
text of the same plan without Word, for tests. Conflicts between edits are
refused here, when the plan is built, so the writer never has to guess.

Addresses (`label` / `after` / `like`):

* a block label of the parsed draft: `"OP24"`, `"PP3"`, `"OP3(a)"`, `"T1"`;
  offsets index `Block.text` (typed number and footnote marks not counted);
* `"FN3"`: footnote 3 (display number); offsets index `Footnote.text`;
* `"@17"`: the paragraph whose first `w:p` is body paragraph 17
  (`Location.index`); offsets index the paragraph's whole visible text,
  typed number included. This is what `compare` uses;
* `START` (`"^"`), only as `InsertParagraph.after`: before the first paragraph.

Footnote marks: in *plain* offsets (the default) footnote reference marks take
no room; an edit keeps the marks inside its span, and text inserted where a
mark stands goes after the mark. With `marks=True` offsets count each mark
as one `FOOTNOTE_MARK` character (`marked_text(block)`), so an edit can delete
marks (and with them their footnotes). A `FOOTNOTE_MARK` in inserted text
creates a new footnote whose text is the next entry of `footnotes`.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Union

from resdraft.errors import ResdraftError
from resdraft.model import Emphasis

if TYPE_CHECKING:
    from resdraft.model import Block

__all__ = [
    "FOOTNOTE_MARK",
    "START",
    "Alternative",
    "DeleteParagraph",
    "DeleteRow",
    "Edit",
    "EditPlan",
    "EditPlanError",
    "InsertParagraph",
    "InsertRow",
    "InsertTable",
    "MoveParagraph",
    "Renumber",
    "Restyle",
    "Source",
    "conflicts",
    "marked_text",
    "normalize_date",
]

#: Stands for one footnote reference mark in "marked" text (a private-use character).
FOOTNOTE_MARK = "\ue000"
#: `InsertParagraph.after` value that inserts before the first paragraph.
START = "^"


class EditPlanError(ResdraftError):
    """A plan that cannot be applied as stated: overlapping edits, unknown labels, bad offsets."""


@dataclass(frozen=True, slots=True)
class Alternative:
    """One of several competing insertions at an edit's place, each by its own author (a compilation)."""

    text: str
    author: str
    comment: str | None = None
    emphasis: tuple[Emphasis, ...] = ()
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `[start, end)` of a block's (or footnote's) text with `replacement`.

    `start == end` inserts; `replacement == ""` deletes; `replacement=None`
    changes nothing and only anchors `comment` on the span. `italic` sets the
    inserted text's italic (None: as the run at `start`); `emphasis` (spans in
    `replacement`, "italic"/"bold") overrides it span by span. `code` says why
    (a rule code), for reports. See the module docstring for `marks`/`footnotes`.
    `expected` is the text the producer means to replace (`text[start:end]`
    when it planned the edit; `resdraft.plan.PlanBuilder` skips the edit when
    the paragraph no longer reads so), `safe` its fix safety (True: can be
    accepted without reading; None: not stated). Neither changes what is written.
    """

    label: str
    start: int
    end: int
    replacement: str | None
    comment: str | None = None
    code: str | None = None
    italic: bool | None = None
    emphasis: tuple[Emphasis, ...] = ()
    marks: bool = False
    footnotes: tuple[str, ...] = ()
    expected: str | None = None
    safe: bool | None = None
    source: Source | None = None  # NEW's paragraph whose XML the replacement is copied from, when it can be
    source_span: tuple[int, int] | None = None  # the replacement's marked offsets in that paragraph
    author: str | None = None  # who made this change (default: the plan's author)
    alternatives: tuple[Alternative, ...] = ()  # competing insertions after the replacement, in order
    # A note added to the comment when the replaced text lies inside an external hyperlink, whose target the
    # edit does not change ("{url}" stands for that target): carry-over's CO208.
    link_note: str | None = None
    move: str | None = None  # a moved stretch: the name its deletion and its insertion share (w:moveFrom/w:moveTo)


@dataclass(frozen=True)
class Source:
    """Where an element to copy lives: the `w:p` with body index `index` of the .docx at `path`.

    For a row or a table, any paragraph inside it names it. The writer copies
    the XML itself (links, images, fields, notes, comments, bookmarks), so
    nothing but the text is rebuilt.
    """

    path: str
    index: int


@dataclass(frozen=True)
class InsertParagraph:
    """A new paragraph after paragraph `after` (or at the `START`), as a tracked insertion.

    `text` is the paragraph's text; a typed `number_text` ("12.") is written
    before it with a tab, unless the paragraph it is modelled on (`like`,
    default `after`) is numbered automatically, in which case the new paragraph
    joins that list and Word numbers it. Several insertions after the same
    paragraph appear in plan order. `label` names the paragraph in reports.
    """

    after: str
    text: str
    number_text: str = ""
    emphasis: tuple[Emphasis, ...] = ()
    footnotes: tuple[str, ...] = ()
    like: str | None = None
    comment: str | None = None
    code: str | None = None
    label: str = ""
    source: Source | None = None  # copy this paragraph's XML (its content) instead of building runs from `text`
    author: str | None = None


@dataclass(frozen=True)
class InsertRow:
    """A table row copied from `source`, inserted after the row holding paragraph `anchor` (before it with `before`)."""

    anchor: str
    source: Source
    before: bool = False
    label: str = ""


@dataclass(frozen=True)
class DeleteRow:
    """Delete the table row holding paragraph `label` as a row revision (`w:trPr/w:del`), its text with it."""

    label: str


@dataclass(frozen=True)
class InsertTable:
    """A whole table copied from `source`, inserted after paragraph `after` (or at the `START`), rows tracked."""

    after: str
    source: Source
    label: str = ""


@dataclass(frozen=True)
class Restyle:
    """Give paragraph `label` the bold/italic/underline/highlight of `source` (same text), as `w:rPrChange`.

    Drawings and objects `source` drops or adds are tracked too; with
    `objects_only` (the text changed as well, its word edits are planned
    apart) nothing else is.
    """

    label: str
    source: Source
    objects_only: bool = False


@dataclass(frozen=True)
class DeleteParagraph:
    """Delete a whole paragraph (text, footnote marks and paragraph mark) as a tracked deletion."""

    label: str
    comment: str | None = None
    code: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class MoveParagraph:
    """Move a paragraph after paragraph `after`: deleted where it was, inserted (same runs) there."""

    label: str
    after: str
    comment: str | None = None
    code: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Renumber:
    """Change a typed paragraph number ("12." -> "11."); automatic numbers renumber themselves."""

    label: str
    number_text: str
    comment: str | None = None
    code: str | None = None
    author: str | None = None


PlanItem = Union[Edit, InsertParagraph, DeleteParagraph, MoveParagraph, Renumber,  # noqa: UP007 - a runtime alias
                 InsertRow, DeleteRow, InsertTable, Restyle]


def normalize_date(value: str | datetime | None = None) -> str:
    """An ISO 8601 date or date-time as Word's `w:date` wants it: UTC, seconds, "Z".

    None gives the current time. A date without a time is midnight UTC; a
    time without a zone is taken as UTC, so the same `--date` always gives
    the same bytes.
    """
    if value is None:
        moment = datetime.now(UTC)
    elif isinstance(value, datetime):
        moment = value
    else:
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise EditPlanError(f"not an ISO 8601 date: {value!r} (e.g. 2024-05-01 or 2024-05-01T10:00:00Z)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class EditPlan:
    """Edits by one author at one time; validated on construction (`EditPlanError`)."""

    edits: tuple[PlanItem, ...] = ()
    author: str = "resdraft"
    date: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "edits", tuple(self.edits))
        if not self.author.strip():
            raise EditPlanError("the author of a plan must not be empty")
        if self.date is not None:
            object.__setattr__(self, "date", normalize_date(self.date))
        _validate(self.edits)

    def text_edits(self) -> list[Edit]:
        return [e for e in self.edits if isinstance(e, Edit)]

    def __len__(self) -> int:
        return len(self.edits)


def _validate(items: Sequence[PlanItem]) -> None:
    by_label: dict[str, list[Edit]] = defaultdict(list)
    whole: dict[str, str] = {}  # label -> what happens to the whole paragraph
    renumbered: set[str] = set()
    for item in items:
        if isinstance(item, Edit):
            _check_edit(item)
            by_label[item.label].append(item)
        elif isinstance(item, InsertParagraph):
            if not item.after:
                raise EditPlanError("InsertParagraph needs `after` (a label, or START)")
            _check_marks(item.text, item.footnotes, f"the paragraph inserted after {item.after}")
        elif isinstance(item, DeleteParagraph | MoveParagraph):
            kind = "deleted" if isinstance(item, DeleteParagraph) else "moved"
            if item.label in whole:
                raise EditPlanError(f"{item.label} is {whole[item.label]} and {kind} in the same plan")
            if isinstance(item, MoveParagraph) and item.after == item.label:
                raise EditPlanError(f"{item.label} cannot be moved after itself")
            whole[item.label] = kind
        elif isinstance(item, InsertRow | InsertTable | Restyle):
            pass
        elif isinstance(item, DeleteRow):
            if item.label in whole:
                raise EditPlanError(f"{item.label} is {whole[item.label]} and its row deleted in the same plan")
            whole[item.label] = "deleted with its row"
        elif isinstance(item, Renumber):
            if item.label in renumbered:
                raise EditPlanError(f"{item.label} is renumbered twice")
            renumbered.add(item.label)
        else:  # pragma: no cover - a programming error
            raise TypeError(f"not a plan item: {item!r}")
    for label, kind in whole.items():
        if by_label.get(label):
            raise EditPlanError(f"{label} is {kind} and also edited; edit the text or the paragraph, not both")
        if label in renumbered and kind == "deleted":
            raise EditPlanError(f"{label} is deleted and also renumbered")
    for label, edits in by_label.items():
        ordered = sorted(edits, key=lambda e: (e.start, e.end))
        for a, b in itertools.pairwise(ordered):
            if conflicts(a, b):
                raise EditPlanError(
                    f"{label}: edits [{a.start}, {a.end}) and [{b.start}, {b.end}) overlap or touch the same "
                    "point; merge them into one edit"
                )


def _check_edit(edit: Edit) -> None:
    if edit.start < 0 or edit.end < edit.start:
        raise EditPlanError(f"{edit.label}: bad span [{edit.start}, {edit.end})")
    if edit.replacement is None:
        if not edit.comment:
            raise EditPlanError(f"{edit.label}: an edit without replacement must carry a comment")
        if edit.footnotes:
            raise EditPlanError(f"{edit.label}: footnotes given but nothing is inserted")
        return
    if edit.replacement == "" and edit.start == edit.end and not edit.comment and not edit.alternatives:
        raise EditPlanError(f"{edit.label}: empty edit at {edit.start}")
    _check_marks(edit.replacement, edit.footnotes, edit.label)
    for alt in edit.alternatives:
        _check_marks(alt.text, alt.footnotes, f"{edit.label} (alternative by {alt.author})")
    for emph in edit.emphasis:
        if not 0 <= emph.start <= emph.end <= len(edit.replacement):
            raise EditPlanError(f"{edit.label}: emphasis {emph.start}-{emph.end} outside the replacement")


def _check_marks(text: str, footnotes: Sequence[str], where: str) -> None:
    if text.count(FOOTNOTE_MARK) != len(footnotes):
        raise EditPlanError(
            f"{where}: {text.count(FOOTNOTE_MARK)} footnote mark(s) in the text but {len(footnotes)} footnote text(s)"
        )


def conflicts(a: Edit, b: Edit) -> bool:
    """Whether two edits of one text clash (in either order).

    Edits conflict when they overlap, or when an insertion touches another edit.

    Two insertions at one point, or an insertion at the edge of a replacement,
    leave the order of the new text to chance: the producer must merge them.
    Comment-only edits may share edges with anything.
    """
    if (b.start, b.end) < (a.start, a.end):
        a, b = b, a
    if a.replacement is None or b.replacement is None:
        return a.end > b.start and a.start < b.end and (a.replacement is None) == (b.replacement is None)
    if a.end > b.start:
        return True
    if a.end == b.start:
        return a.start == a.end or b.start == b.end
    return False


# --- plain and marked offsets -------------------------------------------------------


def marked_text(text: str, mark_offsets: Iterable[int]) -> str:
    """`text` with a FOOTNOTE_MARK before each offset in `mark_offsets` (several may share one)."""
    out: list[str] = []
    last = 0
    for offset in sorted(mark_offsets):
        offset = max(0, min(offset, len(text)))
        out.append(text[last:offset])
        out.append(FOOTNOTE_MARK)
        last = offset
    out.append(text[last:])
    return "".join(out)


def to_marked(offset: int, mark_offsets: Sequence[int], *, is_end: bool) -> int:
    """Map a plain offset to a marked one: a start goes after marks at that point, an end before them."""
    if is_end:
        return offset + sum(1 for m in mark_offsets if m < offset)
    return offset + sum(1 for m in mark_offsets if m <= offset)


def marked_span(edit: Edit, mark_offsets: Sequence[int]) -> tuple[int, int]:
    """The edit's span in marked offsets (unchanged when the edit already uses them)."""
    if edit.marks:
        return edit.start, edit.end
    start = to_marked(edit.start, mark_offsets, is_end=False)
    end = start if edit.start == edit.end else to_marked(edit.end, mark_offsets, is_end=True)
    return start, max(start, end)


def block_marks(block: Block) -> list[int]:
    """Offsets of a block's footnote marks in `Block.text`, in order."""
    return sorted(r.offset for r in block.footnote_refs)


_LABEL_RE = re.compile(r"^@(\d+)$")


def raw_index(label: str) -> int | None:
    """The body paragraph index of an `@n` address, else None."""
    match = _LABEL_RE.match(label)
    return int(match.group(1)) if match else None
