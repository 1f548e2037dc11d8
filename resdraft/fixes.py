"""Lint findings as an edit plan: fixes become tracked changes, the rest review comments.

Each finding's fix replaces exactly `text[start:end]` of its block, so it maps
one-to-one onto an `Edit`. Findings whose spans overlap an earlier one are
left out of the plan (the `PlanBuilder` decides, one finding per span) and reported,
so nothing is silently lost; running `resdraft fix` again on the accepted
result picks them up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from resdraft.edits import Edit, EditPlan
from resdraft.lint.finding import SEVERITY_RANK, Finding
from resdraft.model import Resolution
from resdraft.plan import PlanBuilder, anchor_span


@dataclass
class FixPlan:
    plan: EditPlan
    fixes: list[Finding] = field(default_factory=list)
    reviews: list[Finding] = field(default_factory=list)
    skipped: list[Finding] = field(default_factory=list)


def comment_for(finding: Finding) -> str:
    """The Word comment: rule, message and, for an unsafe fix, a word of caution."""
    text = f"resdraft {finding.rule} [{finding.severity}]: {finding.message}"
    if finding.fix is not None and not finding.fix_safe:
        text += " (check this change: resdraft cannot be sure of it)"
    return text


def plan_fixes(resolution: Resolution, findings: list[Finding], *, author: str = "resdraft",
               date: str | None = None) -> FixPlan:
    """Turn findings into edits: a tracked change with a comment per fix, a comment per other finding.

    Fixes are offered first (most severe first), then review comments; the
    `PlanBuilder` (one finding per span: `overlap="exclusive"`) skips what clashes.
    """
    builder = PlanBuilder.for_resolution(resolution, author=author, date=date, overlap="exclusive")
    known = builder.texts or {}
    ordered = sorted(findings, key=lambda f: (f.fix is None, -SEVERITY_RANK[f.severity], f.paragraph, f.start))
    result = FixPlan(plan=EditPlan([], author=author, date=date))
    for finding in ordered:
        text = known.get(finding.paragraph)
        if text is None:
            result.skipped.append(finding)
            continue
        start, end = _span(text, finding)
        replacement = finding.fix if finding.fix is not None and finding.fix != text[start:end] else None
        edit = Edit(label=finding.paragraph, start=start, end=end, replacement=replacement,
                    comment=comment_for(finding), code=finding.rule,
                    expected=text[start:end], safe=finding.fix_safe if replacement is not None else None)
        if not builder.add(edit):
            result.skipped.append(finding)
            continue
        (result.fixes if replacement is not None else result.reviews).append(finding)
    result.plan = builder.build(order={label: i for i, label in enumerate(known)})
    return result


def _span(text: str, finding: Finding) -> tuple[int, int]:
    """The finding's span; a comment-only finding with an empty span takes the word there as its anchor."""
    if finding.fix is not None:
        return max(0, min(finding.start, len(text))), max(0, min(finding.end, len(text)))
    return anchor_span(text, finding.start, finding.end)
