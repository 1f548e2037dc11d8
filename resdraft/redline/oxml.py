"""Moved to the floor (`resdraft.ooxml.build` and `resdraft.ooxml.revisions`); kept so old imports still work."""

from resdraft.ooxml.build import RPR_ORDER, XML_SPACE, W, make_run, make_text, set_rpr_child, split_run, w_el
from resdraft.ooxml.namespaces import qn
from resdraft.ooxml.revisions import (
    RevisionIds,
    make_del,
    make_ins,
    mark_paragraph,
    mark_revision,
    to_deleted,
    unmark_paragraph,
)

__all__ = [
    "RPR_ORDER", "XML_SPACE", "RevisionIds", "W", "make_del", "make_ins", "make_run", "make_text", "mark_paragraph",
    "mark_revision", "qn", "set_rpr_child", "split_run", "to_deleted", "unmark_paragraph", "w_el",
]  # fmt: skip
