"""Build small but valid .docx packages from WordprocessingML snippets, for tests.

Tests describe a document by the XML that matters to them (the body, and
optionally the inner XML of styles, numbering, footnotes and comments); this
module adds the package around it: `[Content_Types].xml`, relationships,
settings, footnote separators and a section, so the file also opens in Word
and LibreOffice. The snippet helpers (`para`, `run`, ...) keep tests short.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_DECL = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# part name -> (root element, content type, relationship type)
_PARTS = {
    "styles": ("w:styles", f"{_CT_MAIN}.styles+xml", f"{_REL}/styles"),
    "numbering": ("w:numbering", f"{_CT_MAIN}.numbering+xml", f"{_REL}/numbering"),
    "footnotes": ("w:footnotes", f"{_CT_MAIN}.footnotes+xml", f"{_REL}/footnotes"),
    "comments": ("w:comments", f"{_CT_MAIN}.comments+xml", f"{_REL}/comments"),
    "settings": ("w:settings", f"{_CT_MAIN}.settings+xml", f"{_REL}/settings"),
}

SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
    "</w:p></w:footnote>"
)
SECT_PR = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708"'
    ' w:gutter="0"/></w:sectPr>'
)


def _wrap(root: str, inner: str) -> str:
    return f"{XML_DECL}<{root} {NS_DECL}>{inner}</{root}>"


def build_docx(
    path: Path,
    body: str,
    *,
    styles: str | None = None,
    numbering: str | None = None,
    footnotes: str | None = None,
    comments: str | None = None,
    parts: Mapping[str, bytes] | None = None,
    omit: Iterable[str] = (),
) -> Path:
    """Write a .docx at `path` whose `w:body` holds `body` and return `path`.

    `styles`, `numbering`, `footnotes` and `comments` are the inner XML of
    those parts (None leaves the part out, as some producers do); footnote
    separators are added for you. `parts` adds or replaces raw parts by name
    and `omit` drops parts, for tests of damaged packages.
    """
    sources = {"styles": styles, "numbering": numbering, "comments": comments}
    if footnotes is not None:
        sources["footnotes"] = SEPARATORS + footnotes
        sources["settings"] = '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    files: dict[str, bytes] = {}
    overrides = [
        ("/word/document.xml", f"{_CT_MAIN}.document.main+xml"),
    ]
    rels = []
    for n, (key, inner) in enumerate(sorted((k, v) for k, v in sources.items() if v is not None), start=1):
        root, content_type, rel_type = _PARTS[key]
        files[f"word/{key}.xml"] = _wrap(root, inner).encode("utf-8")
        overrides.append((f"/word/{key}.xml", content_type))
        rels.append(f'<Relationship Id="rId{n}" Type="{rel_type}" Target="{key}.xml"/>')
    has_sect = "<w:sectPr" in body
    files["word/document.xml"] = _wrap(
        "w:document", f"<w:body>{body}{'' if has_sect else SECT_PR}</w:body>"
    ).encode("utf-8")
    files["word/_rels/document.xml.rels"] = (
        XML_DECL
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels)
        + "</Relationships>"
    ).encode("utf-8")
    files["_rels/.rels"] = (
        XML_DECL + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    ).encode("utf-8")
    files["[Content_Types].xml"] = (
        XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{ct}"/>' for name, ct in overrides)
        + "</Types>"
    ).encode("utf-8")
    files.update(parts or {})
    for name in omit:
        files.pop(name, None)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        # [Content_Types].xml first, as Word writes it.
        for name in sorted(files, key=lambda n: (n != "[Content_Types].xml", n)):
            zf.writestr(name, files[name])
    return path


# --- snippet helpers --------------------------------------------------------------


def run(
    text: str = "", *, italic: bool = False, bold: bool = False, rstyle: str | None = None, rpr: str = ""
) -> str:
    """A `w:r` with text (spaces preserved) and optional formatting."""
    props = (
        (f'<w:rStyle w:val="{rstyle}"/>' if rstyle else "")
        + ("<w:b/>" if bold else "")
        + ("<w:i/>" if italic else "")
        + rpr
    )
    rpr_xml = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr_xml}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*content: str, style: str | None = None, num: tuple[int, int] | None = None, ppr: str = "") -> str:
    """A `w:p`; plain strings become runs, strings starting with "<" are inserted as XML."""
    props = (
        (f'<w:pStyle w:val="{style}"/>' if style else "")
        + (f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else "")
        + ppr
    )
    inner = "".join(c if c.startswith("<") else run(c) for c in content)
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{inner}</w:p>"


_REV = 'w:author="Facilitator" w:date="2024-05-01T10:00:00Z"'


def ins(xml: str, rid: int = 101) -> str:
    """Wrap runs in a tracked insertion."""
    return f'<w:ins w:id="{rid}" {_REV}>{xml}</w:ins>'


def deleted(text: str, rid: int = 201) -> str:
    """A tracked deletion of `text`."""
    return (
        f'<w:del w:id="{rid}" {_REV}><w:r><w:delText xml:space="preserve">{escape(text)}</w:delText>'
        "</w:r></w:del>"
    )


def deleted_mark(rid: int = 301) -> str:
    """pPr content marking the paragraph mark as deleted (merge with the next paragraph on accept)."""
    return f'<w:rPr><w:del w:id="{rid}" {_REV}/></w:rPr>'


def footnote_ref(fid: int) -> str:
    """A run holding a footnote reference mark."""
    return (
        f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{fid}"/></w:r>'
    )


def footnote(fid: int, *content: str) -> str:
    """A `w:footnote` as Word writes it: the mark run, a space, then the text."""
    inner = "".join(c if c.startswith("<") else run(c) for c in content)
    return (
        f'<w:footnote w:id="{fid}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{inner}</w:p></w:footnote>'
    )


def comment(cid: int, text: str) -> str:
    """A `w:comment` with one paragraph of text."""
    return (
        f'<w:comment w:id="{cid}" w:author="Secretariat" w:date="2024-05-02T09:00:00Z" w:initials="S">'
        f"<w:p><w:r><w:annotationRef/></w:r>{run(text)}</w:p></w:comment>"
    )


def style(
    style_id: str,
    name: str,
    *,
    kind: str = "paragraph",
    based_on: str | None = None,
    ppr: str = "",
    rpr: str = "",
    default: bool = False,
) -> str:
    """A `w:style` for styles.xml."""
    default_attr = ' w:default="1"' if default else ""
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    props = (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
    return (
        f'<w:style w:type="{kind}"{default_attr} w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/>{based}{props}</w:style>'
    )


def level(ilvl: int, fmt: str, text: str, *, start: int = 1, extra: str = "") -> str:
    """A `w:lvl` of an abstract numbering definition."""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}<w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{720 * (ilvl + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
    )


def abstract_num(abstract_id: int, *levels: str) -> str:
    """A `w:abstractNum` holding the given levels."""
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="multilevel"/>'
        f"{''.join(levels)}</w:abstractNum>"
    )


def num(num_id: int, abstract_id: int, *, start_overrides: Mapping[int, int] | None = None) -> str:
    """A `w:num` instance, optionally restarting levels with `w:startOverride`."""
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{value}"/></w:lvlOverride>'
        for ilvl, value in (start_overrides or {}).items()
    )
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'
