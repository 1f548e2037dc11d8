"""Turn a reader's paragraphs into the blocks of a resolution.

The grammar reads each paragraph (number, tokens); this module splits off the typed
number, shifts the tokens onto the text, joins a paragraph split in two back together
and reads the footnotes. What each block *is* (title, preambular, operative, heading,
subparagraph) and its label, `resdraft.classify` decides.
"""

from __future__ import annotations

import re

from resdraft.classify import INTRO, ClassifyState, classify_block, demote_numbered_prose
from resdraft.gcpause import collector_paused
from resdraft.grammar import move_tokens
from resdraft.model import (
    Block,
    Diagnostic,
    Emphasis,
    Footnote,
    FootnoteRef,
    RawDocument,
    RawParagraph,
    Resolution,
    Section,
)
from resdraft.numbers import SUFFIX_PATTERN
from resdraft.paragraph_memo import parse_paragraph_memo
from resdraft.readers.pages import strip_paragraph_layout
from resdraft.vocabulary import match_lead

_TERMINATOR = re.compile(r"(?:[;,]\s+and|[;,]\s+or|[,;.:])$")  # what `terminator_of` finds, as a pattern


def terminator_of(text: str) -> str:
    """The end of a paragraph that closes it: ",", ";", ".", ":", or "; and" / ", or" with its white space.

    The same as `_TERMINATOR.search(text).group(0)` (or ""), read from the end: the search tries the
    pattern at every character of the paragraph, and is called for each one."""
    if text.endswith("\n"):  # `$` also matches before a final newline
        text = text[:-1]
    last = text[-1:]
    if last in (",", ";", ".", ":") and last:
        return last
    for word in ("and", "or"):
        if text.endswith(word):
            head = text[:-len(word)]
            before = head.rstrip()
            if len(before) < len(head) and before[-1:] in (";", ",") and before:
                return text[len(before) - 1:]
    return ""

_NUMBER_PARTS = re.compile(rf"^\(?\s?([0-9]{{1,3}}|[a-zA-Z]{{1,6}})[ \u00a0]?({SUFFIX_PATTERN})?\s?[.)]?$")


@collector_paused()  # millions of small objects, none in a cycle: see gcpause
def build_resolution(raw: RawDocument) -> Resolution:
    """Classify, number and label the paragraphs of a document."""
    resolution = Resolution(path=raw.path, format=raw.format, blocks=[], diagnostics=list(raw.diagnostics),
                            had_tracked_changes=raw.had_tracked_changes, sections=[Section("")])
    source, notes = raw.paragraphs, raw.footnotes
    if raw.format == "docx" and not raw.footnotes:
        # a PDF converted to Word keeps its page heads and footnotes as paragraphs; the raw document
        # stays as the file is (compare and the redliner match it), the outline reads past the layout
        source, notes = strip_paragraph_layout(raw.paragraphs, raw.path)
    paragraphs = [p for p in source if (p.text.strip() or p.auto_number) and not p.layout]
    has_intro = any(INTRO.match(p.text.strip()) for p in paragraphs)
    state = ClassifyState(phase="front" if has_intro else "body")
    previous: Block | None = None
    for para in paragraphs:
        if previous is not None and _is_continuation(previous, para):
            _merge(previous, para)
            continue
        block = _read_block(para, resolution)
        classify_block(block, para, state, resolution)
        resolution.blocks.append(block)
        previous = block
    if not has_intro and not resolution.by_kind("preambular"):
        demote_numbered_prose(resolution)
    if not has_intro and not resolution.by_kind("preambular", "operative"):
        resolution.diagnostics.append(Diagnostic("no-structure", "no preamble intro, preambular or operative "
                                                 "paragraph found: is this a resolution?", None, "warning"))
    resolution.footnotes = [_read_footnote(f) for f in notes]
    return resolution


