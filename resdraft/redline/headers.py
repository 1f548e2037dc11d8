"""Headers and footers of a compare: their text changes tracked in their own parts.

The plan writer only knows the main story. A header or footer (the document
symbol "ICC-ASP/21/L.5" becoming "…/Rev.1") is a part of its own, related
from a section's `w:headerReference`/`w:footerReference`. OLD's and NEW's
parts are paired by (section ordinal, kind, type), their paragraphs by
position, and the words that differ become `w:del`/`w:ins` inside the part
(`tokens.word_diff`, the same granularity as the body).

A field's result is compared (in UN headers the symbol is often a DOCVARIABLE
result); a changed result replaces the whole field (`fieldresults`). Page
number fields (PAGE, NUMPAGES, ...) are not compared: their cached result is
no change.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from resdraft.ooxml import Package, RevisionIds, make_del, make_ins, make_run, qn, split_run, to_deleted
from resdraft.ooxml.namespaces import R_ID
from resdraft.redline.fieldresults import whole_field_changes
from resdraft.redline.tokens import word_diff

__all__ = ["package_roots", "story_changes", "track_headers"]

_P, _R, _T, _RPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:rPr")
_TAB, _BR, _FLDCHAR = qn("w:tab"), qn("w:br"), qn("w:fldChar")
_SECT, _INSTR = qn("w:sectPr"), qn("w:instrText")
#: Fields whose result is the page (or section) they print on.
_PAGE_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "PAGEREF"})
_REFS = {qn("w:headerReference"): "header", qn("w:footerReference"): "footer"}
_RID = R_ID
#: Containers whose runs are not ours to diff: other revisions, fields kept whole. A content control
#: (`w:sdt`) is read through its `w:sdtContent`: LibreOffice saves some header symbols inside one, and
#: skipping it would read NEW's header as empty and delete OLD's symbol.
_SKIP = frozenset(qn(t) for t in ("w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:fldSimple", "w:sdtPr", "w:sdtEndPr"))


@dataclass
class _Char:
    ch: str
    run: etree._Element
    node: etree._Element
    offset: int


def _story_parts(pkg: Package) -> dict[tuple[int, str, str], str]:
    """(section ordinal, header|footer, type) -> part name, for every section of the main story."""
    root = pkg.xml(pkg.main)
    out: dict[tuple[int, str, str], str] = {}
    if root is None:
        return out
    for n, sect in enumerate(root.iter(_SECT)):
        for ref in sect:
            kind = _REFS.get(ref.tag)
            rid = ref.get(_RID)
            if kind is None or rid is None:
                continue
            rel = pkg.relationship(pkg.main, rid)
            if rel is not None and not rel[2]:
                out[(n, kind, ref.get(qn("w:type")) or "default")] = rel[1]
    return out


def _runs(p: etree._Element) -> Iterator[etree._Element]:
    """The runs of `p` outside revisions and simple fields, in order (into hyperlinks, smart tags, controls)."""
    for child in p:
        if child.tag == _R:
            yield child
        elif child.tag not in _SKIP and child.tag != qn("w:pPr"):
            yield from _runs(child)


def _chars(p: etree._Element) -> list[_Char]:
    """The compared characters of `p`: text, tabs and breaks, field results included except page numbers."""
    out: list[_Char] = []
    stack: list[list[str]] = []  # per open field: [instruction so far, "result" once separated]
    for run in _runs(p):
        for node in run:
            if node.tag == _FLDCHAR:
                kind = node.get(qn("w:fldCharType"))
                if kind == "begin":
                    stack.append(["", ""])
                elif kind == "separate" and stack:
                    stack[-1][1] = "result"
                elif kind == "end" and stack:
                    stack.pop()
                continue
            if node.tag == _INSTR and stack:
                stack[-1][0] += node.text or ""
                continue
            if any(not f[1] or _volatile(f[0]) for f in stack):
                continue
            if node.tag == _T:
                out.extend(_Char(ch, run, node, i) for i, ch in enumerate(node.text or ""))
            elif node.tag in (_TAB, _BR):
                out.append(_Char("\t" if node.tag == _TAB else "\n", run, node, 0))
    return out


def _volatile(instr: str) -> bool:
    """A field whose result depends on the page it prints on: its cached result is no change."""
    words = instr.split()
    return bool(words) and words[0].upper() in _PAGE_FIELDS


def _split(p: etree._Element, at: int) -> None:
    """Make a run start at compared character `at` (no-op at the ends)."""
    chars = _chars(p)
    if 0 < at < len(chars):
        c = chars[at]
        split_run(c.run, c.node, c.offset)


def _rpr_near(chars: list[_Char], at: int) -> etree._Element | None:
    if not chars:
        return None
    c = chars[min(max(at, 0), len(chars) - 1)]
    return c.run.find(_RPR)


def _track_paragraph(old: etree._Element, new: etree._Element, ids: RevisionIds, author: str, date: str) -> int:
    """Word-level `w:del`/`w:ins` in `old` so that it reads as `new`; the number of revisions made."""
    old_text = "".join(c.ch for c in _chars(old))
    new_chars = _chars(new)
    new_text = "".join(c.ch for c in new_chars)
    made = 0
    for hunk in reversed(word_diff(old_text, new_text)):
        _split(old, hunk.old_end)
        _split(old, hunk.old_start)
        chars = _chars(old)
        gone: list[etree._Element] = []
        for c in chars[hunk.old_start:hunk.old_end]:
            if not gone or gone[-1] is not c.run:
                gone.append(c.run)
        anchor: etree._Element | None = None
        for run in gone:
            wrapper = make_del(ids, author, date)
            run.addprevious(wrapper)
            wrapper.append(run)
            to_deleted(run)
            anchor = wrapper
            made += 1
        text = new_text[hunk.new_start:hunk.new_end]
        if not text:
            continue
        rpr = _rpr_near(new_chars, hunk.new_start)
        if rpr is None:
            rpr = _rpr_near(chars, hunk.old_start if hunk.old_start < len(chars) else hunk.old_start - 1)
        ins = make_ins(ids, author, date)
        ins.append(make_run(text, copy.deepcopy(rpr) if rpr is not None else None))
        if anchor is not None:
            anchor.addnext(ins)
        elif hunk.old_start < len(chars):
            chars[hunk.old_start].run.addprevious(ins)
        elif chars:
            chars[-1].run.addnext(ins)
        else:
            old.append(ins)
        made += 1
    return made


def package_roots(pkg: Package) -> list[etree._Element | None]:
    """The main story and every XML part it relates to (revision ids must be unique across them)."""
    roots = [pkg.xml(pkg.main)]
    rels = pkg.xml(pkg.rels_name(pkg.main))
    if rels is not None:
        for rel in rels:
            rid = rel.get("Id")
            found = pkg.relationship(pkg.main, rid) if rid else None
            if found and not found[2] and found[1].endswith(".xml") and pkg.name(found[1]):
                roots.append(pkg.xml(found[1]))
    return roots


def _pairs(old: Package, new: Package) -> Iterator[tuple[str, str, str]]:
    """(key as "header:default:1", OLD part, NEW part) for every header/footer part of OLD that NEW has too."""
    new_parts = _story_parts(new)
    done: set[str] = set()
    for key, name in _story_parts(old).items():
        other = new_parts.get(key)
        if other is None or name in done:
            continue
        done.add(name)
        yield f"{key[1]}:{key[2]}:{key[0] + 1}", name, other


def _text(p: etree._Element) -> str:
    return "".join(c.ch for c in _chars(p))


def story_changes(old: Package, new: Package) -> list[tuple[str, str, str]]:
    """(where, OLD text, NEW text) of every header/footer paragraph whose compared text differs."""
    out = []
    for where, name, other in _pairs(old, new):
        old_root, new_root = old.xml(name), new.xml(other)
        if old_root is None or new_root is None:
            continue
        old_ps, new_ps = list(old_root.iter(_P)), list(new_root.iter(_P))
        if len(old_ps) == len(new_ps):
            out.extend((where, _text(o), _text(n)) for o, n in zip(old_ps, new_ps, strict=True) if _text(o) != _text(n))
    return out


def track_headers(out: Package, new: Package, *, author: str, date: str) -> int:
    """Track in `out` (OLD with the body plan applied) the header/footer text changes of `new`; revisions made."""
    pairs = list(_pairs(out, new))
    if not pairs:
        return 0  # no header or footer in both: nothing to parse for revision ids
    ids = RevisionIds(package_roots(out))
    made = 0
    for _where, name, other in pairs:
        old_root, new_root = out.xml(name), new.xml(other)
        if old_root is None or new_root is None:
            continue
        old_ps, new_ps = list(old_root.iter(_P)), list(new_root.iter(_P))
        if len(old_ps) != len(new_ps):
            continue  # paragraphs added or removed in a header: not aligned here
        changed = 0
        for o, n in zip(old_ps, new_ps, strict=True):
            changed += _track_paragraph(o, n, ids, author, date)
        if changed:
            whole_field_changes(old_root, ids, author=author, date=date)  # a changed field result: the whole field
            out.xml(name, write=True)
            made += changed
    return made
