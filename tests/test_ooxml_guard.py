"""The OOXML guard itself: the validator finds each kind of problem, the rich drafts are valid,
the guard tells outputs from inputs, and the lxml accept/reject agrees with the counts."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from support import ooxml_check, richdocx, xmlcounts
from support.docx_guard import Guard

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS_DOCX = sorted((SHARED / "corpus").rglob("*.docx")) if (SHARED / "corpus").is_dir() else []


@pytest.fixture(scope="module", autouse=True)
def _schema() -> None:
    if not ooxml_check.schema_available():
        if os.environ.get("CI"):
            pytest.fail(f"OOXML schema missing at {ooxml_check.SCHEMA_DIR}, but CI is set")
        pytest.skip("../shared/ooxml-schema absent")


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


BASE = richdocx.render_parts(richdocx.base_draft())


def _edit(part: str, old: str, new: str, count: int = 1) -> bytes:
    parts = dict(BASE)
    text = parts[part].decode()
    assert old in text, old
    parts[part] = text.replace(old, new, count).encode()
    return _zip(parts)


def test_every_rich_draft_is_valid(tmp_path: Path) -> None:
    for case in richdocx.VARIANTS:
        for path in richdocx.write_pair(case, tmp_path):
            assert ooxml_check.problems(path) == [], (case, path.name)


DOC = "word/document.xml"
BROKEN: dict[str, tuple[Callable[[], bytes], str]] = {
    "schema": (lambda: _edit(DOC, "<w:tblHeader/>", "<w:tblHead/>"), "w:tblHead"),
    "attribute value": (lambda: _edit(DOC, 'w:gridSpan w:val="2"', 'w:gridSpan w:val="two"'), "gridSpan"),
    "rPr order": (lambda: _edit(DOC, "<w:rPr><w:i/></w:rPr>", "<w:rPr><w:i/><w:b/></w:rPr>"), "out of Word's order"),
    "rPr twice": (lambda: _edit(DOC, "<w:rPr><w:i/></w:rPr>", "<w:rPr><w:i/><w:i/></w:rPr>"), "w:i twice"),
    "missing media": (lambda: _zip({k: v for k, v in BASE.items() if not k.startswith("word/media/")}), "absent part"),
    "no content type": (
        lambda: _edit("[Content_Types].xml", '<Default Extension="png" ContentType="image/png"/>', ""),
        "no content type",
    ),
    "dangling r:id": (lambda: _edit(DOC, 'r:embed="rId', 'r:embed="rIdX'), "names no relationship"),
    "revision ids": (
        lambda: _edit(DOC, "<w:t xml:space=\"preserve\">Registry</w:t></w:r>",
                      '<w:t xml:space="preserve">Registry</w:t></w:r>'
                      '<w:ins w:id="9" w:author="a"><w:r><w:t>x</w:t></w:r></w:ins>'
                      '<w:ins w:id="9" w:author="a"><w:r><w:t>y</w:t></w:r></w:ins>'),
        "revision id 9 used by another",
    ),
    "delText outside del": (
        lambda: _edit(DOC, '<w:t xml:space="preserve">Registry</w:t>', "<w:delText>Registry</w:delText>"),
        "w:delText outside",
    ),
    "t inside del": (
        lambda: _edit(DOC, '<w:r><w:t xml:space="preserve">Registry</w:t></w:r>',
                      '<w:del w:id="9" w:author="a"><w:r><w:t>Registry</w:t></w:r></w:del>'),
        "w:t inside a deletion",
    ),
    "comment range open": (lambda: _edit(DOC, '<w:commentRangeEnd w:id="0"/>', ""), "never ended"),
    "comment not in comments.xml": (
        lambda: _edit("word/comments.xml", 'w:comment w:id="0"', 'w:comment w:id="5"'),
        "absent from comments.xml",
    ),
    "bookmark not ended": (lambda: _edit(DOC, '<w:bookmarkEnd w:id="0"/>', ""), "bookmark id 0 never ended"),
    "bookmark name twice": (lambda: _edit(DOC, 'w:name="_Ref_annex"', 'w:name="_Ref_op2"'), "used again"),
    "endnote missing": (lambda: _edit(DOC, 'endnoteReference w:id="1"', 'endnoteReference w:id="4"'), "has no endnote"),
    "field not ended": (lambda: _edit(DOC, '<w:r><w:fldChar w:fldCharType="end"/></w:r>', ""), "never ended"),
    "move range unpaired": (
        lambda: _edit(DOC, "<w:body>", '<w:body><w:p><w:moveFromRangeStart w:id="7" w:name="m1" w:author="a"/></w:p>'),
        "moveFromRange 7",
    ),
    "not well-formed": (lambda: _edit(DOC, "</w:body>", "</w:bod>"), "not well-formed"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_validator_finds(kind: str) -> None:
    build, expected = BROKEN[kind]
    found = ooxml_check.problems(build())
    assert any(expected in p for p in found), found


def test_markup_compatibility_is_applied_before_the_schema() -> None:
    """Word's w14 attributes and mc:AlternateContent are not schema errors (a consumer ignores them)."""
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    data = _edit(
        DOC,
        "<w:body>",
        f'<w:body xmlns:w14="{w14}" xmlns:mc="{mc}" mc:Ignorable="w14"><w:p w14:paraId="1A2B3C4D">'
        f"<mc:AlternateContent><mc:Choice Requires=\"w14\"><w14:unknown/></mc:Choice>"
        "<mc:Fallback><w:r><w:t>x</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>",
    )
    assert ooxml_check.problems(data) == []


