"""styles.xml resolved far enough for a reader: style names, `basedOn` chains, run toggles, heading levels.

Built from the parsed part (or None for a package without one) and memoised,
because a draft has a few dozen distinct run formats but hundreds of runs.
"""

from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass

from lxml import etree

from resdraft.ooxml.namespaces import qn
from resdraft.ooxml.props import as_int, child, find_path, on_off, w_attr

__all__ = ["RunFormat", "StyleDef", "Styles", "heading_level"]


@dataclass(frozen=True)
class StyleDef:
    """One `w:style` of styles.xml, reduced to what the reader needs."""

    style_id: str
    type: str
    name: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None
    default: bool


@dataclass(frozen=True)
class RunFormat:
    """Effective emphasis of a run after styles and direct formatting."""

    italic: bool = False
    bold: bool = False
    hidden: bool = False


_ABSENT = object()  # "no such property element", as distinct from an element without w:val
_VAL = qn("w:val")
_RPR_TAG = qn("w:rPr")
_PPR_TAG = qn("w:pPr")
_PSTYLE = qn("w:pStyle")
_RSTYLE = qn("w:rStyle")
_STYLE_TAG = qn("w:style")
_NAME_TAG = qn("w:name")
_BASED_ON = qn("w:basedOn")
_STYLE_ID = qn("w:styleId")
_TYPE = qn("w:type")
_DEFAULT = qn("w:default")
#: The run toggles that `run_format` resolves, in `RunFormat` field order.
_TOGGLES = ("w:i", "w:b", "w:vanish")
_TOGGLE_INDEX = {qn(tag): i for i, tag in enumerate(_TOGGLES)}
_OFF_VALUES = frozenset({"0", "false", "off", "none"})
_CACHE_LIMIT = 4096


