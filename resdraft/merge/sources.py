"""Who proposed a copy's changes: `--as`, else its tracked changes' authors, else core.xml, else the file name.

Personal author names ("j.doe") become delegations through the author map,
a flat TOML table. A copy made from BASE carries BASE's own pending
revisions too; those are recognised by (author, date) and are nobody's
proposal.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from resdraft.errors import InputError
from resdraft.ooxml.namespaces import CP_NS, DC_NS, qn
from resdraft.ooxml.package import Package

__all__ = ["AuthorMap", "Source", "core_names", "load_author_map", "revision_authors"]

_REVISIONS = tuple(qn(t) for t in ("w:ins", "w:del", "w:moveTo", "w:moveFrom"))
_PARTS = ("word/document.xml", "word/footnotes.xml")
_CP = f"{{{CP_NS}}}"
_DC = f"{{{DC_NS}}}"


AuthorMap = Mapping[str, str]


def load_author_map(path: Path) -> dict[str, str]:
    """A flat TOML table of personal author names to delegations; anything else is refused."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the author map: {exc.__class__.__name__}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"not a TOML file: {exc}", 'write one line per author: "j.doe" = "Mexico"') from None
    bad = [k for k, v in data.items() if not isinstance(v, str) or not v.strip()]
    if bad:
        raise InputError(path, f"author {bad[0]!r} does not map to a delegation name",
                         'write one line per author: "j.doe" = "Mexico"')
    return {k: v.strip() for k, v in data.items()}


def _xml(path: Path, name: str) -> etree._Element | None:
    """Part `name` of the .docx at `path` through the floor's package (its limits), or None when unreadable."""
    try:
        with Package(path) as pkg:
            return pkg.xml(name)
    except InputError:
        return None


def revision_authors(path: Path) -> list[tuple[str, str | None]]:
    """(author, date) of every pending revision in a .docx body and footnotes, in document order."""
    out: list[tuple[str, str | None]] = []
    for part in _PARTS:
        root = _xml(path, part)
        if root is None:
            continue
        for el in root.iter(*_REVISIONS):
            out.append((el.get(qn("w:author"), ""), el.get(qn("w:date"))))
    return out


def core_names(path: Path) -> list[str]:
    """lastModifiedBy, then creator, from docProps/core.xml (empty names left out)."""
    root = _xml(path, "docProps/core.xml")
    if root is None:
        return []
    names = [root.findtext(f"{_CP}lastModifiedBy"), root.findtext(f"{_DC}creator")]
    return [n.strip() for n in names if n and n.strip()]


@dataclass
class Source:
    """One COPY: its file, the delegation its changes default to, and how that name was found."""

    path: Path
    docx: Path  # the copy as .docx (itself, or its rendering)
    delegation: str
    how: str  # "--as" | "tracked changes" | "core.xml" | "file name"
    fixed: bool  # --as given: every change of the copy is this delegation's
    author_map: AuthorMap
    base_revisions: frozenset[tuple[str, str | None]]

    def delegation_of(self, author: str, date: str | None) -> str | None:
        """The delegation of one of the copy's revisions; None for BASE's own."""
        if (author, date) in self.base_revisions:
            return None
        if self.fixed:
            return self.delegation
        return self.author_map.get(author, author) or self.delegation


def make_source(path: Path, docx: Path, *, named: str | None, author_map: AuthorMap,
                base_revisions: frozenset[tuple[str, str | None]], base_core: set[str]) -> Source:
    """Resolve a copy's delegation in the issue's order of precedence."""
    if named:
        return Source(path, docx, named, "--as", True, author_map, base_revisions)
    authors = Counter(a for a, d in revision_authors(docx) if (a, d) not in base_revisions and a)
    if authors:
        mapped = Counter[str]()
        for author, n in authors.items():
            mapped[author_map.get(author, author)] += n
        best = max(mapped.items(), key=lambda kv: kv[1])[0]  # Counter keeps first-seen order on ties
        return Source(path, docx, best, "tracked changes", False, author_map, base_revisions)
    for name in core_names(docx):
        if name not in base_core:  # a copy saved by the tool that made BASE still says who made BASE
            return Source(path, docx, author_map.get(name, name), "core.xml", False, author_map, base_revisions)
    return Source(path, docx, path.stem, "file name", False, author_map, base_revisions)
