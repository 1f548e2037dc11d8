"""`resdraft merge`: attribution, merged and competing proposals, the summary, bad input (no LibreOffice).

The drafts are built by `tests.mergedrafts` (text written for these tests).
LibreOffice round trips of the same compilation are in test_merge_office.py.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.clitools import run_cli as run
from tests.docxbuild import build_docx, para
from tests.mergedrafts import AUTHOR_MAP, make_drafts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REVISIONS = tuple(f"{{{W}}}{t}" for t in ("ins", "del"))


@pytest.fixture
def drafts(tmp_path: Path) -> dict[str, Path]:
    found = make_drafts(tmp_path)
    found["map"] = tmp_path / "map.toml"
    found["map"].write_text(AUTHOR_MAP, encoding="utf-8")
    return found


def _args(d: dict[str, Path], out: Path, *extra: str) -> list[str]:
    copies = [str(d[k]) for k in ("mexico", "switzerland", "eu", "norway", "kenya", "japan")]
    return ["merge", str(d["base"]), *copies, "-o", str(out), "--author-map", str(d["map"]),
            "--as", "norway.docx=Norway", "--author", "Chair", "--date", "2024-06-01", *extra]


def _xml(path: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(part))


def _comments(path: Path) -> list[tuple[str, str]]:
    root = _xml(path, "word/comments.xml")
    return [(c.get(f"{{{W}}}author"), "\n".join("".join(p.itertext()) for p in c.iter(f"{{{W}}}p")))
            for c in root.iter(f"{{{W}}}comment")]


def test_summary_json_lists_every_proposal_with_its_delegation(drafts: dict[str, Path], tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "compilation.docx"
    code, stdout, stderr = run([*_args(drafts, out), "--format", "json"], capsys)
    assert code == 0, stderr
    data = json.loads(stdout)
    assert data["delegations"] == ["Mexico", "Switzerland", "European Union", "Norway", "Kenya"]
    sources = {Path(c["file"]).stem: (c["delegation"], c["from"]) for c in data["copies"]}
    assert sources["mexico"] == ("Mexico", "tracked changes")
    assert sources["switzerland"] == ("Switzerland", "core.xml")
    assert sources["norway"] == ("Norway", "--as")
    assert sources["japan"] == ("japan", "file name")  # its core.xml names BASE's author, not a delegation
    assert "no proposals from japan (japan.docx): skipped" in stderr
    by_change = {(p["paragraph"], p["change"]): p for p in data["proposals"]}
    joint = by_change[("OP1", "\u201cNotes\u201d \u2192 \u201cWelcomes\u201d")]
    assert joint["delegations"] == ["Mexico", "Switzerland"] and joint["status"] == "merged"
    assert by_change[("OP5", "insert \u201cin writing\u201d")]["delegations"] == ["Mexico"]  # m.perez, mapped
    assert by_change[("OP2", "\u201cbefore the next session\u201d \u2192 \u201cby 30 June\u201d")]["delegations"] == [
        "Kenya"]
    assert any(p["paragraph"] == "FN1" and p["delegations"] == ["European Union"] for p in data["proposals"])
    assert any(p["paragraph"].startswith("new after OP2") for p in data["proposals"])
    [conflict] = data["conflicts"]
    assert conflict["paragraph"] == "OP4" and conflict["base"] == "next"
    assert [a["delegations"] for a in conflict["alternatives"]] == [["Switzerland"], ["European Union"]]
    assert [a["text"] for a in conflict["alternatives"]] == ["twenty-fifth", "resumed"]
    assert data["renumbered"] == 3  # OP3..OP5 follow the EU's new paragraph; the copy's own renumbering is no proposal


def test_table_on_stdout(drafts: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(_args(drafts, tmp_path / "c.docx"), capsys)
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0].split() == ["paragraph", "delegation", "change", "status"]
    assert any("OP4" in x and "European Union" in x and "alternative 2/2 (conflict 1)" in x for x in lines)
    assert "conflict 1 in OP4: 2 alternatives (Switzerland; European Union)" in lines


def test_revisions_are_by_delegations_and_base_revisions_untouched(drafts: dict[str, Path], tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "c.docx"
    assert run(_args(drafts, out), capsys)[0] == 0
    doc = _xml(out)
    authors = {el.get(f"{{{W}}}author") for part in ("word/document.xml", "word/footnotes.xml")
               for el in _xml(out, part).iter(*REVISIONS)}
    assert authors == {"Mexico", "Switzerland", "European Union", "Norway", "Kenya", "Chair", "Facilitator"}
    base_revs = [etree.tostring(el) for el in _xml(drafts["base"]).iter(*REVISIONS)]
    kept = [etree.tostring(el) for el in doc.iter(*REVISIONS) if el.get(f"{{{W}}}author") == "Facilitator"]
    assert kept == base_revs and len(base_revs) == 2
    # the compiler made only the deletion before the alternatives and the renumbering
    chair = ["".join(el.itertext()) for el in doc.iter(*REVISIONS) if el.get(f"{{{W}}}author") == "Chair"]
    assert chair == ["3", "4", "4", "5", "next", "5", "6"]


def test_one_comment_per_proposal(drafts: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "c.docx"
    code, stdout, _ = run([*_args(drafts, out), "-f", "json"], capsys)
    assert code == 0
    comments = _comments(out)
    assert len(comments) == len(json.loads(stdout)["proposals"])
    assert ("Mexico", "Proposed by Mexico, Switzerland") in comments
    assert ("Switzerland", "Alternative 1 of 2 (Switzerland) to \u201cnext\u201d") in comments
    assert ("European Union", "Alternative 2 of 2 (European Union) to \u201cnext\u201d") in comments
    assert all(text.startswith(("Proposed by", "Alternative", "Footnote 1: Proposed by")) for _, text in comments)


def test_same_date_same_bytes(drafts: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run(_args(drafts, a), capsys)[0] == 0
    assert run(_args(drafts, b), capsys)[0] == 0
    assert a.read_bytes() == b.read_bytes()


def test_authors_without_a_map_are_named_as_they_are(drafts: dict[str, Path], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(["merge", str(drafts["base"]), str(drafts["mexico"]), "-o", str(tmp_path / "c.docx"),
                           "-f", "json"], capsys)
    assert code == 0
    data = json.loads(stdout)
    assert data["delegations"] == ["j.doe", "m.perez"]  # each revision credited to who made it


def test_two_copies_of_one_delegation_are_one_delegation(drafts: dict[str, Path], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, stderr = run(["merge", str(drafts["base"]), str(drafts["switzerland"]), str(drafts["kenya"]),
                                "--as", "switzerland.docx=Mexico", "--as", "kenya.docx=Mexico",
                                "-o", str(tmp_path / "c.docx"), "-f", "json"], capsys)
    assert code == 0, stderr
    data = json.loads(stdout)
    assert data["delegations"] == ["Mexico"]
    assert "2 copies from Mexico (switzerland.docx, kenya.docx) merged as one delegation" in data["notes"]
    assert "merged as one delegation" in stderr


def test_a_copy_of_another_draft_is_refused(drafts: dict[str, Path], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    other = build_docx(tmp_path / "other.docx", "".join(para(t) for t in (
        "Draft decision on the seat of the secretariat", "The Conference of the Parties,",
        "1.\tAccepts the offer of the host country;", "2.\tRequests a report on the premises;")))
    out = tmp_path / "c.docx"
    code, _, stderr = run(["merge", str(drafts["base"]), str(drafts["mexico"]), str(other), "-o", str(out)], capsys)
    assert code == 2
    assert "other.docx" in stderr and "not a copy of BASE" in stderr and len(stderr.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("bad", ["garbage", "map", "as", "output"])
def test_bad_input_exit_2_and_no_output(bad: str, drafts: dict[str, Path], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "c.docx"
    args = ["merge", str(drafts["base"]), str(drafts["mexico"]), "-o", str(out)]
    if bad == "garbage":
        broken = tmp_path / "broken.docx"
        broken.write_bytes(b"not a zip at all")
        args.insert(3, str(broken))
    elif bad == "map":
        (tmp_path / "bad.toml").write_text('"j.doe" = 3\n', encoding="utf-8")
        args += ["--author-map", str(tmp_path / "bad.toml")]
    elif bad == "as":
        args += ["--as", "nowhere.docx=Peru"]
    else:
        out = tmp_path / "c.txt"
        args[-1] = str(out)
    before = {p: p.read_bytes() for p in drafts.values()}
    code, _, stderr = run(args, capsys)
    assert code == 2
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr
    assert not out.exists()
    assert {p: p.read_bytes() for p in drafts.values()} == before


def test_markdown_base_and_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = tmp_path / "zero.md"
    base.write_text("# Draft on the review of working methods\n\nThe Assembly of States Parties,\n\n"
                    "1. *Decides* to review its working methods at its next session;\n\n"
                    "2. *Requests* the Bureau to report on the review.\n", encoding="utf-8")
    copy = tmp_path / "peru.md"
    copy.write_text(base.read_text(encoding="utf-8").replace("next session", "resumed session"), encoding="utf-8")
    code, stdout, stderr = run(["merge", str(base), str(copy), "-o", str(tmp_path / "c.docx"), "-f", "json"], capsys)
    assert code == 0, stderr
    [proposal] = json.loads(stdout)["proposals"]
    assert proposal["delegations"] == ["peru"] and proposal["new"] == "resumed"


def test_html_page_has_a_colour_and_an_index_per_delegation(drafts: dict[str, Path], tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "compilation.html"
    code, _, err = run([*_args(drafts, tmp_path / "c.docx"), "--html", str(page)], capsys)
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    for k, (name, count) in enumerate([("Mexico", 2), ("Switzerland", 2), ("European Union", 3), ("Norway", 1),
                                       ("Kenya", 1)]):
        assert f'<h3 class="d-{k}"><span class="sw"></span>{name} ({count})</h3>' in html
    assert 'class="dl d-1" title="Alternative 1 of 2 (Switzerland) to \u201cnext\u201d">twenty-fifth</ins>' in html
    assert '<ol id="conflicts">' in html and "no proposals from japan" in html


def test_competing_words_separated_only_by_a_space_are_one_conflict(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    def draft(name: str, text: str) -> Path:
        return build_docx(tmp_path / f"{name}.docx", "".join(para(t) for t in (
            "The Assembly of States Parties,", text, "2.\tRequests the Bureau to report on the review.")))

    base = draft("base", "1.\tDecides to review the matter at its next session;")
    chile = draft("chile", "1.\tDecides to review the matter at its resumed session;")
    peru = draft("peru", "1.\tDecides to review the matter at its next two sessions;")
    code, stdout, err = run(["merge", str(base), str(chile), str(peru), "-o", str(tmp_path / "c.docx"), "-f", "json"],
                            capsys)
    assert code == 0, err
    [conflict] = json.loads(stdout)["conflicts"]
    assert [a["text"] for a in conflict["alternatives"]] == ["resumed session", "next two sessions"]


def test_delegations_comments_reach_the_compilation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.docxbuild import comment

    def anchored(cid: int, text: str) -> str:
        return (f'<w:commentRangeStart w:id="{cid}"/>' + para(text)[5:-6] + f'<w:commentRangeEnd w:id="{cid}"/>'
                f'<w:r><w:commentReference w:id="{cid}"/></w:r>')

    def draft(name: str, op1: str, op2: str, notes: dict[int, str]) -> Path:
        body = [para("The Assembly of States Parties,")]
        for cid, text in ((1, op1), (2, op2)):
            body.append(f"<w:p>{anchored(cid, text)}</w:p>" if cid in notes else para(text))
        return build_docx(tmp_path / f"{name}.docx", "".join(body),
                          comments="".join(comment(cid, text) for cid, text in notes.items()) or None)

    op1, op2 = "1.\tDecides to meet again next year;", "2.\tRequests a report on the meeting."
    base = draft("base", op1, op2, {1: "Facilitator: the date is still open"})
    chile = draft("chile", op1.replace("next year", "in 2026"), op2,
                  {1: "Facilitator: the date is still open", 2: "We need the report before the budget talks"})
    chile_xml = zipfile.ZipFile(chile).read("word/document.xml")
    assert b"commentReference" in chile_xml
    peru = draft("peru", op1.replace("Decides", "Agrees"), op2, {1: "A softer verb, please"})
    out = tmp_path / "c.docx"
    code, _, err = run(["merge", str(base), str(chile), str(peru), "-o", str(out), "--as", "chile.docx=Chile",
                        "--as", "peru.docx=Peru"], capsys)
    assert code == 0, err
    texts = [text for _author, text in _comments(out)]
    assert "Proposed by Peru\nPeru: A softer verb, please" in texts  # with the proposal it explains
    assert texts.count("Facilitator: the date is still open") == 1  # BASE's own, kept once
    assert "Chile: We need the report before the budget talks" in texts  # on a paragraph Chile did not change
    assert "2 comment(s) of the delegations carried into the compilation" in err
