"""The one entry that writes a plan: `write(draft, plan) -> bytes` (and `apply_edit_plan`, path to path).

`resdraft.edits` is pure data (the plan and its rules); applying a plan needs
the writer, so the entry lives here, above both, and `edits` imports nothing
of the redline package (the `edits` <-> `writer` import cycle is gone).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from resdraft.draft import Draft
    from resdraft.edits import EditPlan
    from resdraft.model import Resolution

__all__ = ["apply_edit_plan", "write"]


def write(draft: Draft, plan: EditPlan) -> bytes:
    """`draft` (its .docx form: `Draft.docx`) with `plan` applied as tracked changes, as bytes.

    The plan's labels and offsets are those of `draft.docx.resolution`.
    """
    from resdraft.redline.writer import apply_plan

    word = draft.docx
    return apply_plan(word.package, plan, resolution=word.resolution, raw=word.raw)


def apply_edit_plan(
    docx_in: str | os.PathLike[str],
    plan: EditPlan,
    docx_out: str | os.PathLike[str],
    *,
    resolution: Resolution | None = None,
    force: bool = False,
) -> None:
    """Write `docx_in` with `plan` applied as tracked changes to `docx_out` (atomically).

    `resolution` is `parse_file(docx_in)` when the caller has it already
    (block labels need it; `@n` and `FNn` addresses do not). `docx_out` must
    not be `docx_in`, and must not exist unless `force`.
    """
    from resdraft.atomic import write_bytes
    from resdraft.redline.writer import apply_plan

    data = apply_plan(docx_in, plan, resolution=resolution)
    write_bytes(docx_out, data, [docx_in], force=force)
