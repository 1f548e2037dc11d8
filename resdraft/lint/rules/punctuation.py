"""Paragraph punctuation: preambular paragraphs end with ",", operative ones with ";", the last
with "."; a paragraph introducing subparagraphs may end with ":".

Only the resolution proper is checked (annexes follow their own style). The
flagged text is the last word with its mark ("grow:"), and the fix rewrites
just that ("grow;"), so a tracked change or a comment lands on the paragraph's
end. A paragraph that is only a placeholder is the placeholder rule's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from resdraft.lint.engine import Doc, Hit, rule
from resdraft.lint.rules.placeholders import is_placeholder_block
from resdraft.model import Block

_TRAILING_DIGITS = re.compile(r"[,;.:]\s?(\d{1,2})$")
_MARK_AND = re.compile(r"[,;]\s*(?:and|or)$")


def _end(doc: Doc, block: Block) -> tuple[int, int, str, str]:
    """(start, end, word, mark) of the paragraph's last word and its terminating punctuation.

    A bare footnote number left by an extraction ("...2024/25; 4") is skipped.
    Only the tail of the text is searched: paragraphs are long and this runs for each.
    """
    text = block.text.rstrip()
    tail_at = max(0, len(text) - 16)
    digits = _TRAILING_DIGITS.search(text, tail_at)
    if digits and int(digits.group(1)) in doc.footnote_numbers:
        text = text[: digits.start(1)].rstrip()
    if not text:
        return 0, 0, "", ""
    start = max(text.rfind(" "), text.rfind("\u00a0")) + 1
    token = text[start:]
    mark_match = _MARK_AND.search(text, max(0, len(text) - 8))
    if mark_match:
        word_start = text.rfind(" ", 0, mark_match.start()) + 1
        return word_start, len(text), text[word_start:mark_match.start()], mark_match.group(0)
    mark = token[-1] if token[-1] in ",;.:\u2014" else ""
    return start, len(text), token[: len(token) - len(mark)], mark


def _fix(word: str, wanted: str) -> str:
    return word + wanted


def _checked(doc: Doc) -> list[Block]:
    return [b for b in doc.main_blocks if b.kind in ("preambular", "operative", "subparagraph")
            and not is_placeholder_block(b)]


def _has_children(doc: Doc, index: int, block: Block) -> bool:
    following = doc.blocks[index + 1] if index + 1 < len(doc.blocks) else None
    return following is not None and following.kind == "subparagraph" and (
        following.parent == block.label or block.kind == "preambular" or following.parent is None)


def _last_block(doc: Doc) -> Block | None:
    body = [b for b in doc.main_blocks if b.kind in ("operative", "subparagraph")]
    return body[-1] if body else None


def _penultimate_operative(doc: Doc) -> Block | None:
    operatives = [b for b in doc.main_blocks if b.kind == "operative"]
    return operatives[-2] if len(operatives) > 1 else None


def _describe(mark: str) -> str:
    return f"ends with {mark!r}" if mark else "has no closing punctuation"


def _hit(block: Block, start: int, end: int, word: str, mark: str, wanted: str, what: str) -> Hit:
    safe = bool(mark) and mark in ",;.:"
    return Hit(block, start, end, f"{what} {_describe(mark)}: {wanted!r} belongs here",
               fix=_fix(word, wanted), safe=safe)


@rule("RD701")
def preambular_punctuation(doc: Doc) -> Iterator[Hit]:
    """A preambular paragraph that does not end with a comma."""
    index_of = {id(b): i for i, b in enumerate(doc.blocks)}
    for block in _checked(doc):
        if block.kind != "preambular":
            continue
        start, end, word, mark = _end(doc, block)
        if mark == "," or not word or (mark == ":" and _has_children(doc, index_of[id(block)], block)):
            continue
        yield _hit(block, start, end, word, mark, ",", "preambular paragraph")


@rule("RD702")
def operative_punctuation(doc: Doc) -> Iterator[Hit]:
    """An operative paragraph (not the last) that does not end with a semicolon, or with a colon
    before its subparagraphs."""
    last = _last_block(doc)
    penultimate = _penultimate_operative(doc)
    index_of = {id(b): i for i, b in enumerate(doc.blocks)}
    last_of_part = _last_of_parts(doc)
    for block in _checked(doc):
        if block.kind != "operative" or block is last:
            continue
        start, end, word, mark = _end(doc, block)
        if not word:
            continue
        children = _has_children(doc, index_of[id(block)], block)
        allowed = {";"} | ({":", ",", "\u2014"} if children else set())
        if block is penultimate and not children:
            allowed |= {"; and"}
        if id(block) in last_of_part:
            allowed |= {"."}
        if mark in allowed:
            continue
        yield _hit(block, start, end, word, mark, ":" if children and mark in ("", ".") else ";",
                   "operative paragraph")


def _last_of_parts(doc: Doc) -> set[int]:
    """The last operative or subparagraph of each part (A, B, ...): it may end with "." too."""
    last: dict[str, Block] = {}
    for block in doc.main_blocks:
        if block.kind in ("operative", "subparagraph"):
            last[block.section] = block
    return {id(b) for b in last.values()}


@rule("RD703")
def final_punctuation(doc: Doc) -> Iterator[Hit]:
    """The last paragraph of the resolution that does not end with a full stop."""
    last = _last_block(doc)
    if last is None or is_placeholder_block(last):
        return
    start, end, word, mark = _end(doc, last)
    if not word or mark == ".":
        return
    yield _hit(last, start, end, word, mark, ".", "the last paragraph")


@rule("RD704")
def intro_punctuation(doc: Doc) -> Iterator[Hit]:
    """"The Assembly of States Parties" not followed by a comma."""
    if doc.intro_index < 0:
        return
    block = doc.blocks[doc.intro_index]
    start, end, word, mark = _end(doc, block)
    has_preamble = any(b.kind == "preambular" for b in doc.main_blocks)
    if mark == "," or (not mark and not has_preamble) or not word:
        return
    yield _hit(block, start, end, word, mark, ",", "the line naming the body")


@rule("RD705")
def subparagraph_punctuation(doc: Doc) -> Iterator[Hit]:
    """A subparagraph (not the last of the text) with no closing punctuation or a full stop."""
    last = _last_block(doc)
    last_of_part = _last_of_parts(doc)
    for block in _checked(doc):
        if block.kind != "subparagraph" or block is last or id(block) in last_of_part:
            continue
        start, end, word, mark = _end(doc, block)
        if not word or mark in (";", ",", "; and", "; or", ", and", ", or", ":", "\u2014"):
            continue
        yield _hit(block, start, end, word, mark, ";", "subparagraph")

