"""Builders of hostile and broken input files, made in the test that uses them.

Drafts arrive by e-mail from many hands, and in CI a pull request may carry a
file made to attack the checker. Each `Case` here writes one such file (a
zip bomb, a zip whose header lies about sizes, billion laughs, XXE to a local
file, a truncated .docx, an encrypted Office file, a renamed .xlsx, a NUL-byte
.md, Latin-1 text, UTF-16 without a BOM ...) and says what the one-line
error must mention. Nothing is read from disk but what the builders write.
"""

from __future__ import annotations

import codecs
import io
import struct
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tests.docxbuild import build_docx, para, run

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOC_START = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>'
DOC_END = "</w:body></w:document>"
#: What the XXE cases point at; it must never appear in any output.
SECRET = "SECRET-7f3a9c-do-not-print"

DRAFT_MD = """Draft resolution on cooperation

The Assembly of States Parties,

*Recalling* its previous resolutions on cooperation, including ICC-ASP/21/Res.3,

1. *Urges* States Parties to cooperate fully with the Court;

2. *Requests* the Bureau to report thereon to the Assembly at its twenty-third session.
"""


# --- valid material to start from ---------------------------------------------------------


def valid_docx(path: Path) -> Path:
    """A small, valid draft as .docx (built with the test package builder)."""
    body = (
        para("Draft resolution on cooperation")
        + para("The Assembly of States Parties,")
        + para(run("Recalling", italic=True), " its previous resolutions, including ICC-ASP/21/Res.3,")
        + para("1. ", run("Urges", italic=True), " States Parties to cooperate fully with the Court;")
        + para("2. ", run("Requests", italic=True), " the Bureau to report at its twenty-third session.")
    )
    return build_docx(path, body, styles="")


def valid_md(path: Path) -> Path:
    path.write_text(DRAFT_MD, encoding="utf-8")
    return path


def docx_parts(tmp: Path) -> dict[str, bytes]:
    """The parts of `valid_docx`, by name, in zip order."""
    source = valid_docx(tmp / "base.docx")
    with zipfile.ZipFile(source) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    source.unlink()
    return parts


def zip_bytes(files: Mapping[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def docx_with(tmp: Path, replace: Mapping[str, bytes] = (), drop: tuple[str, ...] = ()) -> bytes:  # type: ignore[assignment]
    """The bytes of `valid_docx` with some parts replaced, added or dropped."""
    parts = docx_parts(tmp)
    parts.update(dict(replace))
    for name in drop:
        parts.pop(name, None)
    return zip_bytes(parts)


def document(body: str) -> bytes:
    return (DOC_START + body + DOC_END).encode("utf-8")


# --- zip surgery ------------------------------------------------------------------------------


def _central_directory(data: bytes) -> tuple[int, int]:
    """(offset, entry count) of the central directory, from the end-of-central-directory record."""
    eocd = data.rindex(b"PK\x05\x06")
    count, _size, offset = struct.unpack_from("<HIL", data, eocd + 10)
    return offset, count


def patch_entry(data: bytes, name: str, *, file_size: int | None = None, flag_bits: int | None = None) -> bytes:
    """Rewrite what the zip headers (local and central) declare for entry `name`."""
    out = bytearray(data)
    offset, count = _central_directory(data)
    pos = offset
    for _ in range(count):
        assert out[pos:pos + 4] == b"PK\x01\x02"
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, pos + 28)
        local = struct.unpack_from("<L", out, pos + 42)[0]
        entry = bytes(out[pos + 46:pos + 46 + name_len]).decode("utf-8")
        if entry == name:
            if file_size is not None:
                struct.pack_into("<L", out, pos + 24, file_size)
                struct.pack_into("<L", out, local + 22, file_size)
            if flag_bits is not None:
                struct.pack_into("<H", out, pos + 8, flag_bits)
                struct.pack_into("<H", out, local + 6, flag_bits)
        pos += 46 + name_len + extra_len + comment_len
    return bytes(out)


# --- OLE compound files (legacy .doc, encrypted .docx) -------------------------------------


def ole_file(streams: tuple[str, ...]) -> bytes:
    """A minimal Compound File Binary (as Office writes .doc and encrypted .docx) with the named streams.

    The header, one FAT sector and one directory sector are laid out as the
    format prescribes; the streams themselves are empty.
    """
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)  # minor, major, byte order, sector shifts
    struct.pack_into("<L", header, 44, 1)  # one FAT sector
    struct.pack_into("<L", header, 48, 1)  # first directory sector
    struct.pack_into("<L", header, 56, 4096)  # mini stream cutoff
    struct.pack_into("<LL", header, 60, 0xFFFFFFFE, 0)  # no mini FAT
    struct.pack_into("<LL", header, 68, 0xFFFFFFFE, 0)  # no DIFAT sectors
    struct.pack_into("<L", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    header[80:512] = b"\xff" * 432
    fat = bytearray(b"\xff" * 512)
    struct.pack_into("<LL", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)  # sector 0 = FAT, sector 1 = directory (end)
    directory = bytearray()
    for index, name in enumerate(("Root Entry", *streams)):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry[0:len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), 5 if index == 0 else 2, 1)
        struct.pack_into("<LLL", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF,
                         1 if index == 0 and streams else 0xFFFFFFFF)
        directory += entry
    directory += b"\0" * (-len(directory) % 512)
    return bytes(header + fat + directory[:512])


