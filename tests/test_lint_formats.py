"""Recall on the defect shapes of issued drafts, the same in .md, typed .docx and auto-numbered .docx.

The draft below (written for the project) carries one of each shape listed in domain.md, "Real
defects seen in issued drafts", next to historical references that must stay quiet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from resdraft.lint import LintContext, LintOptions, lint_paths, lint_resolution
from resdraft.parse import parse_text

DRAFT = """Draft resolution on cooperation for the nineteenth session

The Assembly of States Parties,

*Recalling* the Rome Statute and its resolutions on cooperation, in particular ICC-ASP/10/Res.2,
ICC-ASP/11/Res.5, ICC-ASP/12/Res.3, ICC-ASP/16/Res.2, ICC-ASP/17/ Res.5 and ICC-ASP/18/Res.3,

*Welcoming* the cooperation report of the Court submitted pursuant to paragraph 31 34 of resolution
ICC-ASP/1718/Res.4,[^1]

*Bearing in mind* the study annexed to the report of the Bureau to the eleventh session of the Assembly, which was
adopted in 2005,[^2]

*Mindful* of the arrangements concluded since its sixteenth session and of the seminar held in Kampala on 3
March 2019,

1. *Emphasizes* the importance of the timely execution of arrest warrants by all States Parties;

2. *Expresses* concern that warrants against 13 persons remain outstanding,[^3] and *urges* States to execute
them;

3. *Requests* the Bureau to continue its consultations on arrest strategies and to report thereon to the
Assembly at its nineteenth session;

4. *Invites* the Registry to launch in 2020 a survey of national focal points, taking into account the document
ICC-ASP/171/12;

5. *Encourages* States to make use of the Legal Tools Project, adopted at its seventeen session:

7. *Welcomes* the agreements on interim release concluded in 2014,[^3] and *calls upon* States Parties to
conclude further agreements;

7. *Recalls* the review of the recommendations on cooperation and *requests* the Bureau to report on it well in
advance of the nineteenth-twentieth session;

8. [Placeholder for text on financial investigations];

9. *Decides* to hold a plenary discussion on cooperation in 20201, and *requests* the Court to submit a further
cooperation report at its twentieth session and annually thereafter.

[^1]: ICC-ASP/19/25.

[^2]: ICC-ASP/11/29, annex.

[^3]: As at 1 October 2020.

[^4]: Resolution ICC-ASP/9/Res. 2, annex.

[^5]: ICC-ASP/18/14.
"""

# (label, category, flagged text): every defect of DRAFT
DEFECTS = [
    ("PP1", "citation-gap", "ICC-ASP/16/Res.2"),
    ("PP1", "malformed-symbol", "ICC-ASP/17/ Res.5"),
    ("PP2", "flattened-edit", "31 34"),
    ("PP2", "flattened-edit", "ICC-ASP/1718/Res.4"),
    ("OP3", "stale-session", "nineteenth"),
    ("OP4", "stale-year", "2020"),
    ("OP4", "flattened-edit", "ICC-ASP/171/12"),
    ("OP5", "ordinal", "seventeen"),
    ("OP5", "punctuation", "session:"),
    ("OP7", "numbering", "7."),
    ("OP7", "footnote", "2014,"),
    ("OP7#2", "numbering", "7."),
    ("OP7#2", "flattened-edit", "nineteenth-twentieth"),
    ("OP8", "placeholder", "[Placeholder for text on financial investigations]"),
    ("OP9", "flattened-edit", "20201"),
    ("FN4", "malformed-symbol", "ICC-ASP/9/Res. 2"),
    ("FN4", "footnote", "Resolution ICC-ASP/9/Res. 2, annex."),
    ("FN5", "footnote", "ICC-ASP/18/14."),
]


def _found(findings: list) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    return [(f.paragraph, f.category, f.text) for f in findings if f.severity != "info"]


def test_markdown_every_defect_and_nothing_else() -> None:
    findings = lint_resolution(parse_text(DRAFT))  # the session comes from the title
    assert sorted(_found(findings)) == sorted(DEFECTS)


@pytest.mark.parametrize("numbering", ["typed", "auto"])
def test_docx_finds_the_same(tmp_path: Path, numbering: str) -> None:
    render = pytest.importorskip("resdraft.render")
    out = tmp_path / f"draft-{numbering}.docx"
    render.render_docx(parse_text(DRAFT), out, numbering=numbering)
    findings = lint_paths([out], LintOptions(use_config=False))[0].findings
    # a .docx gives every footnote reference its own footnote, so "footnote 3 used twice" becomes a
    # sixth footnote and the later footnotes are renumbered: compare the rest
    expected = [d for d in DEFECTS if d[1] != "footnote" and not d[0].startswith("FN")]
    got = [d for d in _found(findings) if d[1] != "footnote" and not d[0].startswith("FN")]
    assert sorted(got) == sorted(expected)
    assert any(d[1] == "malformed-symbol" and d[0].startswith("FN") for d in _found(findings))


def test_fixes_of_the_draft_leave_nothing_to_fix() -> None:
    resolution = parse_text(DRAFT)
    findings = lint_resolution(resolution, LintContext(session=19))
    fixable = [f for f in findings if f.fix is not None]
    assert {f.rule for f in fixable} >= {"RD101", "RD110", "RD321", "RD501", "RD511", "RD512", "RD513", "RD514"}
