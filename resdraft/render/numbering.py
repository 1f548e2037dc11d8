"""Numbering of rendered paragraphs: list levels read off the labels, Word's multilevel list for `auto`."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from resdraft.model import Block
from resdraft.numbers import LETTER_LABEL, ROMAN_LABEL, WHOLE_NUMBER, letter_value, roman_value

# Indentation in twips, one step per level, like UN texts: the number sits at
# the first-line indent and the text starts at the next tab stop.
_STEP = 720


_ABSTRACT_NSID = "52455344"  # "RESD": a fixed nsid keeps numbering.xml stable


def _levels(blocks: list[Block]) -> dict[str, int]:
    """List level of each numbered block: 0 operative, 1 letters, 2 roman numerals.

    The parent chain decides when it is known, since "(i)" may be a ninth
    letter or a first roman numeral; otherwise the label's shape decides.
    """
    by_label = {b.label: b for b in blocks}
    levels: dict[str, int] = {}
    previous_sub: tuple[str, int] | None = None
    for block in blocks:
        if block.kind != "subparagraph":
            if block.kind == "operative":
                levels[block.label] = 0
                previous_sub = None
            continue
        parent = by_label.get(block.parent or "")
        if parent is not None:
            level = 2 if parent.kind == "subparagraph" else 1
        else:
            level = _guess_level(block.number_text, previous_sub)
        levels[block.label] = level
        previous_sub = (block.number_text, level)
    return levels


def _guess_level(number: str, previous: tuple[str, int] | None) -> int:
    """Level of a subparagraph without a known parent, from its label and the one before it."""
    is_letter, is_roman = _is_letter(number), bool(ROMAN_LABEL.match(number))
    if is_letter != is_roman:
        return 1 if is_letter else 2
    if previous is None or not is_letter:
        return 1
    prev_number, prev_level = previous
    if prev_level == 2:
        return 2
    # "(i)" right after "(h)" is the ninth letter; after any other letter it opens roman numerals.
    if prev_number == f"({chr(ord(number[1]) - 1)})":
        return 1
    return 2 if number == "(i)" else 1


def _is_letter(number: str) -> bool:
    """"(a)" .. "(z)": the one-letter labels Word's letter list shows at level 1."""
    match = LETTER_LABEL.match(number)
    return bool(match) and len(match.group(1)) == 1  # type: ignore[union-attr]


def _level_value(number_text: str, level: int) -> int | None:
    """The counter value Word would need to display `number_text` at `level`."""
    if level == 0:
        match = WHOLE_NUMBER.match(number_text)
        return int(match.group(1)) if match and not match.group(2) else None  # "12 bis." stays typed
    if level == 1:
        return letter_value(number_text[1:-1]) if _is_letter(number_text) else None
    match = ROMAN_LABEL.match(number_text)
    return roman_value(match.group(1)) if match else None


class _AutoNumbering:
    """Plans `w:numPr` for numbered blocks and writes the list to numbering.xml.

    It replays Word's counters: a block gets automatic numbering only when
    Word would display exactly its number. A decimal number Word would not
    reach next (a restart at 1 in a new section, or a skipped number in a
    draft) opens a new `w:num` with a `w:startOverride`; a subparagraph out
    of sequence, or any label Word cannot generate, stays typed.
    """

    def __init__(self, document: DocxDocument) -> None:
        self._numbering = document.part.numbering_part.element
        ids = [int(v) for v in self._numbering.xpath("./w:abstractNum/@w:abstractNumId")]
        self._abstract_id = max(ids, default=-1) + 1
        self._num_id: int | None = None
        self._counters = [0, 0, 0]
        self._auto_labels: set[str] = set()
        self._nums: list[tuple[int, int | None]] = []  # (numId, start override for level 0)
        self._next_num = max((int(v) for v in self._numbering.xpath("./w:num/@w:numId")), default=0) + 1

    def assign(self, block: Block, level: int) -> tuple[int, int] | None:
        if block.kind not in ("operative", "subparagraph"):
            return None
        value = _level_value(block.number_text, level)
        if value is None:
            return None
        if level == 0:
            if self._num_id is None or value != self._counters[0] + 1:
                self._open_num(value)
            self._counters = [value, 0, 0]
        else:
            if self._num_id is None or block.parent not in self._auto_labels:
                return None
            if value != self._counters[level] + 1:
                return None
            self._counters[level] = value
            if level == 1:
                self._counters[2] = 0
        self._auto_labels.add(block.label)
        assert self._num_id is not None
        return self._num_id, level

    def _open_num(self, start: int) -> None:
        override = None if not self._nums and start == 1 else start
        self._num_id = self._next_num
        self._next_num += 1
        self._nums.append((self._num_id, override))

    def finish(self) -> None:
        """Add the abstractNum (after existing ones) and the `w:num` instances used."""
        if not self._nums:
            return
        abstract = parse_xml(_abstract_num_xml(self._abstract_id))
        existing = self._numbering.xpath("./w:abstractNum")
        if existing:
            existing[-1].addnext(abstract)
        else:
            self._numbering.insert(0, abstract)
        for num_id, override in self._nums:
            num = OxmlElement("w:num")
            num.set(qn("w:numId"), str(num_id))
            abstract_ref = OxmlElement("w:abstractNumId")
            abstract_ref.set(qn("w:val"), str(self._abstract_id))
            num.append(abstract_ref)
            if override is not None:
                lvl = OxmlElement("w:lvlOverride")
                lvl.set(qn("w:ilvl"), "0")
                start = OxmlElement("w:startOverride")
                start.set(qn("w:val"), str(override))
                lvl.append(start)
                num.append(lvl)
            _insert_before(self._numbering, num, ("w:numIdMacAtCleanup",))


def _abstract_num_xml(abstract_id: int) -> str:
    levels = [("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{_STEP * (i + 2)}"/></w:tabs>'
        f'<w:ind w:left="0" w:firstLine="{_STEP * (i + 1)}"/></w:pPr>'
        '<w:rPr><w:b w:val="0"/><w:i w:val="0"/></w:rPr></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{_ABSTRACT_NSID}"/><w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'
    )


def _insert_before(parent: OxmlElement, child: OxmlElement, successors: tuple[str, ...]) -> None:
    """Insert `child` before the first successor present, keeping schema order."""
    tags = {qn(tag) for tag in successors}
    for existing in parent:
        if existing.tag in tags:
            existing.addprevious(child)
            return
    parent.append(child)
