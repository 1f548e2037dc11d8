"""Synthetic drafts of a chosen size, for benchmarks (written for the project)."""

from __future__ import annotations

PREAMBLE = [
    "*Recalling* its previous resolutions on cooperation, including ICC-ASP/19/Res.2, ICC-ASP/20/Res.2 and "
    "ICC-ASP/21/Res.3,",
    "*Welcoming* the yearly cooperation report, which the Registry prepared under paragraph 31 of resolution "
    "ICC-ASP/21/Res.3,[^1]",
    "*Mindful* that the effective execution of arrest warrants depends on the sustained support of States,",
    "*Noting* the arrangements concluded by the Court since the twentieth session of the Assembly,",
    "*Recognizing* that witness protection requires resources and the goodwill of many partners,",
]

OPERATIVE = [
    "*Urges* States Parties to cooperate fully with the Court in accordance with their obligations, and *calls "
    "upon* other States to consider doing so on a voluntary basis;",
    "*Requests* the Bureau to continue its consultations on arrest strategies and to report thereon to the "
    "Assembly at its twenty-third session;",
    "*Welcomes* the seminar held in The Hague on 14 March 2023 and *encourages* the Court to hold similar events "
    "in 2024, in close cooperation with regional organizations;[^2]",
    "*Emphasizes* the importance of timely responses to requests for assistance, as set out in paragraphs 7 to 9 "
    "of the annex to resolution ICC-ASP/20/Res.2;",
    "*Invites* the Registry to keep its requests for assistance precise and complete, consulting the "
    "requested State early where that helps;",
]


def draft(operative_paragraphs: int = 40) -> str:
    """A Markdown draft with the given number of operative paragraphs and two footnotes."""
    lines = ["# Draft resolution on cooperation", "", "The Assembly of States Parties,", ""]
    for paragraph in PREAMBLE:
        lines += [paragraph, ""]
    for i in range(operative_paragraphs):
        if i % 10 == 0:
            lines += [f"Cluster {i // 10 + 1} of mandates", ""]
        text = OPERATIVE[i % len(OPERATIVE)]
        if i == operative_paragraphs - 1:
            text = text[:-1] + "."
        lines += [f"{i + 1}. {text}", ""]
    lines += ["[^1]: ICC-ASP/22/16.", "", "[^2]: As at 1 October 2023.", ""]
    return "\n".join(lines)
