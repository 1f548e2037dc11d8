"""Read a document symbol into its parts, and say what is wrong with it.

The paragraph grammar recognises a symbol as one token, well formed or not
(`ICC-ASP-16/Res.2`, `ICC-ASP/17/ Res.5`). Here the token is normalised step
by step; each step that had to change something records a problem code, so
the linter can explain the defect and propose the corrected symbol.

This module also owns the shape every recogniser shares: the heads of symbols
("ICC-ASP", "A", "S", "RC" ...) come from `symbol_heads` in rules/bodies/*.toml
(and rules/symbols.toml for organs without a profile), checked when loaded, and
the paragraph grammar, the redline tokenizer and the library's file names build
their patterns from the pieces here (tests/test_symbols.py holds them together).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from resdraft.errors import ProfileError

# problem codes -> human explanation (used by the linter's messages)
PROBLEMS = {
    "space-for-hyphen": "a space in place of the hyphen of 'ICC-ASP'",
    "missing-hyphen": "the hyphen of 'ICC-ASP' left out",
    "space-around-slash": "a space next to a slash",
    "space-after-dot": "a space after the dot of 'Res.'",
    "hyphen-for-slash": "a hyphen in place of a slash",
    "slash-for-dot": "a slash in place of the dot (write 'Res.3', not 'Res/3')",
    "merged-session": "two session numbers run together (a flattened tracked change?)",
    "implausible-session": "a session number no session has had",
    "kind-case": "the document kind in the wrong case",
    "parts-out-of-order": "the session after the document kind (write 'ICC-ASP/17/Res.3', not 'ICC-ASP/Res.3/17')",
    "unrecognised": "an arrangement of parts resdraft does not recognise",
}

_ASP_KINDS = {"res": "Res", "dec": "Dec", "l": "L", "inf": "INF"}
_SUFFIXES = {"add": "Add", "rev": "Rev", "corr": "Corr", "amend": "Amend"}


# --- the shape of a symbol: its heads, built once from the profiles, used by every recogniser ---------

_HEAD = re.compile(r"[A-Z][A-Za-z]*(?:[-/][A-Z][A-Za-z]*)*")
#: what a hyphen in a head may be typed as in running text: a hyphen, a non-breaking hyphen, a space, nothing
_TEXT_HYPHEN = "[-\u2010\u2011 ]?"
#: ... and in a file name ("ICC_ASP_14_Res3.docx", "ICCASP-14-Res.3.md")
_NAME_HYPHEN = "[-_ ]?"


@dataclass(frozen=True)
class Head:
    """The first part of a document symbol ("ICC-ASP", "A/HRC") and whether its resolutions are `HEAD/RES/...`."""

    text: str
    res_kind: bool

    @property
    def dashed(self) -> bool:
        """"ICC-ASP/...": a hyphen inside the first segment (typed variously: see `_TEXT_HYPHEN`)."""
        return "-" in self.text.split("/")[0]


def _heads_of(where: str, key: str, value: object, res_kind: bool) -> list[Head]:
    if not isinstance(value, list) or not value:
        raise ProfileError(f"{where}: {key}: expected a non-empty list of symbol heads such as \"A/HRC\"")
    for index, text in enumerate(value):
        if not isinstance(text, str) or not _HEAD.fullmatch(text):
            raise ProfileError(f"{where}: {key}[{index}]: {text!r} is not a symbol head (capitalised letters "
                               f"joined by '/' or '-', e.g. \"ICC-ASP\", \"A/HRC\")")
    return [Head(text, res_kind) for text in value]


@functools.cache
def symbol_heads() -> tuple[Head, ...]:
    """Every head resdraft recognises: `symbol_heads` of each body profile, then the organs of
    rules/symbols.toml; a profile without the key, or with a malformed head, is an error naming file and key."""
    from resdraft.resources import data_dir, load_toml

    heads: list[Head] = []
    for path in sorted((data_dir("rules") / "bodies").glob("*.toml")):
        data = load_toml(f"bodies/{path.name}")
        kinds = data.get("style", {}).get("resolution_kinds", [])
        heads += _heads_of(f"rules/bodies/{path.name}", "symbol_heads", data.get("symbol_heads"), "RES" in kinds)
    organs = load_toml("symbols.toml").get("organ")
    if not isinstance(organs, list):
        raise ProfileError("rules/symbols.toml: [[organ]]: missing or not a list of tables")
    for index, organ in enumerate(organs):
        kinds = organ.get("resolution_kinds")
        if not isinstance(kinds, list):
            raise ProfileError(f"rules/symbols.toml: organ[{index}].resolution_kinds: missing or not a list")
        heads += _heads_of("rules/symbols.toml", f"organ[{index}].heads", organ.get("heads"), "RES" in kinds)
    return tuple(heads)


_SHORT_PREFIX = re.compile(r"(?P<body>[A-Z][A-Za-z]*(?:/[A-Z][A-Za-z]*)*)/(?P<kind>[A-Z]+)/")


@functools.cache
def short_symbol_prefix() -> tuple[str, str]:
    """(body, kind) of a bare "80/4": ("A", "RES") from the one profile with `short_symbol_prefix = "A/RES/"`."""
    from resdraft.resources import data_dir, load_toml

    found: list[tuple[str, str]] = []
    for path in sorted((data_dir("rules") / "bodies").glob("*.toml")):
        value = load_toml(f"bodies/{path.name}").get("short_symbol_prefix")
        if value is None:
            continue
        match = _SHORT_PREFIX.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            raise ProfileError(f"rules/bodies/{path.name}: short_symbol_prefix: expected a prefix such as "
                               f"\"A/RES/\", got {value!r}")
        found.append((match["body"], match["kind"]))
        if len(found) > 1:
            raise ProfileError(f"rules/bodies/{path.name}: short_symbol_prefix: another profile already claims "
                               f"the short form ({found[0][0]}/{found[0][1]}/)")
    if not found:
        raise ProfileError("rules/bodies/*.toml: short_symbol_prefix: no profile claims the short form (\"80/4\")")
    return found[0]


def full_short_symbol(session: object, number: object) -> str:
    """ "A/RES/80/4" for a short "80/4" (`short_symbol_prefix`)."""
    body, kind = short_symbol_prefix()
    return f"{body}/{kind}/{session}/{number}"


def _alternatives(pieces: list[str]) -> str:
    unique = sorted(set(pieces), key=lambda piece: (-len(piece), piece))  # longest first: no head shadows another
    return "|".join(unique)


def dashed_heads_pattern_of(head: str) -> str:
    """`ICC[-\u2010\u2011 ]?ASP` for "ICC-ASP": one head as typed in running text."""
    return _TEXT_HYPHEN.join(map(re.escape, head.split("-")))


@functools.cache
def dashed_heads_pattern() -> str:
    """The heads with a hyphen as typed in running text (grammar, redline tokens): `dashed_heads_pattern_of` each."""
    return _alternatives([dashed_heads_pattern_of(h.text) for h in symbol_heads() if h.dashed])


@functools.cache
def slash_heads_pattern() -> str:
    """`RC|CD|A|S|E`: the first segments of the other heads ("A" for "A/HRC"), each followed by a slash."""
    return _alternatives([re.escape(h.text.split("/")[0]) for h in symbol_heads() if not h.dashed])


def dashed_name_pattern_of(head: str) -> str:
    """`ICC[-_ ]?ASP` for "ICC-ASP": one head as a file name spells it."""
    return _NAME_HYPHEN.join(map(re.escape, head.split("-")))


@functools.cache
def dashed_name_pattern() -> str:
    """The heads with a hyphen as a file name spells them (`dashed_name_pattern_of` each)."""
    return _alternatives([dashed_name_pattern_of(h.text) for h in symbol_heads() if h.dashed])


@functools.cache
def res_name_pattern() -> str:
    """`A[-_]HRC|A|S|E`: the heads whose resolutions are `HEAD/RES/...`, as a file name spells them."""
    return _alternatives([re.escape(h.text).replace("/", "[-_]") for h in symbol_heads()
                          if h.res_kind and not h.dashed])


@functools.cache
def word_stops_pattern() -> str:
    """`ICC|ICC[-\u2010\u2011 ]?ASP|CD|RC|(?:A|E|S)(?=[/ ])`: where a run of words must stop because a symbol may
    begin (the grammar's WORDS): the first word of a dashed head or the whole head as typed ("ICCASP"), a
    head of several letters, a one-letter head only before a slash or a space (not the article "A")."""
    firsts = [re.escape(h.text.split("-")[0]) for h in symbol_heads() if h.dashed]
    slash = {h.text.split("/")[0] for h in symbol_heads() if not h.dashed}
    letters = _alternatives([re.escape(head) for head in slash if len(head) == 1])
    return "|".join([_alternatives(firsts), dashed_heads_pattern(),
                     _alternatives([re.escape(head) for head in slash if len(head) > 1]),
                     f"(?:{letters})(?=[\\/ ])"])


@functools.cache
def _max_asp_session() -> int:
    """The highest session an ASP symbol can name (`max_session` of rules/bodies/icc-asp.toml); a larger
    number is two flattened sessions or a typo."""
    from resdraft.resources import load_toml

    return int(load_toml("bodies/icc-asp.toml")["sessions"]["max_session"])


@dataclass
class SymbolParts:
    body: str = ""
    session: int | None = None
    kind: str = ""
    number: str = ""
    suffixes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    normalized: str = ""
    merged_sessions: tuple[int, int] | None = None


def parse_symbol(text: str) -> SymbolParts:
    """Split a symbol into body, session, kind, number and suffixes."""
    parts = SymbolParts()
    s = text.replace("\u2010", "-").replace("\u2011", "-")
    for head in (h.text for h in symbol_heads() if h.dashed):
        typed = re.match(dashed_heads_pattern_of(head), s)
        if typed and typed.group() != head:  # "ICC ASP/..." or "ICCASP/...": the head as its profile spells it
            parts.problems.append("space-for-hyphen" if " " in typed.group() else "missing-hyphen")
            s = head + s[typed.end():]
            break
    if re.search(r" /|/ ", s):
        s = re.sub(r" ?/ ?", "/", s)
        parts.problems.append("space-around-slash")
    if re.search(r"\.\s\d", s) and not re.fullmatch(r"\d+ \(\d{4}\)", s):
        s = re.sub(r"\.\s(\d)", r".\1", s)
        parts.problems.append("space-after-dot")
    if s.startswith(("ICC-ASP", "RC")):
        return _parse_icc(s, parts)
    return _parse_un(s, parts)


def _parse_icc(s: str, parts: SymbolParts) -> SymbolParts:
    head, _, rest = s.partition("/") if s.startswith("RC") else ("ICC-ASP", "", s[len("ICC-ASP"):])
    if head == "ICC-ASP":
        if rest.startswith("-") or rest.startswith(" "):
            parts.problems.append("hyphen-for-slash" if rest.startswith("-") else "space-around-slash")
            rest = "/" + rest[1:]
        rest = rest[1:] if rest.startswith("/") else rest
        segments = [seg for seg in re.split(r"[/-]", rest) if seg != ""] if rest else []
        if "-" in rest and "hyphen-for-slash" not in parts.problems and not rest.startswith("["):
            parts.problems.append("hyphen-for-slash")
        parts.body = "ICC-ASP"
        if len(segments) == 2 and segments[1].isdigit() and re.fullmatch(r"(?i)(?:res|dec|l)\.\d+", segments[0]):
            segments.reverse()  # "ICC-ASP/Res.3/17": the session belongs before the kind
            parts.problems.append("parts-out-of-order")
        if segments and segments[0].isdigit():
            _set_asp_session(parts, segments.pop(0))
        elif segments and segments[0].startswith("["):
            parts.number = segments.pop(0)
    else:
        parts.body = "RC"
        segments = [seg for seg in rest.split("/") if seg]
    _read_tail(parts, segments)
    parts.normalized = _compose_icc(parts)
    return parts


def _set_asp_session(parts: SymbolParts, digits: str) -> None:
    value = int(digits)
    if value <= _max_asp_session():
        parts.session = value
        return
    half = len(digits) // 2
    if len(digits) == 4 and int(digits[half:]) == int(digits[:half]) + 1:
        parts.merged_sessions = (int(digits[:half]), int(digits[half:]))
        parts.problems.append("merged-session")
    elif len(digits) == 3:
        parts.problems.append("merged-session")  # ambiguous: no correction proposed
    else:
        parts.problems.append("implausible-session")
    parts.session = value


def _read_tail(parts: SymbolParts, segments: list[str]) -> None:
    """Read `Res.3`, `L.12`, `28`, `Add.1` (and `Res`,`3` after a slash-for-dot)."""
    i = 0
    while i < len(segments):
        seg = segments[i]
        name, dot, value = seg.partition(".")
        key = name.lower()
        if not dot and key in _ASP_KINDS and i + 1 < len(segments) and not parts.kind:
            parts.problems.append("slash-for-dot")
            value, dot, i = segments[i + 1], ".", i + 1
        if dot and key in _ASP_KINDS and not parts.kind and not parts.number:
            if name != _ASP_KINDS[key]:
                parts.problems.append("kind-case")
            parts.kind, parts.number = _ASP_KINDS[key], value
        elif dot and key in _SUFFIXES:
            parts.suffixes.append(f"{_SUFFIXES[key]}.{value}")
        elif not dot and key in _SUFFIXES and i + 1 < len(segments):
            parts.problems.append("slash-for-dot")
            parts.suffixes.append(f"{_SUFFIXES[key]}.{segments[i + 1]}")
            i += 1
        elif not parts.number and (seg.isdigit() or seg.startswith("[")):
            parts.number = seg
        else:
            parts.problems.append("unrecognised")
            parts.suffixes.append(seg)
        i += 1


def _compose_icc(parts: SymbolParts) -> str:
    if ("merged-session" in parts.problems and not parts.merged_sessions) or "unrecognised" in parts.problems:
        return ""
    pieces = [parts.body]
    if parts.merged_sessions:
        pieces.append(str(parts.merged_sessions[1]))
    elif parts.session is not None:
        pieces.append(str(parts.session))
    if parts.kind:
        pieces.append(f"{parts.kind}.{parts.number}")
    elif parts.number:
        pieces.append(parts.number)
    pieces.extend(parts.suffixes)
    return "/".join(pieces)


_SHORT_GA = re.compile(r"^(S-|ES-)?(\d{1,2})/(\d{1,3})(?: ([A-Z]{1,2}))?$")
_SHORT_SC = re.compile(r"^(\d{3,4}) \((\d{4})\)$")


def _parse_un(s: str, parts: SymbolParts) -> SymbolParts:
    if match := _SHORT_GA.match(s):
        body, kind = short_symbol_prefix()
        parts.body = body + (f"/{match.group(1).rstrip('-')}" if match.group(1) else "")
        parts.session, parts.number, parts.kind = int(match.group(2)), match.group(3), kind
        if match.group(4):
            parts.suffixes.append(match.group(4))
        parts.normalized = s
        return parts
    if match := _SHORT_SC.match(s):
        parts.body, parts.kind, parts.number = "S", "RES", match.group(1)
        parts.suffixes.append(f"({match.group(2)})")
        parts.normalized = s
        return parts
    year = re.search(r" \((\d{4})\)$", s)
    core = s[: year.start()] if year else s
    segments = core.split("/")
    body = [segments.pop(0)]
    while segments and not segments[0][:1].isdigit() and segments[0] not in ("RES", "DEC", "PRST", "L", "INF"):
        body.append(segments.pop(0))
    parts.body = "/".join(body)
    if segments and segments[0] in ("RES", "DEC", "PRST"):
        parts.kind = segments.pop(0)
    if segments and segments[0].isdigit():
        parts.session = int(segments.pop(0))
    if segments:
        head = segments.pop(0)
        if head.startswith("L.") or head.startswith("CRP."):
            parts.kind, parts.number = head.split(".")[0], head.split(".", 1)[1]
        else:
            parts.number = head
    parts.suffixes.extend(segments)
    if parts.body in ("S", "E") and parts.kind == "RES" and not parts.number and parts.session is not None:
        parts.number, parts.session = str(parts.session), None  # Security Council: numbered, no session
    if year:
        parts.suffixes.append(f"({year.group(1)})")
    parts.normalized = s
    return parts
