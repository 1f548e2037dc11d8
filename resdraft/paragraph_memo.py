"""Each distinct paragraph text parsed once per process.

The Lark grammar is the cost of reading a draft, and one command parses the
same text more than once (a .md rendered and read back, the draft and its
revision, a paragraph repeated in a long text). A hit must not share state
with earlier callers, who may change the tokens they got (the structure
builder shifts and relabels them), so the memo keeps each result pickled and
hands out a fresh copy: unpickling is about a tenth of the cost of a parse
and, unlike a shallow copy, copies the lists inside tokens too.
"""

from __future__ import annotations

import pickle

from resdraft.grammar import ParsedParagraph, parse_paragraph

#: Bytes of pickled results kept per process; once full, new texts are parsed without being kept.
MEMO_BYTES = 32 * 1024 * 1024  # a 20,000-paragraph draft of distinct texts takes about 10 MiB

_memo: dict[str, bytes] = {}
_size = 0


def parse_paragraph_memo(text: str) -> ParsedParagraph:
    """`grammar.parse_paragraph(text)`, from the memo when this text was parsed before in this process."""
    global _size
    found = _memo.get(text)
    if found is not None:
        result = pickle.loads(found)
        assert isinstance(result, ParsedParagraph)
        return result
    result = parse_paragraph(text)
    data = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
    if _size + len(data) + len(text) <= MEMO_BYTES:
        _memo[text] = data
        _size += len(data) + len(text)
    return result


def clear_memo() -> None:
    """Forget every parsed text (tests; a long-lived process that reads many unrelated drafts)."""
    global _size
    _memo.clear()
    _size = 0
