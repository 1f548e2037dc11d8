"""The Markdown reader's linear scanners do exactly what the regexes they replace did.

`_inline_matches` (through `_scan_inline` when a paragraph has many `*`, `_` or `[`) and `_split_comments`
replace `re.finditer` with
`(?<![\\w\\\\*])(\\*\\*|__|\\*|_)(?=\\S)(.+?)(?<=\\S)\\1(?![\\w*])|\\[\\^([\\w-]+)\\]` and
`re.findall`/`re.sub` with `<!--(.*?)-->`, which take quadratic time on a long
paragraph with unclosed `*`, `_` or `<!--`. Hypothesis compares them with
the regexes (the oracles) on short strings drawn from the characters that
matter, and a long hostile paragraph shows the time is no longer quadratic.
"""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from resdraft.readers.markdown import (
    _EMPHASIS,
    _FOOTNOTE_MARK,
    _inline_matches,
    _lines,
    _scan_inline,
    _split_comments,
    parse_markdown,
)

_ORACLE = re.compile(f"{_EMPHASIS.pattern}|{_FOOTNOTE_MARK.pattern}")
_COMMENT_ORACLE = re.compile(r"<!--(.*?)-->", re.DOTALL)
_MARKUP = st.text(alphabet=st.sampled_from(list("*_ a\\[^]1-\n\t\u00e9\u2019.")), max_size=24)
_COMMENTS = st.lists(st.sampled_from(["<!--", "-->", "a", "-", "<", "!", "\n", ">", " "]), max_size=12).map("".join)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(_MARKUP)
def test_inline_scanner_finds_what_the_regex_finds(text: str) -> None:
    expected = [(m.start(), m.end(), m.groups()) for m in _ORACLE.finditer(text)]
    for scanner in (_inline_matches, _scan_inline):  # the regex for few candidates, the linear scan for many
        found = [(m.start(), m.end(), (m.group(1), m.group(2), m.group(3))) for m in scanner(text)]
        assert found == expected, scanner.__name__


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(_COMMENTS)
def test_comment_scanner_finds_what_the_regex_finds(text: str) -> None:
    assert _split_comments(text) == (_COMMENT_ORACLE.findall(text), _COMMENT_ORACLE.sub("", text))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("ab \n")), max_size=20))
def test_lines_are_split_as_before(text: str) -> None:
    assert list(_lines(text)) == text.split("\n")


def test_unclosed_markup_in_a_long_paragraph_is_read_in_linear_time() -> None:
    """100,000 characters of unclosed `*`, `_` and `<!--`: the regexes took ~30 s each, the scanners ~0.1 s."""
    for unit in ("*a ", "_a ", "<!-- a ", "**a "):
        text = "1. " + unit * (100_000 // len(unit))
        started = time.perf_counter()
        document = parse_markdown(text)
        assert time.perf_counter() - started < 10, unit
        assert len(document.paragraphs) == 1
