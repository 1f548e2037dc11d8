"""`resdraft rules` (the catalogue) and `resdraft explain CODE` (one rule's documentation).

`resdraft rules --format markdown --output docs/rules` writes the rule pages
the README links to: one page per rule under ruff's headings, and an index.
They are generated from `rules/catalogue.toml`, so a test regenerates them and
compares with the committed files: the docs cannot drift from the catalogue.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from resdraft.app import app, fail

if TYPE_CHECKING:
    from resdraft.lint.catalogue import RuleInfo


class RulesFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"
    markdown = "markdown"


_FIX_WORDS = {"none": "no fix", "safe": "safe fix", "unsafe": "unsafe fix (to review)",
              "mixed": "safe for some findings, to review for others"}
_PAGE = re.compile(r"^(?:RD|CO)\d{3}\.md$")
INDEX = "README.md"


def _fence(text: str) -> str:
    """`text` as a fenced block (tildes when the text itself holds a backtick fence)."""
    fence = "~~~" if "```" in text else "```"
    return f"{fence}text\n{text.strip(chr(10))}\n{fence}"


def rule_page(info: RuleInfo) -> str:
    """One rule's page: what / why / example / use instead / fix safety, then how to silence it."""
    from resdraft.lint.catalogue import DOC_SECTIONS

    lines = [f"# {info.code} {info.name}", "", f"> {info.summary}", "",
             "| code | name | category | default severity | fix |", "| --- | --- | --- | --- | --- |",
             f"| `{info.code}` | `{info.name}` | `{info.category}` | {info.severity} | {_FIX_WORDS[info.fix]} |", ""]
    for key, heading in DOC_SECTIONS.items():
        body = getattr(info, key).strip("\n")
        lines += [f"## {heading}", "", _fence(body) if key in ("example", "use_instead") else body.strip(), ""]
    if info.code.startswith("CO"):  # a carry-over code (rules/carryover.toml)
        lines += ["## Leaving it out", "",
                  f"`resdraft carry-over --ignore {info.code}` (or `--select` to keep only some codes).", "",
                  f"[All rules]({INDEX}) \u00b7 generated from `rules/carryover.toml` by "
                  "`resdraft rules --format markdown --output docs/rules`", ""]
        return "\n".join(lines)
    lines += [
        "## Silencing it", "",
        f"For one run: `resdraft lint --ignore {info.code}`; for a project: `ignore = [\"{info.code}\"]` or "
        f"`per-file-ignores` in `[tool.resdraft]`; for one paragraph: a Word comment `resdraft: ignore {info.code}` "
        f"anchored in it, or `<!-- resdraft: ignore {info.code} -->` in a Markdown draft.", "",
        f"[All rules]({INDEX}) \u00b7 generated from `rules/catalogue.toml` by "
        "`resdraft rules --format markdown --output docs/rules`", "",
    ]
    return "\n".join(lines)


def rules_index(entries: list[RuleInfo]) -> str:
    """The index page: every rule with its summary, linking to its page."""
    lines = ["# resdraft rules", "",
             f"The {len(entries)} checks of `resdraft lint`. Each page says what the rule finds, why it matters, "
             "an example and what to write instead, and whether its fix can be applied without review.", "",
             "Generated from `rules/catalogue.toml` by `resdraft rules --format markdown --output docs/rules`: "
             "edit the catalogue, not these files.", "",
             "| code | name | category | severity | fix | summary |", "| --- | --- | --- | --- | --- | --- |"]
    for info in entries:
        summary = info.summary.replace("|", "\\|")
        lines.append(f"| [{info.code}]({info.code}.md) | `{info.name}` | `{info.category}` | {info.severity} | "
                     f"{info.fix} | {summary} |")
    return "\n".join(lines) + "\n"


def write_rule_docs(folder: Path) -> list[Path]:
    """Write (or refresh) the rule pages and the index in `folder`; drop pages of rules no longer listed."""
    from resdraft.atomic import write_bytes
    from resdraft.carryover.codes import carry_codes
    from resdraft.lint.catalogue import catalogue

    entries = [*catalogue().values(), *carry_codes().values()]
    folder.mkdir(parents=True, exist_ok=True)
    pages = {f"{info.code}.md": rule_page(info) for info in entries}
    pages[INDEX] = rules_index(entries)
    for stale in folder.iterdir():
        if _PAGE.match(stale.name) and stale.name not in pages:
            stale.unlink()
    written = []
    for name, text in pages.items():
        path = folder / name
        data = text.encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            write_bytes(path, data, force=True)
        written.append(path)
    return written


@app.command()
def rules(
    fmt: Annotated[RulesFormat, typer.Option("--format", "-f", help="text (table), json, or markdown/md (full "
                                                                    "docs).")] = RulesFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="DIR",
                                                help="With --format markdown: write one page per rule and an "
                                                     "index (README.md) into DIR.")] = None,
) -> None:
    """List the lint rules: code, name, category, default severity, whether they offer a fix."""
    from resdraft.lint.catalogue import catalogue

    entries = list(catalogue().values())
    if output is not None:
        if fmt not in (RulesFormat.md, RulesFormat.markdown):
            raise fail("--output writes Markdown pages: use it with --format markdown")
        if output.exists() and not output.is_dir():
            raise fail(f"{output}: --output must be a folder")
        written = write_rule_docs(output)
        carry = sum(1 for path in written if path.name.startswith("CO"))
        typer.echo(f"{len(written) - 1 - carry} rule pages and {INDEX} written to {output}"
                   + (f" (with {carry} carry-over code pages)" if carry else ""))
        return
    if fmt is RulesFormat.json:
        typer.echo(json.dumps([{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
                                "fix": r.fix, "fixable": r.fixable, "summary": r.summary} for r in entries],
                              indent=2))
        return
    if fmt in (RulesFormat.md, RulesFormat.markdown):
        typer.echo("\n".join(r.docs() for r in entries))
        return
    widths = (5, max(len(r.name) for r in entries), max(len(r.category) for r in entries), 8, 7)
    header = ("code", "name", "category", "severity", "fixable")
    typer.echo("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + "  summary")
    for r in entries:
        fixable = {"none": "no", "safe": "yes", "unsafe": "unsafe", "mixed": "yes*"}[r.fix]
        cells = (r.code, r.name, r.category, r.severity, fixable)
        typer.echo("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + "  " + r.summary)
    typer.echo("\nfixable: yes = safe fix, unsafe = fix to review, yes* = safe for some findings. "
               "'resdraft explain CODE' shows a rule's documentation.")


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A rule code (RD101) or name (stale-session-reference).")],
) -> None:
    """Show a rule's documentation: what it does, why, an example, the fix and its safety."""
    from resdraft.carryover.codes import find_code
    from resdraft.lint.catalogue import find_rule

    info = find_rule(code) or find_code(code)
    if info is None:
        raise fail(f"unknown rule {code!r} (see 'resdraft rules')")
    typer.echo(info.docs())
