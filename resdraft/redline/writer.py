"""Apply an `EditPlan` to a .docx as tracked changes, run by run.

The text a plan's offsets index is the visible text the reader saw
(`readers.ooxml.iter_visible_runs`), so each character is first tied to its
run and run child (a `_Cell`). An edit then splits runs at its two ends
(`oxml.split_run`, both halves keep their `w:rPr`), wraps the runs between
in `w:del` and adds a `w:ins` with new runs right after. Edits of one
paragraph are applied right to left, so the cells left of an edit stay valid.

Paragraph marks: a deleted paragraph has its runs in `w:del` and its mark
marked deleted; an inserted one is a new `w:p` whose mark is marked inserted.
A story's last mark cannot be inserted or deleted, so when the last
paragraphs of a story are inserted or deleted each mark takes the flag of
the paragraph after it (`_fix_story_ends`): the text after accept-all and
reject-all is then exact in Word and LibreOffice.

Other authors' pending revisions are never rewritten: an edit inside one
(or a deletion or move of a paragraph holding one) becomes a comment on that
revision saying why (`_refuse_foreign`). Each item may name its own author
(`Edit.author`, ...; default the plan's), and an edit may carry competing
`alternatives`, each inserted after it by its own author (a compilation).
"""

from __future__ import annotations

import copy
import itertools
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from lxml import etree

from resdraft.edits import (
    FOOTNOTE_MARK,
    START,
    DeleteParagraph,
    DeleteRow,
    Edit,
    EditPlan,
    EditPlanError,
    InsertParagraph,
    InsertRow,
    InsertTable,
    MoveParagraph,
    Renumber,
    Restyle,
    Source,
    marked_span,
    normalize_date,
    raw_index,
)
from resdraft.model import Emphasis, RawDocument, Resolution
from resdraft.ooxml import (
    Package,
    Styles,
    body_paragraphs,
    iter_visible_runs,
    logical_paragraphs,
    qn,
)
from resdraft.ooxml.namespaces import (
    CT_COMMENTS,
    CT_ENDNOTES,
    CT_FOOTNOTES,
    REL_COMMENTS,
    REL_ENDNOTES,
    REL_FOOTNOTES,
    REL_STYLES,
)
from resdraft.redline.bookmarks import keep_one_bookmark
from resdraft.redline.comment_ranges import end_ranges_after_references, references_after
from resdraft.redline.comment_refs import references_into_ranges
from resdraft.redline.controls import inline_block_control
from resdraft.redline.formatting import format_key, restyle_run
from resdraft.redline.fragments import notes_after, source_cells, span_fragments
from resdraft.redline.importer import Importer
from resdraft.redline.mark_shift import shift_endnote_holders
from resdraft.redline.moves import MoveMaker, moved_range
from resdraft.redline.note_marks import NotePlan, plan_notes
from resdraft.redline.oxml import (
    RevisionIds,
    make_del,
    make_ins,
    make_run,
    mark_paragraph,
    mark_revision,
    set_rpr_child,
    split_run,
    to_deleted,
    unmark_paragraph,
    w_el,
)
from resdraft.redline.paragraph_format import default_style, paragraph_key, restyle_paragraph
from resdraft.redline.sections import has_section, move_section_breaks
from resdraft.redline.tables import row_of, table_of, track_row, track_table
from resdraft.redline.track import (
    content_runs,
    fill_between,
    fldsimple_to_complex,
    lift_controls,
    trailing_note_runs,
    wrap_runs,
)

__all__ = ["apply_plan"]

_P = qn("w:p")
_R = qn("w:r")
_TBL = qn("w:tbl")
_HYPERLINK = qn("w:hyperlink")
_RID = qn("r:id")
_FLD_SIMPLE = qn("w:fldSimple")
#: What a copied stretch of NEW can hold beyond text (the reason to copy rather than type it).
_RICH = tuple(qn(t) for t in ("w:hyperlink", "w:drawing", "w:pict", "w:object", "w:fldChar", "w:fldSimple",
                              "w:footnoteReference", "w:endnoteReference", "w:commentRangeStart",
                              "w:commentReference", "w:bookmarkStart", "w:sdt"))
_RPR = qn("w:rPr")
_PPR = qn("w:pPr")
_REVISION_CONTAINERS = frozenset(qn(t) for t in ("w:ins", "w:del", "w:moveTo", "w:moveFrom"))
_RUN_REVISION_PROPS = tuple(qn(t) for t in ("w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rPrChange"))
_STORIES = frozenset(qn(t) for t in ("w:body", "w:tc", "w:txbxContent", "w:footnote", "w:endnote", "w:comment",
                                     "w:hdr", "w:ftr"))


class _Cell:
    """One character of a target's text: where it lives (run, run child, index in that child's text)."""

    __slots__ = ("bold", "ch", "idx", "italic", "mark", "node", "para", "run")

    def __init__(self, ch: str, run: etree._Element | None, node: etree._Element | None, idx: int,
                 italic: bool = False, bold: bool = False, mark: bool = False,
                 para: etree._Element | None = None) -> None:
        self.ch = ch
        self.run = run  # None for a synthetic separator (a paragraph boundary inside a block)
        self.node = node
        self.idx = idx
        self.italic = italic
        self.bold = bold
        self.mark = mark
        self.para = para


@dataclass
class _Text:
    """The cells of one or more `w:p` (a paragraph, a merged block, a footnote), shared by every address."""

    paras: list[etree._Element]
    cells: list[_Cell]
    edits: list[tuple[int, int, Edit]] = field(default_factory=list)


@dataclass
class _Target:
    """An address: a view onto a `_Text` (cell index of each character of the addressed text)."""

    label: str
    text: _Text
    view: list[int]  # cell index per character of the addressed (marked) text, plus one for its end
    plain_marks: list[int]  # plain offsets of the footnote marks (for plain-offset edits)
    number_span: tuple[int, int] | None = None  # cells of a typed number (Renumber)
    auto_numbered: bool = False

    @property
    def paras(self) -> list[etree._Element]:
        return self.text.paras

    @property
    def cells(self) -> list[_Cell]:
        """The addressed cells, in order."""
        return [self.text.cells[i] for i in self.view[:-1]]

    @property
    def marked(self) -> str:
        return "".join(self.text.cells[i].ch for i in self.view[:-1])


