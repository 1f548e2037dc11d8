"""The rule engine: registry, the view of a document rules share, and the runs.

A rule is a function registered under its catalogue code with `@rule("RD101")`;
it receives a `Doc` (the resolution, its context and shared lookups) and
yields `Hit`s. The engine adds what the catalogue says about the rule
(category, severity), drops what `--select`/`--ignore` exclude, removes
duplicates and sorts findings in document order. Rules never import the CLI
and never read files; nor does the engine (`resdraft.lintrun` reads files and calls `lint_resolution`).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from resdraft.gcpause import collector_paused
from resdraft.lint.catalogue import RuleInfo, catalogue, resolve_selection
from resdraft.lint.context import LintContext, complete_context
from resdraft.lint.finding import BlockInfo, Finding
from resdraft.lint.profiles import Profile
from resdraft.model import Block, Footnote, Resolution, Token
from resdraft.vocabulary import match_lead

#: Rule modules under resdraft/lint/rules/, imported on first use.
RULE_MODULES = (
    "document",
    "temporal",
    "references",
    "citations",
    "placeholders",
    "ordinals",
    "flattened",
    "numbering",
    "footnotes",
    "punctuation",
    "vocabulary",
    "formatting",
    "duplicates",
)

Where = Block | Footnote


@dataclass
class Hit:
    """What a rule reports; the engine turns it into a `Finding`."""

    where: Where
    start: int
    end: int
    message: str
    fix: str | None = None
    safe: bool = False
    severity: str | None = None  # to lower (never raise) the catalogue's default for one finding
    text: str | None = None  # what to show when the flagged thing is not in the text (a typed number)


#: The rule that says a text is not a resolution; the only one run on such a text.
NOT_A_RESOLUTION = "RD000"

RuleFunc = Callable[["Doc"], Iterable[Hit]]
_REGISTRY: dict[str, RuleFunc] = {}


def rule(code: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a catalogue code."""

    def register(func: RuleFunc) -> RuleFunc:
        if code in _REGISTRY:
            raise RuntimeError(f"rule {code} registered twice")
        _REGISTRY[code] = func
        return func

    return register


@functools.cache
def registry() -> dict[str, RuleFunc]:
    """All rule functions by code; checks that code and catalogue agree."""
    for name in RULE_MODULES:
        importlib.import_module(f"resdraft.lint.rules.{name}")
    known = catalogue()
    missing = sorted(set(known) - set(_REGISTRY))
    extra = sorted(set(_REGISTRY) - set(known))
    if missing or extra:
        raise RuntimeError(f"catalogue and rule code disagree: no code for {missing}, no catalogue entry for {extra}")
    return dict(_REGISTRY)


# --- what rules see ---------------------------------------------------------------------


