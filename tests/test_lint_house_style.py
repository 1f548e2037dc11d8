"""House style and document-level decisions of the linter: the body's style keys in its profile,
the body read from a Model UN header, and a text that is not a resolution."""

from __future__ import annotations

import pytest

from resdraft.errors import UsageError
from resdraft.lint import LintContext, lint_resolution
from resdraft.lint import profiles as profiles_module
from resdraft.lint.context import complete_context
from resdraft.lint.profiles import STYLE_CHOICES, available_bodies, load_profile
from resdraft.parse import parse_text

REPORT = """# Report of the Committee on Budget and Finance on the work of its spring session

## I. Introduction

1. The Committee held its spring session at the seat of the Court and elected its officers.

2. The present report sets out the conclusions and recommendations of the Committee.

## II. Budget performance

3. Implementation of the approved budget stood at 96.4 per cent at the end of the year, by 31 December.

(a) Staff costs

(b) Non-staff costs
"""

MUN_HEADER = """Committee: United Nations General Assembly (UNGA)

Topic: Safe drinking water in rural areas

Main Submitter: Republic of Testland

*Alarmed by* the number of rural households without safe drinking water,

*Recognizing* the work of regional water authorities,

1. *Urges* all member states to fund rural water networks;

2. *Calls upon* donors to support local maintenance training.
"""


def test_every_profile_names_its_house_style() -> None:
    for key in available_bodies():
        profile = load_profile(key)
        assert profile.later_verbs in STYLE_CHOICES["later_verbs"]
        assert profile.session_ordinals in STYLE_CHOICES["session_ordinals"]
    assert load_profile("un-ga").later_verbs == "upright"
    assert load_profile("icc-asp").later_verbs == "mixed"


def test_a_style_value_outside_the_choices_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = profiles_module.load_toml

    def broken(name: str):  # type: ignore[no-untyped-def]
        data = real(name)
        data.setdefault("style", {})["later_verbs"] = "sometimes"
        return data

    monkeypatch.setattr(profiles_module, "load_toml", broken)
    with pytest.raises(UsageError, match="later_verbs must be one of"):
        load_profile.__wrapped__("un-ga")  # type: ignore[attr-defined]


def test_a_report_gets_one_note_and_nothing_else() -> None:
    resolution = parse_text(REPORT, path="report.md")
    findings = lint_resolution(resolution, LintContext(session=22))
    assert [(f.rule, f.severity) for f in findings] == [("RD000", "info")]
    assert "is this a resolution?" in findings[0].message


def test_a_report_gets_nothing_when_the_note_is_not_selected() -> None:
    resolution = parse_text(REPORT, path="report.md")
    assert lint_resolution(resolution, LintContext(session=22), ignore=["RD000"]) == []


def test_the_body_from_a_model_un_committee_line() -> None:
    resolution = parse_text(MUN_HEADER, path="draft.md")
    assert complete_context(resolution, None).body == "un-ga"


def test_the_body_from_an_intro_that_names_the_united_nations() -> None:
    text = "The United Nations General Assembly (unga),\n\n" + MUN_HEADER.split("\n\n", 3)[3]
    resolution = parse_text(text, path="draft.md")
    assert complete_context(resolution, None).body == "un-ga"
