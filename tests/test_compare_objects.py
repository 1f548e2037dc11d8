"""compare on what a text diff does not see: drawings, section breaks, property order, shared link targets.

The drafts are built here, small, each with the one quirk a real Word (or
pdf2docx) file has: a paragraph that holds only an image, an image added
next to changed words, two identical empty paragraphs of which one ends a
section, a paragraph whose `w:pPr` children are out of schema order, two
hyperlinks that share one relationship. Each test checks the redline's
XML and resolves it in lxml (`support.xmlcounts`): accept-all has NEW's
counts, reject-all OLD's.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree
from support import xmlcounts

from resdraft.redline.compare import compare_to_bytes
from tests.docxbuild import para, run
from tests.test_compare_features import build, image

DATE = "2024-05-01T10:00:00Z"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _pair(tmp_path: Path, old_body: str, new_body: str, **kw: object) -> tuple[Path, Path, bytes]:
    old = build(tmp_path / "old.docx", old_body, **kw)  # type: ignore[arg-type]
    new = build(tmp_path / "new.docx", new_body, **kw)  # type: ignore[arg-type]
    return old, new, compare_to_bytes(old, new, author="Facilitator", date=DATE)


def _document(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


def _resolves(old: Path, new: Path, data: bytes) -> None:
    assert xmlcounts.accept_all(data).diff(xmlcounts.counts(new)) == {}
    assert xmlcounts.reject_all(data).diff(xmlcounts.counts(old)) == {}


OPENING = para("The Assembly of States Parties,")
CLOSING = para("Decides to remain seized of the matter.")
IMAGES = {"images": {"rIdImg1": "seal.png"}}


# --- 1. drawings ---------------------------------------------------------------------------------------------


def test_image_removed_from_a_paragraph_that_holds_only_it_is_a_tracked_deletion(tmp_path: Path) -> None:
    old, new, data = _pair(tmp_path, OPENING + para(image("rIdImg1", 1)) + CLOSING, OPENING + para() + CLOSING,
                           **IMAGES)
    doc = _document(data)
    deleted = [d for d in doc.iter(w("del")) if d.find(f".//{w('drawing')}") is not None]
    assert len(deleted) == 1
    assert len(list(doc.iter(w("drawing")))) == 1  # the image is still there, as a deletion: not dropped
    _resolves(old, new, data)


def test_image_added_to_an_empty_paragraph_is_copied_from_new_as_an_insertion(tmp_path: Path) -> None:
    old, new, data = _pair(tmp_path, OPENING + para() + CLOSING, OPENING + para(image("rIdImg1", 1)) + CLOSING,
                           **IMAGES)
    doc = _document(data)
    inserted = [i for i in doc.iter(w("ins")) if i.find(f".//{w('drawing')}") is not None]
    assert len(inserted) == 1
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert any(n.startswith("word/media/") for n in zf.namelist())  # its media part came with it
    _resolves(old, new, data)


def test_image_added_where_the_text_is_the_same_goes_where_new_has_it(tmp_path: Path) -> None:
    old, new, data = _pair(tmp_path, OPENING + para("Welcomes the seal of the Registry;") + CLOSING,
                           OPENING + para("Welcomes the seal ", image("rIdImg1", 1), "of the Registry;") + CLOSING,
                           **IMAGES)
    doc = _document(data)
    ins = next(i for i in doc.iter(w("ins")) if i.find(f".//{w('drawing')}") is not None)
    before, after = ins.getprevious(), ins.getnext()
    assert "".join(before.itertext()).endswith("seal ") and "".join(after.itertext()).startswith("of the")
    _resolves(old, new, data)


def test_image_added_to_a_paragraph_whose_words_also_change_is_tracked(tmp_path: Path) -> None:
    old, new, data = _pair(tmp_path, OPENING + para("Welcomes the seal of the Registry;") + CLOSING,
                           OPENING + para("Welcomes the new seal of the Registry;", image("rIdImg1", 1)) + CLOSING,
                           **IMAGES)
    doc = _document(data)
    assert [i for i in doc.iter(w("ins")) if i.find(f".//{w('drawing')}") is not None]
    _resolves(old, new, data)


def test_a_kept_image_is_left_alone(tmp_path: Path) -> None:
    body = OPENING + para("Welcomes the seal ", image("rIdImg1", 1), " of the Registry;")
    old, new, data = _pair(tmp_path, body + CLOSING, body + para("Notes the report.") + CLOSING, **IMAGES)
    doc = _document(data)
    assert not [r for r in doc.iter(w("ins"), w("del")) if r.find(f".//{w('drawing')}") is not None]
    _resolves(old, new, data)
