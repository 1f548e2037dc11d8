"""The namespace URIs, relationship types and content types of a .docx, spelt once.

Every module that needs a Clark name or a URI imports it from here, so a
typo cannot make one module look for elements another never writes.
"""

from __future__ import annotations

import functools

__all__ = [
    "A_NS", "CP_NS", "CT_COMMENTS", "CT_ENDNOTES", "CT_FOOTNOTES", "CT_NS", "DC_NS", "MC_NS", "M_NS", "NS",
    "PIC_NS", "PR_NS", "REL_BASE", "REL_COMMENTS", "REL_ENDNOTES", "REL_FOOTNOTES", "REL_HYPERLINK",
    "REL_NUMBERING", "REL_OFFICE_DOCUMENT", "REL_SETTINGS", "REL_STYLES", "REL_STYLES_WITH_EFFECTS", "R_ID",
    "R_NS", "STRICT_W_NS", "W14_NS", "WP_NS", "W_NS", "XML_NS", "XML_SPACE", "qn", "w",
]  # fmt: skip

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
#: Package relationships (`_rels/*.rels`) and content types (`[Content_Types].xml`).
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
#: Core properties (`docProps/core.xml`) and the Dublin Core elements in it.
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: The ISO "Strict" WordprocessingML namespace, which resdraft does not read.
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"

#: Prefix -> URI, as `qn` resolves prefixes and as an lxml `nsmap` / XPath `namespaces`.
NS: dict[str, str] = {
    "w": W_NS,
    "r": R_NS,
    "mc": MC_NS,
    "m": M_NS,
    "wp": WP_NS,
    "w14": W14_NS,
    "pr": PR_NS,
    "ct": CT_NS,
    "a": A_NS,
    "pic": PIC_NS,
}

XML_SPACE = f"{{{XML_NS}}}space"
#: `r:id`, the attribute that points an element at a relationship of its part.
R_ID = f"{{{R_NS}}}id"

#: Relationship types: the full URI (the redliner writes them) ...
REL_BASE = R_NS
REL_OFFICE_DOCUMENT = f"{REL_BASE}/officeDocument"
REL_STYLES = f"{REL_BASE}/styles"
REL_NUMBERING = f"{REL_BASE}/numbering"
REL_SETTINGS = f"{REL_BASE}/settings"
REL_FOOTNOTES = f"{REL_BASE}/footnotes"
REL_ENDNOTES = f"{REL_BASE}/endnotes"
REL_COMMENTS = f"{REL_BASE}/comments"
REL_HYPERLINK = f"{REL_BASE}/hyperlink"
REL_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

_CT_BASE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CT_COMMENTS = f"{_CT_BASE}.comments+xml"
CT_FOOTNOTES = f"{_CT_BASE}.footnotes+xml"
CT_ENDNOTES = f"{_CT_BASE}.endnotes+xml"


@functools.lru_cache(maxsize=512)
def qn(tag: str) -> str:
    """Clark name for a prefixed tag: `qn("w:p")` -> `{http://...main}p`."""
    prefix, _, local = tag.partition(":")
    return f"{{{NS[prefix]}}}{local}"


def w(local: str) -> str:
    """Clark name of a `w:` element or attribute: `w("p")` is `qn("w:p")`."""
    return qn("w:" + local)
