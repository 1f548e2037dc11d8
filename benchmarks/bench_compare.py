"""Benchmark `resdraft compare` against python-redlines 2.0.0 (Docxodus engine), whole process.

    pip install -e '.[bench]'            # python-redlines[docxodus]==2.0.0, benchmark only
    python benchmarks/bench_compare.py   # --runs 7 --keep DIR

Two generated revision pairs (about 56 and 500 paragraphs; texts made up
here, seeded) are compared by both tools, and a third (500 paragraphs with
50 moved and 20 rows of an annex table changed) by resdraft alone, to show
the writer stays linear; each run a fresh process, the tools
alternating run by run; the table gives the median wall time, the peak
resident memory of the whole process tree (`wait4`), and the fidelity of each
redline: LibreOffice's text after accept-all equals NEW and after reject-all
equals OLD (paragraph text and footnotes). Both tools run with bytecode
caching on (a throwaway `PYTHONPYCACHEPREFIX`) after one unmeasured warm-up,
as an installed tool would. python-redlines is skipped when not installed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resdraft.model import Block, Emphasis, Footnote, FootnoteRef, Resolution  # noqa: E402
from resdraft.render import render_docx  # noqa: E402

DATE = "2024-05-01T10:00:00Z"
OPENERS = ["Recalling", "Noting", "Welcoming", "Mindful", "Stressing", "Recognizing", "Bearing in mind"]
VERBS = ["Requests", "Urges", "Welcomes", "Decides", "Invites", "Encourages", "Notes", "Reaffirms", "Calls upon"]
WORDS = [
    "the", "Court", "States", "Parties", "Bureau", "Registry", "cooperation", "report", "arrest", "warrants",
    "national", "authorities", "victims", "witnesses", "relocation", "agreements", "assets", "financial",
    "investigations", "timely", "effective", "assistance", "consultations", "facilitator", "regional",
    "organizations", "to", "of", "and", "with", "in", "on", "its", "all", "further", "continue", "submit",
    "consider", "strengthen", "voluntary", "contributions", "Trust", "Fund", "legal", "framework",
]
ORDINALS = ["nineteenth", "twentieth", "twenty-first", "twenty-second", "twenty-third"]

REDLINES_SCRIPT = """
import sys
from python_redlines import DocxodusEngine
out, _, _ = DocxodusEngine().run_redline("bench", sys.argv[1], sys.argv[2])
open(sys.argv[3], "wb").write(out)
"""


# --- the pairs ---------------------------------------------------------------------------------------------


def _sentence(rng: random.Random, n: int) -> str:
    words = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.05:
            words.append(f"ICC-ASP/{rng.randint(10, 21)}/Res.{rng.randint(1, 6)}")
        elif roll < 0.09:
            words.append(f"at its {rng.choice(ORDINALS)} session")
        else:
            words.append(rng.choice(WORDS))
    return " ".join(words)


@dataclass
class _Para:
    kind: str
    lead: str
    body: str
    notes: list[str] = field(default_factory=list)


def make_pair(n_paragraphs: int, seed: int) -> tuple[list[_Para], list[_Para]]:
    """A draft and its revision: placeholder removed, later paragraphs renumbered, words, symbols, ordinals changed."""
    rng = random.Random(seed)
    old = [_Para("title", "", "Cooperation"), _Para("intro", "", "The Assembly of States Parties,")]
    n_pp = max(3, n_paragraphs // 6)
    for _ in range(n_pp):
        notes = [f"ICC-ASP/{rng.randint(15, 21)}/{rng.randint(10, 40)}."] if rng.random() < 0.2 else []
        old.append(_Para("pp", rng.choice(OPENERS), _sentence(rng, rng.randint(12, 40)) + ",", notes))
    k = 0
    while len(old) < n_paragraphs:
        if k and rng.random() < 0.08:
            old.append(_Para("heading", "", " ".join(rng.choice(WORDS) for _ in range(3)).capitalize()))
        notes = [f"As at {rng.randint(1, 28)} May 2023."] if rng.random() < 0.15 else []
        old.append(_Para("op", rng.choice(VERBS), _sentence(rng, rng.randint(12, 60)) + ";", notes))
        k += 1
    ops = [i for i, p in enumerate(old) if p.kind == "op"]
    old[ops[-1]].body = old[ops[-1]].body[:-1] + "."
    old.insert(ops[1], _Para("op", "", "[Placeholder for text based on the plenary discussion]"))
    new = [_Para(p.kind, p.lead, p.body, list(p.notes)) for p in old if not p.body.startswith("[Placeholder")]
    for p in new:
        if p.kind not in ("pp", "op"):
            continue
        roll = rng.random()
        if roll < 0.15:
            for a, b in itertools.pairwise(ORDINALS):
                if a in p.body:
                    p.body = p.body.replace(a, b, 1)
                    break
        elif roll < 0.25 and "ICC-ASP/" in p.body:
            p.body = p.body.replace("ICC-ASP/2", "ICC-ASP/1", 1).replace("ICC-ASP/1", "ICC-ASP/2", 1)
        elif roll < 0.35:
            words = p.body.split(" ")
            at = rng.randrange(len(words))
            words[at:at + 2] = [rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS)]
            p.body = " ".join(words)
        elif roll < 0.38 and p.notes:
            p.notes[0] = p.notes[0].replace("As at", "Status as at")
    for _ in range(max(1, n_paragraphs // 50)):
        at = rng.randrange(3, len(new))
        if new[at].kind == "op":
            new.insert(at, _Para("op", rng.choice(VERBS), _sentence(rng, 20) + ";"))
        else:
            del new[at]
    return old, new


def write_moves_pair(work: Path, seed: int = 13) -> tuple[Path, Path, int]:
    """A ~500-paragraph pair with 50 paragraphs moved and 20 rows of an annex table changed (writer linearity).

    Written as WordprocessingML directly (the renderer makes no tables): the
    paragraphs of `make_pair(500)`, then a 60-row table; NEW moves 50
    operative paragraphs elsewhere, deletes 7 rows, inserts 7 and edits the
    amount of 6 others.
    """
    from xml.sax.saxutils import escape

    from tests.docxbuild import build_docx, para

    rng = random.Random(seed)
    old_paras, _ = make_pair(500, seed)
    texts = [f"{p.lead} {p.body}".strip() for p in old_paras]

    def row(cells: tuple[str, str]) -> str:
        return "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{escape(c)}</w:t></w:r></w:p></w:tc>" for c in cells) \
            + "</w:tr>"

    def body(paras: list[str], rows: list[tuple[str, str]]) -> str:
        table = '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="4000"/>' \
            '<w:gridCol w:w="2000"/></w:tblGrid>' + "".join(row(r) for r in rows) + "</w:tbl>"
        return "".join(para(t) for t in paras) + table + para("Annex ends.")

    rows = [(" ".join(rng.choice(WORDS) for _ in range(4)).capitalize(), str(rng.randint(10, 999))) for _ in range(60)]
    movable = [i for i, p in enumerate(old_paras) if p.kind == "op"]
    moved = set(rng.sample(movable, 50))
    kept = [t for i, t in enumerate(texts) if i not in moved]
    new_texts = list(kept)
    for i in sorted(moved):
        new_texts.insert(rng.randrange(3, len(new_texts)), texts[i])
    new_rows = list(rows)
    for at in sorted(rng.sample(range(1, 60), 7), reverse=True):
        del new_rows[at]
    for _ in range(7):
        new_rows.insert(rng.randrange(1, len(new_rows)), ("Added " + rng.choice(WORDS), str(rng.randint(10, 999))))
    for at in rng.sample(range(1, len(new_rows)), 6):
        new_rows[at] = (new_rows[at][0], str(int(new_rows[at][1]) + 1) if new_rows[at][1].isdigit() else "1")
    old, new = work / "old-moves.docx", work / "new-moves.docx"
    build_docx(old, body(texts, rows))
    build_docx(new, body(new_texts, new_rows))
    return old, new, len(texts) + 1


def to_resolution(paras: list[_Para]) -> Resolution:
    blocks, footnotes, number = [], [], 0
    for i, p in enumerate(paras):
        text = f"{p.lead} {p.body}".strip()
        refs = []
        for note in p.notes:
            footnotes.append(Footnote(len(footnotes) + 1, note))
            refs.append(FootnoteRef(len(footnotes), len(text)))
        kind = {"title": "title", "intro": "preamble-intro", "pp": "preambular", "heading": "heading",
                "op": "operative"}[p.kind]
        label = f"B{i}"
        number_text = ""
        if p.kind == "op":
            number += 1
            number_text, label = f"{number}.", f"OP{number}"
        blocks.append(Block(kind=kind, label=label, text=text, number_text=number_text,  # type: ignore[arg-type]
                            numbering="typed" if number_text else "none",
                            emphasis=[Emphasis(0, len(p.lead))] if p.lead else [], footnote_refs=refs))
    return Resolution("<bench>", "md", blocks, footnotes)


# --- running ---------------------------------------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    command: list[str]
    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)  # KiB
    cpus: list[float] = field(default_factory=list)  # user + system seconds of the child


def run_once(command: list[str], env: dict[str, str], out: Path, cwd: Path) -> tuple[float, int, float]:
    """Wall time, peak RSS (KiB, largest process of the tree) and CPU seconds (user + system) of one run.

    The child runs in `cwd`, outside the checkout, so that it imports the code under `--root` through
    PYTHONPATH, not whatever the current folder holds; CPU time is what a loaded machine distorts least.
    """
    out.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or not out.is_file():
        raise RuntimeError(f"{command[:4]}... failed ({proc.returncode}): {stderr.strip()[-500:]}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def redlines_available() -> bool:
    try:
        from python_redlines import DocxodusEngine

        DocxodusEngine()  # extracts the engine once, outside the measurements
    except Exception as exc:  # not installed, or no engine for this platform
        print(f"python-redlines: skipped ({type(exc).__name__}: {exc})")
        return False
    return True


def fidelity(paths: list[tuple[Path, Path, Path]]) -> list[dict[str, bool | int]]:
    """Accept-all == NEW and reject-all == OLD in LibreOffice, per (old, new, redline)."""
    try:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from support.office import Office, find_office
    except ImportError:
        return []
    info = find_office()
    if info is None:
        print("LibreOffice not found: fidelity not checked")
        return []
    flat = [p for triple in paths for p in triple]
    with Office(info) as office:
        results = office.texts_many(flat)
    out = []
    for k in range(len(paths)):
        old, new, red = results[3 * k: 3 * k + 3]
        out.append({
            "accept": red.accepted == new.original and red.footnotes_accepted == new.footnotes_original,
            "reject": red.rejected == old.original and red.footnotes_rejected == old.footnotes_original,
            "revisions": red.redlines,
            "clean": red.load_ok and not red.warnings,
        })
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs per tool and pair (default 7)")
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="checkout whose resdraft is measured (default: this one)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="resdraft-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    env["PYTHONPATH"] = str(args.root.resolve()) + os.pathsep + env.get("PYTHONPATH", "")
    have_redlines = redlines_available()
    rows = []
    checks: list[tuple[Path, Path, Path]] = []
    for size, seed in ((56, 11), (500, 12), ("moves", 13)):
        if size == "moves":  # 50 moved paragraphs, 20 table rows changed: resdraft only
            old, new, count = write_moves_pair(work, seed)
        else:
            old_paras, new_paras = make_pair(size, seed)
            count = len(old_paras)
            old, new = work / f"old-{size}.docx", work / f"new-{size}.docx"
            render_docx(to_resolution(old_paras), old)
            render_docx(to_resolution(new_paras), new)
        ours_out, theirs_out = work / f"resdraft-{size}.docx", work / f"redlines-{size}.docx"
        tools = [Tool("resdraft", [sys.executable, "-m", "resdraft", "compare", str(old), str(new), "-o",
                                   str(ours_out), "--force", "--date", DATE])]
        outs = {"resdraft": ours_out}
        if have_redlines and size != "moves":
            tools.append(Tool("python-redlines", [sys.executable, "-c", REDLINES_SCRIPT, str(old), str(new),
                                                  str(theirs_out)]))
            outs["python-redlines"] = theirs_out
        for tool in tools:  # warm-up: bytecode caches, engine extraction, file cache
            run_once(tool.command, env, outs[tool.name], work)
        for _ in range(args.runs):
            for tool in tools:
                elapsed, peak, cpu = run_once(tool.command, env, outs[tool.name], work)
                tool.times.append(elapsed)
                tool.peaks.append(peak)
                tool.cpus.append(cpu)
        for tool in tools:
            rows.append((size, count, tool))
            checks.append((old, new, outs[tool.name]))
    quality = fidelity(checks)
    print(f"\n{'pair':>5} {'paras':>5}  {'tool':16} {'median s':>9} {'min s':>7} {'CPU s':>7} {'peak MiB':>9}  "
          f"{'accept=NEW':>10} {'reject=OLD':>10} {'revisions':>9}")
    for n, (size, paras, tool) in enumerate(rows):
        q = quality[n] if quality else {}
        print(f"{size:>5} {paras:>5}  {tool.name:16} {statistics.median(tool.times):9.3f} {min(tool.times):7.3f} "
              f"{statistics.median(tool.cpus):7.3f} "
              f"{max(tool.peaks) / 1024:9.1f}  {q.get('accept', '-')!s:>10} {q.get('reject', '-')!s:>10} "
              f"{q.get('revisions', '-'):>9}")
    if have_redlines:
        print()
        for size in (56, 500):
            ours = next(t for s, _, t in rows if s == size and t.name == "resdraft")
            theirs = next(t for s, _, t in rows if s == size and t.name == "python-redlines")
            speed = statistics.median(theirs.times) / statistics.median(ours.times)
            memory = max(theirs.peaks) / max(ours.peaks)
            cpu = statistics.median(theirs.cpus) / statistics.median(ours.cpus)
            print(f"~{size} paragraphs: resdraft {speed:.1f}x faster ({cpu:.1f}x in CPU time), "
                  f"python-redlines uses {memory:.1f}x the peak memory")
    if args.keep is None:
        print(f"\nfiles in {work} (use --keep DIR to choose)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
