"""Block kinds, numbers and labels from the structure builder."""

from __future__ import annotations

from resdraft.parse import parse_text

DRAFT = """\
# Draft resolution on the review mechanism

The Assembly of States Parties,

*Recalling* its previous resolutions on the review mechanism, including ICC-ASP/20/Res.4,

*Taking note also* of the report of the Bureau,[^1]

*Mindful* of the need for efficiency,

Reporting and follow-up

1. *Welcomes* the report of the Bureau on the review mechanism;

2. *Requests* the Bureau:

(a) to continue its consultations;

(b) to report thereon, in particular:

(i) on the costs;

(ii) on the timelines;

(c) to keep States informed;

2 bis. *Further requests* the Court to cooperate;

3. *Decides* to remain seized of the matter.

[^1]: ICC-ASP/21/12.
"""


def test_kinds_and_labels() -> None:
    res = parse_text(DRAFT)
    got = [(b.kind, b.label, b.number) for b in res.blocks]
    assert got == [
        ("title", "T1", None),
        ("preamble-intro", "INTRO", None),
        ("preambular", "PP1", None),
        ("preambular", "PP2", None),
        ("preambular", "PP3", None),
        ("heading", "H1", None),
        ("operative", "OP1", "1"),
        ("operative", "OP2", "2"),
        ("subparagraph", "OP2(a)", "a"),
        ("subparagraph", "OP2(b)", "b"),
        ("subparagraph", "OP2(b)(i)", "i"),
        ("subparagraph", "OP2(b)(ii)", "ii"),
        ("subparagraph", "OP2(c)", "c"),
        ("operative", "OP2bis", "2bis"),
        ("operative", "OP3", "3"),
    ]


def test_text_excludes_number_and_marks_and_keeps_positions() -> None:
    res = parse_text(DRAFT)
    op1 = res.block("OP1")
    assert op1 is not None
    assert op1.text == "Welcomes the report of the Bureau on the review mechanism;"
    assert op1.number_text == "1." and op1.numbering == "typed"
    assert op1.lead is not None and op1.lead.text == "Welcomes"
    assert op1.terminator == ";"
    pp2 = res.block("PP2")
    assert pp2 is not None and pp2.lead is not None and pp2.lead.text == "Taking note also"
    assert pp2.footnotes == [1]
    assert pp2.text[: pp2.footnote_refs[0].offset].endswith("Bureau,")
    assert res.footnote(1) is not None and res.footnote(1).text == "ICC-ASP/21/12."


def test_italic_spans_and_later_verbs() -> None:
    res = parse_text("The Assembly,\n\n1. *Welcomes* the report and *urges* States to act, *ad hoc*;\n")
    op1 = res.block("OP1")
    assert op1 is not None
    assert [op1.text[e.start:e.end] for e in op1.emphasis] == ["Welcomes", "urges", "ad hoc"]
    assert [v.text for v in op1.verbs] == ["urges"]


def test_letter_i_after_h_is_a_letter_not_a_roman_numeral() -> None:
    letters = "abcdefghij"
    body = "\n\n".join(f"({c}) item {c};" for c in letters)
    res = parse_text(f"The Assembly,\n\n1. *Requests*:\n\n{body}\n")
    subs = res.by_kind("subparagraph")
    assert [b.label for b in subs] == [f"OP1({c})" for c in letters]


def test_sections_restart_numbering_and_prefix_labels() -> None:
    text = """The Assembly of States Parties,

## A. Ratification

1. *Welcomes* the new States Parties;

2. *Calls upon* all States to ratify;

## B. Victims

1. *Stresses* the rights of victims;

## Annex

(a) *requests* the Bureau to report;
"""
    res = parse_text(text)
    labels = [b.label for b in res.blocks if b.kind in ("operative", "subparagraph")]
    assert labels == ["OP1", "OP2", "B.OP1", "Annex.(a)"]
    assert [s.key for s in res.sections] == ["", "B", "Annex"]


def test_repeated_numbers_keep_unique_labels() -> None:
    res = parse_text("The Assembly,\n\n1. *Notes* one;\n\n1. *Notes* two;\n")
    assert [b.label for b in res.by_kind("operative")] == ["OP1", "OP1#2"]
    assert [b.number for b in res.by_kind("operative")] == ["1", "1"]


def test_unnumbered_operative_and_no_comma_intro() -> None:
    res = parse_text("The General Assembly\n\n*Adopts* the declaration annexed to the present resolution.\n")
    assert [(b.kind, b.label) for b in res.blocks] == [("preamble-intro", "INTRO"), ("operative", "OP1")]
    assert res.blocks[1].number is None


def test_split_paragraph_is_joined_back() -> None:
    text = "The Assembly,\n\n*Recalling* that cooperation by States and other\n\norganizations remains essential,\n"
    res = parse_text(text)
    [pp] = res.by_kind("preambular")
    assert pp.text == "Recalling that cooperation by States and other organizations remains essential,"


def test_unparseable_text_is_kept_as_other_not_refused() -> None:
    res = parse_text("The Assembly,\n\n@@@ ### $$$\n")
    assert res.blocks[-1].kind == "other"
    assert res.blocks[-1].text == "@@@ ### $$$"


def test_text_without_any_structure_gets_a_diagnostic() -> None:
    res = parse_text("hello world\n\nanother line here\n")
    assert any(d.code == "no-structure" for d in res.diagnostics)


def test_the_terminator_read_from_the_end_is_the_pattern_s() -> None:
    """`terminator_of` reads from the end what `_TERMINATOR` (its specification) finds by searching the text."""
    import random

    from resdraft.structure import _TERMINATOR, terminator_of

    rng = random.Random(3)
    pieces = [";", ",", ".", ":", " ", "\n", "\u00a0", "\t", "and", "or", "a", "d", "x", "band", "o"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        match = _TERMINATOR.search(text)
        assert terminator_of(text) == (match.group(0) if match else ""), repr(text)
