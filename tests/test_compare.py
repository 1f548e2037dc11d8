"""`resdraft compare`: the command line, safe output, determinism, and a real revision pair.

The revision pair is a facilitator's draft and the next revision of it
(written for this test): the placeholder paragraph is gone, the later
operative paragraphs are renumbered, the cross-references follow, and the
edits that a previous round left flattened in the text ("twenty-first
twenty-second session", "ICC-ASP/2021/Res.3") are resolved.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.clitools import run_cli as run

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

DRAFT = """Draft resolution on cooperation with the Court

The Assembly of States Parties,

*Recalling* its resolutions on cooperation, the most recent being ICC-ASP/2021/Res.3,[^1]

*Welcoming* the report of the Bureau on arrest strategies,[^2] submitted pursuant to paragraph 31 34 of that resolution,

*Conscious* that the Court relies on States for every arrest and for the protection of witnesses,

## Arrest and surrender

1. *Urges* States Parties to execute pending warrants of arrest without delay, and *invites* other States to do likewise;

2. [Placeholder for a paragraph on the outcome of the plenary discussion]

3. *Requests* the Bureau to keep arrest strategies under review and to report thereon to the Assembly at its twenty-first twenty-second session;

4. *Encourages* States to share practice on the tracing and freezing of assets, as referred to in paragraph 3 above;

## Witnesses and victims

5. *Welcomes* the relocation agreements concluded since the last session, and *calls upon* States to conclude further agreements;

6. *Decides* to include in the agenda of its twenty-first twenty-second session an item on cooperation, and *requests* the Court to submit an updated report to the Assembly at that session.

[^1]: Adopted at the 9th plenary meeting, on 9 December 2022.
[^2]: ICC-ASP/21/30.
"""  # noqa: E501

REVISION = """Draft resolution on cooperation with the Court

The Assembly of States Parties,

*Recalling* its resolutions on cooperation, the most recent being ICC-ASP/21/Res.3,[^1]

*Welcoming* the report of the Bureau on arrest strategies,[^2] submitted pursuant to paragraph 34 of that resolution,

*Conscious* that the Court relies on States for every arrest and for the protection of witnesses,

## Arrest and surrender

1. *Urges* States Parties to execute pending warrants of arrest without delay, and *invites* other States to do likewise;

2. *Requests* the Bureau to keep arrest strategies under review and to report thereon to the Assembly at its twenty-second session;

3. *Encourages* States to share practice on the tracing and freezing of assets, as referred to in paragraph 2 above;

## Witnesses and victims

4. *Welcomes* the relocation agreements concluded since the last session, and *calls upon* States to conclude further agreements;

5. *Decides* to include in the agenda of its twenty-second session an item on cooperation, and *requests* the Court to submit an updated report to the Assembly at that session.

