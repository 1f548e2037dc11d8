"""The Lark grammar of a paragraph, and the transformer that turns its rules into tokens.

`grammars/paragraph.lark` is loaded once (LALR, contextual lexer, token positions only,
parser tables cached by Lark in the user's cache folder). A cross-reference, a session phrase
and a date are rules over the grammar's own pieces (head, numbers, joins, direction; ordinals,
joins, tail; day, month, year), so the transformer reads each token's parts off the parse instead
of matching its text again. `parse_paragraph` never raises on text: what the grammar cannot parse
comes back with no tokens and a reason.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from resdraft import ordinals
from resdraft._lark import Lark, LarkError, LarkToken, Transformer, lark_version
from resdraft.digits import has_digit
from resdraft.item_lexer import leading_plain_end, parse_items
from resdraft.model import (
    CrossRefToken,
    DateToken,
    PlaceholderToken,
    SessionToken,
    SymbolToken,
    Token,
    YearToken,
)
from resdraft.numbers import SUFFIX_PATTERN
from resdraft.resources import grammar_path, parser_cache_file
from resdraft.symbols import (
    dashed_heads_pattern,
    parse_symbol,
    slash_heads_pattern,
    symbol_heads,
    word_stops_pattern,
)

#: One ordinal of a session phrase: words ("twenty-first", "eighty first") or figures ("18th").
#: Its second word is never "and", "to" or the tail ("special session" ends the phrase).
ORDINAL = (r"[A-Za-z]++(?:-[A-Za-z]++){0,3}+"
           r"(?: (?!and |to |[Ss]ession|(?:resumed|special|regular) [Ss]ession)[A-Za-z]++(?:-[A-Za-z]++)?+)?+"
           r"|\d{1,3}(?:st|nd|rd|th)")
#: What joins two ordinals of one phrase ("eighteenth, and nineteenth sessions").
SESSION_JOIN = ", and |, | and | to "
#: What ends a session phrase.
SESSION_TAIL = r"(?: (?:resumed|special|regular))? [Ss]essions?\b"
#: An ordinal phrase before "session": WORDS stops where it begins. Looking ahead for it at every word
#: is the costliest part of lexing, so a paragraph with no "ession" in it, where no session can be, is
#: read by a parser without it (`SESSION_WORD`).
SESSION_AHEAD = rf"|(?:{ORDINAL})(?:(?:{SESSION_JOIN})(?:{ORDINAL})){{0,8}}+(?:{SESSION_TAIL})"
#: What every text a session phrase can match contains (`[Ss]essions?`).
SESSION_WORD = "ession"
#: The months, as dates are written in resolutions.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _fill(grammar: str, *, sessions: bool = True) -> str:
    """The grammar with its placeholders filled in by the modules that own those facts (one set for all)."""
    return (grammar.replace("@SUFFIXES@", SUFFIX_PATTERN)
            .replace("@DASHED_HEADS@", dashed_heads_pattern())
            .replace("@SLASH_HEADS@", slash_heads_pattern())
            .replace("@WORD_STOPS@", word_stops_pattern())
            .replace("@SESSION_AHEAD@", SESSION_AHEAD if sessions else "")
            .replace("@ORD@", ORDINAL)
            .replace("@SESSION_JOIN@", SESSION_JOIN)
            .replace("@SESSION_TAIL@", SESSION_TAIL)
            .replace("@MONTHS@", "|".join(MONTHS))
            .replace("@STOP_INITIALS@", stop_initials()))


def stop_initials() -> str:
    """The first letters of the months and of the symbol heads, as a character class's body: WORDS tries
    its month and head stops only at a word that starts with one of them (heads are validated to start with a
    capital letter, so no stop starts with anything else)."""
    return "".join(sorted({re.escape(word[0]) for word in (*MONTHS, *(head.text for head in symbol_heads()))}))


def parser_for(text: str) -> Lark:
    """The parser for this text: the one without the session look-ahead when no session can be in it."""
    return paragraph_parser(sessions=SESSION_WORD in text)


def paragraph_parser(*, sessions: bool = True) -> Lark:
    """The paragraph parser; its `_ItemReader` builds the typed tokens while parsing (no tree).

    `sessions=False` gives the same parser without WORDS' look-ahead for a session, for texts without
    SESSION_WORD: on them both read the same tokens, about a fifth faster."""
    return _parser(sessions)


@functools.cache
def _parser(sessions: bool) -> Lark:
    """One parser of each kind per process (a positional key: `paragraph_parser()` and `(sessions=True)` agree)."""
    text = _fill(grammar_path("paragraph.lark").read_text(encoding="utf-8"), sessions=sessions)
    return Lark(
        text,
        parser="lalr",
        lexer="contextual",
        transformer=_ItemReader(),  # rules become tokens as they are reduced: no parse tree is built
        propagate_positions=False,  # the reader uses token positions only
        maybe_placeholders=False,
        cache=parser_cache_file(text, lark_version),  # LALR tables pickled in the user's cache: ~20 ms less
    )


@dataclass
class ParsedParagraph:
    """A paragraph's number label (as typed) and its inline tokens."""

    label: str | None = None
    label_end: int = 0
    tokens: list[Token] = field(default_factory=list)
    footnote_marks: list[tuple[str, int, int]] = field(default_factory=list)
    error: str | None = None


