"""Lint results for people and machines: text (like ruff), JSON, SARIF 2.1.0, GitHub annotations.

Every renderer takes the list of `FileResult`s and returns a string; none of
them prints or decides exit codes (the `lint` command does).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from resdraft.lint.catalogue import catalogue
from resdraft.lint.finding import SEVERITIES, FileResult, Finding

GITHUB_LIMIT = 50
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def summary(results: list[FileResult]) -> dict[str, Any]:
    """Counts over all files: by severity, rule and category, plus files and fixable findings."""
    findings = [f for r in results for f in r.findings]
    by_severity = Counter(f.severity for f in findings)
    return {
        "files": len(results),
        "files_with_findings": sum(1 for r in results if r.findings),
        "files_with_errors": sum(1 for r in results if r.error),
        "findings": len(findings),
        "errors": by_severity.get("error", 0),
        "warnings": by_severity.get("warning", 0),
        "infos": by_severity.get("info", 0),
        "fixable": sum(1 for f in findings if f.fix is not None),
        "by_rule": dict(sorted(Counter(f.rule for f in findings).items())),
        "by_category": dict(sorted(Counter(f.category for f in findings).items())),
    }


def summary_line(results: list[FileResult]) -> str:
    counts = summary(results)
    files = counts["files"]
    if not counts["findings"]:
        unread = counts["files_with_errors"]
        if unread:
            read = files - unread
            return (f"No findings in {read} file{'s' if read != 1 else ''}; {unread} could not be read "
                    "(see the error above).")
        return f"All checks passed ({files} file{'s' if files != 1 else ''})."
    parts = [f"{counts[key]} {name}{'s' if counts[key] != 1 else ''}"
             for key, name in (("errors", "error"), ("warnings", "warning"), ("infos", "info")) if counts[key]]
    line = (f"Found {counts['findings']} finding{'s' if counts['findings'] != 1 else ''} ({', '.join(parts)}) in "
            f"{counts['files_with_findings']} of {files} file{'s' if files != 1 else ''}")
    if counts["fixable"]:
        line += f"; {counts['fixable']} with a fix"
    if counts["files_with_errors"]:
        line += f"; {counts['files_with_errors']} could not be read"
    return line + "."


# --- text -------------------------------------------------------------------------------------


def _excerpt(text: str, start: int, end: int, width: int = 100) -> tuple[str, int, int]:
    """The part of a paragraph around text[start:end], with the span's position in it."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if end - start > width:
        end_shown = start + width - 1
        return text[start:end_shown] + "…", 0, width
    context = max(0, (width - (end - start)) // 2)
    left = max(0, start - context)
    right = min(len(text), end + context)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    shown = prefix + text[left:right] + suffix
    return shown.replace("\n", " "), len(prefix) + start - left, len(prefix) + end - left


def render_text(results: list[FileResult], *, color: bool = False, show_fixes: bool = True) -> str:
    """ruff-like: `path:LABEL:start: CODE [severity] message`, the paragraph with the flagged text
    underlined, the fix, then one summary line."""

    def style(text: str, **kw: Any) -> str:
        if not color:
            return text
        import click

        return click.style(text, **kw)

    colours = {"error": "red", "warning": "yellow", "info": "blue"}
    lines: list[str] = []
    for result in results:
        if result.error:
            lines.append(f"{style(result.path, bold=True)}: {style('cannot be linted', fg='red')}: {result.error}")
            continue
        for finding in result.findings:
            head = (f"{style(result.path, bold=True)}:{finding.paragraph}:{finding.start}: "
                    f"{style(finding.rule, fg=colours[finding.severity], bold=True)} "
                    f"[{finding.severity}] {finding.message}")
            lines.append(head)
            info = result.blocks.get(finding.paragraph)
            if info is not None and info.text and finding.start == finding.end and finding.text:
                # the flagged thing is not part of the text (a typed or automatic number): show it in front
                shown, s, e = _excerpt(info.text, 0, 0, width=80)
                shown, s, e = f"{finding.text} {shown}", 0, len(finding.text)
                gutter = " " * len(finding.paragraph)
                lines += [f"{gutter} |", f"{finding.paragraph} | {shown}",
                          f"{gutter} | {style('^' * e, fg=colours[finding.severity])}"]
            elif info is not None and info.text:
                shown, s, e = _excerpt(info.text, finding.start, finding.end)
                gutter = " " * len(finding.paragraph)
                lines.append(f"{gutter} |")
                lines.append(f"{finding.paragraph} | {shown}")
                marks = "^" * max(1, e - s) if finding.end > finding.start else "^"
                lines.append(f"{gutter} | {' ' * s}{style(marks, fg=colours[finding.severity])}")
            if show_fixes and finding.fix is not None:
                label = "fix" if finding.fix_safe else "fix (unsafe)"
                replacement = f"replace with {finding.fix!r}" if finding.fix else f"delete {finding.text!r}"
                lines.append(f"  = {label}: {replacement}")
            lines.append("")
    lines.append(summary_line(results))
    return "\n".join(lines)


# --- JSON --------------------------------------------------------------------------------------


def render_json(results: list[FileResult]) -> str:
    """{"files": [{"path", "findings": [...]}], "summary": {...}}"""
    import json  # the text format (the default) does not need it

    return json.dumps({"files": [r.to_dict() for r in results], "summary": summary(results)},
                      ensure_ascii=False, indent=2)


# --- SARIF -------------------------------------------------------------------------------------


def _rule_descriptor(code: str) -> dict[str, Any]:
    info = catalogue()[code]
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": " ".join(info.what.split())},
        "help": {"text": f"{' '.join(info.why.split())} Fix safety: {' '.join(info.fix_safety.split())}",
                 "markdown": info.docs()},
        "defaultConfiguration": {"level": _SARIF_LEVEL[info.severity]},
        "properties": {"category": info.category, "fixable": info.fixable, "tags": [info.category]},
    }


