"""`Package.save` writes a changed part as `tostring` of its root would, whether it streams the part or not."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docxbuild import build_docx, para
from lxml import etree

from resdraft.ooxml import Package
from resdraft.ooxml.build import make_run, w_el

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _tostring(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@pytest.mark.parametrize("sibling", [False, True])
@pytest.mark.parametrize("release", [False, True])
def test_changed_part_bytes(tmp_path: Path, sibling: bool, release: bool) -> None:
    path = build_docx(tmp_path / "d.docx", para("Text with \u201cquotes\u201d & <signs>") * 50)
    if sibling:  # a comment after the root: `tostring(root)` leaves it out, and so does `save`
        with zipfile.ZipFile(path) as zf:
            entries = {n: zf.read(n) for n in zf.namelist()}
        entries["word/document.xml"] += b"<!-- after the root -->"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in entries.items():
                zf.writestr(name, data)
    pkg = Package(path)
    root = pkg.xml(pkg.main, write=True)
    assert root is not None
    p = w_el("w:p")
    p.append(make_run(" new\ttext "))
    root.find(f"{{{W}}}body").insert(0, p)
    expected = _tostring(root)
    first = pkg.save(release=release)
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert zf.read(pkg.main) == expected
        assert zf.getinfo(pkg.main).compress_type == zipfile.ZIP_DEFLATED
    if not release:
        assert pkg.save() == first  # deterministic
