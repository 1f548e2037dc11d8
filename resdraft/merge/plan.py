"""The compilation as an `EditPlan`: every proposal authored by its delegation, conflicts as alternatives.

A merged proposal is written as the copy wrote it, by its first delegation,
with one comment naming all of them. A conflict is BASE's words deleted
once by the compiler, then each alternative inserted by its delegation with
"Alternative i of n (...) to ...". Typed top-level numbers are renumbered by
the compiler, as the draft reads with every proposal accepted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from resdraft.edits import (
    FOOTNOTE_MARK,
    START,
    Alternative,
    DeleteParagraph,
    Edit,
    EditPlan,
    InsertParagraph,
    PlanItem,
)
from resdraft.merge.conflicts import Group, InsertGroup
from resdraft.merge.proposals import NUMBER
from resdraft.model import Emphasis
from resdraft.plan import plan_of

__all__ = ["Row", "build_plan", "quote"]

_QUOTE = 60


def quote(text: str, limit: int = _QUOTE) -> str:
    """A short quotation of (marked) text for comments and the summary."""
    plain = " ".join(text.replace(FOOTNOTE_MARK, "[note]").split())
    if len(plain) > limit:
        plain = plain[: limit - 1].rstrip() + "\u2026"
    return f"\u201c{plain}\u201d"


@dataclass
class Row:
    """One line of the summary: a proposal or an alternative."""

    paragraph: str
    delegations: list[str]
    change: str
    status: str  # merged | alternative
    old: str = ""
    new: str = ""
    conflict: int | None = None  # the conflict's number (1, 2, ...)
    extra: dict[str, object] = field(default_factory=dict)
    key: tuple[float, int] = (0.0, 0)  # where it is in BASE (for sorting)


def _proposed(names: Sequence[str]) -> str:
    return "Proposed by " + ", ".join(names)


def _change(old: str, new: str) -> str:
    if not old:
        return f"insert {quote(new)}"
    if not new:
        return f"delete {quote(old)}"
    return f"{quote(old)} \u2192 {quote(new)}"


def build_plan(groups: Sequence[Group], inserts: Sequence[InsertGroup], base_units: Sequence[tuple[str, str]],
               names: dict[str, str], *, compiler: str, date: str | None,
               credits: dict[int, list[str]] | None = None,
               remarks: Sequence[tuple[str, str, str]] = ()) -> tuple[EditPlan, list[Row], int]:
    """Plan items, summary rows and the number of renumbered paragraphs.

    `base_units` are BASE's paragraphs in order as (label "@n", marked text);
    `names` maps labels to what a reader calls them ("OP3"); `credits`, if
    given, receives the delegations of each plan item and alternative (by id).
    `remarks` are the delegations' own comments (label, delegation, text),
    added to their proposals there (or as a comment of their own).
    """
    credits = credits if credits is not None else {}
    items: list[PlanItem] = []
    rows: list[Row] = []
    conflicts = 0
    deleted: set[str] = set()
    position = {label: float(k) for k, (label, _text) in enumerate(base_units)}
    position[START] = -1.0
    for g in sorted(groups, key=lambda g: (position.get(g.label, len(position) + _note_number(g.label)), g.start)):
        para = g.label.startswith("@")
        name = names.get(g.label, g.label)
        first_row = len(rows)
        if not g.conflict:
            alt = g.alternatives[0]
            who = alt.delegations
            if alt.deletes_paragraph:
                deleted.add(g.label)
                items.append(DeleteParagraph(g.label, comment=_proposed(who), author=who[0]))
                credits[id(items[-1])] = list(who)
                rows.append(Row(name, list(who), "delete the paragraph", "merged", g.base_text, "",
                                key=(position.get(g.label, 0.0), 0)))
                continue
            for p in alt.proposals:
                items.append(Edit(g.label, p.start, p.end, p.text, comment=_proposed(who), author=who[0],
                                  marks=para, italic=False if para else None,
                                  emphasis=p.emphasis(p.new_start, p.new_end) if para else (),
                                  footnotes=p.footnotes(p.new_start, p.new_end)))
                credits[id(items[-1])] = list(who)
                old = g.base_text[p.start - g.start:p.end - g.start]
                rows.append(Row(name, list(who), _change(old, p.text), "merged", old, p.text))
            for row in rows[first_row:]:
                row.key = (position.get(g.label, len(position) + _note_number(g.label)), g.start)
            continue
        conflicts += 1
        n = len(g.alternatives)
        notes: list[str] = []
        alternatives: list[Alternative] = []
        for i, alt in enumerate(g.alternatives, start=1):
            who = ", ".join(alt.delegations)
            target = quote(g.base_text) if g.base_text else "an insertion here"
            head = f"Alternative {i} of {n} ({who}) to {target}"
            if alt.deletes_paragraph or not alt.text:
                notes.append(f"{head}: delete" + (" the paragraph" if alt.deletes_paragraph else ""))
                change = "delete the paragraph" if alt.deletes_paragraph else _change(g.base_text, "")
            else:
                first = alt.proposals[0]
                start = g.start + first.delta_before()
                emphasis = first.emphasis(start, start + len(alt.text)) if para else ()
                alternatives.append(Alternative(alt.text, alt.delegations[0], head, emphasis, alt.footnotes()))
                credits[id(alternatives[-1])] = list(alt.delegations)
                change = _change(g.base_text, alt.text)
            rows.append(Row(name, list(alt.delegations), change, "alternative", g.base_text, alt.text, conflicts,
                            {"of": n, "number": i}))
        items.append(Edit(g.label, g.start, g.end, "", comment="\n".join(notes) or None, author=compiler, marks=para,
                          italic=False if para else None, alternatives=tuple(alternatives)))
        for row in rows[first_row:]:
            row.key = (position.get(g.label, len(position) + _note_number(g.label)), g.start)
    renumbered = _renumber(groups, inserts, base_units, deleted, items, rows, names, compiler, credits)
    for row in rows:
        if row.paragraph.startswith("new after "):
            row.key = (position.get(str(row.extra.pop("after")), 0.0) + 0.5, 0)
    rows.sort(key=lambda r: r.key)
    items = _with_remarks(items, remarks, dict(base_units), credits)
    return plan_of(items, author=compiler, date=date, what="the compilation"), rows, renumbered



def _with_remarks(items: list[PlanItem], remarks: Sequence[tuple[str, str, str]], texts: dict[str, str],
                  credits: dict[int, list[str]]) -> list[PlanItem]:
    """The delegations' comments added to their proposals on the same paragraph (else a comment of their own)."""
    alone: dict[str, list[tuple[str, str]]] = {}
    for label, delegation, text in remarks:
        line = f"{delegation}: {text}"
        on_label = [k for k, item in enumerate(items) if _label_of(item) == label]
        own = [k for k in on_label if _credited(items[k], delegation, credits)]
        if not (own or on_label):
            alone.setdefault(label, []).append((delegation, line))
            continue
        k = (own or on_label)[0]
        items[k] = _add_line(items[k], delegation, line, credits)
    for label, lines in alone.items():
        text = texts.get(label, "")
        if label.startswith("@") and text:
            items.append(Edit(label, 0, len(text), None, comment="\n".join(x for _d, x in lines), author=lines[0][0],
                              marks=True))
    return items


