"""Comment paragraphs without a style get the default paragraph style when marks are tracked.

LibreOffice saves comment paragraphs without `w:pStyle`, and LibreOffice 25.2 then drops the tracked
deletion of a paragraph mark next to such a comment (accept-all keeps an empty paragraph); see
`resdraft/redline/comment_styles.py`. The drafts here are the rich test drafts with the comment
paragraphs' style taken out, as LibreOffice writes them.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from resdraft.redline.comparison import compare_to_bytes
from tests.support import richdocx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DATE = "2024-05-01T10:00:00Z"


def _without_comment_styles(path: Path) -> Path:
    """The .docx at `path` with every `w:pStyle` taken out of word/comments.xml (in place), if it has one."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    if "word/comments.xml" not in parts:
        return path
    parts["word/comments.xml"] = re.sub(rb'<w:pPr><w:pStyle w:val="[^"]*"/></w:pPr>', b"", parts["word/comments.xml"])
    assert b"w:pStyle" not in parts["word/comments.xml"]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _comment_styles(data: bytes) -> list[str | None]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/comments.xml"))
    styles = [p.find(f"{{{W}}}pPr/{{{W}}}pStyle") for p in root.iter(f"{{{W}}}p")]
    return [None if style is None else style.get(f"{{{W}}}val") for style in styles]


def test_a_deleted_paragraph_gives_unstyled_comment_paragraphs_the_default_style(tmp_path: Path) -> None:
    old, new = richdocx.write_pair("para_deleted_comment", tmp_path)
    out = compare_to_bytes(_without_comment_styles(old), _without_comment_styles(new), date=DATE)
    styles = _comment_styles(out)
    assert styles and set(styles) == {"Normal"}  # the draft's default paragraph style, defined in styles.xml


def test_comments_are_left_alone_when_no_paragraph_mark_is_tracked(tmp_path: Path) -> None:
    old, new = richdocx.write_pair("bold_added", tmp_path)
    out = compare_to_bytes(_without_comment_styles(old), _without_comment_styles(new), date=DATE)
    assert set(_comment_styles(out)) == {None}


def test_a_comment_paragraph_with_a_style_keeps_it(tmp_path: Path) -> None:
    old, new = richdocx.write_pair("para_deleted_comment", tmp_path)
    assert set(_comment_styles(compare_to_bytes(old, new, date=DATE))) == {"CommentText"}
