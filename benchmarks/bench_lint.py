"""Lint speed: a 40-operative-paragraph .docx in-process, the whole `resdraft lint` process against a
bare `python -c` that only unzips and parses document.xml with lxml, how time grows with 10x input,
Markdown throughput (MB/s per core), and `lint DIR --jobs N` against `--jobs 1` on 200 drafts.

Run: python benchmarks/bench_lint.py [--runs N] [--rounds N] [--drafts N] [--no-jobs]
Targets: in-process (parse included) <= 15 ms; whole process <= 4x the baseline; 10x input <= 11x time;
Markdown lint >= 2 MB/s per core, 5x input <= 5.5x time; 200 drafts with --jobs 2 >= 1.7x faster than --jobs 1
(on a machine with 2 free cores; the row says how many cores there are).
The whole-process ratio is measured with bytecode cached (as installed; this environment sets
PYTHONDONTWRITEBYTECODE, which makes every process compile resdraft from source) and also without, and
in wall-clock time and in CPU time (user + system of the process: steadier on a busy machine).
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
from resdraft.paragraph_memo import clear_memo
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
    """Median CPU milliseconds of `fn` (process time: what other work on the machine disturbs least)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def lint_once(path: Path) -> int:
    """Parse and lint `path` as the first read of this process does: the paragraph memo is emptied first, so
    a repeated run does not reuse the grammar's parses of the run before."""
    clear_memo()
    return len(lint_resolution(parse_file(path), LintContext(session=22)))


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system, children included) and stdout of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    out = process.stdout.read() if process.stdout else b""
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, out.decode("utf-8", "replace")