class Styles:
    """styles.xml resolved: style names, `basedOn` chains and run toggles.

    Built from the parsed root or from None (a package without styles.xml),
    so callers never need to special-case a missing part. Everything derived
    from the styles (chains, toggles, the format of a run with given direct
    properties) is computed once and memoised: a draft has a few dozen
    distinct run formats but hundreds of runs.
    """

    def __init__(self, root: etree._Element | None = None) -> None:
        #: The parsed part (None without one), for callers that read more of it; possibly shared: read only.
        self.root = root
        self.by_id: dict[str, StyleDef] = {}
        self.default_paragraph: str | None = None
        self.default_rpr: etree._Element | None = None
        self._toggle_cache: dict[tuple[str | None, str], bool | None] = {}
        self._chain_cache: dict[str | None, list[StyleDef]] = {}
        self._format_cache: dict[tuple[object, ...], RunFormat] = {}
        if root is None:
            return
        self.default_rpr = find_path(root, "w:docDefaults", "w:rPrDefault", "w:rPr")
        for el in root.iterchildren(_STYLE_TAG):
            style_id = el.get(_STYLE_ID)
            if style_id is None or style_id in self.by_id:
                continue
            name = based_on = ppr = rpr = None
            for prop in el:  # one pass instead of a find() per property
                tag = prop.tag
                if tag == _NAME_TAG:
                    name = prop if name is None else name
                elif tag == _BASED_ON:
                    based_on = prop if based_on is None else based_on
                elif tag == _PPR_TAG:
                    ppr = prop if ppr is None else ppr
                elif tag == _RPR_TAG:
                    rpr = prop if rpr is None else rpr
            style = StyleDef(
                style_id=style_id,
                type=el.get(_TYPE) or "paragraph",
                name=(name.get(_VAL) if name is not None else None) or style_id,
                based_on=based_on.get(_VAL) if based_on is not None else None,
                ppr=ppr,
                rpr=rpr,
                default=(el.get(_DEFAULT) or "").strip().lower() in ("1", "true", "on"),
            )
            self.by_id[style_id] = style
            if style.type == "paragraph" and style.default and self.default_paragraph is None:
                self.default_paragraph = style_id

    def chain(self, style_id: str | None) -> list[StyleDef]:
        """The style and its `basedOn` ancestors, nearest first (cycles cut). Do not modify the list."""
        cached = self._chain_cache.get(style_id)
        if cached is not None:
            return cached
        if len(self._chain_cache) >= _CACHE_LIMIT:
            self._chain_cache.clear()
        out: list[StyleDef] = []
        seen: set[str] = set()
        current = style_id
        while current is not None and current not in seen:
            seen.add(current)
            style = self.by_id.get(current)
            if style is None:
                break
            out.append(style)
            current = style.based_on
        self._chain_cache[style_id] = out
        return out

    def find_in_chain(self, style_id: str | None, *tags: str) -> etree._Element | None:
        """First element at path `tags` (e.g. "w:pPr", "w:outlineLvl") along the style chain."""
        for style in self.chain(style_id):
            root = style.ppr if tags[0] == "w:pPr" else style.rpr if tags[0] == "w:rPr" else None
            found = find_path(root, *tags[1:]) if root is not None else None
            if found is not None:
                return found
        return None

    def paragraph_style_id(self, p: etree._Element) -> str | None:
        """The paragraph's `w:pStyle`, else the document's default paragraph style."""
        return self.ppr_style_id(child(p, _PPR_TAG))

    def ppr_style_id(self, ppr: etree._Element | None) -> str | None:
        """`paragraph_style_id` of a paragraph whose `w:pPr` (or None) the caller already has."""
        pstyle = child(ppr, _PSTYLE) if ppr is not None else None
        explicit = pstyle.get(_VAL) if pstyle is not None else None
        return explicit if explicit is not None else self.default_paragraph

    def name(self, style_id: str | None) -> str | None:
        """Display name of a style ("heading 1" is shown as Word shows it: "Heading 1")."""
        if style_id is None:
            return None
        style = self.by_id.get(style_id)
        name = style.name if style is not None else style_id
        if name.lower().startswith("heading ") and name[8:].strip().isdigit():
            return "Heading " + name[8:].strip()
        return name

    def _style_toggle(self, style_id: str | None, tag: str) -> bool | None:
        key = (style_id, tag)
        if key not in self._toggle_cache:
            self._toggle_cache[key] = on_off(self.find_in_chain(style_id, "w:rPr", tag))
        return self._toggle_cache[key]

    def _resolve_toggle(self, direct: object, char_style: str | None, paragraph_style: str | None, tag: str) -> bool:
        """A toggle (`tag` prefixed, "w:i") from its direct value and the two style chains.

        `direct` is `_ABSENT` without a direct property element, else the
        element's `w:val` (None meaning "on").
        """
        if direct is not _ABSENT:
            return direct is None or str(direct).strip().lower() not in _OFF_VALUES
        values = [
            v
            for v in (self._style_toggle(paragraph_style, tag), self._style_toggle(char_style, tag))
            if v is not None
        ]
        if values:
            return functools.reduce(operator.xor, values)
        return bool(on_off(self.default_rpr.find(qn(tag))) if self.default_rpr is not None else False)

    def toggle(self, rpr: etree._Element | None, paragraph_style: str | None, tag: str) -> bool:
        """Effective value of a toggle property (`w:i`, `w:b`, `w:vanish`) for a run.

        Direct formatting sets the value outright. Otherwise the paragraph
        style chain and the character style chain each give a value and, as
        in Word, they toggle: italic text in an italic paragraph style shows
        upright. With neither, the document defaults apply.
        """
        el = rpr.find(qn(tag)) if rpr is not None else None
        direct = _ABSENT if el is None else el.get(_VAL)
        char_style = w_attr(rpr.find(_RSTYLE)) if rpr is not None else None
        return self._resolve_toggle(direct, char_style, paragraph_style, tag)

    def run_format(self, run: etree._Element, paragraph_style: str | None) -> RunFormat:
        """Italic, bold and hidden for a `w:r` in a paragraph of style `paragraph_style`.

        Memoised on what decides it: the paragraph style, the run's character
        style and the run's own `w:i`/`w:b`/`w:vanish` values.
        """
        return self.rpr_format(child(run, _RPR_TAG), paragraph_style)

    def rpr_format(self, rpr: etree._Element | None, paragraph_style: str | None) -> RunFormat:
        """`run_format` for a run whose `w:rPr` (or None) the caller already has."""
        direct: list[object] = [_ABSENT, _ABSENT, _ABSENT]
        char_style: str | None = None
        seen_style = False
        if rpr is not None:
            for prop in rpr:
                tag = prop.tag
                index = _TOGGLE_INDEX.get(tag)  # type: ignore[call-overload]
                if index is not None:
                    if direct[index] is _ABSENT:
                        direct[index] = prop.get(_VAL)
                elif tag == _RSTYLE and not seen_style:
                    seen_style = True
                    char_style = prop.get(_VAL)
        key = (paragraph_style, char_style, *direct)
        fmt = self._format_cache.get(key)
        if fmt is None:
            if len(self._format_cache) >= _CACHE_LIMIT:  # junk values in a hostile file: stay bounded
                self._format_cache.clear()
            italic, bold, hidden = (
                self._resolve_toggle(direct[i], char_style, paragraph_style, tag) for i, tag in enumerate(_TOGGLES)
            )
            fmt = self._format_cache[key] = RunFormat(italic=italic, bold=bold, hidden=hidden)
        return fmt


# --- headings ---------------------------------------------------------------------

_OUTLINE_LVL = qn("w:outlineLvl")
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)


def heading_level(p: etree._Element, styles: Styles, style_id: str | None,
                  cache: dict[str | None, int | None] | None = None) -> int | None:
    """Heading level: direct `w:outlineLvl`, else "Heading N"/"Title" names, else the style outline level.

    `cache` memoises the part that depends on the style alone, across the paragraphs of a read.
    """
    ppr = child(p, _PPR_TAG)
    outline = child(ppr, _OUTLINE_LVL) if ppr is not None else None
    direct = as_int(outline.get(_VAL)) if outline is not None else None
    if direct is not None:
        return direct + 1 if 0 <= direct <= 8 else None
    if cache is None:
        return _style_heading_level(styles, style_id)
    if style_id not in cache:
        cache[style_id] = _style_heading_level(styles, style_id)
    return cache[style_id]


def _style_heading_level(styles: Styles, style_id: str | None) -> int | None:
    name = (styles.name(style_id) or "").strip()
    match = _HEADING_NAME.match(name)
    if match:
        return int(match.group(1))
    if name.lower() == "title":
        return 0
    inherited = as_int(w_attr(styles.find_in_chain(style_id, "w:pPr", "w:outlineLvl")))
    if inherited is not None and 0 <= inherited <= 8:
        return inherited + 1
    return None