# --- the cases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One hostile input: how to write it and what the one-line error must say.

    `family` groups cases for the subprocess checks (one real process per
    family); `env` sets environment variables (tightened limits) for the run.
    """

    name: str
    suffix: str
    build: Callable[[Path, Path], bytes]  # (tmp folder, target path) -> bytes to write
    expect: str
    family: str
    env: Mapping[str, str] = field(default_factory=dict)
    options: tuple[str, ...] = ()

    def write(self, folder: Path) -> Path:
        work = folder / f".build-{self.name}"
        work.mkdir()
        path = folder / f"{self.name}{self.suffix}"
        path.write_bytes(self.build(work, path))
        for leftover in work.iterdir():
            leftover.unlink()
        work.rmdir()
        return path


def _bytes(data: bytes) -> Callable[[Path, Path], bytes]:
    return lambda _tmp, _path: data


def _billion_laughs(tmp: Path, _path: Path) -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10)
    )
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]><w:document xmlns:w="{W_NS}"><w:body>'
           "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
    return docx_with(tmp, {"word/document.xml": xml.encode()})


def _xxe(part: str) -> Callable[[Path, Path], bytes]:
    def build(tmp: Path, _path: Path) -> bytes:
        secret = tmp.parent / "secret.txt"
        secret.write_text(SECRET, encoding="utf-8")
        root = "w:document" if part == "word/document.xml" else "w:styles"
        inner = "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body>" if root == "w:document" else ""
        xml = (f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
               f'<{root} xmlns:w="{W_NS}">{inner}</{root}>')
        return docx_with(tmp, {part: xml.encode()})

    return build


def _xxe_parameter_entity(tmp: Path, _path: Path) -> bytes:
    secret = tmp.parent / "secret.dtd"
    secret.write_text(f'<!ENTITY leak "{SECRET}">', encoding="utf-8")
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY % ext SYSTEM "{secret.as_uri()}"> %ext;]>'
           f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&leak;</w:t></w:r></w:p></w:body></w:document>')
    return docx_with(tmp, {"word/document.xml": xml.encode()})


def _zip_bomb(tmp: Path, _path: Path) -> bytes:
    """document.xml that inflates to 60 MB from ~60 KB: a zip bomb with an honest header."""
    text = b"a" * (60 * 1024 * 1024)
    body = DOC_START.encode() + b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>" + DOC_END.encode()
    return docx_with(tmp, {"word/document.xml": body})


def _lying_header(tmp: Path, _path: Path) -> bytes:
    """The same bomb, but the zip headers declare document.xml to be 2 KB."""
    return patch_entry(_zip_bomb(tmp, _path), "word/document.xml", file_size=2048)


def _many_parts_bomb(tmp: Path, _path: Path) -> bytes:
    """Every part under the per-part limit, together over the total (limits tightened by `env`)."""
    filler = b"<!--" + b"x" * 400_000 + b"-->"
    parts = {
        "word/document.xml": document(para("Text")).replace(b"<w:body>", filler + b"<w:body>"),
        "word/styles.xml": f'<w:styles xmlns:w="{W_NS}">'.encode() + filler + b"</w:styles>",
        "word/numbering.xml": f'<w:numbering xmlns:w="{W_NS}">'.encode() + filler + b"</w:numbering>",
    }
    return docx_with(tmp, parts)


def _too_many_entries(tmp: Path, _path: Path) -> bytes:
    parts = docx_parts(tmp)
    parts.update({f"word/media/image{i}.png": b"" for i in range(2_001)})
    return zip_bytes(parts, zipfile.ZIP_STORED)


def _element_bomb(tmp: Path, _path: Path) -> bytes:
    """2.1 million empty elements in 8 MB (they would take ~270 MB parsed)."""
    body = DOC_START.encode() + b"<w:p>" + b"<a/>" * 2_100_000 + b"</w:p>" + DOC_END.encode()
    return docx_with(tmp, {"word/document.xml": body})


def _many_paragraphs(tmp: Path, _path: Path) -> bytes:
    return docx_with(tmp, {"word/document.xml": document("<w:p/>" * 100_001)})


def _deep_xml(tmp: Path, _path: Path) -> bytes:
    return docx_with(tmp, {"word/document.xml": document("<w:p>" + "<w:hyperlink>" * 300 + "</w:hyperlink>" * 300
                                                         + "</w:p>")})


def _truncated(fraction: float) -> Callable[[Path, Path], bytes]:
    def build(tmp: Path, _path: Path) -> bytes:
        data = zip_bytes(docx_parts(tmp))
        return data[: int(len(data) * fraction)]

    return build


def _corrupt_data(tmp: Path, _path: Path) -> bytes:
    """Bytes flipped inside the compressed data of document.xml; the directory is intact."""
    data = bytearray(zip_bytes(docx_parts(tmp)))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + min(info.compress_size, 60), 3):
        data[i] ^= 0x5A
    return bytes(data)


def _zip_password(tmp: Path, _path: Path) -> bytes:
    return patch_entry(zip_bytes(docx_parts(tmp)), "word/document.xml", flag_bits=0x1)


def _renamed(kind: str) -> Callable[[Path, Path], bytes]:
    def build(_tmp: Path, _path: Path) -> bytes:
        if kind == "xlsx":
            return zip_bytes({
                "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                b'package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
                "xl/workbook.xml": b"<workbook/>",
            })
        if kind == "odt":
            return zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text",
                              "content.xml": b"<office:document-content/>"}, zipfile.ZIP_STORED)
        return zip_bytes({"notes.txt": b"just a zip"})

    return build


def _malformed(part: str) -> Callable[[Path, Path], bytes]:
    def build(tmp: Path, _path: Path) -> bytes:
        return docx_with(tmp, {part: b'<?xml version="1.0"?><w:document xmlns:w="' + W_NS.encode()
                               + b'"><w:body><w:p><w:r><w:t>cut off here'})

    return build


def _docx_as_md(tmp: Path, _path: Path) -> bytes:
    return zip_bytes(docx_parts(tmp))


def _long_paragraph_docx(tmp: Path, _path: Path) -> bytes:
    return docx_with(tmp, {"word/document.xml": document(para("x" * 2_000))})


_OLE_DOC = ole_file(("WordDocument", "1Table", "\x05SummaryInformation"))
_OLE_ENCRYPTED = ole_file(("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"))
_OLE_XLS = ole_file(("Workbook",))
_TEXT_MB = "RESDRAFT_MAX_TEXT_MB"

CASES: tuple[Case, ...] = (
    # -- not a file we can even start on
    Case("empty-docx", ".docx", _bytes(b""), "empty file", "container"),
    Case("empty-md", ".md", _bytes(b""), "empty file", "text"),
    Case("whitespace-md", ".md", _bytes(b" \n\n\t\n"), "only white space", "text"),
    # -- OLE compound files: legacy and encrypted Office
    Case("legacy-doc", ".doc", _bytes(_OLE_DOC), "legacy Word 97-2003 document", "container"),
    Case("legacy-doc-as-docx", ".docx", _bytes(_OLE_DOC), "legacy Word 97-2003 document", "container"),
    Case("encrypted-docx", ".docx", _bytes(_OLE_ENCRYPTED), "password-protected", "container"),
    Case("xls-as-docx", ".docx", _bytes(_OLE_XLS), "Excel 97-2003 workbook", "container"),
    Case("legacy-doc-as-md", ".md", _bytes(_OLE_DOC), "legacy Word 97-2003 document", "container"),
    # -- other formats with a .docx name
    Case("not-a-zip", ".docx", _bytes(bytes(range(256)) * 8), "not a zip archive", "container"),
    Case("rtf-as-docx", ".docx", _bytes(b"{\\rtf1\\ansi Draft resolution}"), "RTF file", "container"),
    Case("pdf-as-docx", ".docx", _bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "PDF file", "container"),
    Case("html-as-docx", ".docx", _bytes(b"<!DOCTYPE html><html><body>Draft</body></html>"), "web page", "container"),
    Case("text-as-docx", ".docx", _bytes(DRAFT_MD.encode()), "not a Word .docx", "container"),
    # -- broken zips
    Case("truncated-half", ".docx", _truncated(0.5), "truncated", "container"),
    Case("truncated-end", ".docx", _truncated(0.97), "truncated", "container"),
    Case("corrupt-data", ".docx", _corrupt_data, "damaged", "container"),
    Case("zip-password", ".docx", _zip_password, "encrypted with a zip password", "container"),
    Case("renamed-xlsx", ".docx", _renamed("xlsx"), "Excel workbook (.xlsx)", "container"),
    Case("renamed-odt", ".docx", _renamed("odt"), "OpenDocument text (.odt)", "container"),
    Case("plain-zip", ".docx", _renamed("zip"), "no word/document.xml", "container"),
    # -- XML attacks and damage
    Case("billion-laughs", ".docx", _billion_laughs, "DOCTYPE", "xml"),
    Case("xxe-document", ".docx", _xxe("word/document.xml"), "DOCTYPE", "xml"),
    Case("xxe-styles", ".docx", _xxe("word/styles.xml"), "unsafe XML in word/styles.xml", "xml"),
    Case("xxe-parameter-entity", ".docx", _xxe_parameter_entity, "DOCTYPE", "xml"),
    Case("malformed-document", ".docx", _malformed("word/document.xml"), "malformed XML in word/document.xml", "xml"),
    Case("malformed-styles", ".docx", _malformed("word/styles.xml"), "malformed XML in word/styles.xml", "xml"),
    Case("deep-xml", ".docx", _deep_xml, "256 levels", "xml"),
    # -- size limits (defaults, or tightened through the environment)
    Case("zip-bomb", ".docx", _zip_bomb, "more than the limit of 50 MB", "limits"),
    Case("zip-header-lies", ".docx", _lying_header, "damaged", "limits"),
    Case("many-parts-bomb", ".docx", _many_parts_bomb, "for the unpacked size of the .docx", "limits",
         env={"RESDRAFT_MAX_DOCX_MB": "1"}),
    Case("too-many-entries", ".docx", _too_many_entries, "entries, more than the limit of 2,000", "limits"),
    Case("element-bomb", ".docx", _element_bomb, "number of XML elements", "limits"),
    Case("too-many-paragraphs-docx", ".docx", _many_paragraphs, "more than 100,000 paragraphs", "limits"),
    Case("long-paragraph-docx", ".docx", _long_paragraph_docx, "more than the limit of 1,000",
         "limits", env={"RESDRAFT_MAX_PARAGRAPH_CHARS": "1000"}),
    Case("long-paragraph-md", ".md", _bytes(b"1. " + b"word " * 400), "more than the limit of 1,000", "limits",
         env={"RESDRAFT_MAX_PARAGRAPH_CHARS": "1000"}),
    Case("too-many-paragraphs-md", ".md", _bytes(b"a\n\n" * 101), "more than 100 paragraphs", "limits",
         env={"RESDRAFT_MAX_PARAGRAPHS": "100"}),
    Case("big-text", ".txt", _bytes(DRAFT_MD.encode() * 10), "larger than", "limits", env={_TEXT_MB: "0.001"}),
    Case("bad-limit-variable", ".md", _bytes(DRAFT_MD.encode()), "RESDRAFT_MAX_DOCX_MB", "limits",
         env={"RESDRAFT_MAX_DOCX_MB": "lots"}),
    # -- text that is not text, or not UTF-8
    Case("nul-bytes-md", ".md", _bytes(b"The Assembly,\n\x00\x01\x02\x03binary"), "binary data", "text"),
    Case("latin1-txt", ".txt", _bytes("The Assembly, café".encode("latin-1")), "--encoding cp1252", "text"),
    Case("utf16-no-bom", ".md", _bytes(DRAFT_MD.encode("utf-16-le")), "UTF-16 (little-endian)", "text"),
    Case("utf16be-no-bom", ".txt", _bytes(DRAFT_MD.encode("utf-16-be")), "UTF-16 (big-endian)", "text"),
    Case("utf32-bom", ".md", _bytes(DRAFT_MD.encode("utf-32")), "UTF-32", "text"),
    Case("broken-utf16-bom", ".md", _bytes(codecs.BOM_UTF16_LE + b"T\x00\x00\xd8a\x00"), "byte-order mark", "text"),
    Case("docx-as-md", ".md", _docx_as_md, "rename it to .docx", "text"),
    Case("pdf-as-txt", ".txt", _bytes(b"%PDF-1.4\n1 0 obj"), "PDF file", "text"),
    Case("unknown-encoding", ".md", _bytes(DRAFT_MD.encode()), "unknown encoding", "text",
         options=("--encoding", "klingon-8")),
    Case("wrong-encoding", ".md", _bytes(DRAFT_MD.encode("utf-16-le")), "binary data", "text",
         options=("--encoding", "latin-1")),
)
