"""What the linter reports, and how a fix is applied.

A `Finding` points at `text[start:end]` of one block (or footnote) of the
resolution, named by its label (`OP24`, `FN6`). A fix replaces exactly that
slice, so a redliner can turn it into one tracked change and a comment can be
anchored on it; fixes are kept minimal (the symbol, the ordinal, the
punctuation mark with the word it follows), never a whole paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")

#: The fields of a finding in the JSON output, in this order.
JSON_FIELDS: tuple[str, ...] = ("rule", "category", "severity", "paragraph", "text", "start", "end", "message", "fix")


@dataclass
class Finding:
    """One problem: which rule, where (block label and offsets in its text), why, and the fix.

    `fix` is the replacement for `text` (the slice `start:end` of the block's
    text), or None. `fix_safe` says whether the fix can be applied without a
    person reading it (it is not part of the JSON output).
    """

    rule: str
    category: str
    severity: Severity
    paragraph: str
    text: str
    start: int
    end: int
    message: str
    fix: str | None = None
    fix_safe: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: exactly the fields of `JSON_FIELDS`."""
        data = asdict(self)
        return {key: data[key] for key in JSON_FIELDS}


@dataclass(frozen=True)
class BlockInfo:
    """What an output format needs to show a block: its text and where it is in the source."""

    text: str
    line: int = 0  # 1-based source line (.md/.txt), 0 when unknown (.docx)
    index: int = 0  # document order


@dataclass
class FileResult:
    """The findings for one file, or the reason it could not be linted (`error`)."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    format: str = ""
    blocks: dict[str, BlockInfo] = field(default_factory=dict)
    session: int | None = None
    body: str = ""
    year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "findings": [f.to_dict() for f in self.findings]}
        if self.error is not None:
            data["error"] = self.error
        return data


def apply_fixes(text: str, findings: Iterable[Finding], *, safe_only: bool = False) -> str:
    """Apply the fixes of `findings` (all about this `text`) and return the new text.

    A fix whose slice no longer reads `finding.text` (the text changed since
    linting), or that clashes with a fix already taken (`PlanBuilder`, one
    finding per span, earliest first), is skipped: the next lint reports it
    again if it still applies. Fixes are applied from the end so earlier offsets stay valid.
    """
    from resdraft.edits import Edit
    from resdraft.plan import PlanBuilder

    builder = PlanBuilder({"": text}, overlap="exclusive")
    chosen = [f for f in findings if f.fix is not None and (f.fix_safe or not safe_only)]
    for finding in sorted(chosen, key=lambda f: (f.start, f.end)):
        builder.add(Edit("", finding.start, finding.end, finding.fix, expected=finding.text, safe=finding.fix_safe))
    for edit in sorted(builder.items, key=lambda e: (e.start, e.end), reverse=True):  # type: ignore[union-attr]
        assert isinstance(edit, Edit)
        text = text[: edit.start] + (edit.replacement or "") + text[edit.end:]
    return text
