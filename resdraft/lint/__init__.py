"""The rule engine behind `resdraft lint` (the pre-submission check).

Public API:
    lint_resolution(resolution, context=None, *, select=None, ignore=None) -> list[Finding]
    lint_paths(paths, options=None) -> list[FileResult]
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
from resdraft.lint.engine import lint_paths, lint_resolution
from resdraft.lint.finding import FileResult, Finding, apply_fixes

__all__ = ["FileResult", "Finding", "LintContext", "LintOptions", "apply_fixes", "lint_paths", "lint_resolution"]
