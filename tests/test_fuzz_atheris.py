"""Optional coverage-guided fuzzing of `resdraft parse` with atheris (libFuzzer for Python).

Run locally for as long as you like, seeded with the bundled samples:

    pip install atheris
    python tests/test_fuzz_atheris.py -max_total_time=600      # or -runs=100000

Each input is written to a file whose suffix the first byte chooses (.docx,
.md, .txt, none) and `resdraft parse` runs on it in-process. A crash is an
exception escaping to the CLI (its catch-all "internal error"), or an exit code
other than 0/1/2; atheris then saves the input as `crash-*`. Under pytest a
short bounded run (`RESDRAFT_ATHERIS_RUNS`, default 300 inputs) checks the
harness itself; it is skipped when atheris is not installed.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = (".docx", ".md", ".txt", "")


def one_input(data: bytes, folder: Path) -> None:
    """Run `resdraft parse` on `data`; raise RuntimeError on a crash."""
    from resdraft.cli import main

    suffix = SUFFIXES[data[0] % len(SUFFIXES)] if data else ".md"
    path = folder / f"input{suffix}"
    path.write_bytes(data[1:])
    err = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            main(["parse", str(path)])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else -1
    if code not in (0, 1, 2) or "internal error" in err.getvalue():
        raise RuntimeError(f"resdraft parse crashed on a {suffix or 'suffix-less'} file: exit {code}: {err.getvalue()}")


def _seed_corpus(folder: Path) -> None:
    for index, sample in enumerate(sorted((ROOT / "samples").glob("*.*"))):
        if sample.suffix in (".docx", ".md"):
            prefix = bytes([SUFFIXES.index(sample.suffix)])
            (folder / f"seed-{index}").write_bytes(prefix + sample.read_bytes())


def fuzz(argv: list[str]) -> None:  # pragma: no cover - runs under atheris, not pytest
    import atheris

    sys.path.insert(0, str(ROOT))
    with atheris.instrument_imports(include=["resdraft"]):
        for module in ("resdraft.cli", "resdraft.readers.docx", "resdraft.readers.markdown"):
            importlib.import_module(module)
    # libFuzzer ends the process without running Python's exit handlers: the folder of inputs and of
    # the growing corpus stays (under RESDRAFT_ATHERIS_WORK if set, e.g. to a pytest tmp_path).
    work = Path(tempfile.mkdtemp(prefix="resdraft-atheris-", dir=os.environ.get("RESDRAFT_ATHERIS_WORK")))
    corpus = work / "corpus"
    corpus.mkdir()
    _seed_corpus(corpus)

    def test_one_input(data: bytes) -> None:
        one_input(data, work)

    # libFuzzer ends the process itself and reports "Done N runs" (the number of inputs tried).
    atheris.Setup([argv[0], *argv[1:], str(corpus)], test_one_input)
    atheris.Fuzz()


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed (optional)")
def test_atheris_bounded_run(tmp_path: Path) -> None:
    runs = os.environ.get("RESDRAFT_ATHERIS_RUNS", "300")
    proc = subprocess.run([sys.executable, __file__, f"-runs={runs}", "-max_len=400000", "-timeout=60",
                           f"-artifact_prefix={tmp_path}/"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=900, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "RESDRAFT_ATHERIS_WORK": str(tmp_path)})
    tail = (proc.stdout + proc.stderr)[-3000:]
    assert proc.returncode == 0, tail
    assert not list(tmp_path.glob("crash-*")), tail
    assert re.search(r"Done \d+ runs", proc.stderr), tail


def test_harness_sees_a_valid_draft_and_a_hostile_one(tmp_path: Path) -> None:
    sample = (ROOT / "samples" / "cooperation-draft.md").read_bytes()
    one_input(bytes([1]) + sample, tmp_path)  # .md, exit 0 or 1
    one_input(bytes([0]) + b"PK\x03\x04 truncated", tmp_path)  # .docx, exit 2


if __name__ == "__main__":
    fuzz(sys.argv)