def _label_of(item: PlanItem) -> str:
    return item.label if isinstance(item, Edit | DeleteParagraph | InsertParagraph) else ""


def _credited(item: PlanItem, delegation: str, credits: dict[int, list[str]]) -> bool:
    if delegation in credits.get(id(item), []):
        return True
    return isinstance(item, Edit) and any(delegation in credits.get(id(a), []) for a in item.alternatives)


def _add_line(item: PlanItem, delegation: str, line: str, credits: dict[int, list[str]]) -> PlanItem:
    from dataclasses import replace

    if isinstance(item, Edit) and item.alternatives and delegation not in credits.get(id(item), []):
        alts = list(item.alternatives)
        k = next((i for i, a in enumerate(alts) if delegation in credits.get(id(a), [])), None)
        if k is not None:
            new_alt = replace(alts[k], comment=f"{alts[k].comment}\n{line}" if alts[k].comment else line)
            credits[id(new_alt)] = credits.pop(id(alts[k]), [])
            alts[k] = new_alt
            new = replace(item, alternatives=tuple(alts))
            credits[id(new)] = credits.pop(id(item), [])
            return new
    comment = getattr(item, "comment", None)
    new = replace(item, comment=f"{comment}\n{line}" if comment else line)  # type: ignore[type-var]
    credits[id(new)] = credits.pop(id(item), [])  # popped: a freed item's id may be reused
    return new


