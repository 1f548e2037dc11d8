"""The one XML parser for package parts: no DTDs, no entities, no network; a DOCTYPE is refused."""

from __future__ import annotations

from lxml import etree

__all__ = ["UnsafeXMLError", "parse_xml", "safe_parser"]


class UnsafeXMLError(ValueError):
    """A part declares a DOCTYPE (Word never writes one; entity tricks need one)."""


def safe_parser() -> etree.XMLParser:
    """A fresh parser that never loads DTDs, expands entities or touches the network.

    lxml parsers are not thread-safe, hence a new one per call.
    """
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
    )


def parse_xml(data: bytes) -> etree._Element:
    """Parse one package part; raise `etree.XMLSyntaxError` or `UnsafeXMLError`."""
    root = etree.fromstring(data, safe_parser())
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise UnsafeXMLError("the part declares a DOCTYPE")
    return root
