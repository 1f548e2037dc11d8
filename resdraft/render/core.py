"""Render a `Resolution` as a clean, deterministic Word document.

python-docx writes the body; the parts it lacks (footnotes, a multilevel list
for automatic numbering, footnote styles) are written here as XML. Samples,
tests and the carry-over tool (when its source is .md/.txt) need a .docx that
Word and LibreOffice open without repair and that is byte-identical for the
same model, so that generated fixtures can be compared and committed.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Literal

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from resdraft.gcpause import collector_paused
from resdraft.model import Block, Resolution
from resdraft.ooxml.namespaces import REL_STYLES_WITH_EFFECTS
from resdraft.render.notes import _add_footnotes_part, _ensure_footnote_styles, _fill_runs, _FootnoteMap
from resdraft.render.numbering import _STEP, _AutoNumbering, _levels
from resdraft.render.runs import _FIRST_LINE, _IND, _POS, _PPR, _TAB, _TABS, _VAL, _add_run, _clean

_P, _PSTYLE, _NUM_PR, _ILVL, _NUM_ID = (qn(t) for t in ("w:p", "w:pStyle", "w:numPr", "w:ilvl", "w:numId"))

Numbering = Literal["typed", "auto"]


# Fixed metadata: the default template carries 2013 dates and python-docx's name;
# a constant keeps renders byte-identical and says who made the file.
_FIXED_DATE = datetime(2000, 1, 1, 0, 0, 0)


_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


_AUTHOR = "resdraft"


_BODY_KINDS = {"preamble-intro", "preambular", "operative", "subparagraph", "other"}


def render_docx(resolution: Resolution, out: str | Path, *, numbering: Numbering = "typed") -> None:
    """Write `resolution` to `out` as a .docx (`render_docx_bytes`)."""
    Path(out).write_bytes(render_docx_bytes(resolution, numbering=numbering))


@collector_paused()  # millions of small objects, none in a cycle: see gcpause
def render_docx_bytes(resolution: Resolution, *, numbering: Numbering = "typed") -> bytes:
    """`resolution` as the bytes of a .docx, one Word paragraph per block.

    `numbering="typed"` types each number followed by a tab, as most drafts are
    circulated; `"auto"` lets Word generate operative and subparagraph numbers
    from `word/numbering.xml` (labels Word cannot generate, such as "12 bis.",
    or a sequence it would not produce, stay typed). Footnotes are real Word
    footnotes in both modes.
    """
    if numbering not in ("typed", "auto"):
        raise ValueError(f"numbering must be 'typed' or 'auto', not {numbering!r}")
    document = docx.Document()
    _strip_template_extras(document)
    _complete_zoom(document)
    _set_page_and_fonts(document)
    _set_core_properties(document, resolution)

    footnotes = _FootnoteMap(resolution.footnotes)
    planner = _AutoNumbering(document) if numbering == "auto" else None
    levels = _levels(resolution.blocks)
    styles = _Styles(document)
    body = document.element.body
    end = body.sectPr  # paragraphs go before the section properties, in order
    for block in resolution.blocks:
        level = levels.get(block.label, 0)
        p = _new_paragraph(body, end)
        _apply_style(styles, p, block)
        auto = planner.assign(block, level) if planner else None
        if auto is not None:
            num_id, ilvl = auto
            num_pr = etree.SubElement(_ppr(p), _NUM_PR)  # after pStyle, the only child so far
            etree.SubElement(num_pr, _ILVL).set(_VAL, str(ilvl))
            etree.SubElement(num_pr, _NUM_ID).set(_VAL, str(num_id))
        else:
            _indent(p, block, level)
            if block.number_text:
                sep = " " if block.kind in ("title", "heading") else "\t"
                _add_run(p, _clean(block.number_text + sep))
        _fill_runs(p, block.text, block.emphasis, block.footnote_refs, footnotes)

    if planner is not None:
        planner.finish()
    if resolution.footnotes or footnotes.used:
        _ensure_footnote_styles(document)
        _add_footnotes_part(document, footnotes)
    return _save_deterministic(document)


def _new_paragraph(body: etree._Element, end: etree._Element | None) -> etree._Element:
    """An empty `w:p` at the end of the body, before its `w:sectPr` (`end`).

    Written with lxml, as every element of the body: python-docx's `add_paragraph` searches the body
    for `w:sectPr` on each call, and its element factory and property descriptors were most of the
    time of rendering a long draft. The XML is what python-docx writes."""
    p = etree.SubElement(body, _P)
    if end is not None:
        end.addprevious(p)
    return p


def _ppr(p: etree._Element) -> etree._Element:
    """The paragraph's `w:pPr` (its first child), added when it has none."""
    ppr = p[0] if len(p) and p[0].tag == _PPR else None
    if ppr is None:
        ppr = etree.Element(_PPR)
        p.insert(0, ppr)
    return ppr


