"""Tell what a file really is from its first bytes, so a wrong input gets a name and a remedy.

Below the readers and the .docx floor (`resdraft.ooxml.package` names a file it cannot open with it).

Drafts travel by e-mail and are renamed, truncated or saved in the wrong
format; "not a zip archive" helps nobody, "a legacy Word .doc: save it as
.docx" does. `sniff` looks only at the head of the file (and, for an OLE
compound file, at the names of its streams); the readers decide what to do.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from resdraft.errors import InputError

__all__ = ["OLE_MAGIC", "Sniffed", "refuse", "sniff"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_HEAD_BYTES = 4096
#: How much of an OLE file to search for stream names (the directory may sit anywhere).
_OLE_SCAN_BYTES = 64 * 1024 * 1024
_SAVE_AS_DOCX = "open it in Word or LibreOffice and save it as a Word .docx document"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


# Stream names in an OLE directory (UTF-16LE), most telling first.
_OLE_STREAMS = (
    ("encrypted", (_utf16("EncryptedPackage"), _utf16("EncryptionInfo"))),
    ("doc", (_utf16("WordDocument"),)),
    ("xls", (_utf16("Workbook"), _utf16("Book\0"))),
    ("ppt", (_utf16("PowerPoint Document"),)),
    ("msg", (_utf16("__substg1.0_"),)),
)


@dataclass(frozen=True)
class Sniffed:
    """What the head of a file says it is.

    `kind` is one of: "empty", "zip", "ole", "rtf", "pdf", "html", "word-xml"
    (Word 2003 XML or a flat OpenDocument), "xml", "text" (no NUL byte in the
    head) or "binary". `detail` refines "ole": "encrypted", "doc", "xls",
    "ppt", "msg" or "".
    """

    kind: str
    detail: str = ""
    size: int = 0


def sniff(path: str | os.PathLike[str]) -> Sniffed:
    """Look at the first bytes of `path`; raise `InputError` only when it cannot be read at all."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(_HEAD_BYTES)
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file", "give the path of a .docx, .md or .txt draft") from None
    except FileNotFoundError:
        raise InputError(path, "no such file", "check the path") from None
    except PermissionError:
        raise InputError(path, "cannot read the file (permission denied)", "check the file's permissions") from None
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror or exc})") from None
    size = max(size, len(head))  # /proc-like files report size 0
    if not head:
        return Sniffed("empty", size=0)
    if head.startswith(_ZIP_MAGICS):
        return Sniffed("zip", size=size)
    if head.startswith(OLE_MAGIC):
        return Sniffed("ole", _ole_detail(path), size=size)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = stripped[:512].lower()
    if stripped.startswith(b"{\\rtf"):
        return Sniffed("rtf", size=size)
    if stripped.startswith(b"%PDF-"):
        return Sniffed("pdf", size=size)
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:256]:
        return Sniffed("html", size=size)
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<"):
        if b"<w:worddocument" in head.lower() or b'progid="word.document"' in head.lower():
            return Sniffed("word-xml", size=size)
        if b"<office:document" in head:
            return Sniffed("word-xml", "odf", size=size)
        if stripped.startswith(b"<?xml"):
            return Sniffed("xml", size=size)
    if b"\0" in head:
        return Sniffed("binary", size=size)
    return Sniffed("text", size=size)


def _ole_detail(path: str | os.PathLike[str]) -> str:
    """Which Office format an OLE compound file holds, from the stream names in its directory."""
    found: set[str] = set()
    overlap = 64
    try:
        with open(path, "rb") as handle:
            tail = b""
            read = 0
            while read < _OLE_SCAN_BYTES:
                chunk = handle.read(1024 * 1024)
                if not chunk:
                    break
                read += len(chunk)
                window = tail + chunk
                for detail, names in _OLE_STREAMS:
                    if detail not in found and any(name in window for name in names):
                        found.add(detail)
                if "encrypted" in found:
                    break
                tail = window[-overlap:]
    except OSError:
        return ""
    return next((detail for detail, _ in _OLE_STREAMS if detail in found), "")


def refuse(path: str | os.PathLike[str], sniffed: Sniffed, expected: str) -> InputError | None:
    """The error for a file whose content is not what a reader of `expected` ("docx"/"text") can read.

    None when the content may be fine (a zip for "docx", text for "text");
    the reader then does the detailed checks.
    """
    kind, detail = sniffed.kind, sniffed.detail
    if kind == "empty":
        return InputError(path, "empty file (0 bytes)",
                          "the draft was not saved or not copied completely; save or send it again")
    if kind == "ole":
        if detail == "encrypted":
            return InputError(path, "password-protected (encrypted) Office document, which resdraft cannot read",
                              "remove the password in Word: File > Info > Protect Document > Encrypt with"
                              " Password, clear it, then save it as .docx")
        if detail == "doc":
            return InputError(path, "legacy Word 97-2003 document (.doc), which resdraft cannot read",
                              _SAVE_AS_DOCX)
        if detail in ("xls", "ppt", "msg"):
            what = {"xls": "an Excel 97-2003 workbook (.xls)", "ppt": "a PowerPoint 97-2003 presentation (.ppt)",
                    "msg": "an Outlook message (.msg)"}[detail]
            return InputError(path, f"{what}, not a draft resolution",
                              "give the draft itself as a .docx, .md or .txt file" + (
                                  "; save the attachment out of the message first" if detail == "msg" else ""))
        return InputError(path, "old-style Office (OLE compound) file, not a .docx", _SAVE_AS_DOCX)
    named = {
        "rtf": ("an RTF file", _SAVE_AS_DOCX),
        "pdf": ("a PDF file", "give the Word original of the draft, or save the PDF's text as .txt"),
        "html": ("a web page (HTML)", _SAVE_AS_DOCX),
        "word-xml": ("an OpenDocument XML file (.fodt)" if detail == "odf" else "a Word 2003 XML document",
                     _SAVE_AS_DOCX),
    }
    suffix = os.path.splitext(os.fspath(path))[1].lower() or "no"
    if expected == "docx":
        if kind == "zip":
            return None
        if kind in named:
            what, hint = named[kind]
            return InputError(path, f"{what} with a {suffix} name, not a Word .docx", hint)
        if kind in ("text", "xml"):
            return InputError(path, "text, not a Word .docx file (not a zip archive)",
                              "if it is a Markdown or plain-text draft, rename it to .md or .txt")
        return None  # binary: let the zip reader say what is wrong with it
    if kind == "zip":
        return InputError(path, "a zip archive (a .docx?), not a text file",
                          "if it is a Word draft, rename it to .docx")
    if kind in named:
        what, hint = named[kind]
        return InputError(path, f"{what}, not a Markdown or plain-text draft", hint)
    return None
