"""Table rows as row revisions: a deleted row is `w:trPr/w:del`, an inserted one `w:trPr/w:ins`.

A row is one unit for the reader of a redline: Word and LibreOffice show a
struck row, and accept-all removes it whole, rather than leaving empty cells
(or, worse, the new row's cells as paragraphs inside the last cell). The
row's content is tracked as well (runs in `w:del`/`w:ins`, paragraph marks
of an inserted row inserted), so a tool that ignores row revisions still
shows the right text.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from resdraft.ooxml import mark_paragraph, qn, w_el
from resdraft.redline.track import content_runs, fldsimple_to_complex, lift_controls, wrap_runs

__all__ = ["own_paragraphs", "row_of", "table_of", "track_row", "track_table"]

_TR = qn("w:tr")
_TBL = qn("w:tbl")
_P = qn("w:p")
_R = qn("w:r")
#: Elements of CT_TrPr that come after `w:ins`/`w:del` (only the property change).
_TRPR_AFTER = (qn("w:trPrChange"),)


def row_of(p: etree._Element) -> etree._Element | None:
    """The innermost table row holding `p`."""
    return next(p.iterancestors(_TR), None)


def table_of(el: etree._Element) -> etree._Element | None:
    """The outermost table holding `el` (the one that is a child of the body, a cell, ...)."""
    found = None
    for anc in el.iterancestors(_TBL):
        found = anc
    return found


def own_paragraphs(root: etree._Element) -> list[etree._Element]:
    """The `w:p` of a row or table, not those of text boxes inside runs (they go with their run)."""
    return [p for p in root.iter(_P) if _no_run_between(p, root)]


def _no_run_between(p: etree._Element, root: etree._Element) -> bool:
    for anc in p.iterancestors():
        if anc is root:
            return True
        if anc.tag == _R:
            return False
    return True


def _set_row_revision(tr: etree._Element, revision: etree._Element) -> None:
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        trpr = w_el("w:trPr")
        prex = tr.find(qn("w:tblPrEx"))
        if prex is not None:
            prex.addnext(trpr)
        else:
            tr.insert(0, trpr)
    for tag in ("w:ins", "w:del"):
        for old in trpr.findall(qn(tag)):
            trpr.remove(old)
    anchor = next((c for c in trpr if c.tag in _TRPR_AFTER), None)
    if anchor is not None:
        anchor.addprevious(revision)
    else:
        trpr.append(revision)


def track_row(tr: etree._Element, factory: Callable[[], etree._Element], *, deleted: bool) -> None:
    """Mark a row deleted (its runs deleted) or inserted (its runs and paragraph marks inserted)."""
    _set_row_revision(tr, factory())
    for p in own_paragraphs(tr):
        fldsimple_to_complex(p)
        wrap_runs(content_runs(p), factory, deleted=deleted)
        lift_controls(p, factory)
        if not deleted:
            mark_paragraph(p, factory())


def track_table(tbl: etree._Element, factory: Callable[[], etree._Element], *, deleted: bool) -> None:
    """Every row of a table (nested tables go with their rows) as a row revision."""
    for tr in tbl.iterchildren(_TR):
        track_row(tr, factory, deleted=deleted)
