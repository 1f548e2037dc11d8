"""Each distinct paragraph text parsed once per process.

The Lark grammar is the cost of reading a draft, and one command parses the
same text more than once (a .md rendered and read back, the draft and its
revision, a paragraph repeated in a long text). A hit must not share state
with earlier callers, who may change the tokens they got (the structure
builder shifts and relabels them), so the memo keeps each result pickled and
hands out a fresh copy: unpickling is about a tenth of the cost of a parse
and, unlike a shallow copy, copies the lists inside tokens too. Most paragraphs
hold no token at all: their label, its end and the error (strings and an int,
which nobody changes) are kept as they are, and a hit builds a new result of
them, at a fraction of pickling's cost.
"""

from __future__ import annotations

import pickle

from resdraft.grammar import ParsedParagraph, parse_paragraph

#: Bytes of pickled results kept per process; once full, new texts are parsed without being kept.
MEMO_BYTES = 32 * 1024 * 1024  # a 20,000-paragraph draft of distinct texts takes about 10 MiB

#: What a result without tokens or footnote marks is kept as: (label, label_end, error).
_Bare = tuple[str | None, int, str | None]
#: Bytes a bare result is counted as (three references and the tuple: about a pickle's size of one).
_BARE_BYTES = 80

_memo: dict[str, bytes | _Bare] = {}
_size = 0


def parse_paragraph_memo(text: str) -> ParsedParagraph:
    """`grammar.parse_paragraph(text)`, from the memo when this text was parsed before in this process."""
    global _size
    found = _memo.get(text)
    if found is not None:
        if isinstance(found, tuple):
            label, label_end, error = found
            return ParsedParagraph(label=label, label_end=label_end, error=error)
        result = pickle.loads(found)
        assert isinstance(result, ParsedParagraph)
        return result
    result = parse_paragraph(text)
    kept: bytes | _Bare
    if result.tokens or result.footnote_marks:
        kept = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
        size = len(kept)
    else:
        kept, size = (result.label, result.label_end, result.error), _BARE_BYTES
    if _size + size + len(text) <= MEMO_BYTES:
        _memo[text] = kept
        _size += size + len(text)
    return result


def clear_memo() -> None:
    """Forget every parsed text (tests; a long-lived process that reads many unrelated drafts)."""
    global _size
    _memo.clear()
    _size = 0
