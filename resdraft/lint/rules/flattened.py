"""Traces of tracked changes flattened into plain text.

When a draft with tracked changes is copied or saved without them, the
deleted and the inserted text both stay: "paragraph 31 34", "nineteenth
twentieth session", "ICC-ASP/1718/Res.4", a year "20201". The inserted
(second) part is usually the one meant, so it is proposed, as an unsafe fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from resdraft.digits import has_digit
from resdraft.lint.engine import Doc, Hit, rule, tokens_of
from resdraft.lint.rules.temporal import ordinal_like
from resdraft.model import CrossRefToken, DateToken, SessionToken, SymbolToken, YearToken

_PAIR_IN_XREF = re.compile(r"(\d{1,3}(?: ?\([a-z]{1,4}\))?) (\d{1,3})(?!\d)")
# two numbers back to back inside a sentence ("against 13 14 persons"): a word on each side, so
# list numbers, footnote marks and figures in tables are left alone
_PAIR = re.compile(r"(?<=[a-z] )(\d{1,3}) (\d{1,3})(?= [a-z])")
#: A space between two digits (as `\d \d`, but opening with the space: sre skips ahead to each space instead
#: of testing every character against the digit class, a third of the cost).
_HINT = re.compile(r" (?<=\d )\d")
_YEARS = re.compile(r"(?<![\w/\-])((?:19|20)\d\d) ((?:19|20)\d\d)(?![\w/\-])")
_EIGHT_HINT = re.compile(r"(?:19|20)\d{6}")  # what _EIGHT_DIGITS needs; a literal start: 3x faster than \d{8}
_EIGHT_DIGITS = re.compile(r"(?<![\w/])((?:19|20)\d\d)((?:19|20)\d\d)(?![\w/])")


@rule("RD511")
def flattened_ordinals(doc: Doc) -> Iterator[Hit]:
    """Two ordinals back to back ("nineteenth twentieth session", "nineteenth-twentieth session")."""
    for where in doc.where_with(SessionToken):
        for token in tokens_of(where, SessionToken):
            if len(token.values) != 2:
                continue
            second = ordinal_like(token.values[1], token)
            yield Hit(where, token.start, token.end,
                      f"two ordinals back to back ({token.text!r}): a tracked change flattened into the text? "
                      f"keep one, probably {second!r}", fix=second, safe=False)


@rule("RD512")
def flattened_numbers(doc: Doc) -> Iterator[Hit]:
    """Two numbers back to back where one is meant ("paragraph 31 34", "against 13 14 persons", "2019 2020")."""
    for where in doc.where_all():
        taken: list[tuple[int, int]] = []
        for token in tokens_of(where, CrossRefToken):
            if not token.flattened:
                continue
            match = _PAIR_IN_XREF.search(token.text)
            if not match:
                continue
            start, end = token.start + match.start(), token.start + match.end()
            taken.append((start, end))
            yield Hit(where, start, end,
                      f"two numbers back to back ({match.group(0)!r}) in a reference: a tracked change flattened "
                      f"into the text? keep one, probably {match.group(2)!r}", fix=match.group(2), safe=False)
        if not has_digit(where.text) or not _HINT.search(where.text):
            continue  # no two numbers side by side at all (most paragraphs; most have no digit, a cheaper test)
        busy = [(t.start, t.end) for t in where.tokens if isinstance(t, (SymbolToken, DateToken, CrossRefToken))]
        for pattern in (_YEARS, _PAIR):
            for match in pattern.finditer(where.text):
                span = (match.start(), match.end())
                if any(s < span[1] and span[0] < e for s, e in busy + taken):
                    continue
                if pattern is _PAIR and _is_list_of_numbers(where.text, match):
                    continue
                taken.append(span)
                yield Hit(where, span[0], span[1],
                          f"two numbers back to back ({match.group(0)!r}): a tracked change flattened into the "
                          f"text? keep one, probably {match.group(2)!r}", fix=match.group(2), safe=False)


def _is_list_of_numbers(text: str, match: re.Match[str]) -> bool:
    """Tables or lists of figures ("1 2 3") and thousands ("1 000") are not flattened edits."""
    first, second = match.group(1), match.group(2)
    if len(second) == 3 and first != "0":
        return True  # "10 000"
    return bool(re.match(r" \d", text[match.end():]))


@rule("RD513")
def merged_session_symbol(doc: Doc) -> Iterator[Hit]:
    """Two session numbers run together in a symbol ("ICC-ASP/1718/Res.4", "ICC-ASP/171/12")."""
    for where in doc.where_with(SymbolToken):
        for token in tokens_of(where, SymbolToken):
            if "merged-session" not in token.problems and "implausible-session" not in token.problems:
                continue
            fix = token.normalized if token.normalized and token.normalized != token.text else None
            hint = f"; probably {fix}" if fix else "; which one is meant cannot be told"
            yield Hit(where, token.start, token.end,
                      f"{token.text}: session number {token.session} is two numbers run together (a flattened "
                      f"tracked change?){hint}", fix=fix, safe=False)


def _footnote_mark(doc: Doc, digit: str) -> bool:
    """An extraction that lost the footnote marks glues them to the word before ("2025-20283"):
    a last digit that is the number of a footnote nothing else refers to is such a mark."""
    return int(digit) in doc.footnote_numbers and int(digit) not in doc.referenced_footnote_numbers


@rule("RD514")
def flattened_year(doc: Doc) -> Iterator[Hit]:
    """A five-digit year ("20201") or two years run together ("20192020")."""
    for where in doc.where_all():
        for token in tokens_of(where, YearToken):
            if not re.fullmatch(r"(?:19|20)\d{3}", token.text) or _footnote_mark(doc, token.text[4]):
                continue
            if where.text[max(0, token.start - 1):token.start] in ("-", "/"):
                continue  # a job number ("18-18142")
            old, new = token.text[:4], token.text[:3] + token.text[4]
            fix = new if int(new) == int(old) + 1 else None
            hint = f"; probably {new} (was {old})" if fix else ""
            yield Hit(where, token.start, token.end,
                      f"{token.text!r} is not a year: a flattened tracked change?{hint}", fix=fix, safe=False)
        text = where.text
        if ("19" not in text and "20" not in text) or not _EIGHT_HINT.search(text):
            continue  # (two `in` tests are a fifth of the search, which tests the class [12] at every character)
        for match in _EIGHT_DIGITS.finditer(where.text):
            if int(match.group(2)) - int(match.group(1)) in (1, 2):
                yield Hit(where, match.start(), match.end(),
                          f"{match.group(0)!r}: two years run together (a flattened tracked change?); probably "
                          f"{match.group(2)}", fix=match.group(2), safe=False)
