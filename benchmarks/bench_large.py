"""Large valid inputs: a 5 MB single paragraph and a 20,000-paragraph draft, as .md and .docx.

Each input is also built at 1/4 and 1/2 of its size (the time to render it to .docx is printed), and
`resdraft parse`, `resdraft lint` and `resdraft fix` (when the command exists) run on it as a separate
process. The table gives wall time, the peak resident memory of that process
(from `os.wait4`, i.e. the child's own `ru_maxrss`) and, per row, how the time
grew against the size: a ratio near 1.0 at 2x and 4x means linear time.

Run: python benchmarks/bench_large.py [--quick] [--adversarial]
  --quick        1/10 of the sizes (a smoke run)
  --only NAME    "paragraph" or "draft"
  --timeout S    stop a run after S seconds (default 300) and say so
  --adversarial  also time single paragraphs made of one repeated token ("alpha, ", "A/", "[", "*a ")
                 at 20k/40k/80k characters, to spot lexer terminals that go quadratic
Targets: every row exits 0 or 1; net/size close to 1.00; peak memory of the 20,000-paragraph draft < 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MB = 1024 * 1024


def long_paragraph(chars: int) -> str:
    """One operative paragraph of `chars` characters of ordinary drafting text (no footnote marks)."""
    from drafts import OPERATIVE

    clauses = [re.sub(r"\[\^\d+\]|[*;]", "", text).rstrip(".") for text in OPERATIVE]
    parts: list[str] = ["1. Requests the Court"]
    size = len(parts[0])
    i = 0
    while size < chars:
        clause = ", and " + clauses[i % len(clauses)][0].lower() + clauses[i % len(clauses)][1:]
        parts.append(clause)
        size += len(clause)
        i += 1
    return "The Assembly of States Parties,\n\n" + "".join(parts)[:chars] + ".\n"


def many_paragraphs(paragraphs: int) -> str:
    """A draft with about `paragraphs` paragraphs (operative ones, with a heading every ten).

    `drafts.draft` cites footnote 2 from every fifth paragraph; a real draft gives each
    reference its own footnote, so the marks are renumbered and their notes added.
    """
    from drafts import draft

    operative = max(1, round((paragraphs - 9) / 1.1))
    text = draft(operative).replace("[^2]: As at 1 October 2023.\n", "")
    count = iter(range(2, 10**7))
    text = re.sub(r"\[\^2\](?!:)", lambda _: f"[^{next(count)}]", text)
    last = next(count)
    return text + "".join(f"\n[^{n}]: As at 1 October 2023.\n" for n in range(2, last))


def run(argv: list[str], timeout: float = 300.0) -> tuple[int, float, float]:
    """Exit code, wall seconds and peak RSS in MB of one `resdraft` process.

    The peak is the child's own `ru_maxrss` from `os.wait4`. Linux carries the
    parent's high-water mark into a child across fork and exec, so this
    parent stays small: it never imports resdraft (inputs are built by a
    separate process, see `--build`).
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "resdraft", *argv], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env, cwd=tempfile.gettempdir())  # not the checkout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            print(f"  ! {' '.join(argv)}: stopped after {timeout:.0f} s")
            break
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux


