"""Benchmark `resdraft merge`: 12 delegations' copies of a 60- and of a 500-paragraph draft, whole process.

    python benchmarks/bench_merge.py          # --runs 5 --keep DIR

The drafts are generated here (seeded, texts made up): typed operative
numbers, a footnote every 20 paragraphs, and two pending changes of the
facilitator in BASE. Each copy changes words in about 4% of the paragraphs;
even copies carry tracked changes by a personal author (mapped to the
delegation with --author-map), odd copies are clean edited copies; every
fourth copy adds a paragraph, and some copies touch the same words (conflicts).
Each run is a fresh `python -m resdraft merge` process; the table gives the
median wall time, the median CPU time (user + system, `wait4`: the time on
one core, whatever else the machine is doing) and the peak resident memory.
Targets (on one core): 2 s and 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORDS = ["the", "Court", "States", "Parties", "Bureau", "Registry", "cooperation", "report", "arrest",
    "warrants", "national", "authorities", "victims", "witnesses", "relocation", "agreements", "assets",
    "financial", "investigations", "timely", "effective", "assistance", "consultations", "regional",
    "organizations", "further", "continue", "submit", "consider", "strengthen", "voluntary", "contributions",
    "framework"]
VERBS = ["Requests", "Urges", "Welcomes", "Decides", "Invites", "Encourages", "Notes", "Reaffirms"]
TARGETS = {60: 2.0, 500: 10.0}


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _rev(kind: str, author: str, rid: int, text: str) -> str:
    tag = "w:t" if kind == "ins" else "w:delText"
    return (f'<w:{kind} w:id="{rid}" w:author="{author}" w:date="2024-05-03T09:00:00Z"><w:r>'
            f'<{tag} xml:space="preserve">{escape(text)}</{tag}></w:r></w:{kind}>')


def _docx(path: Path, paragraphs: list[str], notes: list[str]) -> None:
    body = "".join(paragraphs) + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    ns = f'xmlns:w="{W_NS}" xmlns:r="{REL}"'
    seps = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
            "</w:footnote>")
    foot = "".join(f'<w:footnote w:id="{k}"><w:p><w:r><w:footnoteRef/></w:r>{_run(" " + t)}</w:p></w:footnote>'
                   for k, t in enumerate(notes, start=1))
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    files = {
        "[Content_Types].xml": decl + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{ct}.document.main+xml"/>'
        f'<Override PartName="/word/footnotes.xml" ContentType="{ct}.footnotes+xml"/></Types>',
        "_rels/.rels": decl + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": decl + '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships"><Relationship Id="rId1" Type="{REL}/footnotes" Target="footnotes.xml"/>'
        "</Relationships>",
        "word/document.xml": f"{decl}<w:document {ns}><w:body>{body}</w:body></w:document>",
        "word/footnotes.xml": f"{decl}<w:footnotes {ns}>{seps}{foot}</w:footnotes>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)


def make_set(folder: Path, n: int, copies: int = 12, seed: int = 7) -> list[Path]:
    """BASE and `copies` copies in `folder`; returns [BASE, *copies] (and writes authors.toml)."""
    rng = random.Random(seed)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(14, 40))) for _ in range(n)]
    note_at = set(range(10, n, 20))
    notes = [f"See document ICC-ASP/{20 + k}/{k + 3}." for k in range(len(note_at))]

    def paragraphs(edits: dict[int, tuple[int, str]], tracked: str | None, extra: int | None) -> list[str]:
        out = ['<w:p><w:r><w:t>Draft resolution on the review of the work of the Court</w:t></w:r></w:p>',
               "<w:p>" + _run("The Assembly of States Parties,") + "</w:p>"]
        number, note, rid = 0, 0, 1000
        for k, text in enumerate(texts):
            number += 1
            words = text.split()
            runs = [_run(f"{number}.\t{VERBS[k % len(VERBS)]} ")]
            if k == 3:  # the facilitator's own pending changes, in BASE and in every copy
                runs += [_run(" ".join(words[:5]) + " "), _rev("ins", "Facilitator", 90, "in particular "),
                         _run(" ".join(words[5:]))]
            elif k == 7:
                runs += [_run(" ".join(words[:5]) + " "), _rev("del", "Facilitator", 91, "promptly "),
                         _run(" ".join(words[5:]))]
            elif k in edits:
                at, new = edits[k]
                old = words[at]
                before, after = " ".join(words[:at]) + " ", " " + " ".join(words[at + 1:])
                if tracked:
                    runs += [_run(before), _rev("del", tracked, rid, old), _rev("ins", tracked, rid + 1, new),
                             _run(after)]
                    rid += 2
                else:
                    runs += [_run(before + new + after)]
            else:
                runs += [_run(text)]
            if k in note_at:
                note += 1
                runs.append(f'<w:r><w:footnoteReference w:id="{note}"/></w:r>')
            out.append("<w:p>" + "".join(runs) + _run(";") + "</w:p>")
            if extra == k:
                number += 1
                out.append("<w:p>" + _run(f"{number}.\tCalls upon the Registry to publish a report on the "
                                         f"proposal of delegation {k};") + "</w:p>")
        return out

    folder.mkdir(parents=True, exist_ok=True)
    base = folder / "base.docx"
    _docx(base, paragraphs({}, None, None), notes)
    paths = [base]
    authors = []
    editable = [k for k in range(n) if k not in (3, 7)]
    previous: list[int] = []
    prev_edits: dict[int, tuple[int, str]] = {}
    for c in range(copies):
        chosen = rng.sample(editable, max(2, n // 25))
        if c % 3 == 2 and previous:  # compete with the previous copy on the same words
            chosen[0] = previous[0]
        edits = {k: (rng.randrange(len(texts[k].split())), rng.choice(WORDS).upper()) for k in chosen}
        if c % 3 == 2 and previous:
            edits[chosen[0]] = (prev_edits[chosen[0]][0], f"ALT{c}")
        tracked = f"delegate.{c}" if c % 2 == 0 else None
        if tracked:
            authors.append(f'"{tracked}" = "Delegation {c + 1}"')
        extra = rng.randrange(n) if c % 4 == 0 else None
        path = folder / f"delegation-{c + 1:02d}.docx"
        _docx(path, paragraphs(edits, tracked, extra), notes)
        paths.append(path)
        previous, prev_edits = chosen, edits
    (folder / "authors.toml").write_text("\n".join(authors) + "\n", encoding="utf-8")
    return paths


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"merge failed: {err}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="keep the drafts and compilations here")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    print("| draft | copies | median wall s | median CPU s | peak MiB | proposals | target |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="bench-merge-") as tmp:
        root = args.keep or Path(tmp)
        ok = True
        for n, target in TARGETS.items():
            folder = root / f"p{n}"
            paths = make_set(folder, n)
            out = folder / "compilation.docx"
            command = [sys.executable, "-m", "resdraft", "merge", *map(str, paths), "-o", str(out), "--force",
                       "--author-map", str(folder / "authors.toml"), "--date", "2024-06-01", "-f", "json"]
            run_once(command, env)  # warm-up: bytecode caches
            times, cpus, peaks = [], [], []
            for _ in range(args.runs):
                elapsed, cpu, peak = run_once(command, env)
                times.append(elapsed)
                cpus.append(cpu)
                peaks.append(peak)
            proposals = len(json.loads(subprocess.run(command, env=env, capture_output=True, check=True,
                                                      text=True).stdout)["proposals"])
            median, cpu = statistics.median(times), statistics.median(cpus)
            ok = ok and cpu < target
            print(f"| {n} paragraphs | {len(paths) - 1} | {median:.3f} | {cpu:.3f} | {max(peaks):.1f} | {proposals} | "
                  f"< {target:g} s |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