class _Writer:
    def __init__(self, pkg: Package, plan: EditPlan, resolution: Resolution | None, raw: RawDocument | None,
                 source_path: str | None, source: str | os.PathLike[str] | bytes | None = None) -> None:
        self.pkg = pkg
        self.source = source
        self.plan = plan
        self.author = plan.author
        self.date = plan.date or normalize_date(None)
        self.resolution = resolution
        self.raw = raw
        self.source_path = source_path
        self.document = pkg.xml(pkg.main, write=True)
        assert self.document is not None
        styles_name = pkg.related(pkg.main, REL_STYLES)
        self.styles = Styles(pkg.xml(styles_name) if styles_name else None)
        self.footnotes_name = pkg.related(pkg.main, REL_FOOTNOTES)
        self.footnotes = pkg.xml(self.footnotes_name) if self.footnotes_name else None
        self.comments_name = pkg.related(pkg.main, REL_COMMENTS)
        self.comments = pkg.xml(self.comments_name) if self.comments_name else None
        self.ids = RevisionIds([self.document, self.footnotes, self.comments])
        self.paras = body_paragraphs(self.document)
        self._groups: dict[int, list[int]] | None = None
        self._targets: dict[str, _Target] = {}
        self._texts: dict[tuple[int, ...], tuple[_Text, list[int]]] = {}
        self._section_gains: list[etree._Element] = []  # kept paragraphs NEW gives a section break
        self._status: dict[etree._Element, str] = {}  # w:p -> "D" (deleted) / "I" (inserted) by this plan
        self._mark_author: dict[etree._Element, str] = {}  # w:p -> who inserted or deleted it (this plan)
        self._foreign_notes: list[tuple[etree._Element, str, str]] = []  # (revision, author, comment) to add
        self._last_insert: dict[str, etree._Element] = {}
        self._next_footnote_id: int | None = None
        self._fn_by_number: dict[int, int] | None = None
        self._importers: dict[str, Importer] = {}
        self.endnotes_name: str | None = None
        self._bookmarks_twice: list[etree._Element] = []  # copied bookmark starts whose name OLD defines too
        self._move: str | None = None  # the move name of the edit being written (Edit.move)

    # -- addresses ----------------------------------------------------------------------
    def groups(self) -> dict[int, list[int]]:
        if self._groups is None:
            self._groups = {g[0]: g for g in logical_paragraphs(self.paras, self.styles)}
        return self._groups

    def _resolution(self) -> Resolution:
        if self.resolution is None:
            if self.source_path is None:
                raise EditPlanError("block labels need the parsed draft: pass `resolution=`")
            from resdraft.parse import parse_file

            self.resolution = parse_file(self.source_path)
        return self.resolution

    def _footnote_numbers(self) -> dict[int, int]:
        """Display number -> footnote `w:id`."""
        if self._fn_by_number is None:
            notes = None
            if self.resolution is not None:
                notes = [(f.number, f.xml_id) for f in self.resolution.footnotes]
            else:
                if self.raw is None:
                    if self.source_path is None:
                        raise EditPlanError("footnote labels need the parsed draft: pass `resolution=` or `raw=`")
                    from resdraft.readers.docx import read_docx

                    self.raw = read_docx(self.source_path)
                notes = [(f.number, f.xml_id) for f in self.raw.footnotes]
            self._fn_by_number = {n: x for n, x in notes if x is not None}
        return self._fn_by_number

    def target(self, label: str) -> _Target:
        if label in self._targets:
            return self._targets[label]
        index = raw_index(label)
        if index is not None:
            group = self.groups().get(index)
            if group is None:
                raise EditPlanError(f"{label}: no paragraph starts at body paragraph {index}")
            target = self._make_target(label, [[self.paras[i] for i in group]], lead=0, joiner="")
        elif label.startswith("FN") and label[2:].isdigit():
            target = self._footnote_target(label, int(label[2:]))
        else:
            target = self._block_target(label)
        self._targets[label] = target
        return target

    def _block_target(self, label: str) -> _Target:
        resolution = self._resolution()
        blocks = resolution.blocks
        pos = next((i for i, b in enumerate(blocks) if b.label == label), None)
        if pos is None:
            raise EditPlanError(f"{label}: no such block in {resolution.path}")
        block = blocks[pos]
        if block.location.part != "document":
            raise EditPlanError(f"{label}: the block was not read from a .docx; parse the .docx the plan applies to")
        start = block.location.index
        stop = next((b.location.index for b in blocks[pos + 1:] if b.location.part == "document"), len(self.paras))
        heads = [h for h in sorted(self.groups()) if start <= h < stop]
        segments = [[self.paras[i] for i in self.groups()[h]] for h in heads]
        target = self._make_target(label, segments, lead=block.text_offset, joiner=" ", strip_end=True)
        if target.marked.replace(FOOTNOTE_MARK, "") != block.text:
            raise EditPlanError(f"{label}: the block's text does not match paragraph {start} of the .docx; "
                                "was the draft parsed from another file?")
        if block.numbering == "typed" and block.number_text:
            target.number_span = _find_number(target.text.cells, block.number_text, block.text_offset)
        target.auto_numbered = block.numbering == "auto" or target.auto_numbered
        return target

    def _footnote_target(self, label: str, number: int) -> _Target:
        xml_id = self._footnote_numbers().get(number)
        note = self._footnote_element(xml_id) if xml_id is not None else None
        if note is None:
            raise EditPlanError(f"{label}: no footnote {number} in the document")
        if self.footnotes_name is not None:
            self.pkg.xml(self.footnotes_name, write=True)
        paras = list(note.iter(_P))
        groups = logical_paragraphs(paras, self.styles)
        return self._make_target(label, [[paras[i] for i in g] for g in groups], lead=None, joiner="\n",
                                 strip_end=True)

    def _footnote_element(self, xml_id: int) -> etree._Element | None:
        if self.footnotes is None:
            return None
        for note in self.footnotes.iterchildren(qn("w:footnote")):
            if note.get(qn("w:id")) == str(xml_id):
                return note
        return None

    def _text_of(self, segments: Sequence[Sequence[etree._Element]], joiner: str) -> tuple[_Text, list[int]]:
        """The shared cells of these paragraphs (built once), and where each segment starts."""
        key = tuple(id(seg[0]) for seg in segments if seg)
        found = self._texts.get(key)
        if found is not None:
            return found
        cells: list[_Cell] = []
        paras: list[etree._Element] = []
        starts: list[int] = []
        for n, segment in enumerate(segments):
            if n > 0:
                cells.append(_Cell(joiner, None, None, 0, para=segment[0]))
            starts.append(len(cells))
            for p in segment:
                paras.append(p)
                for piece in iter_visible_runs(p, self.styles):
                    if piece.footnote_id is not None:
                        cells.append(_Cell(FOOTNOTE_MARK, piece.run, piece.node, 0, mark=True, para=p))
                        continue
                    for k, ch in enumerate(piece.text):
                        cells.append(_Cell(ch, piece.run, piece.node, k, piece.italic, piece.bold, para=p))
        result = (_Text(paras, cells), starts)
        self._texts[key] = result
        return result

    def _make_target(self, label: str, segments: Sequence[Sequence[etree._Element]], *, lead: int | None,
                     joiner: str, strip_end: bool = False) -> _Target:
        """A view of the addressed text.

        `lead` plain characters are skipped at the start (a typed number);
        None strips leading white space. Later segments are joined with
        `joiner` (a synthetic cell), each stripped, as the structure builder
        joins continuation paragraphs and the reader joins footnote paragraphs.
        """
        text, starts = self._text_of(segments, joiner)
        cells = text.cells
        view: list[int] = []
        for n, first in enumerate(starts):
            stop = starts[n + 1] - 1 if n + 1 < len(starts) else len(cells)
            seg = list(range(first, stop))
            seg = _drop_plain(cells, seg, lead) if n == 0 and lead is not None else _lstrip(cells, seg)
            if strip_end or n > 0:
                seg = _rstrip(cells, seg)
            if n > 0 and (seg or view):
                view.append(first - 1)  # the synthetic joiner
            view.extend(seg)
        end = view[-1] + 1 if view else _lead_end(cells, lead)
        view.append(end)
        plain_marks: list[int] = []
        plain = 0
        for i in view[:-1]:
            if cells[i].mark:
                plain_marks.append(plain)
            else:
                plain += 1
        numbered = bool(text.paras) and _has_numbering(text.paras[0], self.styles)
        return _Target(label, text, view, plain_marks, auto_numbered=numbered)

    # -- the plan -------------------------------------------------------------------------
    def run(self) -> None:
        items = self.plan.edits
        # resolve every address first: the tree changes below
        for item in items:
            for label in _labels_of(item):
                self.target(label)
        moves = MoveMaker(self) if any(isinstance(item, MoveParagraph) for item in items) else None
        if moves is not None:
            self._importers["\0moves"] = moves.importer
        moved_copies = {item.label: moves.copy(self.target(item.label).paras)
                        for item in items if isinstance(item, MoveParagraph) and moves is not None}
        for item in items:
            if isinstance(item, Edit):
                target = self.target(item.label)
                start, end = marked_span(item, target.plain_marks)
                length = len(target.view) - 1
                if end > length:
                    raise EditPlanError(f"{item.label}: span [{item.start}, {item.end}) is beyond the end of its text "
                                        f"({len(target.marked.replace(FOOTNOTE_MARK, ''))} characters)")
                cells = target.text.cells
                if any(cells[i].run is None for i in target.view[start:end]):
                    raise EditPlanError(f"{item.label}: [{item.start}, {item.end}) crosses a paragraph boundary")
                if item.replacement is not None and self._refuse_foreign(cells, target.view, start, end, item):
                    continue
                target.text.edits.append((target.view[start], target.view[end], item))
            elif isinstance(item, Renumber):
                target = self.target(item.label)
                if target.number_span is None or target.auto_numbered:
                    continue  # Word numbers it, or nothing typed to change
                edit = Edit(item.label, 0, 0, item.number_text, comment=item.comment, code=item.code)
                target.text.edits.append((*target.number_span, edit))
        for text, _ in self._texts.values():
            spans = sorted(text.edits, key=lambda t: (t[0], t[1]))
            for (_s1, e1, x1), (s2, _e2, x2) in itertools.pairwise(spans):
                if e1 > s2:
                    raise EditPlanError(f"{x1.label} and {x2.label}: edits overlap in the same paragraph")
            for start, end, edit in reversed(spans):
                self._apply_edit(text, start, end, edit)
        refused: set[str] = set()
        for item in items:
            if isinstance(item, Restyle):
                self._restyle(item)
        for item in items:
            if isinstance(item, DeleteParagraph | MoveParagraph):
                self.author = item.author or self.plan.author
                target = self.target(item.label)
                if self._refuse_foreign_paragraph(target, item):
                    refused.add(item.label)
                    continue
                if isinstance(item, DeleteParagraph):
                    self._delete_paragraph(target, item.comment)
                else:
                    assert moves is not None
                    moves.move_from(target.paras)
                    self._status.update((p, "D") for p in target.paras)
            elif isinstance(item, DeleteRow):
                self._delete_row(item)
        self.author = self.plan.author
        row_anchors: dict[etree._Element, etree._Element] = {}
        for item in items:
            if isinstance(item, InsertParagraph):
                self.author = item.author or self.plan.author
                self._insert_paragraph(item)
            elif isinstance(item, MoveParagraph) and item.label not in refused:
                self.author = item.author or self.plan.author
                self._place_after(item.after, moved_copies[item.label], item.comment)
            elif isinstance(item, InsertRow):
                self._insert_row(item, row_anchors)
            elif isinstance(item, InsertTable):
                self._insert_table(item)
        self.author = self.plan.author
        for element, author, text in self._foreign_notes:
            self.author = author
            self._comment(element, element, text)
        self.author = self.plan.author
        self._fix_story_ends()
        keep_one_bookmark(self.document, self._bookmarks_twice)
        move_section_breaks(self._section_gains, self._revision)
        shift_endnote_holders([p for p, status in self._status.items() if status == "D"], self._revision)
        if self._next_footnote_id is not None or any(i.imported_notes for i in self._importers.values()):
            self._sort_footnotes()
        if self.comments is not None:
            self._move_comment_marks()

    def _move_comment_marks(self) -> None:
        """Move a comment mark that stands between the first two footnote marks past the second one.

        LibreOffice (7.4) gives footnotes the wrong texts when a comment
        reference lies between the document's first and second footnote
        references. Within one paragraph the comment mark can move after the
        second footnote mark (the commented range stays where it is).
        """
        refs = [r.getparent() for r in itertools.islice(self.document.iter(qn("w:footnoteReference")), 2)]
        if len(refs) < 2:
            return
        order = {el: k for k, el in enumerate(self.document.iter())}
        low, high = order[refs[0]], order[refs[1]]
        second_p = next(refs[1].iterancestors(_P), None)
        for mark in list(self.document.iter(qn("w:commentReference"))):
            run = mark.getparent()
            if low < order.get(run, -1) < high and next(run.iterancestors(_P), None) is second_p:
                run.getparent().remove(run)
                _place_after_element(refs[1], run, self.ids)

    def _sort_footnotes(self) -> None:
        """Give footnotes ids that ascend in reference order, and order footnotes.xml alike.

        LibreOffice (7.x) hands footnote contents to the references in
        ascending id order, whatever the ids say; a new note referenced
        before older ones would lend its text to another mark. Word does not
        mind which ids footnotes have, so renumbering them is harmless.
        """
        root = self._footnotes_root()
        refs = list(self.document.iter(qn("w:footnoteReference")))
        order: dict[str, int] = {}
        for ref in refs:
            order.setdefault(ref.get(qn("w:id"), ""), len(order))
        notes = list(root.iterchildren(qn("w:footnote")))
        special = [n for n in notes if n.get(qn("w:type")) not in (None, "normal")]
        normal = [n for n in notes if n.get(qn("w:type")) in (None, "normal")]
        ranked = sorted(normal, key=lambda n: order.get(n.get(qn("w:id"), ""), len(order)))
        first = 1 + max([0, *(int(v) for v in (n.get(qn("w:id")) for n in special) if v and v.lstrip("-").isdigit())])
        new_ids = {n.get(qn("w:id"), ""): str(first + k) for k, n in enumerate(ranked)}
        if ranked == normal and all(old == new for old, new in new_ids.items()):
            return
        for note in notes:
            root.remove(note)
        for note in ranked:
            note.set(qn("w:id"), new_ids[note.get(qn("w:id"), "")])
        root.extend(special + ranked)
        for ref in refs:
            old = ref.get(qn("w:id"), "")
            if old in new_ids:
                ref.set(qn("w:id"), new_ids[old])

    # -- text edits -----------------------------------------------------------------------
    def _split_at(self, cells: list[_Cell], i: int) -> None:
        """Make cell i the first content of its run, updating the cells that moved to the new run."""
        if i >= len(cells) or cells[i].run is None:
            return
        cell = cells[i]
        old_run, old_node, cut = cell.run, cell.node, cell.idx
        new_run = split_run(old_run, old_node, cut)
        if new_run is old_run:
            return
        new_node = next(c for c in new_run if c.tag != _RPR) if cut else old_node
        for j in range(i, len(cells)):
            other = cells[j]
            if other.run is not old_run:
                break
            other.run = new_run
            if cut and other.node is old_node:
                other.node = new_node
                other.idx -= cut

    def _apply_edit(self, target: _Text, start: int, end: int, edit: Edit) -> None:
        self.author = edit.author or self.plan.author
        self._move = edit.move
        try:
            self._apply_edit_as(target, start, end, edit)
        finally:
            self.author = self.plan.author
            self._move = None

    def _apply_edit_as(self, target: _Text, start: int, end: int, edit: Edit) -> None:
        cells = target.cells
        self._split_at(cells, end)
        self._split_at(cells, start)
        span = cells[start:end]
        url = self._link_target(span, target) if edit.link_note and edit.replacement is not None else None
        keep_marks = not edit.marks
        if edit.replacement is not None and keep_marks:
            for k in range(start, end):  # a kept mark needs a run of its own
                if cells[k].mark:
                    self._split_at(cells, k)
                    self._split_at(cells, k + 1)
        context = self._context_cell(cells, start, end)
        first: etree._Element | None = None
        last: etree._Element | None = None
        if edit.replacement is not None:
            runs = _distinct_runs(c for c in span if not (keep_marks and c.mark))
            # a field whose whole result goes goes too, unless typed text replaces it (it becomes the result)
            whole_fields = edit.source is not None or not edit.replacement
            if whole_fields:
                self._fields_to_complex(runs)
            runs = fill_between(runs, whole_fields=whole_fields)
            notes = self._note_plan(edit, cells, start, runs)
            runs = runs + notes.delete
            if edit.source is not None:  # compare: a comment whose whole range is deleted goes too
                runs = runs + references_after(runs)
            wrappers = self._wrap(runs, self._make_removal)
            end_ranges_after_references(wrappers)
            for p in {id(c.para): c.para for c in span if c.para is not None}.values():
                lift_controls(p, lambda: self._make_removal(self.ids, self.author, self.date))
            if wrappers and self._move is not None:  # around the revisions as they stand after lifting controls
                moved_range(_outermost_revision(runs[0]), _outermost_revision(runs[-1]), "w:moveFromRange",
                            self._move, self._revision)
            if wrappers:
                first, last = wrappers[0], wrappers[-1]
            if last is not None and start < len(cells):
                last = _out_of_link(last, cells[start].run)
            marker = None
            if last is None and (notes.after is not None or notes.before is not None):
                last = notes.after
                if notes.before is not None:  # the insertion goes before OLD's marks: after a marker there
                    last = marker = w_el("w:proofErr", {"w:type": "gramStart"})
                    notes.before.addprevious(marker)
            copied = self._copied_replacement(edit, cells, start, end, last, target, notes.copy_trailing)
            if copied is not None:
                first = first if first is not None else copied[0]
                last = copied[-1]
                new = []
            else:
                new = self._new_runs(edit.replacement, edit.footnotes, context, edit.italic, edit.emphasis,
                                     target.paras[0] if target.paras else None)
            if new:
                last = ins = self._insert_runs(new, last, cells, start, target)
                first = first if first is not None else ins
            if marker is not None:
                marker.getparent().remove(marker)
            if self._move is not None and edit.replacement and last is not None:
                moved_range(first if not wrappers else wrappers[-1].getnext(), last, "w:moveToRange", self._move,
                            self._revision)
        else:
            runs = _distinct_runs(span)
            if runs:
                first, last = runs[0], runs[-1]
        if edit.alternatives:
            self._alternatives(target, cells, start, edit, context, last)
        comment = edit.comment
        if url is not None:
            note = edit.link_note.replace("{url}", url)  # type: ignore[union-attr]
            comment = f"{comment}\n{note}" if comment else note
        if comment and first is not None and last is not None:
            story = _story(target.paras[0]) if target.paras else None
            if story is not None and story.tag == qn("w:footnote"):
                self._footnote_comment(story, replace(edit, comment=comment))
            else:
                self._comment(first, last, comment)

    def _link_target(self, span: Sequence[_Cell], target: _Text) -> str | None:
        """The target of the external hyperlink holding the replaced text, if any (the edit keeps it)."""
        story = _story(target.paras[0]) if target.paras else None
        part = self.footnotes_name if story is not None and story.tag == qn("w:footnote") else self.pkg.main
        for cell in span:
            link = next(cell.run.iterancestors(_HYPERLINK), None) if cell.run is not None else None
            rid = link.get(_RID) if link is not None else None
            if not rid:
                continue
            rel = self.pkg.relationship(part, rid) if part else None
            if rel is not None and rel[2]:
                return rel[1]
        return None

    def _make_removal(self, ids: RevisionIds, author: str, date: str) -> etree._Element:
        """A `w:del`, or a `w:moveFrom` for a moved stretch's old place."""
        if self._move is None:
            return make_del(ids, author, date)
        return w_el("w:moveFrom", {"w:id": str(ids.take()), "w:author": author, "w:date": date})

    def _make_addition(self, ids: RevisionIds, author: str, date: str) -> etree._Element:
        """A `w:ins`, or a `w:moveTo` for a moved stretch's new place."""
        if self._move is None:
            return make_ins(ids, author, date)
        return w_el("w:moveTo", {"w:id": str(ids.take()), "w:author": author, "w:date": date})

    def _note_plan(self, edit: Edit, cells: list[_Cell], start: int, runs: list[etree._Element]) -> NotePlan:
        """What the edit does with the endnote marks at its edges (`note_marks`), from NEW's paragraph."""
        if edit.source is None or edit.source_span is None:
            return NotePlan()  # no NEW to say whose the marks are: they stay
        before = cells[start - 1].run if start > 0 else None
        gap = trailing_note_runs(before) if before is not None else []
        trailing = trailing_note_runs(runs[-1]) if runs else []
        importer, src = self.source_element(edit.source)
        if not gap and not trailing and src.find(f".//{qn('w:endnoteReference')}") is None:
            return NotePlan()
        new_start, new_end = edit.source_span
        new_before = notes_after(src, importer.styles, new_start)
        new_trailing = notes_after(src, importer.styles, new_end) if new_end > new_start else 0
        return plan_notes(gap, trailing, bool(runs), new_before, new_trailing, bool(edit.replacement))

    def _fields_to_complex(self, runs: list[etree._Element]) -> None:
        """Rewrite as complex fields the simple fields wholly inside the deleted runs (their instruction goes too)."""
        chosen = set(runs)
        parents = {id(p): p for p in (r.getparent() for r in runs) if p is not None and p.tag == _FLD_SIMPLE}
        for fld in parents.values():
            if all(r in chosen for r in content_runs(fld)):
                holder = etree.Element("holder")
                fld.addprevious(holder)
                holder.append(fld)
                fldsimple_to_complex(holder)
                for child in list(holder):
                    holder.addprevious(child)
                holder.getparent().remove(holder)

    def _copied_replacement(self, edit: Edit, cells: list[_Cell], start: int, end: int,
                            last: etree._Element | None, target: _Text,
                            trailing_notes: bool = False) -> list[etree._Element] | None:
        """The replacement as NEW's own XML (links, images, fields, notes, comments), placed; None to type it."""
        if edit.source is None or edit.source_span is None or not edit.replacement:
            return None
        importer, src = self.source_element(edit.source)
        if next(src.iter(*_RICH), None) is None:
            return None  # nothing but text in NEW's paragraph: typing it is the same, and cheaper
        frags = span_fragments(src, importer.styles, *edit.source_span, edit.replacement,
                               trailing_notes=trailing_notes)
        if frags is None:
            return None
        if all(f.tag == _R and f.find(qn("w:t")) is not None and len(f) <= 2 for f in frags):
            return None  # plain text: typed runs take OLD's formatting, as before
        placeholder = make_ins(self.ids, self.author, self.date)
        if last is not None:
            _place_after_element(last, placeholder, self.ids)
        else:
            self._place_at(cells, start, placeholder, target)
        if placeholder.getparent() is None or placeholder.getparent().tag != _P:
            placeholder.getparent().remove(placeholder)
            return None  # inside a link or a control: a copied link cannot go there
        placed: list[etree._Element] = []
        anchor = placeholder
        for frag in frags:
            el, twice = importer.copy_fragment(frag)
            if twice and el.tag == qn("w:bookmarkStart"):
                self._bookmarks_twice.append(el)
            if el.tag == _R or el.tag == qn("w:sdt"):
                if placed and placed[-1].tag in (qn("w:ins"), qn("w:moveTo")):
                    placed[-1].append(el)
                    continue
                wrapper = self._make_addition(self.ids, self.author, self.date)
                wrapper.append(el)
                el = wrapper
            else:
                fldsimple_to_complex(el)
                wrap_runs(content_runs(el), lambda: self._make_addition(self.ids, self.author, self.date),
                          deleted=False)
            anchor.addnext(el)
            anchor = el
            placed.append(el)
        placeholder.getparent().remove(placeholder)
        end_ranges_after_references([el for el in placed if el.tag in (qn("w:ins"), qn("w:moveTo"))])
        return placed or None

    def _insert_runs(self, new: list[etree._Element], last: etree._Element | None, cells: list[_Cell], start: int,
                     target: _Text) -> etree._Element:
        """`new` runs as one tracked insertion by the current author: after `last`, or at `start`; the `w:ins`."""
        ins = self._make_addition(self.ids, self.author, self.date)
        ins.extend(new)
        if last is not None:
            _place_after_element(last, ins, self.ids)
        else:
            self._place_at(cells, start, ins, target)
        return ins

    def _alternatives(self, target: _Text, cells: list[_Cell], start: int, edit: Edit, context: _Cell | None,
                      last: etree._Element | None) -> None:
        """Competing insertions after the edit's own change, each by its author, each with its comment."""
        owner = self.author
        try:
            for alt in edit.alternatives:
                self.author = alt.author
                new = self._new_runs(alt.text, alt.footnotes, context, None if alt.emphasis else False, alt.emphasis,
                                     target.paras[0] if target.paras else None)
                if not new:
                    continue
                last = ins = self._insert_runs(new, last, cells, start, target)
                if not alt.comment:
                    continue
                story = _story(target.paras[0]) if target.paras else None
                if story is not None and story.tag == qn("w:footnote"):
                    self._footnote_comment(story, Edit(edit.label, 0, 0, None, comment=alt.comment))
                else:
                    self._comment(ins, ins, alt.comment)
                    end = ins.getnext()  # the comment's range end, then its reference run
                    last = end.getnext() if end is not None and end.getnext() is not None else last
        finally:
            self.author = owner

    # -- other authors' revisions ---------------------------------------------------------------
    def _refuse_foreign(self, cells: list[_Cell], view: list[int], start: int, end: int, item: Edit) -> bool:
        """An edit inside another author's pending insertion or deletion becomes a comment on it (True).

        Editing there would rewrite a revision that is not ours to change: its
        author could no longer accept or reject it as they made it.
        """
        inside = [view[k] for k in range(start, end)]
        if start == end and 0 < start < len(view) - 1:
            before, after = _revision_of(cells[view[start - 1]]), _revision_of(cells[view[start]])
            if before is not None and before is after:
                inside = [view[start]]
        revision = next((r for r in (_revision_of(cells[i]) for i in inside) if r is not None), None)
        if revision is None:
            return False
        who = revision.get(qn("w:author")) or "another author"
        kind = "insertion" if revision.tag in (qn("w:ins"), qn("w:moveTo")) else "deletion"
        wanted = f"replace with \u201c{item.replacement}\u201d" if item.replacement else "delete"
        if start == end:
            wanted = f"insert \u201c{item.replacement}\u201d"
        why = f"Not changed: this falls inside {who}'s pending {kind}; proposed: {wanted}."
        text = f"{item.comment}\n{why}" if item.comment else why
        self._foreign_notes.append((_outermost_revision(revision), item.author or self.plan.author, text))
        return True

    def _refuse_foreign_paragraph(self, target: _Target, item: DeleteParagraph | MoveParagraph) -> bool:
        """A paragraph holding another author's pending changes is not deleted or moved: a comment says so."""
        revision = next((r for r in (_revision_of(c) for c in target.cells if c.run is not None) if r is not None),
                        None)
        anchor = revision
        if revision is None:  # a paragraph mark already inserted or deleted (before this plan) is someone's too
            mark = next((p for p in target.paras if mark_revision(p) is not None), None)
            rpr = mark.find(f"{_PPR}/{_RPR}") if mark is not None else None
            revision = next((c for c in rpr if c.tag in _REVISION_CONTAINERS), None) if rpr is not None else None
            anchor = _first_run(target)
            if revision is None or anchor is None:
                return revision is not None  # nothing to anchor a comment on: leave the paragraph alone
        who = revision.get(qn("w:author")) or "another author"
        what = "deleted" if isinstance(item, DeleteParagraph) else "moved"
        why = f"Not {what}: this paragraph holds {who}'s pending changes; proposed: {what} the paragraph."
        text = f"{item.comment}\n{why}" if item.comment else why
        self._foreign_notes.append((_outermost_revision(anchor), item.author or self.plan.author, text))
        return True

    def _footnote_comment(self, note: etree._Element, edit: Edit) -> None:
        """A comment on footnote text is a point comment just before the note's reference mark.

        Word allows comments inside notes, but LibreOffice (7.4) refuses to
        open a file with one, so the comment names the note instead; it
        stands before the mark because a comment mark right after the first
        footnote mark upsets LibreOffice's footnote numbering.
        """
        fid = note.get(qn("w:id"))
        ref = next((r for r in self.document.iter(qn("w:footnoteReference")) if r.get(qn("w:id")) == fid), None)
        number = edit.label[2:] if edit.label.startswith("FN") else fid
        point = w_el("w:proofErr", {"w:type": "gramStart"})  # a placeholder to anchor a point comment on
        if ref is not None:
            ref.getparent().addprevious(point)
            self._comment(point, point, f"Footnote {number}: {edit.comment}")
        else:
            # a note no mark refers to: say so at the end of the text, where a reader looks for notes
            last = next((p for p in reversed(list(self.document.iter(qn("w:p")))) if p.find(f".//{qn('w:t')}")
                         is not None), None)
            if last is None:
                return
            last.append(point)
            self._comment(point, point, f"Footnote {number} (no mark refers to it): {edit.comment}")
        point.getparent().remove(point)

    def _context_cell(self, cells: list[_Cell], start: int, end: int) -> _Cell | None:
        """The cell whose run formatting new text takes: the first replaced character, else the one before."""
        for k in range(start, end):
            if cells[k].run is not None and not cells[k].mark:
                return cells[k]
        for k in range(start - 1, -1, -1):
            if cells[k].run is not None and not cells[k].mark:
                return cells[k]
        for k in range(end, len(cells)):
            if cells[k].run is not None and not cells[k].mark:
                return cells[k]
        return None

    def _place_at(self, cells: list[_Cell], i: int, el: etree._Element, target: _Text) -> None:
        """Put `el` at the text position before cell i (after cell i-1 at the end)."""
        if i < len(cells) and cells[i].run is not None:
            _place_before_element(cells[i].run, el, self.ids)
        elif i > 0 and cells[i - 1].run is not None:
            _place_after_element(cells[i - 1].run, el, self.ids)
        elif i < len(cells) and cells[i].run is None:  # at a synthetic boundary: end of the previous paragraph
            _append_to_paragraph(cells[i].para if cells[i].para is not None else target.paras[0], el)
        else:
            _append_to_paragraph(target.paras[-1] if target.paras else self.paras[-1], el)

    def _wrap(self, runs: Sequence[etree._Element], factory: object) -> list[etree._Element]:
        """Wrap runs in revision elements, one per stretch of adjacent siblings; return the wrappers."""
        wrappers: list[etree._Element] = []
        current: etree._Element | None = None
        previous: etree._Element | None = None
        for run in runs:
            to_deleted(run) if factory in (make_del, self._make_removal) else None
            if current is None or previous is None or previous.getnext() is not run:
                current = factory(self.ids, self.author, self.date)  # type: ignore[operator]
                run.addprevious(current)
                wrappers.append(current)
            current.append(run)
            previous = current
        return wrappers

    def _format(self, base: etree._Element | None, paragraph_style: str | None, italic: bool | None,
                bold: bool | None) -> etree._Element:
        """A run `w:rPr`: a clean copy of `base` with italic and bold set as asked (None keeps them)."""
        rpr = copy.deepcopy(base) if base is not None else w_el("w:rPr")
        for tag in _RUN_REVISION_PROPS:
            for old in rpr.findall(tag):
                rpr.remove(old)
        for value, tag, cs in ((italic, "w:i", "w:iCs"), (bold, "w:b", "w:bCs")):
            if value is None:
                continue
            for old in (rpr.find(qn(tag)), rpr.find(qn(cs))):
                if old is not None:
                    rpr.remove(old)
            if value:
                set_rpr_child(rpr, w_el(tag))
            elif self.styles.toggle(rpr, paragraph_style, tag):
                set_rpr_child(rpr, w_el(tag, {"w:val": "0"}))
        return rpr

    def _new_runs(self, text: str, footnotes: Sequence[str], context: _Cell | None, italic: bool | None,
                  emphasis: Sequence[Emphasis], paragraph: etree._Element | None,
                  base: etree._Element | None = None) -> list[etree._Element]:
        """Runs for inserted text: formatting from the context run, emphasis per span, new footnotes per mark."""
        if not text:
            return []
        if base is None and context is not None and context.run is not None:
            base = context.run.find(_RPR)
        pstyle = self.styles.paragraph_style_id(paragraph) if paragraph is not None else None
        cuts = {0, len(text)}
        for emph in emphasis:
            cuts.update((emph.start, emph.end))
        for k, ch in enumerate(text):
            if ch == FOOTNOTE_MARK:
                cuts.update((k, k + 1))
        points = sorted(c for c in cuts if 0 <= c <= len(text))
        notes = iter(footnotes)
        runs: list[etree._Element] = []
        for a, b in itertools.pairwise(points):
            piece = text[a:b]
            if not piece:
                continue
            if piece == FOOTNOTE_MARK:
                runs.append(self._footnote_reference_run(next(notes)))
                continue
            if emphasis:
                styles = {e.style for e in emphasis if e.start <= a and b <= e.end}
                rpr = self._format(base, pstyle, "italic" in styles, "bold" in styles)
            else:
                rpr = self._format(base, pstyle, italic, None)
            runs.append(make_run(piece, rpr))
        return runs

    # -- comments -----------------------------------------------------------------------------
    def _comment(self, first: etree._Element, last: etree._Element, text: str) -> None:
        cid = str(self.ids.take())
        first.addprevious(w_el("w:commentRangeStart", {"w:id": cid}))
        end = w_el("w:commentRangeEnd", {"w:id": cid})
        last.addnext(end)
        ref = w_el("w:r")
        if "CommentReference" in self.styles.by_id:
            rpr = w_el("w:rPr")
            rpr.append(w_el("w:rStyle", {"w:val": "CommentReference"}))
            ref.append(rpr)
        ref.append(w_el("w:commentReference", {"w:id": cid}))
        end.addnext(ref)
        comments = self._comments_root()
        comment = w_el("w:comment", {"w:id": cid, "w:author": self.author, "w:date": self.date,
                                     "w:initials": _initials(self.author)})
        for n, line in enumerate(text.split("\n")):
            p = w_el("w:p")
            if "CommentText" in self.styles.by_id:
                ppr = w_el("w:pPr")
                ppr.append(w_el("w:pStyle", {"w:val": "CommentText"}))
                p.append(ppr)
            if n == 0:
                mark = w_el("w:r")
                if "CommentReference" in self.styles.by_id:
                    rpr = w_el("w:rPr")
                    rpr.append(w_el("w:rStyle", {"w:val": "CommentReference"}))
                    mark.append(rpr)
                mark.append(w_el("w:annotationRef"))
                p.append(mark)
            if line:
                p.append(make_run(line))
            comment.append(p)
        comments.append(comment)

    def _comments_root(self) -> etree._Element:
        if self.comments is None:
            self.comments = w_el("w:comments")
            self.comments_name = "word/comments.xml"
            self.pkg.set_xml(self.comments_name, self.comments, CT_COMMENTS)
            self.pkg.relate(self.pkg.main, REL_COMMENTS, "comments.xml")
        elif self.comments_name is not None:
            self.pkg.xml(self.comments_name, write=True)
        return self.comments

    # -- footnotes ----------------------------------------------------------------------------
    def _footnotes_root(self) -> etree._Element:
        if self.footnotes is None:
            root = _new_notes_part("footnote")
            self.footnotes = root
            self.footnotes_name = "word/footnotes.xml"
            self.pkg.set_xml(self.footnotes_name, root, CT_FOOTNOTES)
            self.pkg.relate(self.pkg.main, REL_FOOTNOTES, "footnotes.xml")
        elif self.footnotes_name is not None:
            self.pkg.xml(self.footnotes_name, write=True)
        return self.footnotes

    def _footnote_reference_run(self, text: str) -> etree._Element:
        """A run referencing a new footnote holding `text` (its content a tracked insertion, as Word does)."""
        root = self._footnotes_root()
        if self._next_footnote_id is None:
            ids = [int(v) for v in (n.get(qn("w:id")) for n in root.iterchildren(qn("w:footnote")))
                   if v and v.lstrip("-").isdigit()]
            self._next_footnote_id = max([0, *ids]) + 1
        fid = str(self._next_footnote_id)
        self._next_footnote_id += 1
        sample = next((n for n in root.iterchildren(qn("w:footnote")) if n.get(qn("w:type")) in (None, "normal")),
                      None)
        sample_p = sample.find(_P) if sample is not None else None
        note = w_el("w:footnote", {"w:id": fid})
        p = w_el("w:p")
        ppr = sample_p.find(_PPR) if sample_p is not None else None
        if ppr is not None:
            ppr = copy.deepcopy(ppr)
            for child in list(ppr):
                if child.tag in (_RPR, qn("w:pPrChange"), qn("w:sectPr")):
                    ppr.remove(child)
            p.append(ppr)
        elif "FootnoteText" in self.styles.by_id:
            ppr = w_el("w:pPr")
            ppr.append(w_el("w:pStyle", {"w:val": "FootnoteText"}))
            p.append(ppr)
        ref_rpr = self._reference_rpr(sample_p, "w:footnoteRef")
        text_rpr = None
        if sample_p is not None:
            text_run = next((r for r in sample_p.iter(_R) if r.find(qn("w:t")) is not None
                             and r.find(qn("w:footnoteRef")) is None), None)
            text_rpr = text_run.find(_RPR) if text_run is not None else None
        ins = make_ins(self.ids, self.author, self.date)
        mark = w_el("w:r")
        mark.append(ref_rpr)
        mark.append(w_el("w:footnoteRef"))
        ins.append(mark)
        ins.append(make_run(" ", self._format(text_rpr, None, None, None)))
        if text:
            ins.append(make_run(text, self._format(text_rpr, None, None, None)))
        p.append(ins)
        note.append(p)
        root.append(note)
        run = w_el("w:r")
        run.append(self._reference_rpr(self.document, "w:footnoteReference"))
        run.append(w_el("w:footnoteReference", {"w:id": fid}))
        return run

    def _reference_rpr(self, where: etree._Element | None, tag: str) -> etree._Element:
        """The rPr of an existing footnote mark run (so new marks look alike), else a superscript."""
        if where is not None:
            for el in where.iter(qn(tag)):
                rpr = el.getparent().find(_RPR)
                if rpr is not None:
                    return self._format(rpr, None, None, None)
        rpr = w_el("w:rPr")
        if "FootnoteReference" in self.styles.by_id:
            rpr.append(w_el("w:rStyle", {"w:val": "FootnoteReference"}))
        rpr.append(w_el("w:vertAlign", {"w:val": "superscript"}))
        return rpr

    # -- paragraphs -------------------------------------------------------------------------------
    def _delete_paragraph(self, target: _Target, comment: str | None) -> None:
        """Every run of the paragraph goes into the deletion: text, notes, drawings, fields, links, controls."""
        runs: list[etree._Element] = []
        for p in target.paras:
            inline_block_control(p)  # the control goes with its paragraph
            fldsimple_to_complex(p)
            references_into_ranges(p)
            runs.extend(content_runs(p))
        wrappers = wrap_runs(runs, lambda: make_del(self.ids, self.author, self.date), deleted=True)
        for p in target.paras:
            lift_controls(p, lambda: make_del(self.ids, self.author, self.date))
        for p in target.paras:
            if mark_revision(p) != "del":
                mark_paragraph(p, make_del(self.ids, self.author, self.date))
            self._status[p] = "D"
            self._mark_author[p] = self.author
        if comment and wrappers:
            self._comment(wrappers[0], wrappers[-1], comment)

    def _copy_paragraph(self, target: _Target) -> etree._Element:
        """A new `w:p` with the visible runs of `target` (for a move), to be marked inserted."""
        like = target.paras[0]
        p = w_el("w:p")
        ppr = _clean_ppr(like.find(_PPR))
        if ppr is not None:
            p.append(ppr)
        ins = make_ins(self.ids, self.author, self.date)
        for run in _distinct_runs(c for c in target.text.cells if c.run is not None):
            new = copy.deepcopy(run)
            for tag in _RUN_REVISION_PROPS:
                rpr = new.find(_RPR)
                if rpr is not None:
                    for old in rpr.findall(tag):
                        rpr.remove(old)
            ref = new.find(qn("w:footnoteReference"))
            if ref is not None:  # a footnote belongs to one mark: the moved copy gets a copy of the note
                fid = ref.get(qn("w:id"))
                note = self._footnote_element(int(fid)) if fid and fid.lstrip("-").isdigit() else None
                text = _footnote_text(note, self.styles) if note is not None else ""
                ins.append(self._footnote_reference_run(text))
                continue
            ins.append(new)
        p.append(ins)
        return p

    def _insert_paragraph(self, item: InsertParagraph) -> None:
        like_label = item.like or (item.after if item.after != START else None)
        like = self.target(like_label) if like_label else None
        like_p = like.paras[0] if like is not None and like.paras else (self.paras[0] if self.paras else None)
        if item.source is not None:
            self._insert_copy(item, like_p)
            return
        p = w_el("w:p")
        ppr = _clean_ppr(like_p.find(_PPR) if like_p is not None else None)
        if ppr is not None:
            p.append(ppr)
        numbered = like is not None and like.auto_numbered
        text = item.text
        if item.number_text and not numbered:
            text = item.number_text + "\t" + text
            emphasis = tuple(Emphasis(e.start + len(item.number_text) + 1, e.end + len(item.number_text) + 1, e.style)
                             for e in item.emphasis)
        else:
            emphasis = item.emphasis
        base = None
        if like is not None:
            base_cell = next((c for c in like.cells if c.run is not None and not c.mark and not c.italic), None) \
                or next((c for c in like.cells if c.run is not None and not c.mark), None)
            base = base_cell.run.find(_RPR) if base_cell is not None and base_cell.run is not None else None
        runs = self._new_runs(text, item.footnotes, None, False if not emphasis else None, emphasis, p, base)
        ins = make_ins(self.ids, self.author, self.date)
        ins.extend(runs)
        p.append(ins)
        self._place_after(item.after, p, item.comment)

    def _place_after(self, after: str, p: etree._Element, comment: str | None, *, body_level: bool = False) -> None:
        """Insert the new `w:p` after paragraph `after` (after earlier insertions there), marked inserted.

        `body_level`: `p` belongs to the body, not to the table cell `after` may be in (it goes after the table).
        """
        if p.tag == _P:
            mark_paragraph(p, make_ins(self.ids, self.author, self.date))
            self._status[p] = "I"
            self._mark_author[p] = self.author
        self._put_after(after, p, body_level)
        ins = p.find(qn("w:ins"))
        if comment and ins is not None and len(ins):
            self._comment(ins, ins, comment)

    def _put_after(self, after: str, el: etree._Element, body_level: bool) -> None:
        if body_level and (after == START or table_of(self.target(after).paras[-1]) is None):
            body_level = False  # the anchor is in the body already: one chain with every other insertion there
        key = f"{after}|body" if body_level else after
        previous = self._last_insert.get(key)
        if previous is not None:
            previous.addnext(el)
        elif after == START:
            first = self.paras[0] if self.paras else None
            if first is not None:
                first = table_of(first) or first  # before a table that opens the body, not inside its first cell
            if first is None:
                body = self.document.find(qn("w:body"))
                body.insert(0, el)
            else:
                first.addprevious(el)
        else:
            anchor = self.target(after).paras[-1]
            if body_level:
                anchor = table_of(anchor) or anchor
            anchor.addnext(el)
        self._last_insert[key] = el

    # -- copies from another package ------------------------------------------------------------
    def importer(self, source: Source) -> Importer:
        found = self._importers.get(source.path)
        if found is None:
            found = Importer(source.path, self.pkg, self, self.ids.take)
            self._importers[source.path] = found
        return found

    def source_element(self, source: Source, tag: str = "w:p") -> tuple[Importer, etree._Element]:
        """The importer for `source` and the element it names: its paragraph, or the row or table holding it."""
        importer = self.importer(source)
        paras = importer.source_body_paragraphs()
        if not 0 <= source.index < len(paras):
            raise EditPlanError(f"{source.path}: no body paragraph {source.index} to copy")
        p = paras[source.index]
        if tag == "w:tr":
            el = row_of(p)
        elif tag == "w:tbl":
            el = table_of(p)
        else:
            el = p
        if el is None:
            raise EditPlanError(f"{source.path}: body paragraph {source.index} is not in a table")
        return importer, el

    def _insert_copy(self, item: InsertParagraph, like_p: etree._Element | None) -> None:
        """NEW's paragraph itself (links, fields, images, notes, comments), formatted as OLD's `like` paragraph."""
        assert item.source is not None
        importer, src = self.source_element(item.source)
        p = importer.copy(src)
        src_ppr = p.find(_PPR)
        sect = src_ppr.find(qn("w:sectPr")) if src_ppr is not None else None
        ppr = _clean_ppr(like_p.find(_PPR)) if like_p is not None else _clean_ppr(src_ppr)
        if src_ppr is not None:
            p.remove(src_ppr)
        if sect is not None:
            ppr = ppr if ppr is not None else w_el("w:pPr")
            change = ppr.find(qn("w:pPrChange"))
            if change is not None:
                change.addprevious(sect)
            else:
                ppr.append(sect)
        if ppr is not None:
            p.insert(0, ppr)
        fldsimple_to_complex(p)
        references_into_ranges(p)
        wrap_runs(content_runs(p), lambda: make_ins(self.ids, self.author, self.date), deleted=False)
        lift_controls(p, lambda: make_ins(self.ids, self.author, self.date))  # reject takes the control too
        body_level = src.getparent() is not None and src.getparent().tag == qn("w:body")
        self._place_after(item.after, p, item.comment, body_level=body_level)

    def _revision(self, tag: str) -> etree._Element:
        """A revision element `tag` with a fresh id, this plan's author and date."""
        return w_el(tag, {"w:id": str(self.ids.take()), "w:author": self.author, "w:date": self.date})

    def _restyle_paragraph(self, p: etree._Element, src: etree._Element, importer: Importer) -> None:
        """NEW's style, alignment and indentation on `p` as a `w:pPrChange` (see `paragraph_format`)."""
        mine = self.pkg.related(self.pkg.main, REL_STYLES)
        mine_root = self.pkg.xml(mine) if mine else None
        theirs = importer.src.related(importer.src.main, REL_STYLES)
        theirs_root = importer.src.xml(theirs) if theirs else None
        if paragraph_key(p, default_style(mine_root)) == paragraph_key(src, default_style(theirs_root)):
            return
        known = {st.get(qn("w:styleId")) for st in mine_root.iterfind(qn("w:style"))} \
            if mine_root is not None else set()
        restyle_paragraph(p, src, known, self._revision)

    def _restyle(self, item: Restyle) -> None:
        """Tracked formatting changes where OLD's and NEW's runs differ in bold, italic, underline, highlight."""
        target = self.target(item.label)
        importer, src = self.source_element(item.source)
        if has_section(src) and not has_section(target.paras[-1]):
            self._section_gains.append(target.paras[-1])
        if len(target.paras) == 1:
            self._restyle_paragraph(target.paras[0], src, importer)
        new_cells = source_cells(src, importer.styles)
        view = target.view[:-1]
        cells = target.text.cells
        if len(new_cells) != len(view):
            return
        stretches: list[tuple[int, int, etree._Element]] = []
        k = 0
        while k < len(view):
            cell, like = cells[view[k]], new_cells[k][0]
            j = k + 1
            while j < len(view) and cells[view[j]].run is cell.run and new_cells[j][0] is like \
                    and view[j] == view[j - 1] + 1:
                j += 1
            if cell.run is not None and not cell.mark and format_key(cell.run) != format_key(like):
                stretches.append((view[k], view[j - 1] + 1, like))
            k = j
        for start, end, like in reversed(stretches):
            self._split_at(cells, end)
            self._split_at(cells, start)
            revision = w_el("w:rPrChange", {"w:id": str(self.ids.take()), "w:author": self.author,
                                            "w:date": self.date})
            run = cells[start].run
            assert run is not None
            restyle_run(run, like, revision)

    def _insert_row(self, item: InsertRow, anchors: dict[etree._Element, etree._Element]) -> None:
        importer, src = self.source_element(item.source, "w:tr")
        tr = importer.copy(src)
        track_row(tr, lambda: make_ins(self.ids, self.author, self.date), deleted=False)
        anchor_row = row_of(self.target(item.anchor).paras[0])
        if anchor_row is None:
            raise EditPlanError(f"{item.anchor}: not in a table row")
        if item.before:
            anchor_row.addprevious(tr)
            return
        previous = anchors.get(anchor_row, anchor_row)
        previous.addnext(tr)
        anchors[anchor_row] = tr

    def _insert_table(self, item: InsertTable) -> None:
        importer, src = self.source_element(item.source, "w:tbl")
        tbl = importer.copy(src)
        track_table(tbl, lambda: make_ins(self.ids, self.author, self.date), deleted=False)
        self._put_after(item.after, tbl, True)

    def _delete_row(self, item: DeleteRow) -> None:
        tr = row_of(self.target(item.label).paras[0])
        if tr is None:
            raise EditPlanError(f"{item.label}: not in a table row")
        track_row(tr, lambda: make_del(self.ids, self.author, self.date), deleted=True)

    # -- parts the importer fills ------------------------------------------------------------------
    def notes_root(self, kind: str) -> tuple[etree._Element, str]:
        if kind == "footnote":
            root = self._footnotes_root()
            assert self.footnotes_name is not None
            return root, self.footnotes_name
        return self._endnotes_root(), self.endnotes_name or "word/endnotes.xml"

    def comments_root(self) -> etree._Element:
        return self._comments_root()

    def comments_part(self) -> str:
        self._comments_root()
        assert self.comments_name is not None
        return self.comments_name

    def _endnotes_root(self) -> etree._Element:
        name = self.endnotes_name or self.pkg.related(self.pkg.main, REL_ENDNOTES)
        root = self.pkg.xml(name, write=True) if name else None
        if root is None:
            root = _new_notes_part("endnote")
            name = "word/endnotes.xml"
            self.pkg.set_xml(name, root, CT_ENDNOTES)
            self.pkg.relate(self.pkg.main, REL_ENDNOTES, "endnotes.xml")
        self.endnotes_name = name
        return root

    def _fix_story_ends(self) -> None:
        """Choose which paragraph marks carry the revisions, run by run of inserted/deleted paragraphs.

        Between a kept paragraph X and the next kept one, a run of a inserted
        and d deleted paragraphs (put in the order: inserted, then deleted)
        has a+d+1 marks, X's and their own. Exactly one of them stays plain:
        marks before it and the marks of inserted paragraphs are inserted,
        the others deleted (when the plain one is a deleted paragraph's, the
        last inserted mark is deleted and X's inserted). The usual choice is
        X's. Two cases need another: a story's last mark cannot change, so at
        the end of a story the last mark is the plain one; and LibreOffice
        (7.x) drops the revision on the mark of the paragraph that holds the
        document's first footnote reference, so that paragraph's mark is the
        plain one when it can be (else `_renew_footnote_mark`).
        """
        stories: dict[etree._Element, None] = {}
        for p in self._status:
            story = _story(p)
            if story is not None:
                stories[story] = None
        first_ref = next(self.document.iter(qn("w:footnoteReference")), None)
        first = next((a for a in first_ref.iterancestors(_P)), None) if first_ref is not None else None
        for story in stories:
            own = [p for p in story.iter(_P) if _story(p) is story]
            i = 0
            while i < len(own):
                if own[i] not in self._status:
                    i += 1
                    continue
                j = i + 1
                while j < len(own) and own[j] in self._status and _adjacent(own[j - 1], own[j]):
                    j += 1
                # a table ends a run as the story's end does: no paragraph mark can merge into a table
                trailing = j == len(own) or not _adjacent(own[j - 1], own[j])
                before = own[i - 1] if i > 0 and _adjacent(own[i - 1], own[i]) else None
                self._fix_run(before, own[i:j], trailing=trailing, first=first)
                i = j

    def _fix_run(self, before: etree._Element | None, run: list[etree._Element], *, trailing: bool,
                 first: etree._Element | None) -> None:
        if before is None or (not trailing and first not in run):
            return  # each paragraph's own mark (already set)
        inserted = [p for p in run if self._status[p] == "I"]
        deleted = [p for p in run if self._status[p] != "I"]
        order = run
        if trailing:  # the plain mark must be the last: put the paragraph holding the first note last if it can be
            order = deleted + inserted if first is not None and inserted and first is inserted[-1] \
                else inserted + deleted
        if order != run:
            anchor = run[0].getprevious()
            parent = run[0].getparent()
            for p in order:
                if anchor is not None:
                    anchor.addnext(p)
                else:
                    parent.insert(0, p)
                anchor = p
        for p in order:
            unmark_paragraph(p)
        plain = order[-1] if trailing else first
        assert plain is not None
        holders = [before, *order]
        kinds = ["K"] + ["I" if p in inserted else "D" for p in order]
        flags = _assign_marks(kinds, holders.index(plain))
        if flags is None:
            flags = [None] + [k.lower() for k in kinds[1:]]  # cannot happen for a run after a kept paragraph
        marks: dict[etree._Element, str | None] = {p: ({"i": "ins", "d": "del"}.get(f) if f else None)
                                                   for p, f in zip(holders, flags, strict=True)}
        owner = self.author
        self.author = self._mark_author.get(run[0], self.plan.author)
        if marks.get(before) == "ins" and before is first:
            self._renew_footnote_mark(before)
        for p, kind in marks.items():
            if kind is not None:
                author = self._mark_author.get(p, self.author)
                mark_paragraph(p, (make_ins if kind == "ins" else make_del)(self.ids, author, self.date))
        self.author = owner

    def _renew_footnote_mark(self, p: etree._Element) -> None:
        """Replace the first footnote mark of `p` by a tracked copy, before `p`'s mark gets a revision.

        LibreOffice (7.4) mishandles the mark of the paragraph that holds the
        document's first footnote reference: a revision on it is lost, and an
        inserted footnote reference at its end makes the mark count as
        inserted. For an inserted mark the two cancel out: with that reference
        deleted and a copy of the note inserted after it, the paragraph reads
        the same and accept/reject are exact. (A deleted mark there stays a
        known LibreOffice-only defect.)
        """
        piece = next((x for x in iter_visible_runs(p, self.styles) if x.footnote_id is not None and not x.inserted),
                     None)
        if piece is None:
            return
        note = self._footnote_element(piece.footnote_id)  # type: ignore[arg-type]
        text = _footnote_text(note, self.styles) if note is not None else ""
        cell = _Cell(FOOTNOTE_MARK, piece.run, piece.node, 0, mark=True, para=p)
        cells = [cell]
        self._split_at(cells, 0)
        wrappers = self._wrap([cell.run], make_del)
        ins = make_ins(self.ids, self.author, self.date)
        ins.append(self._footnote_reference_run(text))
        _place_after_element(wrappers[-1], ins, self.ids)


