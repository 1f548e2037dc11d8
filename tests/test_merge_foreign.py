"""Drafts that hold other authors' pending revisions: carry-over leaves them as they are.

A carry-over change that falls inside another author's pending insertion
becomes a review comment on it saying why; changes elsewhere are made.
(`compare` on such a draft is tested in test_merge_office.py.)
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.clitools import run_cli as run

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "cooperation-adopted.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REV = 'w:author="Facilitator" w:date="2024-05-01T10:00:00Z"'
REVISIONS = tuple(f"{{{W}}}{t}" for t in ("ins", "del"))


def _with_pending_changes(tmp_path: Path) -> Path:
    """The sample with the facilitator's pending changes: OP15's clause inserted, a word deleted in OP25."""
    out = tmp_path / "pending.docx"
    shutil.copy(SAMPLE, out)
    with zipfile.ZipFile(SAMPLE) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    clause = re.search(r'<w:r><w:t xml:space="preserve"> the Bureau, through its working groups,[^<]*</w:t></w:r>', xml)
    assert clause is not None
    xml = xml.replace(clause.group(0), f'<w:ins w:id="9001" {REV}>{clause.group(0)}</w:ins>', 1)
    anchor = '<w:r><w:t xml:space="preserve"> the Court to submit to the Assembly, at its'
    assert anchor in xml
    xml = xml.replace(anchor, f'<w:del w:id="9002" {REV}><w:r><w:delText xml:space="preserve"> promptly'
                              f'</w:delText></w:r></w:del>' + anchor, 1)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out


def _revisions(path: Path, author: str) -> list[bytes]:
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    return [etree.tostring(el) for el in root.iter(*REVISIONS) if el.get(f"{{{W}}}author") == author]


@pytest.fixture
def carried(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    source = _with_pending_changes(tmp_path)
    out = tmp_path / "draft.docx"
    code, _, err = run(["carry-over", str(source), "-o", str(out), "--to-session", "22", "--date", "2024-06-01"],
                       capsys)
    assert code == 0, err
    return source, out


def test_carry_over_keeps_other_authors_revisions(carried: tuple[Path, Path]) -> None:
    source, out = carried
    before = _revisions(source, "Facilitator")
    assert len(before) == 2 and _revisions(out, "Facilitator") == before
    with zipfile.ZipFile(out) as zf:
        comments = zf.read("word/comments.xml").decode("utf-8")
    assert "Not changed: this falls inside Facilitator\u2019s pending insertion" in comments.replace("'", "\u2019")


@pytest.mark.office
def test_carry_over_on_pending_changes_in_libreoffice(carried: tuple[Path, Path], office: object) -> None:
    source, out = carried
    original, draft = office.texts_many([source, out])  # type: ignore[attr-defined]
    assert draft.load_ok
    assert draft.rejected == original.rejected
    facilitator = [(r.kind, r.text.strip()) for r in draft.redline_info if r.author == "Facilitator"]
    assert [k for k, _ in facilitator] == ["Insert", "Delete"]
    assert "in advance of the twenty-second session" in draft.accepted  # inside the pending insertion: untouched
    assert "at its twenty-third session, an updated report" in draft.accepted  # next to the deletion: made


def test_compare_comments_instead_of_editing_inside_a_pending_insertion(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from tests.docxbuild import run as xml_run
    from tests.mergedrafts import _paragraphs, build, make_drafts

    old = make_drafts(tmp_path)["base"]
    new = build(tmp_path / "new.docx", _paragraphs(
        op1="Welcomes", tracked_base=False,
        op2_tail=[xml_run("overview of savings before the next session;")]).replace("a consolidated ", "an audited "))
    out = tmp_path / "redline.docx"
    code, _, err = run(["compare", str(old), str(new), "-o", str(out), "--date", "2024-06-01"], capsys)
    assert code == 0, err
    assert _revisions(out, "Facilitator") == _revisions(old, "Facilitator")
    with zipfile.ZipFile(out) as zf:
        comments = zf.read("word/comments.xml").decode("utf-8")
        document = zf.read("word/document.xml").decode("utf-8")
    assert "Not changed: this falls inside Facilitator" in comments and "audited" in comments
    assert "audited" not in document and ">Welcomes<" in document  # the edit outside is made


def test_a_paragraph_whose_mark_is_pending_is_not_deleted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The facilitator joined two paragraphs (a pending deleted mark); a copy drops the joined paragraph."""
    from tests.docxbuild import build_docx, deleted_mark, para

    texts = ["The Assembly of States Parties,", "1.\tDecides to meet in the spring;",
             "2.\tRequests a report", " on the meeting;", "3.\tInvites comments from observers."]
    base = build_docx(tmp_path / "base.docx", "".join(
        para(t, ppr=deleted_mark()) if k == 2 else para(t) for k, t in enumerate(texts)))
    copy = build_docx(tmp_path / "copy.docx", "".join(para(t) for k, t in enumerate(texts) if k not in (2, 3)))
    out = tmp_path / "c.docx"
    code, _, err = run(["merge", str(base), str(copy), "-o", str(out), "--as", "copy.docx=Chile",
                             "-f", "json"], capsys)
    assert code == 0, err
    assert _revisions(out, "Facilitator") == _revisions(base, "Facilitator")
    with zipfile.ZipFile(out) as zf:
        comments = zf.read("word/comments.xml").decode("utf-8")
    assert "Not deleted: this paragraph holds Facilitator" in comments
