"""Carry-over for every body (GA, HRC, SC, ASP) and every kind of change, on fixtures written for the
project in the style of the real texts (never copied from them): each kind has a case where it must act
and a case where it must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from resdraft.accepted import apply_to_text
from resdraft.carryover import CarryOver, plan_carry_over
from resdraft.carryover.profile import ProfileError
from resdraft.errors import UsageError
from resdraft.model import Resolution
from resdraft.parse import parse_text
from tests.clitools import run_cli

GA = """# 80/12. Cooperation between the United Nations and regional fisheries bodies

The General Assembly,

Recalling its resolutions 71/9 of 5 December 2016, 74/21 of 10 November 2019, 77/30 of 7 December 2022 \
and 79/12 of 4 December 2024 and its decision 73/540 of 20 December 2018,

Recalling also Security Council resolutions 2240 (2015) and 2380 (2017) on maritime safety,

Noting that, since the adoption of its resolutions 74/21, 77/30 and 79/12, the number of regional bodies \
has grown,

Recalling the regional conference held in Lisbon from 3 to 5 June 2019, ahead of the eightieth session,

Noting the meetings of the fourth special session of the working group held in 2021 and 2023,

Bearing in mind the fishery data for 2024/25 published as at 30 June 2025,

1. Takes note of the Secretary-General's report on the implementation of resolution 79/12;[^1]

2. Recalls paragraph 3 of General Assembly resolution 49/75 of 15 December 1994;

3. Requests the Secretary-General to present to the General Assembly, during its eighty-first session, a report \
on how the present resolution is implemented, including the fishery data for 2025/26;

4. Welcomes the twenty-fifth session of the Assembly of States Parties, scheduled to be held from 7 to \
17 December 2026;

5. Takes note of the report submitted pursuant to paragraph 2 of resolution 79/12;

6. Decides to include again in the provisional agenda of its eighty-first session, for review, the item entitled \
"Regional fisheries bodies".

41st plenary meeting 2 December 2025

[^1]: A/80/215; see also A/79/300.
"""

ALONE = """# 80/50. Support to small island States

The General Assembly,

Recalling its resolution 79/48 of 2 December 2024,

Recalling also its resolution 65/66 of 8 December 2010,

1. Encourages Member States to continue their support, as called for by its resolution 61/70;

2. Decides to include again in the provisional agenda of its eighty-second session, for review, the item entitled \
"Small island States".
"""

HRC = """# 58/14. Right to safe drinking water in rural areas

The Human Rights Council,

Recalling its resolutions 49/20 of 1 April 2022, 52/15 of 3 April 2023 and 55/9 of 4 April 2024,

1. Requests the Special Rapporteur to report to the Council at its sixty-first session;

2. Decides to continue its consideration of this question at its sixty-first session.

52nd meeting 3 April 2025
"""

SC = """Resolution 2755 (2024)

The Security Council,

Recalling its resolutions 2127 (2013), 2149 (2014) and 2709 (2023), and General Assembly resolution 60/1,

Welcoming the report of the Secretary-General of 10 October 2024,

1. Decides to extend the mandate of the Mission until 15 November 2025;

2. Requests the Secretary-General to report to it no later than 1 October 2025 and at its tenth meeting;

3. Decides to remain actively seized of the matter.
"""

ASP = """Resolution ICC-ASP/21/Res.7

Adopted at the 8th plenary meeting, on 8 December 2022, by consensus

The Assembly of States Parties,

Recalling its resolutions ICC-ASP/18/Res.4, ICC-ASP/19/Res.2, ICC-ASP/20/Res.5, and the guidelines \
annexed to resolution ICC-ASP/6/Res.2,

Noting the seminar held in The Hague in 2021 in the framework of the 2030 Agenda,

1. Decides to hold the regional seminar further in 2023 and to report thereon at its twenty-second session;

