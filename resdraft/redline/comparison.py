"""Compare two draft files and write the redline: read both as .docx, plan (`compare.compare_raw`), write.

A .md or .txt draft is first rendered as a .docx (typed numbers), so that the plan addresses
OLD's paragraphs as Word shows them. Each draft's package is opened once: the reader, the layout,
the change list's link and header steps and the writer (OLD) share it, so no part is parsed twice.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from resdraft.edits import EditPlan
from resdraft.gcpause import collector_paused
from resdraft.model import RawDocument
from resdraft.redline.compare import Change, compare_raw
from resdraft.redline.layout import layout

if TYPE_CHECKING:
    from resdraft.ooxml.package import Package

__all__ = ["Comparison", "LinkRun", "compare_files", "compare_to_bytes", "redline_bytes", "write_redline"]


@dataclass
class Comparison:
    """The plan that turns OLD into NEW, the change list, and the .docx the plan applies to."""

    plan: EditPlan
    changes: list[Change]
    base: Path  # OLD as .docx (OLD itself, or its rendering)
    old_raw: RawDocument
    new_raw: RawDocument
    new_docx: Path | None = None  # NEW as .docx: its headers and footers are compared after the body
    # what `compare_files` opened and found, so that `redline_bytes` need not open and parse it again:
    new_package: Package | None = field(default=None, repr=False, compare=False)  # NEW, open (read only)
    links: LinkRun | None = field(default=None, repr=False, compare=False)  # its dry run of the link tracking
    # OLD (`base`), open and only read: the writer writes into it, once (`redline_bytes` then drops it)
    old_package: Package | None = field(default=None, repr=False, compare=False)

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.kind] = counts.get(change.kind, 0) + 1
        return dict(sorted(counts.items()))


@dataclass(frozen=True)
class LinkRun:
    """The link tracking `compare_files` ran on OLD for the change list: were targets changed, and the result.

    `old` is OLD with the links tracked, kept when the run used the plan's own date (then it is what
    `redline_bytes` would make again); None otherwise, or when nothing changed.
    """

    changed: bool
    old: Package | None = None


def _as_docx(path: Path, workdir: str, role: str, encoding: str | None = None,
             opened: dict[str, Package] | None = None) -> tuple[Path, RawDocument]:
    """OLD or NEW as a .docx and as read: the file itself, or a .md/.txt draft rendered with typed numbers.

    Every input goes through `read_document` first, so a broken, legacy or
    hostile file is named the same way for `compare` as for every other command.
    `opened` receives the package the .docx was read from, left open (`read_docx`).
    """
    from resdraft.readers import read_document
    from resdraft.readers.docx import read_docx

    raw = read_document(path, encoding=encoding, opened=opened)
    if raw.format == "docx":
        return path, raw
    from resdraft.render import render_docx
    from resdraft.structure import build_resolution

    out = Path(workdir, f"{role}-{path.stem}.docx")
    render_docx(build_resolution(raw), out, numbering="typed")
    return out, read_docx(out, opened=opened)


def _labels(raw: RawDocument) -> dict[int, str]:
    from resdraft.structure import build_resolution

    return {b.location.index: b.label for b in build_resolution(raw).blocks}


@collector_paused()  # reading and diffing allocate ~10^5 acyclic objects: collections would walk them again and again
def compare_files(old: str | os.PathLike[str], new: str | os.PathLike[str], workdir: str, *,
                  author: str = "resdraft", date: str | None = None, labels: bool = False,
                  encoding: str | None = None) -> Comparison:
    """Compare two drafts (.docx, .md, .txt); renderings of .md/.txt go to `workdir`.

    `labels=True` names blocks as the parser does ("OP12") in the change
    list, at the cost of a full parse; otherwise paragraphs are named `@n`.
    """
    old_path, new_path = Path(old), Path(new)
    opened: dict[str, Package] = {}  # the packages the reader parsed, open: each part is parsed once, only read
    base, old_raw = _as_docx(old_path, workdir, "old", encoding, opened)
    old_pkg = opened.pop(os.fspath(base))
    new_docx, new_raw = _as_docx(new_path, workdir, "new", encoding, opened)
    new_pkg = opened.pop(os.fspath(new_docx))
    keep_empty = base == old_path and new_docx == new_path
    old_labels = _labels(old_raw) if labels else None
    new_labels = _labels(new_raw) if labels else None
    old_places, old_formats = layout(old_pkg)
    new_places, new_formats = layout(new_pkg)
    plan, changes = compare_raw(old_raw, new_raw, author=author, date=date, old_labels=old_labels,
                                new_labels=new_labels, keep_empty=keep_empty, old_layout=old_places,
                                new_layout=new_places, new_source=os.fspath(new_docx),
                                signatures=(old_formats, new_formats))
    links, link_changes = _link_changes(base, old_pkg, new_pkg, plan, old_labels)
    changes.extend(link_changes)
    changes.extend(_story_changes(old_pkg, new_pkg))
    return Comparison(plan, changes, base, old_raw, new_raw, new_docx, new_package=new_pkg, links=links,
                      old_package=old_pkg)


def _link_changes(base: Path, old: Package, new: Package, plan: EditPlan,
                  labels: dict[int, str] | None) -> tuple[LinkRun, list[Change]]:
    """Hyperlinks whose target alone changed, for the change list (tracked by `redline_bytes`).

    The tracking changes the package it runs on, so it runs on a fresh copy of OLD, and only
    when OLD (`old`, only read here) has a link at all.
    """
    from resdraft.ooxml.package import Package
    from resdraft.redline.links import has_links, track_link_targets

    if not has_links(old):
        return LinkRun(False), []
    tracked = Package(base)
    found = track_link_targets(tracked, new, skip=_planned(plan), author=plan.author,
                               date=plan.date or "2000-01-01T00:00:00Z")
    run = LinkRun(bool(found), tracked if found and plan.date is not None else None)
    return run, [Change((labels or {}).get(i, f"@{i}"), "link", was, now, {"text": text})
                 for i, text, was, now in found]


def _story_changes(old: Package, new: Package) -> list[Change]:
    """Header and footer changes for the change list (tracked in their parts by `redline_bytes`)."""
    from resdraft.redline.headers import story_changes

    return [Change(where, "replace", o, n) for where, o, n in story_changes(old, new)]


def write_redline(comparison: Comparison, out: str | os.PathLike[str], *, inputs: Sequence[str | os.PathLike[str]],
                  force: bool = False) -> None:
    """Write the comparison's plan onto OLD as a tracked-change .docx, atomically."""
    from resdraft.atomic import write_bytes

    write_bytes(out, redline_bytes(comparison), inputs, force=force)