def build_inputs(folder: Path, scale: int) -> None:
    """Write every input (and the list of commands to run) into `folder`; runs in its own process."""
    sys.path[:0] = [str(HERE), str(ROOT)]
    import typer

    from resdraft.cli import app
    from resdraft.parse import parse_file
    from resdraft.render import render_docx

    available = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    names = [name for name in ("parse", "lint", "fix") if name in available]
    plan: dict[str, object] = {"commands": names, "inputs": []}
    only = os.environ.get("BENCH_ONLY", "")
    for label, make, full, unit in (("paragraph", long_paragraph, 5 * MB // scale, "chars"),
                                    ("draft", many_paragraphs, 20_000 // scale, "paras")):
        if only and label != only:
            continue
        for factor in (1, 2, 4):
            size = full * factor // 4
            md = folder / f"{label}-{factor}.md"
            md.write_text(make(size), encoding="utf-8")
            resolution = parse_file(md)
            started = time.perf_counter()
            docx = md.with_suffix(".docx")
            render_docx(resolution, docx)
            print(f"render {label}-{factor} ({size:,} {unit}) to .docx: {time.perf_counter() - started:.2f} s",
                  flush=True)
            for path in (md, docx):
                plan["inputs"].append({"label": label, "factor": factor, "size": size, "unit": unit,  # type: ignore[attr-defined]
                                       "path": str(path), "built": time.perf_counter() - started})
    (folder / "plan.json").write_text(json.dumps(plan), encoding="utf-8")


def bench(folder: Path, scale: int, timeout: float) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, __file__, "--build", str(folder), "--scale", str(scale)], check=True, env=env)
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    tiny = folder / "tiny.md"
    tiny.write_text("The Assembly of States Parties,\n\n1. Requests the Court to report.\n", encoding="utf-8")
    def argv(command: str, path: Path) -> list[str]:
        if command == "fix":  # writes a .docx: the time includes rendering a .md and the tracked changes
            return [command, str(path), "-o", str(folder / "fixed.docx"), "--force", "--date", "2024-01-01"]
        return [command, str(path)]

    startup = {command: min(run(argv(command, tiny))[1] for _ in range(3)) for command in plan["commands"]}
    print("start-up (tiny draft): " + ", ".join(f"{c} {t:.2f} s" for c, t in startup.items()))
    print(f"{'input':<10} {'format':<6} {'size':>10} {'unit':<6} {'cmd':<6} {'exit':>4} {'seconds':>8} "
          f"{'net s':>7} {'net/size':>8} {'peak MB':>8}")
    base: dict[tuple[str, str, str], float] = {}
    too_slow: set[tuple[str, str, str]] = set()
    rows = sorted(plan["inputs"], key=lambda i: (i["label"] != "paragraph", Path(i["path"]).suffix, i["factor"]))
    for item in rows:
        path = Path(item["path"])
        for command in plan["commands"]:
            key = (item["label"], path.suffix, command)
            if key in too_slow:
                print(f"{item['label']:<10} {path.suffix:<6} {item['size']:>10,} {item['unit']:<6} {command:<6}"
                      "   (not run: the smaller size already took longer than --timeout)")
                continue
            code, seconds, peak = run(argv(command, path), timeout)
            if seconds > timeout:
                too_slow.add(key)
            net = max(seconds - startup[command], 1e-3)
            base.setdefault(key, net / item["factor"])
            ratio = (net / item["factor"]) / base[key]
            print(f"{item['label']:<10} {path.suffix:<6} {item['size']:>10,} {item['unit']:<6} {command:<6} {code:>4} "
                  f"{seconds:>8.2f} {net:>7.2f} {ratio:>8.2f} {peak:>8.0f}", flush=True)
    print("(net s: seconds minus the start-up; net/size: net seconds per unit of size relative to the 1x row of"
          " the same input and command, 1.00 = linear)")


def adversarial() -> None:
    """Single paragraphs of one repeated token, in-process: time at 20k, 40k and 80k characters."""
    sys.path[:0] = [str(HERE), str(ROOT)]
    from resdraft.parse import parse_text

    units = {"words": "word ", "comma list": "alpha, ", "and list": "alpha and ", "to list": "alpha to ",
             "A/ chain": "A/", "digits": "1", "[": "[", "ICC-ASP/": "ICC-ASP/", "*a ": "*a ", "<!--": "<!-- ",
             "years": "2020 ", "(": "("}
    print(f"\n{'one token repeated':<20} {'20k s':>8} {'40k s':>8} {'80k s':>8}  growth at 4x (4 = linear)")
    for name, unit in units.items():
        times = []
        for chars in (20_000, 40_000, 80_000):
            text = "1. " + unit * (chars // len(unit))
            start = time.perf_counter()
            parse_text(text)
            times.append(time.perf_counter() - start)
            if times[-1] > 20:
                break
        growth = times[-1] / times[0] if len(times) == 3 and times[0] > 0 else float("nan")
        print(f"{name:<20} " + " ".join(f"{t:>8.2f}" for t in times) + f"  {growth:8.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1/10 of the sizes")
    parser.add_argument("--adversarial", action="store_true", help="also time repeated-token paragraphs")
    parser.add_argument("--only", choices=("paragraph", "draft"), help="bench one input only")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a run is stopped (default 300)")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build is not None:
        build_inputs(args.build, args.scale)
        return
    if args.only:
        os.environ["BENCH_ONLY"] = args.only
    with tempfile.TemporaryDirectory(prefix="resdraft-bench-") as tmp:
        bench(Path(tmp), 10 if args.quick else 1, args.timeout)
    if args.adversarial:
        adversarial()


if __name__ == "__main__":
    main()
