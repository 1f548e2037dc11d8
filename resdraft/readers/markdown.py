"""Read a draft written in Markdown (or plain text) into paragraphs.

Paragraphs are separated by blank lines; a line that starts with a number,
a subparagraph letter or a `#` heading starts a new paragraph even without
a blank line. `*italic*`, `_italic_` and `**bold**` become emphasis spans;
`[^n]` marks become footnote references and `[^n]: text` lines footnotes.
Plain-text drafts use the same reader with Markdown markup switched off and
footnotes read from trailing `n text` lines.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path

from resdraft.errors import LimitExceeded
from resdraft.limits import Limits
from resdraft.model import Emphasis, FootnoteRef, Location, RawDocument, RawFootnote, RawParagraph
from resdraft.numbers import SUFFIX_PATTERN
from resdraft.readers.pages import Layout, PageNote, find_layout, tie_marks
from resdraft.readers.textfile import read_text

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+")
_NEW_PARAGRAPH = re.compile(rf"^(?:#{{1,6}}\s|\d{{1,3}}(?:\s?(?:{SUFFIX_PATTERN}))?\.\s|\(\s?[a-z]{{1,4}}\s?\)\s"
                            r"|\[\^[\w-]+\]:)")
_FOOTNOTE_DEF = re.compile(r"^\[\^([\w-]+)\]:\s?(.*)$")
_FOOTNOTE_MARK = re.compile(r"\[\^([\w-]+)\]")
_EMPHASIS = re.compile(r"(?<![\w\\*])(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_RULE_LINE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_TRAILING_FOOTNOTE = re.compile(r"^(\d{1,3})\s{1,4}(\S.*)$")
_LIST_ITEM = re.compile(r"^[-*+]\s+(?=\S)")


def read_markdown(path: str | Path, *, encoding: str | None = None, limits: Limits | None = None) -> RawDocument:
    text = read_text(path, encoding=encoding, limits=limits)
    return parse_markdown(text, str(path), limits=limits)


def read_plaintext(path: str | Path, *, encoding: str | None = None, limits: Limits | None = None) -> RawDocument:
    text = read_text(path, encoding=encoding, limits=limits)
    return parse_markdown(text, str(path), markup=False, limits=limits)


def parse_markdown(
    text: str, path: str = "<text>", *, markup: bool = True, limits: Limits | None = None
) -> RawDocument:
    """Split text into raw paragraphs; `markup=False` reads it as plain text.

    With `limits`, a text with more paragraphs or a longer paragraph than
    they allow raises `LimitExceeded` as soon as that is known, before any
    paragraph is parsed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    offset_lines = 0
    if front := _FRONT_MATTER.match(text):  # YAML front matter is metadata, in .md and .txt alike
        offset_lines = front.group(0).count("\n")
        text = text[front.end():]
    lines: Iterable[str] = _lines(text)  # lazily: a file of a million empty lines must not become a list of them
    layout = None
    if not markup and len(text) > 500 and text.count("\n") <= 3:
        lines = _unflatten(text)
    if not markup and _MAY_HAVE_PAGES.search(text):
        lines, layout = _without_page_layout(list(lines), offset_lines)
    if not markup:
        lines = (_blank_if_noise(line) for line in lines)
    chunks = _chunks(lines, offset_lines, markup, path, limits)
    doc = RawDocument(path=path, format="md" if markup else "txt", paragraphs=[])
    footnote_ids: dict[str, int] = {}
    definitions: list[tuple[str, str, int]] = []
    for line_no, chunk in chunks:
        if markup and (match := _FOOTNOTE_DEF.match(chunk)):
            key, body = match.group(1), match.group(2).strip()
            if definitions and key.isdigit() and int(key) >= 1000 and definitions[-1][0].isdigit():
                # "[^2013]: (S/INF/68)." is the second line of the previous note, its year taken for a key
                last = definitions[-1]
                definitions[-1] = (last[0], f"{last[1]} {key} {body}", last[2])
                continue
            definitions.append((key, body, line_no))
            continue
        if markup and _RULE_LINE.match(chunk):
            continue  # a thematic break (---, ***) is layout, not text
        doc.paragraphs.append(_paragraph(chunk, path, line_no, markup, footnote_ids))
    if layout is not None and layout.notes:
        definitions = [(str(n.number), n.text, n.key) for n in layout.notes]
    elif not markup:
        definitions = _trailing_footnotes(doc)
    for key, body, line_no in definitions:
        number = footnote_ids.setdefault(key, _number_for(key, footnote_ids))
        clean, emphasis, _ = _inline(body, markup, {})
        doc.footnotes.append(RawFootnote(number=number, text=clean, emphasis=emphasis,
                                         location=Location(path, "text", 0, line_no)))
    if layout is not None and layout.notes:
        tie_marks(doc.paragraphs, layout.notes, lambda p: p.location.line)
    elif not markup and doc.footnotes:
        _plain_footnote_refs(doc)
    elif doc.footnotes:
        # an extraction that kept the notes as [^n]: definitions but left some marks as bare digits
        referenced = {r.number for p in doc.paragraphs for r in p.footnote_refs}
        if any(f.number not in referenced for f in doc.footnotes):
            tie_marks(doc.paragraphs, [PageNote(f.number, f.text, 0) for f in doc.footnotes],
                      lambda p: p.location.line)
    doc.footnotes.sort(key=lambda f: f.number)
    return doc


