"""Benchmark `resdraft carry-over`: a 40-OP draft, a 2,000-paragraph draft and a 20,000-paragraph draft.

    python benchmarks/bench_carryover.py            # --sizes 40,2000,20000 --timeout 300

Each size runs in a fresh process: the GA-style text (made up here) is parsed, the carry-over
planned (`plan_carry_over`, the part this benchmark is about: issue 14 wants 20,000 paragraphs
in <= 10 s and <= 300 MB) and written as tracked changes (`apply_edit_plan`, the redline writer).
The table gives each phase's wall time, the process's CPU time (user + system: what a loaded
machine distorts least), the number of proposals and the peak resident memory of the process.
The planner must stay linear: compare the plan time per paragraph across sizes. The last two columns
are the command itself, `python -m resdraft carry-over source.md -o draft.docx`, as a fresh process (CPU
time and peak memory from `wait4`). Both run with bytecode caching on (a throwaway `PYTHONPYCACHEPREFIX`,
filled by one unmeasured warm-up), as an installed tool would: without it every module is compiled again.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PREAMBLE = [
    "Recalling its resolutions 74/18 of 10 December 2019, 77/25 of 7 December 2022 and 79/20 of 4 December "
    "2024 and its decision 75/512 of 31 December 2020,",
    "Recalling also the regional workshop held in Nairobi from 4 to 6 May 2021, ahead of the eightieth session,",
    "Noting that, since the adoption of its resolutions 77/25 and 79/20, several pilot projects have begun,",
]
OPERATIVE = [
    "Takes note of the Secretary-General's report on the implementation of resolution 79/20;[^1]",
    "Requests the Secretary-General to report back to the General Assembly at its eighty-first session about the "
    "progress made, including the figures for 2025/26;",
    "Encourages Member States to share their experience with the working group held in 2023 and to continue "
    "the pilot projects planned for 2026;",
    "Invites the regional commissions to consider the matter at their meetings and to keep the Assembly "
    "informed as at 30 June 2025;",
    "Takes note of the report submitted pursuant to paragraph 2 of resolution 79/20;",
]


def ga_draft(paragraphs: int) -> str:
    """A GA text with about `paragraphs` paragraphs: three PPs, then OPs cycling through five kinds.

    Up to 60 paragraphs the OPs are flat (a 40-OP draft); beyond, each OP opens a list of twenty
    subparagraphs (a)-(t) of the same kinds, as long omnibus texts do (OPs are numbered below 1,000)."""
    lines = ["# 80/20. Regional cooperation on pilot projects", "", "The General Assembly,", ""]
    for text in PREAMBLE:
        lines += [text, ""]
    per = 1 if paragraphs <= 60 else 21
    operatives = max(1, (paragraphs - len(PREAMBLE)) // per)
    letters = "abcdefghijklmnopqrst"
    for i in range(operatives - 1):
        if per == 1:
            lines += [f"{i + 1}. {OPERATIVE[i % len(OPERATIVE)]}", ""]
            continue
        lines += [f"{i + 1}. Decides, with regard to the pilot projects, that:", ""]
        for j, letter in enumerate(letters):
            text = OPERATIVE[(i + j) % len(OPERATIVE)]
            lines += [f"({letter}) {text[0].lower()}{text[1:]}", ""]
    lines += [f"{operatives}. Decides to include again in the provisional agenda of its eighty-first session, "
              "for review, the item entitled \u201cRegional cooperation\u201d.", "",
              "48th plenary meeting 3 December 2025", "", "[^1]: A/80/240."]
    return "\n".join(lines) + "\n"


CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from resdraft.carryover import plan_carry_over
from resdraft.redline.apply import apply_edit_plan
from resdraft.parse import parse_file
from resdraft.render import render_docx
folder = Path({folder!r})
t0 = time.perf_counter()
res = parse_file(folder / "source.md")
render_docx(res, folder / "source.docx")
res = parse_file(folder / "source.docx")
t1 = time.perf_counter()
result = plan_carry_over(res)
t2 = time.perf_counter()
apply_edit_plan(folder / "source.docx", result.plan(date="2025-12-05T00:00:00Z"), folder / "draft.docx",
                resolution=res, force=True)
t3 = time.perf_counter()
print(json.dumps({{"paragraphs": len(res.blocks), "proposals": len(result.proposals), "read": t1 - t0,
                  "plan": t2 - t1, "write": t3 - t2, "cpu": time.process_time(),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def _env(pycache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env["PYTHONPATH"] = str(ROOT)
    return env


def command(folder: Path, env: dict[str, str], timeout: float) -> tuple[float, float] | None:
    """(CPU seconds, peak MiB) of `python -m resdraft carry-over source.md` as its own process."""
    args = [sys.executable, "-m", "resdraft", "carry-over", str(folder / "source.md"), "-o",
            str(folder / "cli.docx"), "--date", "2025-12-05T00:00:00Z", "--force"]
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=folder)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)  # this process's own usage, not every child's so far
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode == -signal.SIGKILL:
            return None
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(err.read().decode().strip().splitlines()[-1])
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def bench(size: int, timeout: float, pycache: Path) -> dict | None:
    with tempfile.TemporaryDirectory(prefix="bench-carry-") as tmp:
        folder = Path(tmp)
        (folder / "source.md").write_text(ga_draft(size), encoding="utf-8")
        code = CHILD.format(root=str(ROOT), folder=str(folder))
        env = _env(pycache)
        try:
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                                  check=False, cwd=folder, env=env)  # outside the checkout: the code is ROOT's
        except subprocess.TimeoutExpired:
            return None
        if done.returncode != 0:
            raise SystemExit(done.stderr.strip().splitlines()[-1])
        row = json.loads(done.stdout.strip().splitlines()[-1])
        row["cli"] = command(folder, env, timeout)
        return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="40,2000,20000", help="paragraph counts (40 = a 40-OP draft)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per size before giving up")
    args = parser.parse_args()
    print("| paragraphs | proposals | read s | plan s | plan ms/1000 par. | write s | process CPU s | peak MiB "
          "| command CPU s | command peak MiB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="bench-carry-pyc-") as pyc:
        pycache = Path(pyc)
        bench(43, args.timeout, pycache)  # warm-up: fills the bytecode cache, not measured
        for size in (int(s) for s in args.sizes.split(",")):
            row = bench(size + 3 if size == 40 else size, args.timeout, pycache)  # 40 OPs + the three PPs
            if row is None:
                print(f"| ~{size} | timeout after {args.timeout:.0f} s | | | | | | | | |")
                continue
            per = 1e6 * row["plan"] / max(1, row["paragraphs"])
            cli = f"{row['cli'][0]:.2f} | {row['cli'][1]:.0f}" if row["cli"] else "timeout | "
            print(f"| {row['paragraphs']} | {row['proposals']} | {row['read']:.2f} | {row['plan']:.3f} | {per:.1f} | "
                  f"{row['write']:.2f} | {row['cpu']:.2f} | {row['peak_mib']:.0f} | {cli} |")

if __name__ == "__main__":
    main()
