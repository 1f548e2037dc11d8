"""Near-identical paragraphs in one part of a text (a paragraph pasted twice, or kept in both
its old and its new place).

Pairs are compared within a part only: an annex of mandates repeats the
operative paragraphs on purpose. Candidate pairs are those that share several
sampled word trigrams which few other paragraphs use (boilerplate such as "to report
thereon to the Assembly" is shared by many and does not count), so the cost
grows with the length of the text, not with its square; rapidfuzz confirms
each candidate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from resdraft.lint.engine import Doc, Hit, rule
from resdraft.model import Block

MIN_LENGTH = 60
THRESHOLD = 92.0
_RARE = 4  # a trigram used by more paragraphs than this is boilerplate
_MIN_SHARED = 2
_WORD = re.compile(r"\w+")


class _NonWordToSpace(dict[int, int]):
    """`str.translate` table: every character `_WORD` does not match becomes a space, the rest stay.

    `text.translate(table).split()` is then `_WORD.findall(text)` (no word character is white space) at
    about two thirds of its cost. Filled as characters are met: Unicode's word characters are too many to list."""

    def __missing__(self, code: int) -> int:
        kept = self[code] = code if _WORD.match(chr(code)) else 0x20
        return kept


_SPACE_FOR_NON_WORD = _NonWordToSpace()


@rule("RD901")
def duplicate_paragraph(doc: Doc) -> Iterator[Hit]:
    """Two paragraphs of one part that are (almost) the same."""
    blocks: list[tuple[Block, str]] = []
    index: dict[int, list[int]] = {}
    for block in doc.text_blocks:
        if block.kind in ("title", "heading", "preamble-intro") or len(block.text) < MIN_LENGTH:
            continue
        words = block.text.lower().translate(_SPACE_FOR_NON_WORD).split()  # _WORD.findall, faster
        salt = hash(block.section)
        # a sample of the trigrams chosen by their content (so the same ones are chosen in both copies
        # of a paragraph wherever they stand): a third of them is plenty to find near-duplicates
        grams = {hash((salt, words[i], words[i + 1], words[i + 2])) for i in range(len(words) - 2)
                 if len(words[i]) % 3 == 0}
        position = len(blocks)
        blocks.append((block, " ".join(words)))
        for gram in grams:
            users = index.get(gram)
            if users is None:
                index[gram] = [position]
            else:
                users.append(position)
    if len(blocks) < 2:
        return
    shared = _shared_rare_grams(index.values(), len(blocks))
    first_with: dict[tuple[str, str], Block] = {}
    for position, (block, normal) in enumerate(blocks):
        same = first_with.setdefault((block.section, normal), block)
        if same is not block:  # word for word the same, however often it is repeated
            yield Hit(block, 0, len(block.text), f"this paragraph is 100% the same as {same.label}: a paragraph "
                                                 "pasted twice, or kept in its old and its new place?")
            continue
        # the most shared first, the earlier paragraph first among equals
        for other, count in sorted(shared[position].items(), key=lambda item: (-item[1], item[0])):
            if count < _MIN_SHARED:
                break
            from rapidfuzz import fuzz  # only when there is a candidate: most texts have none

            score = fuzz.ratio(blocks[other][1], normal, score_cutoff=THRESHOLD)
            if score:
                yield Hit(block, 0, len(block.text),
                          f"this paragraph is {score:.0f}% the same as {blocks[other][0].label}: a paragraph pasted "
                          "twice, or kept in its old and its new place?")
                break


def _shared_rare_grams(users_of_grams: Iterable[list[int]], count: int) -> list[dict[int, int]]:
    """For each paragraph, the earlier paragraphs it shares rare trigrams with, and how many.

    Read off the index, gram by gram: only the grams of two to `_RARE` paragraphs count, and they are
    few, where looking every gram of every paragraph up again cost a third of the rule."""
    shared: list[dict[int, int]] = [{} for _ in range(count)]
    for users in users_of_grams:
        if 1 < len(users) <= _RARE:
            for j in range(1, len(users)):
                later = shared[users[j]]
                for other in users[:j]:
                    later[other] = later.get(other, 0) + 1
    return shared