2. Requests the Registry to prepare a training module in order to launch in 2023;
"""


def plan(text: str, **options) -> tuple[Resolution, CarryOver, dict[str, str]]:
    res = parse_text(text)
    result = plan_carry_over(res, **options)
    return res, result, {b.label: b.text for b in apply_to_text(res, result.plan())}


def codes(result: CarryOver, label: str) -> set[str]:
    return {p.code for p in result.proposals if p.label == label}


# --- General Assembly -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def ga() -> tuple[Resolution, CarryOver, dict[str, str]]:
    return plan(GA)


def test_ga_session_body_cycle_and_date_come_from_the_text(ga) -> None:
    _, result, _ = ga
    assert (result.body, result.source_session, result.target_session, result.cycle) == ("un-ga", 80, 81, 1)
    assert result.adopted == "2 December 2025" and result.cycle_from == "the agenda paragraph OP6"


def test_ga_chain_is_extended_before_its_decision_and_in_the_second_list(ga) -> None:
    _, _, texts = ga
    assert "77/30 of 7 December 2022, 79/12 of 4 December 2024 and 80/12 of 2 December 2025 and its decision " \
           "73/540 of 20 December 2018," in texts["PP1"]
    assert "resolutions 74/21, 77/30, 79/12 and 80/12, the number" in texts["PP3"]


def test_ga_lists_of_other_bodies_and_old_citations_stay(ga) -> None:
    res, result, texts = ga
    source = {b.label: b.text for b in res.blocks}
    for label in ("PP2", "PP4", "PP5", "OP2"):
        assert texts[label] == source[label] and not codes(result, label), label


def test_ga_references_to_the_last_resolution_move_on(ga) -> None:
    _, _, texts = ga
    assert texts["OP1"].endswith("implementation of resolution 80/12;")
    # the report asked in OP3 of the source is the one OP5 will welcome next year
    assert "pursuant to paragraph 3 of resolution 80/12;" in texts["OP5"]


def test_ga_forward_sessions_periods_and_other_bodies_sessions_advance(ga) -> None:
    _, result, texts = ga
    assert "during its eighty-second session, a report" in texts["OP3"] and "data for 2026/27;" in texts["OP3"]
    assert "agenda of its eighty-second session" in texts["OP6"]
    assert "the twenty-sixth session of the Assembly of States Parties" in texts["OP4"]
    assert "CO206" in codes(result, "OP4")  # the dates of that session: a person checks


def test_ga_historical_references_stay(ga) -> None:
    _, result, texts = ga
    assert "from 3 to 5 June 2019, ahead of the eightieth session" in texts["PP4"]
    assert "fourth special session of the working group held in 2021 and 2023" in texts["PP5"]
    assert "data for 2025/26 published as at 30 June 2025" in texts["PP6"]  # the period moves, the date stays
    assert "CO203" in codes(result, "PP6")  # as at a date: review


def test_ga_documents_of_the_session_get_a_review_and_older_ones_do_not(ga) -> None:
    _, result, _ = ga
    notes = [(p.old, p.code) for p in result.proposals if p.label == "FN1"]
    assert notes == [("A/80/215", "CO204")]


def test_ga_a_lone_last_resolution_is_replaced_and_older_ones_stay() -> None:
    _, result, texts = plan(ALONE, adopted="2025-12-01")
    assert texts["PP1"] == "Recalling its resolution 80/50 of 1 December 2025,"
    assert "65/66 of 8 December 2010" in texts["PP2"] and "resolution 61/70;" in texts["OP1"]
    assert result.cycle == 2 and "eighty-fourth session" in texts["OP2"]  # biennial: told by the agenda


def test_ga_without_adoption_date_cites_undated_and_asks() -> None:
    _, result, texts = plan(GA.replace("41st plenary meeting 2 December 2025\n", ""))
    assert "79/12 of 4 December 2024 and 80/12 and its decision" in texts["PP1"]
    assert "CO207" in codes(result, "PP1")
    assert any("adoption date unknown" in item for item in result.not_done)
    _, result, texts = plan(GA.replace("41st plenary meeting 2 December 2025\n", ""), adopted="3 December 2025")
    assert "80/12 of 3 December 2025 and its decision" in texts["PP1"] and "CO207" not in codes(result, "PP1")


def test_to_session_against_the_agenda_is_said() -> None:
    _, result, _ = plan(ALONE, to_session=81)
    assert result.cycle == 1 and any("2 sessions ahead" in note for note in result.notes)


def test_cycle_option_overrides_the_agenda() -> None:
    _, result, texts = plan(GA, cycle=3)
    assert result.cycle == 3 and result.cycle_from == "--cycle" and "eighty-fourth session" in texts["OP6"]


def test_select_and_ignore_choose_codes() -> None:
    _, result, _ = plan(GA, ignore=["CO103"])
    assert "CO103" not in {p.code for p in result.proposals} and "CO101" in {p.code for p in result.proposals}
    _, result, _ = plan(GA, select=["CO2"])
    assert {p.code[:3] for p in result.proposals} == {"CO2"}
    with pytest.raises(UsageError):
        plan(GA, select=["CO999"])


# --- Human Rights Council, Security Council, ASP ---------------------------------------------


def test_hrc_chain_and_sessions_by_its_own_cycle() -> None:
    _, result, texts = plan(HRC)
    assert result.body == "hrc" and result.cycle == 3 and result.target_session == 61
    assert result.cycle_from == "the agenda paragraph OP2"
    assert "52/15 of 3 April 2023, 55/9 of 4 April 2024 and 58/14 of 3 April 2025," in texts["PP1"]
    assert "at its sixty-fourth session" in texts["OP1"] and "at its sixty-fourth session" in texts["OP2"]


def test_sc_cites_the_resolution_and_moves_mandates_only_with_a_check() -> None:
    _, result, texts = plan(SC)
    assert result.body == "unsc" and result.target_session is None
    assert texts["PP1"] == ("Recalling its resolutions 2127 (2013), 2149 (2014), 2709 (2023) and 2755 (2024), "
                            "and General Assembly resolution 60/1,")
    mandate = [p for p in result.proposals if p.code == "CO108"]
    assert [(p.label, p.new) for p in mandate] == [("OP1", "15 November 2026")]
    assert "check the period" in mandate[0].reason
    assert "report of the Secretary-General of 10 October 2024" in texts["PP2"]  # a date of a fact stays
    assert "no sessions" in " ".join(result.not_done)


def test_asp_list_ends_before_the_annexed_resolution_and_forward_years_move() -> None:
    _, result, texts = plan(ASP)
    assert result.body == "icc-asp" and result.target_session == 22
    assert "ICC-ASP/20/Res.5, ICC-ASP/21/Res.7, and the guidelines annexed to resolution ICC-ASP/6/Res.2," \
           in texts["PP1"]
    assert "further in 2024 and to report thereon at its twenty-third session" in texts["OP1"]
    assert "in order to launch in 2024;" in texts["OP2"]
    assert "in 2021 in the framework of the 2030 Agenda" in texts["PP2"]


# --- bad input and the profiles ------------------------------------------------------------


def test_session_unknown_and_body_unknown_are_usage_errors() -> None:
    no_symbol = GA.replace("# 80/12. ", "# ")
    with pytest.raises(UsageError, match="--symbol"):
        plan_carry_over(parse_text(no_symbol))
    with pytest.raises(UsageError, match="un-ga"):
        plan_carry_over(parse_text(GA), body="nobody")
    _, result, _ = plan(no_symbol, symbol="A/RES/80/12")
    assert result.source_session == 80


@pytest.mark.parametrize("args, words", [
    (["--body", "nobody"], "available: hrc, icc-asp, un-ga, unsc"),
    (["--adopted", "yesterday"], "not a date"),
    (["--symbol", "ICC-ASP/21/Res.3"], "not a resolution symbol"),
])
def test_command_bad_options_exit_2_without_output(tmp_path: Path, capsys, args: list[str], words: str) -> None:
    source = tmp_path / "ga.md"
    source.write_text(GA, encoding="utf-8")
    out = tmp_path / "draft.docx"
    code, _, err = run_cli(["carry-over", str(source), "-o", str(out), *args], capsys)
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1 and not out.exists()


def test_command_no_structure_or_no_session_exit_2(tmp_path: Path, capsys) -> None:
    for name, text, words in (("notes.md", "Shopping list\n\nmilk and bread\n", "no resolution structure"),
                              ("nosym.md", GA.replace("# 80/12. ", "# "), "session of the source")):
        source = tmp_path / name
        source.write_text(text, encoding="utf-8")
        out = tmp_path / f"{name}.docx"
        code, _, err = run_cli(["carry-over", str(source), "-o", str(out)], capsys)
        assert code == 2 and words in err and not out.exists(), err


def test_command_summary_names_body_cycle_and_what_was_not_done(tmp_path: Path, capsys) -> None:
    source = tmp_path / "sc.md"
    source.write_text(SC, encoding="utf-8")
    code, out, _ = run_cli(["carry-over", str(source), "-o", str(tmp_path / "sc.docx")], capsys)
    assert code == 0 and "(unsc, no sessions)" in out and "cycle: 1 year" in out and "not done: no sessions" in out


def test_profiles_command_lists_every_profile_from_data(capsys) -> None:
    code, out, _ = run_cli(["profiles"], capsys)
    assert code == 0
    for line in ("un-ga:", "hrc:", "unsc:", "icc-asp:", "80/3 of 1 December 2025", "2790 (2025)",
                 "ICC-ASP/24/Res.3"):
        assert line in out


def test_explain_shows_a_carry_over_code(capsys) -> None:
    code, out, _ = run_cli(["explain", "CO101"], capsys)
    assert code == 0 and "# CO101 join-the-chain" in out and "## Fix safety" in out


def test_a_broken_profile_names_its_file_and_key(monkeypatch) -> None:
    from resdraft.carryover import profile

    real = profile.load_toml

    def broken(name: str) -> dict:
        data = real(name)
        if name == "bodies/unsc.toml":
            data = {**data, "carryover": {**data["carryover"], "cycle": "yearly"}}
        return data

    monkeypatch.setattr(profile, "load_toml", broken)
    profile.load_carry_profile.cache_clear()
    try:
        with pytest.raises(ProfileError, match=r"rules/bodies/unsc\.toml: \[carryover\] cycle"):
            profile.load_carry_profile("unsc")
    finally:
        profile.load_carry_profile.cache_clear()


LONG = """# 80/61. Relationship with the regional court

