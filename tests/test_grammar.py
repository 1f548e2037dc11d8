"""The paragraph grammar: each construct read where it is, and not where it is not."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from resdraft.grammar import parse_paragraph
from resdraft.model import (
    CrossRefToken,
    DateToken,
    PlaceholderToken,
    SessionToken,
    SymbolToken,
    YearToken,
)


def tokens(text: str, kind: type) -> list:
    return [t for t in parse_paragraph(text).tokens if isinstance(t, kind)]


# --- number labels -----------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("12. Requests the Bureau;", "12."),
        ("12 bis. Requests the Bureau;", "12 bis."),
        ("(a) to report;", "(a)"),
        ("a) to report;", "a)"),
        ("(iv) to report;", "(iv)"),
        ("b. to report;", "b."),
    ],
)
def test_label_is_read_at_the_start(text: str, label: str) -> None:
    parsed = parse_paragraph(text)
    assert parsed.label == label
    assert text[parsed.label_end:].startswith(" ")


@pytest.mark.parametrize("text", ["Requests the Bureau in 12. cases", "2024 was a year", "Recalling (a) above,"])
def test_no_label_elsewhere(text: str) -> None:
    assert parse_paragraph(text).label is None


# --- document symbols --------------------------------------------------------

@pytest.mark.parametrize(
    ("symbol", "body", "session", "kind", "number", "suffixes"),
    [
        ("ICC-ASP/21/Res.3", "ICC-ASP", 21, "Res", "3", []),
        ("ICC-ASP/17/28/Add.1", "ICC-ASP", 17, "", "28", ["Add.1"]),
        ("ICC-ASP/14/26/Rev.1", "ICC-ASP", 14, "", "26", ["Rev.1"]),
        ("ICC-ASP/8/INF.2", "ICC-ASP", 8, "INF", "2", []),
        ("ICC-ASP/22/L.4/Rev.2", "ICC-ASP", 22, "L", "4", ["Rev.2"]),
        ("RC/Res.1", "RC", None, "Res", "1", []),
        ("RC/Dec.2", "RC", None, "Dec", "2", []),
        ("A/RES/78/1", "A", 78, "RES", "1", []),
        ("A/C.3/78/L.5/Rev.1", "A/C.3", 78, "L", "5", ["Rev.1"]),
        ("A/HRC/RES/52/1", "A/HRC", 52, "RES", "1", []),
        ("S/RES/2720 (2023)", "S", None, "RES", "2720", ["(2023)"]),
        ("E/RES/2023/5", "E", 2023, "RES", "5", []),
    ],
)
def test_symbols_and_their_parts(symbol, body, session, kind, number, suffixes) -> None:
    found = tokens(f"Recalling {symbol}, adopted earlier,", SymbolToken)
    assert [t.text for t in found] == [symbol]
    token = found[0]
    assert (token.body, token.session, token.doc_kind, token.number, token.suffixes) == (
        body, session, kind, number, suffixes)
    assert token.problems == []


@pytest.mark.parametrize(
    ("symbol", "problem", "normalized"),
    [
        ("ICC-ASP-16/Res.2", "hyphen-for-slash", "ICC-ASP/16/Res.2"),
        ("ICC-ASP/17/ Res.5", "space-around-slash", "ICC-ASP/17/Res.5"),
        ("ICC-ASP/16/Res/3", "slash-for-dot", "ICC-ASP/16/Res.3"),
        ("ICC-ASP/9/Res. 2", "space-after-dot", "ICC-ASP/9/Res.2"),
        ("ICC-ASP/1718/Res.4", "merged-session", "ICC-ASP/18/Res.4"),
        ("ICC-ASP/171/12", "merged-session", ""),
    ],
)
def test_malformed_symbols_are_recognised_as_such(symbol: str, problem: str, normalized: str) -> None:
    found = tokens(f"Recalling {symbol} and more,", SymbolToken)
    assert [t.text for t in found] == [symbol]
    assert problem in found[0].problems
    assert found[0].normalized == normalized


def test_short_un_citations() -> None:
    found = tokens("Recalling resolution 54/237 C of 23 December 1999 and resolution 2139 (2014),", SymbolToken)
    assert [t.text for t in found] == ["54/237 C", "2139 (2014)"]


def test_placeholder_inside_a_symbol_is_part_of_it() -> None:
    found = tokens("Refers to its resolution ICC-ASP/22/Res.[...];", SymbolToken)
    assert found[0].text == "ICC-ASP/22/Res.[...]"
    assert found[0].number == "[...]"


@pytest.mark.parametrize("text", ["for 2024/25 only", "a level A and B", "and/or the Court", "S/he said", "Part A."])
def test_no_symbol_in_ordinary_text(text: str) -> None:
    assert tokens(text, SymbolToken) == []


def test_symbol_does_not_swallow_the_full_stop() -> None:
    assert tokens("See ICC-ASP/21/28. The Court", SymbolToken)[0].text == "ICC-ASP/21/28"


# --- cross-references --------------------------------------------------------

def test_paragraph_reference_with_resolution() -> None:
    [xref] = tokens("submitted pursuant to paragraph 28 of resolution ICC-ASP/14/Res.3,", CrossRefToken)
    assert xref.numbers == ["28"]
    assert xref.resolution is not None and xref.resolution.text == "ICC-ASP/14/Res.3"
    assert xref.text == "paragraph 28 of resolution ICC-ASP/14/Res.3"


@pytest.mark.parametrize(
    ("text", "target", "numbers", "is_range", "direction", "qualifier"),
    [
        ("see paragraph 5 above;", "paragraph", ["5"], False, "above", ""),
        ("in paragraphs 7 to 9,", "paragraph", ["7", "9"], True, "", ""),
        ("in operative paragraph 30 of it", "paragraph", ["30"], False, "", "operative"),
        ("in paragraph 1 (a) above", "paragraph", ["1 (a)"], False, "above", ""),
        ("the study in annex II of the report", "annex", ["II"], False, "", ""),
        ("as in footnote 3,", "footnote", ["3"], False, "", ""),
        ("in paragraphs 3, 4 and 6,", "paragraph", ["3", "4", "6"], False, "", ""),
    ],
)
def test_cross_references(text, target, numbers, is_range, direction, qualifier) -> None:
    [xref] = tokens(text, CrossRefToken)
    assert (xref.target, xref.numbers, xref.is_range, xref.direction, xref.qualifier) == (
        target, numbers, is_range, direction, qualifier)
    assert not xref.flattened


def test_two_numbers_back_to_back_are_flagged_as_flattened() -> None:
    [xref] = tokens("pursuant to paragraph 31 34 of the resolution", CrossRefToken)
    assert xref.flattened and xref.numbers == ["31", "34"]


@pytest.mark.parametrize("text", ["the paragraphs of the report", "this annex", "the present section"])
def test_no_cross_reference_without_a_number(text: str) -> None:
    assert tokens(text, CrossRefToken) == []


def test_of_resolution_without_symbol_is_not_an_error() -> None:
    parsed = parse_paragraph("Acknowledging paragraph 3 of the resolution adopted then,")
    assert parsed.error is None
    assert [t.text for t in parsed.tokens] == ["paragraph 3"]


# --- sessions ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "ordinal", "values", "style", "misspelled", "joined"),
    [
        ("at its twenty-first session", "twenty-first", [21], "words", False, ""),
        ("to the Assembly at its 18th Session", "18th", [18], "figures", False, ""),
        ("at its seventeen session", "seventeen", [17], "cardinal", True, ""),
        ("at its twenty-frist session", "twenty-frist", [21], "words", True, ""),
        ("at its nineteenth twentieth session", "nineteenth twentieth", [19, 20], "words", False, " "),
        ("at its nineteenth-twentieth session", "nineteenth-twentieth", [19, 20], "words", False, "-"),
        ("at its resumed twentieth session", "twentieth", [20], "words", False, ""),
        ("the third session of the Assembly", "third", [3], "words", False, ""),
        ("the seventy-fourth regular session", "seventy-fourth", [74], "words", False, ""),
    ],
)
def test_session_ordinals(text, ordinal, values, style, misspelled, joined) -> None:
    [session] = tokens(text, SessionToken)
    assert (session.text, session.values, session.style, session.misspelled, session.joined) == (
        ordinal, values, style, misspelled, joined)
    assert text[session.start:session.end] == ordinal


def test_session_lists_give_one_token_each() -> None:
    found = tokens("at its twenty-first and twenty-second sessions", SessionToken)
    assert [t.values for t in found] == [[21], [22]]


@pytest.mark.parametrize("text", ["during this session", "at the next session", "the plenary session", "a session"])
def test_no_ordinal_where_there_is_none(text: str) -> None:
    assert tokens(text, SessionToken) == []


# --- dates, years, placeholders, footnote marks ---------------------------------

def test_dates_and_years() -> None:
    parsed = parse_paragraph("adopted on 5 October 2020, to be reviewed in December 2024 and again in 2026,")
    dates = [t for t in parsed.tokens if isinstance(t, DateToken)]
    years = [t for t in parsed.tokens if isinstance(t, YearToken)]
    assert [(d.day, d.month, d.year) for d in dates] == [(5, "October", 2020), (0, "December", 2024)]
    assert [y.value for y in years] == [2026]


def test_five_digit_year_is_still_read_as_a_year() -> None:
    [year] = tokens("to be launched in 20201,", YearToken)
    assert year.value == 20201


@pytest.mark.parametrize("text", ["a sum of 2,500,000 euros", "Treaty Series, vol. 2187, No. 38544", "ICC-ASP/20/2020"])
def test_no_year_in_amounts_or_symbols(text: str) -> None:
    assert tokens(text, YearToken) == []


@pytest.mark.parametrize(
    "text", ["[Placeholder for text based on the plenary debate]", "[...]", "[XX]", "[date]"]
)
def test_placeholders(text: str) -> None:
    assert [t.text for t in tokens(f"Requests {text} now;", PlaceholderToken)] == [text]


def test_footnote_marks_are_not_placeholders() -> None:
    parsed = parse_paragraph("Welcoming the report,[^2] and noting it,")
    assert parsed.footnote_marks == [("2", 21, 25)]
    assert [t for t in parsed.tokens if isinstance(t, PlaceholderToken)] == []


def test_grammar_never_raises_on_odd_text() -> None:
    odd = "]]] [[[ ((( ::: \u00a0 \u2026 ICC-ASP/ / / 12. 13. (a) \t\n paragraph of resolution A/"
    parsed = parse_paragraph(odd)
    assert parsed.error is None or "grammar" in parsed.error


# --- the parser without the session look-ahead ---------------------------------

_NO_SESSION = [
    "12. Requests the Registrar to report at the next meeting of the Bureau in March 2025;",
    "Recalling paragraph 4 of resolution ICC-ASP/19/Res.6 and annex II, footnote 3 and section B above,",
    "(b) to consider the twenty-first report [to be confirmed] of the Committee,[^2] adopted on 4 May 2024;",
    "Takes note of document ICC-ASP/22/L.5/Rev.1, of A/RES/78/1 and of S/RES/2720 (2023), and of 2023/24;",
    "Decides that the nineteenth and twentieth meetings of the first and second working groups shall be held;",
]


@pytest.mark.parametrize("text", _NO_SESSION)
def test_the_two_parsers_read_a_text_without_sessions_alike(text: str) -> None:
    """A text with no "ession" goes to the parser without WORDS' look-ahead for a session: same tokens."""
    from resdraft.grammar import SESSION_WORD, paragraph_parser, parser_for

    assert SESSION_WORD not in text
    assert parser_for(text) is paragraph_parser(sessions=False)
    assert repr(paragraph_parser(sessions=False).parse(text)) == repr(paragraph_parser().parse(text))


