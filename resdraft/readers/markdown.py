"""Read a draft written in Markdown (or plain text) into paragraphs.

Paragraphs are separated by blank lines; a line that starts with a number,
a subparagraph letter or a `#` heading starts a new paragraph even without
a blank line. `*italic*`, `_italic_` and `**bold**` become emphasis spans;
`[^n]` marks become footnote references and `[^n]: text` lines footnotes.
Plain-text drafts use the same reader with Markdown markup switched off and
footnotes read from trailing `n text` lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from resdraft.model import Emphasis, FootnoteRef, Location, RawDocument, RawFootnote, RawParagraph
from resdraft.readers.textfile import read_text

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+")
_NEW_PARAGRAPH = re.compile(r"^(?:#{1,6}\s|\d{1,3}(?:\s?(?:bis|ter|quater))?\.\s|\(\s?[a-z]{1,4}\s?\)\s|\[\^[\w-]+\]:)")
_FOOTNOTE_DEF = re.compile(r"^\[\^([\w-]+)\]:\s?(.*)$")
_FOOTNOTE_MARK = re.compile(r"\[\^([\w-]+)\]")
_EMPHASIS = re.compile(r"(?<![\w\\*])(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_RULE_LINE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_TRAILING_FOOTNOTE = re.compile(r"^(\d{1,3})\s{1,4}(\S.*)$")


def read_markdown(path: str | Path, *, encoding: str | None = None) -> RawDocument:
    text = read_text(path, encoding=encoding)
    return parse_markdown(text, str(path))


def read_plaintext(path: str | Path, *, encoding: str | None = None) -> RawDocument:
    text = read_text(path, encoding=encoding)
    return parse_markdown(text, str(path), markup=False)


def parse_markdown(text: str, path: str = "<text>", *, markup: bool = True) -> RawDocument:
    """Split text into raw paragraphs; `markup=False` reads it as plain text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    offset_lines = 0
    if markup and (front := _FRONT_MATTER.match(text)):
        offset_lines = front.group(0).count("\n")
        text = text[front.end():]
    lines = text.split("\n")
    if not markup:
        lines = [_blank_if_noise(line) for line in lines]
    chunks = _chunks(lines, offset_lines, markup)
    doc = RawDocument(path=path, format="md" if markup else "txt", paragraphs=[])
    footnote_ids: dict[str, int] = {}
    definitions: list[tuple[str, str, int]] = []
    for line_no, chunk in chunks:
        if markup and (match := _FOOTNOTE_DEF.match(chunk)):
            definitions.append((match.group(1), match.group(2).strip(), line_no))
            continue
        if markup and _RULE_LINE.match(chunk):
            continue  # a thematic break (---, ***) is layout, not text
        doc.paragraphs.append(_paragraph(chunk, path, line_no, markup, footnote_ids))
    if not markup:
        definitions = _trailing_footnotes(doc)
    for key, body, line_no in definitions:
        number = footnote_ids.setdefault(key, _number_for(key, footnote_ids))
        clean, emphasis, _ = _inline(body, markup, {})
        doc.footnotes.append(RawFootnote(number=number, text=clean, emphasis=emphasis,
                                         location=Location(path, "text", 0, line_no)))
    if not markup and doc.footnotes:
        _plain_footnote_refs(doc)
    doc.footnotes.sort(key=lambda f: f.number)
    return doc


def _chunks(lines: list[str], first_line: int, markup: bool) -> list[tuple[int, str]]:
    """Group lines into paragraphs, remembering each paragraph's first line."""
    chunks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    in_comment = False
    for number, line in enumerate(lines, start=first_line + 1):
        stripped = line.strip()
        if markup and ("<!--" in stripped and "-->" not in stripped):
            in_comment = True
        if not stripped and not in_comment:
            if current:
                chunks.append((start, " ".join(current)))
                current = []
            continue
        if current and not in_comment and (
            _NEW_PARAGRAPH.match(stripped) or (not markup and _starts_clause(current[-1], stripped))
        ):
            chunks.append((start, " ".join(current)))
            current = []
        if not current:
            start = number
        current.append(stripped)
        if in_comment and "-->" in stripped:
            in_comment = False
    if current:
        chunks.append((start, " ".join(current)))
    return _join_bare_numbers(chunks)