def _note_number(label: str) -> int:
    return int(label[2:]) if label.startswith("FN") and label[2:].isdigit() else 0


def _renumber(groups: Sequence[Group], inserts: Sequence[InsertGroup], base_units: Sequence[tuple[str, str]],
              deleted: set[str], items: list[PlanItem], rows: list[Row], names: dict[str, str],
              compiler: str, credits: dict[int, list[str]]) -> int:
    """Insert the new paragraphs (typed numbers as the accepted compilation reads) and renumber BASE's."""
    after: dict[str, list[InsertGroup]] = {}
    for ins in inserts:
        after.setdefault(ins.after, []).append(ins)
    order: list[tuple[str, object]] = [("new", x) for x in after.get(START, [])]
    for label, _text in base_units:
        order.append(("base", label))
        order.extend(("new", x) for x in after.get(label, []))
    texts = dict(base_units)
    counter: int | None = None
    previous: int | None = None
    changed = 0
    for kind, what in order:
        if kind == "base" and what in deleted:
            continue
        text = texts[what] if kind == "base" else what.proposal.text  # type: ignore[union-attr]
        match = NUMBER.match(text)
        if not match:
            if kind == "new":
                _insert(what, text, items, rows, names, credits)  # type: ignore[arg-type]
            continue
        value = int(match.group(2))
        if kind == "base":
            if counter is None or previous is None or value <= previous:  # a list (re)starts
                counter = value
            else:
                counter += 1
            previous = value
        else:
            counter = (counter or 0) + 1
        wanted = str(counter)
        if kind == "new":
            text = text[:match.start(2)] + wanted + text[match.end(2):]
            _insert(what, text, items, rows, names, credits,  # type: ignore[arg-type]
                    shift=(match.end(2), len(wanted) - len(match.group(2))))
            continue
        if wanted == match.group(2):
            continue
        a, b = match.start(2), match.end(2)
        if any(g.label == what and g.start <= b and a <= g.end for g in groups):
            continue  # a delegation changes the number itself: its proposal says it
        items.append(Edit(str(what), a, b, wanted, author=compiler, marks=True, italic=False))
        changed += 1
    return changed


def _insert(group: InsertGroup, text: str, items: list[PlanItem], rows: list[Row], names: dict[str, str],
            credits: dict[int, list[str]], shift: tuple[int, int] | None = None) -> None:
    p = group.proposal
    emphasis = p.emphasis(0, len(p.text))
    if shift is not None and shift[1]:
        at, delta = shift
        emphasis = tuple(Emphasis(e.start + (delta if e.start >= at else 0), e.end + (delta if e.end >= at else 0),
                                  e.style) for e in emphasis)
    who = group.delegations
    items.append(InsertParagraph(group.after, text, emphasis=emphasis, footnotes=p.footnotes(0, len(p.text)),
                                 like=p.like, comment=_proposed(who), author=who[0], label=p.label))
    credits[id(items[-1])] = list(who)
    where = "start" if group.after == START else names.get(group.after, group.after)
    rows.append(Row(f"new after {where}", list(who), _change("", text), "merged", "", text,
                    extra={"after": group.after}))