class Doc:
    """A resolution with its context and the lookups several rules need (computed once)."""

    def __init__(self, resolution: Resolution, context: LintContext) -> None:
        self.resolution = resolution
        self.context = context
        self.profile: Profile = context.profile
        self.blocks = resolution.blocks
        self.footnotes = resolution.footnotes

    def memo(self, key: str, factory: Callable[[], Any]) -> Any:
        """A value several rules share, computed once per document (`factory()` on first use)."""
        cache = self.__dict__.setdefault("_memo", {})
        if key not in cache:
            cache[key] = factory()
        return cache[key]

    @functools.cached_property
    def intro_index(self) -> int:
        """Index of the "The Assembly ...," block, or -1."""
        return next((i for i, b in enumerate(self.blocks) if b.kind == "preamble-intro"), -1)

    @functools.cached_property
    def is_resolution(self) -> bool:
        """Whether the text reads as a resolution at all: it has the line naming the body, or at
        least two paragraphs open with an opener or verb of the vocabulary (a report's numbered
        paragraphs, a text in another language or filler do not)."""
        if self.intro_index >= 0:
            return True
        leads = 0
        for block in self.blocks:
            if block.kind in ("preambular", "operative") and block.lead is not None \
                    and self.lead_matches(block.text, block.lead.start) is not None:
                leads += 1
                if leads >= 2:
                    return True
        return False

    @functools.cached_property
    def text_blocks(self) -> list[Block]:
        """Blocks that carry resolution text: not the front matter, not titles or headings."""
        start = self.intro_index + 1 if self.intro_index >= 0 else 0
        return [b for b in self.blocks[start:] if b.kind not in ("title", "heading")]

    @functools.cached_property
    def main_blocks(self) -> list[Block]:
        """Text blocks of the resolution proper: not in an annex, not in a part written as prose."""
        prose = self.prose_sections
        return [b for b in self.text_blocks if not is_annex(b.section) and b.section not in prose]

    @functools.cached_property
    def prose_sections(self) -> frozenset[str]:
        """Parts written as prose rather than as one resolution sentence: a declaration whose
        numbered paragraphs say "We ..." or end with full stops. Resolution punctuation and
        vocabulary do not apply there (the annex reader may not have marked it as an annex)."""
        groups: dict[str, list[Block]] = {}
        for block in self.text_blocks:
            if block.kind == "operative":
                groups.setdefault(block.section, []).append(block)
        prose = set()
        for section, blocks in groups.items():
            body = blocks[:-1]
            proseish = sum(1 for b in body if b.text.rstrip().endswith(".") or b.text.startswith("We "))
            if len(body) >= 3 and proseish * 2 > len(body):
                prose.add(section)
        return frozenset(prose)

    def where_all(self) -> Iterator[Where]:
        """Every block and footnote, for rules about symbols and placeholders."""
        yield from self.blocks
        yield from self.footnotes

    def where_with(self, kind: type[Token]) -> list[Where]:
        """The blocks and footnotes that hold a token of `kind`, in `where_all` order (listed once per kind: a
        dozen rules each look at one kind of token, which most paragraphs have none of)."""
        found = self._where_with.get(kind)
        if found is None:
            found = self._where_with[kind] = [where for where in self.where_all()  # most have no token at all
                                              if where.tokens and any(isinstance(t, kind) for t in where.tokens)]
        return found

    @functools.cached_property
    def _where_with(self) -> dict[type[Token], list[Where]]:
        return {}

    @functools.cached_property
    def block_by_label(self) -> dict[str, Block]:
        """The first block of each label (`Resolution.block`, which scans the blocks, for every lookup)."""
        found: dict[str, Block] = {}
        for block in self.blocks:
            found.setdefault(block.label, block)
        return found

    @functools.cached_property
    def footnote_numbers(self) -> set[int]:
        return {f.number for f in self.footnotes}

    @functools.cached_property
    def referenced_footnote_numbers(self) -> set[int]:
        """The footnote numbers some block refers to (built once: rules ask per token)."""
        return {ref.number for block in self.blocks for ref in block.footnote_refs}

    def lead_matches(self, text: str, pos: int = 0) -> tuple[str, int] | None:
        """The vocabulary lead at `pos`, including the profile's extra openers and verbs."""
        found = match_lead(text, pos)
        extra = self.profile.extra_lead
        if extra is not None:
            match = extra.match(text, pos)
            if match and (found is None or match.end() > found[1]):
                word = match.group(0).split()[0]
                kind = "preambular" if word.lower().endswith("ing") or word in self.profile.openers else "operative"
                return kind, match.end()
        return found

    @functools.cached_property
    def italic_kinds(self) -> frozenset[str]:
        """Block kinds ("preambular", "operative") whose convention in this document is italic leads:
        most of their leads are italic. A text that sets no opener in italics has no such convention."""
        kinds = set()
        for kind in ("preambular", "operative"):
            leads = [b for b in self.main_blocks if b.kind == kind and b.lead is not None]
            italic = sum(1 for b in leads if is_italic(b, b.lead.start, b.lead.end))  # type: ignore[union-attr]
            if leads and italic * 2 > len(leads) and italic >= 2:
                kinds.add(kind)
        return frozenset(kinds)


def is_annex(section: str) -> bool:
    return section.startswith("Annex")


