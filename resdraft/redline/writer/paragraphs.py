"""Whole-paragraph operations: delete, insert (typed or copied from NEW), move, restyle, table rows."""

from __future__ import annotations

import copy

from lxml import etree

from resdraft.edits import (
    START,
    DeleteParagraph,
    DeleteRow,
    EditPlanError,
    InsertParagraph,
    InsertRow,
    InsertTable,
    MoveParagraph,
    Restyle,
    Source,
)
from resdraft.model import Emphasis
from resdraft.ooxml import qn
from resdraft.ooxml.build import w_el
from resdraft.ooxml.order import ordered_ppr
from resdraft.ooxml.revisions import make_del, make_ins, mark_paragraph, mark_revision
from resdraft.redline.comment_refs import references_into_ranges
from resdraft.redline.controls import inline_block_control
from resdraft.redline.formatting import format_key, restyle_run
from resdraft.redline.fragments import source_cells
from resdraft.redline.importer import Importer
from resdraft.redline.objects import track_objects
from resdraft.redline.paragraph_format import default_style, paragraph_key, restyle_paragraph
from resdraft.redline.sections import has_section
from resdraft.redline.tables import row_of, table_of, track_row, track_table
from resdraft.redline.track import content_runs, fldsimple_to_complex, lift_controls, wrap_runs
from resdraft.redline.writer.addressing import _distinct_runs
from resdraft.redline.writer.notes import _footnote_text
from resdraft.redline.writer.runs import _outermost_revision, _revision_of
from resdraft.redline.writer.state import (
    _P,
    _PPR,
    _REVISION_CONTAINERS,
    _RPR,
    _RUN_REVISION_PROPS,
    WriterState,
    _Target,
)


def _first_run(target: _Target) -> etree._Element | None:
    """Something to anchor a comment on in the paragraph: its first visible run."""
    return next((c.run for c in target.cells if c.run is not None), None)


def _clean_ppr(ppr: etree._Element | None) -> etree._Element | None:
    """A copy of a `w:pPr` for a new paragraph: no revision marks, no section break, children in schema order."""
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
    return ordered_ppr(ppr)  # a converter's misordered pPr is not copied as it is (`ooxml.order`)


class ParagraphOps(WriterState):
    """Whole-paragraph operations: delete, insert (typed or copied from NEW), move, restyle, table rows."""

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
                table = table_of(first)  # before a table that opens the body, not inside its first cell
                first = table if table is not None else first
            if first is None:
                body = self.document.find(qn("w:body"))
                body.insert(0, el)
            else:
                first.addprevious(el)
        else:
            anchor = self.target(after).paras[-1]
            if body_level:
                table = table_of(anchor)  # `or` would truth-test an element: lxml warns, and means its children
                anchor = table if table is not None else anchor
            anchor.addnext(el)
        self._last_insert[key] = el

    # -- copies from another package ------------------------------------------------------------
    def importer(self, source: Source) -> Importer:
        found = self._importers.get(source.path)
        if found is None:
            found = Importer(self.open_sources.get(source.path, source.path), self.pkg, self, self.ids.take)
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
        mine_root = self.styles.root
        theirs_root = importer.styles.root
        if paragraph_key(p, default_style(mine_root)) == paragraph_key(src, default_style(theirs_root)):
            return
        known = {st.get(qn("w:styleId")) for st in mine_root.iterfind(qn("w:style"))} \
            if mine_root is not None else set()
        restyle_paragraph(p, src, known, self._revision)

    def _restyle(self, item: Restyle) -> None:
        """Tracked formatting changes (runs, paragraph, section break), then the drawings NEW drops or adds.

        The objects come last: isolating an object's run splits runs the
        formatting pass addresses by cell.
        """
        target = self.target(item.label)
        importer, src = self.source_element(item.source)
        if not item.objects_only:
            self._restyle_text(target, src, importer)
        if len(target.paras) == 1:
            track_objects(target.paras[0], self.pkg, src, importer, lambda: make_ins(self.ids, self.author, self.date),
                          lambda: make_del(self.ids, self.author, self.date))

    def _restyle_text(self, target: _Target, src: etree._Element, importer: Importer) -> None:
        """Tracked formatting changes where OLD's and NEW's runs differ in bold, italic, underline, highlight."""
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
