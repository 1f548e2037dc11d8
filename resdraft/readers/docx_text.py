"""Paragraph text assembly for the .docx reader: visible pieces to text, emphasis spans and note marks.

The floor's `iter_visible_runs` says which characters show and how they are
formatted; this turns them into what the model holds: one string per
logical paragraph, merged italic/bold spans, footnote marks at offsets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from resdraft.model import Emphasis
from resdraft.ooxml.paragraphs import logical_paragraphs
from resdraft.ooxml.styles import Styles
from resdraft.ooxml.visible import VisiblePiece, iter_visible_runs

__all__ = ["Assembled", "assemble", "join", "read_blocks", "strip"]


def _spans(ranges: Sequence[tuple[int, int]], text: str, style: str) -> list[Emphasis]:
    """Merge formatted ranges into `Emphasis` spans.

    Ranges separated only by whitespace are merged (a plain space between
    two italic runs is common and meaningless), and each span is trimmed of
    surrounding whitespace so it starts and ends on a visible character.
    """
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[Emphasis] = []
    for start, end in merged:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Emphasis(start, end, style))
    return out


@dataclass
class Assembled:
    """One paragraph's (or note's) text with its emphasis spans and footnote marks at text offsets."""

    text: str
    emphasis: list[Emphasis]
    refs: list[tuple[int, int]]  # (footnote xml id, offset)


def assemble(pieces: Iterable[VisiblePiece]) -> Assembled:
    """Concatenate visible pieces: footnote marks become offsets, italic and bold runs become spans."""
    parts: list[str] = []
    italic: list[tuple[int, int]] = []
    bold: list[tuple[int, int]] = []
    refs: list[tuple[int, int]] = []
    offset = 0
    for piece in pieces:
        if piece.footnote_id is not None:
            refs.append((piece.footnote_id, offset))
            continue
        end = offset + len(piece.text)
        if piece.italic:
            italic.append((offset, end))
        if piece.bold:
            bold.append((offset, end))
        parts.append(piece.text)
        offset = end
    text = "".join(parts)
    emphasis = sorted(_spans(italic, text, "italic") + _spans(bold, text, "bold"), key=lambda e: e.start)
    return Assembled(text, emphasis, refs)


def strip(assembled: Assembled) -> Assembled:
    """Trim surrounding whitespace (the space after a footnote mark), shifting offsets."""
    text = assembled.text
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    emphasis = [
        Emphasis(max(e.start - lead, 0), min(e.end - lead, len(stripped)), e.style)
        for e in assembled.emphasis
        if min(e.end - lead, len(stripped)) > max(e.start - lead, 0)
    ]
    refs = [(fid, min(max(off - lead, 0), len(stripped))) for fid, off in assembled.refs]
    return Assembled(stripped, emphasis, refs)


def read_blocks(paras: Sequence[etree._Element], styles: Styles) -> list[tuple[list[int], Assembled]]:
    """Logical paragraphs of a part with their assembled text."""
    out = []
    for group in logical_paragraphs(paras, styles):
        pieces = [piece for i in group for piece in iter_visible_runs(paras[i], styles)]
        out.append((group, assemble(pieces)))
    return out


def join(blocks: Sequence[Assembled]) -> Assembled:
    """Join several paragraphs (of a footnote or comment) with newlines."""
    texts: list[str] = []
    emphasis: list[Emphasis] = []
    refs: list[tuple[int, int]] = []
    offset = 0
    for i, block in enumerate(blocks):
        if i:
            texts.append("\n")
            offset += 1
        texts.append(block.text)
        emphasis += [Emphasis(e.start + offset, e.end + offset, e.style) for e in block.emphasis]
        refs += [(fid, off + offset) for fid, off in block.refs]
        offset += len(block.text)
    return Assembled("".join(texts), emphasis, refs)
