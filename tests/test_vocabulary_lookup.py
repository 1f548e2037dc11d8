"""`match_lead` tries only the kinds whose first words the word at `pos` is, on patterns whose words are grouped by
their first letter: the same answers as both patterns of plain longest-first alternatives."""

from __future__ import annotations

import re
from pathlib import Path

from resdraft.resources import load_toml
from resdraft.vocabulary import match_lead, vocabulary

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _plain(words: list[str]) -> str:
    ordered = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _plain_pattern(section: dict[str, list[str]], key: str) -> re.Pattern[str]:
    prefixes, suffixes = _plain(section.get("prefixes", [])), _plain(section.get("suffixes", []))
    bases = _plain(section[key])
    return re.compile(rf"(?:(?:{prefixes})\s+)?(?:{bases})(?:,?\s+(?:{suffixes}))?(?![\w-])", re.IGNORECASE)


def _both_patterns(text: str, pos: int) -> tuple[str, int] | None:
    """`match_lead` as it was: both plain patterns tried, the longer match kept."""
    data = load_toml("vocabulary.toml")
    best: tuple[str, int] | None = None
    for kind, key in (("preambular", "openers"), ("operative", "verbs")):
        match = _plain_pattern(data[kind], key).match(text, pos)
        if match and (best is None or match.end() > best[1]):
            best = (kind, match.end())
    return best


def test_the_first_words_are_known_for_both_kinds() -> None:
    """Else the look-up would be skipped (and this test would check nothing)."""
    vocab = vocabulary()
    assert vocab.preambular_first and vocab.operative_first


def test_match_lead_answers_as_both_patterns_at_every_word() -> None:
    texts = [line for path in sorted(SAMPLES.glob("*.md")) for line in path.read_text(encoding="utf-8").splitlines()]
    texts += ["\u017ftresses the need", "STRESSES also", "Further\u00a0notes,", "notes-x", "Notes_", "Notes\u00e9",
              "\u212aeeps", "Once  again requests", "Deeply concerned,", "\u0130nvites", "Inv\u0131tes", "-Notes",
              "Decides,", "Requests further", "Taking note also of", "*Recalling* its", "", " ", "12. Decides"]
    leads = 0
    for text in texts:
        for pos in [0, len(text)] + [m.start() for m in re.finditer(r"(?<=\W)\w|(?<=\s)\S", text)]:
            expected = _both_patterns(text, pos)
            assert match_lead(text, pos) == expected, (text[pos:pos + 40], pos)
            leads += expected is not None
    assert leads > 50