# --- element placement -------------------------------------------------------------------------------


def _new_notes_part(kind: str) -> etree._Element:
    """An empty `w:footnotes`/`w:endnotes` root with the two separator notes Word writes first."""
    root = w_el(f"w:{kind}s")
    for fid, sep, child in (("-1", "separator", "w:separator"),
                            ("0", "continuationSeparator", "w:continuationSeparator")):
        note = w_el(f"w:{kind}", {"w:type": sep, "w:id": fid})
        p = w_el("w:p")
        r = w_el("w:r")
        r.append(w_el(child))
        p.append(r)
        note.append(p)
        root.append(note)
    return root


def _split_container(container: etree._Element, at: etree._Element, ids: RevisionIds) -> etree._Element:
    """Split a `w:ins`/`w:del` before its child `at`; return the new second half (same author and date)."""
    clone = etree.Element(container.tag, attrib=dict(container.attrib), nsmap=container.nsmap)
    clone.set(qn("w:id"), str(ids.take()))
    for child in [at, *at.itersiblings()]:
        clone.append(child)
    container.addnext(clone)
    return clone


def _place_before_element(anchor: etree._Element, el: etree._Element, ids: RevisionIds) -> None:
    """Put `el` just before `anchor`, outside any revision container (they must not nest)."""
    parent = anchor.getparent()
    while parent is not None and parent.tag in _REVISION_CONTAINERS:
        if anchor.getprevious() is None:
            anchor, parent = parent, parent.getparent()
            continue
        second = _split_container(parent, anchor, ids)
        anchor, parent = second, second.getparent()
    anchor.addprevious(el)