class _ItemReader(Transformer):
    """Turns each grammar rule into its typed item as the parser reduces it; `start` gathers them.

    Every method returns a list of `(kind, value)` items: a token, a label or a footnote mark.
    Plain words, numbers and punctuation carry no type and are dropped.
    """

    def start(self, children: list) -> ParsedParagraph:
        out = ParsedParagraph()
        for child in children:
            if isinstance(child, LarkToken):
                continue
            kind, value = child
            if kind == "label":
                out.label, out.label_end = value
            elif kind == "mark":
                out.footnote_marks.append(value)
            else:
                out.tokens.extend(value)
        return out

    def label(self, children: list) -> tuple[str, tuple[str, int]]:
        (tok,) = children
        return "label", (str(tok), tok.end_pos)

    def symbol(self, children: list) -> tuple[str, list[Token]]:
        (tok,) = children
        return "tokens", [make_symbol(str(tok), tok.start_pos, tok.end_pos)]

    def xref(self, children: list) -> tuple[str, list[Token]]:
        return "tokens", _make_xref(children)

    def session(self, children: list) -> tuple[str, list[Token]]:
        """ORD (SJOIN ORD)* STAIL: one token per ordinal, or per pair an edit ran together."""
        tokens: list[Token] = []
        for ordinal in children[:-1:2]:
            token = _read_ordinal(str(ordinal), ordinal.start_pos)
            if token is not None:
                tokens.append(token)
        return "tokens", tokens

    def date(self, children: list) -> tuple[str, list[Token]]:
        """DAY? MONTH DYEAR."""
        *day, month, year = children
        first = day[0] if day else month
        value = "".join(str(part) for part in children)
        return "tokens", [DateToken("date", value, first.start_pos, year.end_pos, day=int(day[0]) if day else 0,
                                    month=str(month).rstrip(), year=int(year))]

    def year(self, children: list) -> tuple[str, list[Token]]:
        (tok,) = children
        value = str(tok)
        return "tokens", [YearToken("year", value, tok.start_pos, tok.end_pos, value=int(value.split("/")[0]))]

    def placeholder(self, children: list) -> tuple[str, list[Token]]:
        (tok,) = children
        return "tokens", [PlaceholderToken("placeholder", str(tok), tok.start_pos, tok.end_pos)]

    def fnref(self, children: list) -> tuple[str, tuple[str, int, int]]:
        (tok,) = children
        return "mark", (str(tok)[2:-1], tok.start_pos, tok.end_pos)


#: Paragraphs longer than this are parsed in pieces cut at white space, so that the parse
#: tree of a pathological 5 MB paragraph (one token per character) never sits in memory whole.
CHUNK_CHARS = 50_000


#: A reference word and the number after it, as XREF_PARAGRAPH and XREF_FOOTNOTE begin.
_NUMBERED_REFERENCE = r"(?i:paragraphs?|paras?\.|footnotes?) \d"


