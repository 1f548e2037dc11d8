"""A part's bytes as if more children were appended to its root, made and serialised a few at a time.

A redline of a long draft adds tens of thousands of comments that nothing reads again: as one lxml
tree they cost 55 MB. Here they are appended, a batch at a time, to an empty stand-in of the root
(same tag, same namespace declarations, so lxml gives them the same prefixes and drops the same
redundant declarations as it would in the root), serialised by lxml, and the bytes between the
stand-in's start and end tags spliced before the root's end tag. Only the splicing is by hand: every
byte of markup is lxml's. A root this cannot splice safely (one with siblings such as a trailing
comment, or a prefix the stand-in would not share) gets the children appended for real instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

__all__ = ["serialise_with_children"]

#: Children serialised per stand-in: enough to make lxml's per-call cost vanish, few enough to stay small.
_BATCH = 500


def _stand_in(root: etree._Element) -> etree._Element:
    return etree.Element(root.tag, nsmap=root.nsmap)


def _qname(el: etree._Element) -> bytes:
    local = etree.QName(el).localname
    return (f"{el.prefix}:{local}" if el.prefix else local).encode("utf-8")


def _batches(children: Iterator[etree._Element]) -> Iterator[list[etree._Element]]:
    batch: list[etree._Element] = []
    for child in children:
        batch.append(child)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _splice_end(root: etree._Element, data: bytes) -> bytes | None:
    """`data` (the root serialised) cut just before the root's end tag (a `/>` opened up); None if unexpected."""
    if len(root) or root.text is not None:
        closing = b"</" + _qname(root) + b">"
        return data[:-len(closing)] if data.endswith(closing) else None
    return data[:-2] + b">" if data.endswith(b"/>") else None


def serialise_with_children(root: etree._Element, children: Iterator[etree._Element],
                            serialise: Callable[[etree._Element], bytes]) -> tuple[bytes, bool]:
    """`serialise(root)` as it would be with `children` appended; and whether they were appended for real.

    `serialise` writes a root element (with the XML declaration). The children are left in the tree
    only when the second value is True: the fallback, for a root with siblings or unusual declarations.
    """
    probe = _stand_in(root)
    empty = etree.tostring(probe, encoding="UTF-8", xml_declaration=False)
    head, tail = empty[:-2] + b">", b"</" + _qname(probe) + b">"
    data = serialise(root)
    start = _splice_end(root, data)
    if (start is None or probe.prefix != root.prefix or root.getprevious() is not None
            or root.getnext() is not None or not empty.endswith(b"/>")):
        root.extend(children)
        return serialise(root), True
    pieces = [start]
    for batch in _batches(children):
        stand_in = _stand_in(root)
        stand_in.extend(batch)
        inner = etree.tostring(stand_in, encoding="UTF-8", xml_declaration=False)
        if not inner.startswith(head) or not inner.endswith(tail):  # children do not change the start tag
            raise RuntimeError(f"unexpected serialisation of a {root.tag} stand-in: {inner[:200]!r}")
        pieces.append(inner[len(head):len(inner) - len(tail)])
    if len(pieces) == 1:
        return data, False
    pieces.append(b"</" + _qname(root) + b">")
    return b"".join(pieces), False
