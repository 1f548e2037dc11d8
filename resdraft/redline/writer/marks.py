"""Paragraph marks at story ends: a story's last mark cannot be tracked, so marks take their neighbour's flag."""

from __future__ import annotations

from lxml import etree

from resdraft.ooxml import iter_visible_runs, qn
from resdraft.ooxml.revisions import make_del, make_ins, mark_paragraph, unmark_paragraph
from resdraft.redline.writer.notes import _footnote_text
from resdraft.redline.writer.runs import _adjacent, _assign_marks, _place_after_element, _story
from resdraft.redline.writer.state import _P, WriterState, _Span


class StoryEnds(WriterState):
    """Paragraph marks at story ends: a story's last mark cannot be tracked, so marks take their neighbour's flag."""

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
        cells = [_Span(0, 1, piece.run, piece.node, mark=True, para=p)]
        self._split_at(cells, 0)
        wrappers = self._wrap([cells[0].run], make_del)
        ins = make_ins(self.ids, self.author, self.date)
        ins.append(self._footnote_reference_run(text))
        _place_after_element(wrappers[-1], ins, self.ids)
