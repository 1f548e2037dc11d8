"""`resdraft merge` in LibreOffice: reject-all is BASE, accept-all is every proposal applied (no conflicts).

Also `compare` on an OLD that holds another author's pending changes: those
stay exactly as they were, and accept/reject give NEW/OLD.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.clitools import run_cli as run
from tests.mergedrafts import AUTHOR_MAP, eu_without_conflict, expected_accepted, make_drafts

pytestmark = pytest.mark.office

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REVISIONS = tuple(f"{{{W}}}{t}" for t in ("ins", "del"))
DELEGATIONS = {"Mexico", "Switzerland", "European Union", "Norway", "Kenya"}


def _merge(tmp_path: Path, capsys: pytest.CaptureFixture[str], *, conflicts: bool) -> tuple[dict[str, Path], Path]:
    d = make_drafts(tmp_path)
    if not conflicts:
        d["eu"] = eu_without_conflict(tmp_path)
        del d["switzerland"]
    (tmp_path / "map.toml").write_text(AUTHOR_MAP, encoding="utf-8")
    copies = [str(d[k]) for k in ("mexico", "switzerland", "eu", "norway", "kenya", "japan") if k in d]
    out = tmp_path / "compilation.docx"
    code, _, err = run(["merge", str(d["base"]), *copies, "-o", str(out), "--author-map", str(tmp_path / "map.toml"),
                        "--as", "norway.docx=Norway", "--author", "Chair", "--date", "2024-06-01"], capsys)
    assert code == 0, err
    return d, out


def test_reject_all_is_base_and_authors_are_delegations(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         office: object) -> None:
    d, out = _merge(tmp_path, capsys, conflicts=True)
    base, red = office.texts_many([d["base"], out])  # type: ignore[attr-defined]
    assert red.load_ok and not red.warnings
    assert red.rejected == base.rejected  # BASE's own pending changes rejected too
    assert red.footnotes_rejected == base.footnotes_rejected
    assert {r.author for r in red.redline_info} == DELEGATIONS | {"Chair", "Facilitator"}
    facilitator = [(r.kind, r.text) for r in red.redline_info if r.author == "Facilitator"]
    assert facilitator == [("Insert", "a consolidated "), ("Delete", "promptly ")]
    texts = [text for _author, text, _anchor in red.comments]
    assert len(texts) == 8 and "Alternative 2 of 2 (European Union) to \u201cnext\u201d" in texts
    assert all(author in DELEGATIONS for author, _text, _anchor in red.comments)


def test_accept_all_applies_every_proposal(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           office: object) -> None:
    d, out = _merge(tmp_path, capsys, conflicts=False)
    expected = expected_accepted(tmp_path)
    base, want, red = office.texts_many([d["base"], expected, out])  # type: ignore[attr-defined]
    assert red.accepted == want.original
    assert red.footnotes_accepted == want.footnotes_original
    assert red.rejected == base.rejected
    assert red.redlines_after_accept == 0 and red.redlines_after_reject == 0
    with zipfile.ZipFile(d["base"]) as a, zipfile.ZipFile(out) as b:
        before = [etree.tostring(x) for x in etree.fromstring(a.read("word/document.xml")).iter(*REVISIONS)]
        after = [etree.tostring(x) for x in etree.fromstring(b.read("word/document.xml")).iter(*REVISIONS)
                 if x.get(f"{{{W}}}author") == "Facilitator"]
    assert after == before


def test_compare_leaves_another_authors_revisions(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  office: object) -> None:
    d = make_drafts(tmp_path)
    new = expected_accepted(tmp_path)  # NEW keeps the facilitator's pending insertion, drops "promptly"
    out = tmp_path / "redline.docx"
    code, _, err = run(["compare", str(d["base"]), str(new), "-o", str(out), "--date", "2024-06-01",
                        "--author", "Reviewer"], capsys)
    assert code == 0, err
    base, want, red = office.texts_many([d["base"], new, out])  # type: ignore[attr-defined]
    assert red.accepted == want.original
    assert red.rejected == base.rejected
    assert [(r.kind, r.text) for r in red.redline_info if r.author == "Facilitator"] == [
        ("Insert", "a consolidated "), ("Delete", "promptly ")]
    with zipfile.ZipFile(d["base"]) as a, zipfile.ZipFile(out) as b:
        before = [etree.tostring(x) for x in etree.fromstring(a.read("word/document.xml")).iter(*REVISIONS)]
        after = [etree.tostring(x) for x in etree.fromstring(b.read("word/document.xml")).iter(*REVISIONS)
                 if x.get(f"{{{W}}}author") == "Facilitator"]
    assert after == before


def test_hard_conflicts_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str], office: object) -> None:
    """Competing footnote edits, competing insertions at one point, a deletion against an edit."""
    from tests.mergedrafts import NOTE, PP2, _paragraphs, build

    base = build(tmp_path / "base.docx", _paragraphs())
    one = build(tmp_path / "one.docx", _paragraphs(op5=[run_text("to report promptly to the Assembly on progress "
                                                                 "made.")], tracked_base=False),
                note=NOTE.replace("the annex", "annex I"))
    two = build(tmp_path / "two.docx", _paragraphs(op5=[run_text("to report annually to the Assembly on progress "
                                                                 "made.")], drop_pp2=True, tracked_base=False),
                note=NOTE.replace("the annex", "annex III"))
    three = build(tmp_path / "three.docx", _paragraphs(op1="Takes note of", drop_pp2=False, tracked_base=False))
    four = build(tmp_path / "four.docx", _paragraphs(op1="Welcomes", tracked_base=False))
    five = build(tmp_path / "five.docx", _paragraphs(pp2=PP2.replace("earlier", "previous"), tracked_base=False))
    out = tmp_path / "c.docx"
    code, stdout, err = run(["merge", str(base), str(one), str(two), str(three), str(four), str(five), "-o", str(out),
                             "--date", "2024-06-01", "-f", "json"], capsys)
    assert code == 0, err
    import json

    data = json.loads(stdout)
    assert len(data["conflicts"]) == 4  # PP1 deleted and edited, OP1, OP5's insertion point, FN1
    deleted = next(c for c in data["conflicts"] if c["paragraph"] == "PP1")
    assert [a["delegations"] for a in deleted["alternatives"]] == [["two"], ["five"]]
    assert deleted["alternatives"][0]["change"] == "delete the paragraph"
    assert deleted["alternatives"][1]["text"] == PP2.replace("earlier", "previous")  # the paragraph as five reads it
    base_t, red = office.texts_many([base, out])  # type: ignore[attr-defined]
    assert red.load_ok and not red.warnings
    assert red.rejected == base_t.rejected and red.footnotes_rejected == base_t.footnotes_rejected
    assert len(red.comments) == len(data["proposals"])
    assert sum(text.startswith("Footnote 1: Alternative") for _a, text, _r in red.comments) == 2


def run_text(text: str) -> str:
    from tests.docxbuild import run as xml_run

    return xml_run(text)
