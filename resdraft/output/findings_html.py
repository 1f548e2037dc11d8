"""The findings page (`resdraft report`): a draft with its findings, as one self-contained HTML page.

For people who would rather look than read a list: the draft is shown block
by block with its labels (`PP3`, `OP12`, `FN6`), each finding highlighted
where it is (`<mark id="f3" class="sev-error">`) and listed beside the text;
a link in the list scrolls to its place and makes it flash. The redline page
(`compare`, `carry-over`) is `redline_html`; both stand on `html_page`.

The page is one file with inline CSS and JavaScript and a Content Security
Policy that forbids loading anything, so it can be mailed or archived as a CI
artifact and opened offline. Drafts are untrusted input: every piece of text
goes through `html.escape`. The output is deterministic (no dates), so the
same draft gives the same bytes.

Opening a page with `#selftest` (or `#selftest=N`) clicks the first (N-th)
link of the list on load and writes what happened into
`<pre id="selftest-result">`; the tests read it from a headless browser.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from resdraft.lint.finding import Finding
from resdraft.plan import anchor_span

if TYPE_CHECKING:
    from resdraft.lint.finding import FileResult
    from resdraft.model import Resolution
from resdraft.output.html_page import _e, _mark, _page, _Span, _text_html


def _finding_title(finding: Finding) -> str:
    title = f"{finding.rule} [{finding.severity}] {finding.message}"
    if finding.fix is not None:
        title += f" \u2014 fix: {finding.fix!r}" if finding.fix else f" \u2014 fix: delete {finding.text!r}"
    return title


def findings_page(resolution: Resolution, result: FileResult, *, title: str | None = None, silenced: int = 0) -> str:
    """The draft with `result.findings` highlighted and listed (ids `f1`, `f2`, ... in list order).

    `silenced` is the number of findings `resdraft: ignore` comments removed, said in the header.
    """
    from resdraft.output.findings import summary_line

    findings = list(result.findings)
    refs = {id(f): f"f{n}" for n, f in enumerate(findings, start=1)}
    by_label: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_label[finding.paragraph].append(finding)
    texts = {b.label: b.text for b in resolution.blocks}
    texts.update({f.label: f.text for f in resolution.footnotes})
    first = resolution.blocks[0].label if resolution.blocks else None
    for label in list(by_label):
        if label not in texts and first is not None:  # keep every finding on the page
            by_label[first].extend(by_label.pop(label))

    number_of = {b.label: b.number_text for b in resolution.blocks if b.number_text}

    def spans_for(label: str, text: str) -> tuple[list[_Span], list[Finding]]:
        """Highlights in the text, and findings about the paragraph's number (shown on the number)."""
        spans, on_number = [], []
        for finding in by_label.get(label, []):
            if (finding.start == finding.end and finding.text and label in number_of
                    and number_of[label].startswith(finding.text)):
                on_number.append(finding)  # a typed or automatic number: not part of the text
                continue
            own = finding.paragraph == label  # else moved here from a label the text does not have
            start, end = anchor_span(text, finding.start if own else 0, finding.end if own else 0)
            spans.append(_Span(refs[id(finding)], start, end, finding.severity, _finding_title(finding)))
        return spans, on_number

    parts: list[str] = []
    section = ""
    for block in resolution.blocks:
        if block.section != section:
            section = block.section
            parts.append(f'<h2 class="part">{_e(section or "Main text")}</h2>')
        spans, on_number = spans_for(block.label, block.text)
        number = ""
        if block.number_text:
            inner = _e(block.number_text)
            if on_number:
                inner = _mark([_Span(refs[id(f)], 0, 0, f.severity, _finding_title(f)) for f in on_number],
                              set(), inner)
            number = f'<span class="num">{inner}</span>'
        body = _text_html(block.text, spans, emphasis=block.emphasis,
                          refs=[(r.offset, r.number) for r in block.footnote_refs])
        if not block.text and not number:
            body = '<span class="empty">(empty)</span>'
        parts.append(f'<div class="blk k-{_e(block.kind)}" id="b-{_e(block.label)}"><span class="lbl">'
                     f'{_e(block.label)}</span><p>{number}{body}</p></div>')
    if resolution.footnotes:
        parts.append('<h2 class="part">Footnotes</h2>')
    for note in resolution.footnotes:
        spans, _ = spans_for(note.label, note.text)
        body = _text_html(note.text, spans, emphasis=note.emphasis)
        parts.append(f'<div class="blk fn" id="b-{_e(note.label)}"><span class="lbl">{_e(note.label)}</span>'
                     f'<p><sup>{note.number}</sup> {body}</p></div>')
    items = []
    for finding in findings:
        fix = ""
        if finding.fix is not None:
            what = f"replace with {finding.fix!r}" if finding.fix else f"delete {finding.text!r}"
            fix = f'<div class="fix">fix{"" if finding.fix_safe else " (unsafe)"}: {_e(what)}</div>'
        items.append(f'<li class="sev-{_e(finding.severity)}"><a class="go" href="#{refs[id(finding)]}">'
                     f'<span class="code">{_e(finding.rule)}</span> <span class="where">{_e(finding.paragraph)}'
                     f'</span> [{_e(finding.severity)}] {_e(finding.message)}</a>{fix}</li>')
    counts = Counter(f.severity for f in findings)
    heading = f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"
    detail = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info")
                       if counts[s])
    aside = (f"<h2>{_e(heading)}</h2>" + (f"<p>{_e(detail)}</p>" if detail else "")
             + (f'<ol id="findings">{"".join(items)}</ol>' if items else '<p id="findings">All checks passed.</p>'))
    context = [result.path]
    if result.session:
        context.append(f"session {result.session}")
    if result.body:
        context.append(result.body)
    subtitle = " \u00b7 ".join(context) + " \u2014 " + summary_line([result])
    if silenced:
        subtitle += f" {silenced} more silenced by 'resdraft: ignore' comments."
    from pathlib import PurePath

    return _page(title or f"resdraft report: {PurePath(result.path).name}", subtitle, "\n".join(parts), aside)
