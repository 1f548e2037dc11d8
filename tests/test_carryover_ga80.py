"""Carry-over on the real GA texts of the eightieth session (../shared/corpus/ga80-clean) to the eighty-first.

The answer key below is what a Secretariat editor changes in each text every year, found by reading
them: short anchors only (the changed words and their kind), never the texts' sentences. Each text is
read in its three forms (.md, typed .docx, auto-numbered .docx). `python tests/test_carryover_ga80.py`
prints the score X/Y and the proposals outside the key (run it with PYTHONPATH at any checkout).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from resdraft.accepted import apply_to_text
from resdraft.carryover import plan_carry_over
from resdraft.parse import parse_file

CLEAN = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ga80-clean"
FORMATS = ("src/{}.md", "docx/{}.typed.docx", "docx/{}.autonum.docx")
needs_corpus = pytest.mark.skipif(not CLEAN.is_dir(), reason="../shared/corpus/ga80-clean is not available")

# (label, kind, anchor): "change" = the accepted paragraph holds `anchor` (new words); "review" = a review
# comment sits on `anchor`. "kept" = the anchor must stand unchanged in the accepted paragraph.
KEY: dict[str, list[tuple[str, str, str]]] = {
    "ga80-4": [
        ("PP6", "change", "2023, 79/7 of 30 October 2024 and 80/4 of 29 October 2025 and its decision"),
        ("PP8", "change", "78/7, 79/7 and 80/4, the"),
        ("OP1", "change", "implementation of resolution 80/4;"),
        ("OP4", "change", "at its eighty-second session;"),
        ("OP5", "change", "agenda of its eighty-second session"),
        ("FN1", "review", "A/80/83"),
        ("PP4", "kept", "12 March 1996"),
        ("PP7", "kept", "in 2015 and 2016"),
        ("PP7", "kept", "since 2017"),
        ("PP6", "kept", "decision 76/563 of 11 May 2022"),
    ],
    "ga80-30": [
        ("PP1", "change", "2023, 79/44 of 2 December 2024 and 80/30 of 1 December 2025, as well as"),
        ("OP5", "change", "agenda of its eighty-second session"),
        ("PP2", "kept", "held in 1978, 1982 and 1988"),
        ("PP3", "kept", "first special session"),
        ("OP1", "kept", "resolution 65/66 and its decision 70/551"),
        ("OP1", "kept", "fourth special session"),
        ("OP1", "kept", "in 2016 and 2017"),
        ("OP4", "kept", "fourth special session"),
    ],
    "ga80-36": [
        ("PP1", "change", "resolution 80/36 of 1 December 2025,"),
        ("OP9", "change", "at its eighty-second session"),
        ("OP10", "change", "agenda of its eighty-second session"),
        ("FN5", "review", "A/80/111"),
        ("PP4", "kept", "on 1 December 2000"),
        ("PP6", "kept", "on 8 December 2005"),
        ("PP7", "kept", "the 2005 World Summit"),
        ("PP14", "kept", "from 27 June to 1 July 2022"),
        ("PP15", "kept", "from 18 to 28 June 2024"),
        ("OP2", "kept", "resolution 49/75 G of 15 December 1994"),
    ],
    "ga80-41": [
        ("PP1", "change", "resolution 80/41 of 1 December 2025,"),
        ("PP16", "change", "paragraph 5 of resolution 80/41,"),
        ("OP5", "change", "at its eighty-second session;"),
        ("OP6", "change", "agenda of its eighty-second session"),
        ("FN7", "review", "A/80/164"),
        ("PP4", "kept", "resolution 1540 (2004) of 28 April 2004"),
        ("PP5", "kept", "2325 (2016) of 15 December 2016 and 2663 (2022)"),
        ("PP8", "kept", "on 19 and 20 January 2024"),
        ("PP13", "kept", "sixty-ninth regular session"),
        ("PP13", "kept", "in May 2024"),
    ],
}


def _texts(path: Path, to_session: int = 81):
    res = parse_file(path)
    result = plan_carry_over(res, to_session=to_session)
    texts = {b.label: b.text for b in apply_to_text(res, result.plan())}
    texts.update({f.label: f.text for f in res.footnotes})
    return res, result, texts


def score(name: str, path: Path) -> tuple[int, int, list[str], list[str]]:
    """(met, expected, misses, proposals outside the key) of one text; "kept" anchors count as expected."""
    _, result, texts = _texts(path)
    misses = []
    for label, kind, anchor in KEY[name]:
        if kind == "review":
            ok = any(p.label == label and p.kind == "review" and p.old == anchor for p in result.proposals)
        else:
            ok = anchor in texts.get(label, "")
        if not ok:
            misses.append(f"{name} {label} {kind}: {anchor}")
    keyed = {(label, kind == "review") for label, kind, _ in KEY[name] if kind != "kept"}
    extra = [f"{name} {p.label} {p.code} {p.old!r} -> {p.new!r}" for p in result.proposals
             if (p.label, p.kind == "review") not in keyed]
    return len(KEY[name]) - len(misses), len(KEY[name]), misses, extra


@needs_corpus
@pytest.mark.parametrize("form", FORMATS, ids=("md", "typed", "autonum"))
@pytest.mark.parametrize("name", sorted(KEY))
def test_every_yearly_change_made_and_nothing_else(name: str, form: str) -> None:
    met, total, misses, extra = score(name, CLEAN / form.format(name))
    assert misses == [] and extra == [], (misses, extra)
    assert met == total


@needs_corpus
@pytest.mark.parametrize("name", sorted(KEY))
def test_cycle_and_adoption_date_come_from_the_text(name: str) -> None:
    res = parse_file(CLEAN / f"src/{name}.md")
    result = plan_carry_over(res)  # no --to-session: session from the title, cycle from the agenda paragraph
    assert (result.body, result.source_session, result.target_session, result.cycle) == ("un-ga", 80, 81, 1)
    assert result.cycle_from.startswith("the agenda paragraph OP")
    assert result.adopted and result.adopted.endswith(" 2025")


@needs_corpus
def test_a_biennial_agenda_advances_by_two(tmp_path: Path) -> None:
    """The same text with its agenda two sessions ahead: the cycle is 2, the report moves by 2 as well."""
    text = (CLEAN / "src/ga80-36.md").read_text(encoding="utf-8")
    biennial = tmp_path / "biennial.md"
    biennial.write_text(text.replace("provisional agenda of its eighty-first", "provisional agenda of its "
                                     "eighty-second"), encoding="utf-8")
    result = plan_carry_over(parse_file(biennial))
    assert result.cycle == 2 and result.target_session == 82
    moved = {(p.label, p.new) for p in result.proposals if p.code == "CO103"}
    assert moved == {("OP9", "eighty-third"), ("OP10", "eighty-fourth")}


REPORT_ICC = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "UNGA_A-RES-80-6.md"


@pytest.mark.skipif(not REPORT_ICC.is_file(), reason="../shared/corpus is not available")
def test_report_of_the_court_long_clauses_other_bodies_and_old_dates() -> None:
    """A/RES/80/6 (PDF extraction, not cleaned): periods, a long forward clause, the ASP's own sessions."""
    _, result, texts = _texts(REPORT_ICC)
    changed = {(p.label, p.code) for p in result.proposals if p.kind == "change"}
    assert {("PP1", "CO106"), ("OP1", "CO107"), ("OP13", "CO103"), ("OP20", "CO103"), ("OP30", "CO103"),
            ("OP32", "CO107"), ("OP32", "CO103")} == changed
    assert "for 2026/27, for consideration by the General Assembly at its eighty-second session" in texts["OP32"]
    assert "at its twenty-third session" in texts["OP30"] and "its twenty-fourth session in" in texts["OP30"]
    assert "looks forward to the twenty-sixth session" in texts["OP30"]
    assert "CO206" in {p.code for p in result.proposals if p.label == "OP30"}
    assert not [p for p in result.proposals if p.label == "OP26"]  # "as of" a date of 2018: a fact


