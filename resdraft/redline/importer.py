"""Copy paragraphs, rows and tables from NEW's package into OLD's, with everything they hang on.

An inserted or moved paragraph is NEW's XML, not its text rebuilt: a
hyperlink needs its relationship, an image its media part, a note its
footnote or endnote, a commented range its comment. `Importer.copy` deep-
copies an element of NEW's main part and rewires it into the target
package: relationships are re-created (internal targets such as media are
copied as parts, reused when the same bytes are already there), notes and
comments are copied with fresh ids, and every id that must stay unique in a
document (bookmarks, revisions, content controls, drawings) is renumbered.
Word's paragraph ids (`w14:paraId`) are dropped: Word makes new ones.
"""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Callable
from typing import Protocol

from lxml import etree

from resdraft.ooxml import Package, Styles, qn
from resdraft.ooxml.namespaces import R_NS, REL_COMMENTS, REL_ENDNOTES, REL_FOOTNOTES, REL_STYLES, W14_NS, WP_NS
from resdraft.ooxml.order import ordered_sdtpr

__all__ = ["Importer", "NoteSink"]

_R_NS = R_NS
_W14 = W14_NS
_WP = WP_NS
_DROP_ATTRS = (f"{{{_W14}}}paraId", f"{{{_W14}}}textId")
_REVISION_IDS = frozenset(qn(t) for t in ("w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rPrChange", "w:pPrChange",
                                          "w:moveFromRangeStart", "w:moveFromRangeEnd", "w:moveToRangeStart",
                                          "w:moveToRangeEnd", "w:sectPrChange", "w:trPrChange", "w:tcPrChange",
                                          "w:tblPrChange", "w:cellIns", "w:cellDel"))
