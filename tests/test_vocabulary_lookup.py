"""`match_lead` tries only the kinds whose first words the word at `pos` is: the same answers as trying both."""

from __future__ import annotations

import re
from pathlib import Path

from resdraft.vocabulary import match_lead, vocabulary

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _both_patterns(text: str, pos: int) -> tuple[str, int] | None:
    """`match_lead` as it was: both patterns tried, the longer match kept."""
    vocab = vocabulary()
    best: tuple[str, int] | None = None
    for kind, pattern in (("preambular", vocab.preambular), ("operative", vocab.operative)):
        match = pattern.match(text, pos)
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
