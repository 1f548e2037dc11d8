"""The comments and footnotes/endnotes parts: new comments, new notes, their ids and order."""

from __future__ import annotations

import copy
import itertools

from lxml import etree

from resdraft.edits import Edit
from resdraft.ooxml import Styles, iter_visible_runs, qn
from resdraft.ooxml.build import clone, make_run, w_el, w_sub
from resdraft.ooxml.namespaces import CT_COMMENTS, CT_ENDNOTES, CT_FOOTNOTES, REL_COMMENTS, REL_ENDNOTES, REL_FOOTNOTES
from resdraft.ooxml.revisions import make_ins
from resdraft.redline.writer.new_comments import NewComments
from resdraft.redline.writer.runs import _place_after_element
from resdraft.redline.writer.state import _P, _PPR, _R, _RPR, WriterState

_COMMENT_REFERENCE = qn("w:commentReference")
_W_ID = qn("w:id")


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


def _footnote_text(note: etree._Element, styles: Styles) -> str:
    paras = list(note.iter(_P))
    text = "\n".join("".join(piece.text for piece in iter_visible_runs(p, styles)) for p in paras)
    return text.strip()


def _comment_runs_between(low: etree._Element, high: etree._Element) -> list[etree._Element]:
    """The runs of comment marks after run `low` and before run `high`, in `high`'s own paragraph.

    Only `high`'s paragraph is walked: numbering every element of the document to compare
    positions took half a second and 60 MB on a 20,000-paragraph draft.
    """
    paragraph = next(high.iterancestors(_P), None)
    if paragraph is None:
        return []
    passed_low = not any(a is paragraph for a in low.iterancestors())  # else `low` comes first in it
    runs: list[etree._Element] = []
    for el in paragraph.iter():
        if el is high:
            break
        if el is low:
            passed_low = True
        elif passed_low and el.tag == _COMMENT_REFERENCE:
            run = el.getparent()
            if run is not low and next(run.iterancestors(_P), None) is paragraph:
                runs.append(run)
    return runs


class NotesAndComments(WriterState):
    """The comments and footnotes/endnotes parts: new comments, new notes, their ids and order."""

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
        for run in _comment_runs_between(refs[0], refs[1]):
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

    def _footnote_comment(self, note: etree._Element, edit: Edit) -> None:
        """A comment on footnote text is a point comment just before the note's reference mark.

        Word allows comments inside notes, but LibreOffice (7.4) refuses to
        open a file with one, so the comment names the note instead; it
        stands before the mark because a comment mark right after the first
        footnote mark upsets LibreOffice's footnote numbering.
        """
        fid = note.get(qn("w:id"))
        ref = self._first_reference(fid or "")
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

    def _first_reference(self, fid: str) -> etree._Element | None:
        """The first `w:footnoteReference` to note `fid`: from a dict built once, checked against the tree.

        A scan of the document per footnote comment was quadratic on long drafts.
        """
        if self._first_refs is None:
            self._first_refs = {}
            for r in self.document.iter(qn("w:footnoteReference")):
                self._first_refs.setdefault(r.get(qn("w:id"), ""), r)
        ref = self._first_refs.get(fid)
        if ref is not None and ref.get(qn("w:id")) == fid and ref.getroottree().getroot() is self.document:
            return ref
        ref = next((r for r in self.document.iter(qn("w:footnoteReference")) if r.get(qn("w:id")) == fid), None)
        if ref is not None:
            self._first_refs[fid] = ref
        return ref

    # -- comments -----------------------------------------------------------------------------
    def _comment(self, first: etree._Element, last: etree._Element, text: str) -> None:
        cid = str(self.ids.take())
        first.addprevious(w_el("w:commentRangeStart", {"w:id": cid}))
        end = w_el("w:commentRangeEnd", {"w:id": cid})
        last.addnext(end)
        reference, head, line_p = self._comment_parts()
        ref = clone(reference)
        ref[-1].set(_W_ID, cid)
        end.addnext(ref)
        self._comments_root()
        if self._new_comments is None:
            self._new_comments = NewComments(head, line_p)
            assert self.comments_name is not None
            self.pkg.add_later(self.comments_name, self._new_comments.elements)
        self._new_comments.add(cid, self.author, self.date, text)

    def _comment_parts(self) -> tuple[etree._Element, etree._Element, etree._Element]:
        """The comment reference run, a comment's first paragraph (its mark) and a further one, built once.

        A comment is a dozen elements; a copy of these costs one, and a long draft has one per edit.
        """
        if self._comment_templates is None:
            styled = "CommentReference" in self.styles.by_id
            ref = w_el("w:r")
            if styled:
                w_sub(w_sub(ref, "w:rPr"), "w:rStyle", {"w:val": "CommentReference"})
            w_sub(ref, "w:commentReference", {"w:id": ""})
            line_p = w_el("w:p")
            if "CommentText" in self.styles.by_id:
                w_sub(w_sub(line_p, "w:pPr"), "w:pStyle", {"w:val": "CommentText"})
            head = copy.deepcopy(line_p)
            mark = w_sub(head, "w:r")
            if styled:
                w_sub(w_sub(mark, "w:rPr"), "w:rStyle", {"w:val": "CommentReference"})
            w_sub(mark, "w:annotationRef")
            self._comment_templates = (ref, head, line_p)
        return self._comment_templates

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

    # -- parts the importer fills ------------------------------------------------------------------
    def notes_root(self, kind: str) -> tuple[etree._Element, str]:
        if kind == "footnote":
            root = self._footnotes_root()
            assert self.footnotes_name is not None
            return root, self.footnotes_name
        return self._endnotes_root(), self.endnotes_name or "word/endnotes.xml"

    def comments_root(self) -> etree._Element:
        """The comments part's root, holding every comment so far (the importer appends copies after them)."""
        root = self._comments_root()
        if self._new_comments is not None:
            root.extend(self._new_comments.take())
        return root

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