_COMMENT_TAGS = frozenset(qn(t) for t in ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference"))
_BOOKMARK_TAGS = frozenset(qn(t) for t in ("w:bookmarkStart", "w:bookmarkEnd"))


class NoteSink(Protocol):
    """What the importer needs from the writer: the target's notes and comments parts (created on demand)."""

    def notes_root(self, kind: str) -> tuple[etree._Element, str]: ...

    def comments_root(self) -> etree._Element: ...

    def comments_part(self) -> str: ...


class Importer:
    """Copies from one source .docx into a target package (one instance per source)."""

    def __init__(self, source: str | bytes | Package, target: Package, sink: NoteSink,
                 take_id: Callable[[], int]) -> None:
        self.src = source if isinstance(source, Package) else Package(source)  # only read: may be shared
        self.dst = target
        self.sink = sink
        self.take_id = take_id
        self._rels: dict[tuple[str, str, str], str] = {}
        self._parts: dict[str, str] = {}  # source part -> target part
        self._notes: dict[tuple[str, str], str] = {}
        self._src_roots: dict[str, etree._Element | None] = {}
        self._docpr = _max_docpr(target.xml(target.main)) + 1
        self._bookmarks: dict[str, str] = {}  # source id -> target id (a range may span several copies)
        self._comments: dict[str, str] = {}
        self._dropped: set[str] = set()  # source bookmark ids left out (their name exists in the target)
        self._target_names: set[str | None] | None = None
        self.imported_notes = 0

    # -- the source --------------------------------------------------------------------
    @property
    def styles(self) -> Styles:
        """NEW's styles (what is hidden, what a paragraph style implies), read once."""
        if not hasattr(self, "_styles"):
            self._styles = self.src.styles_part(self.src.related(self.src.main, REL_STYLES))
        return self._styles

    def source_body_paragraphs(self) -> list[etree._Element]:
        from resdraft.ooxml.paragraphs import body_paragraphs

        if "body" not in self._src_roots:
            self._src_roots["body"] = self.src.xml(self.src.main)
        root = self._src_roots["body"]
        if not hasattr(self, "_paras"):
            self._paras = body_paragraphs(root) if root is not None else []
        return self._paras

    def _src_part(self, rel_type: str) -> tuple[etree._Element | None, str | None]:
        name = self.src.related(self.src.main, rel_type)
        if name not in self._src_roots:
            self._src_roots[name or ""] = self.src.xml(name) if name else None
        return self._src_roots.get(name or ""), name

    # -- copying -------------------------------------------------------------------------
    def copy(self, el: etree._Element, src_part: str | None = None, dst_part: str | None = None) -> etree._Element:
        """A copy of `el` (from `src_part`, default NEW's main part) ready to live in `dst_part` of the target."""
        src_part = src_part or self.src.main
        dst_part = dst_part or self.dst.main
        out = copy.deepcopy(el)
        bookmarks, comments = self._bookmarks, self._comments
        doomed: list[etree._Element] = []
        for node in out.iter():
            if not isinstance(node.tag, str):
                continue
            for name in _DROP_ATTRS:
                if name in node.attrib:
                    del node.attrib[name]
            for key, value in list(node.attrib.items()):
                if key.startswith(f"{{{_R_NS}}}") and value:
                    new = self._rel(src_part, dst_part, value)
                    if new is None:
                        del node.attrib[key]
                    else:
                        node.set(key, new)
            tag = node.tag
            if tag in _REVISION_IDS:
                node.set(qn("w:id"), str(self.take_id()))
            elif tag in _BOOKMARK_TAGS:
                old = node.get(qn("w:id"), "")
                if tag == qn("w:bookmarkStart") and node.get(qn("w:name")) in self._names():
                    self._dropped.add(old)  # OLD has that name already: one definition only
                if old in self._dropped:
                    doomed.append(node)
                    continue
                node.set(qn("w:id"), bookmarks.setdefault(old, str(self.take_id())))
            elif tag in _COMMENT_TAGS:
                old = node.get(qn("w:id"), "")
                if old not in comments:
                    comments[old] = self._comment(old)
                node.set(qn("w:id"), comments[old])
            elif tag in (qn("w:footnoteReference"), qn("w:endnoteReference")):
                kind = "footnote" if tag == qn("w:footnoteReference") else "endnote"
                node.set(qn("w:id"), self._note(kind, node.get(qn("w:id"), "")))
            elif tag == qn("w:id") and node.getparent() is not None and node.getparent().tag == qn("w:sdtPr"):
                node.set(qn("w:val"), str(self.take_id()))
            elif tag == f"{{{_WP}}}docPr":
                node.set("id", str(self._docpr))
                self._docpr += 1
        for node in doomed:
            if node is not out and node.getparent() is not None:
                node.getparent().remove(node)
        for sdtpr in out.iter(qn("w:sdtPr")):
            ordered_sdtpr(sdtpr)  # LibreOffice saves w:id first; the copy is written in schema order
        return out

    def copy_fragment(self, el: etree._Element) -> tuple[etree._Element, bool]:
        """`copy` of a piece of a paragraph, and whether it is a bookmark mark whose name OLD defines already.

        Such a mark keeps a fresh id (not left out, as inside a copied
        paragraph): the caller decides which of the two definitions stays.
        """
        out = self.copy(el)
        old = el.get(qn("w:id"), "")
        if out.tag not in _BOOKMARK_TAGS or old not in self._dropped:
            return out, False
        out.set(qn("w:id"), self._bookmarks.setdefault(old, str(self.take_id())))
        return out, True

    def _names(self) -> set[str | None]:
        """Bookmark names of the target's main part as it was (read once)."""
        if self._target_names is None:
            root = self.dst.xml(self.dst.main)
            self._target_names = {b.get(qn("w:name")) for b in root.iter(qn("w:bookmarkStart"))} \
                if root is not None else set()
        return self._target_names

    def _rel(self, src_part: str, dst_part: str, rid: str) -> str | None:
        key = (src_part, dst_part, rid)
        if key in self._rels:
            return self._rels[key]
        found = self.src.relationship(src_part, rid)
        if found is None:
            return None
        rel_type, target, external = found
        if external:
            new = self.dst.relate(dst_part, rel_type, target, external=True)
        else:
            part = self._part(target)
            if part is None:
                return None
            rel_target = posixpath.relpath(part, posixpath.dirname(dst_part) or ".")
            new = self.dst.relate(dst_part, rel_type, rel_target)
        self._rels[key] = new
        return new

    def _part(self, src_name: str) -> str | None:
        """The target copy of a source part (media, header...), copied once; same bytes at the same name reused."""
        if src_name in self._parts:
            return self._parts[src_name]
        data = self.src.data(src_name)
        if data is None:
            return None
        existing = self.dst.name(src_name)
        if existing is not None and self.dst.data(existing) == data:
            chosen = existing
        else:
            chosen = self.dst.add_part(src_name, data, self.src.content_type(src_name))
        self._parts[src_name] = chosen
        return chosen

    def _note(self, kind: str, old_id: str) -> str:
        key = (kind, old_id)
        if key in self._notes:
            return self._notes[key]
        root, name = self._src_part(REL_FOOTNOTES if kind == "footnote" else REL_ENDNOTES)
        note = None
        if root is not None:
            note = next((n for n in root.iterchildren(qn(f"w:{kind}")) if n.get(qn("w:id")) == old_id), None)
        dst_root, dst_name = self.sink.notes_root(kind)
        ids = [int(v) for v in (n.get(qn("w:id")) for n in dst_root.iterchildren(qn(f"w:{kind}")))
               if v and v.lstrip("-").isdigit()]
        new_id = str(max([0, *ids]) + 1)
        copied = self.copy(note, name, dst_name) if note is not None and name else _empty_note(kind)
        copied.set(qn("w:id"), new_id)
        dst_root.append(copied)
        self._notes[key] = new_id
        self.imported_notes += 1
        return new_id

    def _comment(self, old_id: str) -> str:
        root, name = self._src_part(REL_COMMENTS)
        new_id = str(self.take_id())
        comment = None
        if root is not None:
            comment = next((c for c in root.iterchildren(qn("w:comment")) if c.get(qn("w:id")) == old_id), None)
        if comment is not None and name is not None:
            copied = self.copy(comment, name, self.sink.comments_part())
            copied.set(qn("w:id"), new_id)
            self.sink.comments_root().append(copied)
        return new_id


def _empty_note(kind: str) -> etree._Element:
    from resdraft.ooxml.build import w_el

    note = w_el(f"w:{kind}")
    note.append(w_el("w:p"))
    return note


def _max_docpr(root: etree._Element | None) -> int:
    if root is None:
        return 0
    values = [el.get("id", "") for el in root.iter(f"{{{_WP}}}docPr")]
    return max([0, *(int(v) for v in values if v.isdigit())])
