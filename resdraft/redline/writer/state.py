"""What every part of the writer shares: the package, the plan, the parts it edits, the cell types, tag names."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from lxml import etree

from resdraft.edits import FOOTNOTE_MARK, Edit, EditPlan, normalize_date
from resdraft.model import RawDocument, Resolution
from resdraft.ooxml import Package, body_paragraphs, qn
from resdraft.ooxml.namespaces import REL_COMMENTS, REL_FOOTNOTES, REL_STYLES
from resdraft.ooxml.revisions import RevisionIds
from resdraft.redline.importer import Importer
from resdraft.redline.writer.new_comments import NewComments

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


class _Span:
    """A stretch of a text's characters that lie in one run child (or one footnote mark, or one joiner).

    A text keeps one span per stretch and, per character, a reference to its span (`_Text.cells`):
    one object per character cost 100 bytes each (2.4 million on a 20,000-paragraph draft).
    Character i of the text sits at index `idx0 + i - start` of `node`'s text.
    """

    __slots__ = ("bold", "end", "idx0", "italic", "mark", "node", "para", "run", "start")

    def __init__(self, start: int, end: int, run: etree._Element | None, node: etree._Element | None,
                 idx0: int = 0, italic: bool = False, bold: bool = False, mark: bool = False,
                 para: etree._Element | None = None) -> None:
        self.start = start  # first character of the text in this span
        self.end = end  # one past its last
        self.run = run  # None for a synthetic separator (a paragraph boundary inside a block)
        self.node = node
        self.idx0 = idx0
        self.italic = italic
        self.bold = bold
        self.mark = mark
        self.para = para

    def idx(self, i: int) -> int:
        """Index of character i of the text in `node`'s text."""
        return self.idx0 + i - self.start

    def cut(self, i: int) -> _Span:
        """Split off the characters from i on (start < i < end) as a new span; return it."""
        tail = _Span(i, self.end, self.run, self.node, self.idx(i), self.italic, self.bold, self.mark, self.para)
        self.end = i
        return tail


@dataclass
class _Text:
    """The characters of one or more `w:p` (a paragraph, a merged block, a footnote), shared by every address.

    `chars` is the text (one character per cell, a joiner between paragraphs, FOOTNOTE_MARK for a
    mark); `cells[i]` is the span character i lies in (spans are shared, not copied per character).
    """

    paras: list[etree._Element]
    chars: str
    cells: list[_Span]
    edits: list[tuple[int, int, Edit]] = field(default_factory=list)
    key: tuple[int, ...] = ()  # its key in `WriterState._texts`

    def isolate(self, i: int) -> None:
        """Make character i start a span of its own (bookkeeping only: the runs are not split)."""
        if 0 < i < len(self.cells):
            span = self.cells[i]
            if span.start < i:
                tail = span.cut(i)
                self.cells[i:tail.end] = [tail] * (tail.end - i)

    def set_mark(self, group: list[int]) -> None:
        """These characters (a footnote number typed as digits) become one mark: the first stands for it."""
        for i in group:
            self.isolate(i)
            self.isolate(i + 1)
            self.cells[i].mark = True
        self.chars = self.chars[:group[0]] + FOOTNOTE_MARK + self.chars[group[0] + 1:]


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
    def cells(self) -> list[_Span]:
        """The span of each addressed character, in order."""
        return [self.text.cells[i] for i in self.view[:-1]]

    @property
    def marked(self) -> str:
        return _gather(self.text.chars, self.view[:-1])


def _gather(chars: str, view: list[int]) -> str:
    """`chars` at the (ascending) indexes of `view`, sliced stretch by stretch rather than char by char."""
    if not view:
        return ""
    if view[-1] - view[0] == len(view) - 1:  # one stretch: the usual case
        return chars[view[0]:view[-1] + 1]
    return "".join(map(chars.__getitem__, view))


class WriterState:
    """The state every job of the writer reads and changes (one instance per written document)."""

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
        self.styles = pkg.styles_part(pkg.related(pkg.main, REL_STYLES))  # shared, parsed once: read only
        self.footnotes_name = pkg.related(pkg.main, REL_FOOTNOTES)
        self.footnotes = pkg.xml(self.footnotes_name) if self.footnotes_name else None
        self.comments_name = pkg.related(pkg.main, REL_COMMENTS)
        self.comments = pkg.xml(self.comments_name) if self.comments_name else None
        self.ids = RevisionIds([self.document, self.footnotes, self.comments])
        self.paras = body_paragraphs(self.document)
        self._groups: dict[int, list[int]] | None = None
        self._targets: dict[str, _Target] = {}
        self._texts: dict[tuple[int, ...], tuple[_Text, list[int]]] = {}
        self._text_keys: list[tuple[int, ...]] = []  # the keys of `_texts` in the order the texts were made
        self._comment_templates: tuple[etree._Element, etree._Element, etree._Element] | None = None
        self._new_comments: NewComments | None = None  # comments added, made into elements only at save
        self._numbered_styles: dict[str | None, bool] = {}  # paragraph style -> Word numbers its paragraphs
        self._released: set[str] = set()  # labels whose text was edited and freed (no later item needs them)
        self._section_gains: list[etree._Element] = []  # kept paragraphs NEW gives a section break
        self._status: dict[etree._Element, str] = {}  # w:p -> "D" (deleted) / "I" (inserted) by this plan
        self._mark_author: dict[etree._Element, str] = {}  # w:p -> who inserted or deleted it (this plan)
        self._foreign_notes: list[tuple[etree._Element, str, str]] = []  # (revision, author, comment) to add
        self._last_insert: dict[str, etree._Element] = {}
        self._next_footnote_id: int | None = None
        self._fn_by_number: dict[int, int] | None = None
        self._importers: dict[str, Importer] = {}
        self.open_sources: dict[str, Package] = {}  # Source.path -> its package, open already (read only)
        self.endnotes_name: str | None = None
        self._bookmarks_twice: list[etree._Element] = []  # copied bookmark starts whose name OLD defines too
        self._layout: frozenset[int] | None = None  # page-layout paragraphs of a converted PDF
        # indexes built once (a lookup per label or note by scanning was quadratic on long drafts)
        self._block_index: tuple[dict[str, int], list[int], list[int]] | None = None
        self._notes_by_id: dict[str, etree._Element] | None = None
        self._first_refs: dict[str, etree._Element] | None = None
        self._move: str | None = None  # the move name of the edit being written (Edit.move)
