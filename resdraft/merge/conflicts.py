"""Across copies: merge identical proposals, group competing ones.

Proposals on the same paragraph (or footnote) whose BASE spans overlap, or
where one inserts at the edge of another's span, compete: the order of their
words would be left to chance. They form one group over the union of their
spans (words separated by nothing but white space count as touching:
"next session" changed word by word by two delegations would otherwise
read as one new phrase); each copy's reading of that stretch is one alternative, and
alternatives that read the same are one, proposed by all their delegations.
A group with a single reading is merged (its proposals are kept as they are,
each credited to every delegation that made it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from resdraft.merge.proposals import Proposal

__all__ = ["Alternative", "Group", "InsertGroup", "group_proposals"]


@dataclass
class Alternative:
    """One reading of a group's BASE stretch, with the delegations proposing it (COPY order)."""

    text: str  # marked text replacing base[start:end] ("" for a deletion)
    delegations: list[str]
    proposals: list[Proposal]  # the proposals of the first copy that reads so
    deletes_paragraph: bool = False

    def footnotes(self) -> tuple[str, ...]:
        out: list[str] = []
        for p in self.proposals:
            out.extend(p.footnotes(p.new_start, p.new_end))
        return tuple(out)


@dataclass
class Group:
    """Proposals on one stretch of one paragraph or footnote."""

    label: str
    start: int
    end: int
    base_text: str  # base[start:end], marked
    alternatives: list[Alternative] = field(default_factory=list)

    @property
    def conflict(self) -> bool:
        return len(self.alternatives) > 1


@dataclass
class InsertGroup:
    """A new paragraph, after BASE paragraph `after`, proposed by one or more delegations."""

    after: str
    proposal: Proposal
    delegations: list[str]


def _touches(cluster_end: int, cluster_points: set[int], p: Proposal, base: str) -> bool:
    """Does `p` compete with the cluster? Overlap, an insertion at its edge, or only white space between."""
    if p.start < cluster_end:
        return True
    if p.start == cluster_end:
        return p.start == p.end or cluster_end in cluster_points
    return not base[cluster_end:p.start].strip()


def _reading(props: Sequence[Proposal], start: int, end: int) -> tuple[str, int, int]:
    """A copy's text for base[start:end] and its span in the copy's source text."""
    first, last = props[0], props[-1]
    new_start = start + first.delta_before()
    new_end = end + (last.new_end - last.end)
    return first.source_text[new_start:new_end], new_start, new_end


def group_proposals(proposals: Sequence[Proposal], base_texts: dict[str, str]) -> tuple[list[Group], list[InsertGroup]]:
    """Groups of text and paragraph proposals (by label, in text order) and the new paragraphs."""
    by_label: dict[str, list[Proposal]] = defaultdict(list)
    inserts: list[InsertGroup] = []
    for p in proposals:
        if p.kind == "insert":
            twin = next((g for g in inserts if g.after == p.after and g.proposal.text == p.text
                         and g.proposal.footnotes(0, len(g.proposal.text)) == p.footnotes(0, len(p.text))), None)
            if twin is not None and p.copy != twin.proposal.copy:
                if p.delegation not in twin.delegations:
                    twin.delegations.append(p.delegation)
                continue
            inserts.append(InsertGroup(p.after, p, [p.delegation]))
        else:
            by_label[p.label].append(p)
    groups: list[Group] = []
    for label, props in by_label.items():
        props.sort(key=lambda p: (p.start, p.end, p.copy))
        clusters: list[list[Proposal]] = []
        end = -1
        points: set[int] = set()
        base = base_texts.get(label, "")
        for p in props:
            if clusters and _touches(end, points, p, base):
                clusters[-1].append(p)
            else:
                clusters.append([p])
                points = set()
                end = p.end
            end = max(end, p.end)
            if p.start == p.end:
                points.add(p.start)
        for cluster in clusters:
            groups.append(_group(label, cluster, base))
    return groups, inserts


def _group(label: str, cluster: list[Proposal], base: str) -> Group:
    start = min(p.start for p in cluster)
    end = max(p.end for p in cluster)
    group = Group(label, start, end, base[start:end])
    per_copy: dict[int, list[Proposal]] = defaultdict(list)
    for p in sorted(cluster, key=lambda p: (p.copy, p.start)):
        per_copy[p.copy].append(p)
    for props in per_copy.values():
        deletes = any(p.kind == "delete" for p in props)
        text = "" if deletes else _reading(props, start, end)[0]
        same = next((a for a in group.alternatives if a.text == text and a.deletes_paragraph == deletes
                     and a.footnotes() == _footnotes_of(props)), None)
        delegation = props[0].delegation
        if same is not None:
            if delegation not in same.delegations:
                same.delegations.append(delegation)
            continue
        group.alternatives.append(Alternative(text, [delegation], props, deletes))
    return group


def _footnotes_of(props: Sequence[Proposal]) -> tuple[str, ...]:
    out: list[str] = []
    for p in props:
        out.extend(p.footnotes(p.new_start, p.new_end))
    return tuple(out)
