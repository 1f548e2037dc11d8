"""Decode a text file: UTF-8, UTF-8 with BOM and UTF-16 with BOM, or an explicit encoding."""

from __future__ import annotations

import codecs
from pathlib import Path

from resdraft.errors import InputError


def read_text(path: str | Path, *, encoding: str | None = None) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(path, f"cannot decode as {encoding} ({exc})") from None
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(path, f"the file starts with a {codec} byte-order mark but does not decode",
                                 "re-save it as UTF-8") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})",
                         "re-save it as UTF-8 or pass --encoding") from None
