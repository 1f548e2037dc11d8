"""Patterns written for speed (a leading character class that `re` can skip ahead to) find what their plain
form finds, at every start position of random texts made of the characters they turn on."""

from __future__ import annotations

import random
import re

PIECES = ["and", "And", "band", "a", "n", "d", ",", ";", ":", " ", "  ", "\t", "\u00a0", "\n", "also", "further",
          "x", "\u00e9", "_", "1", "Z", "the", "-"]


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14))) for _ in range(count)]


def test_later_verb_pattern_finds_what_its_plain_form_finds() -> None:
    from resdraft.classify import _LATER_VERB

    plain = re.compile(r"(?:[,;:]\s+(?:and\s+|further\s+|also\s+)?|\band\s+)(?=[a-z])")
    found = 0
    for text in _random_texts(4000, 21):
        for pos in range(len(text) + 1):
            expected = [m.span() for m in plain.finditer(text, pos)]
            assert [m.span() for m in _LATER_VERB.finditer(text, pos)] == expected, (text, pos)
            found += len(expected)
    assert found > 1000


def test_has_digit_answers_as_the_digit_search() -> None:
    from resdraft.digits import has_digit

    rng = random.Random(8)
    pieces = ["a", " ", "1", "9", "0", "\u0663", "\u00b2", "\u00e9", "x", "\u2460", "\uff11", "-"]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        for start in range(len(text) + 1):
            assert has_digit(text, start) is (re.search(r"\d", text[start:]) is not None), (text, start)


def test_flattened_hint_finds_what_its_plain_form_finds() -> None:
    from resdraft.lint.rules.flattened import _HINT

    rng = random.Random(4)
    pieces = ["1", "23", " ", "  ", "a", "\u0663", "\u00a0", "x y", "9"]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert (_HINT.search(text) is None) is (re.search(r"\d \d", text) is None), text


def test_article_look_behind_answers_as_its_search() -> None:
    from resdraft.lint.rules.references import _ARTICLE_BEFORE, _after_article

    rng = random.Random(6)
    pieces = ["article", "Articles", "RULE", "rules", "regulation", "principles", "section", "chapter", "\u017fection",
              "art\u0131cle", "\u0130", "Arti", "cle", " ", "5", "12", "bis", "(a)", "(iv)", ",", ".", "the", "\u0663"]
    matched = 0
    for _ in range(4000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(0, 7)))
        expected = _ARTICLE_BEFORE.search(text) is not None
        assert _after_article(text) is expected, text
        matched += expected
    assert matched > 50
