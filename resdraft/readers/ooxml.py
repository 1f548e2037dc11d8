"""Moved to the floor, `resdraft.ooxml` (namespaces, safe parsing, styles, the visible-text walk, paragraphs).

Kept as re-exports so old imports still work; new code imports the floor modules.
"""

from resdraft.ooxml.namespaces import NS, STRICT_W_NS, W_NS, qn
from resdraft.ooxml.paragraphs import (
    body_paragraphs,
    comment_ids,
    is_removed,
    logical_paragraphs,
    paragraph_mark_deleted,
)
from resdraft.ooxml.props import as_int, child, find_path, on_off, w_attr
from resdraft.ooxml.revisions import REVISION_TAGS, count_revisions
from resdraft.ooxml.safexml import UnsafeXMLError, parse_xml, safe_parser
from resdraft.ooxml.styles import RunFormat, StyleDef, Styles
from resdraft.ooxml.visible import VisiblePiece, iter_visible_runs, paragraph_text, run_is_deleted, sym_char

__all__ = [
    "NS", "REVISION_TAGS", "STRICT_W_NS", "W_NS", "RunFormat", "StyleDef", "Styles", "UnsafeXMLError", "VisiblePiece",
    "as_int", "body_paragraphs", "child", "comment_ids", "count_revisions", "find_path", "is_removed",
    "iter_visible_runs", "logical_paragraphs", "on_off", "paragraph_mark_deleted", "paragraph_text", "parse_xml",
    "qn", "run_is_deleted", "safe_parser", "sym_char", "w_attr",
]  # fmt: skip
