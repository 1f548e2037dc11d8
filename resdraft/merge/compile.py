"""`compile_files`: read BASE and the copies, find and group proposals, and state the compilation."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from resdraft.edits import EditPlan
from resdraft.errors import InputError
from resdraft.merge.conflicts import group_proposals
from resdraft.merge.plan import Row, build_plan
from resdraft.merge.proposals import Proposals, find_proposals
from resdraft.merge.sources import AuthorMap, core_names, make_source, revision_authors
from resdraft.model import RawDocument
from resdraft.redline.compare import _units
from resdraft.redline.comparison import _as_docx, _labels

__all__ = ["Compilation", "compile_files"]


@dataclass
class Compilation:
    """The plan written onto BASE, what the summary lists, and what was said about the inputs."""

    plan: EditPlan
    base: Path  # BASE as .docx
    base_raw: RawDocument
    rows: list[Row]
    delegations: list[str]  # in COPY order, each once
    notes: list[str] = field(default_factory=list)  # "no proposals from X", "two copies from X merged"
    renumbered: int = 0
    copies: list[Proposals] = field(default_factory=list)
    credits: dict[int, list[str]] = field(default_factory=dict)  # id(plan item or alternative) -> delegations
    compiler: str = "resdraft"

    @property
    def conflicts(self) -> int:
        return len({r.conflict for r in self.rows if r.conflict is not None})

    def as_dict(self) -> dict[str, object]:
        conflicts: dict[int, dict[str, object]] = {}
        for r in self.rows:
            if r.conflict is None:
                continue
            entry = conflicts.setdefault(r.conflict, {"conflict": r.conflict, "paragraph": r.paragraph,
                                                      "base": r.old, "alternatives": []})
            entry["alternatives"].append({"delegations": r.delegations, "text": r.new, "change": r.change})  # type: ignore[union-attr]
        return {
            "delegations": self.delegations,
            "copies": [{"file": str(c.source.path), "delegation": c.source.delegation, "from": c.source.how,
                        "proposals": len(c.items)} for c in self.copies],
            "proposals": [{"paragraph": r.paragraph, "delegations": r.delegations, "change": r.change,
                           "status": r.status, "old": r.old, "new": r.new,
                           **({"conflict": r.conflict} if r.conflict is not None else {})} for r in self.rows],
            "conflicts": list(conflicts.values()),
            "renumbered": self.renumbered,
            "notes": self.notes,
        }


def compile_files(base: str | os.PathLike[str], copies: Sequence[str | os.PathLike[str]], workdir: str, *,
                  names: Mapping[str, str] | None = None, author_map: AuthorMap | None = None,
                  compiler: str = "resdraft", date: str | None = None, encoding: str | None = None) -> Compilation:
    """The compilation of `copies` onto `base` (renderings of .md/.txt inputs go to `workdir`).

    `names` maps a copy's path (as given) to its delegation (`--as`).
    Raises `InputError` for an unreadable input or a copy not derived from BASE.
    """
    names = dict(names or {})
    author_map = dict(author_map or {})
    base_path = Path(base)
    base_docx, base_raw = _as_docx(base_path, workdir, "base", encoding)
    base_revs = frozenset(revision_authors(base_docx))
    base_core = set(core_names(base_docx))
    found: list[Proposals] = []
    seen_paths: set[str] = set()
    for k, copy in enumerate(copies):
        path = Path(copy)
        key = os.path.realpath(path)
        if key == os.path.realpath(base_path):
            raise InputError(path, "is BASE itself, not a copy of it")
        if key in seen_paths:
            raise InputError(path, "given twice as a COPY")
        seen_paths.add(key)
        docx, raw = _as_docx(path, workdir, f"copy{k}", encoding)
        source = make_source(path, docx, named=names.get(str(copy)) or names.get(path.name),
                             author_map=author_map, base_revisions=base_revs, base_core=base_core)
        found.append(find_proposals(base_raw, raw, source, k))
    return _compile(base_docx, base_raw, found, compiler=compiler, date=date)


def _compile(base_docx: Path, base_raw: RawDocument, found: list[Proposals], *, compiler: str,
             date: str | None) -> Compilation:
    notes: list[str] = []
    delegations: list[str] = []
    files_of: dict[str, list[str]] = {}
    proposals = []
    for copy in found:
        if not copy.items and not copy.comments:
            notes.append(f"no proposals from {copy.source.delegation} ({copy.source.path.name}): skipped")
            continue
        for p in copy.items:
            if p.delegation not in delegations:
                delegations.append(p.delegation)
        files_of.setdefault(copy.source.delegation, []).append(copy.source.path.name)
        proposals.extend(copy.items)
    for name, files in files_of.items():
        if len(files) > 1:
            notes.append(f"{len(files)} copies from {name} ({', '.join(files)}) merged as one delegation")
    units = _units(base_raw, keep_empty=True)
    texts = {f"@{u.index}": u.marked for u in units}
    texts.update({f"FN{f.number}": f.text for f in base_raw.footnotes})
    groups, inserts = group_proposals(proposals, texts)
    labels = {f"@{index}": label for index, label in _labels(base_raw).items()}
    credits: dict[int, list[str]] = {}
    remarks = [(label, copy.source.delegation, text) for copy in found for label, text in copy.comments]
    plan, rows, renumbered = build_plan(groups, inserts, [(f"@{u.index}", u.marked) for u in units], labels,
                                        compiler=compiler, date=date, credits=credits, remarks=remarks)
    if remarks:
        notes.append(f"{len(remarks)} comment(s) of the delegations carried into the compilation")
    if renumbered:
        notes.append(f"{renumbered} typed paragraph number(s) renumbered by {compiler}")
    return Compilation(plan, base_docx, base_raw, rows, delegations, notes, renumbered, found, credits, compiler)


def write_compilation(compilation: Compilation, out: str | os.PathLike[str], *,
                      inputs: Sequence[str | os.PathLike[str]], force: bool = False) -> None:
    """Write the compilation onto BASE as a tracked-change .docx, atomically."""
    from resdraft.atomic import write_bytes
    from resdraft.redline.writer import apply_plan

    data = apply_plan(compilation.base, compilation.plan, raw=compilation.base_raw)
    write_bytes(out, data, inputs, force=force)
