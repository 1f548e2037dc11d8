"""Suppression where the text lives: `resdraft: ignore` in a comment on a paragraph.

A facilitator who has decided that a placeholder stays, or that a reference
is right after all, says so where the text is, so the decision travels with
the draft and the next person sees it:

* in Word, a comment anchored in the paragraph: ``resdraft: ignore RD401``;
* in Markdown, an HTML comment in the paragraph: ``<!-- resdraft: ignore RD401 -->``.

``resdraft: ignore`` alone silences every rule in that paragraph; a list
(``resdraft: ignore RD201, RD3, placeholder``) silences the rules it names,
in the forms `--select` takes (codes, code prefixes, categories, rule
names). The list ends at the end of the line or at a dash, semicolon,
colon, parenthesis or full stop, so a reason may follow:
``resdraft: ignore RD401 - the figure comes in October``. A word in the list
that names no rule silences nothing and is reported, so a typo does not
hide more (or less) than meant.

Footnotes cannot carry their own comments in every format, so findings in
footnote *n* are silenced by a directive on the paragraph whose text
references footnote *n*.

The readers put the comment texts of a paragraph in `Block.comments`; this
module only reads them, so the engine stays free of docx and Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resdraft.errors import ResdraftError
from resdraft.lint.finding import Finding
from resdraft.model import Resolution

__all__ = ["Directive", "Suppression", "apply_suppressions", "directives", "parse_directive"]

#: `resdraft: ignore` (any case, spaces optional around the colon), then the rest of the line.
_DIRECTIVE = re.compile(r"\bresdraft\s*:\s*ignore\b(?P<rest>[^\n]*)", re.IGNORECASE)
#: Where the list of selectors ends and a free-text reason may start.
_LIST_END = re.compile(r"\s(?:-|\u2013|\u2014)|[;:()]|\.(?:\s|$)|--")
_SEPARATORS = re.compile(r"[,\s]+")


@dataclass(frozen=True)
class Directive:
    """One `resdraft: ignore` found in a paragraph's comments.

    `codes` is None for "every rule"; `unknown` holds words of the list that
    name no rule (they silence nothing).
    """

    codes: frozenset[str] | None
    unknown: tuple[str, ...] = ()

    def covers(self, code: str) -> bool:
        return self.codes is None or code in self.codes


@dataclass
class Suppression:
    """What suppression did to one file's findings."""

    kept: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (block label, word that names no rule)


def parse_directive(comment: str) -> Directive | None:
    """The directive in one comment text, or None when the comment holds none."""
    from resdraft.lint.catalogue import resolve_selection

    match = _DIRECTIVE.search(comment)
    if match is None:
        return None
    rest = match.group("rest").lstrip(": \t")  # "resdraft: ignore: RD401" too
    end = _LIST_END.search(rest)
    words = [w for w in _SEPARATORS.split(rest[: end.start()] if end else rest) if w]
    if not words:
        return Directive(None)
    codes: set[str] = set()
    unknown: list[str] = []
    for word in words:
        try:
            codes |= resolve_selection([word], default_all=False)
        except ResdraftError:
            unknown.append(word)
    return Directive(frozenset(codes), tuple(unknown))


def directives(resolution: Resolution) -> dict[str, list[Directive]]:
    """Directives by block label; a footnote's label gets those of the paragraphs referencing it."""
    found: dict[str, list[Directive]] = {}
    for block in resolution.blocks:
        parsed = [d for d in (parse_directive(c) for c in block.comments) if d is not None]
        if not parsed:
            continue
        found.setdefault(block.label, []).extend(parsed)
        for number in block.footnotes:
            found.setdefault(f"FN{number}", []).extend(parsed)
    return found


def apply_suppressions(resolution: Resolution, findings: list[Finding]) -> Suppression:
    """Split `findings` into those kept and those a `resdraft: ignore` comment silences."""
    by_label = directives(resolution)
    result = Suppression()
    reported: set[tuple[str, str]] = set()
    for block in resolution.blocks:
        for directive in by_label.get(block.label, []):
            for word in directive.unknown:
                if (block.label, word) not in reported:
                    reported.add((block.label, word))
                    result.unknown.append((block.label, word))
    for finding in findings:
        here = by_label.get(finding.paragraph, ())
        if any(d.covers(finding.rule) for d in here):
            result.suppressed.append(finding)
        else:
            result.kept.append(finding)
    return result