def _place_after_element(anchor: etree._Element, el: etree._Element, ids: RevisionIds) -> None:
    """Put `el` just after `anchor`, outside any revision container."""
    parent = anchor.getparent()
    while parent is not None and parent.tag in _REVISION_CONTAINERS:
        nxt = anchor.getnext()
        if nxt is None:
            anchor, parent = parent, parent.getparent()
            continue
        _split_container(parent, nxt, ids)
        anchor, parent = parent, parent.getparent()
    anchor.addnext(el)


def _append_to_paragraph(p: etree._Element, el: etree._Element) -> None:
    p.append(el)


# --- helpers -------------------------------------------------------------------------------------------


def _revision_of(cell: _Cell) -> etree._Element | None:
    """The revision container (`w:ins`, `w:del`, ...) that already holds a cell's run, if any."""
    if cell.run is None:
        return None
    for anc in cell.run.iterancestors():
        if anc.tag in _REVISION_CONTAINERS:
            return anc
        if anc.tag == _P:
            break
    rpr = cell.run.find(_RPR)
    if rpr is not None:
        for tag in _RUN_REVISION_PROPS[:4]:
            mark = rpr.find(tag)
            if mark is not None:
                return cell.run
    return None


def _first_run(target: _Target) -> etree._Element | None:
    """Something to anchor a comment on in the paragraph: its first visible run."""
    return next((c.run for c in target.cells if c.run is not None), None)


