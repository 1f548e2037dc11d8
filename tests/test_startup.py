"""What a `resdraft lint` process loads before and while it works (issue 14: start-up).

Each command imports what it uses when it uses it; these tests run the real command line in a fresh
process and look at `sys.modules` at its exit, so that a top-level import of a heavy module slipping
back into the lint path fails here rather than only in the benchmark. rapidfuzz is not on the list:
the duplicate and ordinal checks need it on ordinary texts.
"""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.docxbuild import build_docx, footnote, footnote_ref, para

ROOT = Path(__file__).resolve().parents[1]

# (module, why a lint of a .docx in the text format has no use for it)
NOT_FOR_LINT = {
    "docx": "python-docx: the floor resdraft/ooxml reads the package",
    "diff_match_patch": "compare's word diff",
    "rich": "Typer's help formatting",
    "resdraft.redline": "the tracked-change writer and compare",
    "resdraft.render": "the Markdown-to-Word renderer",
    "resdraft.carryover": "carry-over",
    "resdraft.merge": "merge",
    "resdraft.commands.compare": "another command",
    "resdraft.readers.markdown": "the Markdown reader (the draft is a .docx)",
    "json": "the JSON and SARIF formats",
    "tomllib": "TOML parsing (--no-config, and the rule data comes from the cache)",
}

# Runs `python -m resdraft ARGS` as the console does, then prints what it loaded and how many patterns
# it compiled from their text (re._parser.parse is where a compile starts).
PROBE = """
import atexit, re._parser, runpy, sys
import pathlib  # the cache's own import, before it is installed (urllib.parse compiles a pattern); site often has it
parsed = []
stock = re._parser.parse
def counting(*args, **kwargs):
    parsed.append(repr(args[0])[:80])
    return stock(*args, **kwargs)
re._parser.parse = counting
report = sys.argv.pop(1)
def write():
    modules, compiled = sorted(sys.modules), list(parsed)  # before the probe's own import of json
    import json
    with open(report, "w") as handle:
        json.dump({"modules": modules, "parsed": compiled}, handle)
atexit.register(write)
sys.argv[0] = "resdraft"
runpy.run_module("resdraft", run_name="__main__")
"""


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    body = "".join([
        para("Draft resolution on cooperation"),
        para("The Assembly of States Parties,"),
        para("Recalling its resolution ICC-ASP/21/Res.3,", footnote_ref(1)),
        para("1. Urges States Parties to cooperate fully with the Court;"),
        para("2. Requests the Bureau to report to the Assembly at its twenty-third session;"),
        para("3. Decides to remain seized of the matter."),
    ])
    return build_docx(tmp_path_factory.mktemp("startup") / "draft.docx", body,
                      footnotes=footnote(1, "ICC-ASP/22/25."))


def _lint(draft: Path, cache: Path, report: Path) -> dict[str, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RESDRAFT_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", PROBE, str(report), "lint", str(draft), "--session", "22",
                           "--no-config"], capture_output=True, text=True, env=env, check=False, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(report.read_text(encoding="utf-8"))


def test_lint_of_a_docx_loads_nothing_it_does_not_use(draft: Path, tmp_path: Path) -> None:
    _lint(draft, tmp_path / "cache", tmp_path / "first.json")  # fills the caches (rule data, parser, patterns)
    loaded = set(_lint(draft, tmp_path / "cache", tmp_path / "second.json")["modules"])
    assert "resdraft.commands.lint" in loaded  # the probe did run the lint
    heavy = {name: why for name, why in NOT_FOR_LINT.items()
             if name in loaded or any(m.startswith(name + ".") for m in loaded)}
    assert heavy == {}


def test_a_second_lint_compiles_no_pattern_from_its_text(draft: Path, tmp_path: Path) -> None:
    """Every pattern comes from the cache of compiled patterns; a pattern whose text changes from run
    to run (built from a set, whose order changes with each process's hash seed) would miss it."""
    first = _lint(draft, tmp_path / "cache", tmp_path / "first.json")
    assert len(first["parsed"]) > 50  # the grammar's lexer, the rules, the readers
    for run in range(2):
        assert _lint(draft, tmp_path / "cache", tmp_path / f"again-{run}.json")["parsed"] == []


def test_a_second_lint_compiles_no_dataclass_method(draft: Path, tmp_path: Path) -> None:
    """The methods `dataclasses` writes come from the cache file (resdraft/codecache.py), which is only
    written again when a run compiled a text it did not hold: a text that changes from run to run
    (an address, a set's order) would rewrite it every time."""
    cache = tmp_path / "cache"
    _lint(draft, cache, tmp_path / "first.json")
    (path,) = cache.glob("dataclass-code-*.marshal")
    assert len(marshal.loads(path.read_bytes())) > 100  # the model, the rules, the readers: ~50 classes
    before = path.stat().st_mtime_ns, path.read_bytes()
    _lint(draft, cache, tmp_path / "second.json")
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


# (module, why a `compare OLD.docx NEW.docx -o OUT.docx` has no use for it)
NOT_FOR_COMPARE = {
    "typer": "the plain path reads a compare of the usual shape (resdraft/commands/plain.py)",
    "rich": "Typer's help formatting",
    "resdraft.app": "the Typer application",
    "resdraft.commands.compare": "the Typer declaration of compare",
    "resdraft.lint": "the rule engine",
    "resdraft.grammar": "the parser (the change list names paragraphs @n unless --format json)",
    "json": "the JSON change list",
}


def test_compare_of_two_docx_loads_nothing_it_does_not_use(draft: Path, tmp_path: Path) -> None:
    new = tmp_path / "new.docx"
    build_docx(new, para("Draft resolution on cooperation") + para("1. Urges all States Parties to cooperate;"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RESDRAFT_CACHE_DIR": str(tmp_path / "cache")}
    report = tmp_path / "compare.json"
    done = subprocess.run([sys.executable, "-c", PROBE, str(report), "compare", str(draft), str(new), "-o",
                           str(tmp_path / "out.docx"), "--date", "2024-05-01"],
                          capture_output=True, text=True, env=env, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(report.read_text(encoding="utf-8"))["modules"])
    assert "resdraft.redline.writer" in loaded  # the probe did write a redline
    heavy = {name: why for name, why in NOT_FOR_COMPARE.items()
             if name in loaded or any(m.startswith(name + ".") for m in loaded)}
    assert heavy == {}
