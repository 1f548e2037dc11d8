"""Lint speed: a 40-operative-paragraph .docx in-process, the whole `resdraft lint` process against a
bare `python -c` that only unzips and parses document.xml with lxml, and how time grows with 10x input.

Run: python benchmarks/bench_lint.py [--runs N] [--rounds N]
Targets: in-process (parse included) <= 15 ms; whole process <= 6x the baseline; 10x input <= 11x time.
The whole-process ratio is measured with bytecode cached (as installed; this environment sets
PYTHONDONTWRITEBYTECODE, which makes every process compile resdraft from source) and also without.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resdraft.lint import LintContext, lint_resolution
from resdraft.parse import parse_file, parse_text

BASELINE = ("import sys, zipfile, lxml.etree as etree; "
            "etree.fromstring(zipfile.ZipFile(sys.argv[1]).read('word/document.xml'))")

_VERBS = ["Urges", "Requests", "Encourages", "Invites", "Welcomes", "Emphasizes", "Recognizes", "Calls upon",
          "Reaffirms", "Notes", "Stresses", "Underlines", "Acknowledges", "Commends", "Decides"]
_OPENERS = ["Recognizing", "Stressing", "Noting", "Mindful of", "Emphasizing", "Reaffirming", "Underlining"]
_LATER = ["urges", "requests", "encourages", "invites", "welcomes", "stresses", "calls upon"]
_ACTORS = ["States Parties", "the Bureau", "the Court", "the Registry", "the Secretariat", "all States",
           "the Office of the Prosecutor", "regional organizations", "the facilitator", "civil society"]
_OBJECTS = ["arrest strategies", "the freezing of assets", "witness protection", "voluntary agreements",
            "national implementing legislation", "financial investigations", "the enforcement of sentences",
            "interim release", "the relocation of witnesses", "legal aid", "outreach to affected communities",
            "the exchange of information", "requests for assistance", "national focal points", "capacity building"]
_TAILS = ["in close cooperation with the Court", "on a voluntary basis", "within existing resources",
          "where appropriate", "in accordance with their national law", "without further delay",
          "through its working groups", "in consultation with States Parties", "as a matter of priority"]


def operative(rng: random.Random, i: int, last: bool) -> str:
    """One operative paragraph, different from every other (seeded, reproducible).

    Like a real draft, most paragraphs are plain prose; some carry a mandate with a session,
    a symbol, a date or a cross-reference (about one in four, as in the ASP texts).
    """
    text = (f"*{rng.choice(_VERBS)}* {rng.choice(_ACTORS)} to pursue its efforts on {rng.choice(_OBJECTS)} "
            f"{rng.choice(_TAILS)}, taking into account the experience gained with {rng.choice(_OBJECTS)}, and "
            f"*{rng.choice(_LATER)}* {rng.choice(_ACTORS)} to give particular attention to {rng.choice(_OBJECTS)}")
    extra = i % 8
    if extra == 1:
        text += ", and to report thereon to the Assembly at its twenty-third session"
    elif extra == 3:
        text += f", as set out in resolution ICC-ASP/{rng.randint(10, 21)}/Res.{rng.randint(1, 6)}"
    elif extra == 5:
        text += f", in the light of the seminar held on {rng.randint(1, 28)} March 2023"
    elif extra == 7 and i > 3:
        text += f", building on the work referred to in paragraph {rng.randint(1, i - 1)} above"
    return text + ("." if last else ";")


def draft(operatives: int, seed: int = 7) -> str:
    """A clean Markdown draft for the twenty-second session with the given number of operative paragraphs."""
    rng = random.Random(seed)
    lines = ["Draft resolution on cooperation", "", "The Assembly of States Parties,", "",
             "*Recalling* its resolutions ICC-ASP/19/Res.2, ICC-ASP/20/Res.2 and ICC-ASP/21/Res.3,", "",
             "*Welcoming* the cooperation report submitted pursuant to paragraph 25 of resolution "
             "ICC-ASP/21/Res.3,[^1]", ""]
    for _ in range(8):
        lines += [f"*{rng.choice(_OPENERS)}* the importance of {rng.choice(_OBJECTS)} and of {rng.choice(_OBJECTS)} "
                  f"for the work of the Court, {rng.choice(_TAILS)},", ""]
    for i in range(operatives):
        if i % 6 == 0:
            lines += [f"## {rng.choice(_OBJECTS).capitalize()} ({i // 6 + 1})", ""]
        lines += [f"{i + 1}. {operative(rng, i, i == operatives - 1)}", ""]
    lines += ["[^1]: ICC-ASP/22/25.", ""]
    return "\n".join(lines)


def write_docx(markdown: str, out: Path) -> None:
    """Render with resdraft's renderer when present, else a plain python-docx document (typed numbers)."""
    resolution = parse_text(markdown)
    try:
        from resdraft.render import render_docx
    except ImportError:
        import docx

        document = docx.Document()
        for block in resolution.blocks:
            paragraph = document.add_paragraph(f"{block.number_text} " if block.number_text else "")
            position = 0
            for span in sorted(block.emphasis, key=lambda e: e.start):
                paragraph.add_run(block.text[position:span.start])
                paragraph.add_run(block.text[span.start:span.end]).italic = span.style == "italic"
                position = span.end
            paragraph.add_run(block.text[position:])
        document.save(out)
        return
    render_docx(resolution, out)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def lint_once(path: Path) -> int:
    return len(lint_resolution(parse_file(path), LintContext(session=22)))