[^1]: Adopted at the 9th plenary meeting, on 9 December 2022.
[^2]: ICC-ASP/21/30 and Corr.1.
"""  # noqa: E501


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "draft.md", tmp_path / "revision.md"
    old.write_text(DRAFT, encoding="utf-8")
    new.write_text(REVISION, encoding="utf-8")
    return old, new


@pytest.fixture
def docx_pair(tmp_path: Path, pair: tuple[Path, Path]) -> tuple[Path, Path]:
    from resdraft.parse import parse_file
    from resdraft.render import render_docx

    out = []
    for path in pair:
        target = path.with_suffix(".docx")
        render_docx(parse_file(path), target)
        out.append(target)
    return out[0], out[1]


def revision_chars(path: Path) -> tuple[int, int]:
    """Characters inside w:ins and w:del (text, tabs, footnote marks) in the body and footnotes."""
    counts = [0, 0]
    with zipfile.ZipFile(path) as zf:
        for part in ("word/document.xml", "word/footnotes.xml"):
            root = etree.fromstring(zf.read(part))
            for k, tag in enumerate(("ins", "del")):
                for rev in root.iter(f"{{{W}}}{tag}"):
                    for el in rev.iter():
                        local = etree.QName(el).localname
                        if local in ("t", "delText"):
                            counts[k] += len(el.text or "")
                        elif local in ("tab", "footnoteReference"):
                            counts[k] += 1
    return counts[0], counts[1]


# --- the command line ------------------------------------------------------------------------------------


def test_compare_writes_a_redline_and_reports(docx_pair: tuple[Path, Path], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    old, new = docx_pair
    out = tmp_path / "redline.docx"
    code, _, err = run(["compare", str(old), str(new), "-o", str(out), "--author", "Facilitator",
                        "--date", "2024-05-01"], capsys)
    assert code == 0, err
    assert out.is_file() and "replace" in err
    with zipfile.ZipFile(out) as zf:
        doc = zf.read("word/document.xml").decode()
    assert 'w:author="Facilitator"' in doc and 'w:date="2024-05-01T00:00:00Z"' in doc


def test_same_inputs_and_date_give_identical_bytes(docx_pair: tuple[Path, Path], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    old, new = docx_pair
    outs = [tmp_path / "a.docx", tmp_path / "b.docx"]
    for out in outs:
        assert run(["compare", str(old), str(new), "-o", str(out), "--date", "2024-05-01T10:00:00Z"], capsys)[0] == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()


def test_markdown_and_text_inputs(pair: tuple[Path, Path], tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair
    txt = tmp_path / "revision.txt"
    txt.write_text(REVISION.replace("*", ""), encoding="utf-8")
    for target in (new, txt):
        out = tmp_path / f"from-{target.suffix[1:]}.docx"
        code, _, err = run(["compare", str(old), str(target), "-o", str(out), "--date", "2024-05-01"], capsys)
        assert code == 0, err
        assert out.is_file()


def test_existing_output_is_refused_unless_forced(docx_pair: tuple[Path, Path], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    old, new = docx_pair
    out = tmp_path / "redline.docx"
    out.write_bytes(b"keep me")
    code, _, err = run(["compare", str(old), str(new), "-o", str(out)], capsys)
    assert code == 2 and "already exists" in err and "--force" in err
    assert out.read_bytes() == b"keep me"
    code, _, _ = run(["compare", str(old), str(new), "-o", str(out), "--force"], capsys)
    assert code == 0 and zipfile.is_zipfile(out)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp files left


def test_an_input_is_never_overwritten(docx_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = docx_pair
    before = old.read_bytes()
    code, _, err = run(["compare", str(old), str(new), "-o", str(old), "--force"], capsys)
    assert code == 2 and "overwrite an input" in err
    assert old.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [([], "needs -o"), (["-o", "x.pdf"], "must be a .docx"), (["--date", "tomorrow", "-o", "x.docx"], "ISO 8601")],
)
def test_usage_errors_are_one_line(docx_pair: tuple[Path, Path], args: list[str], message: str,
                                   capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    old, new = docx_pair
    code, _, err = run(["compare", str(old), str(new), *args], capsys)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_missing_or_unsupported_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["compare", str(tmp_path / "nope.docx"), str(tmp_path / "x.pdf"), "--format", "json"], capsys)
    assert code == 2 and "nope.docx" in err


def test_json_change_list(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    old, new = pair
    code, out, _ = run(["compare", str(old), str(new), "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    changes = data["changes"]
    assert {c["kind"] for c in changes} == {"replace", "renumber", "delete"}
    assert all(set(c) >= {"block", "kind", "old", "new"} for c in changes)
    deleted = [c for c in changes if c["kind"] == "delete"]
    assert len(deleted) == 1 and "Placeholder" in deleted[0]["old"] and deleted[0]["block"] == "OP2"
    assert any(c["block"] == "FN2" and c["new"] == "ICC-ASP/21/30 and Corr.1." for c in changes)
    assert data["summary"]["delete"] == 1
    assert not list(tmp_path.glob("*.docx"))  # nothing written


# --- the real revision pair ---------------------------------------------------------------------------------


def test_revision_pair_is_word_granular(docx_pair: tuple[Path, Path], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Characters inside w:ins + w:del are at most 3x the character-level minimal diff."""
    from diff_match_patch import diff_match_patch

    from resdraft.readers.docx import read_docx

    old, new = docx_pair
    out = tmp_path / "redline.docx"
    assert run(["compare", str(old), str(new), "-o", str(out), "--date", "2024-05-01"], capsys)[0] == 0

    def text(path: Path) -> str:
        raw = read_docx(path)
        return "\n".join([p.text for p in raw.paragraphs] + [f.text for f in raw.footnotes])

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    minimal = sum(len(data) for op, data in dmp.diff_main(text(old), text(new), False) if op != 0)
    inserted, deleted = revision_chars(out)
    ratio = (inserted + deleted) / minimal
    print(f"\nrevision pair: {inserted + deleted} chars in w:ins+w:del, minimal char diff {minimal}, "
          f"ratio {ratio:.2f}")
    assert ratio <= 3.0
    with zipfile.ZipFile(out) as zf:
        doc = zf.read("word/document.xml").decode()
    assert ">ICC-ASP/2021/Res.3<" in doc and ">ICC-ASP/21/Res.3<" in doc  # whole symbols, not digits


@pytest.mark.office
def test_revision_pair_round_trips_in_libreoffice(docx_pair: tuple[Path, Path], tmp_path: Path, office: object,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    old, new = docx_pair
    out = tmp_path / "redline.docx"
    assert run(["compare", str(old), str(new), "-o", str(out), "--author", "Facilitator",
                "--date", "2024-05-01"], capsys)[0] == 0
    before, after, red = office.texts_many([old, new, out])  # type: ignore[attr-defined]
    assert red.load_ok and not red.warnings
    assert red.accepted == after.original
    assert red.rejected == before.original
    assert red.footnotes_accepted == after.footnotes_original
    assert red.footnotes_rejected == before.footnotes_original
    assert {r.author for r in red.redline_info} == {"Facilitator"}


@pytest.mark.office
def test_markdown_old_round_trips_in_libreoffice(pair: tuple[Path, Path], docx_pair: tuple[Path, Path],
                                                 tmp_path: Path, office: object,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """With a .md OLD the redline is written on its rendering; accept/reject give NEW/OLD as rendered."""
    old_md, new_md = pair
    old_docx, new_docx = docx_pair
    out = tmp_path / "from-md.docx"
    assert run(["compare", str(old_md), str(new_md), "-o", str(out), "--date", "2024-05-01"], capsys)[0] == 0
    before, after, red = office.texts_many([old_docx, new_docx, out])  # type: ignore[attr-defined]
    assert (red.accepted, red.rejected) == (after.original, before.original)
