"""The XML behind a stretch of NEW's paragraph text, for word-level insertions copied rather than retyped.

A sentence added to a paragraph may hold a link, an image, a field, an
endnote or a commented range; typing its text again loses them. Given
NEW's paragraph and the stretch `[start, end)` of its marked text (the
offsets the word diff found), `span_fragments` returns copies of what that
stretch is made of, in order: runs cut at the stretch's ends, the runs
between them that show no text (notes, drawings, whole fields, also a
field the stretch ends or starts on when its whole result is inside),
hyperlinks (whole, or cut down to the runs inside the stretch), and
bookmark and comment range marks whose two ends both fall inside or at its
edges (with the comment's reference run). It returns None when the copy
would not read exactly as the stretch (then the caller types it).
"""

from __future__ import annotations

import copy

from lxml import etree

from resdraft.edits import FOOTNOTE_MARK
from resdraft.ooxml import Styles, iter_visible_runs, qn, split_run
from resdraft.redline.track import content_runs, fill_between, fldsimple_to_complex, trailing_note_runs

__all__ = ["notes_after", "source_cells", "span_fragments"]

_R = qn("w:r")
_RPR = qn("w:rPr")
_PPR = qn("w:pPr")
_PAIRED = {qn("w:bookmarkStart"): "b", qn("w:bookmarkEnd"): "b", qn("w:commentRangeStart"): "c",
           qn("w:commentRangeEnd"): "c"}
_CONTAINERS = frozenset(qn(t) for t in ("w:hyperlink", "w:smartTag", "w:customXml", "w:dir", "w:bdo"))
_WHOLE_ONLY = frozenset(qn(t) for t in ("w:sdt",))


def source_cells(p: etree._Element, styles: Styles) -> list[list]:
    """[run, node, idx, is_mark] per character of the paragraph's marked text."""
    out: list[list] = []
    for piece in iter_visible_runs(p, styles):
        if piece.footnote_id is not None:
            out.append([piece.run, piece.node, 0, True])
            continue
        out.extend([piece.run, piece.node, k, False] for k in range(len(piece.text)))
    return out


def notes_after(p: etree._Element, styles: Styles, end: int) -> int:
    """How many endnote references directly follow the character before marked offset `end` of `p`."""
    cells = source_cells(p, styles)
    if not 0 < end <= len(cells):
        return 0
    return len(trailing_note_runs(cells[end - 1][0]))


def _split(cells: list[list], i: int) -> None:
    """Make character i the first content of its run (the cells after it follow the new run)."""
    if i >= len(cells):
        return
    run, node, cut, _mark = cells[i]
    new_run = split_run(run, node, cut)
    if new_run is run:
        return
    new_node = next(c for c in new_run if c.tag != _RPR) if cut else node
    for cell in cells[i:]:
        if cell[0] is not run:
            break
        cell[0] = new_run
        if cut and cell[1] is node:
            cell[1] = new_node
            cell[2] -= cut


def _top(el: etree._Element, p: etree._Element) -> etree._Element:
    while el.getparent() is not p:
        el = el.getparent()
    return el


_STARTS = frozenset(qn(t) for t in ("w:bookmarkStart", "w:commentRangeStart"))
_ENDS = frozenset(qn(t) for t in ("w:bookmarkEnd", "w:commentRangeEnd"))
_COMMENT_REF = qn("w:commentReference")


def _edges(children: list[etree._Element], lo: int, hi: int, selected: set[etree._Element]) -> tuple[int, int]:
    """[lo, hi] widened to the range marks just outside it, and the comment references after their range ends.

    A bookmark or a comment that begins right where the stretch begins (or
    ends right where it ends) is the stretch's own; a start or end whose
    partner is not inside is dropped later, so taking them here is safe.
    """
    while lo > 0 and children[lo - 1].tag in _STARTS:
        lo -= 1
    started = {c.get(qn("w:id"), "") for c in children[lo:hi + 1] if c.tag == qn("w:commentRangeStart")}
    ended = {c.get(qn("w:id"), "") for c in children[lo:hi + 1] if c.tag == qn("w:commentRangeEnd")} & started
    while hi + 1 < len(children):
        nxt = children[hi + 1]
        if nxt.tag in _ENDS:
            if nxt.tag == qn("w:commentRangeEnd") and nxt.get(qn("w:id"), "") in started:
                ended.add(nxt.get(qn("w:id"), ""))
        elif nxt.tag == _R and (ref := nxt.find(_COMMENT_REF)) is not None and ref.get(qn("w:id"), "") in ended:
            selected.add(nxt)
        else:
            break
        hi += 1
    return lo, hi


def span_fragments(p: etree._Element, styles: Styles, start: int, end: int, expected: str, *,
                   trailing_notes: bool = False) -> list[etree._Element] | None:
    """Copies of what `p` (NEW's) holds behind marked text [start, end); None unless they read `expected`.

    With `trailing_notes`, the endnote references right after the stretch
    come too (a note belongs to the text it follows; it shows no text, so the
    word diff cannot say whose it is).
    """
    q = copy.deepcopy(p)
    fldsimple_to_complex(q)
    cells = source_cells(q, styles)
    if not 0 <= start < end <= len(cells):
        return None
    _split(cells, end)
    _split(cells, start)
    runs: list[etree._Element] = []
    for cell in cells[start:end]:
        if not runs or runs[-1] is not cell[0]:
            runs.append(cell[0])
    if any(next(r.iterancestors(_R), None) is not None for r in runs):
        return None  # text in a text box: not a stretch of this paragraph
    picked = fill_between(runs, whole_fields=True)
    if trailing_notes:
        picked = picked + trailing_note_runs(picked[-1])
    selected = set(picked)
    tops = [_top(r, q) for r in picked]
    children = list(q)
    lo, hi = _edges(children, children.index(tops[0]), children.index(tops[-1]), selected)
    frags: list[etree._Element] = []
    pending: dict[tuple[str, str], etree._Element] = {}
    for child in children[lo:hi + 1]:
        tag = child.tag
        if tag == _R:
            if child in selected:
                frags.append(child)
        elif tag in _CONTAINERS:
            mine = [r for r in content_runs(child) if r in selected]
            if not mine:
                continue
            if len(mine) == len(content_runs(child)):
                frags.append(child)
            else:
                clone = etree.Element(tag, attrib=dict(child.attrib), nsmap=child.nsmap)
                clone.extend(mine)
                frags.append(clone)
        elif tag in _WHOLE_ONLY:
            mine = [r for r in content_runs(child) if r in selected]
            if mine and len(mine) == len(content_runs(child)):
                frags.append(child)
            elif mine:
                return None
        elif tag in _PAIRED:
            key = (_PAIRED[tag], child.get(qn("w:id"), ""))
            if tag.endswith("Start"):
                pending[key] = child
                frags.append(child)
            elif key in pending:
                frags.append(child)
                del pending[key]
        elif tag != _PPR:
            return None  # math, revisions of NEW ...: type the text instead
    for unmatched in pending.values():
        frags.remove(unmatched)
    probe = etree.Element(q.tag, nsmap=q.nsmap)
    probe.extend(copy.deepcopy(f) for f in frags)
    text = "".join(FOOTNOTE_MARK if piece.footnote_id is not None else piece.text
                   for piece in iter_visible_runs(probe, styles))
    return frags if text == expected else None
