"""Paragraph moves as Word move revisions: `w:moveFrom` where it was, `w:moveTo` where it lands.

Each moved paragraph gets a named pair of ranges (`w:moveFromRangeStart` /
`w:moveToRangeStart` with the same `w:name`), so Word shows "Moved" and
accepts or rejects both halves together; LibreOffice reads them as a
deletion and an insertion. The copy at the new place is the paragraph's
own XML (copied through the `Importer` from the untouched package, so notes
and comments get copies of their own and links keep their targets);
bookmarks stay at the old place (LibreOffice keeps a bookmark of accepted
deleted text, so REF fields still resolve both ways) and are left out of
the copy, so no name is defined twice.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from lxml import etree

from resdraft.ooxml import W_NS, body_paragraphs, mark_paragraph, qn, w_el
from resdraft.ooxml.order import ordered_sdtpr
from resdraft.redline.comment_refs import references_into_ranges
from resdraft.redline.controls import block_control, inline_block_control, wrap_like
from resdraft.redline.importer import Importer
from resdraft.redline.track import content_runs, fldsimple_to_complex, lift_controls, wrap_runs

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = ["MoveMaker", "moved_range"]

_PPR = qn("w:pPr")
_NS = {"w": W_NS}
_BOOKMARKS = (qn("w:bookmarkStart"), qn("w:bookmarkEnd"))


class MoveMaker:
    """Copies and marks moved paragraphs for one writer (`writer.ids`, `.author`, `.date`, `.paras`)."""

    def __init__(self, writer: Any) -> None:
        self.w = writer
        source = writer.source if writer.source is not None else writer.pkg.save()
        self.importer = Importer(source, writer.pkg, writer, writer.ids.take)
        self.src_paras = body_paragraphs(self.importer.src.xml(self.importer.src.main))
        self.index = {id(p): i for i, p in enumerate(writer.paras)}
        self.names: dict[int, str] = {}  # id() of the first moved w:p -> range name
        self._open: dict[tuple[str, str], str] = {}  # (range start tag, name) -> id

    def _revision(self, tag: str) -> etree._Element:
        return w_el(tag, {"w:id": str(self.w.ids.take()), "w:author": self.w.author, "w:date": self.w.date})

    def _name(self, paras: Sequence[etree._Element]) -> str:
        key = id(paras[0])
        if key not in self.names:
            self.names[key] = f"move{self.w.ids.take()}"
        return self.names[key]

    def copy(self, paras: Sequence[etree._Element]) -> etree._Element:
        """The paragraph(s) as one new `w:p` for the new place, content in a `w:moveTo` range (mark not set)."""
        from resdraft.redline.writer.paragraphs import _clean_ppr

        copies = [self.importer.copy(_without_section(self.src_paras[self.index[id(p)]])) for p in paras]
        p = copies[0]
        ppr = p.find(_PPR)
        if ppr is not None:
            p.remove(ppr)
        for extra in copies[1:]:
            for child in list(extra):
                if child.tag != _PPR:
                    p.append(child)
        clean = _clean_ppr(paras[0].find(_PPR))
        if clean is not None:
            p.insert(0, clean)
        control = block_control(self.src_paras[self.index[id(paras[0])]]) if len(paras) == 1 else None
        if control is not None:  # the control moves with its paragraph (inside it: a revision can hold it whole)
            wrap_like(p, control)
            self._renumber_control(p)
        fldsimple_to_complex(p)
        references_into_ranges(p)
        wrap_runs(content_runs(p), lambda: self._revision("w:moveTo"), deleted=False)
        lift_controls(p, lambda: self._revision("w:moveTo"))
        self._ranges(p, "w:moveToRangeStart", "w:moveToRangeEnd", self._name(paras))
        for mark in [*p.iter(*_BOOKMARKS)]:  # a name is defined once: the bookmark stays where it was
            mark.getparent().remove(mark)
        return p

    def move_from(self, paras: Sequence[etree._Element]) -> None:
        """Mark the paragraph(s) at the old place as moved away (content in `w:moveFrom`, marks deleted)."""
        for p in paras:
            inline_block_control(p)
            fldsimple_to_complex(p)
            references_into_ranges(p)
            wrap_runs(content_runs(p), lambda: self._revision("w:moveFrom"), deleted=True)
            lift_controls(p, lambda: self._revision("w:moveFrom"))
            mark_paragraph(p, w_el("w:del", {"w:id": str(self.w.ids.take()), "w:author": self.w.author,
                                             "w:date": self.w.date}))
        self._ranges(paras[0], "w:moveFromRangeStart", None, self._name(paras))
        self._ranges(paras[-1], None, "w:moveFromRangeEnd", self._name(paras))

    def _renumber_control(self, p: etree._Element) -> None:
        """A fresh `w:id` for the copied control: the original stays at the old place until accepted."""
        ids = [int(v) for v in self.w.document.xpath("//w:sdtPr/w:id/@w:val", namespaces=_NS)
               if v.lstrip("-").isdigit()]
        for el in p.iterfind(f".//{qn('w:sdtPr')}/{qn('w:id')}"):
            el.set(qn("w:val"), str(max([*ids, 0]) + 1))
            ids.append(max([*ids, 0]) + 1)
        for sdtpr in p.iter(qn("w:sdtPr")):
            ordered_sdtpr(sdtpr)

    def _ranges(self, p: etree._Element, start_tag: str | None, end_tag: str | None, name: str) -> None:
        """Open and/or close a named move range in `p` (the end shares the start's id)."""
        key = (start_tag or end_tag or "").replace("End", "Start")
        if start_tag is not None:
            start = w_el(start_tag, {"w:id": str(self.w.ids.take()), "w:author": self.w.author,
                                     "w:date": self.w.date, "w:name": name})
            self._open[(key, name)] = start.get(qn("w:id"))
            ppr = p.find(_PPR)
            if ppr is not None:
                ppr.addnext(start)
            else:
                p.insert(0, start)
        if end_tag is not None:
            rid = self._open.get((key, name), str(self.w.ids.take()))
            p.append(w_el(end_tag, {"w:id": rid}))


def moved_range(first: etree._Element, last: etree._Element, prefix: str, name: str,
                revision: Callable[[str], etree._Element]) -> None:
    """Put a named move range (`prefix` "w:moveFromRange" or "w:moveToRange") around `first` … `last`.

    A sentence moved within the text: its old place's `w:moveFrom` and its
    new place's `w:moveTo` carry ranges of one name, so Word shows "Moved".
    """
    start = revision(f"{prefix}Start")
    start.set(qn("w:name"), name)
    first.addprevious(start)
    last.addnext(w_el(f"{prefix}End", {"w:id": start.get(qn("w:id"), "")}))


def _without_section(p: etree._Element) -> etree._Element:
    """A copy of `p` without its section break: the break stays where it was (and its header is not copied)."""
    sect = p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    if sect is None:
        return p
    p = copy.deepcopy(p)
    sect = p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    sect.getparent().remove(sect)
    return p
