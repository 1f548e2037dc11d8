"""Fuzzing the readers through the CLI: mutated real .docx parts and mutated Markdown never crash.

Hypothesis mutates the bundled samples (`samples/*.docx`, `samples/*.md`)
structurally (truncate, flip bytes, drop parts, delete or duplicate XML
elements, junk attributes, random Unicode in `w:t`; markup characters,
brackets, numbers and symbols inserted in Markdown) and runs `parse` and,
when registered, `lint` in-process on each input. A crash is any exception
escaping to the CLI (the catch-all "internal error"), an exit code other
than 0/1/2, or an exit code 2 without exactly one line on stderr.

Bounded in CI (150 inputs per strategy, derandomized, so a run is
reproducible); for a longer local run set RESDRAFT_FUZZ_EXAMPLES=5000 (then
the inputs are random, and a failure is shrunk and printed as usual). The
number of inputs tried is written to the terminal at the end of the module.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from resdraft.cli import app, main

ROOT = Path(__file__).resolve().parents[1]
DOCX_SAMPLES = sorted((ROOT / "samples").glob("*.docx"))
MD_SAMPLES = sorted(p for p in (ROOT / "samples").glob("*.md") if p.name != "README.md")
EXAMPLES = int(os.environ.get("RESDRAFT_FUZZ_EXAMPLES", "150"))
LONG_RUN = "RESDRAFT_FUZZ_EXAMPLES" in os.environ
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not LONG_RUN,
    database=None,
    suppress_health_check=list(HealthCheck),
)
COMMANDS = [name for name in ("parse", "lint") if name in typer.main.get_command(app).commands]  # type: ignore[attr-defined]
TRIED: Counter[str] = Counter()

# Characters XML 1.0 cannot hold; lxml refuses them in text and attributes.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _load_docx(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(info.filename, zf.read(info)) for info in zf.infolist()]


DOCX_PARTS = [_load_docx(p) for p in DOCX_SAMPLES]
MD_TEXTS = [p.read_text(encoding="utf-8") for p in MD_SAMPLES]


# --- running the CLI ------------------------------------------------------------------------------


def run_cli(argv: list[str]) -> tuple[int, str]:
    """Exit code and stderr of `resdraft ARGV` in-process; stdout is discarded."""
    err = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else -1)
    return code, err.getvalue()


def check_no_crash(path: Path) -> None:
    """Run every fuzzed command on `path`; fail with the traceback (from --debug) on a crash."""
    for command in COMMANDS:
        TRIED[command] += 1
        code, err = run_cli([command, str(path)])
        crashed = code not in (0, 1, 2) or "internal error" in err
        if code == 2 and not crashed and len(err.splitlines()) != 1:
            TRIED["failures"] += 1
            pytest.fail(f"{command}: exit code 2 needs exactly one line on stderr, got {err!r}")
        if crashed:
            TRIED["failures"] += 1
            main(["--debug", command, str(path)])  # re-raises the exception with its traceback
            pytest.fail(f"{command}: exit code {code}, stderr {err!r}")


# --- .docx: structured mutations of the parts of real drafts ---------------------------------------

_XML_PARTS = ["word/document.xml"] * 4 + [
    "word/numbering.xml", "word/numbering.xml", "word/footnotes.xml", "word/footnotes.xml", "word/styles.xml",
    "word/_rels/document.xml.rels", "_rels/.rels", "[Content_Types].xml",
]
_ATTRIBUTES = ["w:val", "w:id", "w:ilvl", "w:numId", "w:abstractNumId", "w:styleId", "w:type", "w:fldCharType",
               "w:char", "w:default", "Target", "Type", "TargetMode", "xml:space"]
_JUNK = st.one_of(
    st.integers(-(2**40), 2**40).map(str),
    st.sampled_from(["", "0", "-1", "8", "9", "999999999999", "abc", "1e9", "%1", "%9.%8.%1", "NaN", "true",
                     "off", "begin", "separate", "end", "footnote", "separator", "/word/document.xml",
                     "../../../../etc/passwd", "http://example.invalid/x", "External", "F0B7", "D83D"]),
    st.text(max_size=12).map(_xml_safe),
)
_UNICODE = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200).map(_xml_safe)

_DOCX_OP = st.one_of(
    st.tuples(st.just("truncate-part"), st.integers(0, 99), st.floats(0, 1)),
    st.tuples(st.just("flip-part"), st.integers(0, 99), st.integers(0, 2**31), st.integers(1, 16)),
    st.tuples(st.just("drop-part"), st.integers(0, 99)),
    st.tuples(st.just("delete-element"), st.sampled_from(_XML_PARTS), st.integers(0, 2**31)),
    st.tuples(st.just("duplicate-element"), st.sampled_from(_XML_PARTS), st.integers(0, 2**31)),
    st.tuples(st.just("move-element"), st.sampled_from(_XML_PARTS), st.integers(0, 2**31), st.integers(0, 2**31)),
    st.tuples(st.just("junk-attribute"), st.sampled_from(_XML_PARTS), st.integers(0, 2**31),
              st.sampled_from(_ATTRIBUTES), _JUNK),
    st.tuples(st.just("unicode-text"), st.integers(0, 2**31), _UNICODE),
    st.tuples(st.just("truncate-zip"), st.floats(0, 1)),
    st.tuples(st.just("flip-zip"), st.integers(0, 2**31), st.integers(1, 16)),
)


def _qname(name: str) -> str:
    prefix, _, local = name.rpartition(":")
    namespaces = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                  "xml": "http://www.w3.org/XML/1998/namespace"}
    return f"{{{namespaces[prefix]}}}{local}" if prefix else local


def _mutate_xml(data: bytes, op: tuple[object, ...]) -> bytes:
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError:
        return data  # already broken by an earlier operation
    elements = list(root.iter())
    kind = op[0]
    target = elements[int(op[2]) % len(elements)]  # type: ignore[call-overload]
    if kind == "delete-element" and target is not root:
        target.getparent().remove(target)
    elif kind == "duplicate-element" and target is not root:
        target.addnext(etree.fromstring(etree.tostring(target)))
    elif kind == "move-element" and target is not root:
        destination = elements[int(op[3]) % len(elements)]  # type: ignore[call-overload]
        if target not in destination.iterancestors() and destination is not target:
            destination.append(target)
    elif kind == "junk-attribute":
        target.set(_qname(str(op[3])), str(op[4]))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def mutate_docx(sample: int, ops: list[tuple[object, ...]]) -> bytes:
    """The sample's zip rebuilt after applying `ops` to its parts, then to the zip bytes."""
    parts = dict(DOCX_PARTS[sample % len(DOCX_PARTS)])
    zip_ops = []
    for op in ops:
        kind = op[0]
        names = list(parts)
        if kind in ("truncate-zip", "flip-zip"):
            zip_ops.append(op)
        elif kind == "truncate-part" and names:
            name = names[int(op[1]) % len(names)]  # type: ignore[call-overload]
            parts[name] = parts[name][: int(len(parts[name]) * float(op[2]))]  # type: ignore[arg-type]
        elif kind == "flip-part" and names:
            name = names[int(op[1]) % len(names)]  # type: ignore[call-overload]
            data = bytearray(parts[name])
            for i in range(int(op[3])):  # type: ignore[call-overload]
                if data:
                    data[(int(op[2]) + i * 7919) % len(data)] ^= 1 << (i % 8)  # type: ignore[call-overload]
            parts[name] = bytes(data)
        elif kind == "drop-part" and names:
            parts.pop(names[int(op[1]) % len(names)])  # type: ignore[call-overload]
        elif kind == "unicode-text" and "word/document.xml" in parts:
            parts["word/document.xml"] = _set_text(parts["word/document.xml"], int(op[1]), str(op[2]))  # type: ignore[call-overload]
        elif kind in ("delete-element", "duplicate-element", "move-element", "junk-attribute") and op[1] in parts:
            parts[str(op[1])] = _mutate_xml(parts[str(op[1])], op)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    out = bytearray(buffer.getvalue())
    for op in zip_ops:
        if op[0] == "truncate-zip":
            out = out[: int(len(out) * float(op[1]))]  # type: ignore[arg-type]
        elif out:
            for i in range(int(op[2])):  # type: ignore[call-overload]
                out[(int(op[1]) + i * 104729) % len(out)] ^= 0xFF  # type: ignore[call-overload]
    return bytes(out)


