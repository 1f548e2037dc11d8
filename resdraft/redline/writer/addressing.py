"""Addresses: a plan's labels (`OP3`, `@12`, `FN2`) resolved to the cells of the text they name."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence

from lxml import etree

from resdraft.edits import (
    FOOTNOTE_MARK,
    START,
    DeleteParagraph,
    DeleteRow,
    Edit,
    EditPlanError,
    InsertParagraph,
    InsertRow,
    InsertTable,
    MoveParagraph,
    Renumber,
    Restyle,
    raw_index,
)
from resdraft.model import Block, Resolution
from resdraft.ooxml import Styles, iter_visible_runs, logical_paragraphs, qn
from resdraft.redline.writer.state import _P, WriterState, _gather, _Span, _Target, _Text


def _labels_of(item: object) -> list[str]:
    if isinstance(item, Edit | DeleteParagraph | Renumber):
        return [item.label]
    if isinstance(item, MoveParagraph):
        return [item.label] + ([item.after] if item.after != START else [])
    if isinstance(item, InsertParagraph):
        return [x for x in (item.after, item.like) if x and x != START]
    if isinstance(item, InsertRow):
        return [item.anchor]
    if isinstance(item, Restyle):
        return [item.label]
    if isinstance(item, DeleteRow):
        return [item.label]
    if isinstance(item, InsertTable):
        return [item.after] if item.after != START else []
    return []


def _drop_plain(cells: list[_Span], seg: range, count: int) -> list[int]:
    """Drop the first `count` plain characters (marks among them stay: the reader clamps them to 0)."""
    kept: list[int] = []
    seen = 0
    for i in seg:
        if seen >= count:
            return kept + list(range(i, seg.stop))
        if cells[i].mark:
            kept.append(i)
        else:
            seen += 1
    return kept


def _lead_end(cells: list[_Span], count: int | None) -> int:
    """Cell index just after the first `count` plain characters."""
    seen = 0
    for i, cell in enumerate(cells):
        if seen >= (count or 0):
            return i
        if not cell.mark:
            seen += 1
    return len(cells)


def _find_number(text: _Text, number_text: str, lead: int) -> tuple[int, int] | None:
    """Cell span of a typed number within the first `lead` characters of a paragraph."""
    plain: list[tuple[int, str]] = []
    for i, cell in enumerate(text.cells):
        if len(plain) >= lead:
            break
        if not cell.mark and cell.run is not None:
            plain.append((i, text.chars[i]))
    found = "".join(ch for _, ch in plain)
    pos = found.find(number_text)
    if pos < 0:
        return None
    return plain[pos][0], plain[pos + len(number_text) - 1][0] + 1


def _lstrip(text: _Text, seg: list[int]) -> list[int]:
    k = 0
    while k < len(seg) and not text.cells[seg[k]].mark and text.chars[seg[k]].isspace():
        k += 1
    return seg[k:]


def _rstrip(text: _Text, seg: list[int]) -> list[int]:
    """Strip trailing white space; marks after it stay (they belong to the text's end)."""
    cells, chars = text.cells, text.chars
    marks_after: list[int] = []
    k = len(seg)
    while k > 0 and (cells[seg[k - 1]].mark or chars[seg[k - 1]].isspace()):
        if cells[seg[k - 1]].mark:
            marks_after.insert(0, seg[k - 1])
        k -= 1
    return seg[:k] + marks_after


def _plain_marks(cells: list[_Span], view: list[int]) -> list[int]:
    """Plain offsets of the marks in `view` (ascending), looked at span by span rather than char by char."""
    out: list[int] = []
    marks = 0
    k = 0
    while k < len(view):
        span = cells[view[k]]
        if span.mark:
            out.append(k - marks)
            marks += 1
            k += 1
        else:
            k = bisect_left(view, span.end, k + 1)  # past the span's characters in the view
    return out


def _distinct_runs(cells: Iterable[_Span]) -> list[etree._Element]:
    runs: list[etree._Element] = []
    seen: set[int] = set()
    last: _Span | None = None
    for cell in cells:
        if cell is last:
            continue  # the characters of one span share its run
        last = cell
        if cell.run is not None and id(cell.run) not in seen:
            seen.add(id(cell.run))
            runs.append(cell.run)
    return runs


_NUM_ID_PATH = f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}"


