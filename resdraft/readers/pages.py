"""Page layout left in a text converted from a PDF: running heads, page numbers, footnotes at the foot.

`pdftotext` and `pdf2docx` keep what the printed page shows: the job number
("18-18142 (E)"), the page counter ("4/5"), the barcode, the symbol and title
repeated at the top of each page, and the footnotes under a rule at the foot
of the page with their marks left in the text as bare digits. None of that is
the resolution's text. `find_layout` tells which items (lines of a .txt,
paragraphs of a .docx) are such layout and reads the footnotes out of them;
`tie_marks` finds each footnote's mark in the body of the page it stands on.
It does nothing to a document without page furniture: a native draft has none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from resdraft.model import Emphasis, FootnoteRef, Location, RawFootnote, RawParagraph

_JOB = r"\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?"
_PAGE = r"\d{1,3}\s?/\s?\d{1,3}"
_FURNITURE = re.compile(
    rf"^(?:{_JOB}|\*\d{{5,}}\*|{_PAGE}|{_PAGE}\s+{_JOB}|{_JOB}\s+{_PAGE}|\d{{6}})$"
)
_SYMBOL_LINE = re.compile(r"^(?=.*\d)[A-Z][A-Za-z-]{0,10}(?:/[\w.()-]+)+$")
_RULE = re.compile(r"^_{5,}$")
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_NUMBERED_NOTE = re.compile(r"^(\d{1,3})(?:\s+|(?=[A-Z]))(\S.*)$")
_NOTE_END = re.compile(r"[.;)\]]$")


@dataclass
class PageNote:
    """A footnote read from the foot of a page; `body` is the range of item keys of that page's text."""

    number: int
    text: str
    key: int
    body: tuple[int, int] = (0, 0)


@dataclass
class Layout:
    """Which items are page furniture or footnote lines, and the footnotes read from them."""

    furniture: set[int] = field(default_factory=set)
    notes: list[PageNote] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.furniture)


def _norm(text: str) -> str:
    return " ".join(text.replace("\f", " ").split())


def is_furniture(text: str) -> bool:
    """A job number, page counter, barcode or a combination of them, alone on its line."""
    return bool(_FURNITURE.match(_norm(text)))


def find_layout(items: Sequence[str], keys: Sequence[int], page_breaks: Sequence[bool] | None = None) -> Layout:
    """Find the page layout among `items` (lines or paragraphs, `keys` their line numbers or indices).

    `page_breaks[i]` is true where a form feed starts item i. Without at least
    two furniture items the text is not a page extraction and nothing is found.
    """
    norm = [_norm(t) for t in items]
    marks = [i for i, t in enumerate(norm) if t and _FURNITURE.match(t)]
    layout = Layout()
    if len(marks) < 2:
        return layout
    breaks = list(page_breaks) if page_breaks is not None else [False] * len(items)
    furniture = set(marks)
    symbols: dict[str, int] = {}
    for i, text in enumerate(norm):
        if _SYMBOL_LINE.match(text):
            if text in symbols:
                furniture.add(i)  # the symbol repeated at the top of a page
            else:
                symbols[text] = i
    _running_titles(norm, furniture)
    body_start = 0
    previous_number = 0
    i = 0
    while i < len(norm):
        if not _RULE.match(norm[i]):
            i += 1
            continue
        end = _note_block_end(norm, breaks, furniture, i + 1)
        block = [j for j in range(i + 1, end) if j not in furniture and norm[j]]
        notes = _read_notes([(keys[j], norm[j]) for j in block], previous_number)
        if notes:
            span = (keys[body_start], keys[i])
            for note in notes:
                note.body = span
            layout.notes.extend(notes)
            previous_number = notes[-1].number
            furniture.add(i)
            furniture.update(block)
        body_start = end
        i = end
    _running_titles(norm, furniture)
    layout.furniture = furniture
    return layout


