"""Parse speed: a 40-operative-paragraph draft in-process, and `resdraft parse` as a whole process.

Run: python benchmarks/bench_parse.py   (targets: <= 15 ms in-process, <= 0.3 s whole process)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from drafts import draft

from resdraft.parse import parse_file


def median_ms(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        md = Path(tmp) / "draft-40.md"
        md.write_text(draft(40), encoding="utf-8")
        targets = [md]
        try:
            from resdraft.parse import parse_file as _parse
            from resdraft.render import render_docx

            for numbering in ("typed", "auto"):
                out = Path(tmp) / f"draft-40-{numbering}.docx"
                render_docx(_parse(md), out, numbering=numbering)
                targets.append(out)
        except ImportError:
            print("(renderer not available: .docx rows skipped)")
        print(f"{'input':<24} {'blocks':>6} {'in-process ms':>14} {'whole process s':>16}")
        for path in targets:
            parse_file(path)  # warm caches (grammar build, imports)
            blocks = len(parse_file(path).blocks)
            in_process = median_ms(lambda p=path: parse_file(p), 50)
            whole = []
            for _ in range(7):
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "resdraft", "parse", str(path)], check=True,
                               stdout=subprocess.DEVNULL)
                whole.append(time.perf_counter() - start)
            print(f"{path.name:<24} {blocks:>6} {in_process:>14.2f} {statistics.median(whole):>16.3f}")


if __name__ == "__main__":
    main()
