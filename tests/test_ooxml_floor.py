"""The .docx floor (`resdraft.ooxml`): one package class for reading and rewriting, namespaces spelt once."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from resdraft.errors import LimitExceeded
from resdraft.limits import MB, Limits
from resdraft.ooxml import Package, body_paragraphs, paragraph_text, qn
from resdraft.ooxml.namespaces import CT_COMMENTS, REL_COMMENTS, REL_STYLES
from tests.docxbuild import build_docx, para, style

ROOT = Path(__file__).resolve().parents[1]


def _draft(tmp_path: Path, **parts: bytes) -> Path:
    return build_docx(tmp_path / "d.docx", para("The Assembly decides to meet again.", style="T"),
                      styles=style("T", "Title"), parts=parts)


def test_save_is_byte_identical_for_equal_inputs_and_keeps_unchanged_parts(tmp_path: Path) -> None:
    path = _draft(tmp_path, **{"word/media/logo.bin": b"\x89 not really an image"})
    first, second = Package(path).save(), Package(path.read_bytes()).save()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as out, zipfile.ZipFile(path) as src:
        assert out.namelist()[0] == "[Content_Types].xml"
        assert sorted(out.namelist()) == sorted(src.namelist())
        assert {info.date_time for info in out.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        for name in src.namelist():
            assert out.read(name) == src.read(name), name  # nothing changed, nothing re-serialised


def test_a_changed_part_is_serialised_and_read_back(tmp_path: Path) -> None:
    pkg = Package(_draft(tmp_path))
    document = pkg.xml(pkg.main, write=True)
    assert document is not None
    t = next(document.iter(qn("w:t")))
    t.text = "The Assembly decides to adjourn."
    again = Package(pkg.save())
    assert paragraph_text(body_paragraphs(again.xml(again.main))[0]) == "The Assembly decides to adjourn."


def test_writer_and_reader_ways_of_finding_related_parts(tmp_path: Path) -> None:
    pkg = Package(_draft(tmp_path))
    assert pkg.related(pkg.main, REL_STYLES) == "word/styles.xml"  # exact type URI
    assert pkg.find_related(pkg.main_part, "/styles", "word/styles.xml") == "word/styles.xml"  # type suffix
    assert pkg.related(pkg.main, REL_COMMENTS) is None
    assert pkg.find_related(pkg.main_part, "/comments", "word/comments.xml") is None
    # A part added by the writer is found the writer's way and the reader's way at once.
    pkg.set_xml("word/comments.xml", etree.Element(qn("w:comments")), CT_COMMENTS)
    rid = pkg.relate(pkg.main, REL_COMMENTS, "comments.xml")
    assert pkg.relationship(pkg.main, rid) == (REL_COMMENTS, "word/comments.xml", False)
    assert pkg.related(pkg.main, REL_COMMENTS) == "word/comments.xml"
    assert (REL_COMMENTS, "word/comments.xml") in pkg.relationships(pkg.main_part)
    assert pkg.content_type("word/comments.xml") == CT_COMMENTS
    with zipfile.ZipFile(io.BytesIO(pkg.save())) as out:
        assert "word/comments.xml" in out.namelist()


def test_part_names_are_case_insensitive_and_may_start_with_a_slash(tmp_path: Path) -> None:
    src = _draft(tmp_path)
    odd = tmp_path / "odd.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(odd, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            name = "/Word/Styles.xml" if info.filename == "word/styles.xml" else info.filename
            zout.writestr(name, zin.read(info))
    pkg = Package(odd)
    assert pkg.name("word/styles.xml") == "/Word/Styles.xml"
    assert pkg.xml("WORD/styles.xml") is not None
    assert pkg.styles().name("T") == "Title"


def test_a_bomb_in_a_part_nobody_reads_is_refused_when_the_package_is_written(tmp_path: Path) -> None:
    """Parts are inflated lazily, but `save` inflates every entry, under the same limits."""
    path = _draft(tmp_path, **{"word/media/huge.bin": b"\0" * (3 * MB)})
    pkg = Package(path, Limits(max_part_bytes=2 * MB))
    assert pkg.xml(pkg.main) is not None  # the reader never touches the media
    with pytest.raises(LimitExceeded, match=r"huge\.bin declares 3\.0 MB"):
        pkg.save()


def test_namespace_uris_are_spelt_only_on_the_floor() -> None:
    """Every module takes its URIs from `resdraft.ooxml.namespaces` (render included)."""
    uri = re.compile(r"schemas\.openxmlformats\.org|schemas\.microsoft\.com/office|purl\.oclc\.org/ooxml")
    spelling = {path.relative_to(ROOT).as_posix() for path in (ROOT / "resdraft").rglob("*.py")
                if uri.search(path.read_text(encoding="utf-8"))}
    assert spelling == {"resdraft/ooxml/namespaces.py"}


def test_the_readers_old_related_call_still_works(tmp_path: Path) -> None:
    """`related(part, suffix, default)` was the reader package's spelling of `find_related`."""
    pkg = Package(_draft(tmp_path))
    assert pkg.related(pkg.main_part, "/styles", "word/styles.xml") == "word/styles.xml"
    assert pkg.related(pkg.main_part, "/numbering", "word/numbering.xml") is None
    assert pkg.related(pkg.main_part, "/styles") is None  # without a default the type must match exactly
