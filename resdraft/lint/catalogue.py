"""The rule catalogue (`rules/catalogue.toml`): codes, names, categories, severities and docs.

The catalogue is data so that `resdraft rules`, `resdraft explain`, the SARIF
rule metadata and the docs all come from one place; the Python side only
holds the rule logic (`resdraft/lint/rules/`). Loading checks every entry
and names the offending rule, as Vale does for its rule files.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from resdraft.errors import ResdraftError, UsageError
from resdraft.resources import load_toml

#: The categories of the JSON field `category`, exactly these.
CATEGORIES: tuple[str, ...] = (
    "document",
    "stale-session",
    "stale-year",
    "cross-reference",
    "duplicate-citation",
    "citation-gap",
    "placeholder",
    "malformed-symbol",
    "ordinal",
    "flattened-edit",
    "numbering",
    "footnote",
    "punctuation",
    "vocabulary",
    "formatting",
    "duplicate-paragraph",
)

#: Doc sections every rule must have (ruff's headings).
DOC_SECTIONS: dict[str, str] = {
    "what": "What it does",
    "why": "Why is this bad?",
    "example": "Example",
    "use_instead": "Use instead",
    "fix_safety": "Fix safety",
}

FIX_KINDS = ("none", "safe", "unsafe", "mixed")  # mixed: safe for some findings, unsafe for others
_CODE = re.compile(r"^RD\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class RuleInfo:
    """A catalogue entry: everything about a rule except its logic."""

    code: str
    name: str
    category: str
    severity: str
    fix: str
    summary: str
    what: str
    why: str
    example: str
    use_instead: str
    fix_safety: str

    @property
    def fixable(self) -> bool:
        return self.fix != "none"

    def docs(self) -> str:
        """The rule's documentation as Markdown, under ruff's headings."""
        parts = [f"# {self.code} {self.name}", "", f"Category: `{self.category}` · default severity: "
                 f"`{self.severity}` · fix: {self.fix}", ""]
        for key, heading in DOC_SECTIONS.items():
            body = getattr(self, key).strip()
            if key in ("example", "use_instead"):
                body = "\n".join("    " + line for line in body.splitlines())
            parts += [f"## {heading}", "", body, ""]
        return "\n".join(parts).rstrip() + "\n"


class CatalogueError(ResdraftError):
    """The catalogue file is broken: a packaging error, reported with the rule it concerns."""


@functools.cache
def catalogue() -> dict[str, RuleInfo]:
    """All rules by code, in catalogue order (checked on first use)."""
    data = load_toml("catalogue.toml")
    rules: dict[str, RuleInfo] = {}
    names: set[str] = set()
    for index, entry in enumerate(data.get("rule", []), start=1):
        where = f"rules/catalogue.toml, rule #{index} ({entry.get('code', '?')})"
        missing = [k for k in ("code", "name", "category", "severity", "fix", "summary", *DOC_SECTIONS)
                   if not str(entry.get(k, "")).strip()]
        if missing:
            raise CatalogueError(f"{where}: missing {', '.join(missing)}")
        if not _CODE.match(entry["code"]) or entry["code"] in rules:
            raise CatalogueError(f"{where}: code must be RD + 3 digits and unique")
        if not _NAME.match(entry["name"]) or entry["name"] in names:
            raise CatalogueError(f"{where}: name must be kebab-case and unique")
        if entry["category"] not in CATEGORIES:
            raise CatalogueError(f"{where}: unknown category {entry['category']!r}")
        if entry["severity"] not in ("error", "warning", "info"):
            raise CatalogueError(f"{where}: severity must be error, warning or info")
        if entry["fix"] not in FIX_KINDS:
            raise CatalogueError(f"{where}: fix must be one of {', '.join(FIX_KINDS)}")
        names.add(entry["name"])
        rules[entry["code"]] = RuleInfo(**{k: str(entry[k]).strip("\n") for k in RuleInfo.__dataclass_fields__})
    return rules


def find_rule(key: str) -> RuleInfo | None:
    """A rule by code (any case) or by name."""
    rules = catalogue()
    upper = key.strip().upper()
    if upper in rules:
        return rules[upper]
    lower = key.strip().lower()
    return next((r for r in rules.values() if r.name == lower), None)


def resolve_selection(keys: list[str] | None, *, default_all: bool) -> set[str]:
    """Codes named by a list of selectors: "ALL", a code, a code prefix ("RD1"), a category or a name.

    Raises `ResdraftError` for a selector that names nothing, so a typo in
    `--select` is an error rather than a silent no-op.
    """
    rules = catalogue()
    if keys is None:
        return set(rules) if default_all else set()
    chosen: set[str] = set()
    for raw in keys:
        key = raw.strip()
        if not key:
            continue
        upper, lower = key.upper(), key.lower()
        if upper == "ALL":
            chosen |= set(rules)
            continue
        matched = {code for code, info in rules.items()
                   if code == upper or (code.startswith(upper) and upper.startswith("RD"))
                   or info.category == lower or info.name == lower}
        if not matched:
            raise UsageError(f"unknown rule selector {key!r} (use a code such as RD101, a prefix such as RD1, "
                                f"a category such as stale-session, or a rule name; see 'resdraft rules')")
        chosen |= matched
    return chosen