_MAY_HAVE_PAGES = re.compile(r"\f|^[ \t]*(?:\d{2}-\d{5}\b|\d{1,3}/\d{1,3}[ \t]*$)", re.MULTILINE)


_SPACE_RUN = re.compile(r"[ \t\f]{2,}")


def _unflatten(text: str) -> list[str]:
    """A whole text on one line, paragraphs cut by runs of spaces (a bad PDF extraction): one line each.

    A piece that starts in lower case continues the previous one (the run
    of spaces fell inside a paragraph).
    """
    kept: list[str] = []
    for line in text.split("\n"):
        pieces = [p.strip() for p in _SPACE_RUN.split(line)] if len(_SPACE_RUN.findall(line)) >= 5 else [line]
        for piece in pieces:
            if not piece:
                continue
            if kept and piece[:1].islower():
                kept[-1] = f"{kept[-1]} {piece}"
            else:
                kept.append(piece)
    return [line for piece in kept for line in (piece, "")]


def _without_page_layout(lines: list[str], offset_lines: int) -> tuple[list[str], Layout]:
    """Blank the running heads, page numbers and foot-of-page notes of a PDF extraction."""
    keys = list(range(offset_lines + 1, offset_lines + 1 + len(lines)))
    layout = find_layout(lines, keys, ["\f" in line for line in lines])
    if not layout.found:
        return lines, layout
    kept = ["" if i in layout.furniture else line.replace("\f", "") for i, line in enumerate(lines)]
    return kept, layout


def _lines(text: str) -> Iterable[str]:
    """The lines of `text` (newlines already normalised to "\\n"), without their line ends."""
    for line in io.StringIO(text, newline="\n"):
        yield line[:-1] if line.endswith("\n") else line
    if not text or text.endswith("\n"):
        yield ""  # as str.split("\\n") gives


