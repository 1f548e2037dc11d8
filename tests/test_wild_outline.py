"""The outline of every real draft in ../shared/corpus/wild, against an answer key read by hand.

The key was derived by reading each document (and checked against the
counts its MANIFEST.md gives): preambular and operative paragraphs,
subparagraph labels as a reader sees them, footnotes and the footnotes whose
mark stands in the text. Native documents and Markdown extractions must
match exactly; `pdftotext` extractions may be one paragraph off.

Run as a script to print the score per file (the figures of issue 11):
`PYTHONPATH=$PWD python tests/test_wild_outline.py`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

WILD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "wild"

pytestmark = pytest.mark.skipif(not WILD.is_dir(), reason="../shared/corpus/wild is not available")


def subs(parent: str, letters: str, *nested: tuple[str, str]) -> list[str]:
    """`subs("OP3", "abc", ("c", "i ii"))` -> OP3(a), OP3(b), OP3(c), OP3(c)(i), OP3(c)(ii)."""
    inner = dict(nested)
    out: list[str] = []
    for letter in letters:
        out.append(f"{parent}({letter})")
        out.extend(f"{parent}({letter})({roman})" for roman in inner.get(letter, "").split())
    return out


@dataclass(frozen=True)
class Key:
    """What a careful reader counts in one document."""

    preambular: int
    operative: int
    subparagraphs: list[str] = field(default_factory=list)
    footnotes: int = 0
    marks: int | None = None  # footnotes whose mark is in the text (default: all of them)
    extraction: bool = False  # pdftotext output: one paragraph of slack


_BIPH = subs("OP1", "abc", ("c", "i ii")) + subs("OP2", "abc", ("c", "i ii")) + subs("OP3", "abc")

KEY: dict[str, Key] = {
    "mun-biph_test1.docx": Key(3, 3, _BIPH),
    "mun-biph_test_reso.docx": Key(3, 3, _BIPH[:10] + subs("OP3", "abcdef", ("d", "i ii"), ("f", "i ii"))),
    # the letters restart at a. inside OP2 and the third paragraph shows "1." again: labels as Word shows them
    "mun-biph_test_problematic.docx": Key(
        3, 3, [*_BIPH[:5], "OP2(a)", "OP2(a)#2", "OP2(b)", "OP2(b)(i)", "OP2(b)(ii)", *subs("OP1#2", "abc")]),
    "mun-biph_test_no_line_space.docx": Key(0, 0),  # placeholder lines, not a resolution
    "mun-biph_auto_numbered.docx": Key(3, 5, [*_BIPH, "OP4(a)"]),
    "A_80_590_report.docx": Key(0, 0, footnotes=1),  # a report: no preamble, no operative part
    "A_RES_78_6.pdf2docx.docx": Key(14, 31, footnotes=10),
    "A_RES_79_6.pdf2docx.docx": Key(14, 32, footnotes=10),
    "A_C.1_80_L.28.pdf2docx.docx": Key(14, 10, subs("OP7", "abcdefghi") + subs("OP8", "ab"), footnotes=5),
    "A_RES_79_6.pdftotext.txt": Key(14, 32, footnotes=10, extraction=True),
    "A_C.1_80_L.26.pdftotext.txt": Key(12, 6, subs("OP3", "abcdefghi"), footnotes=10, extraction=True),
    "A_RES_80_1.txt": Key(5, 3, subs("OP1", "abc"), footnotes=1),
    "A_RES_80_6.md": Key(14, 32, footnotes=10),
    "A_RES_80_7.md": Key(4, 5, footnotes=3),
    # the extractor lost the letters (a) and (b) of OP7 and OP8: a reader still sees them by place
    "A_RES_80_12.md": Key(14, 10, subs("OP7", "abcdefghi") + subs("OP8", "ab"), footnotes=5),
    "A_RES_80_24.md": Key(35, 23, footnotes=20),
    # four preambular paragraphs, then operative 5, an unnumbered one and 9 (the extraction lost the rest)
    "HRC_res_6-15_huridocs.txt": Key(4, 3),
    "S_RES_2139_2014_jsfixture.txt": Key(11, 18),
    "mun-aiagent_gaza_ceasefire.md": Key(9, 8, [label for op in range(3, 8) for label in subs(f"OP{op}", "abc")]),
    "mun-de_beispiel-resolution.md": Key(6, 5),
}


@dataclass
class Score:
    """How far one document's outline is from its key."""

    pp: tuple[int, int]
    op: tuple[int, int]
    labels_right: int
    labels_total: int
    labels_found: int
    footnotes: tuple[int, int]
    marks: tuple[int, int]

    def matches(self, slack: int) -> bool:
        close = abs(self.pp[0] - self.pp[1]) + abs(self.op[0] - self.op[1]) <= slack
        labels = self.labels_right == self.labels_total == self.labels_found
        return close and labels and self.footnotes[0] == self.footnotes[1] and self.marks[0] == self.marks[1]


def score(name: str) -> Score:
    from resdraft.parse import parse_file

    key = KEY[name]
    res = parse_file(WILD / name)
    found_labels = [b.label for b in res.by_kind("subparagraph")]
    right = len(set(found_labels) & set(key.subparagraphs))
    marked = {n for b in res.blocks for n in b.footnotes}
    want_marks = key.marks if key.marks is not None else key.footnotes
    return Score(
        pp=(len(res.by_kind("preambular")), key.preambular),
        op=(len(res.by_kind("operative")), key.operative),
        labels_right=right,
        labels_total=len(key.subparagraphs),
        labels_found=len(found_labels),
        footnotes=(len(res.footnotes), key.footnotes),
        marks=(len(marked & {f.number for f in res.footnotes}), want_marks),
    )


def test_the_key_covers_every_document() -> None:
    names = {p.name for p in WILD.iterdir() if p.is_file() and p.name != "MANIFEST.md"}
    assert names == set(KEY)


@pytest.mark.parametrize("name", sorted(KEY))
def test_outline_matches_a_careful_reader(name: str) -> None:
    result = score(name)
    assert result.matches(1 if KEY[name].extraction else 0), result


def test_pdftotext_and_pdf2docx_of_one_pdf_outline_alike() -> None:
    from resdraft.parse import parse_file

    def outline(name: str) -> tuple[list[tuple[str, list[int]]], list[tuple[int, str]]]:
        res = parse_file(WILD / name)
        blocks = [(b.label, b.footnotes) for b in res.by_kind("preambular", "operative", "subparagraph")]
        return blocks, [(f.number, " ".join(f.text.split())) for f in res.footnotes]

    assert outline("A_RES_79_6.pdftotext.txt") == outline("A_RES_79_6.pdf2docx.docx")


def main() -> int:
    """Print the score of every document and the totals."""
    right = total = found = matched = 0
    for name in sorted(KEY):
        s = score(name)
        right, total, found = right + s.labels_right, total + s.labels_total, found + s.labels_found
        ok = s.matches(1 if KEY[name].extraction else 0)
        matched += ok
        print(f"{'ok ' if ok else 'BAD'} {name:34} PP {s.pp[0]}/{s.pp[1]}  OP {s.op[0]}/{s.op[1]}  "
              f"sub labels {s.labels_right}/{s.labels_total} (found {s.labels_found})  "
              f"FN {s.footnotes[0]}/{s.footnotes[1]}  marks {s.marks[0]}/{s.marks[1]}")
    print(f"documents matching: {matched}/{len(KEY)}; subparagraph labels right: {right}/{total} (found {found})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