def _set_text(data: bytes, index: int, text: str) -> bytes:
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError:
        return data
    texts = list(root.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
    if texts:
        texts[index % len(texts)].text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(sample=st.integers(0, 99), ops=st.lists(_DOCX_OP, min_size=1, max_size=4))
def test_mutated_docx_never_crashes(fuzz_dir: Path, sample: int, ops: list[tuple[object, ...]]) -> None:
    path = fuzz_dir / "fuzzed.docx"
    path.write_bytes(mutate_docx(sample, ops))
    TRIED["docx inputs"] += 1
    check_no_crash(path)


# --- Markdown and plain text: markup, brackets, numbers and symbols in random places ------------------

_PIECES = st.one_of(
    st.sampled_from([
        "*", "**", "_", "__", "***", "[", "]", "[^", "]:", "[^1]", "[^1]:", "(", ")", "#", "## ", "<!--", "-->",
        "---\n", "\n", "\n\n", "\r", "\t", "\f", "\\", "\\*", "1. ", "12 bis. ", "(a) ", "(iv) ", "a) ", "7.\n",
        "ICC-ASP/", "ICC-ASP/18/Res.", "/Res. ", "Res.[...]", "A/RES/", "S/RES/2720 (2023)", "RC/", "CD/",
        "paragraph ", "paragraphs 3 to ", " and ", ", ", "operative paragraph ", "annex II", "footnote ",
        "twenty-first session", "nineteenth twentieth session", "18th Session", "session", "January ",
        "5 October 2020", "2020", "20201", "[...]", "[XX]", "[date]", "The Assembly of States Parties,",
        "Recalling ", "Requests ", "\u00a0", "\u2019", "\u2013", "\ufeff", "\u200b", "\u202e", "0", "99999",
    ]),
    st.text(max_size=3),
    st.integers(-(10**6), 10**9).map(str),
)
_MD_OP = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 2**31), _PIECES),
    st.tuples(st.just("delete"), st.integers(0, 2**31), st.integers(1, 200)),
)


