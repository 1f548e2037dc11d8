"""Rich delegate-style drafts for tests: everything a real Word draft holds besides paragraph text.

A draft is a :class:`Draft` (header symbol, blocks); blocks are paragraphs made of pieces
(text, hyperlinks, notes, images, bookmarks, fields, content controls, comments), tables
with a header row and merged cells, and block content controls; a paragraph can end a
section (the annex is a second, landscape section).  :func:`write_docx` renders a draft
into a complete package: its own relationships, media, notes, comments, header and footer
parts, all valid against the ISO/IEC 29500 schema (``tests/test_ooxml_guard.py`` checks).

:func:`base_draft` is an ASP-style draft resolution with an annex (written for these
tests); :data:`VARIANTS` maps a case name to ``(old, new)`` drafts that differ in one way:
a table row added or deleted, a cell changed, a paragraph or sentence holding a feature
added, deleted or moved, formatting only, a hyperlink URL only, the header symbol only, a
REF field result only.  :func:`write_pair` writes one case as OLD.docx/NEW.docx.
"""

from __future__ import annotations

import copy
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

__all__ = [
    "FEATURES",
    "VARIANTS",
    "Anchor",
    "Block",
    "BlockSdt",
    "Bookmark",
    "Comment",
    "Draft",
    "Field",
    "Image",
    "Link",
    "Note",
    "Para",
    "Sdt",
    "SimpleField",
    "Table",
    "Text",
    "base_draft",
    "png_bytes",
    "write_docx",
    "write_pair",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:wp="{WP_NS}" xmlns:a="{A_NS}" xmlns:pic="{PIC_NS}"'
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
AUTHOR = 'w:author="Delegation of Ruritania" w:date="2023-02-01T09:00:00Z" w:initials="RU"'


# -- pieces: what a paragraph holds -------------------------------------------------------------


@dataclass
class Text:
    text: str
    bold: bool = False
    italic: bool = False
    highlight: str | None = None  # "yellow", ...


@dataclass
class Link:
    """External hyperlink (relationship with TargetMode="External")."""

    text: str
    url: str


@dataclass
class Anchor:
    """Internal hyperlink to a bookmark (``w:hyperlink w:anchor``)."""

    text: str
    bookmark: str


@dataclass
class Note:
    kind: str  # "footnote" or "endnote"
    text: str


@dataclass
class Image:
    name: str = "emblem"
    colour: tuple[int, int, int] = (30, 90, 160)


@dataclass
class Bookmark:
    name: str
    text: str


@dataclass
class Field:
    """Complex field: begin, instruction, separate, cached result, end."""

    instr: str
    result: str


@dataclass
class SimpleField:
    instr: str
    result: str


@dataclass
class Sdt:
    """Inline plain-text content control."""

    text: str
    tag: str


@dataclass
class Comment:
    """A comment anchored on ``text``."""

    text: str
    remark: str


Piece = Text | Link | Anchor | Note | Image | Bookmark | Field | SimpleField | Sdt | Comment


# -- blocks -------------------------------------------------------------------------------------


@dataclass
class Para:
    pieces: list[Piece]
    style: str | None = None
    key: str = ""  # names the paragraph for variants ("hyperlink", "endnote", ...)
    section_end: str | None = None  # "portrait"/"landscape": this paragraph ends a section


@dataclass
class Cell:
    text: str
    span: int = 1  # gridSpan
    vmerge: str | None = None  # "restart" or "continue"


@dataclass
class Table:
    rows: list[list[Cell]]
    widths: list[int]
    header_rows: int = 1
    key: str = "table"


@dataclass
class BlockSdt:
    paras: list[Para]
    tag: str
    key: str = ""


Block = Para | Table | BlockSdt


@dataclass
class Draft:
    blocks: list[Block]
    symbol: str = "ICC-ASP/21/L.5"
    last_section: str = "landscape"

    def find(self, key: str) -> int:
        for i, b in enumerate(self.blocks):
            if b.key == key:
                return i
        raise KeyError(key)

    def block(self, key: str) -> Block:
        return self.blocks[self.find(key)]

    def para(self, key: str) -> Para:
        b = self.block(key)
        assert isinstance(b, Para), key
        return b


# -- a real small PNG -----------------------------------------------------------------------------


def png_bytes(colour: tuple[int, int, int] = (30, 90, 160), size: int = 8) -> bytes:
    """A valid size x size RGB PNG of one colour (zlib + CRC by hand: no imaging library here)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(colour) * size
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b"")


# -- rendering ------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    """Ids and parts collected while rendering the body."""

    rels: list[tuple[str, str, str, bool]] = field(default_factory=list)  # id, type, target, external
    notes: dict[str, list[str]] = field(default_factory=lambda: {"footnote": [], "endnote": []})
    comments: list[str] = field(default_factory=list)
    media: dict[str, bytes] = field(default_factory=dict)
    bookmark: int = 0
    drawing: int = 0
    sdt: int = 1000

    def rel(self, kind: str, target: str, external: bool = False) -> str:
        for rid, k, t, e in self.rels:
            if (k, t, e) == (kind, target, external):
                return rid
        rid = f"rId{len(self.rels) + 1}"
        self.rels.append((rid, kind, target, external))
        return rid


def _t(text: str, tag: str = "w:t") -> str:
    return f'<{tag} xml:space="preserve">{escape(text)}</{tag}>'


def _run(text: str, rpr: str = "") -> str:
    return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{_t(text)}</w:r>"


def _text_rpr(p: Text) -> str:
    # EG_RPrBase order: b, i, ..., highlight
    return ("<w:b/>" if p.bold else "") + ("<w:i/>" if p.italic else "") + (
        f'<w:highlight w:val="{p.highlight}"/>' if p.highlight else ""
    )


LINK_RPR = '<w:rStyle w:val="Hyperlink"/>'


def _piece(p: Piece, ctx: _Ctx) -> str:
    if isinstance(p, Text):
        return _run(p.text, _text_rpr(p))
    if isinstance(p, Link):
        rid = ctx.rel("hyperlink", p.url, external=True)
        return f'<w:hyperlink r:id="{rid}" w:history="1">{_run(p.text, LINK_RPR)}</w:hyperlink>'
    if isinstance(p, Anchor):
        return f"<w:hyperlink w:anchor={quoteattr(p.bookmark)} w:history=\"1\">{_run(p.text, LINK_RPR)}</w:hyperlink>"
    if isinstance(p, Note):
        notes = ctx.notes[p.kind]
        nid = len(notes) + 1
        style = "FootnoteReference" if p.kind == "footnote" else "EndnoteReference"
        text_style = "FootnoteText" if p.kind == "footnote" else "EndnoteText"
        ref = "footnoteRef" if p.kind == "footnote" else "endnoteRef"
        notes.append(
            f'<w:{p.kind} w:id="{nid}"><w:p><w:pPr><w:pStyle w:val="{text_style}"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:{ref}/></w:r>{_run(" " + p.text)}</w:p></w:{p.kind}>'
        )
        return f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:{p.kind}Reference w:id="{nid}"/></w:r>'
    if isinstance(p, Image):
        ctx.drawing += 1
        target = f"media/{p.name}{ctx.drawing}.png"
        ctx.media[f"word/{target}"] = png_bytes(p.colour)
        rid = ctx.rel("image", target)
        emu = 228600
        return (
            '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{emu}" cy="{emu}"/><wp:docPr id="{ctx.drawing}" name="Picture {ctx.drawing}" '
            f'descr="{p.name}"/><a:graphic><a:graphicData uri="{PIC_NS}"><pic:pic><pic:nvPicPr>'
            f'<pic:cNvPr id="{ctx.drawing}" name="{p.name}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{emu}" cy="{emu}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            "</wp:inline></w:drawing></w:r>"
        )
    if isinstance(p, Bookmark):
        bid = ctx.bookmark
        ctx.bookmark += 1
        return (
            f'<w:bookmarkStart w:id="{bid}" w:name={quoteattr(p.name)}/>{_run(p.text)}<w:bookmarkEnd w:id="{bid}"/>'
        )
    if isinstance(p, Field):
        return (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f"<w:r>{_t(' ' + p.instr + ' ', 'w:instrText')}</w:r>"
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{_run(p.result)}<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )
    if isinstance(p, SimpleField):
        return f"<w:fldSimple w:instr={quoteattr(' ' + p.instr + ' ')}>{_run(p.result)}</w:fldSimple>"
    if isinstance(p, Sdt):
        ctx.sdt += 1
        return (
            f'<w:sdt><w:sdtPr><w:alias w:val="{p.tag.title()}"/><w:tag w:val="{p.tag}"/><w:id w:val="{ctx.sdt}"/>'
            f"<w:text/></w:sdtPr><w:sdtContent>{_run(p.text)}</w:sdtContent></w:sdt>"
        )
    if isinstance(p, Comment):
        cid = len(ctx.comments)
        ctx.comments.append(
            f'<w:comment w:id="{cid}" {AUTHOR}><w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
            f"{_run(p.remark)}</w:p></w:comment>"
        )
        return (
            f'<w:commentRangeStart w:id="{cid}"/>{_run(p.text)}<w:commentRangeEnd w:id="{cid}"/>'
            f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{cid}"/></w:r>'
        )
    raise TypeError(p)


def _sect_pr(orient: str) -> str:
    size = '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' if orient == "landscape" else (
        '<w:pgSz w:w="11906" w:h="16838"/>'
    )
    return (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
        '<w:footerReference w:type="default" r:id="rIdFooter"/>'
        f'<w:type w:val="nextPage"/>{size}<w:pgMar w:top="1418" w:right="1418" w:bottom="1418" w:left="1418" '
        'w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>'
    )


def _para(p: Para, ctx: _Ctx) -> str:
    ppr = (f'<w:pStyle w:val="{p.style}"/>' if p.style else "") + (_sect_pr(p.section_end) if p.section_end else "")
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(_piece(x, ctx) for x in p.pieces)}</w:p>"


def _table(t: Table, ctx: _Ctx) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in t.widths)
    rows = []
    for r, row in enumerate(t.rows):
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if r < t.header_rows else ""
        cells, col = [], 0
        for c in row:
            width = sum(t.widths[col : col + c.span])
            col += c.span
            tcpr = (
                f'<w:tcW w:w="{width}" w:type="dxa"/>'
                + (f'<w:gridSpan w:val="{c.span}"/>' if c.span > 1 else "")
                + (f'<w:vMerge w:val="{c.vmerge}"/>' if c.vmerge else "")
            )
            text = _run(c.text, "<w:b/>" if r < t.header_rows else "") if c.text else ""
            cells.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p>{text}</w:p></w:tc>")
        rows.append(f"<w:tr>{trpr}{''.join(cells)}</w:tr>")
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" '
        f'w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'
    )


def _block(b: Block, ctx: _Ctx) -> str:
    if isinstance(b, Para):
        return _para(b, ctx)
    if isinstance(b, Table):
        return _table(b, ctx)
    ctx.sdt += 1
    inner = "".join(_para(p, ctx) for p in b.paras)
    return (
        f'<w:sdt><w:sdtPr><w:alias w:val="{b.tag.title()}"/><w:tag w:val="{b.tag}"/><w:id w:val="{ctx.sdt}"/>'
        f"</w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>"
    )


def _style(sid: str, name: str, kind: str = "paragraph", *, rpr: str = "", ppr: str = "", extra: str = "") -> str:
    default = ' w:default="1"' if sid in ("Normal", "DefaultParagraphFont", "TableNormal") else ""
    based = '<w:basedOn w:val="Normal"/>' if kind == "paragraph" and sid != "Normal" else ""
    return (
        f'<w:style w:type="{kind}"{default} w:styleId="{sid}"><w:name w:val="{name}"/>{based}{extra}'
        f"{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}</w:style>"
    )


STYLES = "".join(
    [
        '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
        '<w:sz w:val="24"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>'
        '<w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>',
        _style("Normal", "Normal"),
        _style("Title", "Title", rpr="<w:b/><w:sz w:val=\"28\"/>", ppr='<w:jc w:val="center"/>'),
        _style("Heading1", "heading 1", rpr="<w:b/>", ppr='<w:keepNext/><w:jc w:val="center"/>'),
        _style("Header", "header"),
        _style("Footer", "footer"),
        _style("FootnoteText", "footnote text", rpr='<w:sz w:val="20"/>'),
        _style("EndnoteText", "endnote text", rpr='<w:sz w:val="20"/>'),
        _style("CommentText", "annotation text", rpr='<w:sz w:val="20"/>'),
        _style("DefaultParagraphFont", "Default Paragraph Font", "character"),
        _style("FootnoteReference", "footnote reference", "character", rpr='<w:vertAlign w:val="superscript"/>'),
        _style("EndnoteReference", "endnote reference", "character", rpr='<w:vertAlign w:val="superscript"/>'),
        _style("CommentReference", "annotation reference", "character", rpr='<w:sz w:val="16"/>'),
        _style("Hyperlink", "Hyperlink", "character", rpr='<w:color w:val="0563C1"/><w:u w:val="single"/>'),
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>",
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
        '<w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>'
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + "</w:tblBorders></w:tblPr></w:style>",
    ]
)

_SEPARATORS = (
    '<w:{k} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{k}>'
    '<w:{k} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{k}>'
)


def render_parts(draft: Draft) -> dict[str, bytes]:
    """All parts of the package for ``draft``, by part name."""
    ctx = _Ctx()
    for rid, kind, target in (
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdSettings", "settings", "settings.xml"),
        ("rIdHeader", "header", "header1.xml"),
        ("rIdFooter", "footer", "footer1.xml"),
    ):
        ctx.rels.append((rid, kind, target, False))
    body = "".join(_block(b, ctx) for b in draft.blocks)
    body += _sect_pr(draft.last_section)
    parts: dict[str, bytes] = {}

    def put(name: str, root: str, inner: str) -> None:
        parts[name] = (f"{DECL}<{root} {NS}>{inner}</{root}>").encode()

    put("word/document.xml", "w:document", f"<w:body>{body}</w:body>")
    put("word/styles.xml", "w:styles", STYLES)
    put(
        "word/settings.xml",
        "w:settings",
        '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        '<w:endnotePr><w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr>',
    )
    put("word/header1.xml", "w:hdr", f'<w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="right"/></w:pPr>'
        f"{_run(draft.symbol)}</w:p>")
    put(
        "word/footer1.xml",
        "w:ftr",
        '<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>'
        + _piece(Field("PAGE", "1"), ctx)
        + "</w:p>",
    )
    overrides = {
        "/word/document.xml": f"{CT}.document.main+xml",
        "/word/styles.xml": f"{CT}.styles+xml",
        "/word/settings.xml": f"{CT}.settings+xml",
        "/word/header1.xml": f"{CT}.header+xml",
        "/word/footer1.xml": f"{CT}.footer+xml",
    }
    for kind in ("footnote", "endnote"):
        if ctx.notes[kind]:
            name = f"{kind}s.xml"
            put(f"word/{name}", f"w:{kind}s", _SEPARATORS.format(k=kind) + "".join(ctx.notes[kind]))
            ctx.rels.append((f"rId{kind.title()}s", f"{kind}s", name, False))
            overrides[f"/word/{name}"] = f"{CT}.{kind}s+xml"
    if ctx.comments:
        put("word/comments.xml", "w:comments", "".join(ctx.comments))
        ctx.rels.append(("rIdComments", "comments", "comments.xml", False))
        overrides["/word/comments.xml"] = f"{CT}.comments+xml"
    parts.update(ctx.media)
    rels = "".join(
        f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target={quoteattr(target)}'
        + (' TargetMode="External"' if ext else "")
        + "/>"
        for rid, kind, target, ext in ctx.rels
    )
    rel_ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts["word/_rels/document.xml.rels"] = f'{DECL}<Relationships xmlns="{rel_ns}">{rels}</Relationships>'.encode()
    parts["_rels/.rels"] = (
        f'{DECL}<Relationships xmlns="{rel_ns}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    ).encode()
    types = (
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        + "".join(f'<Override PartName="{n}" ContentType="{c}"/>' for n, c in overrides.items())
    )
    parts["[Content_Types].xml"] = (
        f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{types}</Types>'
    ).encode()
    return parts


def write_docx(draft: Draft, path: Path | str) -> Path:
    """Write ``draft`` as a .docx at ``path``; the same draft gives the same bytes."""
    path = Path(path)
    parts = render_parts(draft)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(2023, 2, 1, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, parts[name])
    return path


# -- the base draft (written for these tests) ----------------------------------------------------


def base_draft() -> Draft:
    """An ASP-style draft resolution: preamble, operative part, a landscape annex with a table."""
    T = Text
    return Draft(
        blocks=[
            Para([T("Review of the reporting cycle of the Assembly")], style="Title", key="title"),
            Para([T("The Assembly of States Parties,", italic=False)], key="chapeau"),
            Para(
                [T("Recalling", italic=True), T(" the calendar of meetings kept on the "),
                 Link("public pages of the Assembly", "https://asp.icc-cpi.int/calendar"), T(",")],
                key="hyperlink",
            ),
            Para(
                [T("Bearing in mind", italic=True), T(" the decision taken by the Bureau at its third meeting"),
                 Note("footnote", "Minutes of the third meeting of the Bureau, item 4."), T(",")],
                key="footnote",
            ),
            Para(
                [T("Noting", italic=True), T(" the consultations held by the "),
                 Comment("focal point", "Which focal point is meant here?"),
                 T(" on the timing of reports, "), T("in particular those due before the session", highlight="yellow"),
                 T(",")],
                key="comment",
            ),
            Para(
                [T("1.\tWelcomes", italic=True), T(" the summary of reporting deadlines prepared by the Secretariat"),
                 Note("endnote", "Circulated to States Parties as an informal paper."), T(";")],
                key="endnote",
            ),
            Para(
                [Bookmark("_Ref_op2", "2."), T("\t"), T("Requests", italic=True),
                 T(" the Registry to follow the schedule set out in "), Anchor("annex I", "_Ref_annex"),
                 T(" to the present resolution;")],
                key="bookmark",
            ),
            Para(
                [T("3.\tDecides", italic=True), T(" that the schedule referred to in paragraph "),
                 Field("REF _Ref_op2 \\h", "2."), T(" and printed on page "), Field("PAGEREF _Ref_annex \\h", "2"),
                 T(" shall apply from the next session;")],
                key="field",
            ),
            Para(
                [T("4.\tApproves", italic=True), T(" the logo shown here "), Image("logo"),
                 T(" for the covers of the reports;")],
                key="image",
            ),
            Para(
                [T("5.\tInvites", italic=True), T(" States Parties to send their views before "),
                 Sdt("30 April 2023", "deadline"), T(";")],
                key="sdt",
            ),
            Para(
                [T("6.\tRecalls", italic=True), T(" that paragraph "), SimpleField("REF _Ref_op2 \\h", "2."),
                 T(" does not change earlier reporting mandates;")],
                key="fldsimple",
            ),
            BlockSdt(
                [Para([T("7.\tDecides", italic=True), T(" to keep the schedule under review at each session;")])],
                tag="review",
                key="blocksdt",
            ),
            Para(
                [T("8.\tDecides", italic=True), T(" to include this item on the agenda of its next session.")],
                key="sectionbreak",
                section_end="portrait",
            ),
            Para([Bookmark("_Ref_annex", "Annex I")], style="Heading1", key="annex"),
            Para([T("Schedule of reports")], style="Heading1", key="annextitle"),
            Table(
                rows=[
                    [Cell("Report"), Cell("Organ"), Cell("Due by")],
                    [Cell("Budget performance"), Cell("Registry"), Cell("15 May")],
                    [Cell("Reparations to victims"), Cell("Trust Fund", vmerge="restart"), Cell("1 June")],
                    [Cell("Assistance to families"), Cell("", vmerge="continue"), Cell("1 July")],
                    [Cell("Any report not listed above", span=2), Cell("Before the session")],
                ],
                widths=[4500, 3000, 2500],
            ),
            Para([T("The dates above may be changed by the Bureau.")], key="annexnote"),
        ]
    )


# -- variants ---------------------------------------------------------------------------------------

# A second instance of each feature, for paragraphs and sentences that NEW adds.
_EXTRA: dict[str, Callable[[], list[Piece]]] = {
    "hyperlink": lambda: [T_("Considering the guidance published on the "),
                          Link("website of the Court", "https://www.icc-cpi.int/guidance"), T_(",")],
    "footnote": lambda: [T_("Aware of the late issuance of several reports"),
                         Note("footnote", "Three reports were issued after the deadline."), T_(",")],
    "comment": lambda: [T_("Stresses the need for "), Comment("timely translation", "Add a date?"),
                        T_(" of all reports;")],
    "endnote": lambda: [T_("Takes note of the staffing of the unit concerned"),
                        Note("endnote", "Two posts remain vacant."), T_(";")],
    "bookmark": lambda: [Bookmark("_Ref_new", "Requests"), T_(" the Bureau to report on these matters;")],
    "field": lambda: [T_("Confirms the date in paragraph "), Field("REF _Ref_op2 \\h", "2."), T_(";")],
    "image": lambda: [T_("Adopts the second emblem "), Image("seal", (160, 40, 40)), T_(" as well;")],
    "sdt": lambda: [T_("Fixes the closing date at "), Sdt("31 May 2023", "closing"), T_(";")],
    "fldsimple": lambda: [T_("Notes that paragraph "), SimpleField("REF _Ref_op2 \\h", "2."), T_(" is final;")],
}


def T_(text: str) -> Text:
    return Text(text)


FEATURES = ("hyperlink", "footnote", "comment", "endnote", "bookmark", "field", "image", "sdt", "fldsimple")
# Block-level features: deleted and moved as paragraphs (a sentence cannot hold them).
BLOCK_FEATURES = ("blocksdt", "sectionbreak")


def _with(fn: Callable[[Draft], None]) -> Draft:
    d = base_draft()
    fn(d)
    return d


def _add_para(key: str) -> Callable[[Draft], None]:
    def edit(d: Draft) -> None:
        at = d.find("chapeau") + 2 if key in ("hyperlink", "footnote") else d.find("endnote") + 1
        d.blocks.insert(at, Para(_EXTRA[key](), key=f"new-{key}"))

    return edit


def _delete(key: str) -> Callable[[Draft], None]:
    def edit(d: Draft) -> None:
        i = d.find(key)
        b = d.blocks.pop(i)
        if isinstance(b, Para) and b.section_end:  # the break moves to where NEW has it: the previous paragraph
            prev = d.blocks[i - 1]
            assert isinstance(prev, Para | BlockSdt)
            target = prev if isinstance(prev, Para) else prev.paras[-1]
            target.section_end = b.section_end

    return edit


def _move(key: str) -> Callable[[Draft], None]:
    """Move the paragraph two blocks down (or up when it ends the operative part)."""

    def edit(d: Draft) -> None:
        i = d.find(key)
        b = d.blocks.pop(i)
        if key == "sectionbreak":  # moves up; the break stays at the end of the operative part
            d.blocks.insert(i - 3, b)
            b.section_end = None  # type: ignore[union-attr]
            before = d.blocks[d.find("annex") - 1]
            (before if isinstance(before, Para) else before.paras[-1]).section_end = "portrait"  # type: ignore[union-attr]
            return
        d.blocks.insert(i + 2 if i + 2 < d.find("sectionbreak") else i - 3, b)

    return edit


def _add_sentence(key: str, into: str | None = None) -> Callable[[Draft], None]:
    """Append to a paragraph (its own, or ``into``) a sentence holding a new instance of ``key``."""

    def edit(d: Draft) -> None:
        p = d.para(into or key)
        last = p.pieces[-1]
        if isinstance(last, Text) and last.text.endswith((";", ",", ".")):
            p.pieces[-1] = Text(last.text[:-1], last.bold, last.italic, last.highlight)
            end = last.text[-1]
        else:
            end = ";"
        extra = _EXTRA[key]()
        first = extra[0]
        if isinstance(first, Text):
            extra[0] = Text(", and further " + first.text[0].lower() + first.text[1:])
        else:
            extra.insert(0, Text(", and further "))
        tail = extra[-1]
        if isinstance(tail, Text) and tail.text.endswith((";", ",")):
            extra[-1] = Text(tail.text[:-1] + end)
        else:
            extra.append(Text(end))
        p.pieces.extend(extra)

    return edit


def _row_added(d: Draft) -> None:
    t = d.block("table")
    assert isinstance(t, Table)
    t.rows.insert(2, [Cell("Cooperation with the Court"), Cell("Bureau"), Cell("20 May")])


def _row_deleted(d: Draft) -> None:
    t = d.block("table")
    assert isinstance(t, Table)
    del t.rows[1]


def _cell_text(d: Draft) -> None:
    t = d.block("table")
    assert isinstance(t, Table)
    t.rows[1][2] = Cell("31 May")


def _bold_added(d: Draft) -> None:
    p = d.para("endnote")
    p.pieces[1] = Text(p.pieces[1].text, bold=True)  # type: ignore[union-attr]


def _highlight_removed(d: Draft) -> None:
    p = d.para("comment")
    p.pieces[4] = Text(p.pieces[4].text)  # type: ignore[union-attr]


def _url_changed(d: Draft) -> None:
    link = d.para("hyperlink").pieces[2]
    assert isinstance(link, Link)
    link.url = "https://asp.icc-cpi.int/calendar-2023"


def _header_symbol(d: Draft) -> None:
    d.symbol = "ICC-ASP/21/L.5/Rev.1"


def _ref_result(d: Draft) -> None:
    fld = next(x for x in d.para("field").pieces if isinstance(x, Field))
    fld.result = "3."


def _variants() -> dict[str, tuple[Callable[[], Draft], Callable[[], Draft]]]:
    """case -> (old factory, new factory)."""
    base = base_draft
    out: dict[str, tuple[Callable[[], Draft], Callable[[], Draft]]] = {
        "identical": (base, base),
        "row_added": (base, lambda: _with(_row_added)),
        "row_deleted": (base, lambda: _with(_row_deleted)),
        "cell_text": (base, lambda: _with(_cell_text)),
        "bold_added": (base, lambda: _with(_bold_added)),
        "highlight_removed": (base, lambda: _with(_highlight_removed)),
        "url_changed": (base, lambda: _with(_url_changed)),
        "header_symbol": (base, lambda: _with(_header_symbol)),
        "ref_result": (base, lambda: _with(_ref_result)),
    }
    for f in FEATURES:
        out[f"para_added_{f}"] = (base, lambda f=f: _with(_add_para(f)))
        out[f"para_deleted_{f}"] = (base, lambda f=f: _with(_delete(f)))
        out[f"para_moved_{f}"] = (base, lambda f=f: _with(_move(f)))
        out[f"sentence_added_{f}"] = (base, lambda f=f: _with(_add_sentence(f)))
        out[f"sentence_deleted_{f}"] = (lambda f=f: _with(_add_sentence(f)), base)
        other = "chapeau" if f in ("hyperlink", "footnote") else "annexnote"
        out[f"sentence_moved_{f}"] = (
            lambda f=f: _with(_add_sentence(f)),
            lambda f=f, o=other: _with(_add_sentence(f, into=o)),
        )
    for f in BLOCK_FEATURES:
        out[f"para_deleted_{f}"] = (base, lambda f=f: _with(_delete(f)))
        out[f"para_moved_{f}"] = (base, lambda f=f: _with(_move(f)))
    return out


VARIANTS = _variants()


def write_pair(case: str, folder: Path | str) -> tuple[Path, Path]:
    """Write ``case`` as ``folder/<case>.old.docx`` and ``folder/<case>.new.docx``."""
    old, new = VARIANTS[case]
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return write_docx(old(), folder / f"{case}.old.docx"), write_docx(new(), folder / f"{case}.new.docx")


def clone(draft: Draft) -> Draft:
    """A deep copy, for tests that edit a draft further."""
    return copy.deepcopy(draft)


# -- the same kind of draft as an HTML page (converted to .docx by LibreOffice in the tests) ----------


def html_draft(
    *, extra_row: bool = False, drop_para: bool = False, url: str = "https://asp.icc-cpi.int/calendar",
    drop_row: bool = False, move_para: bool = False, add_para: bool = False, drop_image: bool = False,
    bold: bool = False, words: bool = False, cell: bool = False, listed: bool = False, drop_item: bool = False,
    add_item: bool = False,
) -> str:
    """An HTML draft with a link, an image (``logo.png`` next to it), a table with a header row and
    merged cells; the keywords make the NEW variants (a row added or deleted, a paragraph deleted, moved
    or added, a URL, words, a cell or bold changed, the image removed). ``listed`` writes the operative
    paragraphs as an ``<ol>``, which the converter makes a Word numbered list (``drop_item``/``add_item``
    change that list)."""
    rows = [
        "<tr><td>Budget performance</td><td>Registry</td><td>15 May</td></tr>",
        '<tr><td>Reparations to victims</td><td rowspan="2">Trust Fund</td><td>1 June</td></tr>',
        "<tr><td>Assistance to families</td><td>1 July</td></tr>",
        '<tr><td colspan="2">Any report not listed above</td><td>Before the session</td></tr>',
    ]
    if extra_row:
        rows.insert(1, "<tr><td>Cooperation with the Court</td><td>Bureau</td><td>20 May</td></tr>")
    if drop_row:
        del rows[0]
    if cell:
        rows[0] = rows[0].replace("15 May", "22 May")
    image = "" if drop_image else '<img src="logo.png" width="24" height="24" alt="logo"> '
    welcomes = "<b>Welcomes</b>" if bold else "<i>Welcomes</i>"
    summary = "the revised summary of reporting deadlines circulated" if words else "the summary of reporting deadlines"
    ops = [f"{welcomes} {summary} prepared by the Secretariat;",
           f"<i>Approves</i> the logo shown here {image}for the covers of the reports;",
           "<i>Requests</i> the Bureau to keep the calendar under review;",
           "<i>Decides</i> to include this item on the agenda of its next session."]
    if add_item or add_para:
        ops.insert(2, '<i>Invites</i> States Parties to consult the <a href="https://asp.icc-cpi.int/states">list of '
                      "focal points</a>;")
    if drop_item or drop_para:
        del ops[0]
    if move_para:
        ops.insert(3, ops.pop(0))
    paras = [
        "<p>The Assembly of States Parties,</p>",
        f'<p><i>Recalling</i> the calendar of meetings kept on the <a href="{url}">public pages of the '
        "Assembly</a>,</p>",
    ]
    if listed:
        paras.append("<ol>" + "".join(f"<li>{op}</li>" for op in ops) + "</ol>")
    else:
        paras += [f"<p>{n}.&#9;{op}</p>" for n, op in enumerate(ops, 1)]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>ICC-ASP/21/L.5</title></head><body>'
        "<h1>Review of the reporting cycle of the Assembly</h1>" + "".join(paras)
        + "<h2>Annex I</h2><table border=\"1\"><thead><tr><th>Report</th><th>Organ</th><th>Due by</th></tr></thead>"
        + "<tbody>" + "".join(rows) + "</tbody></table></body></html>"
    )


HTML_VARIANTS = {
    "html_identical": ({}, {}),
    "html_row_added": ({}, {"extra_row": True}),
    "html_row_deleted": ({}, {"drop_row": True}),
    "html_cell_text": ({}, {"cell": True}),
    "html_para_deleted": ({}, {"drop_para": True}),
    "html_para_added_link": ({}, {"add_para": True}),
    "html_para_moved": ({}, {"move_para": True}),
    "html_words_changed": ({}, {"words": True}),
    "html_bold_added": ({}, {"bold": True}),
    "html_image_removed": ({}, {"drop_image": True}),
    "html_url_changed": ({}, {"url": "https://asp.icc-cpi.int/calendar-2023"}),
    "html_list_identical": ({"listed": True}, {"listed": True}),
    "html_list_item_deleted": ({"listed": True}, {"listed": True, "drop_item": True}),
    "html_list_item_added": ({"listed": True}, {"listed": True, "add_item": True}),
    "html_list_item_moved": ({"listed": True}, {"listed": True, "move_para": True}),
}


def write_html_pair(case: str, folder: Path | str) -> tuple[Path, Path]:
    """``folder/<case>.old.html`` and ``.new.html`` with ``logo.png`` beside them."""
    old, new = HTML_VARIANTS[case]
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logo.png").write_bytes(png_bytes())
    paths = []
    for kind, kwargs in (("old", old), ("new", new)):
        p = folder / f"{case}.{kind}.html"
        p.write_text(html_draft(**kwargs), encoding="utf-8")
        paths.append(p)
    return paths[0], paths[1]


# -- a large pair, for the writer's speed (issue 12: 500 paragraphs, 50 moved, 20 table rows changed) ----


def large_pair(paragraphs: int = 500, moved: int = 50, rows_changed: int = 20) -> tuple[Draft, Draft]:
    """OLD and NEW of ``paragraphs`` operative paragraphs with every feature sprinkled in, an annex table
    of ``rows_changed * 2`` rows; NEW moves ``moved`` paragraphs (evenly spread, each a few places
    down), and changes the last cell of ``rows_changed`` rows."""
    extras = list(_EXTRA)

    def build() -> Draft:
        d = base_draft()
        at = d.find("sectionbreak")
        body: list[Block] = []
        for n in range(paragraphs):
            pieces: list[Piece] = [Text(f"{n + 9}.\t"), Text("Decides", italic=True),
                                   Text(f" to review item {n + 1} of the programme at the session after next")]
            if n % 10 == 0:
                feature = _EXTRA[extras[(n // 10) % len(extras)]]()
                if any(isinstance(x, Bookmark) for x in feature):  # bookmark names must stay unique
                    feature = [Bookmark(f"_Ref_big{n}", "and recalls"), Text(" the same item")]
                pieces += [Text("; "), *feature]
            pieces.append(Text(";"))
            body.append(Para(pieces, key=f"big{n}"))
        d.blocks[at:at] = body
        t = d.block("table")
        assert isinstance(t, Table)
        t.rows += [[Cell(f"Report {k + 1}"), Cell("Registry"), Cell(f"{k % 28 + 1} March")]
                   for k in range(rows_changed * 2)]
        return d

    old, new = build(), build()
    step = max(1, paragraphs // max(1, moved))
    for k in range(moved):
        i = new.find(f"big{k * step}")
        block = new.blocks.pop(i)
        new.blocks.insert(min(i + 3, new.find("sectionbreak")), block)
    t = new.block("table")
    assert isinstance(t, Table)
    for k in range(rows_changed):
        t.rows[5 + 2 * k][2] = Cell("postponed")
    return old, new


if __name__ == "__main__":  # pragma: no cover - for people and benchmarks
    import sys

    if len(sys.argv) != 3:
        sys.exit("usage: python -m support.richdocx CASE|large|all FOLDER  (run from tests/)")
    what, where = sys.argv[1], Path(sys.argv[2])
    where.mkdir(parents=True, exist_ok=True)
    if what == "large":
        big_old, big_new = large_pair()
        print(write_docx(big_old, where / "large.old.docx"), write_docx(big_new, where / "large.new.docx"))
    else:
        for name in VARIANTS if what == "all" else [what]:
            print(*write_pair(name, where))
