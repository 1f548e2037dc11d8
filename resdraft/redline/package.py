"""Moved to the floor: the one package class is `resdraft.ooxml.package.Package`; kept so old imports still work.

The writer opens, changes and saves a .docx with it: every entry kept as it
was, only changed parts serialised again, fixed zip timestamps.
"""

from resdraft.ooxml.namespaces import (
    CT_COMMENTS,
    CT_ENDNOTES,
    CT_FOOTNOTES,
    REL_COMMENTS,
    REL_ENDNOTES,
    REL_FOOTNOTES,
    REL_SETTINGS,
    REL_STYLES,
)
from resdraft.ooxml.package import Package

__all__ = ["CT_COMMENTS", "CT_ENDNOTES", "CT_FOOTNOTES", "REL_COMMENTS", "REL_ENDNOTES", "REL_FOOTNOTES",
           "REL_SETTINGS", "REL_STYLES", "Package"]