def _join_bare_numbers(chunks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A number alone on its line ("7.") belongs to the paragraph that follows it."""
    joined: list[tuple[int, str]] = []
    for line_no, chunk in chunks:
        if joined and re.fullmatch(r"\d{1,3}\.", joined[-1][1]) and not _NEW_PARAGRAPH.match(chunk):
            joined[-1] = (joined[-1][0], f"{joined[-1][1]} {chunk}")
        else:
            joined.append((line_no, chunk))
    return joined


# Page furniture of extracted PDFs: job numbers, page counters, barcodes, form feeds.
_NOISE = re.compile(r"^(?:\d{2}-\d{5} \([A-Z]\)|\d{1,3}/\d{1,3}|\*\d{5,}\*|\d{6}|\f.*|_{5,})$")


def _blank_if_noise(line: str) -> str:
    return "" if _NOISE.match(line.strip()) else line


def _starts_clause(previous: str, line: str) -> bool:
    """In hard-wrapped plain text, a line after a clause end that opens with a capital or lead starts a paragraph."""
    if not previous.endswith((",", ";", ":", ".")):
        return False
    from resdraft.vocabulary import match_lead

    if _TRAILING_FOOTNOTE.match(line):
        return True  # "2 As at 1 May 2024." after a full stop: a footnote line
    return line[:1].isupper() and (match_lead(line) is not None or line.startswith("The "))


def _paragraph(chunk: str, path: str, line_no: int, markup: bool, footnote_ids: dict[str, int]) -> RawParagraph:
    heading_level = None
    style = None
    comments: list[str] = []
    if markup:
        comments = [c.strip() for c in _COMMENT.findall(chunk)]
        chunk = _COMMENT.sub("", chunk).strip()
        if match := _HEADING.match(chunk):
            heading_level = len(match.group(1))
            style = f"Heading {heading_level}"
            chunk = chunk[match.end():]
    clean, emphasis, refs = _inline(chunk, markup, footnote_ids)
    return RawParagraph(text=clean, emphasis=emphasis, footnote_refs=refs, style=style,
                        heading_level=heading_level, location=Location(path, "text", 0, line_no),
                        comments=comments)


def _inline(chunk: str, markup: bool, footnote_ids: dict[str, int]) -> tuple[str, list[Emphasis], list[FootnoteRef]]:
    """Strip emphasis markers and footnote marks, keeping their positions."""
    if not markup:
        return chunk, [], []
    out: list[str] = []
    emphasis: list[Emphasis] = []
    refs: list[FootnoteRef] = []
    pos = 0
    length = 0
    pattern = re.compile(f"{_EMPHASIS.pattern}|{_FOOTNOTE_MARK.pattern}")
    for match in pattern.finditer(chunk):
        before = chunk[pos:match.start()].replace("\\*", "*").replace("\\_", "_")
        out.append(before)
        length += len(before)
        if match.group(3) is not None:  # footnote mark
            key = match.group(3)
            refs.append(FootnoteRef(footnote_ids.setdefault(key, _number_for(key, footnote_ids)), length))
        else:
            inner_text, inner_emph, inner_refs = _inline(match.group(2), markup, footnote_ids)
            style = "bold" if len(match.group(1)) == 2 else "italic"
            emphasis.append(Emphasis(length, length + len(inner_text), style))
            emphasis.extend(Emphasis(e.start + length, e.end + length, e.style) for e in inner_emph)
            refs.extend(FootnoteRef(r.number, r.offset + length) for r in inner_refs)
            out.append(inner_text)
            length += len(inner_text)
        pos = match.end()
    tail = chunk[pos:].replace("\\*", "*").replace("\\_", "_")
    out.append(tail)
    return "".join(out), emphasis, refs


def _number_for(key: str, known: dict[str, int]) -> int:
    if key.isdigit():
        return int(key)
    return max(known.values(), default=0) + 1


def _trailing_footnotes(doc: RawDocument) -> list[tuple[str, str, int]]:
    """In plain text, footnotes are the trailing run of `n text` lines, numbered 1, 2, 3..."""
    found: list[tuple[str, str, int]] = []
    paragraphs = doc.paragraphs
    while paragraphs:
        match = _TRAILING_FOOTNOTE.match(paragraphs[-1].text)
        if not match:
            break
        found.append((match.group(1), match.group(2), paragraphs[-1].location.line))
        paragraphs.pop()
    found.reverse()
    numbers = [int(n) for n, _, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        # not a footnote block after all: put the lines back
        for number, body, line in found:
            paragraphs.append(RawParagraph(text=f"{number} {body}", location=Location(doc.path, "text", 0, line)))
        return []
    return found


_PLAIN_REF = re.compile(r"(?<=[A-Za-z,.;:)\u201d\u2019\"])(\d{1,3})(?=[\s,;.:]|$)")


def _plain_footnote_refs(doc: RawDocument) -> None:
    """Footnote marks in plain text are digits glued to a word or punctuation ("outstanding,1")."""
    defined = {f.number for f in doc.footnotes}
    for para in doc.paragraphs:
        pieces: list[str] = []
        refs: list[FootnoteRef] = []
        pos = 0
        removed = 0
        for match in _PLAIN_REF.finditer(para.text):
            number = int(match.group(1))
            if number not in defined:
                continue
            pieces.append(para.text[pos:match.start()])
            refs.append(FootnoteRef(number, match.start() - removed))
            removed += match.end() - match.start()
            pos = match.end()
        if refs:
            pieces.append(para.text[pos:])
            para.text = "".join(pieces)
            para.footnote_refs = refs