def _chunks(lines: Iterable[str], first_line: int, markup: bool, path: str = "<text>",
            limits: Limits | None = None) -> list[tuple[int, str]]:
    """Group lines into paragraphs, remembering each paragraph's first line."""
    chunks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    in_comment = False
    width = 0  # the longest line so far: a hard-wrapped paragraph's last line is shorter

    def flush() -> None:
        chunk = " ".join(current)
        if limits is not None and len(chunk) > limits.max_paragraph_chars:
            raise paragraph_too_long(path, limits, len(chunk), f"line {start}")
        chunks.append((start, chunk))
        if limits is not None and len(chunks) > limits.max_paragraphs:
            raise too_many_paragraphs(path, limits)
        current.clear()

    for number, line in enumerate(lines, start=first_line + 1):
        stripped = line.strip()
        if markup and ("<!--" in stripped and "-->" not in stripped):
            in_comment = True
        if not stripped and not in_comment:
            if current:
                flush()
            continue
        if current and not in_comment and (
            _NEW_PARAGRAPH.match(stripped) or (markup and _LIST_ITEM.match(stripped))
            or (not markup and _starts_clause(current[-1], stripped, width))
        ):
            flush()
        if not current:
            start = number
        current.append(stripped)
        width = max(width, len(stripped))
        if in_comment and "-->" in stripped:
            in_comment = False
    if current:
        flush()
    return _join_bare_numbers(chunks)


def too_many_paragraphs(path: str, limits: Limits) -> LimitExceeded:
    """The error for a draft with more paragraphs than `limits.max_paragraphs`."""
    env = limits.env_name("max_paragraphs")
    return LimitExceeded(path, f"more than {limits.describe('max_paragraphs')} paragraphs",
                         f"is this really one draft? split it, or raise the limit with {env}",
                         limit="max_paragraphs", env=env)


def paragraph_too_long(path: str, limits: Limits, length: int, where: str) -> LimitExceeded:
    """The error for a paragraph longer than `limits.max_paragraph_chars`."""
    env = limits.env_name("max_paragraph_chars")
    return LimitExceeded(path, f"paragraph at {where} has {length:,} characters, more than the limit of"
                         f" {limits.describe('max_paragraph_chars')}",
                         f"split the paragraph, or raise the limit with {env}",
                         limit="max_paragraph_chars", env=env)


