"""Section breaks in compare: the break of a deleted paragraph moves to where NEW has it (issue 12).

The rich pairs of ``test_compare_rich`` hold the paragraph before the break in a block
content control; these pairs have it in the body, once with the same paragraph style as the
deleted holder and once with another (so the moved mark records its old properties in a
``w:pPrChange``).
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from support import ooxml_check, richdocx, xmlcounts

pytestmark = pytest.mark.ooxml_unguarded("outputs are validated here")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _old(style: str | None) -> richdocx.Draft:
    d = richdocx.base_draft()
    i = d.find("blocksdt")
    control = d.blocks[i]
    assert isinstance(control, richdocx.BlockSdt)
    para = control.paras[0]
    d.blocks[i] = richdocx.Para(para.pieces, style=style, key="before")
    return d


def _new(style: str | None) -> richdocx.Draft:
    d = _old(style)
    d.blocks.pop(d.find("sectionbreak"))
    d.para("before").section_end = "portrait"
    return d


def _compare(tmp_path: Path, style: str | None) -> tuple[Path, Path, Path]:
    from resdraft.cli import main

    old = richdocx.write_docx(_old(style), tmp_path / "old.docx")
    new = richdocx.write_docx(_new(style), tmp_path / "new.docx")
    out = tmp_path / "out.docx"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
            contextlib.suppress(SystemExit):
        main(["compare", str(old), str(new), "-o", str(out), "--date", "2023-03-01T10:00:00Z", "--force"])
    assert out.is_file()
    return old, new, out


@pytest.mark.parametrize("style", [None, "Heading1"], ids=["same-style", "other-style"])
def test_deleted_holder_moves_the_break(tmp_path: Path, style: str | None) -> None:
    old, new, out = _compare(tmp_path, style)
    assert xmlcounts.accept_all(out).diff(xmlcounts.counts(new)) == {}
    assert xmlcounts.reject_all(out).diff(xmlcounts.counts(old)) == {}
    body = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    changes = body.findall(f".//{{{W}}}pPr/{{{W}}}pPrChange")
    assert len(changes) == (1 if style else 0)  # the mark took the other paragraph's style, and says so
    if ooxml_check.schema_available():
        ooxml_check.assert_valid_docx(out, old, new, what="compare output")


@pytest.mark.office
def test_libreoffice_accepts_and_rejects_the_moved_break(tmp_path: Path, office: Any) -> None:
    old, new, out = _compare(tmp_path, None)
    rt = office.texts(out)
    assert rt.accepted == office.texts(new, reject=False).original
    assert rt.rejected == office.texts(old, reject=False).original
