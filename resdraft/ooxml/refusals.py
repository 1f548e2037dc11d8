"""Why a .docx cannot be read, said so that its sender can fix it: what the file really is, which limit it broke.

Only the failure paths of `ooxml.package.Package` come here, so naming the
problem costs nothing when the file is fine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from resdraft.errors import InputError, LimitExceeded
from resdraft.limits import Limits

__all__ = ["RESEND", "SAVE_AS_DOCX", "limit_exceeded", "not_a_zip", "reason", "what_it_seems"]

SAVE_AS_DOCX = "open it in Word or LibreOffice and save it as a Word .docx document"
RESEND = "the file was probably cut off while being sent or saved; ask for it again, or re-save it in Word"
_LIMITED = {
    "max_docx_bytes": "unpacked size of the .docx",
    "max_part_bytes": "unpacked size of one part",
    "max_zip_entries": "number of zip entries",
    "max_xml_elements": "number of XML elements",
}
_KINDS = (
    ("spreadsheetml", "an Excel workbook (.xlsx)"),
    ("presentationml", "a PowerPoint presentation (.pptx)"),
    ("opendocument.text", "an OpenDocument text (.odt)"),
    ("opendocument.spreadsheet", "an OpenDocument spreadsheet (.ods)"),
    ("opendocument.presentation", "an OpenDocument presentation (.odp)"),
    ("epub", "an e-book (.epub)"),
    ("ms-xpsdocument", "an XPS document (.xps)"),
    ("visio", "a Visio drawing (.vsdx)"),
)
_LXML_WHERE = re.compile(r" \(<string>, line \d+\)$")


def reason(exc: BaseException) -> str:
    """A one-line reason from an exception, without the paths and newlines some messages carry."""
    text = _LXML_WHERE.sub("", " ".join(str(exc).split())) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def limit_exceeded(path: str, limits: Limits, field_name: str, found: str) -> LimitExceeded:
    """The error for a package over one of `limits`, naming the variable that raises it."""
    env = limits.env_name(field_name)
    what = _LIMITED.get(field_name, field_name)
    return LimitExceeded(
        path,
        f"{found}, more than the limit of {limits.describe(field_name)} for the {what}",
        f"a zip bomb or a damaged file? if the draft is genuine, raise the limit with {env}",
        limit=field_name,
        env=env,
    )


def not_a_zip(path: str, data: bytes | None, exc: BaseException) -> InputError:
    """Name what a file that zipfile cannot open really is; `data` is the file when it was given as bytes."""
    from resdraft.sniff import Sniffed, refuse, sniff

    try:
        if data is not None:
            sniffed = Sniffed("zip" if data.startswith(b"PK") else "binary", size=len(data))
        else:
            sniffed = sniff(path)
    except InputError as error:
        return error
    if sniffed.kind == "zip":
        why = reason(exc)
        detail = "its directory at the end is missing" if why == "File is not a zip file" else why
        return InputError(path, f"damaged or truncated .docx: the zip archive is incomplete, {detail}", RESEND)
    named = refuse(path, sniffed, "docx")
    if named is not None and not (sniffed.kind == "ole" and not sniffed.detail):
        return named
    return InputError(
        path,
        "not a Word .docx file (not a zip archive)",
        "an old .doc, an RTF or a password-protected file? " + SAVE_AS_DOCX,
    )


def what_it_seems(read: Callable[[str], bytes | None], names: Collection[str]) -> str:
    """What a zip without a Word document holds, from `mimetype` (OpenDocument) or `[Content_Types].xml`.

    `read` gives a part's bytes (None when absent); `names` are the lower-case entry names.
    """
    for name in ("mimetype", "[Content_Types].xml"):
        try:
            data = read(name)
        except InputError:
            data = None
        text = (data or b"")[:65536].decode("utf-8", "replace").lower()
        for marker, what in _KINDS:
            if marker in text:
                return what
    if any(n.startswith("xl/") for n in names):
        return "an Excel workbook (.xlsx)"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint presentation (.pptx)"
    return ""
