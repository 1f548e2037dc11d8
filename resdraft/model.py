"""The resolution model: plain dataclasses, free of lark and docx types.

Readers produce a `RawDocument` (paragraph text as a reader sees it, with
formatting and footnote positions); `structure.build_resolution` turns that
into a `Resolution` of typed, labelled blocks whose inline tokens come from
the Lark grammar.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal[
    "title",
    "heading",
    "preamble-intro",
    "preambular",
    "operative",
    "subparagraph",
    "other",
]
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a paragraph came from, so findings and edits can point back at it.

    `part` is "document" for .docx body paragraphs (index = position of the
    `w:p` in `body.iter(w:p)`, the first of a group merged by a deleted
    paragraph mark), "footnotes" for footnotes (index = position among the
    real footnotes; `Footnote.xml_id` finds it again), or "text" for .md/.txt
    (line = 1-based line of the paragraph's first character).
    """

    path: str = ""
    part: str = "text"
    index: int = 0
    line: int = 0


@dataclass(frozen=True, slots=True)
class Emphasis:
    """A formatted stretch of a paragraph's text (`style` is "italic" or "bold")."""

    start: int
    end: int
    style: str = "italic"


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A footnote reference mark standing just before `offset` in the text."""

    number: int
    offset: int


@dataclass(frozen=True)
class Diagnostic:
    """Something the reader or parser noticed but did not refuse."""

    code: str
    message: str
    location: Location | None = None
    severity: Severity = "info"


@dataclass(frozen=True)
class Revision:
    """A pending tracked change in a paragraph, where it shows in the visible text.

    kind: "ins" / "del" (text inserted or deleted, `w:moveTo`/`w:moveFrom` included) or
    "mark-ins" / "mark-del" (the paragraph mark). An insertion spans
    `[start, end)` of `RawParagraph.text`; a deletion is invisible, so
    `start == end` is the point where its text would stand.
    """

    kind: str
    author: str
    date: str | None
    start: int
    end: int


@dataclass(slots=True)
class RawParagraph:
    """One paragraph as a reader sees it (tracked changes accepted).

    `text` holds the visible characters, footnote reference marks removed.
    A number Word generates from `numbering.xml` is not part of the text;
    it is in `auto_number` ("12.", "(a)") exactly as Word displays it.
    `prefix` counts characters of the source paragraph that precede `text`
    (e.g. Markdown emphasis or a list marker stripped by the reader), so
    that offsets can be mapped back to the source. `list_level` is the
    list level (Word's `w:ilvl`, or a Markdown list's indent depth) of a
    numbered paragraph, so that `a.` under `1.` nests by level, not by shape.
    """

    text: str
    emphasis: list[Emphasis] = field(default_factory=list)
    footnote_refs: list[FootnoteRef] = field(default_factory=list)
    auto_number: str | None = None
    style: str | None = None
    heading_level: int | None = None
    location: Location = field(default_factory=Location)
    comments: list[str] = field(default_factory=list)
    list_level: int | None = None
    layout: str = ""  # "page" for a running head, page number or footnote kept as text by a PDF converter
    revisions: list[Revision] = field(default_factory=list)  # pending tracked changes (.docx only)


@dataclass
class RawFootnote:
    """A footnote's displayed number and text (`xml_id` is the .docx `w:id`)."""

    number: int
    text: str
    emphasis: list[Emphasis] = field(default_factory=list)
    location: Location = field(default_factory=Location)
    xml_id: int | None = None


@dataclass
class RawDocument:
    """What a reader hands to the structure builder."""

    path: str
    format: str
    paragraphs: list[RawParagraph]
    footnotes: list[RawFootnote] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    had_tracked_changes: bool = False


# --- inline tokens (built by grammar.py) -----------------------------------


@dataclass(slots=True)
class Token:
    """A typed piece of a paragraph's text; offsets index `Block.text`."""

    kind: str
    text: str
    start: int
    end: int


