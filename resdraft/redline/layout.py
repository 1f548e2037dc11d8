"""Where each body paragraph of a .docx stands: in the body, or in which table row and cell.

The comparison aligns table rows as units (a row is added, deleted or
kept), and paragraphs of text boxes not at all (they belong to the run that
holds the drawing, and go wherever that run goes).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from lxml import etree

from resdraft.ooxml import Package, body_paragraphs, qn
from resdraft.ooxml.namespaces import REL_STYLES
from resdraft.ooxml.styles import Styles
from resdraft.ooxml.visible import iter_visible_runs
from resdraft.redline.formatting import format_key
from resdraft.redline.objects import OBJECTS, object_keys
from resdraft.redline.paragraph_format import default_style, paragraph_key

__all__ = ["Place", "layout", "places"]

_R = qn("w:r")
_TBL = qn("w:tbl")
_TR = qn("w:tr")
_TC = qn("w:tc")
_SECT = f"{qn('w:pPr')}/{qn('w:sectPr')}"


@dataclass(frozen=True)
class Place:
    """A paragraph's table (ordinal of its outermost table), row and cell in that table; None outside tables."""

    table: int
    row: int
    cell: int


def places(source: str | os.PathLike[str] | bytes | Package) -> dict[int, Place | None]:
    """Body paragraph index -> its `Place` (None: in the body); text-box paragraphs are left out."""
    return layout(source)[0]


def layout(source: str | os.PathLike[str] | bytes | Package,
           ) -> tuple[dict[int, Place | None], dict[int, tuple[object, ...]]]:
    """`places`, and per paragraph the hand-set formatting of its text (`formatting.format_key` per stretch).

    Equal signatures mean no formatting change worth tracking, so compare
    plans a `Restyle` only where they differ. An open `Package` is only read
    (compare shares one per draft between its steps).
    """
    pkg = source if isinstance(source, Package) else Package(source)
    root = pkg.xml(pkg.main)
    out: dict[int, Place | None] = {}
    signatures: dict[int, tuple[object, ...]] = {}
    if root is None:
        return out, signatures
    default = default_style(pkg.styles_part(pkg.related(pkg.main, REL_STYLES)).root)
    tables: dict[etree._Element, int] = {}  # elements as keys: an id() of an lxml proxy is not stable
    rows: dict[etree._Element, int] = {}
    cells: dict[etree._Element, int] = {}
    bare = Styles()  # the walk without styles (direct formatting only), its run formats memoised once for all
    for index, p in enumerate(body_paragraphs(root)):
        outer = None
        in_run = False
        for anc in p.iterancestors():
            if anc.tag == _R:
                in_run = True
                break
            if anc.tag == _TBL:
                outer = anc
        if in_run:
            continue
        signatures[index] = _signature(p, pkg, default, bare)
        if outer is None:
            out[index] = None
            continue
        if outer not in tables:
            tables[outer] = len(tables)
            for k, tr in enumerate(outer.iterchildren(_TR)):
                rows[tr] = k
                cells.update((tc, n) for n, tc in enumerate(tr.iterchildren(_TC)))
        tr = next(a for a in p.iterancestors(_TR) if a.getparent() is outer)
        tc = next(a for a in p.iterancestors(_TC) if a.getparent() is tr)
        out[index] = Place(tables[outer], rows[tr], cells[tc])
    return out, signatures


def _signature(p: etree._Element, pkg: Package, default: str | None, bare: Styles) -> tuple[object, ...]:
    """The formatting signature of one body paragraph (see `layout`)."""
    stretches: list[list[object]] = []
    run: etree._Element | None = None
    fmt: tuple[str | None, ...] = ()
    for piece in iter_visible_runs(p, bare):
        if piece.run is not run:  # the pieces of one run share its key
            run, fmt = piece.run, format_key(piece.run)
        if stretches and stretches[-1][0] == fmt:
            stretches[-1][1] += len(piece.text) or 1  # type: ignore[operator]
        else:
            stretches.append([fmt, len(piece.text) or 1])
    pkey = paragraph_key(p, default)
    if pkey != (None, None, ()):  # style, alignment, indentation: tracked as w:pPrChange
        stretches.append(["pPr", pkey])
    objects = object_keys(p, pkg)
    if objects:  # an image dropped or added where the text stays is a change too (`objects`)
        stretches.append([OBJECTS, objects])
    if p.find(_SECT) is not None:  # a section break the paragraph mark holds is its formatting too
        stretches.append(["sectPr", 0])
    return tuple(tuple(x) for x in stretches)
