"""The writer on a PDF converted to .docx (pdf2docx): footnote marks typed as digits, notes at the page foot.

The reader takes the digit marks out of the text and reads the notes from the paragraphs under the page's
rule (`readers.pages`). The writer must address the same text: a block's offsets skip the digits (which
stay in place), and `FNn` is the note's text where it is typed. On the old writer every such plan stopped
with "the block's text does not match" or "no footnote N in the document".
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from support import xmlcounts

from resdraft.edits import Edit, EditPlan
from resdraft.parse import parse_file
from resdraft.redline.apply import apply_edit_plan
from tests.docxbuild import build_docx, para

DATE = "2024-05-01T10:00:00Z"


def _converted(tmp_path: Path) -> Path:
    """Two pages as pdf2docx writes them: running symbol, job number, barcode, a rule, notes at the foot."""
    body = "".join(para(t) for t in [
        "CMS/9/L.1", "The Conference of Member States,",
        "Recalling its decision CMS/8/2 on shared archives,1 and the plan that followed,",
        "__________________", "1 Decision CMS/8/2.", "21-04567 (E)    110521", "*2104567*",
        "CMS/9/L.1", "Conference of Member States", "1. Welcomes the progress made at the eighth meeting",
        "2/3 \t21-04567", "Conference of Member States", "CMS/9/L.1",
        "in the digitization of the archives;12", "2. Decides to continue.", "__________________",
        "12 Document CMS/8/5.", "21-04567 \t3/3",
    ])
    return build_docx(tmp_path / "converted.docx", body)


def _accepted(data: bytes, folder: Path) -> Path:
    parts = xmlcounts._resolved_parts(data, accept=True)
    out = folder / "accepted.docx"
    with zipfile.ZipFile(out, "w") as zf:
        for name, blob in parts.items():
            zf.writestr(name, blob)
    return out


def test_edits_around_typed_marks_and_in_page_notes_land_where_the_reader_saw_them(tmp_path: Path) -> None:
    src = _converted(tmp_path)
    res = parse_file(src)
    pp1, op1 = res.block("PP1"), res.block("OP1")
    assert pp1.footnotes == [1] and op1.footnotes == [12]  # the reader's view: digits out, notes tied
    assert [(f.number, f.text) for f in res.footnotes] == [(1, "Decision CMS/8/2."), (12, "Document CMS/8/5.")]
    after_mark = pp1.text.index("and the plan")
    meeting = op1.text.index("eighth")
    archives = op1.text.index("archives;")
    plan = EditPlan([
        Edit("PP1", pp1.text.index("CMS/8/2"), pp1.text.index("CMS/8/2") + 7, "CMS/9/2"),
        Edit("PP1", after_mark, after_mark + 3, "as well as"),
        Edit("OP1", meeting, meeting + len("eighth"), "ninth"),
        Edit("OP1", archives, archives + len("archives"), "records"),
        Edit("FN1", 0, len("Decision CMS/8/2"), "Decision CMS/9/2"),
        Edit("FN12", len("Document "), len("Document CMS/8/5"), "CMS/9/5"),
    ], date=DATE)
    out = tmp_path / "out.docx"
    apply_edit_plan(src, plan, out, resolution=res)
    data = out.read_bytes()
    after = parse_file(_accepted(data, tmp_path))
    assert after.block("PP1").text == ("Recalling its decision CMS/9/2 on shared archives, as well as the plan that "
                                       "followed,")
    assert after.block("PP1").footnotes == [1]  # the mark stayed where it was
    assert after.block("OP1").text.endswith("at the ninth meeting in the digitization of the records;")
    assert after.block("OP1").footnotes == [12]
    assert [(f.number, f.text) for f in after.footnotes] == [(1, "Decision CMS/9/2."), (12, "Document CMS/9/5.")]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "word/footnotes.xml" not in zf.namelist() or b"CMS/9/5" not in zf.read("word/footnotes.xml")
    rejected = xmlcounts._resolved_parts(data, accept=False)["word/document.xml"]
    with zipfile.ZipFile(src) as zf:
        original = zf.read("word/document.xml")
    assert xmlcounts._text(etree.fromstring(rejected)) == xmlcounts._text(etree.fromstring(original))


@pytest.mark.office
def test_libreoffice_reads_the_edits_of_a_converted_pdf(tmp_path: Path, office: Any) -> None:
    src = _converted(tmp_path)
    res = parse_file(src)
    op1 = res.block("OP1")
    at = op1.text.index("eighth")
    plan = EditPlan([Edit("OP1", at, at + len("eighth"), "ninth"),
                     Edit("FN12", len("Document "), len("Document CMS/8/5"), "CMS/9/5")], date=DATE)
    out = tmp_path / "out.docx"
    apply_edit_plan(src, plan, out, resolution=res)
    seen, before = office.texts(out), office.texts(src, reject=False)
    assert seen.rejected == before.original
    assert seen.accepted == before.original.replace("eighth", "ninth").replace("CMS/8/5", "CMS/9/5")
