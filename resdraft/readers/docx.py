"""Read a Word .docx draft into a `RawDocument`, as a reader sees it with all changes accepted.

The package is read with `zipfile` and every part is parsed with the safe
parser of `ooxml`, so this module needs no python-docx (whose
`Paragraph.text` misses text inside `w:ins`). What Word computes rather than
stores is recomputed here: the numbers of automatically numbered paragraphs
(`numbering.xml`), footnote display numbers (order of first reference) and
effective italic/bold through styles.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import unquote

from lxml import etree

from resdraft.errors import InputError
from resdraft.model import Diagnostic, Emphasis, FootnoteRef, Location, RawDocument, RawFootnote, RawParagraph
from resdraft.readers.ooxml import (
    NS,
    STRICT_W_NS,
    Styles,
    UnsafeXMLError,
    VisiblePiece,
    as_int,
    body_paragraphs,
    comment_ids,
    count_revisions,
    find_path,
    iter_visible_runs,
    logical_paragraphs,
    on_off,
    parse_xml,
    qn,
    w_attr,
)

__all__ = ["DocxPackage", "read_docx"]

#: Refuse to inflate a single part beyond this (zip bombs); real drafts are far smaller.
MAX_PART_BYTES = 200 * 1024 * 1024

_REL_OFFICE_DOCUMENT = "/officeDocument"
_REL_STYLES = "/styles"
_REL_NUMBERING = "/numbering"
_REL_FOOTNOTES = "/footnotes"
_REL_COMMENTS = "/comments"
_SAVE_AS_DOCX = "open it in Word or LibreOffice and save it as a Word document (.docx)"


def _target_part(folder: str, target: str) -> str:
    """Part name of a relationship target: absolute ("/word/x.xml") or relative to the source's folder."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


# --- the package -------------------------------------------------------------------


class DocxPackage:
    """A .docx opened as a zip: parts by name, their relationships, parsed XML.

    Every failure a user can fix (not a zip, no document part, a corrupt or
    malformed part) is raised as `InputError`; a missing optional part is None.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile:
            raise InputError(
                self.path,
                "not a Word .docx file (not a zip archive)",
                "an old .doc, an RTF or a password-protected file? " + _SAVE_AS_DOCX,
            ) from None
        except FileNotFoundError:
            raise InputError(self.path, "file not found") from None
        except OSError as exc:
            raise InputError(self.path, f"cannot open the file ({exc.strerror or exc})") from None
        # Part names in a package are case-insensitive; some writers add a leading "/".
        self._names = {info.filename.lstrip("/").lower(): info for info in self._zip.infolist()}
        self.main_part = self._find_main_part()

    def __enter__(self) -> DocxPackage:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def has(self, name: str) -> bool:
        return name.lstrip("/").lower() in self._names

    def read(self, name: str) -> bytes | None:
        """Bytes of part `name`, or None when the package has no such part."""
        info = self._names.get(name.lstrip("/").lower())
        if info is None:
            return None
        if info.file_size > MAX_PART_BYTES:
            raise InputError(self.path, f"{name} is implausibly large ({info.file_size} bytes unpacked)")
        try:
            return self._zip.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise InputError(self.path, f"damaged zip archive: cannot unpack {name} ({exc})") from None
        except (NotImplementedError, RuntimeError) as exc:
            raise InputError(self.path, f"cannot unpack {name} ({exc})", _SAVE_AS_DOCX) from None

    def xml(self, name: str) -> etree._Element | None:
        """Parsed root of part `name` (safe parser), or None when the part is missing."""
        data = self.read(name)
        if data is None:
            return None
        try:
            return parse_xml(data)
        except UnsafeXMLError:
            raise InputError(
                self.path,
                f"unsafe XML in {name}: it declares a DOCTYPE, which Word never writes",
                "the file was not saved by a word processor; " + _SAVE_AS_DOCX,
            ) from None
        except etree.XMLSyntaxError as exc:
            message = str(exc).splitlines()[0] if str(exc) else "syntax error"
            raise InputError(self.path, f"malformed XML in {name}: {message}", _SAVE_AS_DOCX) from None

    def relationships(self, part: str) -> list[tuple[str, str]]:
        """(type, target part name) of the internal relationships of `part` ("" = the package)."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        root = self.xml(rels_name)
        if root is None:
            return []
        out: list[tuple[str, str]] = []
        for rel in root.iter(f"{{{NS['pr']}}}Relationship"):
            target = rel.get("Target")
            if not target or rel.get("TargetMode") == "External":
                continue
            out.append((rel.get("Type") or "", _target_part(folder, unquote(target))))
        return out

    def related(self, part: str, type_suffix: str, default: str) -> str | None:
        """Name of the part related to `part` by a relationship type ending in `type_suffix`.

        Falls back to the conventional name `default` when no relationship
        says otherwise; None when neither exists.
        """
        for rel_type, name in self.relationships(part):
            if rel_type.endswith(type_suffix) and self.has(name):
                return name
        return default if self.has(default) else None

    def related_xml(self, type_suffix: str, default: str) -> etree._Element | None:
        """Parsed part related to the main document (styles, numbering, footnotes, comments), or None.

        E.g. `Styles(pkg.related_xml("/styles", "word/styles.xml"))`.
        """
        name = self.related(self.main_part, type_suffix, default)
        return self.xml(name) if name is not None else None

    def _find_main_part(self) -> str:
        name = self.related("", _REL_OFFICE_DOCUMENT, "word/document.xml")
        if name is None:
            raise InputError(
                self.path,
                "not a Word document: the zip archive has no word/document.xml",
                "is it another kind of zip file, e.g. an .xlsx or .pptx? " + _SAVE_AS_DOCX,
            )
        return name