@pytest.mark.office
@needs_corpus
def test_in_libreoffice_reject_all_gives_each_source_back(tmp_path: Path, office,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from resdraft.render import render_docx
    from tests.clitools import run_cli

    drafts, sources = [], []
    for name in sorted(KEY):
        for index, form in enumerate(FORMATS):
            source = CLEAN / form.format(name)
            docx = source
            if source.suffix == ".md":
                docx = tmp_path / f"{name}.source.docx"
                render_docx(parse_file(source), docx)
            out = tmp_path / f"{name}.{index}.draft.docx"
            code, _, err = run_cli(["carry-over", str(source), "-o", str(out)], capsys)
            assert code == 0, err
            drafts.append(out)
            sources.append(docx)
    rounds = office.texts_many([*drafts, *sources])
    for draft, original in zip(rounds[:len(drafts)], rounds[len(drafts):], strict=True):
        assert draft.load_ok and original.load_ok, draft.warnings
        assert draft.rejected == original.original, draft.path
        assert draft.footnotes_rejected == original.footnotes_original, draft.path
        assert draft.list_labels_rejected == original.list_labels, draft.path
        assert "eighty-second session" in draft.accepted and "eighty-second session" not in original.original
        assert draft.comments and all(author == "resdraft" for author, _, _ in draft.comments)


if __name__ == "__main__":
    from collections import Counter

    met, total, outside = Counter(), Counter(), 0
    for key in sorted(KEY):
        for form in FORMATS:
            _, _, missed, extra = score(key, CLEAN / form.format(key))
            outside += len(extra)
            for _, kind, _ in KEY[key]:
                total[kind] += 1
            for kind in total:
                met[kind] += sum(1 for _, k, _ in KEY[key] if k == kind)
            for line in missed:
                met[line.split()[2].rstrip(":")] -= 1
            for line in missed + extra:
                print(f"  [{form.split('/')[0]}] {line}")
    print(", ".join(f"{kind} {met[kind]}/{total[kind]}" for kind in ("change", "review", "kept")),
          f"; {outside} proposals outside the key ({len(KEY)} texts x {len(FORMATS)} forms)")
