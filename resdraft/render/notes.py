"""Footnotes of a rendered draft: text split at its note marks, the references, the footnotes part and styles."""

from __future__ import annotations

from collections import defaultdict, deque

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from resdraft.model import Emphasis, Footnote, FootnoteRef
from resdraft.render.numbering import _insert_before
from resdraft.render.runs import clean, run_xml
from resdraft.render.xmltext import parse_part

#: The run properties of a footnote reference or mark: its character style, superscript.
_REF_RPR = '<w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/></w:rPr>'


def runs_xml(text: str, emphasis: list[Emphasis], refs: list[FootnoteRef], footnotes: _FootnoteMap) -> str:
    """`text` as runs split at emphasis edges and footnote marks.

    A footnote reference stands just before its offset, so marks at offset k
    are written before the run starting at k (after the last run when k is
    the text's length).
    """
    if not emphasis and not refs:  # most paragraphs: one plain run (what the split below gives them)
        return run_xml(clean(text)) if text else ""
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
    parts: list[str] = []
    for start, end in zip(points, [*points[1:], None], strict=True):
        for ref in refs_at.get(start, []):
            parts.append(_footnote_reference_xml(ref.number, footnotes))
        if end is None or end <= start:
            continue
        styles = {e.style for e in emphasis if e.start <= start and end <= e.end}
        parts.append(run_xml(clean(text[start:end]), italic="italic" in styles, bold="bold" in styles))
    return "".join(parts)


def _footnote_reference_xml(number: int, footnotes: _FootnoteMap) -> str:
    """A `w:footnoteReference` run, or a typed superscript number when no footnote has it.

    A reference to a missing footnote cannot point at a `w:id` (Word would
    repair the file), so the number is kept as visible text for a reader to see.
    """
    xml_id = footnotes.take(number)
    if xml_id is None:
        return f"<w:r>{_REF_RPR}<w:t>{number}</w:t></w:r>"
    return f'<w:r>{_REF_RPR}<w:footnoteReference w:id="{xml_id}"/></w:r>'


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


def _footnote_xml(xml_id: int, footnote: Footnote) -> str:
    """One `w:footnote` with its one paragraph: FootnoteText style, the footnote mark, a space, the text."""
    return (f'<w:footnote w:id="{xml_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f"<w:r>{_REF_RPR}<w:footnoteRef/></w:r>{run_xml(' ')}"
            f"{runs_xml(footnote.text, footnote.emphasis, [], _FootnoteMap([]))}</w:p></w:footnote>")


def _add_footnotes_part(document: DocxDocument, footnotes: _FootnoteMap) -> None:
    """Write `word/footnotes.xml` with Word's two separators and one note per footnote."""
    notes = "".join(_footnote_xml(xml_id, footnote) for xml_id, footnote in footnotes.all_notes())
    root = parse_part(
        f"<w:footnotes {nsdecls('w')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "<w:r><w:separator/></w:r></w:p></w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f"<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{notes}"
        "</w:footnotes>"
    )
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
