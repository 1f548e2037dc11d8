"""numbering.xml and Word's list counters: the numbers Word computes for automatically numbered paragraphs.

Word stores a list definition, not the numbers; a reader that shows "3." or
"(b)" must count paragraphs the way Word does (`Numbering.next_label`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from resdraft.ooxml.namespaces import qn
from resdraft.ooxml.props import as_int, child, find_path, on_off, w_attr
from resdraft.ooxml.styles import Styles

__all__ = ["Numbering", "format_number", "paragraph_numbering"]


@dataclass(frozen=True)
class _Level:
    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart; None = after any higher level, 0 = never
    is_lgl: bool = False
    pstyle: str | None = None


@dataclass
class _Abstract:
    levels: dict[int, _Level] = field(default_factory=dict)
    num_style_link: str | None = None


@dataclass
class _Num:
    abstract_id: str | None
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, _Level] = field(default_factory=dict)


def _parse_level(el: etree._Element) -> _Level:
    first: dict[str, etree._Element] = {}
    for prop in el:  # one pass; the first of each property counts, as `find` would give
        tag = prop.tag
        if isinstance(tag, str) and tag not in first:
            first[tag] = prop
    text_el = first.get(_LVL_TEXT)
    return _Level(
        start=as_int(w_attr(first.get(_LVL_START))) or 0,
        fmt=(w_attr(first.get(_NUM_FMT)) or "decimal"),
        text=(w_attr(text_el) or "") if text_el is not None else "",
        restart=as_int(w_attr(first.get(_LVL_RESTART))),
        is_lgl=bool(on_off(first.get(_IS_LGL))),
        pstyle=w_attr(first.get(_LVL_PSTYLE)),
    )


_LVL_TEXT, _LVL_START, _NUM_FMT, _LVL_RESTART, _IS_LGL, _LVL_PSTYLE = (
    qn(t) for t in ("w:lvlText", "w:start", "w:numFmt", "w:lvlRestart", "w:isLgl", "w:pStyle")
)
_PLACEHOLDER = re.compile(r"%([1-9])")


_ROMAN = [
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
]  # fmt: skip


def _roman(value: int) -> str:
    out = []
    for amount, letters in _ROMAN:
        count, value = divmod(value, amount)
        out.append(letters * count)
    return "".join(out)


def format_number(value: int, fmt: str) -> str:
    """A counter value in a `w:numFmt` as Word writes it (27 in lowerLetter is "aa")."""
    if fmt == "none":
        return ""
    if value <= 0 and fmt in ("lowerLetter", "upperLetter", "lowerRoman", "upperRoman"):
        return str(value)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "lowerRoman":
        return _roman(value)
    if fmt == "upperRoman":
        return _roman(value).upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "ordinal":
        from resdraft.ordinals import ordinal_figures

        return ordinal_figures(value)
    if fmt == "decimalEnclosedParen":
        return f"({value})"
    if fmt == "decimalEnclosedFullstop":
        return f"{value}."
    return str(value)


class Numbering:
    """numbering.xml plus Word's list counters, advanced paragraph by paragraph.

    As in Word, the running count belongs to the abstract numbering
    definition and is shared by every `w:num` that points at it (after
    `w:numStyleLink`). The first paragraph of a `w:num` that has a
    `w:startOverride` restarts the overridden levels at the override value;
    later paragraphs of any `w:num` of the same definition continue from
    there. This is how Word restarts a list after a heading or in an annex.
    Using a level resets the levels below it unless their `w:lvlRestart`
    says otherwise.
    """

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self.styles = styles
        self.abstracts: dict[str, _Abstract] = {}
        self.nums: dict[str, _Num] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[str] = set()
        self._resolved: dict[str, tuple[str, dict[int, _Level], dict[int, int]] | None] = {}
        if root is None:
            return
        for el in root.iterchildren(qn("w:abstractNum")):
            abstract_id = w_attr(el, "abstractNumId")
            if abstract_id is None or abstract_id in self.abstracts:
                continue
            abstract = _Abstract(num_style_link=w_attr(el.find(qn("w:numStyleLink"))))
            for lvl in el.iterchildren(qn("w:lvl")):
                ilvl = as_int(w_attr(lvl, "ilvl"))
                if ilvl is not None and 0 <= ilvl <= 8:
                    abstract.levels.setdefault(ilvl, _parse_level(lvl))
            self.abstracts[abstract_id] = abstract
        for el in root.iterchildren(qn("w:num")):
            num_id = w_attr(el, "numId")
            if num_id is None or num_id in self.nums:
                continue
            num = _Num(abstract_id=w_attr(el.find(qn("w:abstractNumId"))))
            for override in el.iterchildren(qn("w:lvlOverride")):
                ilvl = as_int(w_attr(override, "ilvl"))
                if ilvl is None or not 0 <= ilvl <= 8:
                    continue
                start = as_int(w_attr(override.find(qn("w:startOverride"))))
                if start is not None:
                    num.start_overrides[ilvl] = start
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    num.level_overrides[ilvl] = _parse_level(lvl)
            self.nums[num_id] = num

    def defines(self, num_id: str) -> bool:
        return self._resolve(num_id) is not None

    def _abstract(self, num_id: str, depth: int = 0) -> tuple[str, _Abstract] | None:
        """The abstract definition behind a num, following `w:numStyleLink` to a list style."""
        num = self.nums.get(num_id)
        if num is None or num.abstract_id is None:
            return None
        abstract = self.abstracts.get(num.abstract_id)
        if abstract is None:
            return None
        if abstract.num_style_link and depth < 4:
            linked = w_attr(self.styles.find_in_chain(abstract.num_style_link, "w:pPr", "w:numPr", "w:numId"))
            if linked is not None and linked != num_id:
                found = self._abstract(linked, depth + 1)
                if found is not None:
                    return found
        return num.abstract_id, abstract

    def _resolve(self, num_id: str) -> tuple[str, dict[int, _Level], dict[int, int]] | None:
        """(abstract id that counts, levels, start values) of a num, or None when it is not defined."""
        if num_id in self._resolved:
            return self._resolved[num_id]
        resolved = self._resolved[num_id] = self._resolve_uncached(num_id)
        return resolved

    def _resolve_uncached(self, num_id: str) -> tuple[str, dict[int, _Level], dict[int, int]] | None:
        num = self.nums.get(num_id)
        found = self._abstract(num_id)
        if num is None or found is None:
            return None
        abstract_id, abstract = found
        levels = {**abstract.levels, **num.level_overrides}
        starts = {ilvl: lvl.start for ilvl, lvl in levels.items()}
        starts.update(num.start_overrides)
        return abstract_id, levels, starts

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        """The level whose `w:pStyle` is the given paragraph style (lists tied to heading styles)."""
        resolved = self._resolve(num_id)
        if resolved is None or style_id is None:
            return None
        return next((ilvl for ilvl, lvl in sorted(resolved[1].items()) if lvl.pstyle == style_id), None)

    def next_label(self, num_id: str, ilvl: int) -> str | None:
        """Count one paragraph of list `num_id` at level `ilvl` and return its number as shown."""
        resolved = self._resolve(num_id)
        if resolved is None:
            return None
        key, levels, starts = resolved
        ilvl = min(max(ilvl, 0), 8)
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self._counters.setdefault(key, [None] * 9)
        if num_id not in self._started:
            self._started.add(num_id)
            for overridden in self.nums[num_id].start_overrides:
                counters[overridden] = None  # counts again from this num's override
        current = counters[ilvl]
        counters[ilvl] = starts.get(ilvl, 0) if current is None else current + 1
        for lower in range(ilvl + 1, 9):
            lower_level = levels.get(lower)
            restart = lower_level.restart if lower_level is not None else None
            if restart is None or restart > lower:
                restart = lower  # absent, or naming a level that is not above: restart after any higher
            if restart > 0 and ilvl <= restart - 1:
                counters[lower] = None
        if level.fmt == "bullet":
            return "•"

        def placeholder(match: re.Match[str]) -> str:
            j = int(match.group(1)) - 1
            value = counters[j]
            if value is None:
                value = starts.get(j, 0)
            fmt = levels[j].fmt if j in levels else "decimal"
            if level.is_lgl and fmt not in ("none", "bullet"):
                fmt = "decimal"
            return "" if fmt == "bullet" else format_number(value, fmt)

        label = _PLACEHOLDER.sub(placeholder, level.text)
        return label if label.strip() else None


_PPR, _NUM_PR, _NUM_ID, _ILVL, _VAL = (qn(t) for t in ("w:pPr", "w:numPr", "w:numId", "w:ilvl", "w:val"))


def paragraph_numbering(
    p: etree._Element,
    styles: Styles,
    numbering: Numbering,
    cache: dict[str | None, tuple[str | None, int | None]] | None = None,
) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph: its own `w:numPr`, else its style's; None for numId 0 or none.

    The level is the paragraph's own `w:ilvl`; failing that, the level of the
    list that names the paragraph's style in `w:pStyle` (which the standard
    puts before the style's own `w:ilvl`); then the style's `w:ilvl`; then 0.
    `cache` memoises the style's numbering across the paragraphs of a read.
    """
    ppr = child(p, _PPR)  # read once for the list, the level and the style
    numpr = child(ppr, _NUM_PR) if ppr is not None else None
    num_el = child(numpr, _NUM_ID) if numpr is not None else None
    ilvl_el = child(numpr, _ILVL) if numpr is not None else None
    num_id = num_el.get(_VAL) if num_el is not None else None
    ilvl = as_int(ilvl_el.get(_VAL)) if ilvl_el is not None else None
    style_id = styles.ppr_style_id(ppr)
    if cache is not None and style_id in cache:
        style_num, style_ilvl = cache[style_id]
    else:
        style_num, style_ilvl = _style_numbering(styles, style_id)
        if cache is not None:
            cache[style_id] = (style_num, style_ilvl)
    if style_num is not None and num_id is None:
        num_id = style_num
    if num_id is None or num_id.strip() == "0":
        return None
    num_id = num_id.strip()
    if ilvl is None:
        linked = numbering.level_for_style(num_id, style_id)
        ilvl = linked if linked is not None else style_ilvl or 0
    return num_id, ilvl


def _style_numbering(styles: Styles, style_id: str | None) -> tuple[str | None, int | None]:
    """(numId, ilvl) that the style chain of `style_id` gives, the nearest style with a numId winning."""
    for style in styles.chain(style_id):
        style_numpr = find_path(style.ppr, "w:numPr") if style.ppr is not None else None
        style_num = w_attr(find_path(style_numpr, "w:numId"))
        if style_num is not None:
            return style_num, as_int(w_attr(find_path(style_numpr, "w:ilvl")))
    return None, None
