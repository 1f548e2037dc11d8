"""The one .docx package class: read under the limits, give parts and relationships, save deterministically.

Every reader of a .docx (the reader, the redliner, compare, merge) opens it
here, so the hardening is in one place: sizes are checked against
`resdraft.limits` twice, as the zip directory declares them before anything
is unpacked and as the bytes actually come out of the decompressor (a header
that lies cannot make it inflate more than the limit); XML elements are
counted before they are parsed, with the safe parser. Every failure a user
can fix is an `InputError` with a remedy.

Parts are read lazily and only once; only the parts a caller changed are
serialised again, and `save` writes the zip with fixed timestamps in a stable
order, so equal inputs give byte-identical output.
"""

from __future__ import annotations

import io
import lzma
import os
import posixpath
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from types import TracebackType
from urllib.parse import unquote

from lxml import etree

from resdraft.errors import InputError, LimitExceeded
from resdraft.limits import MB, Limits, default_limits
from resdraft.ooxml.later_children import serialise_with_children
from resdraft.ooxml.namespaces import CT_NS, PR_NS
from resdraft.ooxml.refusals import RESEND, SAVE_AS_DOCX, limit_exceeded, not_a_zip, what_it_seems
from resdraft.ooxml.refusals import reason as _reason
from resdraft.ooxml.safexml import UnsafeXMLError, parse_xml
from resdraft.ooxml.styles import Styles

__all__ = ["Package"]

_CHUNK = 1024 * 1024
_UNCOUNTED_PART_BYTES = 64 * 1024
# What zipfile raises on a damaged archive or entry, beyond BadZipFile (found by fuzzing).
_ZIP_DAMAGE = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, OverflowError,
               struct.error, IndexError, KeyError, lzma.LZMAError)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_CONTENT_TYPES = "[Content_Types].xml"
_RELATIONSHIP = f"{{{PR_NS}}}Relationship"


