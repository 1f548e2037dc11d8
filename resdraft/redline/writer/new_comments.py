"""The comments a redline adds, kept as data and made into `w:comment` elements only as the part is saved.

A carry-over of a 20,000-paragraph draft writes 26,000 comments; as elements they made a 55 MB
tree that nothing reads before it is serialised. Here each is (id, author, date, text) until
`Package.save` asks for the elements (`Package.add_later`), a few hundred at a time, so no more than
a batch exists at once. The elements are the ones the writer built before, from the same templates.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from lxml import etree

from resdraft.ooxml.build import clone, make_run, w_el
from resdraft.redline.comment_styles import name_unstyled_paragraphs


class _Comment(NamedTuple):
    cid: str
    author: str
    date: str
    text: str


def initials(author: str) -> str:
    """The `w:initials` of a comment by `author`."""
    return "".join(word[0] for word in author.split() if word[:1].isalnum())[:4] or "R"


def comment_element(cid: str, author: str, date: str, text: str, head: etree._Element,
                    line_p: etree._Element) -> etree._Element:
    """A `w:comment`: its first paragraph a copy of `head` (the mark), each further line a copy of `line_p`."""
    comment = w_el("w:comment", {"w:id": cid, "w:author": author, "w:date": date, "w:initials": initials(author)})
    for n, line in enumerate(text.split("\n")):
        p = clone(head if n == 0 else line_p)
        if line:
            p.append(make_run(line))
        comment.append(p)
    return comment


class NewComments:
    """Comments to add at the end of the comments part, in order, as data until they are asked for."""

    def __init__(self, head: etree._Element, line_p: etree._Element) -> None:
        self._head = head
        self._line_p = line_p
        self._items: list[_Comment] = []
        #: The paragraph style each comment paragraph without one gets (`comment_styles`), once decided.
        self.default_style: str | None = None

    def __len__(self) -> int:
        return len(self._items)

    def add(self, cid: str, author: str, date: str, text: str) -> None:
        self._items.append(_Comment(cid, author, date, text))

    def elements(self) -> Iterator[etree._Element]:
        """The comments as elements, made one by one (what `Package.add_later` serialises)."""
        for item in self._items:
            comment = comment_element(*item, self._head, self._line_p)
            if self.default_style is not None:
                name_unstyled_paragraphs(comment, self.default_style)
            yield comment

    def take(self) -> list[etree._Element]:
        """The comments so far as elements, forgotten here (for a caller that appends more after them)."""
        out = list(self.elements())
        self._items = []
        return out
