"""Tests for the .docx renderer, reading the produced XML back with zipfile and lxml.

Resolutions are built by hand, not by the parser, so that a parser change
cannot hide a renderer bug (or the other way round).
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from resdraft.model import Block, Emphasis, Footnote, FootnoteRef, Resolution
from resdraft.render import render_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# --- building models by hand -----------------------------------------------------


def emph(text: str, *words: str, style: str = "italic") -> list[Emphasis]:
    """Emphasis over the first occurrence of each word, so tests read like the text."""
    spans = []
    for word in words:
        start = text.index(word)
        spans.append(Emphasis(start, start + len(word), style))
    return spans


def para(kind: str, label: str, text: str, number: str = "", *italic: str, **extra: object) -> Block:
    """A block whose number_text is `number` and whose listed words are italic."""
    value = number.strip("().") if number else None
    return Block(
        kind=kind,  # type: ignore[arg-type]
        label=label,
        text=text,
        number=value,
        number_text=number,
        numbering="typed" if number else "none",
        emphasis=emph(text, *italic),
        **extra,  # type: ignore[arg-type]
    )


PP1_TEXT = "Recalling the provisions of the Rome Statute,"
OP2_TEXT = "Expresses concern that warrants against 12 persons remain outstanding, and urges States to act;"
OP2_REF_OFFSET = OP2_TEXT.index(",") + 1  # the mark stands right after "outstanding,"


def cooperation() -> Resolution:
    """A small cooperation text: title, preamble, a heading, OPs with subparagraphs, a bis, footnotes."""
    blocks = [
        para("title", "T1", "Cooperation"),
        para("preamble-intro", "PI", "The Assembly of States Parties,"),
        para(
            "preambular", "PP1", PP1_TEXT, "", "Recalling", footnote_refs=[FootnoteRef(1, len(PP1_TEXT) - 1)]
        ),
        para("heading", "H1", "Arrest and surrender"),
        para("operative", "OP1", "Emphasizes the importance of cooperation;", "1.", "Emphasizes"),
        para(
            "operative",
            "OP2",
            OP2_TEXT,
            "2.",
            "Expresses",
            "urges",
            footnote_refs=[FootnoteRef(2, OP2_REF_OFFSET)],
        ),
        para("operative", "OP3", "Requests the Bureau:", "3.", "Requests"),
        para("subparagraph", "OP3(a)", "to continue its work;", "(a)", parent="OP3"),
        para("subparagraph", "OP3(b)", "to report thereon;", "(b)", parent="OP3"),
        para("operative", "OP3bis", "Decides to keep the matter under review;", "3 bis.", "Decides"),
        para(
            "operative", "OP4", "Requests the Court to report at its twenty-third session.", "4.", "Requests"
        ),
    ]
    footnotes = [
        Footnote(1, "ICC-ASP/21/28.", label="FN1"),
        Footnote(2, "As at 1 October 2023.", label="FN2"),
    ]
    return Resolution(path="coop.md", format="md", blocks=blocks, footnotes=footnotes)


def omnibus() -> Resolution:
    """Two parts whose operative numbering restarts at 1, as in omnibus texts."""
    blocks = [
        para("title", "T1", "Strengthening the Court"),
        para("preamble-intro", "PI", "The Assembly of States Parties,"),
        para("heading", "H1", "A. Ratification"),
        para("operative", "OP1", "Welcomes the new States Parties;", "1.", "Welcomes"),
        para("operative", "OP2", "Invites States to accede:", "2.", "Invites"),
        para("subparagraph", "OP2(a)", "to the Statute;", "(a)", parent="OP2"),
        para("subparagraph", "OP2(a)(i)", "as soon as possible;", "(i)", parent="OP2(a)"),
        para("subparagraph", "OP2(a)(ii)", "without reservations;", "(ii)", parent="OP2(a)"),
        para("subparagraph", "OP2(b)", "to the Agreement;", "(b)", parent="OP2"),
        para("heading", "B.H1", "B. Victims", section="B"),
        para("operative", "B.OP1", "Recognizes the rights of victims;", "1.", "Recognizes", section="B"),
        para("operative", "B.OP2", "Decides to revert to the matter.", "2.", "Decides", section="B"),
    ]
    return Resolution(path="omnibus.md", format="md", blocks=blocks)


# --- reading the package -----------------------------------------------------------


def read_part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return package.namelist()


def body_paragraphs(path: Path) -> list[etree._Element]:
    return read_part(path, "word/document.xml").findall(".//w:body/w:p", NS)


def visible_text(p: etree._Element) -> str:
    """Text as Word shows it from the runs (tabs as \\t, footnote marks left out)."""
    out = []
    for node in p.iter(w("t"), w("tab")):
        if node.tag == w("tab") and node.getparent().tag == w("r"):
            out.append("\t")
        elif node.tag == w("t"):
            out.append(node.text or "")
    return "".join(out)


def run_is(run: etree._Element, prop: str) -> bool:
    node = run.find(f"w:rPr/w:{prop}", NS)
    return node is not None and node.get(w("val"), "true") not in ("0", "false")


def styled_runs(p: etree._Element, prop: str) -> list[str]:
    return ["".join(r.itertext()) for r in p.findall("w:r", NS) if run_is(r, prop)]


def style_of(p: etree._Element) -> str | None:
    node = p.find("w:pPr/w:pStyle", NS)
    return None if node is None else node.get(w("val"))


def num_pr(p: etree._Element) -> tuple[int, int] | None:
    node = p.find("w:pPr/w:numPr", NS)
    if node is None:
        return None
    return int(node.find("w:numId", NS).get(w("val"))), int(node.find("w:ilvl", NS).get(w("val")))


@pytest.fixture
def typed_docx(tmp_path: Path) -> Path:
    out = tmp_path / "typed.docx"
    render_docx(cooperation(), out)
    return out


@pytest.fixture
def auto_docx(tmp_path: Path) -> Path:
    out = tmp_path / "auto.docx"
    render_docx(cooperation(), out, numbering="auto")
    return out


# --- body ------------------------------------------------------------------------------


def test_one_paragraph_per_block_in_order_with_typed_numbers(typed_docx: Path) -> None:
    texts = [visible_text(p) for p in body_paragraphs(typed_docx)]
    assert texts == [
        "Cooperation",
        "The Assembly of States Parties,",
        PP1_TEXT,
        "Arrest and surrender",
        "1.\tEmphasizes the importance of cooperation;",
        "2.\t" + OP2_TEXT,
        "3.\tRequests the Bureau:",
        "(a)\tto continue its work;",
        "(b)\tto report thereon;",
        "3 bis.\tDecides to keep the matter under review;",
        "4.\tRequests the Court to report at its twenty-third session.",
    ]


def test_styles_by_kind_and_block_style(tmp_path: Path) -> None:
    resolution = cooperation()
    resolution.blocks[3].style = "Heading 3"  # the block's own style wins
    resolution.blocks[1].style = "No Such Style"  # unknown: fall back to the kind's default
    out = tmp_path / "styles.docx"
    render_docx(resolution, out)
    styles = [style_of(p) for p in body_paragraphs(out)]
    assert styles[0] == "Title"
    assert styles[1] is None  # Normal
    assert styles[3] == "Heading3"
    assert set(styles[4:]) == {None}


def test_body_paragraphs_get_first_line_indentation(typed_docx: Path) -> None:
    paragraphs = body_paragraphs(typed_docx)
    first_line = [p.find("w:pPr/w:ind", NS) for p in paragraphs]
    assert first_line[0] is None and first_line[3] is None  # title, heading
    assert first_line[2].get(w("firstLine")) == "720"  # preambular
    assert first_line[4].get(w("firstLine")) == "720"  # operative
    assert first_line[7].get(w("firstLine")) == "1440"  # subparagraph, one step further


def test_italic_runs_follow_emphasis(typed_docx: Path) -> None:
    paragraphs = body_paragraphs(typed_docx)
    assert styled_runs(paragraphs[2], "i") == ["Recalling"]
    assert styled_runs(paragraphs[5], "i") == ["Expresses", "urges"]
    assert styled_runs(paragraphs[4], "i") == ["Emphasizes"]
    number_run = paragraphs[4].findall("w:r", NS)[0]
    assert not run_is(number_run, "i")  # the typed number stays upright


def test_bold_and_overlapping_emphasis(tmp_path: Path) -> None:
    text = "With regard to cooperation,"
    block = para("other", "X1", text)
    # italic "With regard to", bold "to cooperation": the runs must split where they overlap
    block.emphasis = [Emphasis(0, 14, "italic"), Emphasis(12, 26, "bold")]
    out = tmp_path / "bold.docx"
    render_docx(Resolution("x.md", "md", [block]), out)
    (p,) = body_paragraphs(out)
    assert visible_text(p) == text
    assert styled_runs(p, "i") == ["With regard ", "to"]
    assert styled_runs(p, "b") == ["to", " cooperation"]


# --- footnotes --------------------------------------------------------------------------


def text_before_reference(p: etree._Element) -> list[tuple[str, str]]:
    """(visible text before each footnote reference, its w:id) in paragraph order."""
    found, seen = [], []
    for run in p.findall("w:r", NS):
        ref = run.find("w:footnoteReference", NS)
        if ref is not None:
            found.append(("".join(seen), ref.get(w("id"))))
        else:
            seen.append(visible_text(run))
    return found


def footnote_texts(path: Path) -> dict[str, str]:
    root = read_part(path, "word/footnotes.xml")
    return {
        note.get(w("id")): "".join(note.itertext()).strip()
        for note in root.findall("w:footnote", NS)
        if note.get(w("type")) is None
    }


def test_footnote_references_stand_at_their_offsets(typed_docx: Path) -> None:
    paragraphs = body_paragraphs(typed_docx)
    notes = footnote_texts(typed_docx)
    [(before, xml_id)] = text_before_reference(paragraphs[2])
    assert before == PP1_TEXT[:-1]  # before the final comma
    assert notes[xml_id] == "ICC-ASP/21/28."
    [(before, xml_id)] = text_before_reference(paragraphs[5])
    assert before == "2.\t" + OP2_TEXT[:OP2_REF_OFFSET]
    assert before.endswith("outstanding,")
    assert notes[xml_id] == "As at 1 October 2023."
    run = paragraphs[5].find("w:r[w:footnoteReference]", NS)
    assert run.find("w:rPr/w:rStyle", NS).get(w("val")) == "FootnoteReference"
    assert run.find("w:rPr/w:vertAlign", NS).get(w("val")) == "superscript"


def test_footnotes_part_is_complete_and_registered(typed_docx: Path) -> None:
    root = read_part(typed_docx, "word/footnotes.xml")
    kinds = [(n.get(w("type")), n.get(w("id"))) for n in root.findall("w:footnote", NS)]
    assert kinds[:2] == [("separator", "-1"), ("continuationSeparator", "0")]
    assert root.find("w:footnote[@w:id='-1']//w:separator", NS) is not None
    assert root.find("w:footnote[@w:id='0']//w:continuationSeparator", NS) is not None
    for note in root.findall("w:footnote", NS)[2:]:
        assert note.find("w:p/w:r/w:footnoteRef", NS) is not None
        assert note.find("w:p/w:pPr/w:pStyle", NS).get(w("val")) == "FootnoteText"

    types = read_part(typed_docx, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/footnotes.xml"].endswith("wordprocessingml.footnotes+xml")
    rels = read_part(typed_docx, "word/_rels/document.xml.rels")
    assert any(r.get("Target") == "footnotes.xml" and r.get("Type").endswith("/footnotes") for r in rels)
    styles = read_part(typed_docx, "word/styles.xml")
    ids = set(styles.xpath("./w:style/@w:styleId", namespaces=NS))
    assert {"FootnoteText", "FootnoteReference"} <= ids
    settings = read_part(typed_docx, "word/settings.xml")
    assert settings.xpath("./w:footnotePr/w:footnote/@w:id", namespaces=NS) == ["-1", "0"]


def test_footnote_defects_still_give_a_valid_package(tmp_path: Path) -> None:
    """A repeated reference, an unreferenced note and a missing note: each reference keeps its own id."""
    text = "Noting the report, the study and the letter,"
    offsets = [text.index(","), text.index(" the letter"), len(text) - 1]
    refs = [FootnoteRef(1, offsets[0]), FootnoteRef(1, offsets[1]), FootnoteRef(9, offsets[2])]
    block = para("preambular", "PP1", text, "", "Noting", footnote_refs=refs)
    notes = [Footnote(1, "ICC-ASP/21/28."), Footnote(2, "Never referenced.")]
    out = tmp_path / "defects.docx"
    render_docx(Resolution("x.md", "md", [block], footnotes=notes), out)
    (p,) = body_paragraphs(out)
    ids = [xml_id for _, xml_id in text_before_reference(p)]
    assert len(ids) == len(set(ids)) == 2
    texts = footnote_texts(out)
    assert [texts[i] for i in ids] == ["ICC-ASP/21/28.", "ICC-ASP/21/28."]
    assert "Never referenced." in texts.values()
    superscript = [r for r in p.findall("w:r", NS) if r.find("w:rPr/w:vertAlign", NS) is not None]
    assert [visible_text(r) for r in superscript if r.find("w:footnoteReference", NS) is None] == ["9"]


def test_no_footnotes_part_without_footnotes(tmp_path: Path) -> None:
    out = tmp_path / "plain.docx"
    render_docx(omnibus(), out)
    assert "word/footnotes.xml" not in part_names(out)


# --- automatic numbering ------------------------------------------------------------


def num_overrides(path: Path) -> dict[int, dict[int, int]]:
    """numId -> {ilvl: startOverride} for every w:num."""
    root = read_part(path, "word/numbering.xml")
    result = {}
    for num in root.findall("w:num", NS):
        overrides = {
            int(lvl.get(w("ilvl"))): int(lvl.find("w:startOverride", NS).get(w("val")))
            for lvl in num.findall("w:lvlOverride", NS)
        }
        result[int(num.get(w("numId")))] = overrides
    return result


def test_auto_numbering_puts_numbers_in_numpr(auto_docx: Path) -> None:
    paragraphs = body_paragraphs(auto_docx)
    numbered = [num_pr(p) for p in paragraphs]
    num_id = numbered[4][0]
    assert numbered == [
        None,
        None,
        None,
        None,
        (num_id, 0),
        (num_id, 0),
        (num_id, 0),
        (num_id, 1),
        (num_id, 1),
        None,  # "3 bis." stays typed
        (num_id, 0),
    ]
    assert visible_text(paragraphs[4]) == "Emphasizes the importance of cooperation;"
    assert visible_text(paragraphs[7]) == "to continue its work;"
    assert visible_text(paragraphs[9]) == "3 bis.\tDecides to keep the matter under review;"
    assert num_overrides(auto_docx)[num_id] == {}


def test_abstract_num_levels(auto_docx: Path) -> None:
    root = read_part(auto_docx, "word/numbering.xml")
    num_id = num_pr(body_paragraphs(auto_docx)[4])[0]
    abstract_id = root.find(f"w:num[@w:numId='{num_id}']/w:abstractNumId", NS).get(w("val"))
    abstract = root.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)
    levels = [
        (lvl.find("w:numFmt", NS).get(w("val")), lvl.find("w:lvlText", NS).get(w("val")))
        for lvl in abstract.findall("w:lvl", NS)
    ]
    assert levels == [("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)")]
    tags = [etree.QName(child).localname for child in root]
    last_abstract = max(i for i, t in enumerate(tags) if t == "abstractNum")
    assert last_abstract < min(i for i, t in enumerate(tags) if t == "num")  # schema order


def test_restart_after_heading_uses_start_override(tmp_path: Path) -> None:
    out = tmp_path / "omnibus.docx"
    render_docx(omnibus(), out, numbering="auto")
    numbered = {
        p_label: num_pr(p)
        for p_label, p in zip([b.label for b in omnibus().blocks], body_paragraphs(out), strict=True)
    }
    first, second = numbered["OP1"][0], numbered["B.OP1"][0]
    assert first != second
    assert numbered["OP2(a)"] == (first, 1)
    assert numbered["OP2(a)(i)"] == (first, 2) and numbered["OP2(a)(ii)"] == (first, 2)
    assert numbered["OP2(b)"] == (first, 1)
    assert numbered["B.OP2"] == (second, 0)
    overrides = num_overrides(out)
    assert overrides[first] == {}
    assert overrides[second] == {0: 1}


def test_skipped_number_keeps_its_value_in_auto_mode(tmp_path: Path) -> None:
    """A draft that jumps from 1 to 3 must still show 3: Word gets a startOverride, not a silent fix."""
    blocks = [
        para("operative", "OP1", "Welcomes;", "1.", "Welcomes"),
        para("operative", "OP2", "Decides;", "3.", "Decides"),
        para("subparagraph", "OP2(b)", "out of sequence;", "(b)", parent="OP2"),
    ]
    out = tmp_path / "skip.docx"
    render_docx(Resolution("x.md", "md", blocks), out, numbering="auto")
    p1, p2, p3 = body_paragraphs(out)
    assert num_pr(p1)[0] != num_pr(p2)[0]
    assert num_overrides(out)[num_pr(p2)[0]] == {0: 3}
    assert num_pr(p3) is None and visible_text(p3) == "(b)\tout of sequence;"


def test_typed_mode_writes_no_numpr(typed_docx: Path) -> None:
    assert all(num_pr(p) is None for p in body_paragraphs(typed_docx))


def test_unknown_numbering_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="numbering"):
        render_docx(cooperation(), tmp_path / "x.docx", numbering="roman")  # type: ignore[arg-type]


# --- determinism and package hygiene ----------------------------------------------------


@pytest.mark.parametrize("mode", ["typed", "auto"])
def test_same_model_gives_identical_bytes(tmp_path: Path, mode: str) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    render_docx(cooperation(), first, numbering=mode)  # type: ignore[arg-type]
    render_docx(cooperation(), second, numbering=mode)  # type: ignore[arg-type]
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert package.namelist()[0] == "[Content_Types].xml"
    core = read_part(first, "docProps/core.xml")
    dates = [node.text for node in core if etree.QName(node).localname in ("created", "modified")]
    assert dates == ["2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z"]


def test_core_title_is_the_last_title_line_within_limits(tmp_path: Path) -> None:
    long_title = "Draft resolution on the proposed programme budget " + "and related matters " * 20
    blocks = [para("title", "T1", "Resolution ICC-ASP/21/Res.3"), para("title", "T2", long_title.strip())]
    out = tmp_path / "title.docx"
    render_docx(Resolution("x.md", "md", blocks), out)
    title = read_part(out, "docProps/core.xml").find("{http://purl.org/dc/elements/1.1/}title").text
    assert title == long_title.strip()[:255]


def test_template_leftovers_are_dropped(typed_docx: Path) -> None:
    names = part_names(typed_docx)
    assert not [n for n in names if "thumbnail" in n or "customXml" in n or "stylesWithEffects" in n]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_footnotes_and_numbers(tmp_path: Path, auto_docx: Path) -> None:
    """LibreOffice converts the file without complaint and keeps the notes and generated numbers."""
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(tmp_path),
            str(auto_docx),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    odt = tmp_path / "auto.odt"
    assert odt.exists(), result.stderr
    with zipfile.ZipFile(odt) as package:
        content = package.read("content.xml").decode()
    assert content.count("<text:note ") == 2
    assert "As at 1 October 2023." in content
    assert "<text:list " in content