def test_a_text_with_a_session_goes_to_the_full_parser() -> None:
    from resdraft.grammar import paragraph_parser, parser_for

    text = "Decides to hold its twenty-third session in The Hague;"
    assert parser_for(text) is paragraph_parser()
    assert tokens(text, SessionToken)[0].values == [23]
    without = paragraph_parser(sessions=False).parse(text)  # what the full parser is there for
    assert not [t for t in without.tokens if isinstance(t, SessionToken)]


# --- paragraphs read without the parser (no typed item after the label) -----------------------

_PLAIN = [
    "12. Requests the Registrar to keep the Bureau informed;",
    "(a) to consult the States concerned;",
    "(iv) on the procedure followed;",
    "b) that the Secretariat may assist;",
    "a. the experience gained so far",
    "   c. indented, with a lead of white space",
    "Recalling the principles of the Rome Statute,",
    "Urges States Parties and the Court (the Registry) to co-operate \u2014 without delay \u2014 on Mondays;",
    "Decides to keep the matter under review: \u201cnothing\u201d, \u00ab rien \u00bb,",
    "n\u00e9anmoins, \u00e0 l\u2019\u00e9tude;",
    "12bis. a label the grammar does not read as one",
    "1234. a number too long for a label, then words",
    "[ an opening bracket that starts no placeholder",
    "(A) an upper-case letter is no label; nor is iv.",
    "Arrest strategies (1)",
    "12. Recalls rule 12 and article 15 bis, 10 per cent of 123 States and 1.5 million (2) of 70 / 1,",
    "Recalls the paragraph, the para. and footnotes without a number: 12 of them",
    "",
    "  ",
]