def test_new_problems_are_counted_per_kind_with_ids_masked() -> None:
    bad = BROKEN["bookmark not ended"][0]()
    assert ooxml_check.new_problems(bad, bad) == []
    assert ooxml_check.new_problems(bad, _zip(BASE)) == ["bookmark id 0 never ended"]
    renumbered = _edit(DOC, '<w:bookmarkEnd w:id="1"/>', "")  # the other bookmark: another id, same kind
    assert ooxml_check.new_problems(renumbered, bad) == []
    parts = dict(BASE)
    parts[DOC] = parts[DOC].decode().replace('<w:bookmarkEnd w:id="0"/>', "").replace(
        '<w:bookmarkEnd w:id="1"/>', "").encode()
    assert len(ooxml_check.new_problems(_zip(parts), bad)) == 1  # one more of the kind than the input had


@pytest.mark.skipif(not CORPUS_DOCX, reason="../shared/corpus absent")
def test_real_files_are_checked_without_crashing() -> None:
    """Real Word, python-docx and pdf2docx files: each gives a list (their own problems are allowed as inputs)."""
    for path in CORPUS_DOCX:
        found = ooxml_check.problems(path)
        assert isinstance(found, list)
        assert not any("not well-formed" in p for p in found), path


# -- the guard tells outputs from inputs -----------------------------------------------------------


def test_guard_flags_a_project_output_written_to_memory() -> None:
    guard = Guard()
    guard.install()
    try:
        bad = BROKEN["bookmark not ended"][0]()  # written by this test: an input
        assert guard.inputs and not guard.outputs
        buf = io.BytesIO()
        _project_write(buf, bad)
    finally:
        Guard.uninstall()
    assert len(guard.outputs) == 1
    assert guard.problems() == []  # the input had the same problem
    guard.inputs.clear()
    assert [p.split(": ", 1)[1] for p in guard.problems()] == ["bookmark id 0 never ended"]


def _project_write(buf: io.BytesIO, data: bytes) -> None:
    """Copy a package through a zip writer called from resdraft code (compiled with a resdraft file name)."""
    import resdraft

    source = (
        "import io, zipfile\n"
        "def copy(buf, data):\n"
        "    src = zipfile.ZipFile(io.BytesIO(data))\n"
        "    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as zf:\n"
        "        for n in src.namelist():\n"
        "            zf.writestr(n, src.read(n))\n"
    )
    namespace: dict[str, object] = {}
    exec(compile(source, str(Path(resdraft.__file__).with_name("_guard_probe.py")), "exec"), namespace)
    namespace["copy"](buf, data)  # type: ignore[operator]


def test_guard_treats_tmp_path_files_present_before_the_body_as_inputs(tmp_path: Path) -> None:
    (tmp_path / "in.docx").write_bytes(BROKEN["field not ended"][0]())
    guard = Guard()
    guard.snapshot(tmp_path)
    out = _edit(DOC, '<w:r><w:fldChar w:fldCharType="end"/></w:r>', "", count=2)  # e.g. a subprocess output
    (tmp_path / "out.docx").write_bytes(out)
    guard.collect(tmp_path)
    assert [label for label, _ in guard.outputs.values()] == [str(tmp_path / "out.docx")]
    assert [p.split(": ", 1)[1] for p in guard.problems()] == [
        "word/document.xml: field begun and never ended"
    ]  # the input had one field left open, the output two: one is new
    guard.inputs.clear()
    assert any("never ended" in p for p in guard.problems())


