"""Render a `Resolution` as a clean, deterministic Word document.

python-docx writes the body; the parts it lacks (footnotes, a multilevel list
for automatic numbering, footnote styles) are written here as XML. Samples,
tests and the carry-over tool (when its source is .md/.txt) need a .docx that
Word and LibreOffice open without repair and that is byte-identical for the
same model, so that generated fixtures can be compared and committed.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict, deque
from datetime import datetime
from pathlib import Path
from typing import Literal

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.paragraph import CT_P
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from resdraft.model import Block, Emphasis, Footnote, FootnoteRef, Resolution
from resdraft.numbers import LETTER_LABEL, ROMAN_LABEL, WHOLE_NUMBER, letter_value, roman_value
from resdraft.ooxml.namespaces import REL_STYLES_WITH_EFFECTS

Numbering = Literal["typed", "auto"]

# Fixed metadata: the default template carries 2013 dates and python-docx's name;
# a constant keeps renders byte-identical and says who made the file.
_FIXED_DATE = datetime(2000, 1, 1, 0, 0, 0)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_AUTHOR = "resdraft"

# Indentation in twips, one step per level, like UN texts: the number sits at
# the first-line indent and the text starts at the next tab stop.
_STEP = 720
_BODY_KINDS = {"preamble-intro", "preambular", "operative", "subparagraph", "other"}
_ABSTRACT_NSID = "52455344"  # "RESD": a fixed nsid keeps numbering.xml stable

_XML_INVALID_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTENT_SPLIT = re.compile(r"([\t\r\n])")
_R, _RPR, _B, _I, _T, _TAB, _BR = (qn(t) for t in ("w:r", "w:rPr", "w:b", "w:i", "w:t", "w:tab", "w:br"))
_PPR, _TABS, _IND = qn("w:pPr"), qn("w:tabs"), qn("w:ind")
_POS, _VAL, _FIRST_LINE, _XML_SPACE = qn("w:pos"), qn("w:val"), qn("w:firstLine"), qn("xml:space")


def render_docx(resolution: Resolution, out: str | Path, *, numbering: Numbering = "typed") -> None:
    """Write `resolution` to `out` as a .docx (`render_docx_bytes`)."""
    Path(out).write_bytes(render_docx_bytes(resolution, numbering=numbering))


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
    body = document._body
    end = document.element.body.sectPr  # paragraphs go before the section properties, in order
    for block in resolution.blocks:
        level = levels.get(block.label, 0)
        paragraph = _new_paragraph(body, end)
        _apply_style(styles, paragraph, block)
        auto = planner.assign(block, level) if planner else None
        if auto is not None:
            num_id, ilvl = auto
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = ilvl
            num_pr.get_or_add_numId().val = num_id
        else:
            _indent(paragraph, block, level)
            if block.number_text:
                sep = " " if block.kind in ("title", "heading") else "\t"
                _add_run(paragraph._p, _clean(block.number_text + sep))
        _fill_runs(paragraph, block.text, block.emphasis, block.footnote_refs, footnotes)

    if planner is not None:
        planner.finish()
    if resolution.footnotes or footnotes.used:
        _ensure_footnote_styles(document)
        _add_footnotes_part(document, footnotes)
    return _save_deterministic(document)


def _new_paragraph(body: object, end: OxmlElement | None) -> Paragraph:
    """`document.add_paragraph()` in constant time (python-docx searches the body for `w:sectPr` on each call)."""
    p = OxmlElement("w:p")
    if end is not None:
        end.addprevious(p)
    else:
        body._element.append(p)  # type: ignore[attr-defined]
    return Paragraph(p, body)  # type: ignore[arg-type]


# --- structure -----------------------------------------------------------------


def _levels(blocks: list[Block]) -> dict[str, int]:
    """List level of each numbered block: 0 operative, 1 letters, 2 roman numerals.

    The parent chain decides when it is known, since "(i)" may be a ninth
    letter or a first roman numeral; otherwise the label's shape decides.
    """
    by_label = {b.label: b for b in blocks}
    levels: dict[str, int] = {}
    previous_sub: tuple[str, int] | None = None
    for block in blocks:
        if block.kind != "subparagraph":
            if block.kind == "operative":
                levels[block.label] = 0
                previous_sub = None
            continue
        parent = by_label.get(block.parent or "")
        if parent is not None:
            level = 2 if parent.kind == "subparagraph" else 1
        else:
            level = _guess_level(block.number_text, previous_sub)
        levels[block.label] = level
        previous_sub = (block.number_text, level)
    return levels


def _guess_level(number: str, previous: tuple[str, int] | None) -> int:
    """Level of a subparagraph without a known parent, from its label and the one before it."""
    is_letter, is_roman = _is_letter(number), bool(ROMAN_LABEL.match(number))
    if is_letter != is_roman:
        return 1 if is_letter else 2
    if previous is None or not is_letter:
        return 1
    prev_number, prev_level = previous
    if prev_level == 2:
        return 2
    # "(i)" right after "(h)" is the ninth letter; after any other letter it opens roman numerals.
    if prev_number == f"({chr(ord(number[1]) - 1)})":
        return 1
    return 2 if number == "(i)" else 1


def _is_letter(number: str) -> bool:
    """"(a)" .. "(z)": the one-letter labels Word's letter list shows at level 1."""
    match = LETTER_LABEL.match(number)
    return bool(match) and len(match.group(1)) == 1  # type: ignore[union-attr]