def _needs_grammar_pattern() -> re.Pattern[str]:
    """What only the grammar's typed terminals read. A digit only where a typed terminal can take it: four
    in a row (a year, a date, "2720 (2023)"), one after a slash (a symbol: "70/1", "A/RES/78/1") or after a
    reference word that takes a number ("paragraph 5", "footnote 3"); "[" (placeholders, footnote marks),
    "ession" (SESSION), a reference word that takes a letter ("annex A", "section B") and the head of a
    dashed symbol ("ICC-ASP/Res"). After its label, a paragraph with none of these holds no typed item,
    whatever the grammar makes of its words and numbers ("Arrest strategies (1)", "rule 12": NUMBER)."""
    return re.compile(rf"\d{{4}}|/[^\s,;]{{0,40}}\d|{_NUMBERED_REFERENCE}|\[|{SESSION_WORD}|(?i:annex|section)"
                      rf"|(?:{dashed_heads_pattern()})")


#: The characters other than the ASCII letters that `(?i:annex|section)` and `_NUMBERED_REFERENCE` (and the
#: words of lint's `references._ARTICLE_BEFORE`) match to one of their letters and that `str.lower` does not
#: turn into it (tests/test_grammar.py checks this over all of Unicode).
CASE_TWINS = frozenset("\u0130\u0131\u017f")


@functools.cache
def _plain_reader() -> tuple[re.Pattern[str], re.Pattern[str], tuple[re.Pattern[str], ...]]:
    """(LABEL as the grammar defines it, the pattern of what needs the grammar, and its parts: what a digit
    needs around it, dashed heads, reference words with a letter, reference words with a number),
    compiled once."""
    label = paragraph_parser().get_terminal("LABEL").pattern.to_regexp()
    digits = (re.compile(r"\d\d\d\d"), re.compile(r"/[^\s,;]{0,40}\d"))  # (\d{4} would not skip ahead)
    words = (re.compile(f"(?:{dashed_heads_pattern()})"), re.compile("(?i:annex|section)"),
             re.compile(_NUMBERED_REFERENCE))
    return re.compile(label), _needs_grammar_pattern(), digits + words


def needs_grammar(text: str, pos: int = 0) -> bool:
    """Whether `_needs_grammar_pattern()` finds something in `text` from `pos`.

    The same answer at a fraction of the cost: the pattern tries each of its branches at every character in
    turn, where one search per branch skips ahead (a character class, a literal, a head's first letters); the
    branches about digits are tried only when there is a digit; the case-blind reference words, which skip
    nothing, are looked for in the lowered text first, and searched only where they (or a character that
    matches one of their letters case-blind) may be."""
    four_digits, slash_digit, heads, reference, numbered = _plain_reader()[2]
    if text.find("[", pos) >= 0 or text.find(SESSION_WORD, pos) >= 0 or heads.search(text, pos):
        return True
    digits = has_digit(text, pos)
    if digits and (four_digits.search(text, pos) or slash_digit.search(text, pos)):
        return True
    rest = text[pos:] if pos else text
    lowered = rest.lower()
    twins = not CASE_TWINS.isdisjoint(rest)
    if ("annex" in lowered or "section" in lowered or twins) and reference.search(text, pos):
        return True
    if not digits or ("para" not in lowered and "footnote" not in lowered and not twins):
        return False
    return numbered.search(text, pos) is not None


_LEADING_SPACE = re.compile(r"\s*")  # the grammar's %ignore


def read_plain(text: str) -> ParsedParagraph | None:
    """The parse of a paragraph with no typed item (its label only), without the parser; None otherwise.

    Most paragraphs of a draft are words and a number: the grammar, most of the cost of reading a
    draft, would find their label (LABEL is tried first, at the first non-space character) and drop
    every other terminal; a number it does not read as a label ("1234.") it drops too.
    tests/test_grammar.py and tests/test_corpus.py check that both agree."""
    label_pattern, needs_pattern, _ = _plain_reader()
    start = _LEADING_SPACE.match(text).end()  # type: ignore[union-attr]  # matches the empty string
    label = label_pattern.match(text, start)
    if label is None and needs_pattern.match(text, start):
        # a paragraph that opens with what only the grammar reads but no label ("1234. Requests"): plain
        # when the grammar's first token there is a plain one and nothing after it needs the grammar
        end = leading_plain_end(parser_for(text), text, start)
        if end is None or needs_grammar(text, end):
            return None
    elif needs_grammar(text, label.end() if label else start):
        return None
    if label is None:
        return ParsedParagraph()
    return ParsedParagraph(label=label.group(0), label_end=label.end())