def test_guard_takes_a_damaged_zip_in_tmp_path_for_a_hostile_input(tmp_path: Path) -> None:
    guard = Guard()
    guard.snapshot(tmp_path)
    data = _zip(BASE)
    (tmp_path / "truncated.docx").write_bytes(data[: len(data) // 2])
    guard.collect(tmp_path)
    assert not guard.outputs and len(guard.inputs) == 1


def test_registered_outputs_are_checked_after_the_test(ooxml_guard: Guard) -> None:
    ooxml_guard.register(_zip(BASE), _zip(BASE))
    assert len(ooxml_guard.outputs) == 1 and ooxml_guard.problems() == []


# -- lxml accept / reject ----------------------------------------------------------------------------


def test_counts_see_each_feature() -> None:
    c = xmlcounts.counts(_zip(BASE))
    assert (c.tables, c.rows, c.cells, c.header_rows, c.merged_cells) == (1, 5, 14, 1, 3)
    assert c.drawings == 1 and c.images != ["missing"]
    assert c.hyperlinks == ["#_Ref_annex", "https://asp.icc-cpi.int/calendar"]
    assert c.bookmarks == ["_Ref_annex", "_Ref_op2"]
    assert c.fields == ["PAGEREF _REF_ANNEX", "REF _REF_OP2", "REF _REF_OP2"]
    assert (c.footnotes, c.endnotes, c.content_controls, c.comments) == (1, 1, 2, 1)
    assert c.sections == ["portrait", "landscape"]
    assert c.headers == ["ICC-ASP/21/L.5"]


def _revised() -> bytes:
    """The base draft plus a tracked row insertion and a tracked deletion of a paragraph holding a field."""
    author = 'w:author="a" w:date="2023-01-01T00:00:00Z"'
    row = (
        f'<w:tr><w:trPr><w:ins w:id="90" {author}/></w:trPr><w:tc><w:p><w:ins w:id="91" {author}>'
        "<w:r><w:t>new</w:t></w:r></w:ins></w:p></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"
    )
    deleted_para = (
        f'<w:p><w:pPr><w:rPr><w:del w:id="92" {author}/></w:rPr></w:pPr><w:del w:id="93" {author}><w:r>'
        '<w:fldChar w:fldCharType="begin"/></w:r><w:r><w:delInstrText> REF _Ref_op2 </w:delInstrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:del></w:p>'
    )
    parts = dict(BASE)
    doc = parts[DOC].decode()
    doc = doc.replace("</w:tr>", "</w:tr>" + row, 1).replace("<w:body>", "<w:body>" + deleted_para)
    parts[DOC] = doc.encode()
    return _zip(parts)


def test_lxml_accept_and_reject_resolve_row_and_paragraph_revisions() -> None:
    data = _revised()
    assert ooxml_check.problems(data) == []
    base = xmlcounts.counts(_zip(BASE))
    accepted, rejected = xmlcounts.accept_all(data), xmlcounts.reject_all(data)
    assert rejected.diff(base) == {"fields": (sorted([*base.fields, "REF _REF_OP2"]), base.fields)}
    assert accepted.diff(base) == {"rows": (6, 5), "cells": (17, 14)}


@pytest.mark.office
def test_libreoffice_resolves_as_lxml_does(tmp_path: Path, office: object) -> None:
    """The harness saves the accepted and rejected file; its counts agree with the lxml resolution."""
    src = tmp_path / "revised.docx"
    src.write_bytes(_revised())
    saved = {s: tmp_path / f"{s}.docx" for s in ("original", "accepted", "rejected")}
    rt = office.texts(src, save=saved)  # type: ignore[attr-defined]
    assert rt.load_ok and all(p.is_file() for p in saved.values())
    as_saved = xmlcounts.counts(saved["original"])
    assert (as_saved.rows, as_saved.fields.count("REF _REF_OP2")) == (6, 3)
    accepted, rejected = xmlcounts.counts(saved["accepted"]), xmlcounts.counts(saved["rejected"])
    assert (accepted.rows, accepted.fields.count("REF _REF_OP2")) == (xmlcounts.accept_all(src).rows, 2)
    assert (rejected.rows, rejected.fields.count("REF _REF_OP2")) == (xmlcounts.reject_all(src).rows, 3)


# -- what the project writes today that is not valid on its own -------------------------------------


def test_render_output_is_valid_on_its_own(tmp_path: Path) -> None:
    from resdraft.parse import parse_file
    from resdraft.render import render_docx

    src = tmp_path / "draft.md"
    src.write_text("# Cooperation\n\nThe Assembly of States Parties,\n\n1. Decides to meet again;\n", encoding="utf-8")
    out = tmp_path / "draft.docx"
    render_docx(parse_file(src), out)
    assert ooxml_check.problems(out) == []
