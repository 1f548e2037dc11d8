"""Word tokens and the word-level diff inside two aligned paragraphs.

A reader of a redline wants to see `ICC-ASP/20/Res.2` struck and
`ICC-ASP/21/Res.3` inserted, not `0` changed to `1` inside a symbol, and
`twenty-first` replaced as a word. So the diff runs on tokens, not
characters: whole document symbols, whole (hyphenated) words and ordinals,
numbers, runs of white space, single punctuation marks and footnote marks.
Each distinct token is encoded as one character (the lines-to-chars trick
of diff-match-patch), diffed with `diff_main`, and tidied with
`diff_cleanupSemantic` so that a changed clause reads as one change rather
than a comb of one-word edits.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from resdraft.edits import FOOTNOTE_MARK
from resdraft.symbols import dashed_heads_pattern, slash_heads_pattern, symbol_heads

__all__ = ["TOKEN_RE", "Hunk", "tokenize", "word_diff"]

_SEG = r"(?:[A-Za-z0-9]+(?:\.(?:[A-Za-z0-9]+|\[[^\]\n]{0,12}\]))*|\[[^\]\n]{0,12}\])"
# The heads come from resdraft.symbols (built from the body profiles), as in the paragraph grammar; as
# there, a slash head is a symbol only when a digit follows ("A/RES/80/4", not "S/he"); here a placeholder
# also does ("A/RES/[XX]/[YYYY]" is struck whole in a redline, though the grammar does not read it as a symbol).
_SYMBOL = (
    r"(?=[" + "".join(sorted({re.escape(h.text[0]) for h in symbol_heads()})) + r"])"  # a head's first letter:
    # the look-ahead turns down any other character at once, before the look-behind and the heads are tried
    r"(?<![\w/])(?:(?:" + dashed_heads_pattern() + r")[/\-]" + _SEG + r"(?:/" + _SEG + r")*"
    r"|(?:" + slash_heads_pattern() + r")(?=/[^\s,;]{0,40}[\d\[])(?:/" + _SEG + r")+(?: \((?:19|20)\d\d\))?)"
)
_JOINED = r"(?:['\u2019\-\u2010\u2011][^\W\d_]+)*"  # more letters after a hyphen or an apostrophe
#: One token: white space, a symbol, a word (hyphens and apostrophes inside), an ordinal in figures, a
#: number, a footnote mark, or any other single character. No two kinds start with the same character
#: (a symbol starts with a head's letter), except a symbol and a word: so white space, every other
#: token, is tried first, and a word that starts with an ASCII letter is matched by the class ranges
#: `[A-Za-z]` before the Unicode class (the same stretch, in about half the time of the scan).
TOKEN_RE = re.compile(
    r"\s+|"
    + _SYMBOL
    + r"|[A-Za-z]+[^\W\d_]*" + _JOINED
    + r"|[^\W\d_]+" + _JOINED
    + r"|\d+(?:st|nd|rd|th)\b"
    + r"|\d+(?:[.,]\d+)*"
    + "|" + FOOTNOTE_MARK
    + r"|.",
    re.DOTALL,
)
_BASE = 0xF0000  # supplementary private use area: never in a draft


def tokenize(text: str) -> list[str]:
    """Split text into diff tokens; `"".join(tokenize(t)) == t`."""
    return TOKEN_RE.findall(text)


@dataclass(frozen=True)
class Hunk:
    """A change: `old[old_start:old_end]` becomes `new[new_start:new_end]` (character offsets)."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int


@functools.cache
def _dmp() -> object:
    from diff_match_patch import diff_match_patch

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # no time limit: the same inputs must always give the same diff
    return dmp


class _Codes(dict[str, str]):
    """One character per distinct token, in the order the tokens are first seen (the lines-to-chars trick)."""

    def __missing__(self, token: str) -> str:
        code = self[token] = chr(_BASE + len(self))
        return code

    def encode(self, tokens: list[str]) -> str:
        return "".join(map(self.__getitem__, tokens))


def word_diff(old: str, new: str) -> list[Hunk]:
    """The changed stretches between two texts, on token boundaries, in order."""
    if old == new:
        return []
    codes = _Codes()
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    dmp = _dmp()
    diffs = dmp.diff_main(codes.encode(old_tokens), codes.encode(new_tokens), False)  # type: ignore[attr-defined]
    dmp.diff_cleanupSemantic(diffs)  # type: ignore[attr-defined]
    # character offset of each token position, so a diff operation's span is two look-ups
    old_at = list(itertools.accumulate(map(len, old_tokens), initial=0))
    new_at = list(itertools.accumulate(map(len, new_tokens), initial=0))
    hunks: list[Hunk] = []
    ti = tj = 0  # token positions
    open_hunk: list[int] | None = None
    for op, data in diffs:
        count = len(data)
        if op == 0:
            if open_hunk is not None:
                hunks.append(Hunk(open_hunk[0], old_at[ti], open_hunk[1], new_at[tj]))
                open_hunk = None
            ti += count
            tj += count
            continue
        if open_hunk is None:
            open_hunk = [old_at[ti], new_at[tj]]
        if op < 0:
            ti += count
        else:
            tj += count
    if open_hunk is not None:
        hunks.append(Hunk(open_hunk[0], old_at[ti], open_hunk[1], new_at[tj]))
    return hunks
