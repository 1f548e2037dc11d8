"""Paragraph numbers: operative numbers that skip, go back or repeat; subparagraph letters out of
sequence; an unnumbered operative paragraph among numbered ones.

Numbers restart in each part (A, B, ...) and annex, which the structure builder
records as `Block.section`. "12 bis" after 12 (and "12 ter" after "12 bis") is
how paragraphs under negotiation are inserted, not a defect. A number is not
part of the paragraph's text, so these findings carry it as their `text` and
point at the start of the paragraph (start = end = 0).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from resdraft.lint.engine import Doc, Hit, rule
from resdraft.model import Block
from resdraft.numbers import LATIN_SUFFIXES, SUFFIX_PATTERN, letter_value, roman_value

_LATIN = LATIN_SUFFIXES
_NUMBER = re.compile(rf"^(\d{{1,3}})({SUFFIX_PATTERN})?$")


def _operative_number(block: Block) -> tuple[int, int] | None:
    match = _NUMBER.match(block.number or "")
    if not match:
        return None
    return int(match.group(1)), _LATIN.index(match.group(2) or "")


def _shown(block: Block) -> str:
    """The number as the reader sees it ("19.", "(d)"): the flagged text of a numbering finding."""
    return block.number_text or block.number or ""


def _name(block: Block) -> str:
    """The number as a message names it ("19", "12 bis", "(d)")."""
    return _shown(block).rstrip(".")


def _sections(doc: Doc) -> dict[str, list[Block]]:
    """Operative paragraphs by part, computed once per document."""

    def build() -> dict[str, list[Block]]:
        groups: dict[str, list[Block]] = {}
        for block in doc.blocks:
            if block.kind == "operative":
                groups.setdefault(block.section, []).append(block)
        return groups

    return doc.memo("operatives-by-part", build)


def _hit(block: Block, message: str) -> Hit:
    return Hit(block, 0, 0, message, text=_shown(block))


@rule("RD601")
def operative_sequence(doc: Doc) -> Iterator[Hit]:
    """Operative numbers that skip ("17, 19") or go back ("19, 18") within a part."""
    for blocks in _sections(doc).values():
        previous: tuple[int, int] | None = None
        seen: set[tuple[int, int]] = set()
        for block in blocks:
            number = _operative_number(block)
            if number is None:
                continue
            if previous is None:
                if number != (1, 0) and number[0] > 1:
                    yield _hit(block, f"the operative paragraphs of this part start at {_name(block)}, not 1")
            elif number in seen:
                pass  # a repeat: RD602
            elif number[0] == previous[0] + 1 and number[1] == 0:
                pass
            elif number[0] == previous[0] and number[1] == previous[1] + 1:
                pass  # 12, 12 bis, 12 ter
            elif number[0] > previous[0] + 1:
                missing = list(range(previous[0] + 1, number[0]))
                names = ", ".join(map(str, missing)) if len(missing) <= 3 else f"{missing[0]} to {missing[-1]}"
                yield _hit(block, f"operative numbering skips {names}: paragraph {_name(block)} follows "
                                  f"paragraph {previous[0]}")
            else:
                yield _hit(block, f"operative numbering goes back: paragraph {_name(block)} follows paragraph "
                                  f"{previous[0]}{' ' + _LATIN[previous[1]] if previous[1] else ''}")
            seen.add(number)
            previous = number


@rule("RD602")
def repeated_number(doc: Doc) -> Iterator[Hit]:
    """Two operative paragraphs of one part with the same number."""
    for blocks in _sections(doc).values():
        seen: dict[tuple[int, int], Block] = {}
        for block in blocks:
            number = _operative_number(block)
            if number is None:
                continue
            if number in seen:
                yield _hit(block, f"paragraph number {_name(block)} is used twice in this part "
                                  f"(also {seen[number].label.split('#')[0]})")
            else:
                seen[number] = block


def _sub_value(number: str, roman: bool) -> int | None:
    number = number.lower()
    if roman:
        return roman_value(number) if number and set(number) <= set("ivxl") else None
    return letter_value(number)  # (a)..(z), then (aa), (bb)


@rule("RD603")
def subparagraph_sequence(doc: Doc) -> Iterator[Hit]:
    """Subparagraph letters or roman numerals that skip, repeat or go back: (a), (b), (d)."""
    groups: dict[tuple[str, str | None, int], list[Block]] = {}
    parents = _continued_parents(doc)
    for block in doc.blocks:
        if block.kind == "subparagraph" and block.number:
            level = block.label.count("(")
            parent = parents.get(block.parent or "", block.parent)
            groups.setdefault((block.section, parent, level), []).append(block)
    for blocks in groups.values():
        numbers = [(b.number or "").lower() for b in blocks]
        roman = numbers[0] == "i" and (len(numbers) == 1 or numbers[1] == "ii")
        expected = 1
        for block, number in zip(blocks, numbers, strict=True):
            value = _sub_value(number, roman)
            if value is None:
                break
            if value != expected:
                what = "repeats" if value < expected and value == expected - 1 else "skips" if value > expected \
                    else "goes back"
                yield _hit(block, f"subparagraph {_name(block)} {what}: ({_expected_name(expected, roman)}) "
                                  "was expected here")
            expected = value + 1


def _continued_parents(doc: Doc) -> dict[str, str | None]:
    """The real parent of subparagraphs that follow an unlabelled block: the rest of a subparagraph
    split at a page break ("... the general debate of the" / running head / "Assembly at its ...")
    is not a new list, so (b) after it goes on the list of the paragraph before."""
    mapping: dict[str, str | None] = {}
    last: Block | None = None
    for block in doc.blocks:
        if block.kind == "other" and last is not None:
            mapping[block.label] = last.parent if last.kind == "subparagraph" else last.label
        elif block.kind in ("operative", "subparagraph", "preambular"):
            last = block
    return mapping


def _expected_name(value: int, roman: bool) -> str:
    if roman:
        table = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
        out = ""
        for amount, letters in table:
            while value >= amount:
                out, value = out + letters, value - amount
        return out
    return chr(96 + (value - 1) % 26 + 1) * ((value - 1) // 26 + 1)


@rule("RD604")
def unnumbered_operative(doc: Doc) -> Iterator[Hit]:
    """An operative paragraph without a number in a part whose other operative paragraphs are numbered."""
    for section, blocks in _sections(doc).items():
        numbered = [b for b in blocks if b.number_text]
        if len(numbered) < 2 or section in doc.prose_sections:
            continue  # a declaration adopted by an unnumbered paragraph numbers only its own paragraphs
        for block in blocks:
            if not block.number_text:
                start, end = (block.lead.start, block.lead.end) if block.lead else (0, 0)
                yield Hit(block, start, end, "operative paragraph without a number among numbered ones")


@rule("RD605")
def unlettered_subparagraph(doc: Doc) -> Iterator[Hit]:
    """A subparagraph without its letter among siblings whose letters are typed (an extraction or an
    edit lost "(a)"): the reader numbers it by position, a reader of the issued text sees no letter."""
    groups: dict[str | None, list[Block]] = {}
    for block in doc.main_blocks:
        if block.kind == "subparagraph" and block.section not in doc.prose_sections:
            groups.setdefault(block.parent, []).append(block)
    for blocks in groups.values():
        typed = [b for b in blocks if b.numbering == "typed"]
        if len(typed) < 2:
            continue
        for block in blocks:
            if block.numbering == "none":
                end = block.text.find(" ")
                yield Hit(block, 0, end if end > 0 else len(block.text),
                          f"subparagraph {block.number_text or block.label} has no letter in the text, "
                          "where its siblings have one")
