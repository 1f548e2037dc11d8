"""One copy's proposals: the same paragraph alignment and word diff as `compare`, kept as spans.

`compare` turns each difference straight into a plan item; a compilation
first needs to know, for every change, which BASE words it touches (to find
identical and competing proposals across copies), which words of the copy
replace them (to quote an alternative), and who made it (the revision in
the copy that covers it, if the copy is tracked). Changes of a typed
paragraph number only are not proposals: the compilation renumbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from resdraft.edits import FOOTNOTE_MARK, START
from resdraft.errors import InputError
from resdraft.merge.sources import Source
from resdraft.model import Emphasis, RawDocument, Revision
from resdraft.redline.align import Step, align
from resdraft.redline.compare import Unit, _emphasis, _notes_in, _units, changed_kept_notes
from resdraft.redline.tokens import word_diff

__all__ = ["NUMBER", "Proposal", "Proposals", "find_proposals"]


def _like(steps: Sequence[Step], pos: int, kept: Sequence[int], old_units: Sequence[Unit],
          new_units: Sequence[Unit], unit: Unit) -> str | None:
    """The BASE paragraph a new paragraph should look like: the nearest kept pair of the same shape.

    Merge aligns paragraphs one by one (compare now aligns tables as whole items), so it keeps
    its own copy of this choice.
    """
    shape = (unit.style, unit.auto_numbered)
    before = [k for k in kept if k < pos][::-1]
    after = [k for k in kept if k > pos]
    for k in [*before, *after]:
        step = steps[k]
        assert step.old is not None and step.new is not None
        n = new_units[step.new]
        if (n.style, n.auto_numbered) == shape:
            return f"@{old_units[step.old].index}"
    for o in old_units:
        if (o.style, o.auto_numbered) == shape:
            return f"@{o.index}"
    return None

#: A typed top-level paragraph number ("12." before white space): renumbered by the compilation.
NUMBER = re.compile(r"^(\s*)(\d{1,3})(\.)(?=\s)")
#: Below this share of BASE's (non-empty) paragraphs found again, a copy is not a copy of BASE.
MIN_ALIGNED = 0.5


@dataclass
class Proposal:
    """One change a copy makes to BASE.

    kind "text": `label`'s span [start, end) (marked offsets of a paragraph,
    plain offsets of a footnote "FNn") becomes `source[new_start:new_end]`.
    "delete" / "move": the whole paragraph (span = all of it; a move lands
    after `after`). "insert": a new paragraph after `after`, text `source`.
    """

    kind: str
    copy: int
    delegation: str
    label: str
    start: int
    end: int
    source: Unit | str
    new_start: int = 0
    new_end: int = 0
    after: str = START
    like: str | None = None

    @property
    def source_text(self) -> str:
        return self.source.marked if isinstance(self.source, Unit) else self.source

    @property
    def text(self) -> str:
        return self.source_text[self.new_start:self.new_end]

    def emphasis(self, a: int, b: int) -> tuple[Emphasis, ...]:
        return _emphasis(self.source, a, b) if isinstance(self.source, Unit) else ()

    def footnotes(self, a: int, b: int) -> tuple[str, ...]:
        return _notes_in(self.source, a, b) if isinstance(self.source, Unit) else ()

    def delta_before(self) -> int:
        return self.new_start - self.start


@dataclass
class Proposals:
    """A copy's proposals, how many of its changes were renumbering only, and the comments it added.

    `comments` are (label, text) for comments in the copy that BASE does not
    have, by the BASE paragraph they sit on ("@n"), or by the new paragraph
    ("new@n"): a delegation explains its proposals there, and that must reach
    the compilation.
    """

    source: Source
    items: list[Proposal]
    renumbered: int
    comments: list[tuple[str, str]] = field(default_factory=list)


def _plain_offset(marked: str, offset: int) -> int:
    return offset - marked.count(FOOTNOTE_MARK, 0, offset)


def _author_of(unit: Unit, revisions: Sequence[Revision], start: int, end: int, source: Source) -> str:
    """The delegation whose revision in the copy covers [start, end) (marked offsets), else the copy's."""
    if source.fixed or not revisions:
        return source.delegation
    a, b = _plain_offset(unit.marked, start), _plain_offset(unit.marked, end)
    for rev in revisions:
        hit = rev.start < b and a < rev.end if (rev.end > rev.start and b > a) else rev.start <= b and a <= rev.end
        if hit:
            who = source.delegation_of(rev.author, rev.date)
            if who is not None:
                return who
    return source.delegation


