"""The compare page groups a table's paragraphs by row: rows are told apart by element, never by id()."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import docx
import pytest

from resdraft.output.redline_html import _tables


@pytest.mark.parametrize("cols", [1, 2, 3])
@pytest.mark.parametrize("paras", [1, 2, 3])
def test_every_row_of_a_long_table_is_its_own_group(tmp_path: Path, cols: int, paras: int) -> None:
    """Thirty rows of `cols` cells of `paras` paragraphs: each paragraph's row holds that row's paragraphs and
    no other (keyed by the id() of lxml proxies, which is reused once a proxy is freed, rows were merged)."""
    document = docx.Document()
    document.add_paragraph("Before the table")
    table = document.add_table(rows=30, cols=cols)
    for n, row in enumerate(table.rows):
        for cell in row.cells:
            cell.paragraphs[0].text = f"row {n}"
            for _ in range(paras - 1):
                cell.add_paragraph("more")
    path = tmp_path / "table.docx"
    document.save(path)
    rows = _tables(SimpleNamespace(base=path, new_docx=None)).rows  # type: ignore[arg-type]
    assert len(rows) == 30 * cols * paras
    assert all(len(members) == cols * paras and label in members for label, members in rows.items())
    assert len({tuple(members) for members in rows.values()}) == 30