@pytest.mark.parametrize("text", _PLAIN)
def test_a_paragraph_without_typed_items_is_read_as_the_grammar_reads_it(text: str) -> None:
    from resdraft.grammar import paragraph_parser, read_plain

    plain = read_plain(text)
    assert plain is not None
    assert repr(plain) == repr(paragraph_parser().parse(text))


@pytest.mark.parametrize("text", [
    "12. Requests the Bureau to report in 2025;", "Recalling annex A,", "Recalling section B below,",
    "Takes note of ICC-ASP/Res,", "(a) [placeholder] text", "Decides that the session shall", "See[^1] there",
    "1999. Requests (a year where a label would be)", "1234. Requests the Bureau to report in 2025;",
    "18th session of the Assembly", "12 March 2024 was the day", "Recalls paragraph 5,", "See PARAS. 3 to 4",
    "footnote 3 says", "Recalls resolution 70/1,", "Recalls A/RES/78/1", "Recalls S/RES/2720 (2023)", "in 1999 only",
    "Recalls paragraphſ 5",
])
def test_what_only_the_grammar_reads_goes_to_the_grammar(text: str) -> None:
    from resdraft.grammar import read_plain

    assert read_plain(text) is None


def test_random_texts_read_without_the_parser_agree_with_it() -> None:
    """Random texts built from words, labels, punctuation and white space: wherever `read_plain` answers, it
    gives what the grammar gives."""
    import random

    from resdraft.grammar import paragraph_parser, read_plain

    rng = random.Random(12)
    pieces = ["Requests", "the", "Bureau", "(a)", "a)", "b.", "(iv)", "iv.", "12.", "ICC", "ASP", "Annex", "annexed",
              "Section", "sessional", "Res", "A/", "S", "E", ",", ";", ".", ":", "\u2014", "(", ")", "-", "'", "\u2019",
              " ", "  ", "\t", "\n", "_", "\u00e9t\u00e9", "\u00b2", "*", "#", "|",
              "1234.", "1999", "12.5", "[", "3 March 2020", "5", "(1)", "123", "/", "70/1", "A/RES/78/1", "paragraph",
              "Paras.", "footnote", "2720 (2023)", "\u0663"]
    answered = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, 12)))
        plain = read_plain(text)
        if plain is not None:
            answered += 1
            assert repr(plain) == repr(paragraph_parser().parse(text)), text
    assert answered > 1000