def _outermost_revision(el: etree._Element) -> etree._Element:
    for anc in el.iterancestors():
        if anc.tag == _P:
            break
        if anc.tag in _REVISION_CONTAINERS:
            el = anc
    return el


def _labels_of(item: object) -> list[str]:
    if isinstance(item, Edit | DeleteParagraph | Renumber):
        return [item.label]
    if isinstance(item, MoveParagraph):
        return [item.label] + ([item.after] if item.after != START else [])
    if isinstance(item, InsertParagraph):
        return [x for x in (item.after, item.like) if x and x != START]
    if isinstance(item, InsertRow):
        return [item.anchor]
    if isinstance(item, Restyle):
        return [item.label]
    if isinstance(item, DeleteRow):
        return [item.label]
    if isinstance(item, InsertTable):
        return [item.after] if item.after != START else []
    return []


def _drop_plain(cells: list[_Cell], seg: list[int], count: int) -> list[int]:
    """Drop the first `count` plain characters (marks among them stay: the reader clamps them to 0)."""
    out: list[int] = []
    seen = 0
    for i in seg:
        if seen < count and not cells[i].mark:
            seen += 1
            continue
        out.append(i)
    return out


def _lead_end(cells: list[_Cell], count: int | None) -> int:
    """Cell index just after the first `count` plain characters."""
    seen = 0
    for i, cell in enumerate(cells):
        if seen >= (count or 0):
            return i
        if not cell.mark:
            seen += 1
    return len(cells)


