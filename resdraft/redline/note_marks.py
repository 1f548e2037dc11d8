"""Whose are the endnote marks at a word edit's edges: the deleted text's, the inserted text's, or the kept text's.

An endnote reference shows no text, so the word diff, which sees text only,
never puts one inside a span. A mark belongs to the text it follows; at a
span's edge the counts of marks on both sides say which are whose: OLD's
marks after deleted text go with it unless NEW still has them there, and
NEW's marks after inserted text are copied with it unless OLD has them
already at the insertion point (then the insertion goes among them, where
NEW has it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

__all__ = ["NotePlan", "plan_notes"]


@dataclass
class NotePlan:
    """What a word edit does with the endnote marks at its edges."""

    delete: list[etree._Element] = field(default_factory=list)  # OLD's mark runs deleted with the text
    copy_trailing: bool = False  # NEW's marks after the inserted text are copied with it
    after: etree._Element | None = None  # the insertion goes after this mark run (among OLD's marks)
    before: etree._Element | None = None  # ... or before this one


def plan_notes(gap: list[etree._Element], trailing: list[etree._Element], deleted: bool, new_before: int,
               new_trailing: int, inserted: bool) -> NotePlan:
    """The plan from OLD's mark runs and NEW's mark counts.

    `gap`: OLD's mark runs right after the kept text before the edit;
    `trailing`: OLD's mark runs right after the deleted text (when `deleted`);
    `new_before` / `new_trailing`: how many marks NEW has right after the kept
    text before the edit and right after the inserted text (when `inserted`).
    """
    plan = NotePlan()
    if deleted and inserted:  # a replacement: the same number of marks after both is the same marks
        if len(trailing) != new_trailing:
            plan.delete, plan.copy_trailing = trailing, new_trailing > 0
        return plan
    if deleted:
        if new_before < len(gap) + len(trailing):
            plan.delete = trailing
        return plan
    if not inserted:
        return plan
    if len(gap) >= new_before + new_trailing and new_trailing:
        if 0 < new_before < len(gap):
            plan.after = gap[new_before - 1]
        elif new_before == 0:
            plan.before = gap[0]
        return plan
    plan.copy_trailing = new_trailing > 0
    return plan
