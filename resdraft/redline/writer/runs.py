"""Run surgery: an edit splits runs at its ends, wraps the old ones in `w:del` and adds new runs in `w:ins`."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from lxml import etree

from resdraft.edits import FOOTNOTE_MARK, Edit
from resdraft.model import Emphasis
from resdraft.ooxml import qn
from resdraft.ooxml.build import clone, make_run, set_rpr_child, split_run, w_el
from resdraft.ooxml.revisions import RevisionIds, make_del, make_ins, to_deleted
from resdraft.redline.comment_ranges import end_ranges_after_references, references_after
from resdraft.redline.fragments import notes_after, span_fragments
from resdraft.redline.moves import moved_range
from resdraft.redline.note_marks import NotePlan, plan_notes
from resdraft.redline.track import (
    content_runs,
    fill_between,
    fldsimple_to_complex,
    lift_controls,
    trailing_note_runs,
    wrap_runs,
)
from resdraft.redline.writer.addressing import _distinct_runs
from resdraft.redline.writer.state import (
    _FLD_SIMPLE,
    _HYPERLINK,
    _P,
    _R,
    _REVISION_CONTAINERS,
    _RICH,
    _RID,
    _RPR,
    _RUN_REVISION_PROPS,
    _STORIES,
    _TBL,
    WriterState,
    _Span,
    _Text,
)


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


def _revision_of(cell: _Span) -> etree._Element | None:
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


def _spans(cells: Iterable[_Span]) -> list[_Span]:
    """The distinct spans of these cells, in order (what is true of a span's run is true of each character)."""
    out: list[_Span] = []
    for cell in cells:
        if not out or cell is not out[-1]:
            out.append(cell)
    return out


def _outermost_revision(el: etree._Element) -> etree._Element:
    for anc in el.iterancestors():
        if anc.tag == _P:
            break
        if anc.tag in _REVISION_CONTAINERS:
            el = anc
    return el


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


class RunSurgery(WriterState):
    """Run surgery: an edit splits runs at its ends, wraps the old ones in `w:del` and adds new runs in `w:ins`."""

    # -- text edits -----------------------------------------------------------------------
    def _split_at(self, cells: list[_Span], i: int) -> None:
        """Make cell i the first content of its run, updating the spans that moved to the new run."""
        if i >= len(cells) or cells[i].run is None:
            return
        span = cells[i]
        old_run, old_node, cut = span.run, span.node, span.idx(i)
        new_run = split_run(old_run, old_node, cut)
        if new_run is old_run:
            return
        new_node = next(c for c in new_run if c.tag != _RPR) if cut else old_node
        if span.start < i:
            span = span.cut(i)
            cells[i:span.end] = [span] * (span.end - i)
        while span.run is old_run:
            span.run = new_run
            if cut and span.node is old_node:
                span.node = new_node
                span.idx0 -= cut
            if span.end >= len(cells):
                break
            span = cells[span.end]

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

    def _link_target(self, span: Sequence[_Span], target: _Text) -> str | None:
        """The target of the external hyperlink holding the replaced text, if any (the edit keeps it)."""
        story = _story(target.paras[0]) if target.paras else None
        part = self.footnotes_name if story is not None and story.tag == qn("w:footnote") else self.pkg.main
        for cell in _spans(span):
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

    def _note_plan(self, edit: Edit, cells: list[_Span], start: int, runs: list[etree._Element]) -> NotePlan:
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

    def _copied_replacement(self, edit: Edit, cells: list[_Span], start: int, end: int,
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

    def _insert_runs(self, new: list[etree._Element], last: etree._Element | None, cells: list[_Span], start: int,
                     target: _Text) -> etree._Element:
        """`new` runs as one tracked insertion by the current author: after `last`, or at `start`; the `w:ins`."""
        ins = self._make_addition(self.ids, self.author, self.date)
        ins.extend(new)
        if last is not None:
            _place_after_element(last, ins, self.ids)
        else:
            self._place_at(cells, start, ins, target)
        return ins

    def _alternatives(self, target: _Text, cells: list[_Span], start: int, edit: Edit, context: _Span | None,
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
    def _refuse_foreign(self, cells: list[_Span], view: list[int], start: int, end: int, item: Edit) -> bool:
        """An edit inside another author's pending insertion or deletion becomes a comment on it (True).

        Editing there would rewrite a revision that is not ours to change: its
        author could no longer accept or reject it as they made it.
        """
        inside = [view[k] for k in range(start, end)]
        if start == end and 0 < start < len(view) - 1:
            before, after = _revision_of(cells[view[start - 1]]), _revision_of(cells[view[start]])
            if before is not None and before is after:
                inside = [view[start]]
        revision = next((r for r in map(_revision_of, _spans(cells[i] for i in inside)) if r is not None), None)
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

    def _context_cell(self, cells: list[_Span], start: int, end: int) -> _Span | None:
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

    def _place_at(self, cells: list[_Span], i: int, el: etree._Element, target: _Text) -> None:
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
        rpr = clone(base) if base is not None else w_el("w:rPr")
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

    def _new_runs(self, text: str, footnotes: Sequence[str], context: _Span | None, italic: bool | None,
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