def _has_numbering(p: etree._Element, styles: Styles, by_style: dict[str | None, bool]) -> bool:
    """Whether Word numbers `p`: its own `w:numPr`, else its style's (`by_style` keeps each style's answer)."""
    num = p.find(_NUM_ID_PATH)
    if num is not None:
        return num.get(qn("w:val"), "0").strip() != "0"
    style_id = styles.paragraph_style_id(p)
    if style_id not in by_style:
        style = styles.find_in_chain(style_id, "w:pPr", "w:numPr", "w:numId")
        by_style[style_id] = style is not None and style.get(qn("w:val"), "0").strip() != "0"
    return by_style[style_id]


def _with_typed_marks(target: _Target, block: Block) -> _Target | None:
    """The target with footnote marks typed as digits (a PDF converted to .docx) read as marks.

    The reader takes such a mark out of the text (`readers.pages`), so the block's text lacks the
    digits the .docx has at each note's offset. The digits there become mark cells: the first stands
    for the mark in the view, the others are left out of it, so offsets agree with the block and an
    edit that keeps the mark keeps all its digits. None when the digits are not where the notes are.
    """
    text, view = target.text, target.view[:-1]
    chars = text.chars
    new_view: list[int] = []
    groups: list[list[int]] = []
    at = done = 0
    for ref in sorted(block.footnote_refs, key=lambda r: r.offset):
        before, digits = block.text[done:ref.offset], str(ref.number)
        group = view[at + len(before):at + len(before) + len(digits)]
        if _gather(chars, view[at:at + len(before)]) != before or _gather(chars, group) != digits:
            return None
        new_view += [*view[at:at + len(before)], group[0]]
        groups.append(group)
        at, done = at + len(before) + len(digits), ref.offset
    if not groups or _gather(chars, view[at:]) != block.text[done:]:
        return None
    new_view += view[at:]
    for group in groups:
        text.set_mark(group)
    return _Target(target.label, text, [*new_view, target.view[-1]], _plain_marks(text.cells, new_view),
                   auto_numbered=target.auto_numbered)


