"""LibreOffice round trip of `compare` on generated drafts and edit scripts (texts written for these tests).

A draft is a list of `Para` specs; `to_resolution` turns it into a model that
`render_docx` writes. `apply_script` applies an edit script (insert, delete,
move, replace a word, change a symbol or an ordinal, italicise a word,
change, add or drop a footnote) and renumbers the operative paragraphs, as a
facilitator's revision would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from resdraft.model import Block, Emphasis, Footnote, FootnoteRef, Resolution

OPENERS = ["Recalling", "Noting", "Welcoming", "Mindful", "Stressing", "Recognizing", "Bearing in mind",
           "Taking note also"]
VERBS = ["Requests", "Urges", "Welcomes", "Decides", "Invites", "Encourages", "Notes", "Reaffirms", "Calls upon"]
WORDS = ["the", "Court", "States", "Parties", "Bureau", "Registry", "cooperation", "report", "arrest", "warrants",
         "national", "authorities", "victims", "witnesses", "relocation", "agreements", "assets", "financial",
         "investigations", "timely", "effective", "assistance", "consultations", "facilitator", "regional",
         "organizations", "to", "of", "and", "with", "in", "on", "its", "all", "further", "continue", "submit",
         "consider", "strengthen", "voluntary", "contributions", "Trust", "Fund", "legal", "framework"]
ORDINALS = ["nineteenth", "twentieth", "twenty-first", "twenty-second", "twenty-third", "twenty-fourth"]


def symbol(rng: random.Random) -> str:
    return f"ICC-ASP/{rng.randint(10, 22)}/Res.{rng.randint(1, 6)}"


@dataclass
class Para:
    """One paragraph of a synthetic draft: its kind, lead (italic), body words, and footnote texts."""

    kind: str  # title | intro | pp | heading | op
    lead: str
    body: str
    notes: list[str] = field(default_factory=list)  # footnotes referenced at the end of the paragraph
    italic_words: list[str] = field(default_factory=list)


def sentence(rng: random.Random, n: int) -> str:
    parts = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.06:
            parts.append(symbol(rng))
        elif roll < 0.10:
            parts.append(f"at its {rng.choice(ORDINALS)} session")
        elif roll < 0.12:
            parts.append(f"paragraph {rng.randint(1, 40)}")
        else:
            parts.append(rng.choice(WORDS))
    return " ".join(parts)


def make_draft(rng: random.Random, n_pp: int, n_op: int, headings: bool = True) -> list[Para]:
    paras = [Para("title", "", "Cooperation"), Para("intro", "", "The Assembly of States Parties,")]
    for _ in range(n_pp):
        note = [f"ICC-ASP/{rng.randint(15, 22)}/{rng.randint(10, 40)}."] if rng.random() < 0.25 else []
        paras.append(Para("pp", rng.choice(OPENERS), sentence(rng, rng.randint(6, 22)) + ",", note))
    for k in range(n_op):
        if headings and k and rng.random() < 0.15:
            paras.append(Para("heading", "", " ".join(rng.choice(WORDS) for _ in range(3)).capitalize()))
        note = [f"As at {rng.randint(1, 28)} May 20{rng.randint(20, 24)}."] if rng.random() < 0.2 else []
        end = "." if k == n_op - 1 else ";"
        paras.append(Para("op", rng.choice(VERBS), sentence(rng, rng.randint(6, 26)) + end, note))
    return paras


def to_resolution(paras: list[Para]) -> Resolution:
    """The model `render_docx` writes: typed numbers on operative paragraphs, footnotes numbered in order."""
    blocks: list[Block] = []
    footnotes: list[Footnote] = []
    op = 0
    for i, para in enumerate(paras):
        text = f"{para.lead} {para.body}".strip()
        emphasis = [Emphasis(0, len(para.lead))] if para.lead else []
        for word in para.italic_words:
            at = text.find(f" {word} ")
            if at > 0:
                emphasis.append(Emphasis(at + 1, at + 1 + len(word)))
        refs = []
        for note in para.notes:
            footnotes.append(Footnote(len(footnotes) + 1, note))
            refs.append(FootnoteRef(len(footnotes), len(text)))
        kind = {"title": "title", "intro": "preamble-intro", "pp": "preambular", "heading": "heading",
                "op": "operative"}[para.kind]
        number = ""
        if para.kind == "op":
            op += 1
            number = f"{op}."
        label = f"OP{op}" if number else f"B{i}"
        blocks.append(Block(kind=kind, label=label, text=text, number=number.rstrip(".") or None,  # type: ignore[arg-type]
                            number_text=number, numbering="typed" if number else "none",
                            emphasis=sorted(emphasis, key=lambda e: e.start), footnote_refs=refs))
    return Resolution(path="<synthetic>", format="md", blocks=blocks, footnotes=footnotes)


OPS = ("insert", "delete", "move", "word", "symbol", "ordinal", "italic", "note-text", "note-add", "note-drop",
       "clause")


def apply_script(paras: list[Para], script: list[tuple[str, int, int]], rng_seed: int) -> list[Para]:
    """Apply (operation, position, value) steps; positions wrap around the body paragraphs."""
    rng = random.Random(rng_seed)
    out = [replace(p, notes=list(p.notes), italic_words=list(p.italic_words)) for p in paras]
    for op, pos, value in script:
        body = [i for i, p in enumerate(out) if p.kind in ("pp", "op", "heading")]
        if not body:
            break
        i = body[pos % len(body)]
        para = out[i]
        words = para.body.split(" ")
        if op == "insert":
            kind = "op" if para.kind in ("op", "heading") else "pp"
            lead = rng.choice(VERBS if kind == "op" else OPENERS)
            end = ";" if kind == "op" else ","
            out.insert(i + 1, Para(kind, lead, sentence(rng, 5 + value % 12) + end))
        elif op == "delete" and len(body) > 1:
            del out[i]
        elif op == "move" and len(body) > 2:
            moved = out.pop(i)
            rest = [k for k, p in enumerate(out) if p.kind == moved.kind] or body[:1]
            out.insert(rest[value % len(rest)] + 1 if value % 2 else rest[value % len(rest)], moved)
        elif op == "word" and len(words) > 1:
            k = value % (len(words) - 1)
            words[k] = rng.choice(WORDS)
            para.body = " ".join(words)
        elif op == "symbol":
            para.body = para.body.replace("ICC-ASP/", "ICC-ASP/2", 1) if "ICC-ASP/" in para.body \
                else f"{para.body[:-1]} and {symbol(rng)}{para.body[-1]}"
        elif op == "ordinal":
            found = [o for o in ORDINALS if o in para.body]
            if found:
                old = found[0]
                para.body = para.body.replace(old, ORDINALS[(ORDINALS.index(old) + 1) % len(ORDINALS)], 1)
            else:
                para.body = f"at its {ORDINALS[value % len(ORDINALS)]} session {para.body}"
        elif op == "italic" and para.kind == "op" and len(words) > 2:
            word = rng.choice(["requests", "urges", "invites", "encourages"])
            words.insert(1 + value % (len(words) - 1), f"and {word}")
            para.body = " ".join(words)
            para.italic_words.append(word)
        elif op == "note-text" and para.notes:
            para.notes[0] = para.notes[0].replace("ICC-ASP/", "ICC-ASP/1", 1) if "ICC" in para.notes[0] \
                else para.notes[0].replace("As at", "Status as at", 1)
        elif op == "note-add" and para.kind in ("pp", "op"):
            para.notes.append(f"ICC-ASP/{10 + value % 12}/{value % 40 + 1}.")
        elif op == "note-drop" and para.notes:
            para.notes.pop()
        elif op == "clause" and len(words) > 4:
            k = value % (len(words) - 3)
            del words[k:k + 2 + value % 2]
            words.insert(k, sentence(rng, 2 + value % 4))
            para.body = " ".join(words)
    return out


# --- the tests -----------------------------------------------------------------------------------------------

import dataclasses  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from lxml import etree  # noqa: E402

from resdraft.redline.comparison import compare_to_bytes  # noqa: E402
from resdraft.render import render_docx  # noqa: E402

pytestmark = pytest.mark.office
EXAMPLES = 220
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclasses.dataclass
class Case:
    name: str
    old: Path
    new: Path
    redline: Path
    params: tuple[int, int, int, bool, list[tuple[str, int, int]]]


@st.composite
def cases(draw: st.DrawFn) -> tuple[int, int, int, bool, list[tuple[str, int, int]]]:
    seed = draw(st.integers(0, 10_000))
    n_pp = draw(st.integers(0, 4))
    n_op = draw(st.integers(1, 7))
    auto = draw(st.booleans())
    script = draw(st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 50), st.integers(0, 50)),
                           min_size=1, max_size=6))
    return seed, n_pp, n_op, auto, script


def _build(tmp: Path, n: int, seed: int, n_pp: int, n_op: int, auto: bool,
           script: list[tuple[str, int, int]]) -> Case:
    rng = random.Random(seed)
    old_paras = make_draft(rng, n_pp, n_op)
    new_paras = apply_script(old_paras, script, seed)
    folder = tmp / f"case{n:03d}"
    folder.mkdir()
    numbering = "auto" if auto else "typed"
    old, new, red = folder / "old.docx", folder / "new.docx", folder / "redline.docx"
    render_docx(to_resolution(old_paras), old, numbering=numbering)
    render_docx(to_resolution(new_paras), new, numbering=numbering)
    red.write_bytes(compare_to_bytes(old, new, author="Facilitator", date="2024-05-01T10:00:00Z"))
    return Case(folder.name, old, new, red, (seed, n_pp, n_op, auto, script))


def test_generated_edit_scripts_round_trip_in_libreoffice(office: object, tmp_path: Path) -> None:
    """Accept-all gives NEW and reject-all gives OLD, exactly, for 200+ generated revisions (one office session)."""
    built: list[Case] = []

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(cases())
    def build(case: tuple[int, int, int, bool, list[tuple[str, int, int]]]) -> None:
        built.append(_build(tmp_path, len(built), *case))

    build()
    assert len(built) >= 200
    paths = [p for case in built for p in (case.old, case.new, case.redline)]
    results = office.texts_many(paths)  # type: ignore[attr-defined]
    failures = []
    for k, case in enumerate(built):
        old, new, red = results[3 * k: 3 * k + 3]
        problems = []
        if not red.load_ok or red.warnings:
            problems.append(f"load: {red.warnings}")
        if red.accepted != new.original:
            problems.append(f"accept-all:\n  got  {red.accepted!r}\n  want {new.original!r}")
        if red.rejected != old.original:
            problems.append(f"reject-all:\n  got  {red.rejected!r}\n  want {old.original!r}")
        if red.footnotes_accepted != new.footnotes_original:
            problems.append(f"footnotes after accept-all: {red.footnotes_accepted} != {new.footnotes_original}")
        if red.footnotes_rejected != old.footnotes_original:
            problems.append(f"footnotes after reject-all: {red.footnotes_rejected} != {old.footnotes_original}")
        if red.redlines_after_accept or red.redlines_after_reject:
            problems.append("tracked changes left after accept/reject all")
        if problems:
            failures.append((f"{case.name} {case.params}:\n" + "\n".join(problems), case))
    known = [f for f, case in failures if _first_note_paragraph_revised(case.redline)]
    other = [f for f, case in failures if not _first_note_paragraph_revised(case.redline)]
    passed = len(built) - len(failures)
    print(f"\nLibreOffice round trip: {passed}/{len(built)} generated edit scripts exact; {len(known)} hit the "
          "LibreOffice 7.4 first-footnote defect")
    assert not other, f"{len(other)} of {len(built)} failed:\n" + "\n\n".join(other[:8])
    assert passed >= 200


def _first_note_paragraph_revised(redline: Path) -> bool:
    """LibreOffice 7.4's DOCX import mishandles the mark of the paragraph holding the first footnote reference.

    Minimal case: `test_libreoffice_first_footnote_defect`. A failure counts as
    that defect only when this paragraph's mark carries a revision or its last
    content is a newly inserted footnote reference.
    """
    with zipfile.ZipFile(redline) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    ref = next(root.iter(f"{{{W_NS}}}footnoteReference"), None)
    if ref is None:
        return False
    p = next(ref.iterancestors(f"{{{W_NS}}}p"))
    if p.find(f"{{{W_NS}}}pPr/{{{W_NS}}}rPr/{{{W_NS}}}ins") is not None or \
            p.find(f"{{{W_NS}}}pPr/{{{W_NS}}}rPr/{{{W_NS}}}del") is not None:
        return True
    content = [el for el in p.iter() if etree.QName(el).localname in ("t", "delText", "tab", "footnoteReference")]
    last = content[-1] if content else None
    return last is not None and etree.QName(last).localname == "footnoteReference" and any(
        etree.QName(a).localname == "ins" for a in last.iterancestors())


@pytest.mark.xfail(reason="LibreOffice 7.4 DOCX import: an inserted footnote reference at the end of the paragraph "
                          "holding the first footnote makes its paragraph mark count as inserted", strict=False)
def test_libreoffice_first_footnote_defect(office: object, tmp_path: Path) -> None:
    """Minimal reproduction, kept to notice when LibreOffice fixes it (then the known class can go)."""
    from docxbuild import build_docx, footnote, footnote_ref, para, style

    from resdraft.edits import FOOTNOTE_MARK, Edit, EditPlan
    from resdraft.redline.writer import apply_plan

    styles = style("Normal", "Normal", default=True) + style("FootnoteText", "footnote text", based_on="Normal")
    src = build_docx(tmp_path / "a.docx", para("Alpha one.", footnote_ref(1)) + para("Bravo two."),
                     styles=styles, footnotes=footnote(1, "Note one."))
    end = len("Alpha one.") + 1
    out = tmp_path / "b.docx"
    out.write_bytes(apply_plan(src, EditPlan([Edit("@0", end, end, FOOTNOTE_MARK, marks=True,
                                                   footnotes=("Note two.",))], date="2024-05-01")))
    before, red = office.texts_many([src, out])  # type: ignore[attr-defined]
    assert red.rejected == before.original
