"""Input limits: how much resdraft agrees to unpack and read before it refuses a file.

Drafts arrive from many hands, and in CI a pull request may carry a file made
to exhaust the checker (a zip bomb, a million empty paragraphs). Every reader
enforces these limits *before* the grammar sees the text, and the .docx reader
enforces the size limits while it unpacks, counting the bytes it actually
gets rather than trusting the sizes a zip header declares.

Defaults are far above any real resolution (the longest omnibus texts are a
few hundred paragraphs, under 1 MB) yet keep memory bounded. Each limit can be
tightened or raised per run through an environment variable, e.g.
``RESDRAFT_MAX_DOCX_MB=20 resdraft lint drafts/``; sizes are in MB of
1,048,576 bytes and may be fractional.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from resdraft.errors import UsageError

__all__ = ["ENV_VARS", "MB", "Limits", "default_limits"]

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much of an input file resdraft reads; exceeding one is an input error (exit code 2)."""

    #: Total uncompressed bytes of the .docx parts read (and of all entries, as the zip declares them).
    max_docx_bytes: int = 200 * MB
    #: Uncompressed bytes of any single part of a .docx (word/document.xml, styles.xml, ...).
    max_part_bytes: int = 50 * MB
    #: Entries in the zip directory of a .docx (Word writes 10 to 30; images add one each).
    max_zip_entries: int = 2_000
    #: XML elements in the parts of a .docx read, counted before parsing: an element costs
    #: about 130 bytes of memory parsed, so this bounds memory however small the tags are.
    max_xml_elements: int = 2_000_000
    #: Paragraphs in a draft (body paragraphs of a .docx, blocks of a .md/.txt), footnotes included.
    max_paragraphs: int = 100_000
    #: Characters in one paragraph; a 5 MB paragraph (5,242,880 characters) passes.
    max_paragraph_chars: int = 6_000_000
    #: Bytes of a .md/.txt file.
    max_text_bytes: int = 50 * MB

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"Limits.{item.name} must be a positive integer, not {value!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, overridden by any `RESDRAFT_MAX_*` variable that is set (see `ENV_VARS`)."""
        environ = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for name, (field_name, unit) in ENV_VARS.items():
            raw = environ.get(name)
            if raw is None or not raw.strip():
                continue
            try:
                number = float(raw.strip().replace("_", ""))
            except ValueError:
                number = math.nan
            if not math.isfinite(number) or number <= 0 or number * unit < 1:
                raise UsageError(f"environment variable {name}={raw!r}: expected a positive number"
                                 f"{' of MB' if unit == MB else ''}; unset it to use the default")
            values[field_name] = int(number * unit)
        return cls(**values)

    def env_name(self, field_name: str) -> str:
        """The environment variable that sets `field_name` (for messages that say how to raise it)."""
        return next(name for name, (f, _) in ENV_VARS.items() if f == field_name)

    def describe(self, field_name: str) -> str:
        """A limit as a user sets it: "50 MB" or "100000"."""
        value = getattr(self, field_name)
        unit = ENV_VARS[self.env_name(field_name)][1]
        if unit == MB:
            return f"{value / MB:g} MB" if value >= MB else f"{value:,} bytes"
        return f"{value:,}"


#: Environment variable -> (Limits field, unit multiplier).
ENV_VARS: dict[str, tuple[str, int]] = {
    "RESDRAFT_MAX_DOCX_MB": ("max_docx_bytes", MB),
    "RESDRAFT_MAX_PART_MB": ("max_part_bytes", MB),
    "RESDRAFT_MAX_ZIP_ENTRIES": ("max_zip_entries", 1),
    "RESDRAFT_MAX_XML_ELEMENTS": ("max_xml_elements", 1),
    "RESDRAFT_MAX_PARAGRAPHS": ("max_paragraphs", 1),
    "RESDRAFT_MAX_PARAGRAPH_CHARS": ("max_paragraph_chars", 1),
    "RESDRAFT_MAX_TEXT_MB": ("max_text_bytes", MB),
}


def default_limits() -> Limits:
    """The limits in force when a caller passes none: the defaults plus the environment."""
    return Limits.from_env()