def _target_part(folder: str, target: str) -> str:
    """Part name of a relationship target: absolute ("/word/x.xml") or relative to the source's folder."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size >= MB else f"{size:,} bytes"


def _element_estimate(data: bytes) -> int:
    """The elements a part's bytes hold, as charged against `limits.max_xml_elements` before parsing.

    An element costs ~130 bytes once parsed: count start tags before paying for them. A small
    part is not counted but charged its upper bound (the smallest element, "<a/>", is 4 bytes).
    """
    if len(data) <= _UNCOUNTED_PART_BYTES:
        return len(data) // 4
    return data.count(b"<") - data.count(b"</")


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class Package:
    """A .docx: parts by name (case-insensitive), their relationships, parsed XML on demand, `save()` to bytes.

    `source` is a path or the file's bytes. A missing optional part is None;
    everything else that goes wrong is an `InputError` (`LimitExceeded` for a
    file larger than `limits`, default `limits.default_limits()`).
    """

    def __init__(self, source: str | os.PathLike[str] | bytes, limits: Limits | None = None) -> None:
        given = isinstance(source, (bytes, bytearray))
        self._from_bytes = given
        self.path = "<bytes>" if given else os.fspath(source)  # type: ignore[arg-type]
        self.limits = limits if limits is not None else default_limits()
        self._unpacked = 0  # bytes inflated so far, over all parts read
        self._elements = 0  # XML elements parsed so far (estimated before parsing)
        self._rels: dict[str, list[tuple[str, str]]] = {}
        self._xml: dict[str, etree._Element] = {}  # parsed parts, by stored name
        self._data: dict[str, bytes] = {}  # bytes of parts read or added, by stored name
        self._dirty: set[str] = set()  # parts to serialise again on save
        self._later: dict[str, Callable[[], Iterator[etree._Element]]] = {}  # children made at save (`add_later`)
        try:
            size = len(source) if given else os.path.getsize(self.path)  # type: ignore[arg-type]
        except FileNotFoundError:
            raise InputError(self.path, "file not found") from None
        except OSError as exc:
            raise InputError(self.path, f"cannot open the file ({exc.strerror or exc})") from None
        if size > self.limits.max_docx_bytes:
            raise self._limit("max_docx_bytes", f"the file is {_mb(size)}")
        try:
            # Held in memory (no more than the limit): no file handle stays open, and the file may be replaced.
            if given:
                self._raw = bytes(source)  # type: ignore[arg-type]
            else:
                with open(self.path, "rb") as handle:
                    self._raw = handle.read()
            self._zip = zipfile.ZipFile(io.BytesIO(self._raw))
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
        #: The main part as stored in the zip (the redliner's name for `main_part`).
        self.main = self.name(self.main_part) or self.main_part

    def _index(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > self.limits.max_zip_entries:
            raise self._limit("max_zip_entries", f"the zip archive has {len(infos):,} entries")
        declared = sum(info.file_size for info in infos)
        if declared > self.limits.max_docx_bytes:
            raise self._limit("max_docx_bytes", f"the zip archive declares {_mb(declared)} unpacked")
        # Part names in a package are case-insensitive; some writers add a leading "/".
        self._names = {info.filename.lstrip("/").lower(): info for info in infos}
        files = [info for info in infos if not info.is_dir()]
        self._order = [info.filename for info in files]  # zip order, the order `save` keeps
        self._infos = {info.filename: info for info in files}
        self._lower = {info.filename.lstrip("/").lower(): info.filename for info in files}

    def _not_a_zip(self, exc: BaseException) -> InputError:
        return not_a_zip(self.path, self._raw if self._from_bytes else None, exc)

    def _limit(self, field_name: str, found: str) -> LimitExceeded:
        return limit_exceeded(self.path, self.limits, field_name, found)

    def __enter__(self) -> Package:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the zip; parts already read or parsed stay available."""
        self._zip.close()

    # -- reading, under the limits -----------------------------------------------------

    def has(self, name: str) -> bool:
        key = name.lstrip("/").lower()
        return key in self._names or key in self._lower

    def name(self, part: str) -> str | None:
        """The stored spelling of a part name (names are case-insensitive in a package), or None."""
        return self._lower.get(part.lstrip("/").lower())

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
                             "Word never writes such files; " + SAVE_AS_DOCX) from None
        except NotImplementedError as exc:
            raise InputError(self.path, f"cannot unpack {name}: {_reason(exc)}", SAVE_AS_DOCX) from None
        except (*_ZIP_DAMAGE, OSError) as exc:  # bz2 reports damaged data as OSError
            raise InputError(self.path, f"damaged or truncated .docx: cannot unpack {name} ({_reason(exc)})",
                             RESEND) from None
        self._unpacked += size
        return b"".join(chunks)

    def entries(self) -> list[tuple[str, bytes]]:
        """Every file entry of the zip, in zip order, as (stored name, bytes), under the same limits as `read`.

        For code that must hold every entry: call this instead of
        `ZipFile.read` on each name, so a bomb in a part the reader never
        looks at is refused as well.
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
        self._charge(name, _element_estimate(data))
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
                                 + SAVE_AS_DOCX) from None
            raise InputError(self.path, f"malformed XML in {name}: {message}", SAVE_AS_DOCX) from None
        except (ValueError, UnicodeError) as exc:  # e.g. an unsupported encoding declaration
            raise InputError(self.path, f"malformed XML in {name}: {_reason(exc)}", SAVE_AS_DOCX) from None

    def _charge(self, name: str, elements: int) -> None:
        """Count a part's elements against `limits.max_xml_elements` before they are parsed (or shared)."""
        if self._elements + elements > self.limits.max_xml_elements:
            raise self._limit("max_xml_elements", f"{name} has about {elements:,} XML elements")
        self._elements += elements

    def _unsafe(self, name: str) -> InputError:
        return InputError(
            self.path,
            f"unsafe XML in {name}: it declares a DOCTYPE, which Word never writes",
            "the file was not saved by a word processor; " + SAVE_AS_DOCX,
        )

    def _bytes(self, name: str) -> bytes:
        """Bytes of the stored part `name`, inflated (under the limits) the first time only."""
        data = self._data.get(name)
        if data is None:
            data = self._data[name] = self.read_info(self._infos[name])
        return data

    def xml(self, part: str, *, write: bool = False) -> etree._Element | None:
        """Parsed root of `part` (safe parser, parsed once), or None when absent; `write=True` saves it back."""
        name = self.name(part)
        if name is None:
            return None
        if write:
            self._dirty.add(name)
        root = self._xml.get(name)
        if root is None:
            root = self._xml[name] = self.parse(name, self._bytes(name))
        if write and self._data.get(name):
            self._data[name] = b""  # saved from the tree from now on: the bytes read are not needed again
        return root

    def data(self, part: str) -> bytes | None:
        """The bytes of a part as stored (None when absent); a parsed, changed part is serialised."""
        name = self.name(part)
        if name is None:
            return None
        if name in self._dirty:
            return self._serialised(name)
        return self._bytes(name)

    def _serialised(self, name: str) -> bytes:
        """The bytes of the parsed part `name` as it stands, with the children `add_later` promised."""
        later = self._later.get(name)
        if later is None:
            return _serialise(self._xml[name])
        data, moved = serialise_with_children(self._xml[name], later(), _serialise)
        if moved:  # they are in the tree now: do not add them twice
            del self._later[name]
        return data

    def _streamable(self, name: str) -> bool:
        """Whether writing the tree of `name` to a file gives `_serialise`'s bytes.

        `ElementTree.write` writes the whole document, `tostring` only the root: they agree when the
        root has no siblings (comments or processing instructions beside it) and no children come later.
        """
        root = self._xml[name]
        return name not in self._later and root.getprevious() is None and root.getnext() is None

    def add_later(self, part: str, children: Callable[[], Iterator[etree._Element]]) -> None:
        """Have `children()` give, at save, more children for the end of the root of the XML part `part`.

        For a part that grows by tens of thousands of elements nobody reads again (the comments of a
        long redline): made only as the part is saved, a few at a time, they never make one tree
        (55 MB for 26,000 comments). The bytes are those of the tree with the children appended.
        """
        name = self.name(part)
        if name is None or name not in self._xml:
            raise KeyError(f"{part}: not a parsed part")
        self._dirty.add(name)
        self._later[name] = children

    # -- relationships and content types -----------------------------------------------

    @staticmethod
    def rels_name(part: str) -> str:
        """The relationships part of `part` ("" = the package): `word/_rels/document.xml.rels`."""
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", base + ".rels")

    def relationships(self, part: str) -> list[tuple[str, str]]:
        """(type, target part name) of the internal relationships of `part` ("" = the package)."""
        cached = self._rels.get(part)
        if cached is not None:
            return cached
        folder = posixpath.dirname(part)
        root = self.xml(self.rels_name(part))
        out: list[tuple[str, str]] = []
        if root is not None:
            for rel in root.iter(_RELATIONSHIP):
                target = rel.get("Target")
                if not target or rel.get("TargetMode") == "External":
                    continue
                out.append((rel.get("Type") or "", _target_part(folder, unquote(target))))
        self._rels[part] = out
        return out

    def find_related(self, part: str, type_suffix: str, default: str) -> str | None:
        """Name of the part related to `part` by a relationship type ending in `type_suffix` (the reader's way).

        Falls back to the conventional name `default` when no relationship
        says otherwise; None when neither exists. Matching the end of the
        type accepts the variants some producers write.
        """
        for rel_type, name in self.relationships(part):
            if rel_type.endswith(type_suffix) and self.has(name):
                return name
        return default if self.has(default) else None

    def related_xml(self, type_suffix: str, default: str) -> etree._Element | None:
        """Parsed part related to the main document (styles, numbering, footnotes, comments), or None.

        E.g. `pkg.related_xml("/styles", "word/styles.xml")`.
        """
        name = self.find_related(self.main_part, type_suffix, default)
        return self.xml(name) if name is not None else None

    def related(self, part: str, rel_type: str, default: str | None = None) -> str | None:
        """The part that `part` relates to by `rel_type` (exact type URI; the writer's way), if any.

        The first internal relationship of that type wins, whether or not its
        target exists (the writer then creates it under that name). With a
        `default`, this is `find_related(part, rel_type, default)`: the
        reader's old call, kept for code written against it.
        """
        if default is not None:
            return self.find_related(part, rel_type, default)
        rels = self.xml(self.rels_name(part))
        if rels is None:
            return None
        for rel in rels.iter(_RELATIONSHIP):
            if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
                name = _target_part(posixpath.dirname(part), rel.get("Target") or "")
                return self.name(name) or name
        return None

    def relationship(self, part: str, rid: str) -> tuple[str, str, bool] | None:
        """(type, target, external) of relationship `rid` of `part`; internal targets as part names."""
        rels = self.xml(self.rels_name(part))
        if rels is None:
            return None
        for rel in rels.iter(_RELATIONSHIP):
            if rel.get("Id") == rid:
                target = rel.get("Target") or ""
                if rel.get("TargetMode") == "External":
                    return rel.get("Type") or "", target, True
                name = _target_part(posixpath.dirname(part), target)
                return rel.get("Type") or "", self.name(name) or name, False
        return None

    def relate(self, part: str, rel_type: str, target: str, *, external: bool = False) -> str:
        """Add a relationship from `part` to `target` (a path relative to `part`'s folder, or a URL); its id."""
        rels_name = self.rels_name(part)
        rels = self.xml(rels_name, write=True)
        if rels is None:
            rels = etree.Element(f"{{{PR_NS}}}Relationships", nsmap={None: PR_NS})
            self._add_name(rels_name)
            self._data[rels_name] = b""
            self._xml[rels_name] = rels
            self._dirty.add(rels_name)
        self._rels.pop(part, None)
        ids = {rel.get("Id") for rel in rels}
        n = len(ids) + 1
        while f"rId{n}" in ids:
            n += 1
        rel = etree.SubElement(rels, _RELATIONSHIP)
        rel.set("Id", f"rId{n}")
        rel.set("Type", rel_type)
        rel.set("Target", target)
        if external:
            rel.set("TargetMode", "External")
        return f"rId{n}"

    def content_type(self, part: str) -> str | None:
        """The content type of a part: its Override, else the Default of its extension."""
        types = self.xml(_CONTENT_TYPES)
        if types is None:
            return None
        for override in types.iter(f"{{{CT_NS}}}Override"):
            if override.get("PartName", "").lower() == "/" + part.lstrip("/").lower():
                return override.get("ContentType")
        ext = posixpath.splitext(part)[1].lstrip(".").lower()
        for default in types.iter(f"{{{CT_NS}}}Default"):
            if (default.get("Extension") or "").lower() == ext:
                return default.get("ContentType")
        return None

    # -- changing ------------------------------------------------------------------------

    def _add_name(self, name: str) -> None:
        self._order.append(name)
        self._lower[name.lstrip("/").lower()] = name

    def set_xml(self, part: str, root: etree._Element, content_type: str) -> None:
        """Add a new XML part (and its content type override)."""
        name = part.lstrip("/")
        if self.name(name) != name:
            self._add_name(name)
        self._data[name] = b""
        self._xml[name] = root
        self._dirty.add(name)
        types = self.xml(_CONTENT_TYPES, write=True)
        assert types is not None
        if not any(o.get("PartName", "").lower() == "/" + name.lower() for o in types.iter(f"{{{CT_NS}}}Override")):
            override = etree.SubElement(types, f"{{{CT_NS}}}Override")
            override.set("PartName", "/" + name)
            override.set("ContentType", content_type)

    def add_part(self, name: str, data: bytes, content_type: str | None) -> str:
        """Add a raw part under a name not yet used (a number is added to the stem); the name chosen."""
        stem, ext = posixpath.splitext(name.lstrip("/"))
        chosen, n = stem + ext, 1
        while self.name(chosen) is not None:
            chosen, n = f"{stem}{n}{ext}", n + 1
        self._add_name(chosen)
        self._data[chosen] = data
        if content_type and self.content_type(chosen) != content_type:
            types = self.xml(_CONTENT_TYPES, write=True)
            assert types is not None
            override = etree.SubElement(types, f"{{{CT_NS}}}Override")
            override.set("PartName", "/" + chosen)
            override.set("ContentType", content_type)
        return chosen

    def save(self, *, release: bool = False) -> bytes:
        """The package as bytes: unchanged entries as read, changed parts re-serialised, fixed dates.

        `[Content_Types].xml` comes first, then the entries in zip order
        (added parts last), all with the same timestamp and attributes.
        `release=True` forgets each parsed part once serialised (the package is not to be used again):
        a tree (140 MB for a 20,000-paragraph redline) is then freed before the next part is made.
        """
        order = sorted(self._order, key=lambda n: n != _CONTENT_TYPES)
        # Every entry is read (under the limits) before the first is written: a refusal leaves no half a zip.
        stored = {name: self._bytes(name) for name in order if name not in self._dirty}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.external_attr = 0
                if name in self._dirty and self._streamable(name):
                    # the bytes go straight to the deflater (at zlib's default level, 6, the level given
                    # below): the part is never whole in memory (13 MB for a long redline, twice over)
                    with zf.open(info, "w") as dest:
                        etree.ElementTree(self._xml[name]).write(dest, xml_declaration=True, encoding="UTF-8",
                                                                 standalone=True)
                else:
                    data = self._serialised(name) if name in self._dirty else stored.pop(name)
                    zf.writestr(info, data, compresslevel=6)
                if release:
                    self._xml.pop(name, None)
        return out.getvalue()

    # -- the reader's shortcuts ----------------------------------------------------------

    def styles(self) -> Styles:
        """The document's styles, shared with earlier reads of the same styles.xml.

        "The same" is decided on the entry's stored (still compressed) bytes,
        its compression method and flags: equal stored bytes inflate to equal
        bytes, and the copy in the cache was inflated, CRC-checked and parsed
        in full when it was first read. So a draft made from the same template
        as an earlier one skips inflating and parsing the part (often 300 KB).
        """
        name = self.find_related(self.main_part, "/styles", "word/styles.xml")
        info = self._names.get(name.lstrip("/").lower()) if name is not None else None
        if info is None:
            return Styles(None)
        return self._shared_styles(info)[0]

    def styles_part(self, part: str | None) -> Styles:
        """`Styles` of the styles part `part` (None: none), as `Styles(self.xml(part))` gives but parsed once.

        For the writer's and the comparison's own lookups (`related(main,
        REL_STYLES)`), which each parsed the same 300 KB part again: a part
        still as stored is shared through the cache of `styles()`; one this
        package parsed, changed or added is read from its own tree. The
        elements are charged as a parse would charge them; the shared tree
        must not be changed (`styles_part(...).root`).
        """
        name = self.name(part) if part else None
        if name is None:
            return Styles(None)
        info = self._infos.get(name)
        if name in self._xml or name in self._dirty or info is None:
            return Styles(self.xml(name))
        styles, elements = self._shared_styles(info)
        self._charge(name, elements)
        return styles

    def _shared_styles(self, info: zipfile.ZipInfo) -> tuple[Styles, int]:
        """The `Styles` of entry `info` from the cache (keyed on its stored bytes), and its element count."""
        stored = self._stored_bytes(info)
        key = (info.compress_type, info.flag_bits, info.file_size, info.CRC, stored) if stored is not None else None
        cached = _STYLES_CACHE.get(key) if key is not None else None
        if cached is not None:
            self._unpacked += info.file_size
            return cached
        data = self.read_info(info)
        cached = Styles(self.parse(info.filename, data)), _element_estimate(data)
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
            with io.BytesIO(self._raw) as handle:
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
        name = self.find_related("", "/officeDocument", "word/document.xml")
        if name is None:
            seems = what_it_seems(self.read, self._names)
            raise InputError(
                self.path,
                "not a Word document: the zip archive has no word/document.xml"
                + (f"; it looks like {seems}" if seems else ""),
                ("give the draft as a .docx; " if seems else "is it another kind of zip file, e.g. an .xlsx or .pptx? ")
                + SAVE_AS_DOCX,
            )
        return name

#: Parsed styles by the stored bytes of styles.xml (see `Package.styles`). Drafts of one assembly
#: share a template, so a lint over a folder or a compare of two versions parses the part once.
_STYLES_CACHE: dict[tuple[int, int, int, int, bytes], tuple[Styles, int]] = {}
_STYLES_CACHE_SIZE = 8
_STYLES_LOCK = threading.Lock()
