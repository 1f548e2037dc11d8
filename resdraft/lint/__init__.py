"""The rule engine behind `resdraft lint` (the pre-submission check).

Public API:
    lint_resolution(resolution, context=None, *, select=None, ignore=None) -> list[Finding]
    lint_paths(paths, options=None) -> list[FileResult]   (in `resdraft.lintrun`; reads files)
    apply_fixes(text, findings) -> str
    Finding, FileResult, LintContext, LintOptions

Layout: `catalogue.py` (rule metadata from rules/catalogue.toml), `profiles.py`
(body profiles from rules/bodies/), `config.py` ([tool.resdraft]), `context.py`
(session/body/year), `library.py` (past resolutions), `engine.py` (registry and
runs), `rules/` (one module per family of rules).
"""

from __future__ import annotations

from resdraft.lint.config import LintOptions
from resdraft.lint.context import LintContext
from resdraft.lint.engine import lint_resolution
from resdraft.lint.finding import FileResult, Finding, apply_fixes


def __getattr__(name: str) -> object:
    """`lint_paths` lives in `resdraft.lintrun` (it reads files; this package takes `Resolution`s)."""
    if name == "lint_paths":
        import importlib

        return importlib.import_module("resdraft.lintrun").lint_paths
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FileResult", "Finding", "LintContext", "LintOptions", "apply_fixes", "lint_resolution"]