class Addressing(WriterState):
    """Addresses: a plan's labels (`OP3`, `@12`, `FN2`) resolved to the cells of the text they name."""

    # -- addresses ----------------------------------------------------------------------
    def groups(self) -> dict[int, list[int]]:
        if self._groups is None:
            self._groups = {g[0]: g for g in logical_paragraphs(self.paras, self.styles)}
        return self._groups

    def _resolution(self) -> Resolution:
        if self.resolution is None:
            if self.source_path is None:
                raise EditPlanError("block labels need the parsed draft: pass `resolution=`")
            from resdraft.parse import parse_file

            self.resolution = parse_file(self.source_path)
        return self.resolution

    def _footnote_numbers(self) -> dict[int, int]:
        """Display number -> footnote `w:id`."""
        if self._fn_by_number is None:
            notes = None
            if self.resolution is not None:
                notes = [(f.number, f.xml_id) for f in self.resolution.footnotes]
            else:
                if self.raw is None:
                    if self.source_path is None:
                        raise EditPlanError("footnote labels need the parsed draft: pass `resolution=` or `raw=`")
                    from resdraft.readers.docx import read_docx

                    self.raw = read_docx(self.source_path)
                notes = [(f.number, f.xml_id) for f in self.raw.footnotes]
            self._fn_by_number = {n: x for n, x in notes if x is not None}
        return self._fn_by_number

    def target(self, label: str) -> _Target:
        if label in self._targets:
            return self._targets[label]
        if label in self._released:  # its cells no longer match the tree: `_Writer.run` should have kept it
            raise RuntimeError(f"{label}: address asked for after its text was edited and released")
        index = raw_index(label)
        if index is not None:
            group = self.groups().get(index)
            if group is None:
                raise EditPlanError(f"{label}: no paragraph starts at body paragraph {index}")
            target = self._make_target(label, [[self.paras[i] for i in group]], lead=0, joiner="")
        elif label.startswith("FN") and label[2:].isdigit():
            target = self._footnote_target(label, int(label[2:]))
        else:
            target = self._block_target(label)
        self._targets[label] = target
        return target

    def _blocks_index(self) -> tuple[dict[str, int], list[int], list[int]]:
        """Label -> first block position, the next .docx body index after each block, the sorted group heads."""
        if self._block_index is None:
            blocks = self._resolution().blocks
            positions: dict[str, int] = {}
            for i, b in enumerate(blocks):
                positions.setdefault(b.label, i)
            stops = [len(self.paras)] * len(blocks)
            following = len(self.paras)
            for i in range(len(blocks) - 1, -1, -1):
                stops[i] = following
                if blocks[i].location.part == "document":
                    following = blocks[i].location.index
            self._block_index = (positions, stops, sorted(self.groups()))
        return self._block_index

    def _block_target(self, label: str) -> _Target:
        resolution = self._resolution()
        blocks = resolution.blocks
        positions, stops, all_heads = self._blocks_index()
        pos = positions.get(label)
        if pos is None:
            raise EditPlanError(f"{label}: no such block in {resolution.path}")
        block = blocks[pos]
        if block.location.part != "document":
            raise EditPlanError(f"{label}: the block was not read from a .docx; parse the .docx the plan applies to")
        start = block.location.index
        stop = stops[pos]
        heads = all_heads[bisect_left(all_heads, start):bisect_left(all_heads, stop)] if start < stop else []
        segments = [[self.paras[i] for i in self.groups()[h]] for h in heads]
        target = self._make_target(label, segments, lead=block.text_offset, joiner=" ", strip_end=True)
        plain = target.marked.replace(FOOTNOTE_MARK, "")  # built once: a join over every cell
        if plain != block.text and self._page_layout():
            # a PDF converted to .docx: the block reads past the page's furniture and typed note marks
            layout = self._page_layout()
            kept = [[self.paras[i] for i in self.groups()[h]] for h in heads if h not in layout]
            typed = self._make_target(label, kept, lead=block.text_offset, joiner=" ", strip_end=True)
            target = _with_typed_marks(typed, block) or target
            plain = target.marked.replace(FOOTNOTE_MARK, "")
        if plain != block.text:
            raise EditPlanError(f"{label}: the block's text does not match paragraph {start} of the .docx; "
                                "was the draft parsed from another file?")
        if block.numbering == "typed" and block.number_text:
            target.number_span = _find_number(target.text, block.number_text, block.text_offset)
        target.auto_numbered = block.numbering == "auto" or target.auto_numbered
        return target

    def _footnote_target(self, label: str, number: int) -> _Target:
        xml_id = self._footnote_numbers().get(number)
        note = self._footnote_element(xml_id) if xml_id is not None else None
        if note is None:
            page_note = self._page_note_target(label, number) if xml_id is None else None
            if page_note is not None:
                return page_note
            raise EditPlanError(f"{label}: no footnote {number} in the document")
        if self.footnotes_name is not None:
            self.pkg.xml(self.footnotes_name, write=True)
        paras = list(note.iter(_P))
        groups = logical_paragraphs(paras, self.styles)
        return self._make_target(label, [[paras[i] for i in g] for g in groups], lead=None, joiner="\n",
                                 strip_end=True)

    def _page_layout(self) -> frozenset[int]:
        """Body paragraphs that are page layout (running heads, job numbers, notes) in a converted PDF."""
        if self._layout is None:
            self._layout = frozenset()
            if self.raw is None and self.source_path is not None:
                from resdraft.readers.docx import read_docx

                self.raw = read_docx(self.source_path)
            if self.raw is not None and not self.raw.footnotes:
                from resdraft.readers.pages import strip_paragraph_layout

                paragraphs, _ = strip_paragraph_layout(self.raw.paragraphs, self.raw.path)
                self._layout = frozenset(p.location.index for p in paragraphs if p.layout)
        return self._layout

    def _page_note_target(self, label: str, number: int) -> _Target | None:
        """A footnote typed at the foot of a page (a PDF converted to .docx): its text in that body paragraph.

        The reader reads such notes out of the paragraphs under the page's rule (`readers.pages`); there is
        no `w:footnote` to edit, so the note is addressed where it stands, after its number.
        """
        if self.resolution is None:
            return None
        note = next((f for f in self.resolution.footnotes if f.number == number and f.xml_id is None), None)
        if note is None or note.location.part != "document" or not note.text:
            return None
        head = next((h for h, g in self.groups().items() if note.location.index in g), None)
        if head is None:
            return None
        whole = self._make_target(label, [[self.paras[i] for i in self.groups()[head]]], lead=None, joiner="",
                                  strip_end=True)
        if FOOTNOTE_MARK in whole.marked:
            return None
        text = r"\s+".join(re.escape(word) for word in note.text.split())  # the reader joined its lines
        found = re.search(rf"(?<!\d){number}\s*({text})", whole.marked)
        if found is None:
            return None
        start, end = found.span(1)
        return _Target(label, whole.text, [*whole.view[start:end], whole.view[end]], [])

    def _footnote_element(self, xml_id: int) -> etree._Element | None:
        """The `w:footnote` of this id: from a dict built once, checked (ids change when notes are sorted)."""
        if self.footnotes is None:
            return None
        key = str(xml_id)
        if self._notes_by_id is None:
            self._notes_by_id = {}
            for note in self.footnotes.iterchildren(qn("w:footnote")):
                self._notes_by_id.setdefault(note.get(qn("w:id"), ""), note)
        note = self._notes_by_id.get(key)
        if note is not None and note.getparent() is self.footnotes and note.get(qn("w:id")) == key:
            return note
        for note in self.footnotes.iterchildren(qn("w:footnote")):
            if note.get(qn("w:id")) == key:
                self._notes_by_id[key] = note
                return note
        return None

    def _text_of(self, segments: Sequence[Sequence[etree._Element]], joiner: str) -> tuple[_Text, list[int]]:
        """The shared text of these paragraphs (built once), and where each segment starts."""
        key = tuple(id(seg[0]) for seg in segments if seg)
        found = self._texts.get(key)
        if found is not None:
            return found
        cells: list[_Span] = []
        chars: list[str] = []
        paras: list[etree._Element] = []
        starts: list[int] = []
        for n, segment in enumerate(segments):
            if n > 0:
                cells.append(_Span(len(cells), len(cells) + 1, None, None, para=segment[0]))
                chars.append(joiner)
            starts.append(len(cells))
            for p in segment:
                paras.append(p)
                for piece in iter_visible_runs(p, self.styles):
                    at = len(cells)
                    if piece.footnote_id is not None:
                        cells.append(_Span(at, at + 1, piece.run, piece.node, mark=True, para=p))
                        chars.append(FOOTNOTE_MARK)
                    elif piece.text:
                        span = _Span(at, at + len(piece.text), piece.run, piece.node, 0, piece.italic, piece.bold,
                                     False, p)
                        cells.extend([span] * len(piece.text))
                        chars.append(piece.text)
        result = (_Text(paras, "".join(chars), cells, key=key), starts)
        self._texts[key] = result
        self._text_keys.append(key)
        return result

    def _make_target(self, label: str, segments: Sequence[Sequence[etree._Element]], *, lead: int | None,
                     joiner: str, strip_end: bool = False) -> _Target:
        """A view of the addressed text.

        `lead` plain characters are skipped at the start (a typed number);
        None strips leading white space. Later segments are joined with
        `joiner` (a synthetic cell), each stripped, as the structure builder
        joins continuation paragraphs and the reader joins footnote paragraphs.
        """
        text, starts = self._text_of(segments, joiner)
        cells = text.cells
        view: list[int] = []
        for n, first in enumerate(starts):
            stop = starts[n + 1] - 1 if n + 1 < len(starts) else len(cells)
            whole = range(first, stop)
            seg = _drop_plain(cells, whole, lead) if n == 0 and lead is not None else _lstrip(text, list(whole))
            if strip_end or n > 0:
                seg = _rstrip(text, seg)
            if n > 0 and (seg or view):
                view.append(first - 1)  # the synthetic joiner
            view.extend(seg)
        end = view[-1] + 1 if view else _lead_end(cells, lead)
        view.append(end)
        plain_marks = _plain_marks(cells, view[:-1])
        numbered = bool(text.paras) and _has_numbering(text.paras[0], self.styles, self._numbered_styles)
        return _Target(label, text, view, plain_marks, auto_numbered=numbered)
