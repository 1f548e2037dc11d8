"""`resdraft lint FILE --annotate OUT.docx`: the draft with every finding as a Word comment.

Facilitators work in Word, not in a terminal: the annotated copy puts each
finding where it is, as a comment by "resdraft" anchored on the flagged text
(`RD321 [error] message — fix: 'ICC-ASP/20/Res.2'`). Nothing in the text
changes; `resdraft fix` is the command that proposes changes.

Each finding is a comment-only `Edit` of the shared edit plan, written by the
ordinary plan writer. A plan refuses two comments on overlapping text (the
writer would have to interleave their ranges), so the `PlanBuilder` lays
findings out in layers of non-overlapping comments and the writer runs once per layer: a
comment changes no text, so every layer's offsets stay valid. A draft given
as .md/.txt is rendered to .docx first, and its findings are moved onto the
rendering's paragraphs by label.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from resdraft.edits import Edit
from resdraft.lint.finding import Finding
from resdraft.model import Resolution
from resdraft.ooxml.namespaces import qn
from resdraft.ooxml.package import Package
from resdraft.plan import PlanBuilder, anchor_span

if TYPE_CHECKING:
    from resdraft.draft import Draft

__all__ = ["AUTHOR", "Annotated", "anchor_span", "annotate", "annotation_edits", "comment_text", "count_comments"]

AUTHOR = "resdraft"


@dataclass(frozen=True)
class Annotated:
    """What `annotate` wrote: the output, the number of findings and of comments by `AUTHOR` added."""

    out: Path
    findings: int
    comments: int

    @property
    def complete(self) -> bool:
        return self.comments == self.findings


def comment_text(finding: Finding) -> str:
    """`RD321 [error] message — fix: 'ICC-ASP/20/Res.2'` (an unsafe fix says so)."""
    text = f"{finding.rule} [{finding.severity}] {finding.message}"
    if finding.fix is not None:
        what = repr(finding.fix) if finding.fix else f"delete {finding.text!r}"
        text += f" \u2014 fix{'' if finding.fix_safe else ' (unsafe, check it)'}: {what}"
    return text


def annotation_edits(resolution: Resolution, findings: Sequence[Finding]) -> list[Edit]:
    """One comment-only edit per finding, anchored on its text (an empty span on the next word).

    A finding whose paragraph the resolution does not have (the text was
    rendered differently) is anchored on the first paragraph, so that no
    finding goes without its comment.
    """
    texts = {b.label: b.text for b in resolution.blocks}
    for footnote in resolution.footnotes:
        texts.setdefault(footnote.label, footnote.text)
    first = next((b.label for b in resolution.blocks if b.text.strip()), None)
    edits: list[Edit] = []
    for finding in findings:
        label, start, end = finding.paragraph, finding.start, finding.end
        text = texts.get(label)
        if text is not None and text[start:end] != finding.text and finding.text and finding.text in text:
            start = text.find(finding.text)  # the rendering moved the text within its paragraph
            end = start + len(finding.text)
        if text is None or not text.strip():
            if first is None:
                continue
            label, start, end, text = first, 0, 0, texts[first]
        start, end = anchor_span(text, start, end)
        edits.append(Edit(label=label, start=start, end=end, replacement=None, comment=comment_text(finding),
                          code=finding.rule))
    return edits


def _layers(edits: Sequence[Edit]) -> list[list[Edit]]:
    """Edits in as few layers as possible such that no two comments of one layer overlap (`PlanBuilder`)."""
    builder = PlanBuilder(author=AUTHOR)
    builder.extend(edits)
    return builder.comment_layers()


def count_comments(docx: str | os.PathLike[str] | bytes | io.BytesIO, author: str = AUTHOR) -> int:
    """Comments by `author` in a .docx (0 when it has no comments part); read through the floor's `Package`,
    so the size limits and the safe XML parser apply here as everywhere."""
    source = docx.getvalue() if isinstance(docx, io.BytesIO) else docx
    with Package(source) as package:
        root = package.xml("word/comments.xml")
    if root is None:
        return 0
    return sum(1 for c in root.iter(qn("w:comment")) if c.get(qn("w:author")) == author)


def annotate(source: Draft | str | os.PathLike[str], findings: Sequence[Finding], out: str | os.PathLike[str], *,
             resolution: Resolution | None = None, date: str | None = None, force: bool = False,
             encoding: str | None = None) -> Annotated:
    """Write `out`: `source` (a .docx, or a .md/.txt rendered to one) with a comment per finding.

    `source` is an opened `Draft` (or a path, with its `resolution` when the
    caller has parsed it); `findings` are those of `source`. The output is
    written atomically and never over `source`; `source` is not touched.
    """
    from resdraft.atomic import check_output, write_bytes
    from resdraft.draft import Draft
    from resdraft.redline.writer import apply_plan

    draft = source if isinstance(source, Draft) else Draft.of(source, resolution, encoding=encoding)
    check_output(out, draft.inputs, force=force)
    word = draft.docx  # a .md/.txt draft: its rendering; the findings move onto it by label
    before = count_comments(io.BytesIO(word.package)) if draft.is_docx else 0
    builder = PlanBuilder.for_resolution(word.resolution, author=AUTHOR, date=date)
    builder.extend(annotation_edits(word.resolution, findings))
    data = word.package
    for plan in builder.plans():
        data = apply_plan(data, plan, resolution=word.resolution)
    written = write_bytes(out, data, draft.inputs, force=force)
    return Annotated(written, len(findings), count_comments(written) - before)
