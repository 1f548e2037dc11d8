"""Placeholders and bracketed text left in a draft about to be issued.

What is a placeholder is data (`rules/placeholders.toml`): "[Placeholder ...]",
"[XX]", "[date]", "ICC-ASP/18/Res.[...]", "TBC", "XX" alone. Other square
brackets in the resolution text mark language still under negotiation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from resdraft.lint.engine import Doc, Hit, Where, rule, tokens_of
from resdraft.model import PlaceholderToken, SymbolToken
from resdraft.resources import load_toml


@dataclass(frozen=True)
class _TextPattern:
    regex: re.Pattern[str]
    contains: tuple[str, ...]
    folded: bool  # `contains` is checked on the lower-cased text

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.contains:
            haystack = text.lower() if self.folded else text
            if not any(needle in haystack for needle in self.contains):
                return iter(())
        return self.regex.finditer(text)


@functools.cache
def _quoted_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in load_toml("placeholders.toml")["brackets"].get("text_inside_quotes", [])]


def _in_quotation(text: str, at: int) -> bool:
    """Whether offset `at` of `text` stands inside quotation marks (curly, or an odd number of straight ones)."""
    before = text[:at]
    if before.rfind("\u201c") > before.rfind("\u201d"):
        return True
    return before.count('"') % 2 == 1


def quoted_text(where: Where, token: PlaceholderToken) -> bool:
    """A bracket that is the text because it stands in a quotation: an elision "[...]"."""
    body = token.text[1:-1]
    return any(p.search(body) for p in _quoted_patterns()) and _in_quotation(where.text, token.start)


@functools.cache
def _patterns() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]], list[_TextPattern]]:
    data = load_toml("placeholders.toml")
    inside = [re.compile(p) for p in data["brackets"]["placeholder_inside"]]
    ordinary = [re.compile(p) for p in data["brackets"].get("not_placeholders", [])]
    text = []
    for entry in data["text"]["pattern"]:
        regex = entry["regex"]
        folded = regex.startswith("(?i)")
        contains = tuple(c.lower() if folded else c for c in entry.get("contains", []))
        text.append(_TextPattern(re.compile(regex), contains, folded))
    return inside, ordinary, text


def _is_placeholder(bracketed: str) -> bool:
    inside, _, _ = _patterns()
    body = bracketed[1:-1]
    return any(p.search(body) for p in inside)


def _is_ordinary(bracketed: str) -> bool:
    _, ordinary, _ = _patterns()
    return any(p.search(bracketed[1:-1]) for p in ordinary)


@functools.cache
def _needles() -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """Every text pattern's `contains` strings in one regex (plain, and lower-cased for folded patterns);
    None when some pattern has none, so that it must always be tried."""
    _, _, patterns = _patterns()
    if any(not p.contains for p in patterns):
        return None, None
    plain = [re.escape(c) for p in patterns if not p.folded for c in p.contains]
    folded = [re.escape(c) for p in patterns if p.folded for c in p.contains]
    return (re.compile("|".join(plain)) if plain else None), (re.compile("|".join(folded)) if folded else None)


def _may_match(text: str) -> bool:
    """Whether any text pattern may match: one search for all their `contains` strings, not one per
    pattern (most paragraphs contain none)."""
    _, _, patterns = _patterns()
    if not patterns:
        return False
    plain, folded = _needles()
    if plain is None and folded is None:
        return True
    return bool((plain is not None and plain.search(text)) or (folded is not None and folded.search(text.lower())))


def placeholder_spans(doc: Doc, where: Where) -> list[tuple[int, int]]:
    """Spans of placeholders in a block or footnote (used by other rules to stay quiet there).

    Kept per document and block: several rules ask for the same block in one run (a cache of a few
    thousand blocks shared by all documents was emptied again and again on a long draft)."""
    cache: dict[int, list[tuple[int, int]]] = doc.memo("placeholder-spans", dict)
    spans = cache.get(id(where))  # the document holds its blocks: an id is not recycled during the run
    if spans is None:
        spans = cache[id(where)] = _spans(where)
    return spans


def _spans(where: Where) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for token in where.tokens:
        if isinstance(token, PlaceholderToken) and _is_placeholder(token.text) and not quoted_text(where, token):
            spans.append((token.start, token.end))
        elif isinstance(token, SymbolToken) and "[" in token.text:
            spans.append((token.start, token.end))  # "ICC-ASP/22/Res.[...]": the symbol is not known yet
    _, _, patterns = _patterns()
    for pattern in patterns if _may_match(where.text) else ():
        for match in pattern.finditer(where.text):
            if match.end() > match.start() and not any(s <= match.start() < e for s, e in spans):
                spans.append((match.start(), match.end()))
    spans.sort()
    return spans


def is_placeholder_block(doc: Doc, where: Where) -> bool:
    """A paragraph that is nothing but a placeholder ("29. [Placeholder for text ...].")."""
    spans = placeholder_spans(doc, where)
    rest = where.text
    for start, end in reversed(spans):
        rest = rest[:start] + rest[end:]
    return bool(spans) and not re.search(r"\w", rest)


@rule("RD401")
def placeholder(doc: Doc) -> Iterator[Hit]:
    """A placeholder left in the text."""
    for where in doc.where_all():
        for start, end in placeholder_spans(doc, where):
            yield Hit(where, start, end, f"placeholder {where.text[start:end]!r} left in the text: write the text "
                                         "or remove it before the draft is issued")


@rule("RD402")
def bracketed_text(doc: Doc) -> Iterator[Hit]:
    """Square-bracketed language (not a placeholder): text still under negotiation."""
    body = {id(w) for w in (*doc.text_blocks, *doc.footnotes)}
    for where in doc.where_with(PlaceholderToken):
        if id(where) not in body:
            continue  # front matter: "[on the report of the First Committee (A/80/534)]"
        for token in tokens_of(where, PlaceholderToken):
            if _is_placeholder(token.text) or _is_ordinary(token.text) or quoted_text(where, token):
                continue
            yield Hit(where, token.start, token.end,
                      f"bracketed text {token.text!r}: square brackets mark language not yet agreed; "
                      "settle it or remove the brackets before the draft is issued")
