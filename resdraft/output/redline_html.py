"""The redline page (`compare --html`, `carry-over --html`): a draft's blocks with its tracked changes.

Insertions and deletions are `<ins>`/`<del>` with their reasons; the list beside the text also names what is not
text (table rows, formatting, link targets, headers and footers). The frame is `html_page`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from resdraft.edits import (
    FOOTNOTE_MARK,
    START,
    DeleteParagraph,
    DeleteRow,
    Edit,
    EditPlan,
    InsertParagraph,
    InsertRow,
    InsertTable,
    MoveParagraph,
    PlanItem,
    Renumber,
    Restyle,
    marked_span,
    marked_text,
)
from resdraft.ooxml.namespaces import qn

if TYPE_CHECKING:
    from lxml import etree

    from resdraft.carryover import CarryOver
    from resdraft.model import Resolution
    from resdraft.redline.comparison import Comparison
from resdraft.output.html_page import _e, _marked_html, _page, _short


@dataclass
class RedlineSource:
    """A paragraph a plan may address: `label` as the plan names it, `name` as the page shows it.

    `text` is what the plan's plain offsets index; `marks` are the offsets
    of its footnote reference marks and `notes` their footnote numbers.
    """

    label: str
    name: str
    text: str
    number: str = ""
    kind: str = "other"
    marks: list[int] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    footnote: bool = False


@dataclass
class _Entry:
    ref: str
    where: str
    code: str
    what: str
    comment: str


def _edit_what(old: str, new: str | None, comment: str | None) -> str:
    if new is None:
        return f"review: \u201c{_short(old)}\u201d"
    if not old:
        return f"insert \u201c{_short(new)}\u201d"
    if not new:
        return f"delete \u201c{_short(old)}\u201d"
    return f"\u201c{_short(old)}\u201d \u2192 \u201c{_short(new)}\u201d"


def _paragraph_html(source: RedlineSource, edits: Sequence[tuple[str, Edit]], entries: list[_Entry]) -> str:
    """One paragraph's text with its edits as `<del>`/`<ins>` (comment-only edits as `<mark>`).

    An edit in plain offsets keeps the footnote marks inside its span (as
    the writer does), so they are shown after the change, not deleted.
    """
    marked = marked_text(source.text, source.marks)
    numbers = iter(source.notes)
    spans = sorted(((*marked_span(edit, sorted(source.marks)), ref, edit) for ref, edit in edits),
                   key=lambda t: (t[0], t[1]))
    out: list[str] = []
    cursor = 0

    def take(chunk: str) -> str:
        return _marked_html(chunk, [next(numbers, None) for _ in range(chunk.count(FOOTNOTE_MARK))])

    for start, end, ref, edit in spans:
        title = _e(edit.comment or "")
        old = marked[start:end]
        entries.append(_Entry(ref, source.name, edit.code or "", _edit_what(old, edit.replacement, edit.comment),
                              edit.comment or ""))
        if start < cursor:  # overlaps an edit already shown: a note where the text continues
            out.append(f'<span class="note" id="{ref}" data-ref="{ref}" title="{title}">\u270e</span>')
            continue
        out.append(take(marked[cursor:start]))
        cursor = end
        if edit.replacement is None:
            out.append(f'<mark class="review" id="{ref}" data-ref="{ref}" title="{title}">'
                       f'{take(old) or "&#9998;"}</mark>')
            continue
        pieces: list[str] = []
        kept = ""
        if edit.marks:
            deleted = take(old)
        else:
            deleted = _e(old.replace(FOOTNOTE_MARK, ""))
            kept = take(FOOTNOTE_MARK * old.count(FOOTNOTE_MARK))
        if deleted:
            pieces.append(f'<del data-ref="{ref}" title="{title}">{deleted}</del>')
        if edit.replacement:
            inserted = _marked_html(edit.replacement, [None] * edit.replacement.count(FOOTNOTE_MARK))
            pieces.append(f'<ins data-ref="{ref}" title="{title}">{inserted}</ins>')
        if not pieces:
            pieces.append(f'<span data-ref="{ref}"></span>')
        pieces[0] = pieces[0].replace(" data-ref=", f' id="{ref}" data-ref=', 1)
        out.extend(pieces)
        out.append(kept)
    out.append(take(marked[cursor:]))
    return "".join(out)


@dataclass(frozen=True)
class Tables:
    """What a page needs to show table revisions: the rows of the drafts' paragraphs and NEW's copied text.

    `rows` gives, for a paragraph label, the labels of every paragraph of its table row (a deleted row is
    shown whole); `copied` gives, for a NEW paragraph index named by a copied row or table, the texts of
    that row's (`InsertRow`) or table's (`InsertTable`) paragraphs.
    """

    rows: dict[str, list[str]] = field(default_factory=dict)
    copied_rows: dict[int, list[str]] = field(default_factory=dict)
    copied_tables: dict[int, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class OtherChange:
    """A change that is not a plan item (a link's target, a header or footer), listed by where it is."""

    label: str  # a source label or name, or "" (shown above the text)
    what: str


def redline_page(sources: Sequence[RedlineSource], plan: EditPlan, *, title: str, subtitle: str = "",
                 tables: Tables | None = None, others: Sequence[OtherChange] = ()) -> str:
    """A redline of `plan` over `sources` (in document order): every change in place and in the list."""
    tables = tables or Tables()
    items = list(plan.edits)
    ref_of = {id(item): f"c{n}" for n, item in enumerate(items, start=1)}
    text_edits: dict[str, list[tuple[str, Edit]]] = defaultdict(list)
    for item in items:
        if isinstance(item, Edit):
            text_edits[item.label].append((ref_of[id(item)], item))
    by_label = {s.label: s for s in sources}
    names = {s.label: s.name for s in sources}
    deleted: dict[str, PlanItem] = {i.label: i for i in items if isinstance(i, DeleteParagraph)}
    first_of_row: set[str] = set()
    for item in items:
        if isinstance(item, DeleteRow):
            row_labels = tables.rows.get(item.label, [item.label])
            first_of_row.add(row_labels[0])
            deleted.update((label, item) for label in row_labels)
    restyled = {i.label: i for i in items if isinstance(i, Restyle)}
    moved = {i.label: i for i in items if isinstance(i, MoveParagraph)}
    renumbered = {i.label: i for i in items if isinstance(i, Renumber)}
    after: dict[str, list[PlanItem]] = defaultdict(list)
    before: dict[str, list[PlanItem]] = defaultdict(list)
    for item in items:
        if isinstance(item, InsertParagraph | MoveParagraph | InsertTable):
            after[item.after].append(item)
        elif isinstance(item, InsertRow):
            row_labels = tables.rows.get(item.anchor, [item.anchor])
            (before[row_labels[0]] if item.before else after[row_labels[-1]]).append(item)
    other_refs = [(f"x{n}", o) for n, o in enumerate(others, start=1)]
    by_name = {s.name: s.label for s in sources}
    others_at: dict[str, list[tuple[str, OtherChange]]] = defaultdict(list)
    for ref, other in other_refs:
        others_at[other.label if other.label in by_label else by_name.get(other.label, "")].append((ref, other))
    entries: dict[str, list[_Entry]] = defaultdict(list)  # by source label, then in document order
    rows: list[str] = []

    def row(name: str, kind: str, state: str, number: str, body: str, ident: str = "") -> str:
        idattr = f' id="{_e(ident)}"' if ident else ""
        cls = ("blk fn" if kind == "fn" else f"blk k-{_e(kind)}") + (f" st-{state}" if state else "")
        return (f'<div class="{cls}"{idattr}><span class="lbl">{_e(name)}</span>'
                f"<p>{number}{body}</p></div>")

    def arrivals(anchor: str) -> None:
        for item in after.get(anchor, []):
            ref = ref_of[id(item)]
            if isinstance(item, InsertParagraph):
                body = (f'<ins id="{ref}" data-ref="{ref}" title="{_e(item.comment or "")}">'
                        f"{_marked_html(item.text, [None] * item.text.count(FOOTNOTE_MARK))}</ins>")
                number = f'<span class="num"><ins>{_e(item.number_text)}</ins></span>' if item.number_text else ""
                name = item.label or "new"
                rows.append(row(name, "other", "inserted", number, body))
                entries[anchor].append(_Entry(ref, name, item.code or "", f"new paragraph \u201c{_short(item.text)}"
                                              f"\u201d after {names.get(anchor, 'the start')}", item.comment or ""))
            elif isinstance(item, InsertRow | InsertTable):
                table = isinstance(item, InsertTable)
                texts = (tables.copied_tables if table else tables.copied_rows).get(item.source.index, [""])
                for k, text in enumerate(texts):
                    ident = f' id="{ref}"' if k == 0 else ""
                    rows.append(row("table" if table else "row", "other", "inserted", "",
                                    f'<ins{ident} data-ref="{ref}">{_e(text)}</ins>'))
                what = "new table" if table else "new table row"
                entries[anchor].append(_Entry(ref, names.get(anchor, "the start"), "",
                                              f"{what} \u201c{_short(' | '.join(t for t in texts if t))}\u201d",
                                              ""))
            elif isinstance(item, MoveParagraph):
                source = by_label.get(item.label)
                text = _e(source.text) if source else ""
                to = f"{ref}-to"  # the move's other end (where it left) holds `ref`
                rows.append(row(names.get(item.label, item.label), source.kind if source else "other", "moved-to",
                                "", f'<ins id="{to}" data-ref="{ref}" title="{_e(item.comment or "")}">{text}'
                                    "</ins>"))
                entries[anchor].append(_Entry(to, names.get(item.label, item.label), item.code or "",
                                              f"moved here, after {names.get(anchor, 'the start')}",
                                              item.comment or ""))

    for ref, other in others_at.get("", []):  # no paragraph of the body: headers, footers
        rows.append(f'<div class="story" id="{ref}"><p>{_e(other.what)}</p></div>')
        entries[START].append(_Entry(ref, "", "", other.what, ""))
    arrivals(START)
    for source in sources:
        ref_here = text_edits.get(source.label, [])
        local: list[_Entry] = []
        for anchor_item in before.get(source.label, []):
            after["\0before"] = [anchor_item]
            arrivals("\0before")
            entries[source.label].extend(entries.pop("\0before", []))
        number = _e(source.number)
        if source.label in renumbered:
            item = renumbered[source.label]
            ref = ref_of[id(item)]
            number = (f'<del id="{ref}" data-ref="{ref}">{_e(source.number)}</del>'
                      f'<ins data-ref="{ref}">{_e(item.number_text)}</ins>')
            local.append(_Entry(ref, source.name, item.code or "", f"renumbered {source.number or '(none)'} \u2192 "
                                f"{item.number_text}", item.comment or ""))
        number = f'<span class="num">{number}</span>' if number else ""
        state = ""
        whole = deleted.get(source.label) or moved.get(source.label)
        if isinstance(whole, DeleteRow):
            ref = ref_of[id(whole)]
            state = "deleted"
            ident = f' id="{ref}"' if source.label in first_of_row else ""
            body = (f'<del{ident} data-ref="{ref}">'
                    f"{_marked_html(marked_text(source.text, source.marks), source.notes)}</del>")
            if ident:
                local.append(_Entry(ref, source.name, "", "table row deleted", ""))
        elif whole is not None:
            ref = ref_of[id(whole)]
            state = "deleted" if isinstance(whole, DeleteParagraph) else "moved-from"
            comment = getattr(whole, "comment", None) or ""
            body = (f'<del id="{ref}" data-ref="{ref}" title="{_e(comment)}">'
                    f"{_marked_html(marked_text(source.text, source.marks), source.notes)}</del>")
            what = "paragraph deleted" if state == "deleted" else f"moved after {names.get(whole.after, whole.after)}"  # type: ignore[union-attr]
            local.append(_Entry(ref, source.name, getattr(whole, "code", None) or "", what, comment))
        else:
            body = _paragraph_html(source, ref_here, local)
        if source.label in restyled:
            ref = ref_of[id(restyled[source.label])]
            state = state or "format"
            body = f'<span class="fmt" id="{ref}"></span>{body}'
            what = ("drawing or object added or removed" if restyled[source.label].objects_only
                    else "formatting changed (bold, italic, underline or highlight)")
            local.append(_Entry(ref, source.name, "", what, ""))
        for ref, other in others_at.get(source.label, []):
            body = f'<span class="other" id="{ref}"></span>{body}'
            local.append(_Entry(ref, source.name, "", other.what, ""))
        prefix = "b-" + source.label if source.footnote else ""
        if source.footnote:
            body = f"<sup>{_e(source.label[2:])}</sup> {body}"
        rows.append(row(source.name, "fn" if source.footnote else source.kind, state, number, body, prefix))
        entries[source.label].extend(local)
        arrivals(source.label)
    unknown = sorted(set(text_edits) - set(by_label))
    for label in unknown:  # a plan addressing a paragraph the page does not have: still listed
        for ref, edit in text_edits[label]:
            entries[label].append(_Entry(ref, label, edit.code or "", _edit_what("", edit.replacement, edit.comment),
                                         edit.comment or ""))
    ordered = [e for s in [START, *[s.label for s in sources], *unknown] for e in entries.get(s, [])]
    listed = []
    for entry in ordered:
        code = f'<span class="code">{_e(entry.code)}</span> ' if entry.code else ""
        comment = f'<div class="fix">{_e(entry.comment)}</div>' if entry.comment else ""
        listed.append(f'<li><a class="go" href="#{entry.ref}">{code}<span class="where">{_e(entry.where)}</span> '
                      f"{_e(entry.what)}</a>{comment}</li>")
    heading = f"{len(ordered)} change{'s' if len(ordered) != 1 else ''}"
    aside = f"<h2>{_e(heading)}</h2>" + (f'<ol id="changes">{"".join(listed)}</ol>' if listed
                                         else '<p id="changes">No changes.</p>')
    return _page(title, subtitle, "\n".join(rows), aside)


def resolution_sources(resolution: Resolution) -> list[RedlineSource]:
    """The blocks and footnotes of a parsed draft, addressed by their labels (carry-over, fixes)."""
    sources = [RedlineSource(b.label, b.label, b.text, b.number_text, b.kind,
                             [r.offset for r in sorted(b.footnote_refs, key=lambda r: r.offset)],
                             [r.number for r in sorted(b.footnote_refs, key=lambda r: r.offset)])
               for b in resolution.blocks]
    sources += [RedlineSource(f.label, f.label, f.text, footnote=True) for f in resolution.footnotes]
    return sources


def carry_over_page(resolution: Resolution, result: CarryOver, *, source: str | None = None,
                    title: str | None = None) -> str:
    """The carry-over as a redline: each proposal in place, with its reason (`source` names the input)."""
    from resdraft.ordinals import ordinal_words

    changes = sum(1 for p in result.proposals if p.kind == "change")
    target = (f"the {ordinal_words(result.target_session)} session" if result.target_session is not None
              else "the next renewal")
    subtitle = (f"{source or resolution.path} \u2192 draft for {target}: "
                f"{changes} changes, {len(result.proposals) - changes} review comments")
    return redline_page(resolution_sources(resolution), result.plan(), subtitle=subtitle,
                        title=title or f"Carry-over of {result.symbol}")


def comparison_page(comparison: Comparison, *, old_name: str = "OLD", new_name: str = "NEW",
                    title: str | None = None, old: Resolution | None = None) -> str:
    """A `compare` result as a redline over OLD's paragraphs (`@n` addresses, parser labels shown).

    `old` is OLD's parsed `Resolution` (the `Draft` the command opened); without it the page parses
    `comparison.old_raw` again for the labels.
    """
    raw = comparison.old_raw
    if old is None:
        from resdraft.structure import build_resolution

        old = build_resolution(raw)
    blocks = old.blocks
    labels = {b.location.index: b.label for b in blocks}
    kinds = {b.location.index: b.kind for b in blocks}
    sources = []
    for para in raw.paragraphs:
        refs = sorted(para.footnote_refs, key=lambda r: r.offset)
        index = para.location.index
        sources.append(RedlineSource(f"@{index}", labels.get(index, f"\u00b6{index}"), para.text,
                                     para.auto_number or "", kinds.get(index, "other"), [r.offset for r in refs],
                                     [r.number for r in refs]))
    sources += [RedlineSource(f"FN{f.number}", f"FN{f.number}", f.text, footnote=True) for f in raw.footnotes]
    summary = ", ".join(f"{n} {kind}" for kind, n in comparison.summary().items()) or "no changes"
    others = [OtherChange(c.block, f"link target {c.old} \u2192 {c.new}" if c.kind == "link"
                          else f"{c.block}: \u201c{_short(c.old)}\u201d \u2192 \u201c{_short(c.new)}\u201d")
              for c in comparison.changes if c.kind == "link" or _STORY.match(c.block)]
    return redline_page(sources, comparison.plan, title=title or f"Comparison of {old_name} and {new_name}",
                        subtitle=f"{old_name} \u2192 {new_name}: {summary}", tables=_tables(comparison),
                        others=others)


_STORY = re.compile(r"^(?:header|footer):")


def _tables(comparison: Comparison) -> Tables:
    """Rows of OLD's paragraphs (as `@n` labels) and the texts of NEW's rows and tables, from the packages."""
    from resdraft.ooxml.package import Package

    def groups(path: Path) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
        pkg = Package(path)
        root = pkg.xml(pkg.main)
        by_row: dict[int, list[int]] = {}
        by_table: dict[int, list[int]] = {}
        if root is None:
            return by_row, by_table
        # the elements themselves are the keys: the id() of an lxml proxy is reused once the proxy is freed,
        # so keyed by id() two rows could be taken for one
        members: dict[etree._Element, list[int]] = defaultdict(list)
        tables: dict[etree._Element, list[int]] = defaultdict(list)
        index_row: dict[int, etree._Element] = {}
        index_table: dict[int, etree._Element] = {}
        for index, p in enumerate(root.iter(_W_P)):
            tr = next(p.iterancestors(_W_TR), None)
            if tr is None:
                continue
            tbl = next(tr.iterancestors(_W_TBL))
            members[tr].append(index)
            tables[tbl].append(index)
            index_row[index], index_table[index] = tr, tbl
        by_row = {i: members[r] for i, r in index_row.items()}
        by_table = {i: tables[t] for i, t in index_table.items()}
        return by_row, by_table

    old_rows, _ = groups(comparison.base)
    rows = {f"@{i}": [f"@{j}" for j in members] for i, members in old_rows.items()}
    if comparison.new_docx is None:
        return Tables(rows)
    new_rows, new_tables = groups(comparison.new_docx)
    texts = {p.location.index: p.text for p in comparison.new_raw.paragraphs}
    return Tables(rows, {i: [texts.get(j, "") for j in m] for i, m in new_rows.items()},
                  {i: [texts.get(j, "") for j in m] for i, m in new_tables.items()})


_W_P, _W_TR, _W_TBL = qn("w:p"), qn("w:tr"), qn("w:tbl")