def _find_number(cells: list[_Cell], number_text: str, lead: int) -> tuple[int, int] | None:
    """Cell span of a typed number within the first `lead` characters of a paragraph."""
    plain = [(i, c.ch) for i, c in enumerate(cells) if not c.mark and c.run is not None][:lead]
    text = "".join(ch for _, ch in plain)
    pos = text.find(number_text)
    if pos < 0:
        return None
    return plain[pos][0], plain[pos + len(number_text) - 1][0] + 1


def _lstrip(cells: list[_Cell], seg: list[int]) -> list[int]:
    k = 0
    while k < len(seg) and not cells[seg[k]].mark and cells[seg[k]].ch.isspace():
        k += 1
    return seg[k:]


def _rstrip(cells: list[_Cell], seg: list[int]) -> list[int]:
    """Strip trailing white space; marks after it stay (they belong to the text's end)."""
    marks_after: list[int] = []
    k = len(seg)
    while k > 0 and (cells[seg[k - 1]].mark or cells[seg[k - 1]].ch.isspace()):
        if cells[seg[k - 1]].mark:
            marks_after.insert(0, seg[k - 1])
        k -= 1
    return seg[:k] + marks_after


def _distinct_runs(cells: Iterable[_Cell]) -> list[etree._Element]:
    runs: list[etree._Element] = []
    seen: set[int] = set()
    for cell in cells:
        if cell.run is not None and id(cell.run) not in seen:
            seen.add(id(cell.run))
            runs.append(cell.run)
    return runs


