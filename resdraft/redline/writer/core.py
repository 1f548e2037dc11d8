"""Apply an `EditPlan` to a .docx as tracked changes, run by run.

The text a plan's offsets index is the visible text the reader saw
(`ooxml.visible.iter_visible_runs`), so each character is first tied to its
run and run child (a `_Span`, one per stretch of a run child, shared by its
characters). An edit then splits runs at its two ends
(`ooxml.build.split_run`, both halves keep their `w:rPr`), wraps the runs between
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

import itertools
import os
from collections.abc import Mapping, Sequence

from lxml import etree

from resdraft.edits import (
    FOOTNOTE_MARK,
    DeleteParagraph,
    DeleteRow,
    Edit,
    EditPlan,
    EditPlanError,
    InsertParagraph,
    InsertRow,
    InsertTable,
    MoveParagraph,
    PlanItem,
    Renumber,
    Restyle,
    marked_span,
)
from resdraft.gcpause import collector_paused
from resdraft.model import RawDocument, Resolution
from resdraft.ooxml import Package
from resdraft.redline.bookmarks import keep_one_bookmark
from resdraft.redline.comment_styles import has_tracked_mark, name_unstyled_paragraphs
from resdraft.redline.mark_shift import shift_endnote_holders
from resdraft.redline.moves import MoveMaker
from resdraft.redline.sections import move_section_breaks
from resdraft.redline.writer.addressing import Addressing, _labels_of
from resdraft.redline.writer.marks import StoryEnds
from resdraft.redline.writer.notes import NotesAndComments
from resdraft.redline.writer.paragraphs import ParagraphOps
from resdraft.redline.writer.runs import RunSurgery


class _Writer(Addressing, RunSurgery, NotesAndComments, ParagraphOps, StoryEnds):
    """One plan applied to one package."""

    # -- the plan -------------------------------------------------------------------------
    def _releasable(self, items: Sequence[PlanItem]) -> dict[tuple[int, ...], list[str]]:
        """The texts (and their labels) that no item after the text edits addresses: free once edited.

        The texts, their views and the lxml proxies of their runs are some 100 MB of Python objects on a
        20,000-paragraph draft; freed as the edits go, they make room for the XML the edits add.
        """
        later = {label for item in items if not isinstance(item, Edit | Renumber) for label in _labels_of(item)}
        labels: dict[int, list[str]] = {}
        for label, target in self._targets.items():
            labels.setdefault(id(target.text), []).append(label)
        kept = {id(self._targets[label].text) for label in later if label in self._targets}
        return {key: labels.get(id(text), []) for key, (text, _) in self._texts.items() if id(text) not in kept}

    def _release(self, key: tuple[int, ...], labels: list[str]) -> None:
        """Forget an edited text and its addresses (asking for one of them again is a bug: see `target`)."""
        del self._texts[key]
        for label in labels:
            del self._targets[label]
        self._released.update(labels)

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
        releasable = self._releasable(items)
        for key, (text, _) in list(self._texts.items()):
            spans = sorted(text.edits, key=lambda t: (t[0], t[1]))
            for (_s1, e1, x1), (s2, _e2, x2) in itertools.pairwise(spans):
                if e1 > s2:
                    raise EditPlanError(f"{x1.label} and {x2.label}: edits overlap in the same paragraph")
            for start, end, edit in reversed(spans):
                self._apply_edit(text, start, end, edit)
            if key in releasable:
                self._release(key, releasable[key])
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
            self._name_comment_styles()

    def _name_comment_styles(self) -> None:
        """`comment_styles.name_comment_paragraph_styles`, for the comments in the tree and those still data."""
        style = self.styles.default_paragraph
        if self.comments is None or style is None or not has_tracked_mark(self.document):
            return
        if self._new_comments is not None:
            self._new_comments.default_style = style
        if name_unstyled_paragraphs(self.comments, style) and self.comments_name is not None:
            self.pkg.xml(self.comments_name, write=True)  # save the part again


def apply_plan(source: str | os.PathLike[str] | bytes, plan: EditPlan, *, resolution: Resolution | None = None,
               raw: RawDocument | None = None, sources: Mapping[str, Package] | None = None) -> bytes:
    """The .docx `source` with `plan` applied as tracked changes, as bytes (see `edits.apply_edit_plan`).

    `sources`: packages already open for the paths the plan copies from (`Source.path`), read, never changed.
    """
    pkg = Package(source)
    path = None if isinstance(source, bytes) else os.fspath(source)
    with collector_paused():
        writer = _Writer(pkg, plan, resolution, raw, path, source)
        writer.open_sources.update(sources or {})
        writer.run()
        del writer  # its proxies keep the trees alive, which `save` frees part by part
        return pkg.save(release=True)
