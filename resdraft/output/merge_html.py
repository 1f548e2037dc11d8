"""The compilation as one HTML page: BASE with every proposal in place, each delegation in its own colour.

The aside is an index per delegation (joint proposals listed under each of
their delegations) and a list of the conflicts. Page frame, escaping and
footnote marks come from `output.html_page`, as for `report` and `compare --html`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from resdraft.edits import FOOTNOTE_MARK, START, DeleteParagraph, Edit, InsertParagraph, marked_text
from resdraft.output.html_page import _e, _marked_html, _page, _short

if TYPE_CHECKING:
    from resdraft.merge.compile import Compilation

__all__ = ["compilation_page"]

#: Distinct hues for up to twelve delegations (then they repeat); the compiler is grey.
_HUES = (210, 20, 130, 280, 45, 330, 170, 0, 95, 250, 60, 300)


def _style(delegations: Sequence[str]) -> str:
    rules = [".d-c { --hue: 0; --sat: 0%; }", "ins.dl, del.dl { border-radius: 2px; }",
             "ins.dl { background: hsl(var(--hue) var(--sat, 70%) 88%); color: hsl(var(--hue) var(--sat, 70%) 25%); }",
             "del.dl { background: hsl(var(--hue) var(--sat, 70%) 94%); color: hsl(var(--hue) var(--sat, 70%) 30%); }",
             ".sw { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .4em;"
             " background: hsl(var(--hue) var(--sat, 70%) 60%); }",
             "aside h3 { font-size: 14px; margin: 12px 0 4px; }", "#conflicts a { display: inline; padding: 0 2px; }"]
    rules += [f".d-{k} {{ --hue: {_HUES[k % len(_HUES)]}; }}" for k in range(len(delegations))]
    return "<style>" + "\n".join(rules) + "</style>"


def compilation_page(compilation: Compilation, *, base_name: str = "BASE", title: str | None = None) -> str:
    """The page (a string); `base_name` names BASE in the subtitle."""
    from resdraft.structure import build_resolution

    delegations = list(compilation.delegations)
    colour = {name: f"d-{k}" for k, name in enumerate(delegations)}

    def cls(author: str | None) -> str:
        return colour.get(author or "", "d-c")

    raw = compilation.base_raw
    labels = {b.location.index: b.label for b in build_resolution(raw).blocks}
    items = list(compilation.plan.edits)
    ref_of = {id(item): f"m{n}" for n, item in enumerate(items, start=1)}
    edits: dict[str, list[Edit]] = defaultdict(list)
    inserted: dict[str, list[InsertParagraph]] = defaultdict(list)
    deleted: dict[str, DeleteParagraph] = {}
    for item in items:
        if isinstance(item, Edit):
            edits[item.label].append(item)
        elif isinstance(item, InsertParagraph):
            inserted[item.after].append(item)
        elif isinstance(item, DeleteParagraph):
            deleted[item.label] = item
    index: dict[str, list[str]] = defaultdict(list)  # delegation -> aside entries
    conflicts: list[str] = []

    def credit(key: object, author: str | None) -> list[str]:
        return compilation.credits.get(id(key), [author or compilation.compiler])

    def entry(ref: str, who: Sequence[str], where: str, what: str) -> None:
        for name in who:
            index[name].append(f'<li><a class="go" href="#{ref}"><span class="where">{_e(where)}</span> '
                               f"{_e(what)}</a></li>")

    def text_html(marked: str, numbers: Sequence[int], label: str, where: str) -> str:
        notes = iter(numbers)
        out: list[str] = []
        cursor = 0

        def take(chunk: str) -> str:
            return _marked_html(chunk, [next(notes, None) for _ in range(chunk.count(FOOTNOTE_MARK))])

        for edit in sorted(edits.get(label, []), key=lambda e: (e.start, e.end)):
            ref = ref_of[id(edit)]
            old = marked[edit.start:edit.end]
            out.append(take(marked[cursor:edit.start]))
            cursor = edit.end
            title = _e(edit.comment or "")
            if edit.replacement is None:  # a delegation's comment with no change of its own
                out.append(f'<mark class="review" id="{ref}" data-ref="{ref}" title="{title}">{take(old)}</mark>')
                entry(ref, [edit.author or compilation.compiler], where, "comment: " + _short(edit.comment or ""))
                continue
            if old:
                out.append(f'<del id="{ref}" data-ref="{ref}" class="dl {cls(edit.author)}" title="{title}">'
                           f"{take(old)}</del>")
            if edit.replacement:
                span_id = "" if old else f' id="{ref}"'
                out.append(f'<ins{span_id} data-ref="{ref}" class="dl {cls(edit.author)}" title="{title}">'
                           f"{_marked_html(edit.replacement, [None] * edit.replacement.count(FOOTNOTE_MARK))}</ins>")
            if not edit.alternatives:
                if edit.comment:  # a delegation's proposal (the compiler's renumbering has none)
                    entry(ref, credit(edit, edit.author), where, _what(old, edit.replacement or ""))
                elif not old:
                    out.append(f'<span id="{ref}"></span>')
                continue
            links = []
            for k, alt in enumerate(edit.alternatives, start=1):
                aref = f"{ref}a{k}"
                out.append(f'<ins id="{aref}" data-ref="{ref}" class="dl {cls(alt.author)}" '
                           f'title="{_e(alt.comment or "")}">'
                           f"{_marked_html(alt.text, [None] * alt.text.count(FOOTNOTE_MARK))}</ins>")
                who = credit(alt, alt.author)
                entry(aref, who, where, f"alternative {k} of {len(edit.alternatives)}: {_what(old, alt.text)}")
                links.append(f'<a class="go" href="#{aref}">{_e(", ".join(who))}</a>')
            if edit.comment:
                out.append(f'<span class="note" id="{ref}d" title="{_e(edit.comment)}">\u270e</span>')
            conflicts.append(f'<li><span class="where">{_e(where)}</span> \u201c{_e(_short(old))}\u201d: '
                             f'{" / ".join(links)}</li>')
        out.append(take(marked[cursor:]))
        return "".join(out)

    rows: list[str] = []

    def arrivals(anchor: str) -> None:
        for item in inserted.get(anchor, []):
            ref = ref_of[id(item)]
            body = (f'<ins id="{ref}" data-ref="{ref}" class="dl {cls(item.author)}" title="{_e(item.comment or "")}">'
                    f"{_marked_html(item.text, [None] * item.text.count(FOOTNOTE_MARK))}</ins>")
            rows.append(f'<div class="blk st-inserted"><span class="lbl">+</span><p>{body}</p></div>')
            entry(ref, credit(item, item.author), f"new after {labels_at(anchor)}", f"\u201c{_short(item.text)}\u201d")

    def labels_at(anchor: str) -> str:
        if anchor == START:
            return "the start"
        return labels.get(int(anchor[1:]), anchor) if anchor[1:].isdigit() else anchor

    arrivals(START)
    for para in raw.paragraphs:
        label = f"@{para.location.index}"
        name = labels.get(para.location.index, f"\u00b6{para.location.index}")
        refs = sorted(para.footnote_refs, key=lambda r: r.offset)
        marked = marked_text(para.text, [r.offset for r in refs])
        numbers = [r.number for r in refs]
        whole = deleted.get(label)
        if whole is not None:
            ref = ref_of[id(whole)]
            body = (f'<del id="{ref}" data-ref="{ref}" class="dl {cls(whole.author)}" '
                    f'title="{_e(whole.comment or "")}">{_marked_html(marked, numbers)}</del>')
            entry(ref, credit(whole, whole.author), name, "delete the paragraph")
            state = " st-deleted"
        else:
            body = text_html(marked, numbers, label, name)
            state = ""
        number = f'<span class="num">{_e(para.auto_number)}</span>' if para.auto_number else ""
        rows.append(f'<div class="blk{state}"><span class="lbl">{_e(name)}</span><p>{number}{body}</p></div>')
        arrivals(label)
    for note in raw.footnotes:
        label = f"FN{note.number}"
        body = text_html(note.text, [], label, label)
        rows.append(f'<div class="blk fn" id="b-{label}"><span class="lbl">{label}</span>'
                    f"<p><sup>{note.number}</sup> {body}</p></div>")
    aside = [f"<h2>{len(compilation.rows)} proposals from {len(delegations)} delegations</h2>"]
    for name in delegations:
        aside.append(f'<h3 class="{colour[name]}"><span class="sw"></span>{_e(name)} ({len(index[name])})</h3>'
                     f'<ol>{"".join(index[name])}</ol>')
    if conflicts:
        aside.append(f'<h2>{len(conflicts)} conflicts</h2><ol id="conflicts">{"".join(conflicts)}</ol>')
    for note in compilation.notes:
        aside.append(f'<p class="fix">{_e(note)}</p>')
    subtitle = (f"{base_name}: {len(compilation.rows)} proposals from {len(delegations)} delegations, "
                f"{compilation.conflicts} conflicts")
    return _page(title or f"Compilation of proposals on {base_name}", subtitle, _style(delegations) + "\n".join(rows),
                 "\n".join(aside))


def _what(old: str, new: str) -> str:
    if not old:
        return f"insert \u201c{_short(new)}\u201d"
    if not new:
        return f"delete \u201c{_short(old)}\u201d"
    return f"\u201c{_short(old)}\u201d \u2192 \u201c{_short(new)}\u201d"