class _Styles:
    """Paragraph style ids by name, looked up once per name.

    python-docx finds a style by name with an XPath over every style of the
    template; done per paragraph that was most of the time of rendering a long draft.
    """

    def __init__(self, document: DocxDocument) -> None:
        self._document = document
        self._ids: dict[str, str | KeyError | None] = {}

    def style_id(self, name: str) -> str | None:
        """The id to put in `w:pStyle` (None for the default style); KeyError when the template lacks it."""
        if name not in self._ids:
            try:
                style = self._document.styles[name]
                self._ids[name] = self._document.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
            except KeyError as exc:
                self._ids[name] = exc
        found = self._ids[name]
        if isinstance(found, KeyError):
            raise found
        return found


def _apply_style(styles: _Styles, p: etree._Element, block: Block) -> None:
    """Use the block's own style when the template has it, else the kind's default.

    As python-docx's `CT_P.style` setter: the `w:pPr` is added even for the default style (no `w:pStyle`)."""
    default = {"title": "Title", "heading": "Heading 2"}.get(block.kind, "Normal")
    for name in (block.style, default):
        if not name:
            continue
        try:
            style_id = styles.style_id(name)
        except KeyError:
            continue
        ppr = _ppr(p)
        if style_id is not None:
            ppr.insert(0, ppr.makeelement(_PSTYLE, {_VAL: style_id}))
        return


#: The `w:tabs` and `w:ind` of a body paragraph per (tab stop?, level), copied into each paragraph: a copy is
#: a fraction of the cost of building them (a long draft has one per paragraph).
_INDENTS: dict[tuple[bool, int], tuple[etree._Element, ...]] = {}


def _indent(p: etree._Element, block: Block, level: int) -> None:
    """First-line indentation and a tab stop after the number, as in UN texts (after any `w:pStyle`)."""
    if block.kind not in _BODY_KINDS:
        return
    key = (block.kind in ("operative", "subparagraph"), level)
    prototypes = _INDENTS.get(key)
    if prototypes is None:
        holder = etree.Element(_PPR)
        if key[0]:
            tab = etree.SubElement(etree.SubElement(holder, _TABS), _TAB)
            tab.set(_POS, str(_STEP * (level + 2)))
            tab.set(_VAL, "left")
        etree.SubElement(holder, _IND).set(_FIRST_LINE, str(_STEP * (level + 1)))
        prototypes = _INDENTS[key] = tuple(holder)
    ppr = _ppr(p)
    for prototype in prototypes:
        ppr.append(prototype.__copy__())


def _complete_zoom(document: DocxDocument) -> None:
    """python-docx's template writes `<w:zoom w:val="bestFit"/>` without `w:percent`, which the schema requires."""
    for zoom in document.settings.element.iter(qn("w:zoom")):
        if zoom.get(qn("w:percent")) is None:
            zoom.set(qn("w:percent"), "100")


def _strip_template_extras(document: DocxDocument) -> None:
    """Drop template parts that describe another document (thumbnail, Word 2010 style copy, bibliography)."""
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]
    drop = {RT.CUSTOM_XML, REL_STYLES_WITH_EFFECTS}
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype in drop:
            del document.part.rels[rid]


def _set_page_and_fonts(document: DocxDocument) -> None:
    """A4 with UN-like margins and a serif body font, so drafts look like issued texts."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)


def _set_core_properties(document: DocxDocument, resolution: Resolution) -> None:
    props = document.core_properties
    # The last title line is the title proper ("Cooperation"), after any symbol or adoption line;
    # core properties hold at most 255 characters.
    titles = [b.text for b in resolution.blocks if b.kind == "title"]
    props.title = _clean(titles[-1] if titles else "")[:255]
    props.author = _AUTHOR
    props.last_modified_by = _AUTHOR
    props.comments = ""
    props.revision = 1
    props.created = _FIXED_DATE
    props.modified = _FIXED_DATE


def _save_deterministic(document: DocxDocument) -> bytes:
    """Save, then rewrite the zip with fixed timestamps so equal models give equal bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    result = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            dst.writestr(entry, src.read(info.filename))
    return result.getvalue()
