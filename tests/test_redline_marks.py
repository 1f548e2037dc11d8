"""Where revision marks go so that Word and LibreOffice read a whole-paragraph change alike (XML only)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from lxml import etree

from resdraft.ooxml.revisions import mark_revision
from resdraft.redline.comment_refs import references_into_ranges
from resdraft.redline.mark_shift import can_shift, shift_endnote_holders, shift_mark_deletion

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _p(inner: str) -> etree._Element:
    return etree.fromstring(f'<w:p xmlns:w="{W}">{inner}</w:p>')


def _body(inner: str) -> etree._Element:
    return etree.fromstring(f'<w:body xmlns:w="{W}">{inner}</w:body>')


def _tags(p: etree._Element) -> list[str]:
    return [etree.QName(c).localname for c in p]


def _revision_maker(author: str = "resdraft", date: str = "2024-05-01T10:00:00Z") -> Callable[[str], etree._Element]:
    ids = itertools.count(100)

    def make(tag: str) -> etree._Element:
        el = etree.Element(f"{{{W}}}{tag.split(':')[1]}")
        el.set(f"{{{W}}}id", str(next(ids)))
        el.set(f"{{{W}}}author", author)
        el.set(f"{{{W}}}date", date)
        return el

    return make


_DEL_MARK = '<w:pPr>{props}<w:rPr><w:del w:id="1" w:author="Ann" w:date="2024-01-01T00:00:00Z"/></w:rPr></w:pPr>'


def test_a_comment_reference_moves_inside_its_own_range() -> None:
    p = _p('<w:commentRangeStart w:id="3"/><w:r><w:t>noted</w:t></w:r><w:commentRangeEnd w:id="3"/>'
           '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="3"/></w:r>'
           '<w:r><w:t> later</w:t></w:r>')
    assert references_into_ranges(p) == 1
    assert _tags(p) == ["commentRangeStart", "r", "r", "commentRangeEnd", "r"]
    assert p[2].find("w:commentReference", NS) is not None


def test_a_reference_of_another_comment_or_with_text_stays() -> None:
    other = _p('<w:commentRangeEnd w:id="3"/><w:r><w:commentReference w:id="4"/></w:r>')
    with_text = _p('<w:commentRangeEnd w:id="3"/><w:r><w:commentReference w:id="3"/><w:t>x</w:t></w:r>')
    assert references_into_ranges(other) == 0 and references_into_ranges(with_text) == 0
    assert _tags(other) == ["commentRangeEnd", "r"] and _tags(with_text) == ["commentRangeEnd", "r"]


def test_the_deleted_mark_moves_to_the_paragraph_before_with_its_properties() -> None:
    body_style = '<w:pStyle w:val="Body"/>'
    body = _body('<w:p><w:pPr><w:pStyle w:val="Quote"/></w:pPr><w:r><w:t>kept</w:t></w:r></w:p>'
                 f'<w:p>{_DEL_MARK.format(props=body_style)}<w:r><w:t>gone</w:t></w:r></w:p>')
    q, h = body
    assert can_shift(q, h)
    shift_mark_deletion(q, h, _revision_maker())
    assert mark_revision(q) == "del" and mark_revision(h) is None
    gone = q.find("w:pPr/w:rPr/w:del", NS)
    assert (gone.get(f"{{{W}}}author"), gone.get(f"{{{W}}}date")) == ("Ann", "2024-01-01T00:00:00Z")
    assert h.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Quote"  # accept: Q's text, Q's style
    assert h.find("w:pPr/w:pPrChange/w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Body"  # reject: H's own


def test_only_a_paragraph_holding_an_endnote_after_a_kept_one_is_shifted() -> None:
    note = '<w:r><w:endnoteReference w:id="1"/></w:r>'
    body = _body('<w:p><w:r><w:t>kept</w:t></w:r></w:p>'
                 f'<w:p>{_DEL_MARK.format(props="")}{note}</w:p>'
                 f'<w:p>{_DEL_MARK.format(props="")}<w:r><w:t>no note</w:t></w:r></w:p>'
                 f'<w:p>{_DEL_MARK.format(props="")}{note}</w:p>')
    q, h, plain, after_deleted = body
    assert shift_endnote_holders([h, plain, after_deleted], _revision_maker()) == 1
    assert [mark_revision(p) for p in (q, h, plain, after_deleted)] == ["del", None, "del", "del"]
    assert h.find("w:pPr/w:pPrChange", NS) is None  # same properties: nothing to record
