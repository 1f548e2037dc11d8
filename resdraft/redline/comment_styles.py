"""Name the paragraph style of comment paragraphs that have none, when paragraph marks are tracked.

LibreOffice 25.2 (not 7.4) drops the tracked deletion or insertion of a paragraph mark when the
paragraph holds a comment whose own paragraph in `comments.xml` has no `w:pStyle`: accept-all then
keeps an empty paragraph where the deleted one was. Word always writes one (`CommentText`), but
LibreOffice saves comment paragraphs without it, so a draft that went through LibreOffice and is
then compared or carried over reads wrong in LibreOffice 25.2. Naming the document's default
paragraph style, which such a paragraph has anyway, changes nothing in how the comment looks and
avoids the bug (checked in LibreOffice 25.2.3 and 7.4.7).
"""

from __future__ import annotations

from lxml import etree

from resdraft.ooxml.namespaces import qn

__all__ = ["has_tracked_mark", "name_unstyled_paragraphs"]

_P, _PPR, _PSTYLE, _RPR, _VAL = (qn(t) for t in ("w:p", "w:pPr", "w:pStyle", "w:rPr", "w:val"))
_MARK_REVISIONS = tuple(qn(t) for t in ("w:ins", "w:del", "w:moveFrom", "w:moveTo"))


def has_tracked_mark(document: etree._Element) -> bool:
    """True when some paragraph mark is a tracked insertion, deletion or move (`w:pPr/w:rPr/w:ins` ...)."""
    for revision in document.iter(*_MARK_REVISIONS):
        rpr = revision.getparent()
        if rpr is not None and rpr.tag == _RPR:
            holder = rpr.getparent()
            if holder is not None and holder.tag == _PPR:
                return True
    return False


def name_unstyled_paragraphs(comments: etree._Element, default_style: str) -> int:
    """Give each paragraph under `comments` without a `w:pStyle` the style `default_style`; how many got one.

    The writer calls it only when `has_tracked_mark` holds and the styles part names a default paragraph
    style (never a reference to a style that is not defined); for the comments it makes later, it names the
    style as it builds them.
    """
    named = 0
    for p in comments.iter(_P):
        ppr = p[0] if len(p) and p[0].tag == _PPR else None
        if ppr is not None and ppr.find(_PSTYLE) is not None:
            continue
        if ppr is None:
            ppr = p.makeelement(_PPR)
            p.insert(0, ppr)
        ppr.insert(0, ppr.makeelement(_PSTYLE, {_VAL: default_style}))  # pStyle comes first in CT_PPr
        named += 1
    return named
