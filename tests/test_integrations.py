"""CI integrations run for real: the pre-commit hook on a temporary git repository, and the script steps
of the GitHub Action in bash against sample drafts. Neither depends on the lead's commits: both use a
throwaway git copy of the working tree. They need network access to PyPI (pre-commit and pip build
environments); without pre-commit or git they skip, and fail when CI is set.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

from resdraft.lint.config import LintOptions
from resdraft.lint.engine import lint_paths
from resdraft.output.findings import GITHUB_LIMIT
from resdraft.parse import parse_text
from resdraft.render import render_docx

ROOT = Path(__file__).resolve().parent.parent
#: What an installable copy of resdraft needs (pyproject's build includes, the hooks and the action).
PACKAGE_FILES = ("pyproject.toml", "README.md", "resdraft", "grammars", "rules", ".pre-commit-hooks.yaml",
                 "action.yml")

STALE = """Draft resolution on cooperation

The Assembly of States Parties,

*Recalling* its resolutions ICC-ASP/20/Res.2 and ICC-ASP/21/Res.3,

1. *Requests* the Bureau to report thereon to the Assembly at its twenty-second session;

2. *Requests* the Court to submit an updated report at its twenty-third session.
"""
CLEAN = STALE.replace("twenty-second session;", "twenty-third session;")


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} not installed, but CI is set: pip install '.[test]'")
        pytest.skip(f"{tool} not installed")
    return found


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=resdraft tests", "-c", "user.email=tests@resdraft.invalid",
                           "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture(scope="session")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding a copy of the working tree's package files, committed: (path, sha)."""
    need("git")
    repo = tmp_path_factory.mktemp("resdraft-checkout")
    for name in PACKAGE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "resdraft under test")
    return repo, git(repo, "rev-parse", "HEAD")


# --- pre-commit -------------------------------------------------------------------------------------------


def test_hook_definition() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("resdraft-lint", "resdraft lint", "python")
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    chosen = [p for p in ("drafts/coop.docx", "coop.md", "README.md", "docs/CHANGELOG.md", "drafts/~$coop.docx",
                          "notes.txt", "drafts/README-cooperation.md")
              if files.search(p) and not exclude.search(p)]
    assert chosen == ["drafts/coop.docx", "coop.md", "drafts/README-cooperation.md"]


def pre_commit_command() -> list[str]:
    """pre-commit of this interpreter (CI runs pytest from a venv that is not on PATH), else the one on PATH."""
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    return [need("pre-commit")]


def test_pre_commit_hook_fails_on_a_defect_and_passes_a_clean_draft(checkout: tuple[Path, str],
                                                                     tmp_path: Path) -> None:
    pre_commit = pre_commit_command()
    source, sha = checkout
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    git(drafts, "init", "-q")
    (drafts / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{
        "repo": str(source), "rev": sha,
        "hooks": [{"id": "resdraft-lint", "args": ["--session", "22", "--no-config"]}]}]}), encoding="utf-8")
    (drafts / "README.md").write_text("# Drafts\n\nTo do: [XX] and ICC-ASP-20/Res.2\n", encoding="utf-8")
    (drafts / "cooperation.md").write_text(STALE, encoding="utf-8")
    render_docx(parse_text(STALE), drafts / "budget.docx")
    git(drafts, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([*pre_commit, "run", "--all-files"], cwd=drafts, env=env, capture_output=True,
                              text=True, timeout=600, check=False)

    failed = run()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "cooperation.md:OP1:" in failed.stdout and "budget.docx:OP1:" in failed.stdout
    assert "RD101 [error]" in failed.stdout
    assert "README.md" not in failed.stdout  # excluded: not a draft
    (drafts / "cooperation.md").write_text(CLEAN, encoding="utf-8")
    render_docx(parse_text(CLEAN), drafts / "budget.docx")
    git(drafts, "add", "-A")
    passed = run()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"resdraft lint\.+Passed", passed.stdout)


# --- the GitHub Action ---------------------------------------------------------------------------------------


def action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_is_composite_with_setup_python_and_sarif_upload() -> None:
    spec = action()
    assert spec["runs"]["using"] == "composite"
    assert {"paths", "session", "body", "args", "sarif-file"} <= set(spec["inputs"])
    steps = spec["runs"]["steps"]
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert uses == ["actions/setup-python", "github/codeql-action/upload-sarif"]
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    for step in steps:  # inputs reach scripts through env, never pasted into the script
        assert "${{" not in step.get("run", ""), step.get("name")
        assert step.get("shell", "bash") == "bash"