def _join_bare_numbers(chunks: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A number alone on its line ("7.") belongs to the paragraph that follows it."""
    joined: list[tuple[int, str]] = []
    for line_no, chunk in chunks:
        if joined and _BARE_LABEL.match(joined[-1][1]) and not _NEW_PARAGRAPH.match(chunk):
            joined[-1] = (joined[-1][0], f"{joined[-1][1]} {chunk}")
        else:
            joined.append((line_no, chunk))
    return joined


# Page furniture of extracted PDFs: job numbers, page counters, barcodes, form feeds.
_NOISE = re.compile(r"^(?:\d{2}-\d{5} \([A-Z]\)|\d{1,3}/\d{1,3}|\*\d{5,}\*|\d{6}|\f.*|_{5,})$")


def _blank_if_noise(line: str) -> str:
    return "" if _NOISE.match(line.strip()) else line


_BARE_LABEL = re.compile(r"^(?:\d{1,3}\.|\(\s?[a-z]{1,4}\s?\))$")
_MARK_AT_END = re.compile(r"\s\d{1,2}$")
_MEETING_LINE = re.compile(r"^\d{1,3}(?:st|nd|rd|th) (?:plenary )?meeting\b")
_INTRO_LINE = re.compile(r"^The (?:[A-Z][\w-]*\s){0,6}(?:Assembly|Council|Conference)(?: of States Parties)?,$")


def _starts_clause(previous: str, line: str, width: int = 0) -> bool:
    """In hard-wrapped plain text, a line after a clause end starts a paragraph when it opens with a
    lead, "The", a number alone on its line ("7."), or a capital after a short last line.

    A bare footnote mark ("arsenals, 5") does not hide the clause end before it.
    """
    if _INTRO_LINE.match(line) or _MEETING_LINE.match(line):
        return True  # "The General Assembly," after the title it was wrapped under; "29th plenary meeting"
    previous = _MARK_AT_END.sub("", previous) if previous[-1:].isdigit() else previous
    if not previous.endswith((",", ";", ":", ".")):
        return False
    from resdraft.vocabulary import match_lead

    if _TRAILING_FOOTNOTE.match(line) or _BARE_LABEL.match(line):
        return True  # "2 As at 1 May 2024." after a full stop: a footnote line; "7." alone: an operative number
    if not (line[:1].isupper() or line[:1] in "\u201c\"("):
        return False
    short = width >= 60 and len(previous) < 0.8 * width
    return match_lead(line) is not None or line.startswith("The ") or short


def _paragraph(chunk: str, path: str, line_no: int, markup: bool, footnote_ids: dict[str, int]) -> RawParagraph:
    heading_level = None
    style = None
    comments: list[str] = []
    if markup:
        found, chunk = _split_comments(chunk)
        comments = [c.strip() for c in found]
        chunk = chunk.strip()
        if bullet := _LIST_ITEM.match(chunk):  # "- a) text": the list marker is layout, the label is text
            chunk = chunk[bullet.end():]
        if match := _HEADING.match(chunk):
            heading_level = len(match.group(1))
            style = f"Heading {heading_level}"
            chunk = chunk[match.end():]
    clean, emphasis, refs = _inline(chunk, markup, footnote_ids)
    return RawParagraph(text=clean, emphasis=emphasis, footnote_refs=refs, style=style,
                        heading_level=heading_level, location=Location(path, "text", 0, line_no),
                        comments=comments)


def _split_comments(chunk: str) -> tuple[list[str], str]:
    """`<!-- ... -->` comments of a chunk and the chunk without them.

    The same as `re.findall`/`re.sub` with `<!--(.*?)-->`, but linear: that
    regex rescans to the end of the text for every unclosed `<!--`.
    """
    comments: list[str] = []
    kept: list[str] = []
    pos = 0
    while (start := chunk.find("<!--", pos)) >= 0:
        end = chunk.find("-->", start + 4)
        if end < 0:
            break  # no later "<!--" can be closed either
        kept.append(chunk[pos:start])
        comments.append(chunk[start + 4:end])
        pos = end + 3
    if not comments:
        return comments, chunk
    kept.append(chunk[pos:])
    return comments, "".join(kept)


_DELIMITERS = ("**", "__", "*", "_")
_WORD_CHAR = re.compile(r"\w")
_CANDIDATE = re.compile(r"[*_\[]")


class _InlineMatch:
    """One emphasis or footnote mark found by `_inline_matches` (the groups of `_EMPHASIS|_FOOTNOTE_MARK`)."""

    __slots__ = ("_end", "_groups", "_start")

    def __init__(self, start: int, end: int, groups: tuple[str | None, str | None, str | None]) -> None:
        self._start, self._end, self._groups = start, end, groups

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, index: int) -> str | None:
        return self._groups[index - 1]


#: `_EMPHASIS|_FOOTNOTE_MARK` in one pattern, the definition `_inline_matches` keeps to.
_INLINE = re.compile(f"{_EMPHASIS.pattern}|{_FOOTNOTE_MARK.pattern}")
#: The regex itself is used while (candidates x length) stays under this: each unclosed opener costs it
#: one scan to the end of the line, so its worst case is that product (~10 ms at most, and it runs in C).
_REGEX_BUDGET = 300_000


def _inline_matches(chunk: str) -> list[_InlineMatch] | list[re.Match[str]]:
    """What `re.finditer(_EMPHASIS|_FOOTNOTE_MARK, chunk)` finds, always in O(n log n) time.

    A chunk with few candidate characters (nearly every paragraph) is read by
    the regex; one with many, where the regex may take quadratic time, by `_scan_inline`.
    """
    if (chunk.count("*") + chunk.count("_") + chunk.count("[")) * len(chunk) > _REGEX_BUDGET:
        return _scan_inline(chunk)
    # every match starts at a candidate character: trying the regex there only is `finditer`, minus
    # its attempts at every other position (lookbehinds still see the text before `pos`)
    found: list[re.Match[str]] = []
    next_free = 0
    for candidate in _CANDIDATE.finditer(chunk):
        pos = candidate.start()
        if pos >= next_free and (match := _INLINE.match(chunk, pos)):
            found.append(match)
            next_free = match.end()
    return found


def _scan_inline(chunk: str) -> list[_InlineMatch]:
    """What `re.finditer(_EMPHASIS|_FOOTNOTE_MARK, chunk)` finds, in O(n log n) time.

    The regex's lazy `(.+?)` scans to the end of the text for every opening
    `*` or `_` that is never closed, so a long paragraph of such characters
    takes quadratic time (a 5 MB paragraph: hours). The closing conditions
    depend only on the closer's position (a non-space before, no word
    character or `*` after), so the closers of each delimiter are listed once
    and an opener's match is the first closer after it, found by bisection.
    """
    candidates = [m.start() for m in _CANDIDATE.finditer(chunk)]
    if not candidates:
        return []
    size = len(chunk)
    closers: dict[str, list[int]] = {}
    for delim in _DELIMITERS:
        width = len(delim)
        closers[delim] = [
            i for i in candidates
            if i > 0 and chunk.startswith(delim, i) and not chunk[i - 1].isspace()
            and (i + width >= size or not (chunk[i + width] == "*" or _WORD_CHAR.match(chunk, i + width)))
        ]
    newlines = [m.start() for m in re.finditer("\n", chunk)] if "\n" in chunk else []
    found: list[_InlineMatch] = []
    next_free = 0
    for pos in candidates:
        if pos < next_free:
            continue
        if chunk[pos] == "[":
            mark = _FOOTNOTE_MARK.match(chunk, pos)
            if mark:
                found.append(_InlineMatch(pos, mark.end(), (None, None, mark.group(1))))
                next_free = mark.end()
            continue
        if pos > 0 and (chunk[pos - 1] in "\\*" or _WORD_CHAR.match(chunk, pos - 1)):
            continue
        for delim in _DELIMITERS:
            if not chunk.startswith(delim, pos):
                continue
            inner = pos + len(delim)
            if inner >= size or chunk[inner].isspace():
                continue
            options = closers[delim]
            k = bisect_left(options, inner + 1)
            if k == len(options):
                continue
            close = options[k]
            line_end = newlines[bisect_left(newlines, inner)] if newlines and newlines[-1] >= inner else size
            if close >= line_end:
                continue
            end = close + len(delim)
            found.append(_InlineMatch(pos, end, (delim, chunk[inner:close], None)))
            next_free = end
            break
    return found


def _inline(chunk: str, markup: bool, footnote_ids: dict[str, int]) -> tuple[str, list[Emphasis], list[FootnoteRef]]:
    """Strip emphasis markers and footnote marks, keeping their positions."""
    if not markup or ("*" not in chunk and "_" not in chunk and "[" not in chunk):
        return chunk, [], []  # nothing to strip (escapes are of `*` and `_`)
    out: list[str] = []
    emphasis: list[Emphasis] = []
    refs: list[FootnoteRef] = []
    pos = 0
    length = 0
    escaped = "\\" in chunk
    for match in _inline_matches(chunk):
        before = chunk[pos:match.start()]
        if escaped:
            before = before.replace("\\*", "*").replace("\\_", "_")
        out.append(before)
        length += len(before)
        if match.group(3) is not None:  # footnote mark
            key = match.group(3)
            refs.append(FootnoteRef(footnote_ids.setdefault(key, _number_for(key, footnote_ids)), length))
        else:
            inner_text, inner_emph, inner_refs = _inline(match.group(2) or "", markup, footnote_ids)
            style = "bold" if len(match.group(1) or "") == 2 else "italic"
            emphasis.append(Emphasis(length, length + len(inner_text), style))
            emphasis.extend(Emphasis(e.start + length, e.end + length, e.style) for e in inner_emph)
            refs.extend(FootnoteRef(r.number, r.offset + length) for r in inner_refs)
            out.append(inner_text)
            length += len(inner_text)
        pos = match.end()
    tail = chunk[pos:]
    if escaped:
        tail = tail.replace("\\*", "*").replace("\\_", "_")
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
