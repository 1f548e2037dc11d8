"""Carry-over drafts of every body, opened in LibreOffice: reject-all gives the source back, accept-all the draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from resdraft.accepted import apply_to_text
from resdraft.carryover import plan_carry_over
from resdraft.parse import parse_file, parse_text
from resdraft.render import render_docx
from tests.clitools import run_cli
from tests.test_carryover_bodies import ASP, GA, HRC, LONG, SC

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "asp15-draft-resolution-on-cooperation.md"


@pytest.mark.office
def test_every_body_round_trips_in_libreoffice(tmp_path: Path, office, capsys: pytest.CaptureFixture[str]) -> None:
    cases = {"ga": (GA, []), "long": (LONG, []), "hrc": (HRC, []), "sc": (SC, []), "asp": (ASP, [])}
    if REFERENCE.is_file():
        cases["reference"] = (REFERENCE.read_text(encoding="utf-8"), ["--symbol", "ICC-ASP/15/Res.5"])
    drafts, sources, expected = [], [], []
    for name, (text, options) in cases.items():
        source = tmp_path / f"{name}.docx"
        render_docx(parse_text(text), source)
        out = tmp_path / f"{name}.draft.docx"
        code, _, err = run_cli(["carry-over", str(source), "-o", str(out), *options], capsys)
        assert code == 0, err
        res = parse_file(source)
        result = plan_carry_over(res, symbol=options[1] if options else None)
        assert result.proposals, name
        accepted = {b.label: b.text for b in apply_to_text(res, result.plan())}
        # the changed paragraphs' words up to their first footnote mark (LibreOffice puts marks inline)
        expected.append([accepted[p.label][:p.start + len(p.new or "")].split("[^")[0][-40:]
                         for p in result.proposals if p.new and p.label in accepted])
        drafts.append(out)
        sources.append(source)
    rounds = office.texts_many([*drafts, *sources])
    for index, draft in enumerate(rounds[:len(drafts)]):
        original = rounds[len(drafts) + index]
        assert draft.load_ok and original.load_ok, draft.warnings
        assert draft.rejected == original.original, draft.path
        assert draft.footnotes_rejected == original.footnotes_original, draft.path
        assert expected[index]
        for text in expected[index]:
            assert " ".join(text.split()) in " ".join(draft.accepted.split()), (draft.path, text)