def _clean_ppr(ppr: etree._Element | None) -> etree._Element | None:
    """A copy of a `w:pPr` for a new paragraph: no revision marks, no section break."""
    if ppr is None:
        return None
    ppr = copy.deepcopy(ppr)
    for child in list(ppr):
        if child.tag in (qn("w:pPrChange"), qn("w:sectPr")):
            ppr.remove(child)
        elif child.tag == _RPR:
            for tag in _RUN_REVISION_PROPS:
                for old in child.findall(tag):
                    child.remove(old)
            if not len(child):
                ppr.remove(child)
    return ppr


def _has_numbering(p: etree._Element, styles: Styles) -> bool:
    num = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if num is not None:
        return num.get(qn("w:val"), "0").strip() != "0"
    style = styles.find_in_chain(styles.paragraph_style_id(p), "w:pPr", "w:numPr", "w:numId")
    return style is not None and style.get(qn("w:val"), "0").strip() != "0"


def _out_of_link(last: etree._Element, first_run: etree._Element | None) -> etree._Element:
    """Where new text goes after `last`: after the hyperlink that `last` ends, unless the edit began inside it.

    Text that replaces a span reaching into a link from outside is not link
    text: it must not land inside `w:hyperlink` (and take its target and style).
    """
    link = next((a for a in last.iterancestors(_HYPERLINK)), None)
    if link is None or first_run is None or any(a is link for a in first_run.iterancestors()):
        return last
    el = last
    while el is not link:
        if any(sib.tag != _RPR for sib in el.itersiblings()):
            return last  # link text follows: the new text stays in order, inside
        el = el.getparent()
    return link


