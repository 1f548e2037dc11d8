"""Quirks of real drafts, imitated in documents written for these tests (never copied from real texts).

Word's own list formats (built here with a real numbering.xml), restarted
lists, footnotes numbered from 10, a quoted or unknown opener, hard-wrapped
PDF extractions with running heads, page numbers and notes at the foot of
each page, pdf2docx conversions, YAML front matter, Markdown list forms, and
a report that is not a resolution. Each quirk has a case that must be read
and, where it matters, one that must not be.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resdraft.model import Resolution
from resdraft.parse import parse_file, parse_text
from tests.docxbuild import abstract_num, build_docx, footnote, footnote_ref, level, num, para, run

INTRO = "The Conference of Member States,"


def sub_labels(res: Resolution) -> list[str]:
    return [b.label for b in res.by_kind("subparagraph")]


def word_list(*levels: tuple[str, str]) -> str:
    """numbering.xml with one three-level list (numId 1): decimal "%1." then the given levels."""
    lvls = [level(0, "decimal", "%1.")] + [level(i + 1, fmt, text) for i, (fmt, text) in enumerate(levels)]
    return abstract_num(0, *lvls) + num(1, 0)


def word_draft(tmp_path: Path, items: list[tuple[str, int | None]], numbering: str, name: str = "d.docx",
               num_ids: dict[int, int] | None = None) -> Resolution:
    """A draft whose operative part is a Word list: (text, level) items, level None for plain paragraphs."""
    body = para(INTRO) + para(run("Noting", italic=True), run(" the progress made by the working group,"))
    for index, (text, lvl) in enumerate(items):
        num_id = (num_ids or {}).get(index, 1)
        body += para(text, num=(num_id, lvl)) if lvl is not None else para(text)
    return parse_file(build_docx(tmp_path / name, body, numbering=numbering))


OPERATIVE_LIST = [
    ("Requests the secretariat:", 0),
    ("to gather the views of members;", 1),
    ("to prepare a summary covering:", 1),
    ("the costs involved;", 2),
    ("the time required;", 2),
    ("to report back in due course;", 1),
    ("Decides to continue its work.", 0),
    ("in an open manner.", 1),
]
EXPECTED = ["OP1(a)", "OP1(b)", "OP1(b)(i)", "OP1(b)(ii)", "OP1(c)", "OP2(a)"]


def test_word_default_multilevel_list_a_dot_i_dot(tmp_path: Path) -> None:
    res = word_draft(tmp_path, OPERATIVE_LIST, word_list(("lowerLetter", "%2."), ("lowerRoman", "%3.")))
    assert [b.number_text for b in res.by_kind("subparagraph")] == ["a.", "b.", "i.", "ii.", "c.", "a."]
    assert sub_labels(res) == EXPECTED
    assert res.block("OP1(c)").parent == "OP1"  # c. is a sibling of a., not a child of b.


def test_word_lists_with_a_paren_and_paren_a(tmp_path: Path) -> None:
    for fmt in ("%2)", "(%2)"):
        res = word_draft(tmp_path, OPERATIVE_LIST, word_list(("lowerLetter", fmt), ("lowerRoman", "(%3)")),
                         name=f"{len(fmt)}.docx")
        assert sub_labels(res) == EXPECTED


def test_word_list_restarted_inside_a_paragraph(tmp_path: Path) -> None:
    # the second instance restarts level 1 at a.: Word shows "a." twice; it is a sibling, not a child
    numbering = abstract_num(0, level(0, "decimal", "%1."), level(1, "lowerLetter", "%2.")) + num(1, 0) + num(
        2, 0, start_overrides={1: 1})
    items = [("Invites members:", 0), ("to share their plans;", 1), ("to meet twice a year;", 1),
             ("to exchange good practice.", 1)]
    res = word_draft(tmp_path, items, numbering, num_ids={2: 2})
    assert [b.number_text for b in res.by_kind("subparagraph")] == ["a.", "a.", "b."]
    assert sub_labels(res) == ["OP1(a)", "OP1(a)#2", "OP1(b)"]
    assert {b.parent for b in res.by_kind("subparagraph")} == {"OP1"}


def test_typed_labels_nest_by_shape() -> None:
    text = "\n\n".join([
        INTRO, "Noting the progress made,", "1. Requests the secretariat:", "(a) to gather views;",
        "(b) to prepare a summary covering:", "(i) the costs;", "(ii) the time;", "(c) to report back;",
        "2. Decides to continue.",
    ])
    assert sub_labels(parse_text(text)) == ["OP1(a)", "OP1(b)", "OP1(b)(i)", "OP1(b)(ii)", "OP1(c)"]


def test_paren_i_after_paren_h_is_a_letter() -> None:
    items = [f"({c}) item {c};" for c in "abcdefghij"]
    res = parse_text("\n\n".join([INTRO, "Noting the progress made,", "1. Lists the following:", *items]))
    assert sub_labels(res) == [f"OP1({c})" for c in "abcdefghij"]


def test_footnotes_numbered_from_num_start(tmp_path: Path) -> None:
    sect = '<w:sectPr><w:footnotePr><w:numStart w:val="10"/></w:footnotePr></w:sectPr>'
    body = (para(INTRO) + para(run("Recalling its earlier report,"), footnote_ref(5))
            + para(run("1. Welcomes the new plan;"), footnote_ref(6)) + sect)
    notes = footnote(5, "See the annex of the earlier report.") + footnote(6, "Adopted at the last meeting.")
    res = parse_file(build_docx(tmp_path / "n.docx", body, footnotes=notes))
    assert [f.number for f in res.footnotes] == [10, 11]
    assert [b.footnotes for b in res.blocks if b.footnotes] == [[10], [11]]


def test_quoted_first_paragraph_and_unknown_openers_are_preambular() -> None:
    text = "\n\n".join([
        INTRO,
        "\u201cBearing firmly in mind the decisions taken at its earlier meetings:",
        "Disheartened by the slow progress made since then in several regions,",
        "Being dismayed at the number of reports still outstanding,",
        "1. Decides to keep the matter under review;",
        "Heartened by the response, the members will meet again,",  # after the operative part: not preambular
    ])
    res = parse_text(text)
    assert [b.label for b in res.by_kind("preambular")] == ["PP1", "PP2", "PP3"]
    assert res.blocks[-1].kind != "preambular"


def test_a_report_is_not_a_resolution(tmp_path: Path) -> None:
    body = (para("Report of the Board on its work in the past year", style="Heading1")
            + "".join(para(f"{n}. The Board met {n} times in the period and heard several briefings.")
                      for n in range(1, 6)))
    res = parse_file(build_docx(tmp_path / "r.docx", body))
    assert not res.by_kind("preambular", "operative", "subparagraph")
    assert any(d.code == "no-structure" for d in res.diagnostics)


def test_front_matter_is_metadata_in_txt_and_md(tmp_path: Path) -> None:
    text = "---\ntitle: A draft on shared archives\nsession: 9\n---\n\n" + "\n\n".join(
        [INTRO, "Noting the progress made,", "1. Decides to continue."])
    for suffix in (".txt", ".md"):
        path = tmp_path / f"f{suffix}"
        path.write_text(text, encoding="utf-8")
        res = parse_file(path)
        assert "title" not in " ".join(b.text for b in res.blocks)
        assert [b.kind for b in res.blocks] == ["preamble-intro", "preambular", "operative"]
        assert res.blocks[0].location.line == 6


def test_markdown_list_forms() -> None:
    text = "\n".join([
        "### The Conference of Member States,", "", "**Noting** the progress made,", "",
        "### 1. **Welcomes** the new plan;", "", "### 2. **Requests** the secretariat to:",
        "   - a) gather the views of members;", "   - b) report back in due course;", "",
        "1. **Decides** to continue its work.", "", "## Remarks", "",
        "- drafted for a training exercise", "- not negotiated",
    ])
    res = parse_text(text)
    assert [b.label for b in res.by_kind("operative")] == ["OP1", "OP2", "OP1#2"]
    assert sub_labels(res) == ["OP2(a)", "OP2(b)"]
    assert res.block("OP2(a)").text.startswith("gather")
    assert not [b for b in res.blocks if b.text.startswith(("drafted", "not negotiated"))
                and b.kind in ("operative", "subparagraph")]


def test_letterless_items_take_their_letters_by_place() -> None:
    text = "\n\n".join([
        INTRO, "Noting the progress made,", "1. Requests the secretariat:", "To gather the views of members;",
        "To report back in due course;", "(c) To publish the results.", "2. Decides to continue;",
        "Members will meet again next year.",  # after "continue;" with no lead-in: not an item
    ])
    res = parse_text(text)
    assert sub_labels(res) == ["OP1(a)", "OP1(b)", "OP1(c)"]
    assert res.blocks[-1].kind != "subparagraph"


# --- PDF extractions -----------------------------------------------------------------

CLEAN_MD = """The Conference of Member States,

