"""The compilation's summary as a plain table for stdout: paragraph, delegation, change, status."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from resdraft.merge.compile import Compilation

__all__ = ["table"]

_CHANGE_WIDTH = 70


def table(compilation: Compilation) -> str:
    """One line per proposal (one per alternative of a conflict), then one line per conflict."""
    header = ("paragraph", "delegation", "change", "status")
    lines = [(r.paragraph, ", ".join(r.delegations), _cut(r.change),
              r.status + (f" {r.extra.get('number')}/{r.extra.get('of')} (conflict {r.conflict})"
                          if r.conflict is not None else "")) for r in compilation.rows]
    if not lines:
        return "no proposals"
    widths = [max(len(x[k]) for x in [header, *lines]) for k in range(3)]
    out = ["  ".join(x[k].ljust(widths[k]) for k in range(3)) + "  " + x[3] for x in [header, *lines]]
    conflicts = compilation.as_dict()["conflicts"]
    for entry in conflicts:  # type: ignore[attr-defined]
        who = "; ".join(", ".join(a["delegations"]) for a in entry["alternatives"])
        out.append(f"conflict {entry['conflict']} in {entry['paragraph']}: {len(entry['alternatives'])} "
                   f"alternatives ({who})")
    return "\n".join(out)


def _cut(text: str) -> str:
    return text if len(text) <= _CHANGE_WIDTH else text[: _CHANGE_WIDTH - 1] + "\u2026"
