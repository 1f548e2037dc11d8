"""The visible-text walk: the characters a reader sees in one `w:p`, with all tracked changes accepted.

Each piece is tied to the `w:r` and the child element that produced it, so
text offsets can be mapped back to runs (the redliner's addressing relies
on it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from lxml import etree

from resdraft.ooxml.namespaces import qn
from resdraft.ooxml.props import as_int, child, w_attr
from resdraft.ooxml.styles import RunFormat, Styles

__all__ = ["VisiblePiece", "iter_visible_runs", "paragraph_text", "rpr_marks_deleted", "run_is_deleted", "sym_char"]

_RPR_TAG = qn("w:rPr")


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
    return rpr_marks_deleted(child(run, _RPR_TAG))


def rpr_marks_deleted(rpr: etree._Element | None) -> bool:
    if rpr is None:
        return False
    return any(prop.tag in _DELETED for prop in rpr)


def _run(run: etree._Element, state: _WalkState, inserted: bool) -> Iterator[VisiblePiece]:
    rpr = child(run, _RPR_TAG)
    if rpr is not None and rpr_marks_deleted(rpr):
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
