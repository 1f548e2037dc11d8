"""A .docx opened for rewriting: every zip entry kept as it was, changed parts re-serialised.

python-docx would do, but it builds an object per element and rewrites parts
it never needed to touch; here only the parts the writer changed are
serialised again, and the zip is written with fixed timestamps so that equal
inputs give byte-identical output.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile

from lxml import etree

from resdraft.errors import InputError
from resdraft.readers.ooxml import NS, parse_xml

__all__ = ["CT_COMMENTS", "CT_ENDNOTES", "CT_FOOTNOTES", "REL_COMMENTS", "REL_ENDNOTES", "REL_FOOTNOTES", "Package"]

_REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_COMMENTS = f"{_REL_BASE}/comments"
REL_FOOTNOTES = f"{_REL_BASE}/footnotes"
REL_ENDNOTES = f"{_REL_BASE}/endnotes"
REL_STYLES = f"{_REL_BASE}/styles"
REL_SETTINGS = f"{_REL_BASE}/settings"
_CT_BASE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CT_COMMENTS = f"{_CT_BASE}.comments+xml"
CT_FOOTNOTES = f"{_CT_BASE}.footnotes+xml"
CT_ENDNOTES = f"{_CT_BASE}.endnotes+xml"
_PR = NS["pr"]
_CT = NS["ct"]
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class Package:
    """The zip entries of a .docx, with parsed parts on demand and `save()` to bytes."""

    def __init__(self, source: str | os.PathLike[str] | bytes) -> None:
        self.path = "<bytes>" if isinstance(source, bytes) else os.fspath(source)
        from resdraft.readers.docx import DocxPackage

        # through the reader's package: the same size, entry and zip-bomb limits as every other input
        with DocxPackage(source) as package:
            entries = package.entries()
        self._order = [name for name, _ in entries]
        self._data = dict(entries)
        self._lower = {name.lower(): name for name in self._order}
        self._xml: dict[str, etree._Element] = {}
        self._dirty: set[str] = set()
        self.main = self._main_part()

    # -- parts -----------------------------------------------------------------------
    def name(self, part: str) -> str | None:
        """The stored spelling of a part name (names are case-insensitive in a package)."""
        return self._lower.get(part.lstrip("/").lower())

    def xml(self, part: str, *, write: bool = False) -> etree._Element | None:
        """The parsed root of `part` (cached), or None when absent; `write=True` saves it back."""
        name = self.name(part)
        if name is None:
            return None
        if write:
            self._dirty.add(name)
        if name not in self._xml:
            try:
                self._xml[name] = parse_xml(self._data[name])
            except (etree.XMLSyntaxError, ValueError) as exc:
                raise InputError(self.path, f"malformed XML in {name}: {exc}") from None
        return self._xml[name]

    def set_xml(self, part: str, root: etree._Element, content_type: str) -> None:
        """Add a new XML part (and its content type override)."""
        name = part.lstrip("/")
        if name not in self._data:
            self._order.append(name)
            self._lower[name.lower()] = name
        self._data[name] = b""
        self._xml[name] = root
        self._dirty.add(name)
        types = self.xml("[Content_Types].xml", write=True)
        assert types is not None
        if not any(o.get("PartName", "").lower() == "/" + name.lower() for o in types.iter(f"{{{_CT}}}Override")):
            override = etree.SubElement(types, f"{{{_CT}}}Override")
            override.set("PartName", "/" + name)
            override.set("ContentType", content_type)

    def rels_name(self, part: str) -> str:
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", base + ".rels")

    def related(self, part: str, rel_type: str) -> str | None:
        """The part that `part` relates to by `rel_type` (exact type URI), if any."""
        rels = self.xml(self.rels_name(part))
        if rels is None:
            return None
        folder = posixpath.dirname(part)
        for rel in rels.iter(f"{{{_PR}}}Relationship"):
            if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
                target = rel.get("Target") or ""
                name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
                return self.name(name) or name
        return None

    def relate(self, part: str, rel_type: str, target: str, *, external: bool = False) -> str:
        """Add a relationship from `part` to `target` (a path relative to `part`'s folder, or a URL); its id."""
        rels_name = self.rels_name(part)
        rels = self.xml(rels_name, write=True)
        if rels is None:
            rels = etree.Element(f"{{{_PR}}}Relationships", nsmap={None: _PR})
            self._order.append(rels_name)
            self._lower[rels_name.lower()] = rels_name
            self._data[rels_name] = b""
            self._xml[rels_name] = rels
            self._dirty.add(rels_name)
        ids = {rel.get("Id") for rel in rels}
        n = len(ids) + 1
        while f"rId{n}" in ids:
            n += 1
        rel = etree.SubElement(rels, f"{{{_PR}}}Relationship")
        rel.set("Id", f"rId{n}")
        rel.set("Type", rel_type)
        rel.set("Target", target)
        if external:
            rel.set("TargetMode", "External")
        return f"rId{n}"

    def relationship(self, part: str, rid: str) -> tuple[str, str, bool] | None:
        """(type, target, external) of relationship `rid` of `part`; internal targets as part names."""
        rels = self.xml(self.rels_name(part))
        if rels is None:
            return None
        for rel in rels.iter(f"{{{_PR}}}Relationship"):
            if rel.get("Id") == rid:
                target = rel.get("Target") or ""
                if rel.get("TargetMode") == "External":
                    return rel.get("Type") or "", target, True
                folder = posixpath.dirname(part)
                name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
                return rel.get("Type") or "", self.name(name) or name, False
        return None

    def data(self, part: str) -> bytes | None:
        """The bytes of a part as stored (None when absent); a parsed, changed part is serialised."""
        name = self.name(part)
        if name is None:
            return None
        if name in self._dirty:
            return etree.tostring(self._xml[name], xml_declaration=True, encoding="UTF-8", standalone=True)
        return self._data[name]

    def content_type(self, part: str) -> str | None:
        """The content type of a part: its Override, else the Default of its extension."""
        types = self.xml("[Content_Types].xml")
        if types is None:
            return None
        for override in types.iter(f"{{{_CT}}}Override"):
            if override.get("PartName", "").lower() == "/" + part.lstrip("/").lower():
                return override.get("ContentType")
        ext = posixpath.splitext(part)[1].lstrip(".").lower()
        for default in types.iter(f"{{{_CT}}}Default"):
            if (default.get("Extension") or "").lower() == ext:
                return default.get("ContentType")
        return None

    def add_part(self, name: str, data: bytes, content_type: str | None) -> str:
        """Add a raw part under a name not yet used (a number is added to the stem); the name chosen."""
        stem, ext = posixpath.splitext(name.lstrip("/"))
        chosen, n = stem + ext, 1
        while self.name(chosen) is not None:
            chosen, n = f"{stem}{n}{ext}", n + 1
        self._order.append(chosen)
        self._lower[chosen.lower()] = chosen
        self._data[chosen] = data
        if content_type and self.content_type(chosen) != content_type:
            types = self.xml("[Content_Types].xml", write=True)
            assert types is not None
            override = etree.SubElement(types, f"{{{_CT}}}Override")
            override.set("PartName", "/" + chosen)
            override.set("ContentType", content_type)
        return chosen

    def _main_part(self) -> str:
        rels = self.xml("_rels/.rels")
        if rels is not None:
            for rel in rels.iter(f"{{{_PR}}}Relationship"):
                if (rel.get("Type") or "").endswith("/officeDocument"):
                    found = self.name((rel.get("Target") or "").lstrip("/"))
                    if found:
                        return found
        found = self.name("word/document.xml")
        if found is None:
            raise InputError(self.path, "not a Word document: no word/document.xml")
        return found

    # -- output ------------------------------------------------------------------------
    def save(self) -> bytes:
        """The package as bytes: unchanged entries as read, parsed parts re-serialised, fixed dates."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            order = sorted(self._order, key=lambda n: n != "[Content_Types].xml")
            for name in order:
                if name in self._dirty:
                    data = etree.tostring(self._xml[name], xml_declaration=True, encoding="UTF-8", standalone=True)
                else:
                    data = self._data[name]
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.external_attr = 0
                zf.writestr(info, data, compresslevel=6)
        return out.getvalue()
