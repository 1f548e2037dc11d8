"""A plan's accepted text computed without Word: the oracle the tests read a plan against.

`apply_to_text(resolution, plan)` gives the blocks as they read once every change is accepted, from the parsed
draft alone (no .docx, no writer), so a test can say what accept-all in a word processor must show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from resdraft.edits import (
    FOOTNOTE_MARK,
    START,
    DeleteParagraph,
    Edit,
    EditPlan,
    EditPlanError,
    InsertParagraph,
    MoveParagraph,
    Renumber,
    marked_span,
    marked_text,
)
from resdraft.model import Resolution


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
