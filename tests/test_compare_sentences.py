"""Word edits next to what shows no text: endnote marks at a span's edges, whole fields, comment ranges.

The word diff sees text only; these pairs check that compare gives each endnote
mark to the right text (deleted, inserted or kept), takes a field whose result a
span ends on, and pairs a paragraph that gains a long sentence with itself.
Counts after accept/reject (lxml) must equal NEW/OLD; the marks must sit where
NEW has them.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from support import richdocx, xmlcounts
from support.richdocx import T_, Bookmark, Comment, Draft, Field, Note, Para

from resdraft.redline.align import align

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _draft(*paras: list[richdocx.Piece]) -> Draft:
    return Draft([Para(list(p)) for p in paras])


def _compare(tmp_path: Path, old: Draft, new: Draft) -> Path:
    from resdraft.cli import main

    a, b = richdocx.write_docx(old, tmp_path / "old.docx"), richdocx.write_docx(new, tmp_path / "new.docx")
    out = tmp_path / "out.docx"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
            contextlib.suppress(SystemExit):
        main(["compare", str(a), str(b), "-o", str(out), "--date", "2023-03-01T10:00:00Z", "--force"])
    assert out.exists()
    assert xmlcounts.accept_all(out).diff(xmlcounts.counts(b)) == {}
    assert xmlcounts.reject_all(out).diff(xmlcounts.counts(a)) == {}
    return out


def _accepted_order(out: Path) -> list[str]:
    """The first paragraph after accept-all, as its words and endnote marks ("^") in order."""
    with zipfile.ZipFile(out) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    xmlcounts.resolve(root, accept=True)
    p = next(root.iter(f"{W}p"))
    out_list: list[str] = []
    for el in p.iter(f"{W}t", f"{W}endnoteReference"):
        out_list.extend(["^"] if el.tag == f"{W}endnoteReference" else (el.text or "").split())
    return out_list


OPENING = [T_("Welcomes the report prepared by the Secretariat")]


def test_words_inserted_before_a_kept_endnote_mark_go_before_it(tmp_path: Path) -> None:
    old = _draft([*OPENING, Note("endnote", "An informal paper."), T_(";")])
    new = _draft([*OPENING, T_(" and the Registry"), Note("endnote", "An informal paper."), T_(";")])
    out = _compare(tmp_path, old, new)
    assert _accepted_order(out)[-6:] == ["Secretariat", "and", "the", "Registry", "^", ";"]


def test_words_deleted_before_a_kept_endnote_mark_leave_it(tmp_path: Path) -> None:
    old = _draft([*OPENING, T_(" and the Registry"), Note("endnote", "An informal paper."), T_(";")])
    new = _draft([*OPENING, Note("endnote", "An informal paper."), T_(";")])
    out = _compare(tmp_path, old, new)
    assert _accepted_order(out)[-3:] == ["Secretariat", "^", ";"]


def test_a_sentence_added_after_an_endnote_mark_brings_its_own(tmp_path: Path) -> None:
    old = _draft([*OPENING, Note("endnote", "An informal paper."), T_(";")])
    new = _draft([*OPENING, Note("endnote", "An informal paper."), T_(", and notes the staffing of the unit"),
                  Note("endnote", "Two posts are vacant."), T_(";")])
    out = _compare(tmp_path, old, new)
    assert _accepted_order(out)[-5:] == ["of", "the", "unit", "^", ";"]


def test_a_sentence_deleted_with_its_endnote_mark_takes_it(tmp_path: Path) -> None:
    old = _draft([*OPENING, Note("endnote", "An informal paper."), T_(", and notes the staffing of the unit"),
                  Note("endnote", "Two posts are vacant."), T_(";")])
    new = _draft([*OPENING, Note("endnote", "An informal paper."), T_(";")])
    out = _compare(tmp_path, old, new)
    assert _accepted_order(out)[-3:] == ["Secretariat", "^", ";"]


def test_a_deleted_span_ending_on_a_field_result_takes_the_field(tmp_path: Path) -> None:
    old = _draft([*OPENING, T_(", as set out in paragraph "), Field("REF _Ref_x \\h", "2."), T_(";")])
    new = _draft([*OPENING, T_(";")])
    _compare(tmp_path, old, new)


def test_a_paragraph_that_gains_a_long_sentence_is_the_same_paragraph() -> None:
    short = "The dates may be changed by the Bureau."
    long_ = ("The dates may be changed by the Bureau, and further the Bureau shall report on the changes it "
             "makes to the schedule at each of its meetings.")
    assert [s.kind for s in align([short], [long_])] == ["replace"]
    assert [s.kind for s in align(["Annex"], ["Annex to the report of the Bureau"])] != ["replace"]


@pytest.mark.parametrize("gained", ["one", "two"])
def test_a_changed_middle_is_not_one_stretch(gained: str) -> None:
    """Text changed inside (not one stretch added) stays below the pairing threshold as before."""
    old = "Alpha beta gamma delta epsilon zeta."
    new = ("Alpha completely different words here and more of them, with a long tail of unrelated text " + gained
           + " zeta.")
    assert [s.kind for s in align([old], [new])] == ["delete", "insert"]


def test_words_deleted_up_to_a_commented_range_end_take_the_comment(tmp_path: Path) -> None:
    old = _draft([T_("Stresses the need for "), Comment("timely translation", "Which languages?"), T_(";")])
    new = _draft([T_("Stresses the need;")])
    _compare(tmp_path, old, new)


def test_a_sentence_starting_on_a_bookmark_is_copied_with_it(tmp_path: Path) -> None:
    old = _draft([T_("2."), T_(" Decides to act on the report;")])
    new = _draft([T_("2."), Bookmark("_Ref_new", "Requests"), T_(" a report and"),
                  T_(" Decides to act on the report;")])
    _compare(tmp_path, old, new)


def _tags(out: Path) -> dict[str, list[str]]:
    with zipfile.ZipFile(out) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    found: dict[str, list[str]] = {}
    for el in root.iter(f"{W}moveFrom", f"{W}moveTo", f"{W}moveFromRangeStart", f"{W}moveToRangeStart",
                        f"{W}ins", f"{W}del"):
        found.setdefault(etree.QName(el).localname, []).append(el.get(f"{W}name") or "")
    return found


def test_a_sentence_moved_to_another_paragraph_is_a_move_revision(tmp_path: Path) -> None:
    moved = [T_(" The Bureau shall report on it"), Note("endnote", "At its next meeting."), T_(".")]
    old = _draft([T_("Decides to review the schedule."), *moved], [T_("Invites comments on the schedule.")])
    new = _draft([T_("Decides to review the schedule.")], [T_("Invites comments on the schedule."), *moved])
    tags = _tags(_compare(tmp_path, old, new))
    assert "ins" not in tags and "del" not in tags
    assert tags["moveFromRangeStart"] == tags["moveToRangeStart"] and len(tags["moveFromRangeStart"]) == 1


def test_two_words_deleted_and_inserted_elsewhere_are_no_move(tmp_path: Path) -> None:
    old = _draft([T_("Decides to review the schedule and lists.")], [T_("Invites comments on the schedule.")])
    new = _draft([T_("Decides to review the schedule.")], [T_("Invites comments on the schedule and lists.")])
    tags = _tags(_compare(tmp_path, old, new))
    assert "moveFrom" not in tags and "ins" in tags and "del" in tags
