"""WordprocessingML helpers shared by the .docx reader and the redliner.

Everything here works on lxml elements of an already opened package part:

* `NS`, `qn` - namespaces and Clark names (`qn("w:p")`);
* `parse_xml` - the one XML parser to use for package parts (no DTDs, no
  entities, no network; a DOCTYPE is refused);
* `Styles` - styles.xml resolved far enough to tell a paragraph's style name
  and whether a run is italic, bold or hidden;
* `iter_visible_runs` - the visible-text walk: the characters a reader sees
  in one `w:p` with all tracked changes accepted, each piece tied to the
  `w:r` and the child element that produced it, so text offsets can be
  mapped back to runs;
* `body_paragraphs` / `logical_paragraphs` - the `w:p` list whose positions are
  the `Location.index` contract, and how deleted paragraph marks merge them.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from lxml import etree

NS: dict[str, str] = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
W_NS = NS["w"]
#: The ISO "Strict" WordprocessingML namespace, which this reader does not handle.
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"


@functools.lru_cache(maxsize=512)
def qn(tag: str) -> str:
    """Clark name for a prefixed tag: `qn("w:p")` -> `{http://...main}p`."""
    prefix, _, local = tag.partition(":")
    return f"{{{NS[prefix]}}}{local}"


# --- safe parsing -------------------------------------------------------------


class UnsafeXMLError(ValueError):
    """A part declares a DOCTYPE (Word never writes one; entity tricks need one)."""


def safe_parser() -> etree.XMLParser:
    """A fresh parser that never loads DTDs, expands entities or touches the network.

    lxml parsers are not thread-safe, hence a new one per call.
    """
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
    )


def parse_xml(data: bytes) -> etree._Element:
    """Parse one package part; raise `etree.XMLSyntaxError` or `UnsafeXMLError`."""
    root = etree.fromstring(data, safe_parser())
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise UnsafeXMLError("the part declares a DOCTYPE")
    return root


# --- small accessors --------------------------------------------------------------


def w_attr(el: etree._Element | None, name: str = "val") -> str | None:
    """The `w:<name>` attribute of `el`, or None when `el` or the attribute is missing."""
    if el is None:
        return None
    return el.get(qn(f"w:{name}"))


def on_off(el: etree._Element | None) -> bool | None:
    """Value of an ST_OnOff property element (`<w:i/>`, `<w:b w:val="0"/>`); None if absent."""
    if el is None:
        return None
    val = el.get(qn("w:val"))
    if val is None:
        return True
    return val.strip().lower() not in ("0", "false", "off", "none")


def child(el: etree._Element, tag: str) -> etree._Element | None:
    """The first direct child of `el` with Clark name `tag`, or None: `el.find(tag)`, faster.

    lxml's `find` goes through its Python ElementPath layer (~1.5 us); the
    property elements looked up here (`w:pPr`, `w:rPr`) come first in their
    parent, so a plain loop usually stops at once.
    """
    for candidate in el:
        if candidate.tag == tag:
            return candidate
    return None


def find_path(el: etree._Element | None, *tags: str) -> etree._Element | None:
    """Follow direct children `tags` (prefixed names) from `el`; None as soon as one is missing."""
    for tag in tags:
        if el is None:
            return None
        el = child(el, qn(tag))
    return el


def as_int(value: str | None) -> int | None:
    """`int(value)` or None for a missing or non-numeric attribute."""
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


# --- styles -----------------------------------------------------------------------


@dataclass(frozen=True)
class StyleDef:
    """One `w:style` of styles.xml, reduced to what the reader needs."""

    style_id: str
    type: str
    name: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None
    default: bool


@dataclass(frozen=True)
class RunFormat:
    """Effective emphasis of a run after styles and direct formatting."""

    italic: bool = False
    bold: bool = False
    hidden: bool = False


_ABSENT = object()  # "no such property element", as distinct from an element without w:val
_VAL = qn("w:val")
_RPR_TAG = qn("w:rPr")
_PPR_TAG = qn("w:pPr")
_PSTYLE = qn("w:pStyle")
_RSTYLE = qn("w:rStyle")
_STYLE_TAG = qn("w:style")
_NAME_TAG = qn("w:name")
_BASED_ON = qn("w:basedOn")
_STYLE_ID = qn("w:styleId")
_TYPE = qn("w:type")
_DEFAULT = qn("w:default")
#: The run toggles that `run_format` resolves, in `RunFormat` field order.
_TOGGLES = ("w:i", "w:b", "w:vanish")
_TOGGLE_INDEX = {qn(tag): i for i, tag in enumerate(_TOGGLES)}
_OFF_VALUES = frozenset({"0", "false", "off", "none"})
_CACHE_LIMIT = 4096


class Styles:
    """styles.xml resolved: style names, `basedOn` chains and run toggles.

    Built from the parsed root or from None (a package without styles.xml),
    so callers never need to special-case a missing part. Everything derived
    from the styles (chains, toggles, the format of a run with given direct
    properties) is computed once and memoised: a draft has a few dozen
    distinct run formats but hundreds of runs.
    """

    def __init__(self, root: etree._Element | None = None) -> None:
        self.by_id: dict[str, StyleDef] = {}
        self.default_paragraph: str | None = None
        self.default_rpr: etree._Element | None = None
        self._toggle_cache: dict[tuple[str | None, str], bool | None] = {}
        self._chain_cache: dict[str | None, list[StyleDef]] = {}
        self._format_cache: dict[tuple[object, ...], RunFormat] = {}
        if root is None:
            return
        self.default_rpr = find_path(root, "w:docDefaults", "w:rPrDefault", "w:rPr")
        for el in root.iterchildren(_STYLE_TAG):
            style_id = el.get(_STYLE_ID)
            if style_id is None or style_id in self.by_id:
                continue
            name = based_on = ppr = rpr = None
            for prop in el:  # one pass instead of a find() per property
                tag = prop.tag
                if tag == _NAME_TAG:
                    name = prop if name is None else name
                elif tag == _BASED_ON:
                    based_on = prop if based_on is None else based_on
                elif tag == _PPR_TAG:
                    ppr = prop if ppr is None else ppr
                elif tag == _RPR_TAG:
                    rpr = prop if rpr is None else rpr
            style = StyleDef(
                style_id=style_id,
                type=el.get(_TYPE) or "paragraph",
                name=(name.get(_VAL) if name is not None else None) or style_id,
                based_on=based_on.get(_VAL) if based_on is not None else None,
                ppr=ppr,
                rpr=rpr,
                default=(el.get(_DEFAULT) or "").strip().lower() in ("1", "true", "on"),
            )
            self.by_id[style_id] = style
            if style.type == "paragraph" and style.default and self.default_paragraph is None:
                self.default_paragraph = style_id

    def chain(self, style_id: str | None) -> list[StyleDef]:
        """The style and its `basedOn` ancestors, nearest first (cycles cut). Do not modify the list."""
        cached = self._chain_cache.get(style_id)
        if cached is not None:
            return cached
        if len(self._chain_cache) >= _CACHE_LIMIT:
            self._chain_cache.clear()
        out: list[StyleDef] = []
        seen: set[str] = set()
        current = style_id
        while current is not None and current not in seen:
            seen.add(current)
            style = self.by_id.get(current)
            if style is None:
                break
            out.append(style)
            current = style.based_on
        self._chain_cache[style_id] = out
        return out

    def find_in_chain(self, style_id: str | None, *tags: str) -> etree._Element | None:
        """First element at path `tags` (e.g. "w:pPr", "w:outlineLvl") along the style chain."""
        for style in self.chain(style_id):
            root = style.ppr if tags[0] == "w:pPr" else style.rpr if tags[0] == "w:rPr" else None
            found = find_path(root, *tags[1:]) if root is not None else None
            if found is not None:
                return found
        return None

    def paragraph_style_id(self, p: etree._Element) -> str | None:
        """The paragraph's `w:pStyle`, else the document's default paragraph style."""
        ppr = child(p, _PPR_TAG)
        pstyle = child(ppr, _PSTYLE) if ppr is not None else None
        explicit = pstyle.get(_VAL) if pstyle is not None else None
        return explicit if explicit is not None else self.default_paragraph

    def name(self, style_id: str | None) -> str | None:
        """Display name of a style ("heading 1" is shown as Word shows it: "Heading 1")."""
        if style_id is None:
            return None
        style = self.by_id.get(style_id)
        name = style.name if style is not None else style_id
        if name.lower().startswith("heading ") and name[8:].strip().isdigit():
            return "Heading " + name[8:].strip()
        return name

    def _style_toggle(self, style_id: str | None, tag: str) -> bool | None:
        key = (style_id, tag)
        if key not in self._toggle_cache:
            self._toggle_cache[key] = on_off(self.find_in_chain(style_id, "w:rPr", tag))
        return self._toggle_cache[key]

    def _resolve_toggle(self, direct: object, char_style: str | None, paragraph_style: str | None, tag: str) -> bool:
        """A toggle (`tag` prefixed, "w:i") from its direct value and the two style chains.

        `direct` is `_ABSENT` without a direct property element, else the
        element's `w:val` (None meaning "on").
        """
        if direct is not _ABSENT:
            return direct is None or str(direct).strip().lower() not in _OFF_VALUES
        values = [
            v
            for v in (self._style_toggle(paragraph_style, tag), self._style_toggle(char_style, tag))
            if v is not None
        ]
        if values:
            return functools.reduce(operator.xor, values)
        return bool(on_off(self.default_rpr.find(qn(tag))) if self.default_rpr is not None else False)

    def toggle(self, rpr: etree._Element | None, paragraph_style: str | None, tag: str) -> bool:
        """Effective value of a toggle property (`w:i`, `w:b`, `w:vanish`) for a run.

        Direct formatting sets the value outright. Otherwise the paragraph
        style chain and the character style chain each give a value and, as
        in Word, they toggle: italic text in an italic paragraph style shows
        upright. With neither, the document defaults apply.
        """
        el = rpr.find(qn(tag)) if rpr is not None else None
        direct = _ABSENT if el is None else el.get(_VAL)
        char_style = w_attr(rpr.find(_RSTYLE)) if rpr is not None else None
        return self._resolve_toggle(direct, char_style, paragraph_style, tag)

    def run_format(self, run: etree._Element, paragraph_style: str | None) -> RunFormat:
        """Italic, bold and hidden for a `w:r` in a paragraph of style `paragraph_style`.

        Memoised on what decides it: the paragraph style, the run's character
        style and the run's own `w:i`/`w:b`/`w:vanish` values.
        """
        return self.rpr_format(child(run, _RPR_TAG), paragraph_style)

    def rpr_format(self, rpr: etree._Element | None, paragraph_style: str | None) -> RunFormat:
        """`run_format` for a run whose `w:rPr` (or None) the caller already has."""
        direct: list[object] = [_ABSENT, _ABSENT, _ABSENT]
        char_style: str | None = None
        seen_style = False
        if rpr is not None:
            for prop in rpr:
                tag = prop.tag
                index = _TOGGLE_INDEX.get(tag)  # type: ignore[call-overload]
                if index is not None:
                    if direct[index] is _ABSENT:
                        direct[index] = prop.get(_VAL)
                elif tag == _RSTYLE and not seen_style:
                    seen_style = True
                    char_style = prop.get(_VAL)
        key = (paragraph_style, char_style, *direct)
        fmt = self._format_cache.get(key)
        if fmt is None:
            if len(self._format_cache) >= _CACHE_LIMIT:  # junk values in a hostile file: stay bounded
                self._format_cache.clear()
            italic, bold, hidden = (
                self._resolve_toggle(direct[i], char_style, paragraph_style, tag) for i, tag in enumerate(_TOGGLES)
            )
            fmt = self._format_cache[key] = RunFormat(italic=italic, bold=bold, hidden=hidden)
        return fmt


# --- the visible-text walk --------------------------------------------------------


class VisiblePiece(NamedTuple):
    """A stretch of visible text in a paragraph, as `iter_visible_runs` yields it.

    The first four fields are the "(text, run, italic, bold)" shape; the rest
    tell where exactly it came from:

    * `text` - the characters shown; "" only for a footnote reference mark
      (then `footnote_id` is set).
    * `run` - the `w:r` holding the characters (inside `w:ins`, `w:hyperlink`,
      `w:fldSimple`, `w:sdt` ... as the case may be).
    * `italic`, `bold` - effective formatting (styles, toggles, direct).
    * `node` - the run child that produced the text: `w:t` (then
      `text == node.text`, so character k of the piece is `node.text[k]`),
      `w:tab`/`w:ptab` ("\\t"), `w:br`/`w:cr` ("\\n"), `w:noBreakHyphen` ("-"),
      `w:sym`, or `w:footnoteReference`.
    * `inserted` - inside a tracked insertion (`w:ins` or `w:moveTo`).
    * `footnote_id` - the `w:id` of a `w:footnoteReference` piece.
    """

    text: str
    run: etree._Element
    italic: bool
    bold: bool
    node: etree._Element
    inserted: bool = False
    footnote_id: int | None = None


# Elements whose children are walked as if they stood in the paragraph itself.
_TRANSPARENT = frozenset(
    qn(t)
    for t in (
        "w:hyperlink",
        "w:smartTag",
        "w:customXml",
        "w:sdt",
        "w:sdtContent",
        "w:fldSimple",
        "w:bdo",
        "w:dir",
        "w:ruby",
        "w:rubyBase",
    )
)
_INSERTED = frozenset({qn("w:ins"), qn("w:moveTo")})
_DELETED = frozenset({qn("w:del"), qn("w:moveFrom")})
_SIMPLE_TEXT = {
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}
_T = qn("w:t")
_R = qn("w:r")
_SYM = qn("w:sym")
_FLD_CHAR = qn("w:fldChar")
_FLD_CHAR_TYPE = qn("w:fldCharType")
_FOOTNOTE_REFERENCE = qn("w:footnoteReference")
_ALTERNATE = qn("mc:AlternateContent")


def sym_char(sym: etree._Element) -> str:
    """The character of a `w:sym`, or "" when it is a private-use symbol-font code."""
    code = w_attr(sym, "char")
    if not code:
        return ""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xE000 <= value <= 0xF8FF or value <= 0x1F or value > 0x10FFFF:
        return ""
    return chr(value)


@dataclass
class _WalkState:
    styles: Styles
    paragraph_style: str | None
    fields: list[str]  # open complex fields, innermost last: "instr" (code) or "result"
    instr: int = 0  # how many of `fields` are "instr": text is hidden while any is


def iter_visible_runs(p: etree._Element, styles: Styles | None = None) -> Iterator[VisiblePiece]:
    """Yield the visible text of one `w:p`, in order, as Word shows it with all changes accepted.

    Kept: `w:t`, `w:tab`, `w:br`, `w:cr`, `w:noBreakHyphen`, resolvable `w:sym`,
    text in `w:ins`/`w:moveTo`, hyperlinks, `w:fldSimple`, content controls,
    and the result part of complex fields. Dropped: `w:del`, `w:moveFrom`,
    `w:delText`, field instructions (`w:instrText`, and everything between a
    field's begin and separate `w:fldChar`), soft hyphens, hidden (`w:vanish`)
    runs, drawings and text boxes (their `w:p` are paragraphs of their own).
    Footnote reference marks are yielded as pieces with text "" and
    `footnote_id`, so their position is known but they add no characters.

    Summing `len(piece.text)` gives the offsets of `RawParagraph.text`; that is
    how a text offset is mapped back to `piece.run` / `piece.node`. The
    walk is per paragraph: for a paragraph merged across a deleted paragraph
    mark, walk each `w:p` of the `logical_paragraphs` group in turn.
    """
    styles = styles if styles is not None else Styles()
    state = _WalkState(styles, styles.paragraph_style_id(p), [])
    yield from _walk(p, state, inserted=False)


def _walk(container: etree._Element, state: _WalkState, inserted: bool) -> Iterator[VisiblePiece]:
    for node in container:
        tag = node.tag
        if tag == _R:
            yield from _run(node, state, inserted)
        elif tag in _INSERTED:
            yield from _walk(node, state, True)
        elif tag in _TRANSPARENT:
            yield from _walk(node, state, inserted)
        elif tag == _ALTERNATE:
            # Inline markup-compatibility block: the first Choice, else the Fallback.
            chosen = node.find(qn("mc:Choice"))
            if chosen is None:
                chosen = node.find(qn("mc:Fallback"))
            if chosen is not None:
                yield from _walk(chosen, state, inserted)
        # Anything else (w:pPr, w:del, w:moveFrom, bookmarks, comment ranges,
        # proofErr, math, sdtPr, ruby text ...) contributes no visible text.


def run_is_deleted(run: etree._Element) -> bool:
    """A run whose own `w:rPr` marks it deleted or moved away (seen in math and some tools)."""
    return _marks_deleted(child(run, _RPR_TAG))


def _marks_deleted(rpr: etree._Element | None) -> bool:
    if rpr is None:
        return False
    return any(prop.tag in _DELETED for prop in rpr)


def _run(run: etree._Element, state: _WalkState, inserted: bool) -> Iterator[VisiblePiece]:
    rpr = child(run, _RPR_TAG)
    if rpr is not None and _marks_deleted(rpr):
        return
    fmt: RunFormat | None = None
    fields = state.fields
    for node in run:
        tag = node.tag
        if tag == _T:
            if state.instr:
                continue
            text = node.text or ""
            if not text:
                continue
            footnote_id: int | None = None
        elif tag == _FLD_CHAR:
            kind = node.get(_FLD_CHAR_TYPE)
            if kind == "begin":
                fields.append("instr")
                state.instr += 1
            elif kind == "separate" and fields:
                if fields[-1] == "instr":
                    state.instr -= 1
                fields[-1] = "result"
            elif kind == "end" and fields:
                closed = fields.pop()
                if closed == "instr":
                    state.instr -= 1
            continue
        elif state.instr:
            continue
        else:
            footnote_id = None
            if tag == _FOOTNOTE_REFERENCE:
                footnote_id = as_int(w_attr(node, "id"))
                if footnote_id is None:
                    continue
                text = ""
            elif tag == _SYM:
                text = sym_char(node)
            else:
                text = _SIMPLE_TEXT.get(tag, "")
            if not text and footnote_id is None:
                continue
        if fmt is None:
            fmt = state.styles.rpr_format(rpr, state.paragraph_style)
            if fmt.hidden:
                return
        yield VisiblePiece(text, run, fmt.italic, fmt.bold, node, inserted, footnote_id)


def paragraph_text(p: etree._Element, styles: Styles | None = None) -> str:
    """The visible text of one `w:p` (see `iter_visible_runs`)."""
    return "".join(piece.text for piece in iter_visible_runs(p, styles))


# --- paragraphs ---------------------------------------------------------------------

REVISION_TAGS: frozenset[str] = frozenset(
    qn(t)
    for t in (
        "w:ins",
        "w:del",
        "w:moveFrom",
        "w:moveTo",
        "w:rPrChange",
        "w:pPrChange",
        "w:sectPrChange",
        "w:tblPrChange",
        "w:tblPrExChange",
        "w:tblGridChange",
        "w:trPrChange",
        "w:tcPrChange",
        "w:numberingChange",
        "w:cellIns",
        "w:cellDel",
        "w:cellMerge",
    )
)


def count_revisions(root: etree._Element | None) -> int:
    """Number of tracked-change elements (insertions, deletions, moves, format changes) in a part."""
    if root is None:
        return 0
    return sum(1 for _ in root.iter(*REVISION_TAGS))


def body_paragraphs(document: etree._Element) -> list[etree._Element]:
    """Every `w:p` of the body in document order, table cells and text boxes included.

    A paragraph's position in this list is `Location.index` (part "document").
    """
    body = document.find(qn("w:body"))
    return list(body.iter(qn("w:p"))) if body is not None else []


def paragraph_mark_deleted(p: etree._Element) -> bool:
    """True when the paragraph mark itself is a tracked deletion (or moved away)."""
    ppr = child(p, _PPR_TAG)
    return ppr is not None and _marks_deleted(child(ppr, _RPR_TAG))


def is_removed(p: etree._Element) -> bool:
    """True for a `w:p` that is not part of the accepted text at all.

    That is a paragraph in a tracked-deleted table row, or the duplicate copy
    of a text box kept in an `mc:Fallback` (the `mc:Choice` copy is read).
    """
    for anc in p.iterancestors():
        tag = anc.tag
        if tag == _FALLBACK:
            return True
        if tag == _TR and find_path(anc, "w:trPr", "w:del") is not None:
            return True
    return False


_FALLBACK = qn("mc:Fallback")
_TR = qn("w:tr")


_CONTAINERS = frozenset(
    qn(t)
    for t in ("w:body", "w:tc", "w:txbxContent", "w:footnote", "w:endnote", "w:comment", "w:hdr", "w:ftr")
)


def _container(p: etree._Element) -> etree._Element | None:
    for anc in p.iterancestors():
        if anc.tag in _CONTAINERS:
            return anc
    return None


def logical_paragraphs(paras: Sequence[etree._Element], styles: Styles | None = None) -> list[list[int]]:
    """Group `w:p` positions into the paragraphs that remain once all changes are accepted.

    A paragraph whose mark is deleted runs on into the next paragraph of the
    same container (body, table cell, text box, footnote), as Word does on
    accept, so such `w:p` are grouped with the following ones. Leading
    members that then show nothing (a wholly deleted paragraph) are dropped,
    so the group starts at the first `w:p` with visible content; its position
    is the paragraph's `Location.index` and its properties (style, numbering)
    are the paragraph's. Paragraphs removed entirely (`is_removed`, or a lone
    deleted empty paragraph) appear in no group.
    """
    alive = [i for i, p in enumerate(paras) if not is_removed(p)]
    containers = {i: _container(paras[i]) for i in alive}
    groups: list[list[int]] = []
    current: list[int] = []
    for pos, i in enumerate(alive):
        current.append(i)
        nxt = alive[pos + 1] if pos + 1 < len(alive) else None
        if paragraph_mark_deleted(paras[i]) and nxt is not None and containers[nxt] is containers[i]:
            continue
        groups.append(current)
        current = []
    if current:
        groups.append(current)

    def shows_something(i: int) -> bool:
        return next(iter_visible_runs(paras[i], styles), None) is not None

    out: list[list[int]] = []
    for group in groups:
        first = 0
        while first < len(group) - 1 and not shows_something(group[first]):
            first += 1
        group = group[first:]  # one slice: a run of 100,000 deleted paragraphs must not cost 100,000 copies
        if len(group) == 1 and paragraph_mark_deleted(paras[group[0]]) and not shows_something(group[0]):
            continue
        out.append(group)
    return out


def comment_ids(elements: Iterable[etree._Element]) -> list[int]:
    """`w:id`s of comments anchored (range start or reference mark) in the given elements, in order."""
    ids: dict[int, None] = {}  # ordered and O(1) to test, however many anchors a paragraph has
    tags = (qn("w:commentRangeStart"), qn("w:commentReference"))
    for el in elements:
        for anchor in el.iter(*tags):
            cid = as_int(w_attr(anchor, "id"))
            if cid is not None:
                ids.setdefault(cid, None)
    return list(ids)
