"""Cross-references: internal ones must land on a block that exists, external ones (when the
cited resolution is in the library) on a paragraph that exists and is about the same thing.

Whether "paragraph 5" is internal is decided conservatively: "paragraph 3 of
the Rome Statute", "article 12, paragraph 3", "(A/80/11), para. 45" and any
reference in a clause that names another document are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from resdraft.digits import has_digit
from resdraft.grammar import CASE_TWINS
from resdraft.lint.engine import Doc, Hit, Where, is_annex, rule, tokens_of
from resdraft.model import Block, CrossRefToken, Footnote, Resolution, SymbolToken
from resdraft.numbers import SUFFIX_PATTERN, roman_value

_EXTERNAL_AFTER = re.compile(r"^,?\s+(?:of|to|in|from|under|contained)\b")
_PRESENT = re.compile(r"^,?\s+(?:of|to) (?:the present|this) (?:resolution|decision)\b", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"(?i)\b(?:articles?|rules?|regulations?|principles?|sections?|chapters?)\s+\d+[\w.]*"
                             rf"(?:\s+(?:{SUFFIX_PATTERN}))?(?:\s*\([\w.]+\))*,?\s*$")
_SYMBOL_BEFORE = re.compile(r"(?:[A-Z]{1,5}/[\w./-]+|\))\s*,?\s*$")
_DOCUMENT_WORDS = re.compile(r"(?i)\b(?:report|statute|charter|convention|covenant|agreement|declaration|resolution|"
                             r"decision|annex|document|rules|regulations|protocol|communiqu|plan|programme|strategy|"
                             r"guidelines|letter|note|treaty|study|recommendations|outcome|framework)\w*")
_NUMBER = re.compile(rf"(\d{{1,3}})(?:[ \u00a0]?({SUFFIX_PATTERN}))?(?: ?\(([a-z]{{1,4}})\))?")


def _roman(text: str) -> int | None:
    """An annex number in capital roman numerals up to L ("IV" -> 4); "C" or "D" are annex letters."""
    return roman_value(text) if text and set(text) <= set("IVXL") else None


@dataclass(frozen=True)
class _Ref:
    base: int
    suffix: str
    sub: str

    @property
    def key(self) -> str:
        return f"{self.base}{self.suffix}"


def _refs(token: CrossRefToken) -> list[_Ref]:
    refs = []
    for number in token.numbers:
        match = _NUMBER.fullmatch(number.strip())
        if match:
            refs.append(_Ref(int(match.group(1)), match.group(2) or "", match.group(3) or ""))
    return refs


class _Index:
    """Where paragraphs are: operative numbers per section, their subparagraphs, preambular counts."""

    def __init__(self, resolution: Resolution) -> None:
        self.operatives: dict[str, dict[str, Block]] = {}
        self.preambular: dict[str, int] = {}
        self.children: dict[str, set[str]] = {}
        for block in resolution.blocks:
            if block.kind == "operative" and block.number:
                self.operatives.setdefault(block.section, {}).setdefault(block.number, block)
            elif block.kind == "preambular":
                self.preambular[block.section] = self.preambular.get(block.section, 0) + 1
            elif block.kind == "subparagraph" and block.parent and block.number:
                self.children.setdefault(block.parent, set()).add(block.number.lower())
        self.sections = {s.key for s in resolution.sections}

    def operative(self, ref: _Ref, section: str | None) -> Block | None:
        sections = [section] if section is not None else list(self.operatives)
        for key in sections:
            block = self.operatives.get(key, {}).get(ref.key)
            if block is not None:
                return block
        return None


def _index(doc: Doc) -> _Index:
    return doc.memo("reference-index", lambda: _Index(doc.resolution))


#: The words `_ARTICLE_BEFORE` opens with, lowered.
_ARTICLE_WORDS = ("article", "rule", "regulation", "principle", "section", "chapter")


def _after_article(before: str) -> bool:
    """`_ARTICLE_BEFORE.search(before)`, searched only when `before` holds a digit and one of its words (or a
    character `(?i)` matches to one of their letters that lowering does not give): the pattern, case-blind
    from `\b`, is tried at every character before each reference (~8 us a reference)."""
    if not has_digit(before):
        return False
    lowered = before.lower()
    if CASE_TWINS.isdisjoint(before) and not any(word in lowered for word in _ARTICLE_WORDS):
        return False
    return _ARTICLE_BEFORE.search(before) is not None


def _is_internal(where: Where, token: CrossRefToken) -> bool:
    """True only when the reference plainly points into this text."""
    if token.resolution is not None or isinstance(where, Footnote):
        return False
    text = where.text
    after = text[token.end:]
    before = text[: token.start]
    if _PRESENT.match(after):
        return True
    if _EXTERNAL_AFTER.match(after) or _after_article(before):
        return False
    tail = before[-60:]
    if ("/" in tail or ")" in tail) and _SYMBOL_BEFORE.search(tail):  # (what the pattern ends on: a pre-filter)
        return False  # "(A/80/11), para. 45", "ICC-ASP/13/29, paragraph 5"
    if token.direction or token.qualifier:
        return True
    if token.target in ("annex", "section"):
        return False  # "annex II" alone is usually a report's annex
    clause = re.split(r"[;:]", before)[-1]
    return not _DOCUMENT_WORDS.search(clause)


@rule("RD201")
def missing_internal_reference(doc: Doc) -> Iterator[Hit]:
    """An internal reference to a paragraph, subparagraph, annex, footnote or section that does not exist."""
    index = _index(doc)
    for block in doc.text_blocks:
        for token in block.tokens_of(CrossRefToken):
            if not _is_internal(block, token):
                continue
            problem = _missing(doc, index, block, token)
            if problem:
                yield Hit(block, token.start, token.end, problem)


def _missing(doc: Doc, index: _Index, block: Block, token: CrossRefToken) -> str:
    if token.target == "footnote":
        numbers = [int(n) for n in token.numbers if n.isdigit()]
        absent = [n for n in numbers if n not in doc.footnote_numbers]
        return f"footnote {absent[0]} does not exist in this text" if absent else ""
    if token.target == "annex":
        keys = {s for s in index.sections if is_annex(s)}
        for number in token.numbers:
            roman = _roman(number) if number.isalpha() else int(number) if number.isdigit() else None
            wanted = f"Annex{number}"
            if wanted in keys or (roman == 1 and "Annex" in keys) or (keys and roman is None):
                continue
            return f"annex {number} does not exist in this text" + (" (it has no annex)" if not keys else "")
        return ""
    if token.target == "section":
        absent = [n for n in token.numbers if n not in index.sections and not (n == "A" and "" in index.sections)]
        return f"section {absent[0]} does not exist in this text" if absent else ""
    refs = _refs(token)
    if token.is_range and len(refs) == 2:
        refs = [refs[0], refs[-1]]
    section = block.section if is_annex(block.section) else None
    for ref in refs:
        if token.qualifier == "preambular":
            count = sum(index.preambular.values()) if section is None else index.preambular.get(section, 0)
            if ref.base > count:
                return f"preambular paragraph {ref.base} does not exist (the text has {count})"
            continue
        target = index.operative(ref, section) or (index.operative(ref, None) if section else None)
        if target is None:
            return f"paragraph {ref.key} does not exist in this text"
        if ref.sub and ref.sub not in index.children.get(target.label, set()):
            return f"paragraph {ref.key} has no subparagraph ({ref.sub})"
    return ""


@rule("RD204")
def invalid_range(doc: Doc) -> Iterator[Hit]:
    """"paragraphs 9 to 7" or "paragraphs 7 to 7": a range that is reversed or names one paragraph."""
    for where in doc.where_with(CrossRefToken):
        for token in tokens_of(where, CrossRefToken):
            refs = _refs(token)
            if not token.is_range or len(refs) != 2 or token.flattened:
                continue
            first, last = refs
            if (first.base, first.suffix) >= (last.base, last.suffix) and not first.sub and not last.sub:
                what = "reversed" if first.base > last.base else "a range of one paragraph"
                yield Hit(where, token.start, token.end, f"the range {first.key} to {last.key} is {what}")


@rule("RD205")
def reference_direction(doc: Doc) -> Iterator[Hit]:
    """"paragraph 12 above" in paragraph 5 (or "below" pointing back): the number or the word is wrong."""
    index = _index(doc)
    for block in doc.text_blocks:
        if block.kind not in ("operative", "subparagraph") or not block.number:
            continue
        tokens = [token for token in block.tokens_of(CrossRefToken)
                  if token.direction in ("above", "below") and token.target == "paragraph" and not token.qualifier]
        own = _own_number(doc, block) if tokens else None
        if own is None:
            continue
        for token in tokens:
            for ref in _refs(token):
                if index.operative(ref, block.section) is None:
                    continue  # a missing target is RD201's finding
                if (token.direction == "above" and ref.base > own) or (token.direction == "below" and ref.base < own):
                    yield Hit(block, token.start, token.end,
                              f"paragraph {ref.key} is {'below' if ref.base > own else 'above'} this paragraph "
                              f"({own}), not {token.direction} it")
                    break


def _own_number(doc: Doc, block: Block) -> int | None:
    current: Block | None = block
    while current is not None and current.kind == "subparagraph":
        current = doc.block_by_label.get(current.parent) if current.parent else None
    if current is None or not current.number:
        return None
    match = re.match(r"\d+", current.number)
    return int(match.group(0)) if match else None


# --- external references (need --library) ---------------------------------------------


def _external(doc: Doc) -> Iterator[tuple[Block, CrossRefToken, SymbolToken, Resolution]]:
    library = doc.context.library
    if library is None:
        return
    for block in doc.text_blocks:
        for token in block.tokens_of(CrossRefToken):
            if token.target != "paragraph" or token.resolution is None or token.flattened:
                continue
            cited = library.get(token.resolution)
            if cited is not None:
                yield block, token, token.resolution, cited


def _number_span(token: CrossRefToken, which: int = 0) -> tuple[int, int]:
    matches = list(re.finditer(r"\d{1,3}", token.text))
    match = matches[min(which, len(matches) - 1)]
    return token.start + match.start(), token.start + match.end()


@rule("RD202")
def missing_external_paragraph(doc: Doc) -> Iterator[Hit]:
    """"paragraph 40 of resolution X" where resolution X (in the library) has no paragraph 40."""
    for block, token, symbol, cited in _external(doc):
        index = _Index(cited)
        for i, ref in enumerate(_refs(token)):
            target = index.operative(ref, "")
            if target is None:
                count = len(index.operatives.get("", {}))
                start, end = _number_span(token, i)
                yield Hit(block, start, end, f"resolution {symbol.text} has no paragraph {ref.key} "
                                             f"(it has {count} operative paragraphs)")
                break


_STOP_WORDS = """
the a an of to and or in on for with by at as from that this these those its their his her which who
whom whose be is are was were been being has have had it also further such other all any each into
upon under pursuant paragraph paragraphs resolution resolutions submitted assembly states parties
state party court session sessions present well including inter alia thereon
"""
_STOP = frozenset(_STOP_WORDS.split())


def _content(text: str) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z\-]+", text.lower())
    return " ".join(w[:7] for w in words if len(w) > 3 and w not in _STOP)


@rule("RD203")
def implausible_external_reference(doc: Doc) -> Iterator[Hit]:
    """"the report ..., submitted pursuant to paragraph 28 of resolution X" where paragraph 28 of X is about
    something else and another paragraph of X matches the citing text well."""
    from rapidfuzz import fuzz

    for block, token, symbol, cited in _external(doc):
        refs = _refs(token)
        if len(refs) != 1 or token.is_range:
            continue
        index = _Index(cited)
        target = index.operative(refs[0], "")
        if target is None:
            continue
        clause = re.split(r"[;:]", block.text[: token.start])[-1] + " " + re.split(r"[;:]", block.text[token.end:])[0]
        context = _content(clause)
        if len(context.split()) < 2:
            continue
        operatives = index.operatives.get("", {})
        scores = {key: fuzz.token_set_ratio(context, _content(b.text)) for key, b in operatives.items()}
        cited_score = scores.get(refs[0].key, 0.0)
        best_key = max(scores, key=lambda k: scores[k])
        best = scores[best_key]
        if best_key != refs[0].key and cited_score < 55 and best >= 70 and best - cited_score >= 25:
            start, end = _number_span(token)
            yield Hit(block, start, end,
                      f"paragraph {refs[0].key} of {symbol.text} does not seem to be about what this paragraph "
                      f"says (similarity {cited_score:.0f}%); paragraph {best_key} matches better ({best:.0f}%)",
                      fix=best_key if best_key.isdigit() else None)