def _note_block_end(norm: Sequence[str], breaks: Sequence[bool], furniture: set[int], start: int) -> int:
    """Where the footnotes under a rule end: at the next page (a form feed) or, without form feeds,
    at the first page furniture."""
    has_breaks = any(breaks)
    for j in range(start, len(norm)):
        if breaks[j] or _RULE.match(norm[j]):
            return j
        if not has_breaks and j in furniture:
            return j
    return len(norm)


def _running_titles(norm: Sequence[str], furniture: set[int]) -> None:
    """A short line next to page furniture that repeats an earlier line's text: the running title."""
    seen: list[str] = []
    for i, text in enumerate(norm):
        if text and i not in furniture and len(text.split()) >= 3 and len(text) <= 120 \
                and not _NOTE_END.search(text) and not text.endswith((",", ":")) and _next_to(norm, furniture, i) \
                and any(text in earlier for earlier in seen):
            furniture.add(i)
        if text:
            seen.append(text)


def _next_to(norm: Sequence[str], furniture: set[int], i: int) -> bool:
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(norm) and not norm[j]:
            j += step
        if 0 <= j < len(norm) and j in furniture:
            return True
    return False


def _read_notes(lines: list[tuple[int, str]], previous: int) -> list[PageNote]:
    """The footnotes of one page. pdftotext may move a note's number away from its text (all the
    numbers after the texts), so the page's numbers are given to its texts in ascending order."""
    texts: list[list[object]] = []  # [key, text, own number or None]
    numbers: list[int] = []
    for key, line in lines:
        if _BARE_NUMBER.match(line):
            numbers.append(int(line))
            continue
        numbered = _NUMBERED_NOTE.match(line)
        if numbered and (not texts or _NOTE_END.search(str(texts[-1][1]))):
            numbers.append(int(numbered.group(1)))
            texts.append([key, numbered.group(2).strip()])
        elif texts and not _NOTE_END.search(str(texts[-1][1])):
            texts[-1][1] = f"{texts[-1][1]} {line}"
        else:
            texts.append([key, line])
    if not texts:
        return []
    ordered = sorted({n for n in numbers if n > previous})  # notes number upward through the text
    if len(ordered) != len(texts):
        start = ordered[0] if ordered else previous + 1
        ordered = list(range(start, start + len(texts)))
    return [PageNote(n, str(text), int(key)) for n, (key, text) in zip(ordered, texts, strict=True)]


_NOT_MARK_WORDS = ("paragraph", "paragraphs", "article", "articles", "resolution", "No.", "vol.", "section", "annex",
                   "rule", "para.", "chapter", "page", "decision", "session", "Article", "Articles", "Chapter",
                   "Section", "Rule", "Annex", "Paragraph", "Resolution", "Principle", "principle", "Goal", "item",
                   "Protocol", "Part", "part", "Supplement", "level", "phase", "Phase", "Step", "step", "from",
                   "between", "and", "to", "or", "of", "than", "by", "at", "on", "in", "Goals")
_NOT_A_MARK_BEFORE = "".join(f"(?<!\\b{re.escape(word)})" for word in _NOT_MARK_WORDS)


def _mark_pattern(number: int, spaced: bool) -> re.Pattern[str]:
    """Where the mark of note `number` may stand in a line of body text.

    Each alternative opens with a look-ahead for the digits (and the space before a loose mark):
    assertions at one position may come in any order, and this one fails at once at almost every
    position, before the look-behinds run (about sixty for a loose mark: most of the time of reading
    a PDF extraction went to them)."""
    glued = (rf"(?={number})(?<=[A-Za-z\u00c0-\u024f,.;:)\]\u201d\u2019\"])(?<![A-Z]\.)(?<!Add\.)(?<!Rev\.)"
             rf"(?<!Corr\.)(?<!Res\.)(?<!No\.)(?<!para\.)(?<!vol\.)({number})(?![\d/.])(?=[\s,;.:)]|$)")
    # a mark glued to a year: "of 19932" is "of 1993" and mark 2
    year = rf"(?={number})(?<=(?<![\d/])(?:19\d\d|20[0-3]\d))({number})(?=[\s,;.:)]|$)"
    glued = f"{glued}|{year}"
    if not spaced:
        return re.compile(glued)
    loose = (rf"(?=\s+{number})(?<=[A-Za-z\u00c0-\u024f,.;:)\u201d\u2019\"]){_NOT_A_MARK_BEFORE}(\s+{number})"
             rf"(?!\s+(?:to|and|or|per)\s+\d)(?=\s+[a-z]|\s*[,;.:]|\s*$)")
    return re.compile(f"{glued}|{loose}")


