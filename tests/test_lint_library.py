"""External cross-references checked against a library of past resolutions (--library)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resdraft.errors import UsageError
from resdraft.lint import LintOptions, lint_paths
from resdraft.lint.library import Library

PAST = """Resolution ICC-ASP/21/Res.3

Cooperation

The Assembly of States Parties,

*Recalling* the Rome Statute,

1. *Urges* States Parties to execute pending arrest warrants without delay;

2. *Recalls* the study on asset recovery and *requests* the Bureau to keep its recommendations on the tracing
and freezing of assets under consideration;

3. *Requests* the Court to submit to the Assembly, at its twenty-second session, an updated annual report on
cooperation with States Parties.
"""

DRAFT = """Draft resolution on cooperation

The Assembly of States Parties,

*Welcoming* the annual report on cooperation with States Parties, submitted by the Court pursuant to paragraph
{n} of resolution ICC-ASP/21/Res.3,

1. *Decides* to remain seized of the matter.
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    return folder


def _lint(tmp_path: Path, library: Path, n: str) -> list[tuple[str, str, str | None]]:
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT.format(n=n), encoding="utf-8")
    results = lint_paths([draft], LintOptions(session=22, library=library, select=["cross-reference"],
                                              use_config=False))
    return [(f.rule, f.text, f.fix) for f in results[0].findings]


@pytest.mark.parametrize("name", ["ICC-ASP-21-Res.3.md", "ICC-ASP_21_Res3.md", "cooperation-2022.md"])
def test_a_past_resolution_is_found_by_name_or_by_title(tmp_path: Path, library: Path, name: str) -> None:
    (library / name).write_text(PAST, encoding="utf-8")
    found = Library(library).get("ICC-ASP/21/Res.3")
    assert found is not None and len(found.by_kind("operative")) == 3
    assert Library(library).get("ICC-ASP/20/Res.2") is None


def test_paragraph_that_does_not_exist(tmp_path: Path, library: Path) -> None:
    (library / "ICC-ASP-21-Res.3.md").write_text(PAST, encoding="utf-8")
    assert _lint(tmp_path, library, "40") == [("RD202", "40", None)]


def test_paragraph_about_something_else_gets_the_better_one(tmp_path: Path, library: Path) -> None:
    (library / "ICC-ASP-21-Res.3.md").write_text(PAST, encoding="utf-8")
    assert _lint(tmp_path, library, "2") == [("RD203", "2", "3")]
    assert _lint(tmp_path, library, "3") == []


def test_a_resolution_missing_from_the_library_is_not_judged(tmp_path: Path, library: Path) -> None:
    assert _lint(tmp_path, library, "40") == []


def test_library_must_be_a_folder(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        Library(tmp_path / "nowhere")
