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

#: A mark followed by a bare number at the very end: a footnote mark ("Court,2", "2023/24; 4") or the
#: next paragraph's number an extraction left behind ("without delay; 3."). A paragraph never ends so.
_TRAILING_DIGITS = re.compile(r"[,;.:]\s?(\d{1,3})\.?$")
#: Words a sentence cannot end with: a paragraph ending so has lost its end (a page break, a cut).
#: (Not "all", "any", "is": "if any", "as it is" end sentences.)
_MID_SENTENCE = frozenset((
    "a", "an", "the", "and", "or", "nor", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from",
    "into", "upon", "under", "between", "that", "which", "whose", "those", "these", "its", "their",
))
#: The adoption line of an issued text run into its last paragraph by an extraction
#: ("... session. 29th plenary meeting 29 October 2024"): not part of the paragraph.
_ADOPTION_LINE = re.compile(r"\s*(?:\[[^\]]{0,40}\]\s*)?\d{1,3}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting"
                            r"(?:\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4})?\s*$")
_MARK_AND = re.compile(r"[,;]\s*(?:and|or)$")


def _end(doc: Doc, block: Block) -> tuple[int, int, str, str]:
    """(start, end, word, mark) of the paragraph's last word and its terminating punctuation.

    A bare footnote number left by an extraction ("...2024/25; 4") is skipped.
    Only the tail of the text is searched: paragraphs are long and this runs for each.
    """
    text = block.text.rstrip()
    window = max(0, len(text) - 80)
    # the search tries its leading \s* at each of the 80 places; a line that ends a paragraph has "meeting"
    adoption = _ADOPTION_LINE.search(text, window) if text.find("meeting", window) >= 0 else None
    if adoption:
        text = text[: adoption.start()].rstrip()
    tail_at = max(0, len(text) - 16)
    digits = _TRAILING_DIGITS.search(text, tail_at)
    if digits and not any(t.start <= digits.start(1) < t.end for t in block.tokens):
        text = text[: digits.start(1)].rstrip()  # not the end of "ICC-ASP/21/Res.4" or "paragraph 4"
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


def _breaks_off(doc: Doc, block: Block, word: str, mark: str) -> str | None:
    """Why a paragraph looks cut rather than wrongly punctuated, or None: it ends with a word no
    sentence ends with, page furniture (a running footer, a footnote rule) follows it, or its text
    goes on in lower case after a running head. A mark added there would corrupt the text ("the;",
    "November,"), so no fix."""
    if _split_at_page(doc, block, word):
        return "goes on after a page break (a running head or footer between its halves)"
    if mark:
        return None
    if word.lower() in _MID_SENTENCE:
        return f"breaks off after {word!r}: text lost, or the paragraph split (at a page break?)"
    if _next_kind(doc, block) == "other":
        return "breaks off before a line that is not a paragraph: split at a page break?"
    return None


#: Block kinds a page break leaves between the halves of a paragraph: running heads, footers.
_FURNITURE = ("other", "heading")


def _split_at_page(doc: Doc, block: Block, word: str) -> bool:
    """Whether the paragraph's text goes on after page furniture: past the running heads and footers
    that follow it comes an unlabelled block that starts in lower case or with a figure, or any
    unlabelled block when the paragraph broke off mid-sentence."""
    index = doc.memo("block-index", lambda: {id(b): i for i, b in enumerate(doc.blocks)})[id(block)]
    following = doc.blocks[index + 1: index + 6]
    if not following or following[0].kind not in _FURNITURE:
        return False
    for other in following:
        text = other.text.lstrip()
        head = text[:1]
        starts_on = head.islower() or head.isdigit()
        if not starts_on and (other.kind == "heading" or (other.kind == "other" and len(text) < 90)):
            continue  # a running head, a page number, a footnote rule
        return other.kind == "other" and (head.islower() or head.isdigit() or word.lower() in _MID_SENTENCE)
    return False


def _next_kind(doc: Doc, block: Block) -> str | None:
    """The kind of the block after `block` ("other" for page furniture or unlabelled lines)."""
    index = doc.memo("block-index", lambda: {id(b): i for i, b in enumerate(doc.blocks)})[id(block)]
    return doc.blocks[index + 1].kind if index + 1 < len(doc.blocks) else None


def _fix(word: str, wanted: str) -> str:
    return word + wanted


def _checked(doc: Doc) -> list[Block]:
    """The blocks whose punctuation is checked (once per document: three rules walk them)."""
    return doc.memo("punctuation-checked", lambda: [
        b for b in doc.main_blocks if b.kind in ("preambular", "operative", "subparagraph")
        and not is_placeholder_block(doc, b)])


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


def _hit(block: Block, start: int, end: int, word: str, mark: str, wanted: str, what: str,
         doc: Doc | None = None) -> Hit:
    cut = _breaks_off(doc, block, word, mark) if doc is not None else None
    if cut is not None:
        # before page furniture it is the extraction's split, not the draft's: say it quietly
        furniture = doc is not None and (_next_kind(doc, block) == "other" or cut.startswith("goes on"))
        return Hit(block, start, end, f"{what} {cut}", severity="info" if furniture else "warning")
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
        yield _hit(block, start, end, word, mark, ",", "preambular paragraph", doc)


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
        if _next_kind(doc, block) == "other":
            allowed |= {":"}  # introduces lines the reader did not label (lost "(a)", "(b)")
        if block is penultimate and not children:
            allowed |= {"; and"}
        if id(block) in last_of_part:
            allowed |= {"."}
        if mark in allowed:
            continue
        yield _hit(block, start, end, word, mark, ":" if children and mark in ("", ".") else ";",
                   "operative paragraph", doc)


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
    if last is None or is_placeholder_block(doc, last):
        return
    start, end, word, mark = _end(doc, last)
    if not word or mark == ".":
        return
    yield _hit(last, start, end, word, mark, ".", "the last paragraph", doc)


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
        yield _hit(block, start, end, word, mark, ";", "subparagraph", doc)

