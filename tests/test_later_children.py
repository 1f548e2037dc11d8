"""`ooxml.later_children`: a part serialised with children made at save is byte for byte the tree with them appended."""

from __future__ import annotations

import copy

import pytest
from lxml import etree

from resdraft.ooxml.build import make_run, w_el
from resdraft.ooxml.later_children import serialise_with_children
from resdraft.ooxml.namespaces import W_NS

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _comments(count: int) -> list[etree._Element]:
    out = []
    for n in range(count):
        comment = w_el("w:comment", {"w:id": str(n), "w:author": "A & <B> \"C\"", "w:initials": "AB"})
        p = w_el("w:p")
        p.append(make_run(f" text {n} \u201cquoted\u201d & <more>\t"))
        comment.append(p)
        out.append(comment)
    return out


ROOTS = {
    "new": lambda: w_el("w:comments"),
    "declared": lambda: etree.fromstring(f'<w:comments xmlns:w="{W_NS}" xmlns:w14="{W14}" w14:x="1"/>'.encode()),
    "children": lambda: etree.fromstring(
        f'<w:comments xmlns:w="{W_NS}">\n  <w:comment w:id="90"><w:p/></w:comment>\n</w:comments>'.encode()),
    "text": lambda: etree.fromstring(f'<w:comments xmlns:w="{W_NS}">\n</w:comments>'.encode()),
    "default namespace": lambda: etree.fromstring(f'<comments xmlns="{W_NS}"><comment id="1"/></comments>'.encode()),
    "sibling": lambda: etree.fromstring(f'<w:comments xmlns:w="{W_NS}"/><!-- after -->'.encode()),
}


@pytest.mark.parametrize("count", [0, 1, 1234])
@pytest.mark.parametrize("kind", sorted(ROOTS))
def test_same_bytes_as_appended(kind: str, count: int) -> None:
    expected_root = ROOTS[kind]()
    expected_root.extend(_comments(count))
    expected = _serialise(expected_root)
    root = ROOTS[kind]()
    before = copy.deepcopy(root)
    data, moved = serialise_with_children(root, iter(_comments(count)), _serialise)
    assert data == expected
    if not moved:
        assert _serialise(root) == _serialise(before)  # the tree is left as it was
