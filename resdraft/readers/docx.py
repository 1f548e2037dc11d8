"""Read a Word .docx draft into a `RawDocument`, as a reader sees it with all changes accepted.

The package is read with `zipfile` and every part is parsed with the safe
parser of `ooxml`, so this module needs no python-docx (whose
`Paragraph.text` misses text inside `w:ins`). What Word computes rather than
stores is recomputed here: the numbers of automatically numbered paragraphs
(`numbering.xml`), footnote display numbers (order of first reference) and
effective italic/bold through styles.
"""

from __future__ import annotations

import io
import lzma
import os
import posixpath
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import unquote

from lxml import etree

from resdraft.errors import InputError, LimitExceeded
from resdraft.limits import MB, Limits, default_limits
from resdraft.model import (
    Diagnostic,
    Emphasis,
    FootnoteRef,
    Location,
    RawDocument,
    RawFootnote,
    RawParagraph,
    Revision,
)
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

_REL_OFFICE_DOCUMENT = "/officeDocument"
_REL_STYLES = "/styles"
_REL_NUMBERING = "/numbering"
_REL_FOOTNOTES = "/footnotes"
_REL_COMMENTS = "/comments"
_REL_SETTINGS = "/settings"
_SAVE_AS_DOCX = "open it in Word or LibreOffice and save it as a Word .docx document"
_RESEND = "the file was probably cut off while being sent or saved; ask for it again, or re-save it in Word"
_CHUNK = 1024 * 1024
_UNCOUNTED_PART_BYTES = 64 * 1024
# What zipfile raises on a damaged archive or entry, beyond BadZipFile (found by fuzzing).
_ZIP_DAMAGE = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, OverflowError,
               struct.error, IndexError, KeyError, lzma.LZMAError)


