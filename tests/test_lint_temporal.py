"""Forward or historical: `resdraft.temporal` on sentences written for the project.

The verdicts that matter most are the historical ones: a historical reference read as forward is
a false alarm in the linter and a wrong edit in the carry-over.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resdraft import ordinals
from resdraft.grammar import parse_paragraph
from resdraft.lint.profiles import body_names
from resdraft.model import DateToken, SessionToken, YearToken
from resdraft.temporal import classify_session, classify_year, read_session, session_body


def _session(text: str, which: int = 0) -> SessionToken:
    return [t for t in parse_paragraph(text).tokens if isinstance(t, SessionToken)][which]


def _year(text: str, which: int = 0) -> YearToken | DateToken:
    return [t for t in parse_paragraph(text).tokens if isinstance(t, YearToken | DateToken)][which]


@pytest.mark.parametrize("text", [
    "Requests the Bureau to report thereon to the Assembly at its twenty-third session;",
    "Requests the Bureau to report to the Assembly well in advance of the twenty-third session;",
    "Requests the Court to submit a new report on its cooperation work to the Assembly at its twenty-third session;",
    "Decides that the twenty-third session of the Assembly shall be held in The Hague;",
    "Decides to include the item in the provisional agenda of its twenty-third session;",
    "Invites the Court to present a study to be considered at its twenty-third session;",
    "Decides to hold its twenty-third session in New York;",
    "Looks forward to the twenty-third session, to be held in The Hague;",
    "Requests the Registry to brief States prior to the twenty-third session;",
    "Requests the Bureau to present its report to the Assembly at its twenty-third session;",
])
def test_mandates_are_forward(text: str) -> None:
    assert classify_session(text, _session(text)) == "forward"


@pytest.mark.parametrize("text", [
    "Recalls the report of the Bureau to the nineteenth session of the Assembly;",
    "Recalls the amendments adopted at its eighteenth session;",
    "Welcomes the States that have joined since its twentieth session;",
    "Notes the review process initiated by the Assembly at its eighteenth session;",
    "Recalls its decision to hold its twenty-first session in The Hague;",
    "Takes note of the study annexed to the report of the Bureau on arrest strategies to the thirteenth session;",
    "Recalls that the nineteenth session, held in New York, adopted the budget;",
    "Recalls the amendments adopted at the fourteenth, sixteenth and eighteenth sessions;",
    "Notes the statement of the President of the twentieth session;",
])
def test_facts_are_historical(text: str) -> None:
    for token in [t for t in parse_paragraph(text).tokens if isinstance(t, SessionToken)]:
        assert classify_session(text, token) == "historical", token.text


@pytest.mark.parametrize("text", [
    "Recalls the twenty-first session;",
    "Welcomes the participation of many States in the twenty-first session;",
])
def test_undecided_is_unknown(text: str) -> None:
    assert classify_session(text, _session(text)) == "unknown"


def test_a_reading_names_its_cue() -> None:
    text = "Requests the Bureau to report to the Assembly well in advance of the twenty-third session;"
    reading = read_session(text, _session(text))
    assert reading.cue == "well in advance of the"


@pytest.mark.parametrize(("text", "direction"), [
    ("Invites the Registry to launch in 2023 a review of legal aid;", "forward"),
    ("Notes that the meeting is expected to take place in 2023;", "forward"),
    ("Requests the Court to complete its review, to be finalized in 2023;", "forward"),
    ("Requests the Registry to report by 2024;", "forward"),
    ("Requests the Registry to submit its proposals by 1 March 2024;", "forward"),
    ("Recalls the recommendations adopted in 2007;", "historical"),
    ("Recalls that the first agreement was concluded in 2014;", "historical"),
    ("Welcomes the agreement signed on 3 March 2019;", "historical"),
    ("Notes that since 2004 several States have joined;", "historical"),
    ("Welcomes the replies to the 2023 questionnaire;", "unknown"),
    ("Approves the programme budget for 2024;", "unknown"),
    ("Notes the trends from 2014 to 2016;", "unknown"),
    ("Recalls the timetable for 2025-2028;", "unknown"),
])
def test_years(text: str, direction: str) -> None:
    assert classify_year(text, _year(text)) == direction


def test_the_body_of_a_session() -> None:
    names = body_names()
    asp = "Notes that the Assembly of States Parties decided to hold its twenty-fourth session in The Hague;"
    assert session_body(asp, _session(asp), names, own="un-ga") == "icc-asp"
    ga = "Requests a report to the General Assembly at its eighty-first session;"
    assert session_body(ga, _session(ga), names, own="icc-asp") == "un-ga"
    shared = "Requests a report to the Assembly at its twenty-third session;"
    assert session_body(shared, _session(shared), names, own="icc-asp") == "icc-asp"
    assert session_body(shared, _session(shared), names, own="un-ga") == "un-ga"
    after = "Takes note of the fifty-fifth session of the Human Rights Council;"
    assert session_body(after, _session(after), names, own="icc-asp") == "hrc"
    plain = "Recalls its twenty-first session;"
    assert session_body(plain, _session(plain), names) is None


_HISTORICAL = [
    "Recalls the report of the Bureau to the {o} session of the Assembly;",
    "Recalls the resolution adopted at its {o} session;",
    "Welcomes the States that have acceded since its {o} session;",
    "Notes the decisions taken at its {o} session;",
]
_FORWARD = [
    "Requests the Bureau to report thereon to the Assembly at its {o} session;",
    "Requests the Court to submit a report well in advance of the {o} session;",
]


@given(value=st.integers(min_value=1, max_value=99), template=st.sampled_from(_HISTORICAL))
def test_historical_templates_never_read_forward(value: int, template: str) -> None:
    text = template.format(o=ordinals.ordinal_words(value))
    assert classify_session(text, _session(text)) != "forward"


@given(value=st.integers(min_value=1, max_value=99), template=st.sampled_from(_FORWARD))
def test_mandate_templates_read_forward(value: int, template: str) -> None:
    text = template.format(o=ordinals.ordinal_words(value))
    assert classify_session(text, _session(text)) == "forward"
