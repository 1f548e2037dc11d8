"""`redline.comparison`: each draft's package is opened once, and the writer's use of OLD's is single."""

from __future__ import annotations

import os
from pathlib import Path

from resdraft.readers import read_document
from resdraft.redline.comparison import compare_files, redline_bytes

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
OLD, NEW = SAMPLES / "cooperation-adopted.docx", SAMPLES / "cooperation-draft.docx"
DATE = "2024-05-01T10:00:00Z"


def test_the_reader_leaves_the_package_it_read_open_and_unchanged() -> None:
    opened: dict = {}
    raw = read_document(OLD, opened=opened)
    pkg = opened[os.fspath(OLD)]
    assert raw.paragraphs
    assert pkg.xml(pkg.main) is not None  # the zip is still open: parts can be read
    assert pkg.data(pkg.main) == pkg.read(pkg.main)  # parsed, not changed


def test_a_second_redline_of_one_comparison_is_the_first(tmp_path: Path) -> None:
    comparison = compare_files(OLD, NEW, str(tmp_path), date=DATE)
    assert comparison.old_package is not None
    first = redline_bytes(comparison)
    assert comparison.old_package is None  # written into once, then dropped
    assert redline_bytes(comparison) == first  # the second reads OLD afresh