def _number_span(text: str) -> tuple[int, int] | None:
    match = NUMBER.match(text)
    return (match.start(2), match.end(3)) if match else None


def find_proposals(base: RawDocument, copy_raw: RawDocument, source: Source, index: int) -> Proposals:
    """Every change `copy_raw` makes to `base`, attributed; refuses a copy that is not derived from BASE."""
    old_units = _units(base, keep_empty=True)
    new_units = _units(copy_raw, keep_empty=True)
    revisions = {p.location.index: p.revisions for p in copy_raw.paragraphs}
    old_comments = {p.location.index: p.comments for p in base.paragraphs}
    new_comments = {p.location.index: p.comments for p in copy_raw.paragraphs}
    comments: list[tuple[str, str]] = []
    steps = align([u.plain for u in old_units], [u.plain for u in new_units])
    full = [k for k, u in enumerate(old_units) if u.plain.strip()]
    paired = {s.old for s in steps if s.old is not None and s.new is not None}
    if full and sum(1 for k in full if k in paired) < MIN_ALIGNED * len(full):
        found = sum(1 for k in full if k in paired)
        raise InputError(source.path, f"not a copy of BASE: only {found} of {len(full)} paragraphs align with it",
                         "pass the delegation's copy of the draft being compiled")
    items: list[Proposal] = []
    renumbered = 0
    last_old = START
    kept = [k for k, s in enumerate(steps) if s.old is not None and s.new is not None]
    done_notes: set[int] = set()
    for pos, step in enumerate(steps):
        if step.old is not None and step.new is not None:
            o, n = old_units[step.old], new_units[step.new]
            last_old = f"@{o.index}"
            comments += [(last_old, c) for c in new_comments.get(n.index, []) if c not in old_comments.get(o.index, [])]
            on, nn = _number_span(o.marked), _number_span(n.marked)
            hunks = word_diff(o.marked, n.marked)
            for h in hunks:
                if on and nn and h.old_start >= on[0] and h.old_end <= on[1] and h.new_end <= nn[1]:
                    renumbered += 1
                    continue
                who = _author_of(n, revisions.get(n.index, ()), h.new_start, h.new_end, source)
                items.append(Proposal("text", index, who, last_old, h.old_start, h.old_end, n, h.new_start,
                                      h.new_end))
            _footnote_proposals(o, n, hunks, items, source, index, done_notes)
        elif step.old is not None:
            o = old_units[step.old]
            if not o.marked and not o.notes:
                last_old = f"@{o.index}"
                continue  # an empty paragraph dropped: not worth a proposal
            # a moved paragraph is proposed as deleted here and inserted where it lands (below)
            items.append(Proposal("delete", index, source.delegation, f"@{o.index}", 0, len(o.marked), o,
                                  0, len(o.marked)))
            last_old = f"@{o.index}"
        else:
            assert step.new is not None
            n = new_units[step.new]
            if not n.marked.strip() and not n.notes:
                continue
            like = _like(steps, pos, kept, old_units, new_units, n) or (last_old if last_old != START else None)
            revs = revisions.get(n.index, ())
            who = _author_of(n, revs, 0, len(n.marked), source) if revs else source.delegation
            items.append(Proposal("insert", index, who, f"new@{n.index}", 0, 0, n, 0, len(n.marked), last_old, like))
            comments += [(f"new@{n.index}", c) for c in new_comments.get(n.index, [])]
    return Proposals(source, items, renumbered, comments)


def _footnote_proposals(o: Unit, n: Unit, hunks: Sequence[object], items: list[Proposal], source: Source,
                        index: int, done: set[int]) -> None:
    """Word changes inside the footnotes whose marks the paragraph diff kept (as `compare` finds them)."""
    if not o.notes or o.notes == n.notes:
        return  # nothing to compare (the common case: no footnote, or its text unchanged)
    for number, old_text, new_text in changed_kept_notes(o, n, hunks, done):
        for h in word_diff(old_text, new_text):
            items.append(Proposal("text", index, source.delegation, f"FN{number}", h.old_start, h.old_end, new_text,
                                  h.new_start, h.new_end))