def _level_value(number_text: str, level: int) -> int | None:
    """The counter value Word would need to display `number_text` at `level`."""
    if level == 0:
        match = WHOLE_NUMBER.match(number_text)
        return int(match.group(1)) if match and not match.group(2) else None  # "12 bis." stays typed
    if level == 1:
        return letter_value(number_text[1:-1]) if _is_letter(number_text) else None
    match = ROMAN_LABEL.match(number_text)
    return roman_value(match.group(1)) if match else None


# --- paragraphs ----------------------------------------------------------------


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


def _apply_style(styles: _Styles, paragraph: Paragraph, block: Block) -> None:
    """Use the block's own style when the template has it, else the kind's default."""
    default = {"title": "Title", "heading": "Heading 2"}.get(block.kind, "Normal")
    for name in (block.style, default):
        if not name:
            continue
        try:
            paragraph._p.style = styles.style_id(name)
            return
        except KeyError:
            continue


def _indent(paragraph: Paragraph, block: Block, level: int) -> None:
    """First-line indentation and a tab stop after the number, as in UN texts.

    Written with lxml: python-docx's `paragraph_format` looks each property up through descriptors,
    most of the time of rendering a long draft. The XML is what python-docx writes (pStyle, tabs, ind).
    """
    if block.kind not in _BODY_KINDS:
        return
    p = paragraph._p
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = etree.Element(_PPR)
        p.insert(0, ppr)
    if block.kind in ("operative", "subparagraph"):
        tab = etree.SubElement(etree.SubElement(ppr, _TABS), _TAB)
        tab.set(_POS, str(_STEP * (level + 2)))
        tab.set(_VAL, "left")
    etree.SubElement(ppr, _IND).set(_FIRST_LINE, str(_STEP * (level + 1)))


def _add_run(p: CT_P, text: str, *, italic: bool = False, bold: bool = False) -> None:
    """A `w:r` holding `text`, as python-docx's `add_run` writes it: a tab is `w:tab`, a line break `w:br`."""
    run = etree.SubElement(p, _R)
    if italic or bold:
        rpr = etree.SubElement(run, _RPR)
        if bold:
            etree.SubElement(rpr, _B)
        if italic:
            etree.SubElement(rpr, _I)
    for piece in _CONTENT_SPLIT.split(text):
        if piece == "\t":
            etree.SubElement(run, _TAB)
        elif piece in ("\r", "\n"):
            etree.SubElement(run, _BR)
        elif piece:
            t = etree.SubElement(run, _T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")


def _clean(text: str) -> str:
    """Replace characters XML cannot hold, keeping offsets unchanged."""
    return _XML_INVALID_RE.sub(" ", text)


def _fill_runs(
    paragraph: Paragraph,
    text: str,
    emphasis: list[Emphasis],
    refs: list[FootnoteRef],
    footnotes: _FootnoteMap,
) -> None:
    """Split `text` into runs at emphasis edges and footnote marks.

    A footnote reference stands just before its offset, so marks at offset k
    are written before the run starting at k (after the last run when k is
    the text's length).
    """
    length = len(text)
    edges = {0, length}
    for emph in emphasis:
        edges.update((max(0, min(emph.start, length)), max(0, min(emph.end, length))))
    refs_at: dict[int, list[FootnoteRef]] = defaultdict(list)
    for ref in refs:
        offset = max(0, min(ref.offset, length))
        refs_at[offset].append(ref)
        edges.add(offset)
    points = sorted(edges)
    for start, end in zip(points, [*points[1:], None], strict=True):
        for ref in refs_at.get(start, []):
            _add_footnote_reference(paragraph, ref.number, footnotes)
        if end is None or end <= start:
            continue
        styles = {e.style for e in emphasis if e.start <= start and end <= e.end}
        _add_run(paragraph._p, _clean(text[start:end]), italic="italic" in styles, bold="bold" in styles)


def _ref_rpr() -> OxmlElement:
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "FootnoteReference")
    rpr.append(style)
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    rpr.append(align)
    return rpr