def _target_part(folder: str, target: str) -> str:
    """Part name of a relationship target: absolute ("/word/x.xml") or relative to the source's folder."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size >= MB else f"{size:,} bytes"


# --- the package -------------------------------------------------------------------


class DocxPackage:
    """A .docx opened as a zip: parts by name, their relationships, parsed XML.

    Every failure a user can fix (not a zip, a truncated zip, no document
    part, a corrupt or malformed part, a part too large for `limits`) is
    raised as `InputError`; a missing optional part is None. Sizes are
    checked against `limits` twice: as the zip directory declares them,
    before anything is unpacked, and as the bytes actually come out of the
    decompressor, so a header that lies about a part's size cannot make the
    reader inflate more than the limit.
    """

    def __init__(self, path: str | os.PathLike[str] | bytes, limits: Limits | None = None) -> None:
        self._data = bytes(path) if isinstance(path, (bytes, bytearray)) else None
        self.path = "<bytes>" if self._data is not None else os.fspath(path)  # type: ignore[arg-type]
        self.limits = limits if limits is not None else default_limits()
        self._unpacked = 0  # bytes inflated so far, over all parts read
        self._elements = 0  # XML elements parsed so far (estimated before parsing)
        self._rels: dict[str, list[tuple[str, str]]] = {}
        try:
            size = len(self._data) if self._data is not None else os.path.getsize(self.path)
        except FileNotFoundError:
            raise InputError(self.path, "file not found") from None
        except OSError as exc:
            raise InputError(self.path, f"cannot open the file ({exc.strerror or exc})") from None
        if size > self.limits.max_docx_bytes:
            raise self._limit("max_docx_bytes", f"the file is {_mb(size)}")
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(self._data) if self._data is not None else self.path)
        except FileNotFoundError:
            raise InputError(self.path, "file not found") from None
        except (*_ZIP_DAMAGE, NotImplementedError) as exc:
            raise self._not_a_zip(exc) from None
        except OSError as exc:
            raise InputError(self.path, f"cannot open the file ({exc.strerror or exc})") from None
        try:
            self._index()
            self.main_part = self._find_main_part()
        except BaseException:
            self._zip.close()
            raise

    def _index(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > self.limits.max_zip_entries:
            raise self._limit("max_zip_entries", f"the zip archive has {len(infos):,} entries")
        declared = sum(info.file_size for info in infos)
        if declared > self.limits.max_docx_bytes:
            raise self._limit("max_docx_bytes", f"the zip archive declares {_mb(declared)} unpacked")
        # Part names in a package are case-insensitive; some writers add a leading "/".
        self._names = {info.filename.lstrip("/").lower(): info for info in infos}

    def _not_a_zip(self, exc: BaseException) -> InputError:
        """Name what a file that zipfile cannot open really is (only on this failure path: no cost otherwise)."""
        from resdraft.readers.sniff import Sniffed, refuse, sniff

        try:
            if self._data is not None:
                sniffed = Sniffed("zip" if self._data.startswith(b"PK") else "binary", size=len(self._data))
            else:
                sniffed = sniff(self.path)
        except InputError as error:
            return error
        if sniffed.kind == "zip":
            reason = _reason(exc)
            detail = "its directory at the end is missing" if reason == "File is not a zip file" else reason
            return InputError(self.path, f"damaged or truncated .docx: the zip archive is incomplete, {detail}",
                              _RESEND)
        named = refuse(self.path, sniffed, "docx")
        if named is not None and not (sniffed.kind == "ole" and not sniffed.detail):
            return named
        return InputError(
            self.path,
            "not a Word .docx file (not a zip archive)",
            "an old .doc, an RTF or a password-protected file? " + _SAVE_AS_DOCX,
        )

    def _limit(self, field_name: str, found: str) -> LimitExceeded:
        env = self.limits.env_name(field_name)
        what = {
            "max_docx_bytes": "unpacked size of the .docx",
            "max_part_bytes": "unpacked size of one part",
            "max_zip_entries": "number of zip entries",
            "max_xml_elements": "number of XML elements",
        }.get(field_name, field_name)
        return LimitExceeded(
            self.path,
            f"{found}, more than the limit of {self.limits.describe(field_name)} for the {what}",
            f"a zip bomb or a damaged file? if the draft is genuine, raise the limit with {env}",
            limit=field_name,
            env=env,
        )

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
        """Bytes of part `name`, or None when the package has no such part.

        The part is inflated in chunks and the bytes counted as they come:
        more than `limits.max_part_bytes` for the part, or than
        `limits.max_docx_bytes` over all parts read, stops the reading.
        """
        info = self._names.get(name.lstrip("/").lower())
        if info is None:
            return None
        return self.read_info(info)

    def read_info(self, info: zipfile.ZipInfo) -> bytes:
        """Bytes of the entry `info`, inflated in chunks under the limits (see `read`)."""
        name = info.filename
        limits = self.limits
        if info.file_size > limits.max_part_bytes:
            raise self._limit("max_part_bytes", f"{name} declares {_mb(info.file_size)} unpacked")
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > limits.max_part_bytes:
                        raise self._limit("max_part_bytes", f"{name} unpacks to at least {_mb(size)}")
                    if self._unpacked + size > limits.max_docx_bytes:
                        raise self._limit("max_docx_bytes", f"the parts read unpack to at least"
                                          f" {_mb(self._unpacked + size)}")
                    chunks.append(chunk)
        except LimitExceeded:
            raise
        except RuntimeError:  # an entry encrypted with a zip password
            raise InputError(self.path, f"{name} is encrypted with a zip password",
                             "Word never writes such files; " + _SAVE_AS_DOCX) from None
        except NotImplementedError as exc:
            raise InputError(self.path, f"cannot unpack {name}: {_reason(exc)}", _SAVE_AS_DOCX) from None
        except (*_ZIP_DAMAGE, OSError) as exc:  # bz2 reports damaged data as OSError
            raise InputError(self.path, f"damaged or truncated .docx: cannot unpack {name} ({_reason(exc)})",
                             _RESEND) from None
        self._unpacked += size
        return b"".join(chunks)

    def entries(self) -> list[tuple[str, bytes]]:
        """Every file entry of the zip, in zip order, as (stored name, bytes), under the same limits as `read`.

        For code that rewrites the package (the redliner) and so must hold
        every entry: call this instead of `ZipFile.read` on each name, so a
        bomb in a part the reader never looks at is refused as well.
        """
        out: list[tuple[str, bytes]] = []
        for info in self._zip.infolist():
            if info.is_dir():
                continue
            data = self.read_info(info)
            out.append((info.filename, data))
        return out

    def parse(self, name: str, data: bytes) -> etree._Element:
        """Parse the bytes of part `name` with the safe parser; every failure is an `InputError`."""
        # An element costs ~130 bytes once parsed: count start tags before paying for them. A small
        # part is not counted but charged its upper bound (the smallest element, "<a/>", is 4 bytes).
        small = len(data) <= _UNCOUNTED_PART_BYTES
        elements = len(data) // 4 if small else data.count(b"<") - data.count(b"</")
        if self._elements + elements > self.limits.max_xml_elements:
            raise self._limit("max_xml_elements", f"{name} has about {elements:,} XML elements")
        self._elements += elements
        try:
            return parse_xml(data)
        except UnsafeXMLError:
            raise self._unsafe(name) from None
        except etree.XMLSyntaxError as exc:
            message = _reason(exc) if str(exc) else "syntax error"
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                raise self._unsafe(name) from None  # e.g. "entity amplification" before the DOCTYPE check
            if "Text node too long" in message or "huge text node" in message:
                raise InputError(self.path, f"{name} has a run of text longer than 10,000,000 bytes, more than"
                                 " resdraft reads", "split the paragraph") from None
            if "Excessive depth" in message:
                raise InputError(self.path, f"{name} nests XML elements more than 256 levels deep, which Word"
                                 " never writes", "the file was not saved by a word processor; "
                                 + _SAVE_AS_DOCX) from None
            raise InputError(self.path, f"malformed XML in {name}: {message}", _SAVE_AS_DOCX) from None
        except (ValueError, UnicodeError) as exc:  # e.g. an unsupported encoding declaration
            raise InputError(self.path, f"malformed XML in {name}: {_reason(exc)}", _SAVE_AS_DOCX) from None

    def _unsafe(self, name: str) -> InputError:
        return InputError(
            self.path,
            f"unsafe XML in {name}: it declares a DOCTYPE, which Word never writes",
            "the file was not saved by a word processor; " + _SAVE_AS_DOCX,
        )

    def xml(self, name: str) -> etree._Element | None:
        """Parsed root of part `name` (safe parser), or None when the part is missing."""
        data = self.read(name)
        if data is None:
            return None
        return self.parse(name, data)

    def relationships(self, part: str) -> list[tuple[str, str]]:
        """(type, target part name) of the internal relationships of `part` ("" = the package)."""
        cached = self._rels.get(part)
        if cached is not None:
            return cached
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        root = self.xml(rels_name)
        out: list[tuple[str, str]] = []
        if root is not None:
            for rel in root.iter(f"{{{NS['pr']}}}Relationship"):
                target = rel.get("Target")
                if not target or rel.get("TargetMode") == "External":
                    continue
                out.append((rel.get("Type") or "", _target_part(folder, unquote(target))))
        self._rels[part] = out
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

    def styles(self) -> Styles:
        """The document's styles, shared with earlier reads of the same styles.xml.

        "The same" is decided on the entry's stored (still compressed) bytes,
        its compression method and flags: equal stored bytes inflate to equal
        bytes, and the copy in the cache was inflated, CRC-checked and parsed
        in full when it was first read. So a draft made from the same template
        as an earlier one skips inflating and parsing the part (often 300 KB).
        """
        name = self.related(self.main_part, _REL_STYLES, "word/styles.xml")
        info = self._names.get(name.lstrip("/").lower()) if name is not None else None
        if info is None:
            return Styles(None)
        stored = self._stored_bytes(info)
        key = (info.compress_type, info.flag_bits, info.file_size, info.CRC, stored) if stored is not None else None
        cached = _STYLES_CACHE.get(key) if key is not None else None
        if cached is not None:
            self._unpacked += info.file_size
            return cached
        cached = Styles(self.parse(info.filename, self.read_info(info)))
        if key is not None:
            with _STYLES_LOCK:
                _STYLES_CACHE[key] = cached
                while len(_STYLES_CACHE) > _STYLES_CACHE_SIZE:
                    _STYLES_CACHE.pop(next(iter(_STYLES_CACHE)))
        return cached

    def _stored_bytes(self, info: zipfile.ZipInfo) -> bytes | None:
        """The entry's data as stored in the zip (compressed), or None when it cannot be located."""
        if info.compress_size > self.limits.max_part_bytes:
            return None
        try:
            with (io.BytesIO(self._data) if self._data is not None else open(self.path, "rb")) as handle:
                handle.seek(info.header_offset)
                header = handle.read(30)
                if len(header) != 30 or header[:4] != b"PK\x03\x04":
                    return None
                name_length, extra_length = struct.unpack("<HH", header[26:30])
                handle.seek(info.header_offset + 30 + name_length + extra_length)
                stored = handle.read(info.compress_size)
        except (OSError, ValueError, struct.error):
            return None
        return stored if len(stored) == info.compress_size else None

    def _find_main_part(self) -> str:
        name = self.related("", _REL_OFFICE_DOCUMENT, "word/document.xml")
        if name is None:
            seems = self._what_it_seems()
            raise InputError(
                self.path,
                "not a Word document: the zip archive has no word/document.xml"
                + (f"; it looks like {seems}" if seems else ""),
                ("give the draft as a .docx; " if seems else "is it another kind of zip file, e.g. an .xlsx or .pptx? ")
                + _SAVE_AS_DOCX,
            )
        return name

    def _what_it_seems(self) -> str:
        """What a zip without a Word document holds, from `mimetype` (OpenDocument) or `[Content_Types].xml`."""
        kinds = (
            ("spreadsheetml", "an Excel workbook (.xlsx)"),
            ("presentationml", "a PowerPoint presentation (.pptx)"),
            ("opendocument.text", "an OpenDocument text (.odt)"),
            ("opendocument.spreadsheet", "an OpenDocument spreadsheet (.ods)"),
            ("opendocument.presentation", "an OpenDocument presentation (.odp)"),
            ("epub", "an e-book (.epub)"),
            ("ms-xpsdocument", "an XPS document (.xps)"),
            ("visio", "a Visio drawing (.vsdx)"),
        )
        for name in ("mimetype", "[Content_Types].xml"):
            try:
                data = self.read(name) if self.has(name) else None
            except InputError:
                data = None
            text = (data or b"")[:65536].decode("utf-8", "replace").lower()
            for marker, what in kinds:
                if marker in text:
                    return what
        if any(n.startswith("xl/") for n in self._names):
            return "an Excel workbook (.xlsx)"
        if any(n.startswith("ppt/") for n in self._names):
            return "a PowerPoint presentation (.pptx)"
        return ""