def _read_block(para: RawParagraph, resolution: Resolution) -> Block:
    """Parse one paragraph: split off a typed number, shift offsets onto the text."""
    source = para.text
    parsed = parse_paragraph_memo(source)
    if parsed.error:
        resolution.diagnostics.append(Diagnostic("grammar", parsed.error, para.location, "warning"))
    offset = 0
    number_text = ""
    numbering = "none"
    if para.auto_number:
        number_text, numbering = para.auto_number.strip(), "auto"
    if parsed.label is not None:
        if not para.auto_number:
            number_text, numbering = parsed.label, "typed"
        offset = parsed.label_end
        while offset < len(source) and source[offset].isspace():
            offset += 1
    # leading white space is not part of the text either
    while offset < len(source) and source[offset].isspace() and not parsed.label:
        offset += 1
    text = source[offset:].rstrip()
    tokens = move_tokens([t for t in parsed.tokens if t.start >= offset], -offset)
    emphasis = [Emphasis(max(e.start - offset, 0), e.end - offset, e.style)
                for e in para.emphasis if e.end > offset]
    refs = [FootnoteRef(r.number, max(r.offset - offset, 0)) for r in para.footnote_refs]
    block = Block(kind="other", label="", text=text, number_text=number_text, numbering=numbering,
                  emphasis=emphasis, footnote_refs=refs, tokens=tokens, location=para.location,
                  text_offset=offset, style=para.style, comments=list(para.comments))
    block.number = _number_key(number_text) if number_text else None
    block.terminator = terminator_of(text)
    return block


def _number_key(number_text: str) -> str:
    """"12." -> "12", "12 bis." -> "12bis", "(a)" -> "a", "(iv)" -> "iv"."""
    match = _NUMBER_PARTS.match(number_text.strip())
    if not match:
        return number_text.strip().strip(".()")
    return match.group(1) + (match.group(2) or "")


def _is_continuation(previous: Block, para: RawParagraph) -> bool:
    """A paragraph split in two (a page break in an extraction): join it back.

    The first part has no terminator; the second has no number and either
    starts in lower case or is plainly not a heading (it ends a clause).
    A number alone in its paragraph ("6." then the text, as PDF converters
    write it) takes the next paragraph as its text.
    """
    text = para.text.strip()
    if (previous.number_text and not previous.text.strip() and text and not para.auto_number
            and para.heading_level is None and not re.match(r"^(?:\(?[a-z]{1,4}[.)]|\d{1,3}\.)(?:\s|$)", text)):
        return True
    if (
        previous.kind not in ("preambular", "operative", "subparagraph")
        or previous.terminator
        or para.auto_number
        or para.heading_level is not None
        or not text
        or re.match(r"^(?:\(?[a-z]{1,4}[.)]|\d{1,3}\.)\s", text)
    ):
        return False
    if text[0].islower():
        return True
    return match_lead(text) is None and bool(terminator_of(text)) and not INTRO.match(text)


def _merge(block: Block, para: RawParagraph) -> None:
    extra = parse_paragraph_memo(para.text)
    base = len(block.text) + 1 if block.text else 0
    block.tokens.extend(move_tokens(extra.tokens, base))
    block.emphasis.extend(Emphasis(e.start + base, e.end + base, e.style) for e in para.emphasis)
    block.footnote_refs.extend(FootnoteRef(r.number, r.offset + base) for r in para.footnote_refs)
    block.text = (block.text + " " + para.text.strip()) if block.text else para.text.strip()
    block.terminator = terminator_of(block.text)


def _read_footnote(raw_footnote) -> Footnote:  # type: ignore[no-untyped-def]
    parsed = parse_paragraph_memo(raw_footnote.text)
    return Footnote(number=raw_footnote.number, text=raw_footnote.text, label=f"FN{raw_footnote.number}",
                    tokens=[t for t in parsed.tokens], emphasis=list(raw_footnote.emphasis),
                    location=raw_footnote.location, xml_id=raw_footnote.xml_id)