@collector_paused()  # the writer and the steps after it (the writer alone pauses already)
def redline_bytes(comparison: Comparison) -> bytes:
    """The body plan written onto OLD, then the header and footer changes tracked in their parts."""
    from resdraft.edits import normalize_date
    from resdraft.ooxml.package import Package
    from resdraft.ooxml.revisions import RevisionIds
    from resdraft.redline.fieldresults import whole_field_changes
    from resdraft.redline.headers import package_roots, track_headers
    from resdraft.redline.links import track_link_targets
    from resdraft.redline.writer import apply_plan

    plan = comparison.plan
    author, date = plan.author, plan.date or normalize_date(None)
    new = comparison.new_package
    if new is None and comparison.new_docx is not None:
        new = Package(comparison.new_docx)
    source: Path | bytes = comparison.base
    package, comparison.old_package = comparison.old_package, None  # written into below: used once
    links = comparison.links
    if new is not None and (links is None or links.changed):
        old = links.old if links is not None and links.old is not None else None
        if old is None:
            old = Package(comparison.base)
            if not track_link_targets(old, new, skip=_planned(plan), author=author, date=date):
                old = None
        if old is not None:
            source = old.save()  # link targets first: they add no paragraph, the plan's addresses stay right
            package = None
    if plan.date is None:
        plan = dataclasses.replace(plan, date=date)  # one stamp for the writer and the steps after it
    shared = {os.fspath(comparison.new_docx): new} if new is not None and comparison.new_docx is not None else None
    data = apply_plan(source, plan, raw=comparison.old_raw, sources=shared, package=package)
    out = Package(data)
    # the output is parsed again only for a field result to rewrite or a header to track
    main = out.data(out.main) or b""
    changed = b"fldChar" in main and bool(
        whole_field_changes(out.xml(out.main), RevisionIds(package_roots(out)), author=author, date=date))
    if changed:
        out.xml(out.main, write=True)
    has_headers = b"headerReference" in main or b"footerReference" in main
    if new is not None and has_headers and track_headers(out, new, author=author, date=date):
        changed = True
    return out.save() if changed else data


def _planned(plan: EditPlan) -> set[int]:
    """OLD's body paragraphs that a plan item edits, deletes, moves or restyles (not mere anchors)."""
    from dataclasses import fields

    from resdraft.edits import raw_index

    out: set[int] = set()
    for item in plan.edits:
        for f in fields(item):
            value = getattr(item, f.name)
            if f.name not in ("after", "like") and isinstance(value, str):
                index = raw_index(value)
                if index is not None:
                    out.add(index)
    return out


def compare_to_bytes(old: str | os.PathLike[str], new: str | os.PathLike[str], *, author: str = "resdraft",
                     date: str | None = None) -> bytes:
    """Compare and return the redline .docx as bytes (tests, benchmarks)."""
    with tempfile.TemporaryDirectory(prefix="resdraft-") as workdir:
        comparison = compare_files(old, new, workdir, author=author, date=date)
        return redline_bytes(comparison)
