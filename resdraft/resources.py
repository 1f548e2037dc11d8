"""Find the data that ships with resdraft (grammars/ and rules/).

In an installed wheel the folders live inside the package as `_data/`; in a
checkout or an editable install they are the top-level folders of the repo.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def data_dir(name: str) -> Path:
    """Return the folder `grammars` or `rules`, wherever this install keeps it."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"resdraft data folder {name!r} is missing from this installation")


def grammar_path(filename: str) -> Path:
    return data_dir("grammars") / filename


@functools.cache
def load_toml(filename: str) -> dict[str, Any]:
    """Load a TOML file from `rules/` (cached: the data never changes at run time)."""
    with (data_dir("rules") / filename).open("rb") as handle:
        return tomllib.load(handle)
