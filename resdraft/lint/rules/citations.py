"""Citations of documents: symbols that are malformed or from the future, lists that cite a
document twice or skip sessions.

A *list* is a run of symbols joined only by separators ("ICC-ASP/8/Res.2,
ICC-ASP/9/Res.3 and ICC-ASP/10/Res.2", "60/66 of 8 December 2005, 61/75 of
6 December 2006"): the target of "paragraph 28 of resolution X" is not a
citation in a list, and two mentions of one resolution in different roles in
a paragraph are not a duplicate.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator

from resdraft import ordinals
from resdraft.lint.engine import Doc, Hit, Where, rule, tokens_of
from resdraft.lint.library import symbol_key
from resdraft.lint.profiles import symbol_owner
from resdraft.model import CrossRefToken, SymbolToken
from resdraft.symbols import PROBLEMS, symbol_heads

_SEPARATOR = re.compile(
    r"^(?:\s|,|;|\band\b|\bas well as\b|\bits\b|\btheir\b|\bresolutions?\b|\bdecisions?\b|\bdocuments?\b|"
    r"\bof \d{1,2} [A-Z][a-z]+ \d{4}\b|\(\d{4}\)|\band its\b)*$")
_FLATTENED = {"merged-session", "implausible-session"}
#: ", Add.1" right after a symbol: the last part of the symbol, cut off by a comma ("ICC-ASP/15/31, Add.1").
_SPLIT_SUFFIX = re.compile(r",\s*((?:Add|Rev|Corr|Amend)\.\d{1,2})\b(?![./])")
_SAFE_PROBLEMS = {"space-for-hyphen", "missing-hyphen", "space-around-slash", "space-after-dot", "hyphen-for-slash",
                  "slash-for-dot", "kind-case"}


def citations(where: Where) -> list[SymbolToken]:
    """Symbols cited as such: not the target of a cross-reference, not a placeholder."""
    targets = {x.resolution.start for x in tokens_of(where, CrossRefToken) if x.resolution is not None}
    return [t for t in tokens_of(where, SymbolToken) if t.start not in targets and "[" not in t.text]


def citation_lists(where: Where) -> list[list[SymbolToken]]:
    """Runs of citations joined only by separators, in text order."""
    runs: list[list[SymbolToken]] = []
    for token in sorted(citations(where), key=lambda t: t.start):
        if runs and token.start >= runs[-1][-1].end and _SEPARATOR.match(where.text[runs[-1][-1].end:token.start]):
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def _key(token: SymbolToken) -> str:
    return symbol_key(token).replace(" ", "")


@rule("RD301")
def duplicate_citation(doc: Doc) -> Iterator[Hit]:
    """The same document twice in one list (also when one of the two is malformed)."""
    for where in doc.where_with(SymbolToken):
        for run in citation_lists(where):
            seen: dict[str, SymbolToken] = {}
            for i, token in enumerate(run):
                key = _key(token)
                first = seen.get(key)
                if first is None:
                    seen[key] = token
                    continue
                start, end = token.start, token.end
                fix: str | None = None
                if re.fullmatch(r",\s*", where.text[run[i - 1].end:token.start]):
                    start, fix = run[i - 1].end, ""  # "A, B, A and C" -> "A, B and C"
                elif i + 1 < len(run) and re.fullmatch(r",\s*", where.text[token.end:run[i + 1].start]):
                    end, fix = run[i + 1].start, ""  # "A and A, C" -> "A and C"
                same = first.text == token.text
                yield Hit(where, start, end,
                          f"{token.text} is already cited in this list"
                          + ("" if same else f" (as {first.text})"), fix=fix, safe=same)


@rule("RD311")
def citation_gap(doc: Doc) -> Iterator[Hit]:
    """A list of 3 or more earlier resolutions of the body that skips a session."""
    if not doc.profile.citation_gaps:
        return
    for where in doc.blocks:
        for run in citation_lists(where):
            groups: dict[tuple[str, str], list[SymbolToken]] = {}
            for token in run:
                if token.session is None or _FLATTENED & set(token.problems):
                    continue
                if symbol_owner(token.body) != doc.profile.key:
                    continue
                if token.doc_kind in doc.profile.resolution_kinds:
                    groups.setdefault((token.body, token.doc_kind), []).append(token)
            for tokens in groups.values():
                if len(tokens) < 3:
                    continue
                first_of: dict[int, SymbolToken] = {}
                for token in tokens:
                    first_of.setdefault(token.session, token)  # type: ignore[arg-type]
                sessions = sorted(first_of)
                for low, high in itertools.pairwise(sessions):
                    if high - low <= 1:
                        continue
                    missing = list(range(low + 1, high))
                    names = ", ".join(map(str, missing)) if len(missing) <= 3 else f"{missing[0]} to {missing[-1]}"
                    after = first_of[high]
                    yield Hit(where, after.start, after.end,
                              f"the list of resolutions jumps from {first_of[low].text} to {after.text}: "
                              f"session{'s' if len(missing) > 1 else ''} {names} "
                              f"{'are' if len(missing) > 1 else 'is'} missing")


@functools.cache
def _session_heads() -> frozenset[str]:
    """Heads whose symbols number the session after the head ("ICC-ASP/21/Res.3"): the dashed ones."""
    return frozenset(h.text for h in symbol_heads() if h.dashed)


@rule("RD321")
def malformed_symbol(doc: Doc) -> Iterator[Hit]:
    """A symbol with wrong separators or spaces, parts out of order, or no session."""
    for where in doc.where_with(SymbolToken):
        for token in tokens_of(where, SymbolToken):
            problems = [p for p in token.problems if p not in _FLATTENED]
            if token.body in _session_heads() and token.session is None and token.doc_kind in ("Res", "Dec", "L") \
                    and not problems and "[" not in token.text:
                yield Hit(where, token.start, token.end, f"{token.text} has no session number "
                                                         f"(write {token.body}/<session>/Res.<number>)")
                continue
            split = _SPLIT_SUFFIX.match(where.text, token.end)
            if split and not problems and "[" not in token.text:
                whole = f"{token.text}/{split.group(1)}"
                yield Hit(where, token.start, split.end(), f"symbol split by a comma: {split.group(1)} belongs to "
                                                           f"{token.text} (write {whole})", fix=whole, safe=False)
                continue
            if not problems or any(p in _FLATTENED for p in token.problems):
                continue
            reasons = "; ".join(PROBLEMS.get(p, p) for p in problems)
            fix = token.normalized if token.normalized and token.normalized != token.text else None
            message = f"malformed symbol {token.text}: {reasons}"
            if fix:
                message += f" (write {fix})"
            yield Hit(where, token.start, token.end, message, fix=fix, safe=set(problems) <= _SAFE_PROBLEMS)


@rule("RD322")
def symbol_from_future(doc: Doc) -> Iterator[Hit]:
    """A symbol of the body's own documents naming a session later than the current one."""
    current = doc.context.session
    if current is None:
        return
    for where in doc.where_with(SymbolToken):
        for token in tokens_of(where, SymbolToken):
            if token.session is None or token.session <= current or any(p in _FLATTENED for p in token.problems):
                continue
            if symbol_owner(token.body) != doc.profile.key:
                continue
            yield Hit(where, token.start, token.end,
                      f"{token.text} is a document of the {ordinals.ordinal_words(token.session)} session, later "
                      f"than the {ordinals.ordinal_words(current)} session this text is for")