def whole_process(path: Path, rounds: int, pycache: Path | None) -> tuple[float, float]:
    """Median seconds of `resdraft lint` and of the lxml baseline, run alternately.

    With `pycache`, both run with bytecode cached there (PYTHONPYCACHEPREFIX), as an installed
    package has it; without, they run as this environment says (PYTHONDONTWRITEBYTECODE makes
    Python compile every module of resdraft from source in every process).
    """
    env = dict(os.environ)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    lint_cmd = [sys.executable, "-m", "resdraft", "lint", str(path), "--session", "22", "--no-config"]
    base_cmd = [sys.executable, "-c", BASELINE, str(path)]
    lint_times, base_times = [], []
    for cmd in (lint_cmd, base_cmd):  # warm the file cache, the bytecode cache and Lark's parser cache
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    for _ in range(rounds):
        for cmd, bucket in ((lint_cmd, lint_times), (base_cmd, base_times)):
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
            bucket.append(time.perf_counter() - start)
    return statistics.median(lint_times), statistics.median(base_times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="in-process runs per size (median)")
    parser.add_argument("--rounds", type=int, default=9, help="whole-process rounds (median)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "draft-40.docx", Path(tmp) / "draft-400.docx"
        write_docx(draft(40), small)
        write_docx(draft(400), large)
        findings = lint_once(small)  # warm: imports, grammar, catalogue
        lint_once(large)
        t_small = median_ms(lambda: lint_once(small), args.runs)
        t_large = median_ms(lambda: lint_once(large), max(5, args.runs // 6))
        process, baseline = whole_process(small, args.rounds, Path(tmp) / "pycache")
        raw_process, raw_baseline = whole_process(small, args.rounds, None)
        blocks = len(parse_file(small).blocks)
    ratio_process = process / baseline
    ratio_raw = raw_process / raw_baseline
    ratio_scale = t_large / t_small
    rows = [
        ("in-process lint of 40-OP .docx (parse included)", f"{t_small:.2f} ms", "<= 15 ms", t_small <= 15),
        ("in-process lint of 400-OP .docx", f"{t_large:.2f} ms", "", True),
        ("10x input / 1x input", f"{ratio_scale:.2f}x", "<= 11x", ratio_scale <= 11),
        ("whole process `resdraft lint`", f"{process * 1000:.0f} ms", "", True),
        ("baseline python -c unzip + lxml", f"{baseline * 1000:.0f} ms", "", True),
        ("whole process / baseline", f"{ratio_process:.2f}x", "<= 6x", ratio_process <= 6),
        ("  same, no bytecode cache (compile every run)", f"{ratio_raw:.2f}x", "", True),
        (f"  ({raw_process * 1000:.0f} ms vs {raw_baseline * 1000:.0f} ms)", "", "", True),
    ]
    print(f"40-OP draft: {blocks} blocks, {findings} findings (a clean text: expect 0)")
    for name, value, target, ok in rows:
        verdict = "" if not target else ("ok" if ok else "OVER")
        print(f"{name:<50} {value:>10}  {target:<9} {verdict}")
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
