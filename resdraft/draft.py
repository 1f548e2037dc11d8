"""`Draft`: a draft opened once, and everything a command derives from it.

Every command starts from a path and needs some of: the parsed
`Resolution`, the raw `.docx` package (to write tracked changes onto), and,
for a .md/.txt draft, a `.docx` rendering parsed again (tracked changes and
comments need Word paragraphs, and the plan's offsets must be those of the
rendering). Before `Draft` each command did this itself, parsing the same
file two or three times; now a command opens one `Draft` and hands it down:

    draft = Draft.open(path, encoding=encoding)   # sniffed, limits applied, parsed once
    draft.resolution                              # the parsed draft
    word = draft.docx                             # itself for a .docx, else the rendering (cached)
    word.package                                  # the .docx bytes, for `redline.writer.apply_plan`
    word.resolution                               # labels and offsets of those bytes
    word = Draft.open_docx(path)                  # the same .docx form, the .md/.txt model freed on the way

`Draft.docx` of a .md/.txt draft keeps `path` (messages name the user's
file). It holds no reference to the .md/.txt draft, nor the reader's `RawDocument` of the rendering
(nothing reads it: a rendering has no page furniture, and its notes are in the `Resolution`), so a
command that keeps only the rendering frees the rest: tens of MiB on a long draft. `open_docx` is that
command's way in: `Draft.open(path).docx` would keep the .md/.txt model alive while its rendering is parsed,
and the two together set the peak of a long carry-over. No output is written (the reader reads the rendering
from a temporary file).
"""

from __future__ import annotations

import functools
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from resdraft.limits import Limits
    from resdraft.model import RawDocument, Resolution
    from resdraft.render import Numbering

__all__ = ["Draft"]


@dataclass(eq=False)
class Draft:
    """One draft: where it came from, the parsed `Resolution`, and (lazily) its .docx form."""

    path: Path
    resolution: Resolution
    raw: RawDocument | None = None
    data: bytes | None = None  # the .docx package when it is not (only) on disk: a rendering
    encoding: str | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, encoding: str | None = None,
             limits: Limits | None = None) -> Draft:
        """Read and parse `path` once: the reader is chosen by sniffing, `limits` are applied (`InputError`)."""
        from resdraft.readers import read_document
        from resdraft.structure import build_resolution

        raw = read_document(path, encoding=encoding, limits=limits)
        return cls(Path(path), build_resolution(raw), raw=raw, encoding=encoding)

    @classmethod
    def open_docx(cls, path: str | os.PathLike[str], *, encoding: str | None = None,
                  limits: Limits | None = None) -> Draft:
        """`Draft.open(path).docx`, for a command that needs only the .docx form: a .md/.txt draft's own model is
        freed once it is rendered, before the rendering is parsed (not both alive: 30 MiB on a long draft)."""
        draft = cls.open(path, encoding=encoding, limits=limits)
        if draft.is_docx:
            return draft
        data = draft.render_bytes()
        del draft
        return cls.of_rendering(Path(path), data)

    @classmethod
    def of(cls, path: str | os.PathLike[str], resolution: Resolution | None = None, *,
           encoding: str | None = None) -> Draft:
        """A `Draft` for `path`, reusing `resolution` when the caller has parsed it already."""
        if resolution is None:
            return cls.open(path, encoding=encoding)
        return cls(Path(path), resolution, encoding=encoding)

    @property
    def format(self) -> str:
        """"docx", "markdown" or "text": the format of the text `resolution` was read from."""
        return self.resolution.format

    @property
    def is_docx(self) -> bool:
        return self.resolution.format == "docx"

    @functools.cached_property
    def package(self) -> bytes:
        """The .docx bytes (read from `path` once; a rendering holds them in memory)."""
        if self.data is not None:
            return self.data
        if not self.is_docx:
            return self.docx.package
        return self.path.read_bytes()

    @functools.cached_property
    def docx(self) -> Draft:
        """This draft as Word reads it: itself for a .docx, else its rendering (typed numbers), parsed again."""
        if self.is_docx:
            return self
        return self.rendered("typed")

    def rendered(self, numbering: Numbering = "typed") -> Draft:
        """A .docx rendering of `resolution` (`render.render_docx_bytes`), parsed again as a `Draft`."""
        return Draft.of_rendering(self.path, self.render_bytes(numbering))

    def render_bytes(self, numbering: Numbering = "typed") -> bytes:
        """`resolution` rendered as .docx bytes (`render.render_docx_bytes`)."""
        from resdraft.render import render_docx_bytes

        return render_docx_bytes(self.resolution, numbering=numbering)

    @classmethod
    def of_rendering(cls, path: Path, data: bytes) -> Draft:
        """The `Draft` of a rendering of `path`'s draft: `data` parsed, messages naming `path`."""
        from resdraft.readers.docx import read_docx
        from resdraft.structure import build_resolution

        with tempfile.TemporaryDirectory(prefix="resdraft-") as tmp:
            rendering = Path(tmp) / f"{path.stem or 'draft'}.docx"
            rendering.write_bytes(data)
            raw = read_docx(rendering)
        return cls(path, build_resolution(raw), data=data)

    @property
    def inputs(self) -> list[Path]:
        """The files an output must never overwrite: the draft's own path."""
        return [self.path]
