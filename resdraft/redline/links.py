"""A hyperlink whose target changed (same text, other URL or bookmark) as a tracked change of the link.

The text diff sees nothing: the words are the same. So a paragraph that
reads the same in OLD and NEW (the only one with that text on each side)
and that the plan leaves alone has its links compared by position; where a
link's text is kept but its target differs, OLD's link runs become a
`w:del` inside OLD's `w:hyperlink`, and a copy of NEW's link follows with
its runs in a `w:ins` and a relationship of its own in OLD's package
(external, ``TargetMode="External"``). Accept keeps NEW's link only (the
emptied link goes, as in Word), reject OLD's only. The two links do not
touch: the character after them is deleted between them and inserted again
after NEW's (`_separate`, for LibreOffice). Links side by side with one
target (a converter cuts a link in pieces that share one relationship)
are retargeted as one group (`_groups`): OLD's pieces all deleted, then
NEW's all inserted, so that no inserted piece touches a deleted one.

This runs on OLD before the plan is written (it adds no paragraph, so the
plan's ``@n`` addresses stay right).
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable

from lxml import etree

from resdraft.ooxml import Package, RevisionIds, body_paragraphs, make_del, make_ins, make_text, qn, to_deleted
from resdraft.ooxml.namespaces import R_ID, REL_HYPERLINK, XML_SPACE
from resdraft.redline.headers import package_roots
from resdraft.redline.track import content_runs, wrap_runs

__all__ = ["has_links", "track_link_targets"]

_RID = R_ID
_HYPERLINK, _T, _R, _RPR = qn("w:hyperlink"), qn("w:t"), qn("w:r"), qn("w:rPr")
_REVISIONS = frozenset(qn(t) for t in ("w:ins", "w:del", "w:moveFrom", "w:moveTo"))

Target = tuple[str, str]  # ("url", URL) or ("anchor", bookmark name)


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(_T))


def _target(pkg: Package, part: str, link: etree._Element) -> Target | None:
    rid = link.get(_RID)
    if rid:
        rel = pkg.relationship(part, rid)
        return ("url", rel[1]) if rel is not None else None
    anchor = link.get(qn("w:anchor"))
    return ("anchor", anchor) if anchor else None


def _links(p: etree._Element) -> list[etree._Element]:
    """The hyperlinks of `p` that carry no revision of their own (outer ones only)."""
    out = []
    for link in p.iter(_HYPERLINK):
        up = link.getparent()
        while up is not None and up is not p and up.tag not in _REVISIONS and up.tag != _HYPERLINK:
            up = up.getparent()
        if up is p:
            out.append(link)
    return out


def _unique(paras: list[etree._Element]) -> dict[str, etree._Element]:
    texts = [_text(p) for p in paras]
    counts = Counter(texts)
    return {t: p for t, p in zip(texts, paras, strict=True) if t.strip() and counts[t] == 1}


def _retarget(old_pkg: Package, old_links: list[etree._Element], new_pkg: Package, new_links: list[etree._Element],
              ids: RevisionIds, author: str, date: str) -> bool:
    """Retarget a group of adjacent links of one target (one link, or one a converter cut in pieces) as one.

    All of OLD's pieces are deleted, then NEW's follow, inserted, with one
    relationship of their own: OLD's (which other links may share) is kept,
    and no deleted piece touches an inserted one but at the group's start.
    """
    target = _target(new_pkg, new_pkg.main, new_links[0])
    if target is None:
        return False
    rid = old_pkg.relate(old_pkg.main, REL_HYPERLINK, target[1], external=True) if target[0] == "url" else None
    copies = []
    for old_link, new_link in zip(old_links, new_links, strict=True):
        copy_link = copy.deepcopy(new_link)
        copy_link.tail = None
        if rid is not None:
            copy_link.set(_RID, rid)
        elif _RID in copy_link.attrib:
            del copy_link.attrib[_RID]
        if not content_runs(old_link) or not content_runs(copy_link) \
                or len(content_runs(new_link)) != len(content_runs(copy_link)):
            return False
        copies.append(copy_link)
    for old_link, copy_link in zip(old_links, copies, strict=True):
        wrap_runs(content_runs(old_link), lambda: make_del(ids, author, date), deleted=True)
        wrap_runs(content_runs(copy_link), lambda: make_ins(ids, author, date), deleted=False)
    last = old_links[-1]
    anchor = last
    for copy_link in copies:
        anchor.addnext(copy_link)
        anchor = copy_link
    anchor.tail, last.tail = last.tail, None
    _separate(last, copies[-1], ids, author, date)
    return True


def _groups(pairs: list[tuple[etree._Element, etree._Element, Target | None, Target | None]]) -> list[
        list[tuple[etree._Element, etree._Element, Target | None, Target | None]]]:
    """Changed links side by side with the same old and new target (pdf2docx cuts one link in several): one group."""
    out: list[list[tuple[etree._Element, etree._Element, Target | None, Target | None]]] = []
    for pair in pairs:
        if out:
            a, b, was, now = out[-1][-1]
            if a.getnext() is pair[0] and b.getnext() is pair[1] and (was, now) == pair[2:]:
                out[-1].append(pair)
                continue
        out.append([pair])
    return out


def _first_char_run(run: etree._Element | None) -> etree._Element | None:
    """A new run holding the first character of plain text run `run`, taken out of it; None if it cannot be."""
    if run is None or run.tag != _R or any(c.tag not in (_RPR, _T) for c in run):
        return None
    t = run.find(_T)
    if t is None or not t.text:
        return None
    piece = copy.deepcopy(run)
    for extra in piece.findall(_T):
        piece.remove(extra)
    piece.append(make_text(t.text[0]))
    t.text = t.text[1:]
    if t.text != t.text.strip():
        t.set(XML_SPACE, "preserve")
    if not t.text:
        run.remove(t)
        if run.find(_T) is None:
            run.getparent().remove(run)
    return piece


def _separate(old_link: etree._Element, new_link: etree._Element, ids: RevisionIds, author: str,
              date: str) -> None:
    """Put one deleted character between the deleted and the inserted link.

    LibreOffice (7.4) gives the text that stays after accept (or reject) the
    target of the wrong link when the deleted and the inserted link touch.
    The character right after the links is deleted between them and
    inserted again after the new one: the text reads the same either way.
    A link that ends its paragraph is left as it is (a character before the
    links, deleted and inserted around the old one, does not help LibreOffice).
    """
    char = _first_char_run(new_link.getnext())
    if char is None:
        return
    gone = make_del(ids, author, date)
    gone.append(copy.deepcopy(char))
    to_deleted(gone[0])
    old_link.addnext(gone)
    back = make_ins(ids, author, date)
    back.append(char)
    new_link.addnext(back)


def has_links(pkg: Package) -> bool:
    """Whether the main story holds a hyperlink (`track_link_targets` has nothing to do without one)."""
    doc = pkg.xml(pkg.main)
    return doc is not None and next(doc.iter(_HYPERLINK), None) is not None


def track_link_targets(old: Package, new: Package, *, skip: Iterable[int], author: str,
                       date: str) -> list[tuple[int, str, str, str]]:
    """Track in `old` the link target changes of paragraphs that read the same in `new`.

    Returns (OLD paragraph index, link text, OLD target, NEW target) of each link changed; a target
    is the URL, or "#" and the bookmark name.

    `skip`: indexes of OLD's body paragraphs the plan edits, deletes or moves (left alone here).
    """
    old_doc, new_doc = old.xml(old.main), new.xml(new.main)
    if old_doc is None or new_doc is None or next(old_doc.iter(_HYPERLINK), None) is None:
        return []  # no link in OLD: no target to track (and no paragraph texts to index)
    old_ps = body_paragraphs(old_doc)
    skipped = {old_ps[i] for i in skip if 0 <= i < len(old_ps)}
    new_by_text = _unique(body_paragraphs(new_doc))
    index = {p: i for i, p in enumerate(old_ps)}
    ids: RevisionIds | None = None
    made: list[tuple[int, str, str, str]] = []
    for text, p in _unique(old_ps).items():
        other = new_by_text.get(text)
        if other is None or p in skipped:
            continue
        old_links, new_links = _links(p), _links(other)
        if len(old_links) != len(new_links):
            continue
        changed = []
        for a, b in zip(old_links, new_links, strict=True):
            was, now = _target(old, old.main, a), _target(new, new.main, b)
            if _text(a) != _text(b) or was == now:
                continue
            changed.append((a, b, was, now))
        for group in _groups(changed):
            if ids is None:
                ids = RevisionIds(package_roots(old))
                old.xml(old.main, write=True)
            shown = "".join(_text(a) for a, _, _, _ in group)
            if _retarget(old, [a for a, _, _, _ in group], new, [b for _, b, _, _ in group], ids, author, date):
                made.append((index[p], shown, _shown(group[0][2]), _shown(group[0][3])))
    return made


def _shown(target: Target | None) -> str:
    if target is None:
        return ""
    return target[1] if target[0] == "url" else "#" + target[1]