Recalling its decision on shared archives,[^1] and the plan that followed,

Noting with appreciation the work of the technical group on the storage of records and the
reports it has issued since the last meeting,[^2]

1. Welcomes the progress made in the digitization of the archives;[^3]

2. Requests the secretariat:

(a) To prepare a plan for the next phase;

(b) To report on its implementation at the next meeting.

[^1]: Decision 4/2.
[^2]: See the annex to document CMS/9/3.
[^3]: Document CMS/9/5.
"""

PDFTOTEXT = (
    "CMS/9/L.1\n\nConference of Member States\n\n21-04567 (E)\n\n*2104567*\n\n"
    "The Conference of Member States,\n"
    "Recalling its decision on shared archives, 1 and the plan that followed,\n"
    "Noting with appreciation the work of the technical group on the storage of records and the\n"
    "__________________\n"
    "1\n\nDecision 4/2.\n\n21-04567 (E)\n\n"
    "\fCMS/9/L.1\n\nreports it has issued since the last meeting, 2\n"
    "1.\nWelcomes the progress made in the digitization of the archives; 3\n"
    "2.\n\nRequests the secretariat:\n\n(a)\n\nTo prepare a plan for the next phase;\n"
    "(b) To report on its implementation at the next meeting.\n\n"
    "__________________\n"
    "See the annex to document CMS/9/3.\nDocument CMS/9/5.\n2\n3\n\n21-04567\n\n2/2\n\n\f"
)


def outline(res: Resolution) -> list[tuple[str, str, list[int]]]:
    return [(b.kind, b.label, b.footnotes) for b in res.blocks]


def test_pdftotext_extraction_reads_as_the_clean_text(tmp_path: Path) -> None:
    (tmp_path / "c.md").write_text(CLEAN_MD, encoding="utf-8")
    (tmp_path / "p.txt").write_text(PDFTOTEXT, encoding="utf-8")
    clean, extracted = parse_file(tmp_path / "c.md"), parse_file(tmp_path / "p.txt")
    body = [row for row in outline(extracted) if row[0] not in ("title", "other", "heading")]
    assert body == outline(clean)
    assert [(f.number, f.text) for f in extracted.footnotes] == [(f.number, f.text) for f in clean.footnotes]
    split = extracted.block("PP2")
    assert split is not None and split.text.endswith("since the last meeting,")  # joined across the page


def test_plain_text_without_page_furniture_is_left_alone() -> None:
    # "1/2" inside a sentence and a rule line alone are not page layout
    text = "\n\n".join([INTRO, "Noting that 1/2 of the members replied,", "1. Decides to continue."])
    res = parse_text(text, markup=False)
    assert "1/2" in res.block("PP1").text
    assert not res.footnotes


def test_pdf2docx_conversion_keeps_layout_out_of_the_text(tmp_path: Path) -> None:
    body = "".join(para(t) for t in [
        "CMS/9/L.1", INTRO, "Recalling its decision on shared archives,1 and the plan that followed,",
        "__________________", "1Decision 4/2.", "21-04567 (E)    110521", "*2104567*",
        "CMS/9/L.1", "Conference of Member States", "1. Welcomes the progress made in the digitization",
        "2/3 \t21-04567", "Conference of Member States", "CMS/9/L.1",
        "of the archives;2", "2. Decides to continue.", "__________________", "2 Document CMS/9/5.",
        "21-04567 \t3/3",
    ])
    res = parse_file(build_docx(tmp_path / "c.docx", body))
    assert [(f.number, f.text) for f in res.footnotes] == [(1, "Decision 4/2."), (2, "Document CMS/9/5.")]
    assert [b.label for b in res.by_kind("preambular", "operative")] == ["PP1", "OP1", "OP2"]
    assert res.block("PP1").footnotes == [1]
    assert res.block("OP1").text.endswith("digitization of the archives;") and res.block("OP1").footnotes == [2]
    assert not [b for b in res.blocks if "21-04567" in b.text or b.text == "__________________"]


def test_native_docx_with_a_job_number_like_line_is_untouched(tmp_path: Path) -> None:
    body = para(INTRO) + para("Noting the progress made,") + para("1. Decides to meet on 2/3 of the days.")
    res = parse_file(build_docx(tmp_path / "n.docx", body))
    assert [b.kind for b in res.blocks] == ["preamble-intro", "preambular", "operative"]


def test_one_line_text_cut_at_space_runs() -> None:
    text = ("The Conference of Member States,   Recalling its decision on shared archives,   Taking      note "
            "of the plan that followed,   1.   Decides to continue its work;   Requests the secretariat to "
            "report back.   [Adopted without a vote]") * 1
    res = parse_text(text + " " * 400, markup=False)
    assert [b.kind for b in res.by_kind("preambular", "operative")] == ["preambular"] * 2 + ["operative"] * 2


_PAGE_BITS = ["19-12345 (E)", "2/3", "*1912345*", "CMS/9/L.1", "__________", "1", "12", "\f", "", "(a)", "3.",
              "Noting the plan,", "Decides to act; 2", "See document CMS/9/2.", "the text goes on"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PAGE_BITS), max_size=40))
def test_page_layout_never_breaks_on_odd_text(lines: list[str]) -> None:
    res = parse_text("\n".join([INTRO, *lines]), markup=False)
    for block in res.blocks:
        assert all(0 <= ref.offset <= len(block.text) for ref in block.footnote_refs)
    assert len({f.number for f in res.footnotes}) == len(res.footnotes)
