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

import os
from collections.abc import Mapping

from lxml import etree

from resdraft.edits import (
    DeleteParagraph,
    DeleteRow,
    EditPlan,
    InsertParagraph,
    InsertRow,
    InsertTable,
    MoveParagraph,
    Restyle,
)
from resdraft.gcpause import collector_paused
from resdraft.model import RawDocument, Resolution
from resdraft.ooxml import Package
from resdraft.redline.bookmarks import keep_one_bookmark
from resdraft.redline.comment_styles import has_tracked_mark, name_unstyled_paragraphs
from resdraft.redline.mark_shift import shift_endnote_holders
from resdraft.redline.moves import MoveMaker
from resdraft.redline.sections import move_section_breaks
from resdraft.redline.writer.marks import StoryEnds
from resdraft.redline.writer.notes import NotesAndComments
from resdraft.redline.writer.paragraphs import ParagraphOps
from resdraft.redline.writer.text_edits import TextEdits


class _Writer(TextEdits, NotesAndComments, ParagraphOps, StoryEnds):
    """One plan applied to one package."""

    def run(self) -> None:
        items = self.plan.edits
        moves: MoveMaker | None = None
        moved_copies: dict[str, list[etree._Element]] = {}
        if self._one_text_at_a_time(items):
            self._edit_text_by_text(items)
        else:
            moves, moved_copies = self._edit_all_at_once(items)
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
        """Name the default paragraph style on comment paragraphs without one (`comment_styles`), for the
        comments in the tree and for those still data."""
        style = self.styles.default_paragraph
        if self.comments is None or style is None or not has_tracked_mark(self.document):
            return
        if self._new_comments is not None:
            self._new_comments.default_style = style
        if name_unstyled_paragraphs(self.comments, style) and self.comments_name is not None:
            self.pkg.xml(self.comments_name, write=True)  # save the part again


def apply_plan(source: str | os.PathLike[str] | bytes, plan: EditPlan, *, resolution: Resolution | None = None,
               raw: RawDocument | None = None, sources: Mapping[str, Package] | None = None,
               package: Package | None = None) -> bytes:
    """The .docx `source` with `plan` applied as tracked changes, as bytes (see `edits.apply_edit_plan`).

    `sources`: packages already open for the paths the plan copies from (`Source.path`), read, never changed.
    `package`: `source` already open and only read so far (its parts are not parsed again); the plan is
    written into it, so it is not to be used afterwards.
    """
    pkg = package if package is not None else Package(source)
    path = None if isinstance(source, bytes) else os.fspath(source)
    with collector_paused():
        writer = _Writer(pkg, plan, resolution, raw, path, source)
        writer.open_sources.update(sources or {})
        writer.run()
        del writer  # its proxies keep the trees alive, which `save` frees part by part
        return pkg.save(release=True)