def tie_marks(paragraphs: list[RawParagraph], notes: Sequence[PageNote], key_of: Callable[[RawParagraph], int],
              spaced: bool = True) -> None:
    """Find each note's mark (digits glued to a word, or after a space) in the body of its page.

    Marks come in the order of the notes, so each is looked for after the
    previous one. The digits leave the text and become a `FootnoteRef`.
    """
    cursor = (-1, 0)  # (paragraph position, offset) of the last mark found
    known = {ref.number: (index, ref.offset) for index, para in enumerate(paragraphs) for ref in para.footnote_refs}
    for note in sorted(notes, key=lambda n: n.number):
        if note.number in known:  # a mark the reader already has ([^n]): the next one comes after it
            cursor = known[note.number]
            continue
        pattern = _mark_pattern(note.number, spaced)
        low, high = note.body
        for index, para in enumerate(paragraphs):
            if index < cursor[0] or not (low <= key_of(para) <= high or (low, high) == (0, 0)):
                continue
            start = cursor[1] if index == cursor[0] else 0
            match = pattern.search(para.text, start)
            if match:
                group = next(g for g in range(1, 4) if match.group(g) is not None)
                cut_start, cut_end = match.start(group), match.end(group)
                _cut(para, cut_start, cut_end)
                para.footnote_refs.append(FootnoteRef(note.number, cut_start))
                para.footnote_refs.sort(key=lambda r: r.offset)
                cursor = (index, cut_start)
                break


def _cut(para: RawParagraph, start: int, end: int) -> None:
    """Remove text[start:end], moving emphasis and marks after it."""
    width = end - start
    para.text = para.text[:start] + para.text[end:]

    def shift(pos: int) -> int:
        return pos if pos <= start else max(start, pos - width)

    para.emphasis = [Emphasis(shift(e.start), shift(e.end), e.style) for e in para.emphasis
                     if shift(e.end) > shift(e.start)]
    para.footnote_refs = [FootnoteRef(r.number, shift(r.offset)) for r in para.footnote_refs]


def strip_paragraph_layout(paragraphs: list[RawParagraph], path: str) -> tuple[list[RawParagraph], list[RawFootnote]]:
    """The paragraphs of a converted .docx with its page layout marked (`layout="page"`), and its notes.

    A paragraph is layout when every line of it is; a note's marks are looked
    for in the body paragraphs of its own page. The paragraphs given are not
    changed (the redliner matches them against the file): when there is page
    layout, copies come back; otherwise the same list and no notes.
    """
    items: list[str] = []
    keys: list[int] = []
    for position, para in enumerate(paragraphs):
        for line in para.text.split("\n"):
            items.append(line)
            keys.append(position)
    layout = find_layout(items, keys)
    if not layout.found:
        return paragraphs, []
    paragraphs = [replace(p, emphasis=list(p.emphasis), footnote_refs=list(p.footnote_refs)) for p in paragraphs]
    lines_of: dict[int, list[int]] = {}
    for item, key in enumerate(keys):
        if _norm(items[item]):
            lines_of.setdefault(key, []).append(item)
    for position, para in enumerate(paragraphs):
        lines = lines_of.get(position, [])
        if lines and all(item in layout.furniture for item in lines):
            para.layout = "page"
    positions = {id(para): position for position, para in enumerate(paragraphs)}
    body = [para for para in paragraphs if not para.layout]
    tie_marks(body, layout.notes, lambda para: positions[id(para)])
    notes = [RawFootnote(number=note.number, text=note.text,
                         location=Location(path, "document", paragraphs[note.key].location.index))
             for note in layout.notes]
    return paragraphs, notes