# --- numbering ---------------------------------------------------------------------


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
    text_el = el.find(qn("w:lvlText"))
    return _Level(
        start=as_int(w_attr(el.find(qn("w:start")))) or 0,
        fmt=(w_attr(el.find(qn("w:numFmt"))) or "decimal"),
        text=(w_attr(text_el) or "") if text_el is not None else "",
        restart=as_int(w_attr(el.find(qn("w:lvlRestart")))),
        is_lgl=bool(on_off(el.find(qn("w:isLgl")))),
        pstyle=w_attr(el.find(qn("w:pStyle"))),
    )


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
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"
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

        label = re.sub(r"%([1-9])", placeholder, level.text)
        return label if label.strip() else None


def paragraph_numbering(p: etree._Element, styles: Styles, numbering: Numbering) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph: its own `w:numPr`, else its style's; None for numId 0 or none.

    The level is the paragraph's own `w:ilvl`; failing that, the level of the
    list that names the paragraph's style in `w:pStyle` (which the standard
    puts before the style's own `w:ilvl`); then the style's `w:ilvl`; then 0.
    """
    numpr = find_path(p, "w:pPr", "w:numPr")
    num_id = w_attr(find_path(numpr, "w:numId"))
    ilvl = as_int(w_attr(find_path(numpr, "w:ilvl")))
    style_id = styles.paragraph_style_id(p)
    style_ilvl: int | None = None
    for style in styles.chain(style_id):
        style_numpr = find_path(style.ppr, "w:numPr") if style.ppr is not None else None
        style_num = w_attr(find_path(style_numpr, "w:numId"))
        if style_num is not None:
            style_ilvl = as_int(w_attr(find_path(style_numpr, "w:ilvl")))
            if num_id is None:
                num_id = style_num
            break
    if num_id is None or num_id.strip() == "0":
        return None
    num_id = num_id.strip()
    if ilvl is None:
        linked = numbering.level_for_style(num_id, style_id)
        ilvl = linked if linked is not None else style_ilvl or 0
    return num_id, ilvl


# --- text assembly -----------------------------------------------------------------


def _spans(ranges: Sequence[tuple[int, int]], text: str, style: str) -> list[Emphasis]:
    """Merge formatted ranges into `Emphasis` spans.

    Ranges separated only by whitespace are merged (a plain space between
    two italic runs is common and meaningless), and each span is trimmed of
    surrounding whitespace so it starts and ends on a visible character.
    """
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[Emphasis] = []
    for start, end in merged:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Emphasis(start, end, style))
    return out


@dataclass
class _Assembled:
    text: str
    emphasis: list[Emphasis]
    refs: list[tuple[int, int]]  # (footnote xml id, offset)


def _assemble(pieces: Iterable[VisiblePiece]) -> _Assembled:
    parts: list[str] = []
    italic: list[tuple[int, int]] = []
    bold: list[tuple[int, int]] = []
    refs: list[tuple[int, int]] = []
    offset = 0
    for piece in pieces:
        if piece.footnote_id is not None:
            refs.append((piece.footnote_id, offset))
            continue
        end = offset + len(piece.text)
        if piece.italic:
            italic.append((offset, end))
        if piece.bold:
            bold.append((offset, end))
        parts.append(piece.text)
        offset = end
    text = "".join(parts)
    emphasis = sorted(_spans(italic, text, "italic") + _spans(bold, text, "bold"), key=lambda e: e.start)
    return _Assembled(text, emphasis, refs)


def _strip(assembled: _Assembled) -> _Assembled:
    """Trim surrounding whitespace (the space after a footnote mark), shifting offsets."""
    text = assembled.text
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    emphasis = [
        Emphasis(max(e.start - lead, 0), min(e.end - lead, len(stripped)), e.style)
        for e in assembled.emphasis
        if min(e.end - lead, len(stripped)) > max(e.start - lead, 0)
    ]
    refs = [(fid, min(max(off - lead, 0), len(stripped))) for fid, off in assembled.refs]
    return _Assembled(stripped, emphasis, refs)


def _read_blocks(paras: Sequence[etree._Element], styles: Styles) -> list[tuple[list[int], _Assembled]]:
    """Logical paragraphs of a part with their assembled text."""
    out = []
    for group in logical_paragraphs(paras, styles):
        pieces = [piece for i in group for piece in iter_visible_runs(paras[i], styles)]
        out.append((group, _assemble(pieces)))
    return out


def _join(blocks: Sequence[_Assembled]) -> _Assembled:
    """Join several paragraphs (of a footnote or comment) with newlines."""
    texts: list[str] = []
    emphasis: list[Emphasis] = []
    refs: list[tuple[int, int]] = []
    offset = 0
    for i, block in enumerate(blocks):
        if i:
            texts.append("\n")
            offset += 1
        texts.append(block.text)
        emphasis += [Emphasis(e.start + offset, e.end + offset, e.style) for e in block.emphasis]
        refs += [(fid, off + offset) for fid, off in block.refs]
        offset += len(block.text)
    return _Assembled("".join(texts), emphasis, refs)


# --- styles and headings ---------------------------------------------------------------

_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)


def heading_level(p: etree._Element, styles: Styles, style_id: str | None) -> int | None:
    """Heading level: direct `w:outlineLvl`, else "Heading N"/"Title" names, else the style outline level."""
    direct = as_int(w_attr(find_path(p, "w:pPr", "w:outlineLvl")))
    if direct is not None:
        return direct + 1 if 0 <= direct <= 8 else None
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


# --- the reader ----------------------------------------------------------------------

_SEPARATOR_TYPES = frozenset({"separator", "continuationSeparator", "continuationNotice"})


def _read_comments(root: etree._Element | None, styles: Styles) -> dict[int, str]:
    comments: dict[int, str] = {}
    if root is None:
        return comments
    for comment in root.iterchildren(qn("w:comment")):
        cid = as_int(w_attr(comment, "id"))
        if cid is None:
            continue
        paras = list(comment.iter(qn("w:p")))
        comments[cid] = _join([block for _, block in _read_blocks(paras, styles)]).text.strip()
    return comments


def _read_footnotes(
    root: etree._Element | None, styles: Styles, path: str, number_of: Callable[[int], int]
) -> list[RawFootnote]:
    """Footnotes in display-number order; `number_of` maps an xml id to its display number."""
    footnotes: list[RawFootnote] = []
    if root is None:
        return footnotes
    real = [
        el
        for el in root.iterchildren(qn("w:footnote"))
        if w_attr(el, "type") not in _SEPARATOR_TYPES and as_int(w_attr(el, "id")) is not None
    ]
    seen: set[int] = set()
    for index, el in enumerate(real):
        xml_id = as_int(w_attr(el, "id"))
        assert xml_id is not None
        if xml_id in seen:
            continue
        seen.add(xml_id)
        paras = list(el.iter(qn("w:p")))
        content = _strip(_join([block for _, block in _read_blocks(paras, styles)]))
        footnotes.append(
            RawFootnote(
                number=number_of(xml_id),
                text=content.text,
                emphasis=content.emphasis,
                location=Location(path=path, part="footnotes", index=index),
                xml_id=xml_id,
            )
        )
    return sorted(footnotes, key=lambda f: f.number)


def read_docx(path: str | os.PathLike[str]) -> RawDocument:
    """Read a .docx draft as it reads with all tracked changes accepted.

    Paragraph `Location.index` is the position of the paragraph's first
    `w:p` in `ooxml.body_paragraphs(document)`. Raises `InputError` for a
    file that is not a readable .docx.
    """
    str_path = os.fspath(path)
    with DocxPackage(path) as pkg:
        document = pkg.xml(pkg.main_part)
        assert document is not None  # the package checked the part exists
        if document.tag != qn("w:document"):
            if document.tag == f"{{{STRICT_W_NS}}}document":
                raise InputError(
                    str_path,
                    "saved in Strict Open XML format, which resdraft cannot read",
                    "save it as a Word Document (.docx), not Strict Open XML",
                )
            raise InputError(str_path, f"{pkg.main_part} is not a WordprocessingML document", _SAVE_AS_DOCX)
        styles = Styles(pkg.related_xml(_REL_STYLES, "word/styles.xml"))
        numbering = Numbering(pkg.related_xml(_REL_NUMBERING, "word/numbering.xml"), styles)
        footnotes_root = pkg.related_xml(_REL_FOOTNOTES, "word/footnotes.xml")
        comments = _read_comments(pkg.related_xml(_REL_COMMENTS, "word/comments.xml"), styles)

    diagnostics: list[Diagnostic] = []
    footnote_numbers: dict[int, int] = {}

    def number_of(xml_id: int) -> int:
        if xml_id not in footnote_numbers:
            footnote_numbers[xml_id] = len(footnote_numbers) + 1
        return footnote_numbers[xml_id]

    paras = body_paragraphs(document)
    paragraphs: list[RawParagraph] = []
    undefined_lists: set[str] = set()
    for group, content in _read_blocks(paras, styles):
        head = paras[group[0]]
        style_id = styles.paragraph_style_id(head)
        location = Location(path=str_path, part="document", index=group[0])
        auto_number = None
        numbered = paragraph_numbering(head, styles, numbering)
        if numbered is not None:
            auto_number = numbering.next_label(*numbered)
            if not numbering.defines(numbered[0]) and numbered[0] not in undefined_lists:
                undefined_lists.add(numbered[0])
                diagnostics.append(
                    Diagnostic(
                        code="numbering-undefined",
                        message=f"paragraph uses list numId {numbered[0]}, which numbering.xml does not"
                        " define; Word shows no number",
                        location=location,
                        severity="warning",
                    )
                )
        paragraphs.append(
            RawParagraph(
                text=content.text,
                emphasis=content.emphasis,
                footnote_refs=[FootnoteRef(number_of(fid), off) for fid, off in content.refs],
                auto_number=auto_number,
                style=styles.name(style_id),
                heading_level=heading_level(head, styles, style_id),
                location=location,
                comments=[comments[c] for c in comment_ids(paras[i] for i in group) if c in comments],
            )
        )

    footnotes = _read_footnotes(footnotes_root, styles, str_path, number_of)
    revisions = count_revisions(document) + count_revisions(footnotes_root)
    if revisions:
        diagnostics.insert(
            0,
            Diagnostic(
                code="tracked-changes",
                message=f"the document has tracked changes: read as if all {revisions} tracked changes"
                " were accepted",
                location=Location(path=str_path, part="document"),
                severity="info",
            ),
        )
    return RawDocument(
        path=str_path,
        format="docx",
        paragraphs=paragraphs,
        footnotes=footnotes,
        diagnostics=diagnostics,
        had_tracked_changes=revisions > 0,
    )