def _reason(exc: BaseException) -> str:
    """A one-line reason from an exception, without the paths and newlines some messages carry."""
    text = _LXML_WHERE.sub("", " ".join(str(exc).split())) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


_LXML_WHERE = re.compile(r" \(<string>, line \d+\)$")

#: Parsed styles by the stored bytes of styles.xml (see `DocxPackage.styles`). Drafts of one assembly
#: share a template, so a lint over a folder or a compare of two versions parses the part once.
_STYLES_CACHE: dict[tuple[int, int, int, int, bytes], Styles] = {}
_STYLES_CACHE_SIZE = 8
_STYLES_LOCK = threading.Lock()


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
    numpr = find_path(p, "w:pPr", "w:numPr")
    num_id = w_attr(find_path(numpr, "w:numId"))
    ilvl = as_int(w_attr(find_path(numpr, "w:ilvl")))
    style_id = styles.paragraph_style_id(p)
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


def _style_numbering(styles: Styles, style_id: str | None) -> tuple[str | None, int | None]:
    """(numId, ilvl) that the style chain of `style_id` gives, the nearest style with a numId winning."""
    for style in styles.chain(style_id):
        style_numpr = find_path(style.ppr, "w:numPr") if style.ppr is not None else None
        style_num = w_attr(find_path(style_numpr, "w:numId"))
        if style_num is not None:
            return style_num, as_int(w_attr(find_path(style_numpr, "w:ilvl")))
    return None, None


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