def _uri(path: str) -> str:
    from pathlib import PurePath

    return PurePath(path).as_posix()


def render_sarif(results: list[FileResult]) -> str:
    """SARIF 2.1.0: rule metadata from the catalogue; a region line for text formats, a logical
    location (the paragraph label) always."""
    from resdraft import __version__

    codes = list(catalogue())
    index = {code: i for i, code in enumerate(codes)}
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for result in results:
        if result.error:
            where = {"physicalLocation": {"artifactLocation": {"uri": _uri(result.path)}}}
            notifications.append({"level": "error", "message": {"text": result.error}, "locations": [where]})
            continue
        for finding in result.findings:
            physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(result.path)}}
            info = result.blocks.get(finding.paragraph)
            if info is not None and info.line:
                physical["region"] = {"startLine": info.line}
            entry: dict[str, Any] = {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": _SARIF_LEVEL[finding.severity],
                "message": {"text": finding.message},
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{"name": finding.paragraph, "kind": "paragraph"}],
                }],
                "properties": {"category": finding.category, "text": finding.text, "start": finding.start,
                               "end": finding.end, "fix": finding.fix, "fixSafe": finding.fix_safe},
            }
            sarif_results.append(entry)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "resdraft",
            "version": __version__,
            "informationUri": "https://github.com/resdraft/resdraft",
            "rules": [_rule_descriptor(code) for code in codes],
        }},
        "results": sarif_results,
        "columnKind": "unicodeCodePoints",
    }
    if notifications:
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notifications}]
    import json  # the text format (the default) does not need it

    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2)


# --- GitHub workflow annotations ------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(results: list[FileResult], limit: int = GITHUB_LIMIT) -> str:
    """`::error file=…,line=…,title=RD201::message` lines, at most `limit`, then a summary line."""
    lines: list[str] = []
    every: list[tuple[FileResult, Finding]] = [(r, f) for r in results for f in r.findings]
    every.sort(key=lambda pair: SEVERITIES.index(pair[1].severity))  # errors first when capped (stable)
    for result in results:
        if result.error:
            lines.append(f"::error file={_escape_property(result.path)},title=resdraft::"
                         f"{_escape_data(result.error)}")
    for result, finding in every[:limit]:
        props = [f"file={_escape_property(result.path)}"]
        info = result.blocks.get(finding.paragraph)
        if info is not None and info.line:
            props.append(f"line={info.line}")
        props.append(f"title={finding.rule}")
        message = f"{finding.paragraph}: {finding.message}"
        if finding.fix is not None:
            message += f" (fix: {finding.fix!r})" if finding.fix else f" (fix: delete {finding.text!r})"
        lines.append(f"::{_GITHUB_LEVEL[finding.severity]} {','.join(props)}::{_escape_data(message)}")
    total = len(every)
    shown = min(total, limit)
    note = f" (annotations shown: {shown} of {total})" if total > limit else ""
    lines.append(summary_line(results) + note)
    return "\n".join(lines)


RENDERERS = {"text": render_text, "json": render_json, "sarif": render_sarif, "github": render_github}
