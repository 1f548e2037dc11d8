"""The CO codes of carry-over (`[[code]]` in rules/carryover.toml), as catalogue entries.

They share the RD rules' fields and pages (`resdraft explain CO101`, docs/rules/CO101.md), and
`carry-over --select/--ignore` choose among them by code, prefix ("CO2") or name.
"""

from __future__ import annotations

import functools
import re

from resdraft.errors import UsageError
from resdraft.lint.catalogue import DOC_SECTIONS, FIX_KINDS, CatalogueError, RuleInfo
from resdraft.resources import load_toml

CATEGORY = "carry-over"
_CODE = re.compile(r"^CO\d{3}$")


@functools.cache
def carry_codes() -> dict[str, RuleInfo]:
    """Every CO code, in file order (checked on first use; an error names the entry)."""
    codes: dict[str, RuleInfo] = {}
    for index, entry in enumerate(load_toml("carryover.toml").get("code", []), start=1):
        where = f"rules/carryover.toml, code #{index} ({entry.get('code', '?')})"
        missing = [k for k in ("code", "name", "severity", "fix", "summary", *DOC_SECTIONS)
                   if not str(entry.get(k, "")).strip()]
        if missing:
            raise CatalogueError(f"{where}: missing {', '.join(missing)}")
        if not _CODE.match(entry["code"]) or entry["code"] in codes:
            raise CatalogueError(f"{where}: code must be CO + 3 digits and unique")
        if entry["severity"] not in ("error", "warning", "info") or entry["fix"] not in FIX_KINDS:
            raise CatalogueError(f"{where}: severity must be error, warning or info; fix one of "
                                 f"{', '.join(FIX_KINDS)}")
        fields = {k: str(entry[k]).strip("\n") for k in RuleInfo.__dataclass_fields__ if k != "category"}
        codes[entry["code"]] = RuleInfo(category=CATEGORY, **fields)
    return codes


def find_code(key: str) -> RuleInfo | None:
    codes = carry_codes()
    upper = key.strip().upper()
    return codes.get(upper) or next((c for c in codes.values() if c.name == key.strip().lower()), None)


def _resolve(keys: list[str]) -> set[str]:
    codes = carry_codes()
    chosen: set[str] = set()
    for raw in keys:
        key = raw.strip()
        if not key:
            continue
        upper = key.upper()
        matched = set(codes) if upper in ("ALL", CATEGORY.upper()) else {
            code for code, info in codes.items() if code.startswith(upper) or info.name == key.lower()}
        if not matched:
            raise UsageError(f"unknown carry-over code {key!r} (use a code such as CO101, a prefix such as CO2, "
                             f"or a name; see 'resdraft explain CO101')")
        chosen |= matched
    return chosen


def selected_codes(select: list[str] | None, ignore: list[str] | None) -> set[str]:
    """The codes a run proposes: all, or those of --select, less those of --ignore."""
    chosen = _resolve(select) if select else set(carry_codes())
    return chosen - (_resolve(ignore) if ignore else set())
