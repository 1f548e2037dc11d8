"""Lint options: command line over `[tool.resdraft]` over defaults.

The configuration is looked for upward from each linted file: the nearest
`resdraft.toml` (top-level keys or a `[tool.resdraft]` table) or
`pyproject.toml` with a `[tool.resdraft]` table. Keys: session, body, year,
library, select, ignore, fail-on, per-file-ignores. A value given on the
command line always wins; paths in a config file are relative to that file.
"""

from __future__ import annotations

import fnmatch
import functools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from resdraft.errors import UsageError

CONFIG_KEYS = ("session", "body", "year", "library", "select", "ignore", "fail-on", "per-file-ignores")


@dataclass
class LintOptions:
    """Everything that shapes a lint run; None means "not given" (so a config file may set it)."""

    session: int | None = None
    body: str | None = None
    year: int | None = None
    library: Path | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_on: str | None = None
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    encoding: str | None = None  # of .md/.txt files (default: UTF-8, or what a byte-order mark says)
    config: Path | None = None  # the config file these options were merged from
    use_config: bool = True


def find_config(start: Path) -> Path | None:
    """The nearest resdraft.toml or pyproject.toml with [tool.resdraft], upward from `start`."""
    folder = start if start.is_dir() else start.parent
    return _find_config(folder.resolve())


@functools.lru_cache(maxsize=256)
def _find_config(folder: Path) -> Path | None:
    for candidate in (folder / "resdraft.toml", folder / "pyproject.toml"):
        if candidate.is_file() and (candidate.name == "resdraft.toml" or "resdraft" in _tool_table(candidate)):
            return candidate
    if folder.parent == folder:
        return None
    return _find_config(folder.parent)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        stat = path.stat()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the configuration ({exc.strerror or exc})") from None
    return _parse_toml(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _parse_toml(path: Path, _mtime: int, _size: int) -> dict[str, Any]:
    """Parsed once per version of the file (the key changes when the file does)."""
    import tomllib  # only when there is a file to read (not with --no-config)

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the configuration ({exc})") from None


def _tool_table(path: Path) -> dict[str, Any]:
    return _read_toml(path).get("tool", {})


def load_config(path: Path) -> dict[str, Any]:
    """The resdraft settings of a config file, checked (unknown keys are an error)."""
    data = _read_toml(path)
    table = data.get("tool", {}).get("resdraft")
    if table is None:
        table = {k: v for k, v in data.items() if k != "tool"} if path.name == "resdraft.toml" else {}
    unknown = sorted(set(table) - set(CONFIG_KEYS))
    if unknown:
        raise UsageError(f"{path}: unknown key(s) in [tool.resdraft]: {', '.join(unknown)} "
                         f"(known: {', '.join(CONFIG_KEYS)})")
    return table


def _as_list(value: Any, key: str, path: Path) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise UsageError(f"{path}: '{key}' must be a list of strings")


def _as_int(value: Any, key: str, path: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"{path}: '{key}' must be an integer")
    return value


def merge(cli: LintOptions, target: Path) -> LintOptions:
    """Options for one file: the command line, completed from the nearest config file."""
    if not cli.use_config:
        return cli
    path = cli.config or find_config(target)
    if path is None:
        return cli
    table = load_config(path)
    base = path.parent
    merged = replace(cli, config=path)
    if merged.session is None and "session" in table:
        merged.session = _as_int(table["session"], "session", path)
    if merged.year is None and "year" in table:
        merged.year = _as_int(table["year"], "year", path)
    if merged.body is None and "body" in table:
        merged.body = str(table["body"])
    if merged.library is None and "library" in table:
        merged.library = (base / str(table["library"])).resolve()
    if merged.select is None and "select" in table:
        merged.select = _as_list(table["select"], "select", path)
    if merged.ignore is None and "ignore" in table:
        merged.ignore = _as_list(table["ignore"], "ignore", path)
    if merged.fail_on is None and "fail-on" in table:
        merged.fail_on = str(table["fail-on"])
    if "per-file-ignores" in table:
        pfi = table["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise UsageError(f"{path}: 'per-file-ignores' must be a table of glob = [codes]")
        merged.per_file_ignores = {**{str(k): _as_list(v, "per-file-ignores", path) for k, v in pfi.items()},
                                   **cli.per_file_ignores}
    return merged


def ignored_for(options: LintOptions, target: Path) -> list[str]:
    """Selectors that `per-file-ignores` switch off for this file.

    A glob with a "/" is matched against the path relative to the config file's
    folder (or the working folder); a glob without one against the file name.
    """
    resolved = target.resolve()
    base = options.config.parent if options.config else Path.cwd()
    try:
        relative = resolved.relative_to(base.resolve()).as_posix()
    except ValueError:
        relative = resolved.as_posix()
    found: list[str] = []
    for pattern, codes in options.per_file_ignores.items():
        subject = relative if "/" in pattern else target.name
        if fnmatch.fnmatch(subject, pattern):
            found.extend(codes)
    return found