#: "resolution 2118 (2013)": a Security Council resolution cited by number and year, in any body's text.
_SC_CITATION = re.compile(r"(?<![\w/.])(\d{1,4}) \((\d{4})\)")
_SC_CUE = re.compile(r"(?i)\bresolutions?\s+(?:\d{1,4} \(\d{4}\)(?:,\s*|\s+and\s+|\s+as well as\s+))*$")
#: The year of the first Security Council resolution.
SC_FIRST_YEAR = 1946


@rule("RD323")
def impossible_citation_year(doc: Doc) -> Iterator[Hit]:
    """A resolution cited by number and year whose year cannot be: before the first resolution, after
    the year of the text (or this year), or out of step with the other resolutions the text cites
    (a higher number with an earlier year)."""
    latest = doc.context.session_year or doc.context.year or _this_year()
    found: list[tuple[Where, re.Match[str]]] = []
    for where in doc.where_all():
        if "(" not in where.text:
            continue  # no "(2013)" at all: most paragraphs
        for match in _SC_CITATION.finditer(where.text):
            if _SC_CUE.search(where.text, max(0, match.start() - 160), match.start()):
                found.append((where, match))
    pairs = [(int(m.group(1)), int(m.group(2))) for _, m in found]
    for where, match in found:
        number, year = int(match.group(1)), int(match.group(2))
        start, end = match.start(2), match.end(2)
        if year < SC_FIRST_YEAR or year > latest:
            why = "before the first one" if year < SC_FIRST_YEAR else f"after {latest}"
            yield Hit(where, start, end, f"resolution {number} ({year}): no resolution can be of {year}, {why}")
            continue
        later = [(n, y) for n, y in pairs if n < number and y > year and SC_FIRST_YEAR <= y <= latest]
        if later:
            n, y = later[0]
            yield Hit(where, start, end, f"resolution {number} ({year}) is numbered after resolution {n} ({y}) "
                                         "but dated before it: a mistyped year?", severity="warning")


def _this_year() -> int:
    import datetime

    return datetime.date.today().year
