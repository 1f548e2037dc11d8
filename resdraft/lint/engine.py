"""The rule engine: registry, the view of a document rules share, and the runs.

A rule is a function registered under its catalogue code with `@rule("RD101")`;
it receives a `Doc` (the resolution, its context and shared lookups) and
yields `Hit`s. The engine adds what the catalogue says about the rule
(category, severity), drops what `--select`/`--ignore` exclude, removes
duplicates and sorts findings in document order. Rules never import the CLI
and never read files.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resdraft.errors import ResdraftError, UsageError
from resdraft.lint.catalogue import CatalogueError, RuleInfo, catalogue, resolve_selection
from resdraft.lint.config import LintOptions
from resdraft.lint.context import LintContext, complete_context
from resdraft.lint.finding import BlockInfo, FileResult, Finding
from resdraft.lint.library import Library
from resdraft.lint.profiles import Profile
from resdraft.model import Block, Footnote, Resolution, Token
from resdraft.vocabulary import match_lead

if TYPE_CHECKING:
    from resdraft.suppress import Suppression

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

    @functools.cached_property
    def footnote_numbers(self) -> set[int]:
        return {f.number for f in self.footnotes}

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
    """Tokens of one kind in a block or a footnote."""
    return [t for t in where.tokens if isinstance(t, kind)]


# --- running ----------------------------------------------------------------------------


def _order(resolution: Resolution) -> dict[int, int]:
    order = {id(b): i for i, b in enumerate(resolution.blocks)}
    base = len(order)
    order.update({id(f): base + i for i, f in enumerate(resolution.footnotes)})
    return order


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


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files to lint: the files named, and .docx/.md/.txt files under the folders named."""
    return [path for path, _ in _expand(paths)]


def _expand(paths: Iterable[str | Path]) -> list[tuple[Path, bool]]:
    """(file, named): `named` is False for a file found by walking a folder."""
    from resdraft.readers import SUFFIXES

    files: list[tuple[Path, bool]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if any(p.startswith(".") for p in parts) or child.name.startswith("~$"):
                    continue  # hidden folders, Word lock files
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    files.append((child, False))
        else:
            files.append((path, True))
    return files


def is_resolution(resolution: Resolution) -> bool:
    """Whether a file found in a folder is a draft at all (a README is not): it names the body or
    has preambular or operative paragraphs."""
    return any(b.kind in ("preamble-intro", "preambular", "operative") for b in resolution.blocks)


def lint_paths(paths: Iterable[str | Path], options: LintOptions | None = None,
               progress: Callable[[Path], None] | None = None,
               suppressed: dict[str, Suppression] | None = None) -> list[FileResult]:
    """Lint files and folders; a file that cannot be read gets a `FileResult` with `error` set.

    `options` is a `LintOptions` (command line values; `[tool.resdraft]` of the
    nearest config file fills the rest). `progress` is called after each file.
    Findings silenced by a `resdraft: ignore` comment (`resdraft.suppress`) are
    left out; pass a dict as `suppressed` to get them by path.
    """
    from resdraft.lint.config import merge

    cli = options if options is not None else LintOptions()
    results: list[FileResult] = []
    libraries: dict[Path, Library] = {}
    for path, named in _expand(paths):
        result = _lint_file(path, named, merge(cli, path), libraries, suppressed)
        if result is not None:
            results.append(result)
        if progress is not None:
            progress(path)
    return results


def _lint_file(path: Path, named: bool, opts: LintOptions, libraries: dict[Path, Library],
               suppressed: dict[str, Suppression] | None = None) -> FileResult | None:
    """One file's result; None for a file found in a folder that is not a draft."""
    from resdraft.lint.config import ignored_for
    from resdraft.parse import parse_file
    from resdraft.suppress import apply_suppressions

    result = FileResult(path=str(path))
    try:
        library = None
        if opts.library is not None:
            key = Path(opts.library).resolve()
            if key not in libraries:
                libraries[key] = Library(key)
            library = libraries[key]
        resolution = parse_file(path, encoding=opts.encoding)
        if not named and not is_resolution(resolution):
            return None  # a README or notes next to the drafts: not linted
        context = complete_context(resolution, LintContext(session=opts.session, body=opts.body, year=opts.year,
                                                           library=library))
        ignore = list(opts.ignore or []) + ignored_for(opts, path)
        suppression = apply_suppressions(resolution, lint_resolution(resolution, context, select=opts.select,
                                                                     ignore=ignore))
        result.findings = suppression.kept
        if suppressed is not None:
            suppressed[str(path)] = suppression
        result.format = resolution.format
        result.blocks = block_infos(resolution)
        result.session, result.body, result.year = context.session, context.body or "", context.session_year
    except (UsageError, CatalogueError):
        raise  # a bad option or a broken installation: stop, exit 2
    except ResdraftError as exc:
        result.error = str(exc)
    return result