_INS_TAGS = frozenset({qn("w:ins"), qn("w:moveTo")})
_DEL_TAGS = frozenset({qn("w:del"), qn("w:moveFrom")})
_REVISION_TAGS = _INS_TAGS | _DEL_TAGS


def paragraph_revisions(paras: Sequence[etree._Element], styles: Styles) -> list[Revision]:
    """The pending revisions of one logical paragraph, with offsets in its visible text (marks not counted).

    Callers that must not disturb other authors' changes (compare, merge,
    carry-over) need to know where those changes are; the text alone hides it.
    """
    if not any(True for p in paras for _ in p.iter(*_REVISION_TAGS)):
        return []
    out: list[Revision] = []
    offset = 0
    for p in paras:
        length: dict[etree._Element, int] = {}  # visible run -> its visible characters
        for piece in iter_visible_runs(p, styles):
            length[piece.run] = length.get(piece.run, 0) + len(piece.text)
        inside: etree._Element | None = None  # the revision element being walked
        marks: list[tuple[str, str, str | None]] = []
        for node in p.iter():
            if inside is not None and not _is_within(node, inside):
                inside = None
            if node.tag in _REVISION_TAGS and inside is None:
                author, date = node.get(qn("w:author"), ""), node.get(qn("w:date"))
                parent = node.getparent()
                if parent is not None and parent.tag == qn("w:rPr"):
                    if parent.getparent() is not None and parent.getparent().tag == qn("w:pPr"):
                        kind = "mark-ins" if node.tag in _INS_TAGS else "mark-del"
                        marks.append((kind, author, date))
                    continue
                size = sum(length.get(r, 0) for r in node.iter(qn("w:r")))
                kind = "ins" if node.tag in _INS_TAGS else "del"
                out.append(Revision(kind, author, date, offset, offset + (size if kind == "ins" else 0)))
                inside = node
            if node in length:
                offset += length[node]
        out.extend(Revision(kind, author, date, offset, offset) for kind, author, date in marks)
    return sorted(out, key=lambda r: (r.start, r.end))