def mutate_text(sample: int, ops: list[tuple[object, ...]], repeat: int) -> str:
    text = MD_TEXTS[sample % len(MD_TEXTS)] * repeat
    for op in ops:
        pos = int(op[1]) % (len(text) + 1)  # type: ignore[call-overload]
        end = pos if op[0] == "insert" else pos + int(op[2])  # type: ignore[call-overload]
        text = text[:pos] + (str(op[2]) if op[0] == "insert" else "") + text[end:]
    return text


@FUZZ
@given(sample=st.integers(0, 99), ops=st.lists(_MD_OP, min_size=1, max_size=30),
       suffix=st.sampled_from([".md", ".txt"]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
       repeat=st.sampled_from([1, 1, 1, 3]))
def test_mutated_markdown_never_crashes(fuzz_dir: Path, sample: int, ops: list[tuple[object, ...]], suffix: str,
                                        encoding: str, repeat: int) -> None:
    path = fuzz_dir / f"fuzzed{suffix}"
    path.write_bytes(mutate_text(sample, ops, repeat).encode(encoding, "surrogatepass"))
    TRIED["text inputs"] += 1
    check_no_crash(path)


@FUZZ
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".docx", ".md", ".txt", ".doc", ""]))
def test_random_bytes_never_crash(fuzz_dir: Path, data: bytes, suffix: str) -> None:
    path = fuzz_dir / f"random{suffix}"
    path.write_bytes(data)
    TRIED["random-byte inputs"] += 1
    check_no_crash(path)


def test_mutations_change_the_input() -> None:
    """The strategies really produce different files (a harness that fuzzes nothing cannot fail)."""
    original = dict(DOCX_PARTS[0])["word/document.xml"]
    mutated = mutate_docx(0, [("delete-element", "word/document.xml", 5)])
    with zipfile.ZipFile(io.BytesIO(mutated)) as zf:
        assert zf.read("word/document.xml") != original
    assert mutate_text(0, [("insert", 10, "[^")], 1) != MD_TEXTS[0]
    assert COMMANDS and COMMANDS[0] == "parse"


@pytest.fixture(scope="module", autouse=True)
def _report(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    failures = TRIED.pop("failures", 0)
    summary = ", ".join(f"{n} {what}" for what, n in sorted(TRIED.items())) or "nothing"
    verdict = f"{failures} runs crashed or broke the one-line rule (shrinking included)" if failures else "no crash"
    line = f"fuzzing: {summary} tried ({EXAMPLES} examples per strategy{', random' if LONG_RUN else ''}); {verdict}"
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture is not None else contextlib.nullcontext():
        print(f"\n{line}")
