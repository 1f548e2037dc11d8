"""Parse the WordprocessingML text the renderer writes into python-docx's element classes (see `runs`)."""

from __future__ import annotations

from docx.oxml.ns import nsdecls
from docx.oxml.parser import element_class_lookup
from lxml import etree

__all__ = ["parse_children", "parse_part"]

# python-docx's own parser drops blank text (`remove_blank_text`), which the elements built one by one
# never lost; `huge_tree` lifts libxml2's 10 MB limit on one text node, which they never had either.
# The text is the renderer's own, so no entity is resolved and nothing is fetched.
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, no_network=True)
_PARSER.set_element_class_lookup(element_class_lookup)


def parse_part(xml: str) -> etree._Element:
    """The root element of `xml`, a whole part with its namespace declarations."""
    return etree.fromstring(xml.encode("utf-8"), _PARSER)


def parse_children(xml: str) -> list[etree._Element]:
    """The elements of `xml`, a run of `w:` elements (paragraphs) without namespace declarations.

    Moved into a document that declares `w:` (python-docx's), they take its declaration and carry none of
    their own."""
    return list(parse_part(f"<w:body {nsdecls('w')}>{xml}</w:body>"))
