"""Compile delegations' proposals (marked-up or edited copies of one draft) into one attributed redline.

`sources` says who proposed what (delegation names), `proposals` finds each
copy's changes against BASE, `conflicts` merges identical ones and groups
competing ones, `plan` states the compilation as an `EditPlan` with per-edit
authors, `summary` lists it for stdout, JSON and HTML.
"""

from resdraft.merge.compile import Compilation, compile_files

__all__ = ["Compilation", "compile_files"]