@dataclass(slots=True)
class SymbolToken(Token):
    """A document symbol such as `ICC-ASP/21/Res.3` or `A/RES/78/1`.

    `problems` lists why the symbol is malformed (empty when well formed);
    `normalized` is the corrected form when the correction is unambiguous.
    """

    body: str = ""
    session: int | None = None
    doc_kind: str = ""
    number: str = ""
    suffixes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    normalized: str = ""


@dataclass(slots=True)
class CrossRefToken(Token):
    """`paragraph 5`, `paragraphs 7 to 9`, `operative paragraph 30 of resolution X`, `annex II`."""

    target: str = "paragraph"  # paragraph | annex | footnote | section
    qualifier: str = ""  # operative | preambular | ""
    numbers: list[str] = field(default_factory=list)
    is_range: bool = False
    direction: str = ""  # above | below | ""
    flattened: bool = False  # two numbers back to back: "paragraph 31 34"
    resolution: SymbolToken | None = None


@dataclass(slots=True)
class SessionToken(Token):
    """A session ordinal: `twenty-first session`, `18th Session`, `seventeen session`.

    `values` holds every ordinal read (two when an edit was flattened, as in
    `nineteenth twentieth session`); `style` is "words", "figures" or "cardinal".
    """

    values: list[int] = field(default_factory=list)
    ordinal_text: str = ""
    style: str = "words"
    misspelled: bool = False
    joined: str = ""  # separator between two flattened ordinals: " " or "-"


@dataclass(slots=True)
class YearToken(Token):
    value: int = 0


@dataclass(slots=True)
class DateToken(Token):
    day: int = 0
    month: str = ""
    year: int = 0


@dataclass(slots=True)
class PlaceholderToken(Token):
    pass


@dataclass(slots=True)
class NumberPairToken(Token):
    """Two numbers back to back where one is meant (`paragraph 31 34`)."""

    first: str = ""
    second: str = ""


# --- the resolution ---------------------------------------------------------


@dataclass(slots=True)
class Block:
    """A paragraph of the resolution with its kind, label and inline tokens.

    `text` excludes a typed number and footnote marks; `number_text` is the
    number as written ("12.", "(a)", "12 bis."), whether typed or generated.
    `lead` is the opener or operative verb phrase; `verbs` are later verbs of
    the same paragraph (italic in the source, or found from the vocabulary).
    `text_offset` is where `text` starts in the source paragraph's text.
    """

    kind: BlockKind
    label: str
    text: str
    number: str | None = None
    number_text: str = ""
    numbering: str = "none"  # typed | auto | none
    section: str = ""
    parent: str | None = None
    lead: Token | None = None
    verbs: list[Token] = field(default_factory=list)
    terminator: str = ""
    emphasis: list[Emphasis] = field(default_factory=list)
    footnote_refs: list[FootnoteRef] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    location: Location = field(default_factory=Location)
    text_offset: int = 0
    style: str | None = None
    comments: list[str] = field(default_factory=list)

    @property
    def footnotes(self) -> list[int]:
        return [ref.number for ref in self.footnote_refs]

    def tokens_of(self, kind: type[Token]) -> list[Any]:
        return [t for t in self.tokens if isinstance(t, kind)]


@dataclass
class Footnote:
    number: int
    text: str
    label: str = ""
    tokens: list[Token] = field(default_factory=list)
    emphasis: list[Emphasis] = field(default_factory=list)
    location: Location = field(default_factory=Location)
    xml_id: int | None = None


@dataclass
class Section:
    """A part of the text whose numbering restarts: the body, A/B parts, annexes."""

    key: str  # "" for the main body, "B", "Annex", "AnnexII"
    title: str = ""


@dataclass
class Resolution:
    path: str
    format: str
    blocks: list[Block]
    footnotes: list[Footnote] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    had_tracked_changes: bool = False

    def block(self, label: str) -> Block | None:
        return next((b for b in self.blocks if b.label == label), None)

    def by_kind(self, *kinds: str) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds]

    def footnote(self, number: int) -> Footnote | None:
        return next((f for f in self.footnotes if f.number == number), None)


def token_to_dict(token: Token) -> dict[str, Any]:
    data = asdict(token)
    return {k: v for k, v in data.items() if v not in (None, "", [], False) or k in ("start", "end")}