def _outcome(parse: Callable[[], object]) -> str:
    """What a parse gives: its result, or the class of the error Lark raised."""
    try:
        return repr(parse())
    except Exception as exc:  # the class of any error is what is compared
        return type(exc).__name__


def test_the_item_lexer_leaves_out_plain_tokens_in_most_states() -> None:
    """The tables of both parsers have the shape `item_lexer` relies on (else it would feed every token)."""
    from resdraft.grammar import paragraph_parser
    from resdraft.item_lexer import _skippable_states

    for parser in (paragraph_parser(), paragraph_parser(sessions=False)):
        states = _skippable_states(parser.parser)
        assert states and len(states) < len(parser.parser.lexer.lexers)


def test_random_texts_parse_alike_with_and_without_the_plain_tokens() -> None:
    """Random texts of typed items, labels, words and punctuation (cross-references with and without their
    symbol, an `of its resolution` with nothing after it): the parser fed only the tokens that matter gives
    what Lark's own lexer gives, errors included."""
    import random

    from resdraft.grammar import parser_for
    from resdraft.item_lexer import parse_items

    rng = random.Random(5)
    pieces = ["12.", "(a)", "iv.", "paragraph 5", "paragraphs 3 and 4", "annex II", "section B", "footnote 3",
              "of its resolution", "of resolution", "of the decision", "ICC-ASP/21/Res.3", "A/RES/78/1",
              "S/RES/2720 (2023)", "70/1", "2720 (2023)", "twenty-first session", "18th Session",
              "nineteenth twentieth session", "3 December 2025", "May 2024", "2025", "2025/26", "[...]", "[^1]",
              "the", "Bureau", "requests", ",", ";", ".", "(", ")", "-", " above", " below", "1000", "5", "\u00a0", "_",
              "  ", "ession", "of its resolutions"]
    errors = 0
    for _ in range(4000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", ", "]) for _ in range(rng.randint(0, 10)))
        parser = parser_for(text)
        expected = _outcome(lambda: parser.parse(text))  # noqa: B023 - called at once
        assert _outcome(lambda: parse_items(parser, text)) == expected, text  # noqa: B023
        errors += not expected.startswith("ParsedParagraph")
    assert errors  # the error path is exercised too


def test_a_join_never_follows_white_space_the_lexer_skipped() -> None:
    """"paragraphs 3 and 4 , 3 May": the reference ends at 4 (its parts are contiguous, as a reference is)."""
    (xref,) = [t for t in parse_paragraph("See paragraphs 3 and 4 , 3 May there.").tokens if t.kind == "xref"]
    assert xref.text == "paragraphs 3 and 4" and xref.numbers == ["3", "4"]


def test_a_reference_is_read_off_its_parts() -> None:
    """Head, numbers, joins, direction and resolution come from the grammar's own pieces of a reference."""
    text = "Recalls operative paragraphs 3 to 5 above of its resolution 70/1 and annex II below,"
    tokens = parse_paragraph(text).tokens
    first, symbol, annex = tokens
    assert (first.qualifier, first.target, first.numbers, first.is_range, first.direction) == (
        "operative", "paragraph", ["3", "5"], True, "above")
    assert first.resolution is symbol and first.end == symbol.end and symbol.text == "70/1"
    assert (annex.target, annex.numbers, annex.direction, annex.is_range) == ("annex", ["II"], "below", False)


def test_numbers_joined_by_a_bare_space_are_flattened_whatever_their_suffix() -> None:
    """"paragraphs 5 bis 7": two numbers where one is meant, as "paragraphs 5 7" is."""
    for text in ("paragraphs 5 7", "paragraphs 5 bis 7", "paragraphs 5 (a)(ii) 12"):
        (xref,) = parse_paragraph(text).tokens
        assert xref.flattened, text
    (xref,) = parse_paragraph("paragraphs 5 and 7").tokens
    assert not xref.flattened


def test_a_session_phrase_is_read_off_its_ordinals() -> None:
    """Each ordinal of the phrase is a token; the join's comma and the tail ("special session") are not in it."""
    tokens = parse_paragraph("at its twentieth, and twenty-first sessions and the tenth, special session").tokens
    assert [(t.text, t.values, t.misspelled) for t in tokens] == [
        ("twentieth", [20], False), ("twenty-first", [21], False), ("tenth", [10], False)]
    (special,) = parse_paragraph("held at its tenth special session,").tokens
    assert special.values == [10] and special.text == "tenth"


def test_a_date_is_read_off_its_parts() -> None:
    day, month_only = parse_paragraph("on 3 December 2025 and in May 2024").tokens
    assert (day.day, day.month, day.year, day.text) == (3, "December", 2025, "3 December 2025")
    assert (month_only.day, month_only.month, month_only.year) == (0, "May", 2024)


def test_the_case_twins_are_every_character_lower_misses() -> None:
    """Every character that `(?i)` matches to a letter of "annex", "section", "paragraph" or "footnote" lowers to
    that letter, or is one of `CASE_TWINS` (which send `needs_grammar` to the regular expression): checked over
    all of Unicode."""
    import re

    from resdraft.grammar import CASE_TWINS

    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    letters = "anexsctio" + "paragrhf" + "lu"  # (?i:annex|section), _NUMBERED_REFERENCE, references' article words
    blind = {char for char in re.findall(f"(?i)[{letters}]", every) if char.lower() not in letters}
    assert blind == CASE_TWINS


def test_needs_grammar_answers_as_its_pattern() -> None:
    """Random texts of reference words in any case, their case twins, heads, digits and words, from any position."""
    import random

    from resdraft.grammar import _needs_grammar_pattern, needs_grammar

    pattern = _needs_grammar_pattern()
    rng = random.Random(3)
    pieces = ["Annex", "ANNEXES", "anne", "x", "Section", "SECTİON", "sectıon", "ſection", "\u017f", "\u0130", "sect",
              "ion", "ICC", "ICC-ASP", "ICC\u2011ASP", "ASP", "session", "essio", "[", "]", "7", "\u0663", "the", " ",
              "Bureau", "\u2019", "\u00e9", "K", "\u212a", "1999", "12", "/", "A/", "Paragraphs", "para.", "PARA",
              "footnote", "Footnotes", "paragraph\u017f", "\u0663\u0663\u0663\u0663", ",", ";"]
    agreed = {True: 0, False: 0}
    for _ in range(4000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, 8)))
        pos = rng.randint(0, len(text))
        expected = pattern.search(text, pos) is not None
        assert needs_grammar(text, pos) is expected, (text, pos)
        agreed[expected] += 1
    assert min(agreed.values()) > 500
