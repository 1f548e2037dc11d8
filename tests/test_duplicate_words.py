"""RD901 reads words with a translate table instead of `\\w+`: both must give the same words on any text."""

from __future__ import annotations

import random

from resdraft.lint.rules.duplicates import _SPACE_FOR_NON_WORD, _WORD


def test_the_translate_table_reads_the_words_findall_reads() -> None:
    rng = random.Random(11)
    alphabet = ("abcXYZ019_ -,.;:/()[]'\u2019\u2013\u00a0\u2009\u200b\t\n\u00e9\u00df\u0130\u0131\u017f\u0301\u0660"
                "\u4e2d\u0634\U0001f600\u00b2\u2167\u00bd\u02bc\u3000")
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))).lower()
        assert text.translate(_SPACE_FOR_NON_WORD).split() == _WORD.findall(text), repr(text)