def _add_footnote_reference(paragraph: Paragraph, number: int, footnotes: _FootnoteMap) -> None:
    """A `w:footnoteReference` run, or a typed superscript number when no footnote has it.

    A reference to a missing footnote cannot point at a `w:id` (Word would
    repair the file), so the number is kept as visible text for a reader to see.
    """
    xml_id = footnotes.take(number)
    run = paragraph._p.add_r()
    run.append(_ref_rpr())
    if xml_id is None:
        text = OxmlElement("w:t")
        text.text = str(number)
        run.append(text)
        return
    mark = OxmlElement("w:footnoteReference")
    mark.set(qn("w:id"), str(xml_id))
    run.append(mark)


# --- footnotes -----------------------------------------------------------------


class _FootnoteMap:
    """Gives each footnote reference its own `w:id`.

    Word needs exactly one reference per footnote, but drafts repeat or reuse
    numbers: the n-th reference to number k takes the n-th footnote numbered k,
    and a further reference gets a copy. Unreferenced footnotes are still written.
    """

    def __init__(self, footnotes: list[Footnote]) -> None:
        self._notes = [(index + 1, footnote) for index, footnote in enumerate(footnotes)]
        self._free: dict[int, deque[tuple[int, Footnote]]] = {}
        for pair in self._notes:
            self._free.setdefault(pair[1].number, deque()).append(pair)
        self._copies: list[tuple[int, Footnote]] = []
        self.used: list[tuple[int, Footnote]] = []

    def take(self, number: int) -> int | None:
        """The `w:id` for the next reference to footnote `number` (None when none exists)."""
        queue = self._free.get(number)
        if queue is None:
            return None
        if queue:
            pair = queue.popleft()
        else:
            source = next(f for _, f in self._notes if f.number == number)
            pair = (len(self._notes) + len(self._copies) + 1, source)
            self._copies.append(pair)
        self.used.append(pair)
        return pair[0]

    def all_notes(self) -> list[tuple[int, Footnote]]:
        return self._notes + self._copies


def _footnote_paragraph(footnote: Footnote) -> CT_P:
    p = OxmlElement("w:p")
    paragraph = Paragraph(p, None)  # type: ignore[arg-type]  # XML-only use: no part needed
    ppr = p.get_or_add_pPr()
    ppr.style = "FootnoteText"
    mark = p.add_r()
    mark.append(_ref_rpr())
    mark.append(OxmlElement("w:footnoteRef"))
    paragraph.add_run(" ")
    _fill_runs(paragraph, footnote.text, footnote.emphasis, [], _FootnoteMap([]))
    return p


def _add_footnotes_part(document: DocxDocument, footnotes: _FootnoteMap) -> None:
    """Write `word/footnotes.xml` with Word's two separators and one note per footnote."""
    root = parse_xml(
        f"<w:footnotes {nsdecls('w')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "<w:r><w:separator/></w:r></w:p></w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        "</w:footnotes>"
    )
    for xml_id, footnote in footnotes.all_notes():
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(xml_id))
        note.append(_footnote_paragraph(footnote))
        root.append(note)
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    _declare_separators(document)


def _complete_zoom(document: DocxDocument) -> None:
    """python-docx's template writes `<w:zoom w:val="bestFit"/>` without `w:percent`, which the schema requires."""
    for zoom in document.settings.element.iter(qn("w:zoom")):
        if zoom.get(qn("w:percent")) is None:
            zoom.set(qn("w:percent"), "100")


def _declare_separators(document: DocxDocument) -> None:
    """Name the separators in settings.xml, as Word itself does."""
    settings = document.settings.element
    footnote_pr = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    successors = (
        "w:endnotePr",
        "w:compat",
        "w:docVars",
        "w:rsids",
        "m:mathPr",
        "w:attachedSchema",
        "w:themeFontLang",
        "w:clrSchemeMapping",
        "w:doNotIncludeSubdocsInStats",
        "w:doNotAutoCompressPictures",
        "w:forceUpgrade",
        "w:captions",
        "w:readModeInkLockDown",
        "w:smartTagType",
        "sl:schemaLibrary",
        "w:shapeDefaults",
        "w:doNotEmbedSmartTags",
        "w:decimalSymbol",
        "w:listSeparator",
    )
    _insert_before(settings, footnote_pr, successors)


