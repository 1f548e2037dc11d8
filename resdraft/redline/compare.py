"""Compare two read drafts: align paragraphs, diff words, and state the result as an `EditPlan`.

OLD may hold other authors' pending tracked changes: they are compared as
they show (insertions in, deletions out) and the writer leaves them as they
are (an edit that would fall inside one becomes a comment on it).

Both drafts are read as .docx (a .md or .txt draft is first rendered with
`render_docx`, typed numbers), so that the plan's `@n` addresses and offsets
are those of OLD's paragraphs and the accepted text is NEW as Word shows
it. The plan is then written onto OLD by the ordinary plan writer: the
redline keeps OLD's styles, numbering and footnotes. Reading the files and writing
the redline is `resdraft.redline.comparison`'s job.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from resdraft.edits import (
    FOOTNOTE_MARK,
    START,
    DeleteParagraph,
    DeleteRow,
    Edit,
    EditPlan,
    InsertParagraph,
    InsertRow,
    InsertTable,
    MoveParagraph,
    PlanItem,
    Restyle,
    Source,
    marked_text,
    to_marked,
)
from resdraft.model import Emphasis, RawDocument
from resdraft.plan import plan_of
from resdraft.redline.align import Step, align, number_free
from resdraft.redline.layout import Place
from resdraft.redline.objects import signature_objects
from resdraft.redline.ties import prefer_alike
from resdraft.redline.tokens import word_diff

__all__ = ["Change", "Unit", "changed_kept_notes", "compare_raw"]


@dataclass
class Unit:
    """One paragraph of a draft as the comparison sees it."""

    index: int  # Location.index of its first w:p
    marked: str  # visible text, a FOOTNOTE_MARK per footnote reference
    notes: list[str]  # texts of the footnotes its marks refer to, in mark order
    numbers: list[int]  # display numbers of those footnotes
    emphasis: list[Emphasis]  # italic/bold spans in `marked` offsets
    style: str | None
    auto_numbered: bool

    @property
    def plain(self) -> str:
        return self.marked.replace(FOOTNOTE_MARK, "")


@dataclass
class Change:
    """One entry of the change list (`--format json`)."""

    block: str
    kind: str  # replace | renumber | insert | delete | move | format | link
    old: str
    new: str
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"block": self.block, "kind": self.kind, "old": self.old, "new": self.new, **self.extra}

def _units(raw: RawDocument, *, keep_empty: bool) -> list[Unit]:
    notes = {f.number: f.text for f in raw.footnotes}
    units = []
    for para in raw.paragraphs:
        if not keep_empty and not para.text.strip() and not para.footnote_refs:
            continue
        refs = sorted(para.footnote_refs, key=lambda r: r.offset)
        offsets = [r.offset for r in refs]
        marked = marked_text(para.text, offsets)
        emphasis = [Emphasis(to_marked(e.start, offsets, is_end=False), to_marked(e.end, offsets, is_end=True),
                             e.style) for e in para.emphasis if e.end > e.start]
        units.append(Unit(para.location.index, marked, [notes.get(r.number, "") for r in refs],
                          [r.number for r in refs], emphasis, para.style, para.auto_number is not None))
    return units


def _emphasis(unit: Unit, start: int, end: int) -> tuple[Emphasis, ...]:
    """Emphasis spans of `unit.marked[start:end]`, relative to `start`."""
    spans = [Emphasis(max(e.start, start) - start, min(e.end, end) - start, e.style)
             for e in unit.emphasis if e.start < end and e.end > start]
    return tuple(sorted(spans, key=lambda e: (e.start, e.end, e.style)))


def _mark_ordinals(text: str) -> list[int]:
    """Offsets of the footnote marks in `text` (found by `str.find`: a paragraph has few, often none)."""
    out = []
    k = text.find(FOOTNOTE_MARK)
    while k >= 0:
        out.append(k)
        k = text.find(FOOTNOTE_MARK, k + 1)
    return out


def _notes_in(unit: Unit, start: int, end: int) -> tuple[str, ...]:
    ordinals = _mark_ordinals(unit.marked)
    return tuple(unit.notes[n] for n, pos in enumerate(ordinals) if start <= pos < end)


@dataclass
class _Item:
    """What the alignment pairs: a paragraph ("p"), or a table row ("r") with its paragraphs cell by cell."""

    kind: str
    units: list[Unit]
    place: Place | None = None
    cells: list[int] = field(default_factory=list)  # cell ordinal of each unit (rows)

    @property
    def key(self) -> str:
        if self.kind == "p":
            return self.units[0].plain
        return " \u2502 ".join(u.plain for u in self.units)

    @property
    def anchor(self) -> str:
        return f"@{self.units[0].index}"

    def shape(self) -> list[int]:
        """Paragraphs per cell (rows)."""
        counts: dict[int, int] = {}
        for c in self.cells:
            counts[c] = counts.get(c, 0) + 1
        return [counts[c] for c in sorted(counts)]


def _items(units: Sequence[Unit], layout: dict[int, Place | None] | None) -> list[_Item]:
    items: list[_Item] = []
    for u in units:
        if layout is not None and u.index not in layout:
            continue  # a text box's paragraph: it goes with the run that holds the drawing
        place = layout.get(u.index) if layout is not None else None
        if place is None:
            items.append(_Item("p", [u]))
            continue
        last = items[-1] if items else None
        if last is not None and last.kind == "r" and last.place is not None \
                and (last.place.table, last.place.row) == (place.table, place.row):
            last.units.append(u)
            last.cells.append(place.cell)
        else:
            items.append(_Item("r", [u], place, [place.cell]))
    return items


def compare_raw(old: RawDocument, new: RawDocument, *, author: str = "resdraft", date: str | None = None,
                old_labels: dict[int, str] | None = None, new_labels: dict[int, str] | None = None,
                keep_empty: bool = True, old_layout: dict[int, Place | None] | None = None,
                new_layout: dict[int, Place | None] | None = None,
                new_source: str | None = None,
                signatures: tuple[dict[int, tuple[object, ...]], dict[int, tuple[object, ...]]] | None = None,
                ) -> tuple[EditPlan, list[Change]]:
    """The plan (with `@n` addresses of OLD) and change list that turn OLD into NEW.

    With the layouts of both .docx (`layout.places`), table rows are aligned
    as units and written as row revisions; with `new_source` (NEW's .docx),
    inserted paragraphs, rows and tables are copied from NEW's XML.
    """
    old_items = _items(_units(old, keep_empty=keep_empty), old_layout)
    new_items = _items(_units(new, keep_empty=keep_empty), new_layout)
    steps = align([i.key for i in old_items], [i.key for i in new_items],
                  kinds=([i.kind for i in old_items], [i.kind for i in new_items]))
    if signatures is not None:  # of identical paragraphs, keep the one with the same section break or drawing
        steps = prefer_alike(steps, [i.key for i in old_items], [i.key for i in new_items],
                             [_feature(i, signatures[0]) for i in old_items],
                             [_feature(i, signatures[1]) for i in new_items])
    old_labels = old_labels or {}
    new_labels = new_labels or {}

    def old_name(u: Unit) -> str:
        return old_labels.get(u.index, f"@{u.index}")

    def new_name(u: Unit) -> str:
        return new_labels.get(u.index, f"new@{u.index}")

    def source(u: Unit) -> Source | None:
        return Source(new_source, u.index) if new_source is not None else None

    items: list[PlanItem] = []
    changes: list[Change] = []
    edited_notes: set[int] = set()
    last_old: str = START
    kept = _kept_pairs(steps)
    # tables: which OLD table each NEW table continues (through its kept rows), and the rows seen so far
    table_of_new: dict[int, int] = {}
    first_row: dict[int, str] = {}
    for step in steps:
        if step.old is not None and step.new is not None and old_items[step.old].kind == "r":
            o_place, n_place = old_items[step.old].place, new_items[step.new].place
            assert o_place is not None and n_place is not None
            table_of_new.setdefault(n_place.table, o_place.table)
            first_row.setdefault(o_place.table, old_items[step.old].anchor)
    last_row: dict[int, str] = {}
    tables_inserted: set[int] = set()

    pure: list[tuple[int, str, bool]] = []  # (item index, text, is a deletion) of whole-stretch edits

    def pair(o: Unit, n: Unit) -> None:
        hunks = word_diff(o.marked, n.marked)
        for h in hunks:
            if (h.old_end > h.old_start) != (h.new_end > h.new_start):
                deleted = h.old_end > h.old_start
                pure.append((len(items), o.marked[h.old_start:h.old_end] if deleted else
                             n.marked[h.new_start:h.new_end], deleted))
            span = (h.new_start, h.new_end) if new_source is not None else None  # empty: where NEW deleted
            items.append(Edit(f"@{o.index}", h.old_start, h.old_end, n.marked[h.new_start:h.new_end], marks=True,
                              italic=False, emphasis=_emphasis(n, h.new_start, h.new_end),
                              footnotes=_notes_in(n, h.new_start, h.new_end),
                              source=source(n) if span else None, source_span=span))
        objects_differ = signatures is not None and signature_objects(
            signatures[0].get(o.index)) != signature_objects(signatures[1].get(n.index))
        if hunks:
            kind = "renumber" if number_free(o.plain) == number_free(n.plain) else "replace"
            changes.append(Change(old_name(o), kind, o.plain, n.plain))
            if new_source is not None and objects_differ:  # an image added or dropped beside the edited words
                items.append(Restyle(f"@{o.index}", Source(new_source, n.index), objects_only=True))
        elif new_source is not None and (o.plain or objects_differ) and (
                signatures is None or signatures[0].get(o.index) != signatures[1].get(n.index)):
            items.append(Restyle(f"@{o.index}", Source(new_source, n.index)))
            changes.append(Change(old_name(o), "format", o.plain, n.plain))
        _footnote_edits(o, n, hunks, items, changes, edited_notes)

    for pos, step in enumerate(steps):
        if step.old is not None and step.new is not None:
            oi, ni = old_items[step.old], new_items[step.new]
            last_old = oi.anchor
            if oi.kind == "p":
                pair(oi.units[0], ni.units[0])
                continue
            assert oi.place is not None
            last_row[oi.place.table] = oi.anchor
            if oi.shape() == ni.shape():
                for o, n in zip(oi.units, ni.units, strict=True):
                    pair(o, n)
            elif new_source is not None:
                items.append(DeleteRow(oi.anchor))
                items.append(InsertRow(oi.anchor, Source(new_source, ni.units[0].index)))
                changes.append(Change(f"row {old_name(oi.units[0])}", "replace", oi.key, ni.key))
        elif step.old is not None:
            oi = old_items[step.old]
            o = oi.units[0]
            last_old = oi.anchor
            if oi.kind == "r":
                assert oi.place is not None
                last_row[oi.place.table] = oi.anchor
                items.append(DeleteRow(oi.anchor))
                changes.append(Change(f"row {old_name(o)}", "delete", oi.key, ""))
                continue
            if step.moved and step.partner is not None and _same(o, new_items[step.partner].units[0]):
                continue  # a MoveParagraph is emitted where it lands
            items.append(DeleteParagraph(oi.anchor))
            if step.moved and step.partner is not None:
                n = new_items[step.partner].units[0]
                changes.append(Change(old_name(o), "move", o.plain, n.plain, {"to": new_name(n)}))
            else:
                changes.append(Change(old_name(o), "delete", o.plain, ""))
        else:
            assert step.new is not None
            ni = new_items[step.new]
            n = ni.units[0]
            if ni.kind == "r":
                assert ni.place is not None
                if new_source is None:
                    continue
                target_table = table_of_new.get(ni.place.table)
                if target_table is None:
                    if ni.place.table not in tables_inserted:
                        tables_inserted.add(ni.place.table)
                        items.append(InsertTable(last_old, Source(new_source, n.index)))
                        changes.append(Change(new_name(n), "insert", "", "(table)"))
                    continue
                if target_table in last_row:
                    items.append(InsertRow(last_row[target_table], Source(new_source, n.index)))
                else:
                    items.append(InsertRow(first_row[target_table], Source(new_source, n.index), before=True))
                changes.append(Change(f"row {new_name(n)}", "insert", "", ni.key))
                continue
            if step.moved and step.partner is not None:
                o = old_items[step.partner].units[0]
                if _same(o, n):
                    items.append(MoveParagraph(f"@{o.index}", last_old))
                    changes.append(Change(old_name(o), "move", o.plain, n.plain, {"to": new_name(n)}))
                    continue
                like = f"@{o.index}"
            else:
                like = _like(steps, pos, kept, old_items, new_items, n) or (last_old if last_old != START else None)
                changes.append(Change(new_name(n), "insert", "", n.plain))
            items.append(InsertParagraph(last_old, n.marked, emphasis=_emphasis(n, 0, len(n.marked)),
                                         footnotes=tuple(n.notes), like=like, label=new_name(n), source=source(n)))
    if new_source is not None:
        _name_moves(items, pure)
    return plan_of(items, author=author, date=date, what="the comparison"), changes


def _feature(item: _Item, signatures: dict[int, tuple[object, ...]]) -> tuple[object, ...] | None:
    """What ties identical paragraphs apart (`ties.prefer_alike`): a section break, the drawings shown."""
    if item.kind != "p":
        return None
    signature = signatures.get(item.units[0].index)
    return (any(isinstance(s, tuple) and s[:1] == ("sectPr",) for s in signature or ()),
            signature_objects(signature))


_MIN_MOVED_WORDS = 3


def _name_moves(items: list[PlanItem], pure: Sequence[tuple[int, str, bool]]) -> None:
    """Give a deleted stretch and an inserted one of the same text (a sentence moved) a shared move name.

    Only a text deleted once and inserted once is a move, and a few words
    are needed (a repeated "and" is no move). The insertion is still NEW's
    XML (notes, links, fields copied), the deletion OLD's.
    """
    by_text: dict[str, list[tuple[int, bool]]] = {}
    for index, text, deleted in pure:
        key = " ".join(text.split())
        if len(key.split()) >= _MIN_MOVED_WORDS:
            by_text.setdefault(key, []).append((index, deleted))
    count = 0
    for found in by_text.values():
        gone = [i for i, deleted in found if deleted]
        came = [i for i, deleted in found if not deleted]
        if len(gone) != 1 or len(came) != 1:
            continue
        count += 1
        for i in (gone[0], came[0]):
            item = items[i]
            assert isinstance(item, Edit)
            items[i] = dataclasses.replace(item, move=f"resdraftMove{count}")



def _same(o: Unit, n: Unit) -> bool:
    return o.marked == n.marked and o.notes == n.notes


def _kept_pairs(steps: Sequence[Step]) -> list[int]:
    return [k for k, s in enumerate(steps) if s.old is not None and s.new is not None]


def _like(steps: Sequence[Step], pos: int, kept: Sequence[int], old_items: Sequence[_Item],
          new_items: Sequence[_Item], unit: Unit) -> str | None:
    """The OLD paragraph a new paragraph should look like: the nearest kept pair of the same shape."""
    shape = (unit.style, unit.auto_numbered)
    before = [k for k in kept if k < pos][::-1]
    after = [k for k in kept if k > pos]
    for k in [*before, *after]:
        step = steps[k]
        assert step.old is not None and step.new is not None
        if new_items[step.new].kind != "p":
            continue
        n = new_items[step.new].units[0]
        if (n.style, n.auto_numbered) == shape:
            return old_items[step.old].anchor
    for item in old_items:
        o = item.units[0]
        if item.kind == "p" and (o.style, o.auto_numbered) == shape:
            return f"@{o.index}"
    return None


def changed_kept_notes(o: Unit, n: Unit, hunks: Sequence[Any], done: set[int]) -> list[tuple[int, str, str]]:
    """(number, OLD text, NEW text) of each footnote whose mark the paragraph diff kept and whose text changed.

    `done` collects the numbers seen, so a note referenced twice is diffed once (compare and merge share this).
    """
    def outside(positions: list[int], ranges: list[tuple[int, int]]) -> list[int]:
        return [k for k, p in enumerate(positions) if not any(a <= p < b for a, b in ranges)]

    old_kept = outside(_mark_ordinals(o.marked), [(h.old_start, h.old_end) for h in hunks])
    new_kept = outside(_mark_ordinals(n.marked), [(h.new_start, h.new_end) for h in hunks])
    changed = []
    for ko, kn in zip(old_kept, new_kept, strict=False):
        number = o.numbers[ko]
        old_text, new_text = o.notes[ko], n.notes[kn]
        if number in done or old_text == new_text:
            continue
        done.add(number)
        changed.append((number, old_text, new_text))
    return changed


def _footnote_edits(o: Unit, n: Unit, hunks: Sequence[Any], items: list[PlanItem], changes: list[Change],
                    done: set[int]) -> None:
    """Word edits inside the footnotes whose marks the paragraph diff kept."""
    for number, old_text, new_text in changed_kept_notes(o, n, hunks, done):
        for h in word_diff(old_text, new_text):
            items.append(Edit(f"FN{number}", h.old_start, h.old_end, new_text[h.new_start:h.new_end], italic=None))
        changes.append(Change(f"FN{number}", "replace", old_text, new_text))
