"""Decode a text file: UTF-8, UTF-8 with BOM and UTF-16 with BOM, or an explicit encoding.

Anything else is refused with a message that says what the bytes look like
(UTF-16 without a byte-order mark, Windows-1252, binary data) and which
`--encoding` would read it, rather than guessing: a wrong guess silently
changes characters in a text that is about to be issued.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from resdraft.errors import InputError, LimitExceeded
from resdraft.limits import Limits

_RESAVE = "re-save it as UTF-8"


def read_text(path: str | Path, *, encoding: str | None = None, limits: Limits | None = None) -> str:
    """The text of `path`; `InputError` (one line, with a remedy) when it is not text we can decode."""
    data = _read_bytes(path, limits)
    if encoding:
        return _decode_as(path, data, encoding)
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise InputError(path, "UTF-32 text, which resdraft does not read by default",
                         f"pass --encoding utf-32 or {_RESAVE}")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"starts with a {codec.upper()} byte-order mark but does not decode as"
                                 f" {codec.upper()} (byte {exc.start})", _RESAVE) from None
            return _no_nul(path, text)
    if b"\0" in data:
        raise _nul_error(path, data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, data, exc) from None


def _read_bytes(path: str | Path, limits: Limits | None) -> bytes:
    """The file's bytes; with `limits`, never more than `max_text_bytes` of them (a device never ends)."""
    try:
        with open(path, "rb") as handle:
            if limits is None:
                return handle.read()
            if os.fstat(handle.fileno()).st_size > limits.max_text_bytes:
                raise _too_big(path, limits)
            data = handle.read(limits.max_text_bytes + 1)
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file", "give the path of a .docx, .md or .txt draft") from None
    except FileNotFoundError:
        raise InputError(path, "no such file", "check the path") from None
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > limits.max_text_bytes:
        raise _too_big(path, limits)
    return data


def _too_big(path: str | Path, limits: Limits) -> LimitExceeded:
    env = limits.env_name("max_text_bytes")
    return LimitExceeded(path, f"text file larger than {limits.describe('max_text_bytes')}",
                         f"split the draft, or raise the limit with {env}", limit="max_text_bytes", env=env)


def _decode_as(path: str | Path, data: bytes, encoding: str) -> str:
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r} given with --encoding",
                         "use e.g. utf-8, utf-16, cp1252 or latin-1") from None
    if not _is_text_codec(codec):
        raise InputError(path, f"{encoding!r} is not a text encoding", "use e.g. utf-8, utf-16, cp1252 or latin-1")
    name = codec.name
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"  # a BOM is not part of the text
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"does not decode as {encoding} (byte {exc.start}: {exc.reason})",
                         f"pass the file's real encoding with --encoding, or {_RESAVE}") from None
    except Exception as exc:  # codecs raise what they like on odd input (e.g. ValueError)
        raise InputError(path, f"does not decode as {encoding} ({type(exc).__name__})",
                         f"pass the file's real encoding with --encoding, or {_RESAVE}") from None
    return _no_nul(path, text)


def _is_text_codec(codec: codecs.CodecInfo) -> bool:
    """True for bytes->str codecs (not base64, zlib or rot13, which `codecs.lookup` also knows)."""
    return getattr(codec, "_is_text_encoding", True)


def _no_nul(path: str | Path, text: str) -> str:
    """Decoded text must not hold NUL characters: those are binary data, whatever the encoding said."""
    index = text.find("\0")
    if index >= 0:
        raise InputError(path, f"binary data, not text (a NUL character at position {index})",
                         "is it a Word or PDF file with the wrong name? give a .docx, .md or .txt draft")
    return text


def _nul_error(path: str | Path, data: bytes) -> InputError:
    """NUL bytes without a byte-order mark: UTF-16 that lost its BOM, or binary data."""
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4 and odd and odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return InputError(path, "looks like UTF-16 (little-endian) text without a byte-order mark",
                          f"pass --encoding utf-16-le, or {_RESAVE}")
    if len(sample) >= 4 and even and even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return InputError(path, "looks like UTF-16 (big-endian) text without a byte-order mark",
                          f"pass --encoding utf-16-be, or {_RESAVE}")
    return InputError(path, f"binary data, not text (a NUL byte at offset {data.index(0)})",
                      "is it a Word or PDF file with the wrong name? give a .docx, .md or .txt draft")


def _not_utf8(path: str | Path, data: bytes, exc: UnicodeDecodeError) -> InputError:
    """Name the likely encoding of a file that is not UTF-8 and say how to read it."""
    byte = data[exc.start]
    try:
        data.decode("cp1252")
        guess, flag = "Windows-1252 (Western European)", "cp1252"
    except UnicodeDecodeError:
        guess, flag = "Latin-1 or another 8-bit encoding", "latin-1"
    return InputError(path, f"not UTF-8 text (byte 0x{byte:02X} at offset {exc.start}); it looks like {guess}",
                      f"{_RESAVE}, or pass --encoding {flag}")
