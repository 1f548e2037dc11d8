"""The edit plan: what to change in a draft, independent of how it is written.

Every producer of changes (the redliner's `compare`, carry-over, fixes) states
its changes as an `EditPlan` (through `resdraft.plan.PlanBuilder`, which skips
what would clash); one writer (`resdraft.redline.apply.write`) turns a
plan into Word tracked changes, and `apply_to_text` computes the accepted
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
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Union

from resdraft.errors import ResdraftError
from resdraft.model import Emphasis

if TYPE_CHECKING:
    from resdraft.model import Block, Resolution

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
    "TextBlock",
    "apply_to_text",
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


@dataclass(frozen=True)
class Alternative:
    """One of several competing insertions at an edit's place, each by its own author (a compilation)."""

    text: str
    author: str
    comment: str | None = None
    emphasis: tuple[Emphasis, ...] = ()
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
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
    """Give paragraph `label` the bold/italic/underline/highlight of `source` (same text), as `w:rPrChange`."""

    label: str
    source: Source


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


@dataclass(frozen=True)
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


# --- the accepted text, without Word -----------------------------------------------


@dataclass
class TextBlock:
    """A paragraph of the accepted text: label, typed number, text, and its footnotes in mark order."""

    label: str
    number_text: str
    text: str
    footnotes: list[str] = field(default_factory=list)
    marked: str = ""


def apply_to_text(resolution: Resolution, plan: EditPlan) -> list[TextBlock]:
    """The blocks as they read once every change of `plan` is accepted.

    Supports block labels and `FNn` addresses (not `@n`). Footnote texts are
    returned with the paragraph that references them, in mark order.
    """
    notes = {f"FN{f.number}": f.text for f in resolution.footnotes}
    by_label: dict[str, list[Edit]] = defaultdict(list)
    for edit in plan.text_edits():
        by_label[edit.label].append(edit)
    for label, edits in by_label.items():
        if label.startswith("FN") and label[2:].isdigit():
            if label not in notes:
                raise EditPlanError(f"{label}: no such footnote")
            notes[label] = _apply_edits(notes[label], [], edits)[0]
    blocks: list[TextBlock] = []
    index: dict[str, int] = {}
    moved = {item.label: item for item in plan.edits if isinstance(item, MoveParagraph)}
    deleted = {item.label for item in plan.edits if isinstance(item, DeleteParagraph)}
    numbers = {item.label: item.number_text for item in plan.edits if isinstance(item, Renumber)}
    known = {b.label for b in resolution.blocks}
    for label in [*by_label, *moved, *deleted, *numbers]:
        if label not in known and not (label.startswith("FN") and label in notes):
            raise EditPlanError(f"{label}: no such block" + (" (@n addresses need the .docx)" if label[:1] == "@"
                                                             else ""))
    for block in resolution.blocks:
        marks = [r.offset for r in block.footnote_refs]
        texts = [notes.get(f"FN{r.number}", "") for r in sorted(block.footnote_refs, key=lambda r: r.offset)]
        marked, texts = _apply_edits(block.text, marks, by_label.get(block.label, []), texts)
        item = TextBlock(block.label, numbers.get(block.label, block.number_text),
                         marked.replace(FOOTNOTE_MARK, ""), texts, marked)
        index[block.label] = len(blocks)
        blocks.append(item)
    # paragraph-level changes, in plan order; deleted blocks stay in the list (as anchors) until the end
    order: list[TextBlock] = list(blocks)
    gone: set[int] = set()  # id() of deleted or moved-away entries
    tail_of: dict[str, TextBlock] = {}  # the last paragraph inserted after a label

    def insert_after(anchor: str, new: TextBlock) -> None:
        if anchor == START:
            ref = tail_of.get(START)
            at = 0 if ref is None else _position(order, ref) + 1
        else:
            if anchor not in index:
                raise EditPlanError(f"insertion after {anchor}: no such block")
            ref = tail_of.get(anchor, blocks[index[anchor]])
            at = _position(order, ref) + 1
        order.insert(at, new)
        tail_of[anchor] = new

    for item in plan.edits:
        if isinstance(item, DeleteParagraph):
            gone.add(id(blocks[index[item.label]]))
        elif isinstance(item, MoveParagraph):
            block = blocks[index[item.label]]
            gone.add(id(block))
            insert_after(item.after, replace(block))
        elif isinstance(item, InsertParagraph):
            insert_after(item.after, TextBlock(item.label, item.number_text, item.text.replace(FOOTNOTE_MARK, ""),
                                               list(item.footnotes), item.text))
    return [b for b in order if id(b) not in gone]


def _position(order: list[TextBlock], entry: TextBlock) -> int:
    return next(i for i, b in enumerate(order) if b is entry)


def _apply_edits(text: str, marks: Sequence[int], edits: Sequence[Edit],
                 footnotes: Sequence[str] = ()) -> tuple[str, list[str]]:
    """Apply text edits to `text` (plain) with marks; return marked text and footnote texts in mark order."""
    marked = marked_text(text, marks)
    mark_offsets = sorted(marks)
    notes: list[list[str]] = [[n] for n in footnotes]  # one slot per character that is a mark
    slots: list[list[str] | None] = [None] * len(marked)
    k = 0
    for i, ch in enumerate(marked):
        if ch == FOOTNOTE_MARK and k < len(notes):
            slots[i] = notes[k]
            k += 1
    spans = sorted(((*marked_span(e, mark_offsets), e) for e in edits), key=lambda t: (t[0], t[1]), reverse=True)
    chars = list(marked)
    for start, end, edit in spans:
        if end > len(chars):
            raise EditPlanError(f"{edit.label}: span [{edit.start}, {edit.end}) beyond the text ({len(text)} chars)")
        if edit.replacement is None:
            continue
        kept = [] if edit.marks else [(c, s) for c, s in zip(chars[start:end], slots[start:end], strict=True)
                                       if c == FOOTNOTE_MARK]
        new_notes = iter(edit.footnotes)
        inserted = [(c, [next(new_notes)] if c == FOOTNOTE_MARK else None) for c in edit.replacement]
        merged = kept + inserted
        chars[start:end] = [c for c, _ in merged]
        slots[start:end] = [s for _, s in merged]
    out_notes = [s[0] for c, s in zip(chars, slots, strict=True) if c == FOOTNOTE_MARK and s is not None]
    return "".join(chars), out_notes


# --- the writer entry point moved -----------------------------------------------------------


def __getattr__(name: str) -> object:
    """`edits.apply_edit_plan` (now `resdraft.redline.apply.apply_edit_plan`), for callers not yet moved.

    Looked up by name so that `edits` (pure data) does not import the writer:
    that import was the one module cycle of the package.
    """
    if name == "apply_edit_plan":
        import importlib

        return importlib.import_module("resdraft.redline.apply").apply_edit_plan
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def block_marks(block: Block) -> list[int]:
    """Offsets of a block's footnote marks in `Block.text`, in order."""
    return sorted(r.offset for r in block.footnote_refs)


_LABEL_RE = re.compile(r"^@(\d+)$")


def raw_index(label: str) -> int | None:
    """The body paragraph index of an `@n` address, else None."""
    match = _LABEL_RE.match(label)
    return int(match.group(1)) if match else None