def _expand(text: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        key = match.group(1).strip()
        assert key in values, f"the test does not know ${{{{ {key} }}}}"
        return values[key]

    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def _run_step(step: dict, values: dict[str, str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A `run:` step as GitHub runs it: its env expanded, then `bash --noprofile --norc -eo pipefail`."""
    script = cwd / "step.sh"
    script.write_text(_expand(step["run"], values), encoding="utf-8")
    step_env = {**env, **{k: _expand(str(v), values) for k, v in step.get("env", {}).items()}}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd,
                          env=step_env, capture_output=True, text=True, timeout=600, check=False)


def _outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line)


@pytest.fixture(scope="session")
def installed(checkout: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    """The Action's install step, run in a fresh virtual environment: (environment, action path)."""
    source, _ = checkout
    home = tmp_path_factory.mktemp("runner")
    env_dir = home / "python"
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    bindir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(env_dir),
           "GITHUB_ACTION_PATH": str(source), "RUNNER_TEMP": str(home)}
    env.pop("PYTHONPATH", None)
    step = next(s for s in action()["runs"]["steps"] if s.get("name") == "Install resdraft")
    done = _run_step(step, {"github.action_path": str(source)}, env, home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (bindir / "resdraft").is_file()
    return env, source


def _values(source: Path, **inputs: str) -> dict[str, str]:
    spec = action()
    values = {f"inputs.{k}": str(v.get("default", "")) for k, v in spec["inputs"].items()}
    values.update({f"inputs.{k}": v for k, v in inputs.items()})
    values["github.action_path"] = str(source)
    return values


def _draft_with(n: int) -> str:
    """A draft with `n` operative paragraphs, each holding a placeholder: `n` findings at least."""
    paragraphs = [f"{k}. *Requests* the Bureau to report on item [XX] at its twenty-third session;"
                  for k in range(1, n)]
    paragraphs.append(f"{n}. *Requests* the Court to report on item [XX] at its twenty-third session.")
    return ("Draft resolution on cooperation\n\nThe Assembly of States Parties,\n\n*Recalling* its resolution "
            "ICC-ASP/21/Res.3,\n\n" + "\n\n".join(paragraphs) + "\n")


def test_action_steps_annotate_summarise_the_full_count_and_write_sarif(installed: tuple[dict[str, str], Path],
                                                                        tmp_path: Path) -> None:
    env, source = installed
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "many.md").write_text(_draft_with(GITHUB_LIMIT + 10), encoding="utf-8")
    (tmp_path / "drafts" / "clean.md").write_text(CLEAN, encoding="utf-8")
    results = lint_paths([tmp_path / "drafts"], LintOptions(session=22, use_config=False))
    total = sum(len(r.findings) for r in results)
    assert total > GITHUB_LIMIT
    env = {**env, "GITHUB_OUTPUT": str(tmp_path / "output"), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    values = _values(source, paths="drafts", session="22", args="--no-config", **{"sarif-file": "out/lint.sarif"})
    (tmp_path / "out").mkdir()
    steps = {s.get("name"): s for s in action()["runs"]["steps"]}

    lint = _run_step(steps["Lint (annotations)"], values, env, tmp_path)
    assert lint.returncode == 0, lint.stderr  # the step records the exit code; the last step fails the job
    errors = [line for line in lint.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == GITHUB_LIMIT
    assert all("file=drafts/many.md" in line and "title=RD" in line for line in errors)
    summary = lint.stdout.splitlines()[-1]
    assert summary.startswith(f"Found {total} findings")
    assert summary.endswith(f"(annotations shown: {GITHUB_LIMIT} of {total})")
    outputs = _outputs(tmp_path / "output")
    assert outputs == {"exit-code": "1", "summary": summary}
    assert summary in (tmp_path / "summary.md").read_text(encoding="utf-8")

    sarif_step = _run_step(steps["Lint (SARIF)"], values, env, tmp_path)
    assert sarif_step.returncode == 0, sarif_step.stderr  # never fails, whatever was found
    sarif = json.loads((tmp_path / "out" / "lint.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    [run] = sarif["runs"]
    assert len(run["results"]) == total
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert all(r["ruleId"] in rule_ids and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
               == "drafts/many.md" for r in run["results"])

    final = _run_step(steps["Fail on findings"], {**values, "steps.lint.outputs.exit-code": outputs["exit-code"]},
                      env, tmp_path)
    assert final.returncode == 1


def test_action_passes_a_clean_folder_and_never_runs_input_as_code(installed: tuple[dict[str, str], Path],
                                                                   tmp_path: Path) -> None:
    env, source = installed
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "clean.md").write_text(CLEAN, encoding="utf-8")
    env = {**env, "GITHUB_OUTPUT": str(tmp_path / "output")}
    env.pop("GITHUB_STEP_SUMMARY", None)
    steps = {s.get("name"): s for s in action()["runs"]["steps"]}
    done = _run_step(steps["Lint (annotations)"], _values(source, paths="drafts", session="22"), env, tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == "All checks passed (1 file)."
    assert _outputs(tmp_path / "output")["exit-code"] == "0"
    hostile = _values(source, paths="drafts $(touch pwned1)", args="; touch pwned2 `touch pwned3`")
    done = _run_step(steps["Lint (annotations)"], hostile, env, tmp_path)
    assert not list(tmp_path.glob("pwned*"))
    assert _outputs(tmp_path / "output")["exit-code"] == "2"  # nonsense arguments are a usage error, not code


def test_example_workflow_uses_the_action_with_inputs_it_has() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "example.yml").read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    [step] = [s for s in steps if s.get("uses") == "./"]
    assert set(step["with"]) <= set(action()["inputs"])
    for path in step["with"]["paths"].split():
        assert (ROOT / path).is_file()
    assert workflow["permissions"]["security-events"] == "write"


# --- the README ---------------------------------------------------------------------------------------------


def _readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("\n## Where users work\n")
    end = text.find("\n## ", start + 1)
    return text[start:] if end < 0 else text[start:end]


def test_readme_shows_each_integration_with_snippets_that_match_the_files() -> None:
    section = _readme_section()
    for needle in ("--annotate", "resdraft: ignore", "resdraft report", "--html", "resdraft-lint", "action.yml",
                   "docs/rules/README.md", "resdraft rules --format markdown --output docs/rules"):
        assert needle in section, needle
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", section, re.S)]
    [config] = [b for b in blocks if isinstance(b, dict) and "repos" in b]
    hook_ids = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert {h["id"] for r in config["repos"] for h in r["hooks"]} <= hook_ids
    [workflow] = [b for b in blocks if isinstance(b, dict) and "steps" in b]
    [step] = [s for s in workflow["steps"] if "with" in s]
    assert set(step["with"]) <= set(action()["inputs"])