def _ensure_footnote_styles(document: DocxDocument) -> None:
    """Add the FootnoteText and FootnoteReference styles the default template lacks."""
    styles = document.styles.element
    present = set(styles.xpath("./w:style/@w:styleId"))
    if "FootnoteText" not in present:
        styles.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="FootnoteText">'
                '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>'
                '<w:unhideWhenUsed/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
                '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>'
            )
        )
    if "FootnoteReference" not in present:
        styles.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="character" w:styleId="FootnoteReference">'
                '<w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/>'
                '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
                '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
            )
        )


# --- automatic numbering -------------------------------------------------------


class _AutoNumbering:
    """Plans `w:numPr` for numbered blocks and writes the list to numbering.xml.

    It replays Word's counters: a block gets automatic numbering only when
    Word would display exactly its number. A decimal number Word would not
    reach next (a restart at 1 in a new section, or a skipped number in a
    draft) opens a new `w:num` with a `w:startOverride`; a subparagraph out
    of sequence, or any label Word cannot generate, stays typed.
    """

    def __init__(self, document: DocxDocument) -> None:
        self._numbering = document.part.numbering_part.element
        ids = [int(v) for v in self._numbering.xpath("./w:abstractNum/@w:abstractNumId")]
        self._abstract_id = max(ids, default=-1) + 1
        self._num_id: int | None = None
        self._counters = [0, 0, 0]
        self._auto_labels: set[str] = set()
        self._nums: list[tuple[int, int | None]] = []  # (numId, start override for level 0)
        self._next_num = max((int(v) for v in self._numbering.xpath("./w:num/@w:numId")), default=0) + 1

    def assign(self, block: Block, level: int) -> tuple[int, int] | None:
        if block.kind not in ("operative", "subparagraph"):
            return None
        value = _level_value(block.number_text, level)
        if value is None:
            return None
        if level == 0:
            if self._num_id is None or value != self._counters[0] + 1:
                self._open_num(value)
            self._counters = [value, 0, 0]
        else:
            if self._num_id is None or block.parent not in self._auto_labels:
                return None
            if value != self._counters[level] + 1:
                return None
            self._counters[level] = value
            if level == 1:
                self._counters[2] = 0
        self._auto_labels.add(block.label)
        assert self._num_id is not None
        return self._num_id, level

    def _open_num(self, start: int) -> None:
        override = None if not self._nums and start == 1 else start
        self._num_id = self._next_num
        self._next_num += 1
        self._nums.append((self._num_id, override))

    def finish(self) -> None:
        """Add the abstractNum (after existing ones) and the `w:num` instances used."""
        if not self._nums:
            return
        abstract = parse_xml(_abstract_num_xml(self._abstract_id))
        existing = self._numbering.xpath("./w:abstractNum")
        if existing:
            existing[-1].addnext(abstract)
        else:
            self._numbering.insert(0, abstract)
        for num_id, override in self._nums:
            num = OxmlElement("w:num")
            num.set(qn("w:numId"), str(num_id))
            abstract_ref = OxmlElement("w:abstractNumId")
            abstract_ref.set(qn("w:val"), str(self._abstract_id))
            num.append(abstract_ref)
            if override is not None:
                lvl = OxmlElement("w:lvlOverride")
                lvl.set(qn("w:ilvl"), "0")
                start = OxmlElement("w:startOverride")
                start.set(qn("w:val"), str(override))
                lvl.append(start)
                num.append(lvl)
            _insert_before(self._numbering, num, ("w:numIdMacAtCleanup",))


def _abstract_num_xml(abstract_id: int) -> str:
    levels = [("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{_STEP * (i + 2)}"/></w:tabs>'
        f'<w:ind w:left="0" w:firstLine="{_STEP * (i + 1)}"/></w:pPr>'
        '<w:rPr><w:b w:val="0"/><w:i w:val="0"/></w:rPr></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{_ABSTRACT_NSID}"/><w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'
    )


# --- package -------------------------------------------------------------------


def _insert_before(parent: OxmlElement, child: OxmlElement, successors: tuple[str, ...]) -> None:
    """Insert `child` before the first successor present, keeping schema order."""
    tags = {qn(tag) for tag in successors}
    for existing in parent:
        if existing.tag in tags:
            existing.addprevious(child)
            return
    parent.append(child)


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