def _adjacent(a: etree._Element, b: etree._Element) -> bool:
    """True when paragraph `b` follows `a` in the same container with no table between them."""
    if a.getparent() is not b.getparent():
        return False
    for sib in a.itersiblings():
        if sib is b:
            return True
        if sib.tag == _TBL:
            return False
    return False


def _story(p: etree._Element) -> etree._Element | None:
    for anc in p.iterancestors():
        if anc.tag in _STORIES:
            return anc
    return None


def _footnote_text(note: etree._Element, styles: Styles) -> str:
    paras = list(note.iter(_P))
    text = "\n".join("".join(piece.text for piece in iter_visible_runs(p, styles)) for p in paras)
    return text.strip()


def _assign_marks(kinds: Sequence[str], plain: int) -> list[str | None] | None:
    """Revision of each paragraph mark so that accept-all and reject-all both give whole paragraphs.

    `kinds` are "K" (kept: the paragraph before the run), "I", "D"; mark i
    ends paragraph i; mark `plain` stays unmarked. In the accepted text the
    marks after each shown paragraph (K and I) up to the next one form a
    segment that must end with exactly one visible mark (plain or inserted);
    likewise in the rejected text (K and D; plain or deleted). Each mark lies
    in one segment of each view, so marks are the edges of a tree whose
    nodes are the segments; orienting every edge away from the two segments
    of the plain mark gives each other segment exactly one visible mark.
    Returns "i"/"d" per mark (None for the plain one), or None if impossible.
    """
    acc: list[int] = []
    rej: list[int] = []
    a = r = -1
    for kind in kinds:
        a += kind in ("K", "I")
        r += kind in ("K", "D")
        acc.append(a)
        rej.append(r)
    edges: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i in range(len(kinds)):
        edges[("A", acc[i])].append(i)
        edges[("R", rej[i])].append(i)
    out: list[str | None] = [None] * len(kinds)
    seen_nodes = {("A", acc[plain]), ("R", rej[plain])}
    done = {plain}
    queue = list(seen_nodes)
    while queue:
        node = queue.pop()
        for i in edges[node]:
            if i in done:
                continue
            done.add(i)
            other = ("R", rej[i]) if node[0] == "A" else ("A", acc[i])
            if other in seen_nodes:
                return None  # a cycle: no tree
            seen_nodes.add(other)
            out[i] = "i" if other[0] == "A" else "d"
            queue.append(other)
    return out if len(done) == len(kinds) else None


def _initials(author: str) -> str:
    return "".join(word[0] for word in author.split() if word[:1].isalnum())[:4] or "R"


def apply_plan(source: str | os.PathLike[str] | bytes, plan: EditPlan, *, resolution: Resolution | None = None,
               raw: RawDocument | None = None) -> bytes:
    """The .docx `source` with `plan` applied as tracked changes, as bytes (see `edits.apply_edit_plan`)."""
    pkg = Package(source)
    path = None if isinstance(source, bytes) else os.fspath(source)
    _Writer(pkg, plan, resolution, raw, path, source).run()
    return pkg.save()
