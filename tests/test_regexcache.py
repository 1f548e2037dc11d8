"""Compiled regular expressions kept between runs (resdraft/regexcache.py): a pattern served from the
cache file is the pattern a fresh compile gives, and a bad file or entry only costs a fresh compile."""

from __future__ import annotations

import marshal
import re
import re._parser
from collections.abc import Iterator
from pathlib import Path

import pytest

from resdraft import regexcache

# patterns with groups, names, flags, look-arounds, possessive runs, classes and bytes: the shapes the
# grammar's lexer and the rules use
PATTERNS: list[tuple[str | bytes, int]] = [
    (r"(?P<label>\d{1,3}(?:[ \u00a0]?(?:bis|ter))?\.)\s+(?P<rest>.*)", 0),
    (r"(?i:annex(?:es)?) (?:[IVX]{1,6}|\d{1,2}|[A-Z])\b", 0),
    (r"[A-Za-z]++(?:-[A-Za-z]++){0,3}+ [Ss]essions?\b", 0),
    (r"(?<![\w/])(?:S-|ES-)?\d{1,2}/\d{1,3}(?![\w/])", 0),
    (r"^\s*(?:further|also)\s+(requests|decides)", re.IGNORECASE | re.MULTILINE),
    (r"""(?x) \[ (?!\^) [^\[\]\n]{0,300} \]   # a placeholder""", 0),
    (r"(a)|(b)|(?P<c>c)", 0),
    (rb"ns\d+$", 0),
]
TEXTS = ["12 bis. Requests the Bureau", "see annex II and Annex 3", "its twenty-third session", "resolution 2/15 S-3/4",
         "  Further requests\nalso decides", "[dates] and [^1]", "abc cab", "ns12"]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("RESDRAFT_CACHE_DIR", str(tmp_path))
    regexcache.uninstall()
    yield tmp_path
    regexcache.uninstall()
    re.purge()


def _compile_all() -> list[re.Pattern]:
    re.purge()  # re's own in-process cache would answer before the compiler is asked
    return [re.compile(pattern, flags) for pattern, flags in PATTERNS]


def _behaviour(compiled: re.Pattern) -> tuple:
    texts = [t.encode() for t in TEXTS] if isinstance(compiled.pattern, bytes) else TEXTS
    found = [[(m.span(), m.groups(), m.groupdict()) for m in compiled.finditer(t)] for t in texts]
    return compiled.pattern, compiled.flags, compiled.groups, dict(compiled.groupindex), found


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Count the patterns compiled from their text from now on."""
    calls: list[object] = []
    stock = re._parser.parse

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(args[0])
        return stock(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(re._parser, "parse", counting)
    return calls


def test_patterns_served_from_the_file_behave_as_fresh_ones(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = [_behaviour(p) for p in _compile_all()]  # the stock compiler
    assert regexcache.install()
    _compile_all()
    regexcache.uninstall()  # saves the file
    assert len(list(cache_dir.glob("regex-*.marshal"))) == 1
    assert regexcache.install()  # a later run: reads the file
    parses = _parses(monkeypatch)
    served = [_behaviour(p) for p in _compile_all()]
    assert parses == []  # every pattern came from the file, none was compiled from its text
    assert served == fresh


def test_a_damaged_file_is_ignored_and_written_again(cache_dir: Path) -> None:
    assert regexcache.install()
    _compile_all()
    regexcache.uninstall()
    (path,) = cache_dir.glob("regex-*.marshal")
    path.write_bytes(b"\x00not marshal data")
    assert regexcache.install()
    assert [p.pattern for p in _compile_all()] == [pattern for pattern, _ in PATTERNS]
    regexcache.uninstall()
    assert len(marshal.loads(path.read_bytes())) == len(PATTERNS)


def test_an_entry_the_engine_refuses_is_compiled_afresh(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert regexcache.install()
    _compile_all()
    regexcache.uninstall()
    (path,) = cache_dir.glob("regex-*.marshal")
    entries = marshal.loads(path.read_bytes())
    key = (PATTERNS[6][0], 0)
    flags, _code, groups, groupindex, indexgroup = entries[key]
    entries[key] = (flags, b"\xff" * 8, groups, groupindex, indexgroup)  # not a program _sre accepts
    entries[("x", 0)] = ("not", "an", "entry")
    path.write_bytes(marshal.dumps(entries))
    assert regexcache.install()
    parses = _parses(monkeypatch)
    re.purge()
    assert [m.group() for m in re.finditer(PATTERNS[6][0], "abc cab")] == ["a", "b", "c", "c", "a", "b"]
    assert re.fullmatch("x", "x") is not None
    assert parses == [PATTERNS[6][0], "x"]


def test_errors_in_a_pattern_are_reported_as_usual(cache_dir: Path) -> None:
    assert regexcache.install()
    re.purge()
    with pytest.raises(re.error, match="missing \\)"):
        re.compile("(unclosed")


def test_no_cache_when_caching_is_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESDRAFT_CACHE_DIR", "")
    regexcache.uninstall()
    assert not regexcache.install()
    assert re._compiler.compile.__module__ == "re._compiler"
