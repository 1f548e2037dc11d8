"""Footnotes of a rendered draft: text split at its note marks, the references, the footnotes part and styles."""

from __future__ import annotations

from collections import defaultdict, deque

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from resdraft.model import Emphasis, Footnote, FootnoteRef
from resdraft.render.numbering import _insert_before
from resdraft.render.runs import _add_run, _clean

_P, _PPR, _PSTYLE, _R, _RPR, _T = (qn(t) for t in ("w:p", "w:pPr", "w:pStyle", "w:r", "w:rPr", "w:t"))
_RSTYLE, _VERT_ALIGN, _VAL, _ID = (qn(t) for t in ("w:rStyle", "w:vertAlign", "w:val", "w:id"))
_FOOTNOTE, _FOOTNOTE_REF, _FOOTNOTE_REFERENCE = (qn(t) for t in ("w:footnote", "w:footnoteRef", "w:footnoteReference"))


def _fill_runs(
    p: etree._Element,
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
            _add_footnote_reference(p, ref.number, footnotes)
        if end is None or end <= start:
            continue
        styles = {e.style for e in emphasis if e.start <= start and end <= e.end}
        _add_run(p, _clean(text[start:end]), italic="italic" in styles, bold="bold" in styles)


def _add_ref_rpr(run: etree._Element) -> None:
    """The run properties of a footnote reference or mark: its character style, superscript."""
    rpr = etree.SubElement(run, _RPR)
    etree.SubElement(rpr, _RSTYLE).set(_VAL, "FootnoteReference")
    etree.SubElement(rpr, _VERT_ALIGN).set(_VAL, "superscript")


def _add_footnote_reference(p: etree._Element, number: int, footnotes: _FootnoteMap) -> None:
    """A `w:footnoteReference` run, or a typed superscript number when no footnote has it.

    A reference to a missing footnote cannot point at a `w:id` (Word would
    repair the file), so the number is kept as visible text for a reader to see.
    """
    xml_id = footnotes.take(number)
    run = etree.SubElement(p, _R)
    _add_ref_rpr(run)
    if xml_id is None:
        etree.SubElement(run, _T).text = str(number)
        return
    etree.SubElement(run, _FOOTNOTE_REFERENCE).set(_ID, str(xml_id))


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


def _add_footnote_paragraph(note: etree._Element, footnote: Footnote) -> None:
    """The note's one paragraph: FootnoteText style, the footnote mark, a space, the text."""
    p = etree.SubElement(note, _P)
    etree.SubElement(etree.SubElement(p, _PPR), _PSTYLE).set(_VAL, "FootnoteText")
    mark = etree.SubElement(p, _R)
    _add_ref_rpr(mark)
    etree.SubElement(mark, _FOOTNOTE_REF)
    _add_run(p, " ")
    _fill_runs(p, footnote.text, footnote.emphasis, [], _FootnoteMap([]))


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
        note = etree.SubElement(root, _FOOTNOTE)
        note.set(_ID, str(xml_id))
        _add_footnote_paragraph(note, footnote)
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    _declare_separators(document)


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