def _is_within(node: etree._Element, ancestor: etree._Element) -> bool:
    return any(a is ancestor for a in node.iterancestors())


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


def heading_level(p: etree._Element, styles: Styles, style_id: str | None,
                  cache: dict[str | None, int | None] | None = None) -> int | None:
    """Heading level: direct `w:outlineLvl`, else "Heading N"/"Title" names, else the style outline level.

    `cache` memoises the part that depends on the style alone, across the paragraphs of a read.
    """
    direct = as_int(w_attr(find_path(p, "w:pPr", "w:outlineLvl")))
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


def _footnote_start(document: etree._Element, settings: etree._Element | None) -> int:
    """The number of the first footnote: `w:footnotePr/w:numStart` of the body's section, else of the
    settings, else 1 (an annex excerpted from a report may start its notes at 10)."""
    for holder in (find_path(document, "w:body", "w:sectPr", "w:footnotePr"), find_path(settings, "w:footnotePr")):
        start = as_int(w_attr(find_path(holder, "w:numStart")))
        if start is not None and 0 <= start <= 10_000:
            return start
    return 1


def read_docx(path: str | os.PathLike[str], *, limits: Limits | None = None) -> RawDocument:
    """Read a .docx draft as it reads with all tracked changes accepted.

    Paragraph `Location.index` is the position of the paragraph's first
    `w:p` in `ooxml.body_paragraphs(document)`. Raises `InputError` for a
    file that is not a readable .docx, `LimitExceeded` (an `InputError`) for
    one larger than `limits` (default: `limits.default_limits()`).
    """
    str_path = os.fspath(path)
    limits = limits if limits is not None else default_limits()
    with DocxPackage(path, limits) as pkg:
        document = pkg.xml(pkg.main_part)
        assert document is not None  # the package checked the part exists
        if document.tag != qn("w:document"):
            if document.tag == f"{{{STRICT_W_NS}}}document":
                raise InputError(
                    str_path,
                    "saved in Strict Open XML format, which resdraft cannot read",
                    "in Word, save it as Word Document, not Strict Open XML Document",
                )
            raise InputError(str_path, f"{pkg.main_part} is not a WordprocessingML document", _SAVE_AS_DOCX)
        styles = pkg.styles()
        numbering = Numbering(pkg.related_xml(_REL_NUMBERING, "word/numbering.xml"), styles)
        footnotes_root = pkg.related_xml(_REL_FOOTNOTES, "word/footnotes.xml")
        comments = _read_comments(pkg.related_xml(_REL_COMMENTS, "word/comments.xml"), styles)
        first_footnote = _footnote_start(document, pkg.related_xml(_REL_SETTINGS, "word/settings.xml")
                                         if footnotes_root is not None else None)

    diagnostics: list[Diagnostic] = []
    footnote_numbers: dict[int, int] = {}

    def number_of(xml_id: int) -> int:
        if xml_id not in footnote_numbers:
            footnote_numbers[xml_id] = len(footnote_numbers) + first_footnote
        return footnote_numbers[xml_id]

    paras = body_paragraphs(document)
    if len(paras) > limits.max_paragraphs:
        from resdraft.readers.markdown import too_many_paragraphs

        raise too_many_paragraphs(str_path, limits)
    paragraphs: list[RawParagraph] = []
    undefined_lists: set[str] = set()
    heading_cache: dict[str | None, int | None] = {}
    style_numbering: dict[str | None, tuple[str | None, int | None]] = {}
    for group, content in _read_blocks(paras, styles):
        head = paras[group[0]]
        if len(content.text) > limits.max_paragraph_chars:
            from resdraft.readers.markdown import paragraph_too_long

            raise paragraph_too_long(str_path, limits, len(content.text), f"position {group[0]}")
        style_id = styles.paragraph_style_id(head)
        location = Location(path=str_path, part="document", index=group[0])
        auto_number = None
        list_level = None
        numbered = paragraph_numbering(head, styles, numbering, style_numbering)
        if numbered is not None:
            auto_number = numbering.next_label(*numbered)
            list_level = numbered[1] if auto_number else None
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
                heading_level=heading_level(head, styles, style_id, heading_cache),
                location=location,
                comments=[comments[c] for c in comment_ids(paras[i] for i in group) if c in comments],
                list_level=list_level,
                revisions=paragraph_revisions([paras[i] for i in group], styles),
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