def whole_process_cpu(path: Path, rounds: int, pycache: Path) -> tuple[float, float]:
    """Median CPU seconds of `resdraft lint` and of the baseline (bytecode cached), run alternately."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    lint_cmd = [sys.executable, "-m", "resdraft", "lint", str(path), "--session", "22", "--no-config"]
    base_cmd = [sys.executable, "-c", BASELINE, str(path)]
    lint_cpu, base_cpu = [], []
    for _ in range(rounds):
        lint_cpu.append(_run(lint_cmd, env)[1])
        base_cpu.append(_run(base_cmd, env)[1])
    return statistics.median(lint_cpu), statistics.median(base_cpu)


def markdown_throughput(operatives: int, repeats: int = 3) -> tuple[float, float, float]:
    """(MB, CPU seconds, MB/s) of parsing and linting one Markdown draft in-process (one core), best of
    `repeats` (the least disturbed by other work on the machine)."""
    text = draft(operatives)
    size = len(text.encode("utf-8")) / 1e6
    best = float("inf")
    for _ in range(repeats):
        clear_memo()  # drafts of different sizes share their first paragraphs: no parse may come from the memo
        start = time.process_time()
        lint_resolution(parse_text(text), LintContext(session=22))
        best = min(best, time.process_time() - start)
    return size, best, size / best


SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def real_texts_throughput(repeats: int = 3) -> tuple[int, float, float] | None:
    """(files, MB, MB/s) of parsing and linting the real .md/.txt texts of ../shared/corpus, best of `repeats`.

    Real paragraphs are longer than the generated ones and hold more typed items (symbols, sessions,
    dates), and the PDF extractions carry page furniture: slower per MB than `markdown_throughput`."""
    if not SHARED_CORPUS.is_dir():
        return None
    paths = sorted(p for p in SHARED_CORPUS.iterdir() if p.suffix in (".md", ".txt") and p.name != "MANIFEST.md")
    for folder in (SHARED_CORPUS / "wild", SHARED_CORPUS / "ga80-clean" / "src"):
        paths += sorted(p for p in folder.glob("*") if p.suffix in (".md", ".txt") and p.name != "MANIFEST.md")
    size = sum(p.stat().st_size for p in paths) / 1e6
    best = float("inf")
    for _ in range(repeats):
        clear_memo()
        start = time.process_time()
        for path in paths:
            lint_resolution(parse_file(path), LintContext())
        best = min(best, time.process_time() - start)
    return len(paths), size, size / best


def markdown_breakdown(operatives: int) -> list[tuple[str, float]]:
    """CPU seconds of each stage of `markdown_throughput`, timed on their own, best of three (so they sum
    only roughly to its total): the Markdown reader, the Lark grammar on every paragraph, the rest of
    `parse_text` (structure), and the lint rules."""
    from resdraft.grammar import parse_paragraph
    from resdraft.readers.markdown import parse_markdown

    text = draft(operatives)
    timed: list[tuple[str, float]] = []

    def stage(name: str, fn: Callable[[], object]) -> object:
        best, result = float("inf"), None
        for _ in range(3):  # best of three, as `markdown_throughput`
            clear_memo()  # each stage parses from scratch, as `markdown_throughput` does
            start = time.process_time()
            result = fn()
            best = min(best, time.process_time() - start)
        timed.append((name, best))
        return result

    raw = stage("Markdown reader (readers/markdown.py)", lambda: parse_markdown(text))
    texts = [p.text for p in raw.paragraphs] + [f.text for f in raw.footnotes]  # type: ignore[attr-defined]
    stage("grammar (Lark, every paragraph)", lambda: [parse_paragraph(t) for t in texts])
    resolution = stage("parse_text", lambda: parse_text(text))
    stage("lint rules", lambda: lint_resolution(resolution, LintContext(session=22)))  # type: ignore[arg-type]
    reader, grammar, whole = (seconds for _, seconds in timed[:3])
    return [timed[0], timed[1], ("rest of parse_text (structure)", whole - reader - grammar), timed[3]]


def jobs_speedup(folder: Path, count: int, jobs: int, pycache: Path) -> tuple[float, float, bool, float]:
    """Wall seconds of `resdraft lint DIR --jobs 1` and `--jobs N` over `count` drafts, whether the outputs
    agree, and the CPU time of `--jobs N` over that of `--jobs 1` (the cost of the pool itself)."""
    folder.mkdir()
    for i in range(count):
        (folder / f"draft-{i:03d}.md").write_text(draft(40, seed=i), encoding="utf-8")
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    base = [sys.executable, "-m", "resdraft", "lint", str(folder), "--session", "22", "--no-config", "-f", "json"]
    _run([*base, "--jobs", "1"], env)  # warm
    one, one_out, one_cpu = [], "", []
    many, many_out, many_cpu = [], "", []
    for _ in range(2):
        wall, cpu, one_out = _run([*base, "--jobs", "1"], env)
        one.append(wall)
        one_cpu.append(cpu)
        wall, cpu, many_out = _run([*base, "--jobs", str(jobs)], env)
        many.append(wall)
        many_cpu.append(cpu)
    return min(one), min(many), one_out == many_out, min(many_cpu) / min(one_cpu)


def _burn(_: object) -> float:
    """Pure CPU work (no I/O, no shared state): what two processes at once can gain on this machine."""
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i
    return time.perf_counter() - start


def parallel_ceiling(jobs: int) -> float:
    """How much faster `jobs` CPU-bound processes finish `jobs` tasks than one process does (busy or capped
    cores show here: the --jobs speed-up cannot beat this)."""
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    for _ in range(jobs):
        _burn(None)
    serial = time.perf_counter() - start
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_burn, [None]))  # start the workers
        start = time.perf_counter()
        list(pool.map(_burn, [None] * jobs))
        parallel = time.perf_counter() - start
    return serial / parallel


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
    parser.add_argument("--drafts", type=int, default=200, help="drafts in the --jobs folder")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs N to compare with --jobs 1")
    parser.add_argument("--no-jobs", action="store_true", help="skip the --jobs rows")
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
        cpu_process, cpu_baseline = whole_process_cpu(small, args.rounds, Path(tmp) / "pycache")
        blocks = len(parse_file(small).blocks)
        markdown_throughput(200)  # warm
        mb_small, s_small, rate_small = markdown_throughput(800)
        mb_large, s_large, rate_large = markdown_throughput(4000)
        stages = markdown_breakdown(4000)
        real = real_texts_throughput()
        if not args.no_jobs:
            one, many, same, overhead = jobs_speedup(Path(tmp) / "drafts", args.drafts, args.jobs,
                                                     Path(tmp) / "pycache")
    ratio_process = process / baseline
    ratio_raw = raw_process / raw_baseline
    ratio_scale = t_large / t_small
    ratio_cpu = cpu_process / cpu_baseline
    growth = s_large / s_small
    rows = [
        ("in-process lint of 40-OP .docx (parse included, CPU)", f"{t_small:.2f} ms", "<= 15 ms", t_small <= 15),
        ("in-process lint of 400-OP .docx (CPU)", f"{t_large:.2f} ms", "", True),
        ("10x input / 1x input", f"{ratio_scale:.2f}x", "<= 11x", ratio_scale <= 11),
        ("whole process `resdraft lint`", f"{process * 1000:.0f} ms", "", True),
        ("baseline python -c unzip + lxml", f"{baseline * 1000:.0f} ms", "", True),
        ("whole process / baseline (wall)", f"{ratio_process:.2f}x", "<= 4x", ratio_process <= 4),
        ("whole process / baseline (CPU time)", f"{ratio_cpu:.2f}x", "<= 4x", ratio_cpu <= 4),
        (f"  ({cpu_process * 1000:.0f} ms vs {cpu_baseline * 1000:.0f} ms CPU)", "", "", True),
        ("  same, no bytecode cache (compile every run)", f"{ratio_raw:.2f}x", "", True),
        (f"  ({raw_process * 1000:.0f} ms vs {raw_baseline * 1000:.0f} ms)", "", "", True),
        (f"Markdown parse + lint, {mb_large:.2f} MB, one core", f"{rate_large:.2f} MB/s", ">= 2 MB/s", rate_large >= 2),
        (f"  {mb_small:.2f} MB", f"{rate_small:.2f} MB/s", "", True),
        ("  5x input / 1x input (time)", f"{growth:.2f}x", "<= 5.5x", growth <= 5.5),
        *((f"  {name}", f"{seconds * 1000:.0f} ms", "", True) for name, seconds in stages),
        *([(f"real texts (../shared/corpus, {real[0]} .md/.txt, {real[1]:.2f} MB)", f"{real[2]:.2f} MB/s", "", True)]
          if real else []),
    ]
    if not args.no_jobs:
        speedup = one / many
        cores = os.cpu_count() or 1
        rows += [
            (f"lint {args.drafts} drafts --jobs 1", f"{one:.2f} s", "", True),
            (f"lint {args.drafts} drafts --jobs {args.jobs} ({cores} cores)", f"{many:.2f} s", "", True),
            (f"  --jobs 1 / --jobs {args.jobs}", f"{speedup:.2f}x", ">= 1.7x", speedup >= 1.7),
            ("  same output (JSON, byte for byte)", "yes" if same else "NO", "yes", same),
            (f"  CPU time --jobs {args.jobs} / --jobs 1 (pool overhead)", f"{overhead:.2f}x", "", True),
            (f"  ceiling: {args.jobs} pure-CPU processes / 1, this machine now",
             f"{parallel_ceiling(args.jobs):.2f}x", "", True),
        ]
    print(f"40-OP draft: {blocks} blocks, {findings} findings (a clean text: expect 0)")
    for name, value, target, ok in rows:
        verdict = "" if not target else ("ok" if ok else "OVER")
        print(f"{name:<50} {value:>10}  {target:<9} {verdict}")
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