def parse_paragraph(text: str) -> ParsedParagraph:
    """Parse one paragraph's text; on a grammar error return the error, not raise."""
    plain = read_plain(text)
    if plain is not None:
        return plain
    result = ParsedParagraph()
    for offset, piece in _pieces(text):
        try:
            part = parse_items(parser_for(piece), piece)
        except LarkError as exc:  # never refuse input: report and keep the text
            result.error = f"grammar could not read this paragraph ({type(exc).__name__})"
            result.tokens, result.footnote_marks = [], []
            return result
        assert isinstance(part, ParsedParagraph)
        for token in part.tokens:  # a cross-reference with its symbol spans the words between them
            if isinstance(token, CrossRefToken) and token.resolution is not None:
                token.text = piece[token.start:token.end]
        if offset == 0:
            result.label, result.label_end = part.label, part.label_end
        result.tokens.extend(move_tokens(part.tokens, offset))
        result.footnote_marks.extend((key, start + offset, end + offset) for key, start, end in part.footnote_marks)
    return result


def _pieces(text: str) -> list[tuple[int, str]]:
    """(offset, piece) cuts of a long paragraph at white space near every CHUNK_CHARS characters."""
    if len(text) <= CHUNK_CHARS:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + CHUNK_CHARS, len(text))
        if end < len(text):
            cut = text.rfind(" ", start + CHUNK_CHARS // 2, end)
            end = cut + 1 if cut > 0 else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def move_tokens(tokens: Iterable[Token], delta: int) -> list[Token]:
    """`tokens` moved by `delta` characters, in place, each object once (a cross-reference's symbol is
    also in the list).

    In place because every token `parse_paragraph` returns belongs to its caller (the paragraph memo
    hands out copies), and a copy per token (`dataclasses.replace`) was a tenth of reading a .docx.
    """
    out = list(tokens)
    if delta:
        moved: set[int] = set()
        for token in out:
            for one in (token, getattr(token, "resolution", None)):
                if one is not None and id(one) not in moved:
                    moved.add(id(one))
                    one.start += delta
                    one.end += delta
    return out


def make_symbol(value: str, start: int, end: int) -> SymbolToken:
    parts = parse_symbol(value)
    return SymbolToken(
        "symbol",
        value,
        start,
        end,
        body=parts.body,
        session=parts.session,
        doc_kind=parts.kind,
        number=parts.number,
        suffixes=parts.suffixes,
        problems=parts.problems,
        normalized=parts.normalized,
    )


#: The numbers a cross-reference names, and the joins that make it a range.
_XREF_NUMBERS = frozenset({"XNUM", "XANNEX", "XFOOTNOTE", "XSECTION"})
_RANGE_JOINS = frozenset({" to ", " through ", "\u2013", "-"})
_XREF_TARGETS = ("paragraph", "annex", "footnote", "section")


def _make_xref(children: list) -> list[Token]:
    """The cross-reference: its head, numbers, joins and direction, then `of resolution` and its symbol."""
    own: list[LarkToken] = []
    symbol: SymbolToken | None = None
    for child in children:
        if isinstance(child, LarkToken):
            if child.type != "OF_RES":
                own.append(child)
        else:  # the symbol rule's item
            _, (symbol,) = child
    head, parts = own[0], own[1:]
    words = str(head).lower().split()  # "operative paragraphs" -> the qualifier, then the target
    joins = [str(part) for part in parts if part.type == "XJOIN"]
    directions = [str(part).strip() for part in parts if part.type == "XDIR"]
    token = CrossRefToken(
        "xref",
        "".join(str(part) for part in own),
        head.start_pos,
        own[-1].end_pos,
        target=next(name for name in _XREF_TARGETS if words[-1].startswith(name[:4])),
        qualifier=words[0] if len(words) > 1 else "",
        numbers=[str(part).replace("\u00a0", " ") for part in parts if part.type in _XREF_NUMBERS],
        is_range=any(join in _RANGE_JOINS for join in joins),
        direction=directions[0] if directions else "",
        flattened=" " in joins,
    )
    tokens: list[Token] = [token]
    if symbol is not None:
        assert isinstance(symbol, SymbolToken)
        token.resolution = symbol
        token.end = symbol.end  # its text is set by parse_paragraph, which has the paragraph
        tokens.append(symbol)
    return tokens


_FUZZY_CUTOFF = 2  # edits allowed to read a misspelled ordinal ("twenty-frist")


def _read_ordinal(piece: str, start: int) -> SessionToken | None:
    """One ordinal ("twenty-first", "18th", "seventeen") or two run together by a flattened edit."""
    words = piece.split(" ")
    # drop leading words that are not ordinals ("the third" -> "third")
    while len(words) > 1 and ordinals.is_not_ordinal(words[0]) and _ordinal(" ".join(words)) is None:
        start += len(words[0]) + 1
        words = words[1:]
    text = " ".join(words)
    if ordinals.is_not_ordinal(text):
        return None
    found = _ordinal(text)
    if found is not None:
        value, style, misspelled = found
        return SessionToken("session", text, start, start + len(text), values=[value], ordinal_text=text,
                            style=style, misspelled=misspelled)
    halves = _flattened_halves(words)
    if halves is not None:
        (first, second), joiner = halves
        return SessionToken("session", text, start, start + len(text), values=[first[0], second[0]],
                            ordinal_text=text, style=first[1], misspelled=first[2] or second[2], joined=joiner)
    return None


def _flattened_halves(
    words: list[str],
) -> tuple[tuple[tuple[int, str, bool], tuple[int, str, bool]], str] | None:
    """"nineteenth twentieth" (space) or "nineteenth-twentieth" (hyphen): two ordinals where one is meant."""
    if len(words) == 2:
        candidates = [(words[0], words[1], " ")]
    elif len(words) == 1 and "-" in words[0]:
        parts = words[0].split("-")
        candidates = [("-".join(parts[:i]), "-".join(parts[i:]), "-") for i in range(1, len(parts))]
    else:
        return None
    for left, right, joiner in candidates:
        first, second = _ordinal_strict(left), _ordinal_strict(right)
        if first and second:
            return (first, second), joiner
    return None


def _ordinal_strict(word: str) -> tuple[int, str, bool] | None:
    """Like `_ordinal`, but no fuzzy reading: used when splitting a pair, where guessing misleads."""
    if (value := ordinals.ordinal_value(word)) is not None:
        return value, "words", False
    if (value := ordinals.figures_value(word)) is not None:
        return value, "figures", False
    return None


@functools.lru_cache(maxsize=4096)
def _ordinal(word: str) -> tuple[int, str, bool] | None:
    """(value, style, misspelled) of one ordinal written any way we recognise (kept: a draft asks for the
    same few phrases again and again, and a phrase that is none costs a fuzzy search of every ordinal)."""
    if (value := ordinals.ordinal_value(word)) is not None:
        return value, "words", False
    if (value := ordinals.figures_value(word)) is not None:
        return value, "figures", False
    if (value := ordinals.cardinal_value(word)) is not None:
        return value, "cardinal", True
    folded = word.lower().replace(" ", "-")
    if len(folded) < 5 or not folded.isascii():
        return None
    from rapidfuzz import process  # lazily: only a misspelled ordinal needs it (saves start-up time)
    from rapidfuzz.distance import Levenshtein

    best = process.extractOne(folded, ordinals.all_ordinal_words(), scorer=Levenshtein.distance,
                              score_cutoff=_FUZZY_CUTOFF)
    if best is not None:
        return ordinals.ordinal_value(best[0]) or 0, "words", True
    return None
