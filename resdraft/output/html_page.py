"""The frame every HTML page of resdraft shares: escaping, inline assets and CSP, text with marked spans."""

from __future__ import annotations

import functools
import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from resdraft.edits import FOOTNOTE_MARK
from resdraft.lint.finding import SEVERITY_RANK
from resdraft.model import Emphasis


def _e(text: str) -> str:
    return html.escape(text, quote=True)


_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'")


@functools.cache
def _asset(name: str) -> str:
    """The page's style sheet or script, shipped as package data (`resdraft/assets/`) and inlined."""
    return resources.files("resdraft").joinpath("assets", name).read_text(encoding="utf-8")


def _page(title: str, subtitle: str, main: str, aside: str) -> str:
    from resdraft import __version__

    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<meta name=\"generator\" content=\"resdraft {_e(__version__)}\">\n"
        f"<title>{_e(title)}</title>\n<style>{_asset('report.css')}</style>\n</head>\n<body>\n"
        f"<header><h1>{_e(title)}</h1><p>{_e(subtitle)}</p></header>\n"
        f"<div class=\"layout\">\n<main>\n{main}\n</main>\n<aside>\n{aside}\n</aside>\n</div>\n"
        "<pre id=\"selftest-result\"></pre>\n"
        f"<script>{_asset('report.js')}</script>\n</body>\n</html>\n"
    )


@dataclass(frozen=True)
class _Span:
    """A highlighted stretch of one block's text: which finding, where, how bad."""

    ref: str  # "f3"
    start: int
    end: int
    severity: str
    title: str


def _text_html(text: str, spans: Sequence[_Span], *, emphasis: Sequence[Emphasis] = (),
               refs: Sequence[tuple[int, int]] = ()) -> str:
    """`text` escaped, with spans as `<mark>`, emphasis as `<em>`/`<strong>` and footnote marks as links.

    Spans may overlap: the text is cut at every edge and each piece is one
    `<mark>` listing all findings covering it (`data-ref`), coloured by the
    worst; a finding's `id` sits on its first piece.
    """
    size = len(text)
    cuts = {0, size}
    for s in spans:
        cuts.update((s.start, s.end))
    for e in emphasis:
        cuts.update((max(0, min(e.start, size)), max(0, min(e.end, size))))
    refs_at: dict[int, list[int]] = defaultdict(list)
    for offset, number in refs:
        refs_at[max(0, min(offset, size))].append(number)
    cuts.update(refs_at)
    points = sorted(c for c in cuts if 0 <= c <= size)
    out: list[str] = []
    placed: set[str] = set()
    for i, a in enumerate(points):
        out += [f'<sup class="fnref"><a href="#b-FN{n}">{n}</a></sup>' for n in refs_at.get(a, [])]
        points_here = [s for s in spans if s.start == s.end == a and s.ref not in placed]
        if points_here:  # only an empty text gives an empty span: a visible sign to land on
            out.append(_mark(points_here, placed, "\u00b6"))
        if i + 1 == len(points):
            break
        b = points[i + 1]
        piece = _e(text[a:b])
        styles = {e.style for e in emphasis if e.start <= a and b <= e.end}
        if "italic" in styles:
            piece = f"<em>{piece}</em>"
        if "bold" in styles:
            piece = f"<strong>{piece}</strong>"
        covering = [s for s in spans if s.start <= a and b <= s.end]
        if covering:
            out.append(_mark(covering, placed, piece))
        else:
            out.append(piece)
    return "".join(out)


def _mark(covering: Sequence[_Span], placed: set[str], inner: str) -> str:
    worst = max(covering, key=lambda s: SEVERITY_RANK.get(s.severity, 0)).severity
    new = [s for s in covering if s.ref not in placed]
    placed.update(s.ref for s in new)
    ident = f' id="{new[0].ref}"' if new else ""
    extra = "".join(f'<span class="anchor" id="{s.ref}"></span>' for s in new[1:])
    refs = " ".join(s.ref for s in covering)
    title = "\n".join(s.title for s in covering)
    return f'<mark{ident} class="sev-{_e(worst)}" data-ref="{refs}" title="{_e(title)}">{extra}{inner}</mark>'


def _marked_html(text: str, numbers: Iterable[int | None]) -> str:
    """Marked text escaped; each FOOTNOTE_MARK becomes a footnote link (a new note: `+`)."""
    numbers = iter(numbers)
    out: list[str] = []
    for k, chunk in enumerate(text.split(FOOTNOTE_MARK)):
        if k:
            number = next(numbers, None)
            out.append(f'<sup class="fnref"><a href="#b-FN{number}">{number}</a></sup>' if number is not None
                       else '<sup class="fnref new">+</sup>')
        out.append(_e(chunk))
    return "".join(out)


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.replace(FOOTNOTE_MARK, "").split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"
