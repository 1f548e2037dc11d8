"""Markdown and plain-text readers: paragraphs, emphasis, footnotes, encodings."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from resdraft.errors import InputError
from resdraft.parse import parse_file
from resdraft.readers.markdown import parse_markdown


def test_markdown_emphasis_and_footnotes_positions() -> None:
    doc = parse_markdown("*Noting* the **report**[^a] of the Court,\n\n[^a]: ICC-ASP/20/3.\n")
    [para] = doc.paragraphs
    assert para.text == "Noting the report of the Court,"
    assert [(para.text[e.start:e.end], e.style) for e in para.emphasis] == [("Noting", "italic"), ("report", "bold")]
    assert [(r.number, para.text[: r.offset]) for r in para.footnote_refs] == [(1, "Noting the report")]
    assert [(f.number, f.text) for f in doc.footnotes] == [(1, "ICC-ASP/20/3.")]


def test_markdown_front_matter_rules_and_comments() -> None:
    text = "---\ntitle: x\n---\n\nThe Assembly,\n\n---\n\n<!-- resdraft: ignore RD201 -->\n*Noting* it,\n"
    doc = parse_markdown(text)
    assert [p.text for p in doc.paragraphs] == ["The Assembly,", "Noting it,"]
    assert doc.paragraphs[1].comments == ["resdraft: ignore RD201"]
    assert doc.paragraphs[0].location.line == 5


def test_numbered_lines_start_paragraphs_without_blank_lines() -> None:
    doc = parse_markdown("1. *Urges* States;\n2. *Requests* the Court;\n(a) to report;\n")
    assert [p.text for p in doc.paragraphs] == ["1. Urges States;", "2. Requests the Court;", "(a) to report;"]


def test_escaped_asterisks_stay_text() -> None:
    [para] = parse_markdown(r"a \*literal\* star").paragraphs
    assert para.text == "a *literal* star" and para.emphasis == []


def test_plain_text_footnotes_from_trailing_lines(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(
        "The Assembly of States Parties,\n\n"
        "Welcoming the report of the Bureau,1\n\n"
        "1. Requests the Court to report in 2025;2\n\n"
        "1 ICC-ASP/22/5.\n2 As at 1 May 2024.\n",
        encoding="utf-8",
    )
    res = parse_file(path)
    assert [(b.label, b.footnotes) for b in res.blocks] == [("INTRO", []), ("PP1", [1]), ("OP1", [2])]
    assert res.block("PP1").text == "Welcoming the report of the Bureau,"
    assert [(f.number, f.text) for f in res.footnotes] == [(1, "ICC-ASP/22/5."), (2, "As at 1 May 2024.")]


def test_plain_text_trailing_numbers_that_are_not_footnotes_stay(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("The Assembly,\n\n1. Notes it;\n\n3 more things\n", encoding="utf-8")
    res = parse_file(path)
    assert res.footnotes == []
    assert res.blocks[-1].text == "3 more things"


def test_hard_wrapped_plain_text_is_split_into_clauses(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "The General Assembly,\nRecalling its earlier resolutions on\nthe matter,\n"
        "Noting the report,\n1. Welcomes the report;\n18-12345 (E)\n2. Requests more;\n",
        encoding="utf-8",
    )
    res = parse_file(path)
    assert [(b.label, b.text) for b in res.blocks] == [
        ("INTRO", "The General Assembly,"),
        ("PP1", "Recalling its earlier resolutions on the matter,"),
        ("PP2", "Noting the report,"),
        ("OP1", "Welcomes the report;"),
        ("OP2", "Requests more;"),
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + b"The Assembly,\n", "The Assembly,"),
        ("The Assembly,\n".encode("utf-16"), "The Assembly,"),
        ("The Assembly\u2019s,\n".encode(), "The Assembly\u2019s,"),
    ],
)
def test_accepted_encodings(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "d.md"
    path.write_bytes(data)
    assert parse_file(path).blocks[0].text == expected


def test_undecodable_text_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_bytes("The Assembly of States Parties, caf\xe9".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        parse_file(path)
    assert parse_file(path, encoding="latin-1").blocks[0].text.endswith("caf\xe9")