def is_italic(where: Where, start: int, end: int) -> bool:
    """True when some italic emphasis overlaps the first word of text[start:end]."""
    if not where.emphasis:
        return False
    space = where.text.find(" ", start, end)
    first_end = end if space < 0 else space
    return any(e.style == "italic" and e.start < first_end and e.end > start for e in where.emphasis)


def tokens_of(where: Where, kind: type[Token]) -> list[Any]:
    """Tokens of one kind in a block or a footnote (asked by many rules of every block: most have none)."""
    tokens = where.tokens
    return [t for t in tokens if isinstance(t, kind)] if tokens else []


# --- running ----------------------------------------------------------------------------


def _order(resolution: Resolution) -> dict[int, int]:
    order = {id(b): i for i, b in enumerate(resolution.blocks)}
    base = len(order)
    order.update({id(f): base + i for i, f in enumerate(resolution.footnotes)})
    return order


@collector_paused()  # millions of small objects, none in a cycle: see gcpause
def lint_resolution(resolution: Resolution, context: LintContext | None = None, *,
                    select: list[str] | None = None, ignore: list[str] | None = None) -> list[Finding]:
    """Lint a parsed resolution; findings in document order.

    `context` gives the session, body, year and library (missing parts are read
    from the text where it is unambiguous). `select`/`ignore` take codes,
    code prefixes, categories or rule names.
    """
    context = complete_context(resolution, context)
    codes = resolve_selection(select, default_all=True) - resolve_selection(ignore or [], default_all=False)
    rules = registry()
    infos = catalogue()
    doc = Doc(resolution, context)
    if not doc.is_resolution:
        codes &= {NOT_A_RESOLUTION}  # one note, and no rule built for resolutions
    order = _order(resolution)
    seen: set[tuple[str, int, int, int]] = set()
    found: list[tuple[int, Finding]] = []
    for code, info in infos.items():
        if code not in codes:
            continue
        for hit in rules[code](doc):
            key = (code, id(hit.where), hit.start, hit.end)
            if key in seen:
                continue
            seen.add(key)
            found.append((order.get(id(hit.where), 1 << 30), _finding(info, hit)))
    found.sort(key=lambda pair: (pair[0], pair[1].start, pair[1].end, pair[1].rule))
    return [finding for _, finding in found]


def _finding(info: RuleInfo, hit: Hit) -> Finding:
    severity = info.severity
    if hit.severity is not None and _rank(hit.severity) < _rank(severity):
        severity = hit.severity
    label = hit.where.label
    return Finding(rule=info.code, category=info.category, severity=severity,  # type: ignore[arg-type]
                   paragraph=label, text=hit.text if hit.text is not None else hit.where.text[hit.start:hit.end],
                   start=hit.start, end=hit.end,
                   message=hit.message, fix=hit.fix, fix_safe=bool(hit.safe and hit.fix is not None))


def _rank(severity: str) -> int:
    return {"info": 0, "warning": 1, "error": 2}[severity]


def block_infos(resolution: Resolution) -> dict[str, BlockInfo]:
    infos: dict[str, BlockInfo] = {}
    for index, block in enumerate(resolution.blocks):
        infos.setdefault(block.label, BlockInfo(block.text, block.location.line, index))
    base = len(resolution.blocks)
    for index, footnote in enumerate(resolution.footnotes):
        infos.setdefault(footnote.label, BlockInfo(footnote.text, footnote.location.line, base + index))
    return infos


def is_resolution(resolution: Resolution) -> bool:
    """Whether a file found in a folder is a draft at all (a README is not): it names the body or
    has preambular or operative paragraphs."""
    return any(b.kind in ("preamble-intro", "preambular", "operative") for b in resolution.blocks)


def __getattr__(name: str) -> object:
    """`lint_paths`/`expand_paths` moved to `resdraft.lintrun` (they read files); looked up by name, not imported."""
    if name in ("lint_paths", "expand_paths"):
        import importlib

        return getattr(importlib.import_module("resdraft.lintrun"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
