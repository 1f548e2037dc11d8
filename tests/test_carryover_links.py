"""CO208: a carry-over change inside an external hyperlink says, in its comment, that the link still points
at the old document (issue 12: the text changes, the target cannot)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.clitools import run_cli
from tests.docxbuild import para, run
from tests.test_compare_features import build, link

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
URL = "https://asp.example.org/sessions/twenty-second"


def _draft(path: Path) -> Path:
    body = "".join([
        para("Resolution ICC-ASP/21/Res.7"),
        para("The Assembly of States Parties,"),
        para("Recalling its resolutions ICC-ASP/19/Res.2 and ICC-ASP/20/Res.5,"),
        para(run("1.\tDecides to consider the matter again at its "), link("rIdL1", "twenty-second session"),
             run(", on the basis of a report of the Bureau;")),
        para("2.\tRequests the Bureau to report to the Assembly at its twenty-second session;"),
    ])
    return build(path, body, links={"rIdL1": URL})


def _comments(out: Path) -> list[str]:
    with zipfile.ZipFile(out) as zf:
        if "word/comments.xml" not in zf.namelist():
            return []
        root = etree.fromstring(zf.read("word/comments.xml"))
    return ["\n".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in c.iter(f"{{{W}}}p"))
            for c in root.iter(f"{{{W}}}comment")]


def test_a_change_inside_a_link_names_the_link_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "next.docx"
    code, _, err = run_cli(["carry-over", str(_draft(tmp_path / "src.docx")), "-o", str(out)], capsys)
    assert code == 0, err
    comments = _comments(out)
    linked = [c for c in comments if "CO208" in c]
    assert len(linked) == 1, comments
    assert URL in linked[0] and "CO103" in linked[0]  # the change's own comment, then the note
    # the same change outside a link gets no such note
    plain = [c for c in comments if "CO103" in c and "CO208" not in c]
    assert plain, comments
    # the link keeps its target (only the text is tracked)
    with zipfile.ZipFile(out) as zf:
        rels = zf.read("word/_rels/document.xml.rels").decode()
    assert URL in rels


def test_ignoring_co208_leaves_the_note_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "next.docx"
    code, _, err = run_cli(["carry-over", str(_draft(tmp_path / "src.docx")), "-o", str(out),
                            "--ignore", "CO208"], capsys)
    assert code == 0, err
    comments = _comments(out)
    assert comments and not any("CO208" in c for c in comments)
    assert sum("CO103" in c for c in comments) >= 2
