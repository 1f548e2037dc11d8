"""A changed field result (a REF showing "2." in OLD, "3." in NEW) as one change of the whole field.

The word diff sees a field's result as text, so the plan writer tracks "2"
-> "3" inside the result, between `separate` and `end`. Word and LibreOffice
treat that text as the field's, not the document's: LibreOffice reads such a
result as "23." on accept. So after the plan is written, every complex field
whose result holds revisions of this plan is replaced as one change: OLD's
field (the reject view: instruction and old result) in a `w:del`, NEW's
field (the accept view) in a `w:ins` right after it. Accept keeps exactly
NEW's field, reject exactly OLD's; no field is cut in two.

Only fields whose runs are siblings (runs and revisions, nothing else between
begin and end) are rewritten; another author's revision inside a result is
left alone.
"""

from __future__ import annotations

import copy

from lxml import etree

from resdraft.ooxml.namespaces import qn
from resdraft.ooxml.revisions import RevisionIds, make_del, make_ins, to_deleted

__all__ = ["whole_field_changes"]

_R, _INS, _DEL, _FLDCHAR = qn("w:r"), qn("w:ins"), qn("w:del"), qn("w:fldChar")
_TYPE = qn("w:fldCharType")
_UNDELETE = {qn("w:delText"): qn("w:t"), qn("w:delInstrText"): qn("w:instrText")}


def _chars(el: etree._Element) -> list[str]:
    return [c.get(_TYPE) or "" for c in el.iter(_FLDCHAR)]


def _ours(el: etree._Element, author: str, date: str) -> bool:
    return el.tag in (_INS, _DEL) and el.get(qn("w:author")) == author and el.get(qn("w:date")) == date


def _span(begin_run: etree._Element) -> list[etree._Element] | None:
    """The siblings from `begin_run` to the run ending its field, or None when the field is not flat."""
    depth = 0
    span: list[etree._Element] = []
    el: etree._Element | None = begin_run
    while el is not None:
        if el.tag not in (_R, _INS, _DEL):
            return None
        span.append(el)
        for kind in _chars(el):
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if depth == 0:
            return span
        el = el.getnext()
    return None


def _result_text(runs: list[etree._Element]) -> str:
    """The text between the outer field's `separate` and `end`."""
    depth, inside, out = 0, False, []
    for run in runs:
        for child in run:
            if child.tag == _FLDCHAR:
                kind = child.get(_TYPE)
                depth += 1 if kind == "begin" else -1 if kind == "end" else 0
                if kind == "separate" and depth == 1:
                    inside = True
            elif inside and depth >= 1 and child.tag == qn("w:t"):
                out.append(child.text or "")
    return "".join(out)


def _view(span: list[etree._Element], *, accepted: bool) -> list[etree._Element]:
    """Copies of the field's runs as they read after accept (or reject) of the revisions inside it."""
    out: list[etree._Element] = []
    for el in span:
        if el.tag == _R:
            out.append(copy.deepcopy(el))
        elif (el.tag == _INS) == accepted:
            for run in el.iter(_R):
                run = copy.deepcopy(run)
                for child in run:
                    child.tag = _UNDELETE.get(child.tag, child.tag)
                out.append(run)
    return out


def whole_field_changes(document: etree._Element, ids: RevisionIds, *, author: str, date: str) -> int:
    """Rewrite each field whose result this plan (`author`, `date`) changed as one deleted + one inserted field."""
    made = 0
    for char in list(document.iter(_FLDCHAR)):
        if char.get(_TYPE) != "begin":
            continue
        run = char.getparent()
        if run is None or run.tag != _R or run.getparent() is None or run.getparent().tag in (_INS, _DEL):
            continue
        span = _span(run)
        if span is None or not any(_ours(el, author, date) for el in span):
            continue
        if any(el.tag in (_INS, _DEL) and not _ours(el, author, date) for el in span):
            continue
        old_runs, new_runs = _view(span, accepted=False), _view(span, accepted=True)
        # a result wholly deleted (or wholly inserted) by the plan: the field went with its text (or came with it)
        pieces: list[etree._Element] = []
        if _result_text(old_runs) or not _result_text(new_runs):
            gone = make_del(ids, author, date)
            for r in old_runs:
                to_deleted(r)
                gone.append(r)
            pieces.append(gone)
        if _result_text(new_runs):
            came = make_ins(ids, author, date)
            came.extend(new_runs)
            pieces.append(came)
        anchor = span[0]
        for piece in pieces:
            anchor.addprevious(piece)
        pieces[-1].tail = span[-1].tail
        for el in span:
            el.getparent().remove(el)
        made += 1
    return made
