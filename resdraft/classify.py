"""What each paragraph of a resolution *is*, from its position and shape.

The front matter before "The Assembly of States Parties," is title or other; after it
preambular paragraphs open with an opener and operative ones carry a number or an
operative verb; short unterminated lines are headings; "A. ..." and "Annex" headings
open a section whose numbering restarts. `structure.build_resolution` reads the
paragraphs into blocks and hands each to `classify_block` in document order, with one
`ClassifyState` for the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resdraft.model import Block, RawParagraph, Resolution, Section, Token
from resdraft.numbers import roman_value
from resdraft.vocabulary import match_lead

INTRO = re.compile(
    r"^The\s+(?:[A-Z][\w’'-]*\s+|of\s+|on\s+|for\s+|and\s+){0,8}?"
    r"(?:Assembly|Council|Conference|Committee|Board|Commission)"
    r"(?:\s+of\s+(?:the\s+)?(?:States\s+Parties|Parties|Member\s+States))?"
    r"(?:\s+to\s+the\s+Rome\s+Statute[\w\s]*+)?(?:\s+\([\w .-]{1,20}\))?\s*[,.:;]?$"
)
_SECTION = re.compile(r"^([A-Z])\.\s+\S")
_ANNEX = re.compile(r"^(?:Annex|ANNEX|Appendix)(?:\s+([IVXL]+|\d{1,2}|[A-Z])\b)?(?!\s*\d)")
_ADOPTED = re.compile(r"^(?:Adopted|Resolution adopted|Distr\.|Agenda item)\b")
_TITLE_LINE = re.compile(r"^(?:(?:Draft )?[Rr]esolution\b|\d{1,2}/\d{1,3}\.\s)")
_DIGITS = re.compile(r"^\d{1,3}")
_ROMAN = re.compile(r"^[ivxl]+$")


@dataclass
class ClassifyState:
    """What the classifier has seen so far in the document and its current section."""

    phase: str = "front"  # front | body
    section: str = ""
    counters: dict[str, int] = field(default_factory=dict)
    last_operative: Block | None = None
    sub_stack: list[tuple[tuple[str, ...], Block]] = field(default_factory=list)  # open subparagraphs, outermost first
    labels: set[str] = field(default_factory=set)
    seen_numbered: bool = False
    lead_in: Block | None = None  # heading or lead-in line that a parentless list hangs from
    operative_seen: bool = False  # an operative paragraph in this section: the preamble is over
    intro_seen: bool = False  # "The General Assembly," read: what follows is the preamble
    previous_block: Block | None = None
    previous_kind: str = ""


def demote_numbered_prose(resolution: Resolution) -> None:
    """A report numbers its paragraphs too: without an intro, a preamble or operative verbs they are prose.

    When fewer than half the numbered paragraphs open with an operative verb,
    the document is not a resolution and none of its paragraphs is operative.
    """
    operative = resolution.by_kind("operative")
    verbs = sum(1 for b in operative if (lead := match_lead(b.text.strip())) is not None and lead[0] == "operative")
    if not operative or verbs * 2 >= len(operative):
        return
    for block in resolution.blocks:
        if block.kind in ("operative", "subparagraph"):
            block.kind = "other"
            block.label = re.sub(r"\bOP(?=\d)", "P", block.label)
            block.parent = re.sub(r"\bOP(?=\d)", "P", block.parent) if block.parent else None
            block.lead, block.verbs = None, []


def classify_block(block: Block, para: RawParagraph, state: ClassifyState, resolution: Resolution) -> None:
    """Give `block` its kind, label, lead and later verbs, from its shape and what `state` has seen before it."""
    text = block.text
    stripped = text.strip()
    lead = match_lead(stripped)
    if state.phase == "front":
        if INTRO.match(stripped):
            _label(block, "preamble-intro", "INTRO", state)
            state.phase = "body"
        elif para.heading_level is not None or _TITLE_LINE.match(stripped) or _looks_like_heading(block, para):
            _label(block, "title", "T", state)
        else:
            _label(block, "other", "X", state)
        return
    if INTRO.match(stripped) and not block.number_text:
        _label(block, "preamble-intro", "INTRO", state)
        return
    annex = _ANNEX.match(stripped) if not block.number_text else None
    section = _SECTION.match(stripped) if not block.number_text else None
    if annex and (para.heading_level is not None or (len(stripped) < 200 and not block.terminator.endswith(";"))):
        _open_section(state, resolution, "Annex" + (annex.group(1) or ""), stripped)
        _label(block, "heading", "H", state)
        state.lead_in = None  # the section's own heading: its list is labelled by the section alone
        return
    if section and (para.heading_level is not None or _looks_like_heading(block, para)):
        key = section.group(1)
        if key == "A" and not state.seen_numbered and not state.section:
            resolution.sections[0] = Section("", stripped)
        else:
            _open_section(state, resolution, key, stripped)
        _label(block, "heading", "H", state)
        state.lead_in = None
        return
    if block.number_text:
        _numbered(block, state, para)
        _set_lead(block, lead)
        return
    if para.heading_level is not None:
        _label(block, "heading", "H", state)
        return
    if lead is not None:
        kind = lead[0]
        _set_lead(block, lead)
        if kind == "operative" and not _starts_lower(stripped):
            _label(block, "operative", "OP", state, number=None)
            state.last_operative = block
            state.sub_stack.clear()
            return
        if kind == "preambular":
            _label(block, "preambular", "PP", state)
            return
    if lead is None and _unlabelled_item(block, state):
        _inferred_subparagraph(block, state)
        return
    if lead is None and _preambular_by_position(block, state):
        _set_lead(block, None)
        _label(block, "preambular", "PP", state)
        return
    if para.heading_level is not None or _looks_like_heading(block, para):
        _label(block, "heading", "H", state)
        return
    if _ADOPTED.match(stripped):
        _label(block, "other", "X", state)
        return
    if lead is not None:  # a lowercase verb without a number: a mandate in an annex list
        _label(block, "subparagraph", "", state)
        return
    _label(block, "other", "X", state)


_QUOTES = "\"'\u201c\u2018\u00ab\u201e"


def _preambular_by_position(block: Block, state: ClassifyState) -> bool:
    """A preambular paragraph whose opener is not in the vocabulary ("Disappointed at", a quoted opener).

    It stands before any operative paragraph, opens with a capital, a quotation
    mark or an emphasised phrase, and ends with a comma (or a colon before a list).
    """
    text = block.text.strip()
    if (state.operative_seen or state.section.startswith("Annex") or block.terminator not in (",", ":")
            or len(text.split()) < 4):
        return False
    emphasised = bool(block.emphasis and block.emphasis[0].start == 0)
    if not (state.intro_seen or state.previous_kind == "preambular" or emphasised):
        return False  # no "The General Assembly," and nothing preambular yet: a report's paragraph
    return text[:1].isupper() or text[:1] in _QUOTES or emphasised


def _unlabelled_item(block: Block, state: ClassifyState) -> bool:
    """An item of an operative paragraph's list whose letter the extraction lost.

    It follows the lead-in ("Requests the Secretary-General:") or another item
    ending with ";", has no number, and ends a clause itself.
    """
    previous, operative = state.previous_block, state.last_operative
    if previous is None or operative is None or block.number_text or not block.terminator:
        return False
    if previous is operative:
        return previous.terminator == ":"
    return previous.kind == "subparagraph" and previous.parent == operative.label \
        and previous.terminator.startswith(";")


def _inferred_subparagraph(block: Block, state: ClassifyState) -> None:
    """Label a letterless list item by its place: the next letter under its operative paragraph."""
    operative = state.last_operative
    assert operative is not None
    last = state.sub_stack[0][1] if state.sub_stack else None
    previous_letter = (last.number or "") if last is not None and last.parent == operative.label else ""
    letter = chr(ord(previous_letter) + 1) if len(previous_letter) == 1 and previous_letter < "z" else "a"
    block.number = letter
    block.parent = operative.label
    _unique_label(block, "subparagraph", f"{operative.label}({letter})", state)
    state.sub_stack[:] = [(("shape", "(x)", "alpha", "lower"), block)]


def _starts_lower(text: str) -> bool:
    return text[:1].islower()


def _looks_like_heading(block: Block, para: RawParagraph) -> bool:
    text = block.text.strip()
    if para.style and para.style.lower().startswith(("heading", "title")):
        return True
    return (
        len(text) <= 150
        and not block.terminator
        and text[:1].isupper()
        and not block.footnote_refs
        and len(text.split()) <= 20
    )


def _open_section(state: ClassifyState, resolution: Resolution, key: str, title: str) -> None:
    if any(s.key == key for s in resolution.sections):
        key = f"{key}{len(resolution.sections) + 1}"
    resolution.sections.append(Section(key, title))
    state.section = key
    state.counters = {}
    state.last_operative = None
    state.lead_in = None
    state.sub_stack = []
    state.operative_seen = False


def _numbered(block: Block, state: ClassifyState, para: RawParagraph | None = None) -> None:
    number = block.number or ""
    state.seen_numbered = True
    if _DIGITS.match(number):
        _label(block, "operative", "OP", state, number=number)
        state.last_operative = block
        state.sub_stack.clear()
        return
    key = _sub_key(block, state, para)
    depth = _sub_depth(key, state)
    del state.sub_stack[depth:]
    parent = state.sub_stack[-1][1] if state.sub_stack else state.last_operative or state.lead_in
    block.parent = parent.label if parent else None
    prefix = parent.label if parent else (f"{state.section}." if state.section else "")
    _unique_label(block, "subparagraph", f"{prefix}({number})", state)
    state.sub_stack.append((key, block))


def _roman_value(text: str) -> int:
    return roman_value(text) or 0


def _sub_key(block: Block, state: ClassifyState, para: RawParagraph | None) -> tuple[str, ...]:
    """What makes two subparagraphs siblings: Word's list level, else the number's shape and kind.

    `a.`, `(a)`, `a)`, `(i)` and `i.` are different shapes or kinds; a roman-looking
    letter is a letter when it continues an open letter list (`(i)` after `(h)`,
    `(v)` after `(u)`), and a single `v`, `x`, `c`... is roman only when it continues
    an open roman list.
    """
    if para is not None and para.list_level is not None and block.numbering == "auto":
        return ("level", str(para.list_level))
    number = block.number or ""
    shape = re.sub(r"[0-9A-Za-z]+", "x", block.number_text.strip().split(" ")[0]) or "x"
    lower = number.lower()
    case = "upper" if number[:1].isupper() else "lower"
    if number.isdigit():
        return ("shape", shape, "digit", case)
    kind = "alpha"
    if _ROMAN.match(lower):
        previous_letter = chr(ord(lower) - 1) if len(lower) == 1 else ""
        letter_open = any(k[2] == "alpha" and (b.number or "").lower() == previous_letter
                          for k, b in state.sub_stack if k[:2] == ("shape", shape))
        roman_open = any(k[2] == "roman" and _roman_value(b.number or "") == _roman_value(lower) - 1
                         for k, b in state.sub_stack if k[:2] == ("shape", shape))
        if len(lower) > 1 or roman_open or (lower == "i" and not letter_open):
            kind = "roman"
    return ("shape", shape, kind, case)


def _sub_depth(key: tuple[str, ...], state: ClassifyState) -> int:
    """How many open subparagraphs stay above a new one with `key` (its siblings and their children close)."""
    stack = state.sub_stack
    if key[0] == "level":
        level = int(key[1])
        for depth, (open_key, _) in enumerate(stack):
            if open_key[0] == "level" and int(open_key[1]) >= level:
                return depth
        return len(stack)
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == key:
            return depth
    return len(stack)


def _label(block: Block, kind: str, prefix: str, state: ClassifyState, number: str | None = "") -> None:
    block.kind = kind  # type: ignore[assignment]
    state.previous_kind = kind
    if kind == "operative":
        state.operative_seen = True
    if kind == "preamble-intro":
        state.intro_seen = True
    if kind in ("heading", "other") and state.phase == "body":
        state.lead_in, state.last_operative = block, None
        state.sub_stack = []
    if kind == "preamble-intro":
        _unique_label(block, kind, f"{state.section}.INTRO" if state.section else "INTRO", state)
        return
    if kind == "subparagraph" and not prefix:
        count = state.counters.get("sub", 0) + 1
        state.counters["sub"] = count
        section = f"{state.section}." if state.section else ""
        _unique_label(block, kind, f"{section}({count})", state)
        return
    if kind == "operative" and number:
        name = number
    else:
        count = state.counters.get(prefix, 0) + 1
        state.counters[prefix] = count
        name = str(count)
        if kind == "operative":
            block.number = None
    section = f"{state.section}." if state.section else ""
    _unique_label(block, kind, f"{section}{prefix}{name}", state)


def _unique_label(block: Block, kind: str, label: str, state: ClassifyState) -> None:
    block.kind = kind  # type: ignore[assignment]
    unique, n = label, 1
    while unique in state.labels:
        n += 1
        unique = f"{label}#{n}"
    state.labels.add(unique)
    state.previous_block = block
    block.label = unique
    block.section = state.section


def _set_lead(block: Block, lead: tuple[str, int] | None) -> None:
    text = block.text
    start = len(text) - len(text.lstrip())
    if lead is not None:
        end = start + lead[1]
        block.lead = Token("lead", text[start:end], start, end)
    elif block.emphasis and block.emphasis[0].start <= start and block.emphasis[0].style == "italic":
        first = block.emphasis[0]
        block.lead = Token("lead", text[first.start:first.end], first.start, first.end)
    else:
        match = re.match(r"[\"'\u201c\u2018\u00ab\u201e]?[A-Z][a-z]+", text[start:])
        if match:
            block.lead = Token("lead", match.group(0), start, start + match.end())
    block.verbs = _later_verbs(block)


#: `(?:[,;:]\s+(?:and\s+|further\s+|also\s+)?|\band\s+)(?=[a-z])`, written to start with one character class
#: (the "a" of "and" taken first, its `\b` then looked behind): `finditer` skips ahead to those characters
#: instead of trying both branches at every character of the paragraph, at half the cost; the same matches.
_LATER_VERB = re.compile(r"[,;:a](?:(?<=a)(?<!\wa)nd\s+|(?<!a)\s+(?:and\s+|further\s+|also\s+)?)(?=[a-z])")


def _later_verbs(block: Block) -> list[Token]:
    """Verbs after the lead: italic spans that are vocabulary, or vocabulary after ', and'."""
    verbs: list[Token] = []
    lead_end = block.lead.end if block.lead else 0
    seen: set[int] = set()
    for span in block.emphasis:
        if span.style != "italic" or span.start < lead_end:
            continue
        found = match_lead(block.text, span.start)
        if found and found[1] >= span.end - 1:
            verbs.append(Token("verb", block.text[span.start:found[1]], span.start, found[1]))
            seen.add(span.start)
    for match in _LATER_VERB.finditer(block.text, lead_end):
        pos = match.end()
        if pos in seen:
            continue
        found = match_lead(block.text, pos)
        if found and found[0] == ("operative" if block.kind != "preambular" else "preambular"):
            verbs.append(Token("verb", block.text[pos:found[1]], pos, found[1]))
    verbs.sort(key=lambda t: t.start)
    return verbs