The General Assembly,

Recalling its resolution 79/58 of 9 December 2024,

1. Recalls the entry into force of the protocol as of 1 March 2016;

2. Notes the number of cases pending as at 30 September 2025;

3. Invites the regional court to submit a report on its activities for 2025/26, drawing on the views of \
its member States, for consideration by the Assembly at its eighty-first session;

4. Requests the Secretary-General to inform the Assembly at its eighty-first session of the costs \
incurred.
"""


def test_forward_in_long_clauses_and_old_as_of_dates_are_facts() -> None:
    _, result, texts = plan(LONG)
    assert "for 2026/27, drawing" in texts["OP3"] and "at its eighty-second session;" in texts["OP3"]
    assert "at its eighty-second session of the costs" in texts["OP4"]
    assert not codes(result, "OP1")  # "as of" a date years back: the date a protocol came into force
    assert codes(result, "OP2") == {"CO203"}  # as at a date of the source's year: a figure to update


def test_sc_without_symbol_or_year_is_a_usage_error_and_year_gives_a_placeholder() -> None:
    untitled = SC.replace("Resolution 2755 (2024)\n\n", "")
    with pytest.raises(UsageError, match="--year"):
        plan_carry_over(parse_text(untitled))
    _, result, texts = plan(untitled, year=2024)
    assert result.notes and "[...] (2024)" in texts["PP1"]
