"""The HTML pages: `resdraft report`, `carry-over --html` and the compare redline, checked in Chromium.

The page structure and the redline's accept/reject texts are checked with lxml; the browser
tests run Debian's headless Chromium on the real page (a screenshot, and the page's own
`#selftest` that clicks a finding link and reports where it scrolled). They skip without
Chromium, and fail when CI is set.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import lxml.html
import pytest

from resdraft.carryover import plan_carry_over
from resdraft.cli import main
from resdraft.edits import Edit
from resdraft.lint.config import LintOptions
from resdraft.lint.engine import lint_paths
from resdraft.lint.finding import Finding
from resdraft.output.findings_html import findings_page
from resdraft.output.redline_html import carry_over_page, comparison_page
from resdraft.parse import parse_file
from resdraft.redline.comparison import compare_files
from tests.clitools import run_cli as cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

HOSTILE = """Draft resolution <script>document.title='pwned'</script>

The Assembly of States Parties,

*Recalling* its resolution ICC-ASP/21/Res.3,[^1]

1. *Requests* the Bureau to report <img src=x onerror="document.body.innerHTML='pwned'"> [XX] and
</mark></p><div id="pwned">x</div> at its twenty-third session;

2. *Requests* the Court to act "now" & 'then' at its twenty-third session.

[^1]: <script>document.title='pwned'</script> ICC-ASP-21/Res.3.
"""


def report_of(path: Path) -> tuple[str, list[Finding]]:
    [result] = lint_paths([path], LintOptions(session=22, use_config=False))
    assert result.error is None
    return findings_page(parse_file(path), result), result.findings


# --- Chromium ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's headless Chromium; skips without it, except on CI."""
    found = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium not installed, but CI is set: apt-get install chromium")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    return found


def run_chromium(binary: str, *args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="resdraft-chromium-") as profile:
        return subprocess.run(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
             f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=120, check=False)


def screenshot(binary: str, page: Path, png: Path, size: str = "1200,1600") -> None:
    done = run_chromium(binary, f"--screenshot={png}", f"--window-size={size}", page.as_uri())
    assert png.is_file(), done.stderr[-2000:]


def selftest(binary: str, page: Path, n: int = 1, size: str = "1200,800") -> dict:
    """Open the page with `#selftest=N`: it clicks the N-th link of its list and says what happened."""
    done = run_chromium(binary, f"--window-size={size}", "--dump-dom", f"{page.as_uri()}#selftest={n}")
    match = re.search(r'<pre id="selftest-result">(.*?)</pre>', done.stdout, re.S)
    assert match and match.group(1), (done.stdout[-1000:], done.stderr[-2000:])
    return json.loads(html.unescape(match.group(1)))


def png_facts(path: Path) -> tuple[int, int, int]:
    """(width, height, distinct byte values of the pixel data): a blank page has a handful."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, width, height, idat = 8, 0, 0, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


def assert_landed(result: dict, ref: str) -> None:
    """The click changed the URL to the link, made its place current, flashed it, and it is on screen."""
    assert result["clicked"] == f"#{ref}" and result["hash"] == f"#{ref}"
    assert result["current"] == ref and result["flashed"] >= 1
    assert result["top"] >= 0 and result["bottom"] <= result["viewport"]


# --- the findings page --------------------------------------------------------------------------------


def test_every_finding_is_highlighted_in_place_and_linked_from_the_list(tmp_path: Path) -> None:
    draft = SAMPLES / "cooperation-draft.md"
    page, findings = report_of(draft)
    doc = lxml.html.fromstring(page)
    links = doc.xpath('//aside//a[@class="go"]')
    assert [a.get("href") for a in links] == [f"#f{n}" for n in range(1, len(findings) + 1)]
    for n, finding in enumerate(findings, start=1):
        [mark] = doc.xpath(f'//main//*[@id="f{n}"]')
        assert mark.tag == "mark" and f"sev-{finding.severity}" in mark.get("class")
        assert finding.rule in mark.get("title") and f"f{n}" in mark.get("data-ref").split()
        block = mark.xpath('ancestor::div[contains(@class, "blk")]')[0]
        assert block.get("id") == f"b-{finding.paragraph}"
        if finding.end > finding.start:
            covered = "".join(m.text_content() for m in block.xpath(f'.//mark[contains(@data-ref, "f{n}")]'))
            assert covered == finding.text
        assert finding.message in links[n - 1].text_content()
    # all text of the draft is on the page, block by block, with its label
    resolution = parse_file(draft)
    for block in resolution.blocks:
        [div] = doc.xpath(f'//main/div[@id="b-{block.label}"]')
        assert div.findtext('span[@class="lbl"]') == block.label
        p = div.find("p")
        number = p.xpath('span[@class="num"]')
        assert (number[0].text_content() if number else "") == block.number_text
        for el in p.xpath('span[@class="num"] | .//sup[@class="fnref"]'):
            el.drop_tree()
        assert p.text_content() == block.text


def test_a_finding_at_the_end_of_a_paragraph_lands_on_its_last_word() -> None:
    from dataclasses import replace

    draft = SAMPLES / "omnibus-draft.md"
    [result] = lint_paths([draft], LintOptions(session=22, use_config=False))
    resolution = parse_file(draft)
    block = next(b for b in resolution.blocks if b.kind == "operative")
    point = Finding("RD702", "punctuation", "info", block.label, "", len(block.text), len(block.text), "a point")
    page = findings_page(resolution, replace(result, findings=[point]))
    [mark] = lxml.html.fromstring(page).xpath('//main//*[@id="f1"]')
    assert mark.tag == "mark" and block.text.endswith(mark.text_content())
    assert mark.text_content() == block.text.split()[-1]


def test_the_page_is_self_contained_and_deterministic() -> None:
    page, _ = report_of(SAMPLES / "omnibus-draft.md")
    doc = lxml.html.fromstring(page)
    assert doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0].startswith("default-src 'none'")
    assert not doc.xpath("//*[@src] | //link | //iframe | //object | //img")
    assert all(h.startswith("#") for h in doc.xpath("//@href"))
    assert page == report_of(SAMPLES / "omnibus-draft.md")[0]


def test_untrusted_text_is_escaped(tmp_path: Path) -> None:
    draft = tmp_path / "hostile.md"
    draft.write_text(HOSTILE, encoding="utf-8")
    page, findings = report_of(draft)
    assert findings
    doc = lxml.html.fromstring(page)
    assert len(doc.xpath("//script")) == 1  # the page's own
    assert not doc.xpath('//img | //*[@id="pwned"] | //@onerror')
    text = doc.xpath("//main")[0].text_content()
    assert "<script>document.title='pwned'</script>" in text
    assert '<img src=x onerror="document.body.innerHTML=\'pwned\'">' in text
    assert '"now" & \'then\'' in text


def test_report_command_writes_the_page_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    code, stdout, err = cli(["report", str(SAMPLES / "cooperation-draft.md"), "-o", str(out), "--session", "22",
                             "--no-config"], capsys)
    assert (code, stdout) == (0, "") and "8 findings shown" in err
    assert out.read_text(encoding="utf-8") == report_of(SAMPLES / "cooperation-draft.md")[0]
    code, _, err = cli(["report", str(SAMPLES / "cooperation-draft.md"), "-o", str(out)], capsys)
    assert code == 2 and "already exists" in err
    code, _, err = cli(["report", str(SAMPLES / "cooperation-draft.md"), "-o", str(tmp_path / "r.txt")], capsys)
    assert code == 2 and "ending in .html" in err
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    code, _, err = cli(["report", str(broken), "-o", str(tmp_path / "b.html")], capsys)
    assert code == 2 and not (tmp_path / "b.html").exists()


def test_report_says_how_many_findings_comments_silenced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (SAMPLES / "cooperation-draft.md").read_text(encoding="utf-8")
    draft = tmp_path / "quiet.md"
    draft.write_text(text.replace("cooperation];", "cooperation]; <!-- resdraft: ignore RD401 -->"), encoding="utf-8")
    out = tmp_path / "quiet.html"
    code, _, err = cli(["report", str(draft), "-o", str(out), "--session", "22", "--no-config"], capsys)
    assert code == 0 and "7 findings shown" in err
    header = lxml.html.fromstring(out.read_text(encoding="utf-8")).xpath("//header/p")[0].text_content()
    assert "Found 7 findings" in header and header.endswith(" 1 more silenced by 'resdraft: ignore' comments.")


# --- the redline pages ----------------------------------------------------------------------------------


def redline_rows(page: str, accept: bool) -> list[tuple[str, list[str], str]]:
    """(label, classes, text) of each row as it reads with every change accepted (or rejected)."""
    doc = lxml.html.fromstring(page)
    drop = "del" if accept else "ins"
    rows = []
    for div in doc.xpath('//main/div[contains(@class, "blk")]'):
        p = div.find("p")
        for el in p.xpath(f'.//{drop} | .//sup[contains(@class, "fnref")] | .//span[@class="note"] '
                          '| .//span[@class="num"]'):
            el.drop_tree()
        if "fn" in div.get("class").split():
            p.find("sup").drop_tree()  # the footnote's own number
        rows.append((div.findtext('span[@class="lbl"]'), div.get("class").split(), p.text_content().strip()))
    return rows


def splice(text: str, edits: list[Edit]) -> str:
    for edit in sorted((e for e in edits if e.replacement is not None), key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + (edit.replacement or "") + text[edit.end:]
    return text


def test_carry_over_page_reads_as_the_source_rejected_and_the_new_draft_accepted() -> None:
    resolution = parse_file(SAMPLES / "cooperation-adopted.docx")
    result = plan_carry_over(resolution, to_session=22)
    plan = result.plan()
    page = carry_over_page(resolution, result, source="cooperation-adopted.docx")
    by_label: dict[str, list[Edit]] = {}
    for edit in plan.text_edits():
        by_label.setdefault(edit.label, []).append(edit)
    texts = {b.label: b.text for b in resolution.blocks} | {f.label: f.text for f in resolution.footnotes}
    accepted, rejected = redline_rows(page, True), redline_rows(page, False)
    assert [r[0] for r in accepted] == list(texts)
    for label, _, text in accepted:
        assert text == splice(texts[label], by_label.get(label, [])).strip(), label
    for label, _, text in rejected:
        assert text == texts[label].strip(), label
    doc = lxml.html.fromstring(page)
    links = doc.xpath('//aside//a[@class="go"]/@href')
    assert len(links) == len(result.proposals) == len(plan.edits)
    for proposal, href in zip(sorted(result.proposals, key=lambda p: list(texts).index(p.label)), links, strict=True):
        [target] = doc.xpath(f'//main//*[@id="{href[1:]}"]')
        assert target.tag == ("mark" if proposal.new is None else "del" if proposal.old else "ins")


def test_carry_over_command_writes_the_html_next_to_the_docx(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    out, page = tmp_path / "draft.docx", tmp_path / "draft.html"
    code, _, _ = cli(["carry-over", str(SAMPLES / "cooperation-adopted.md"), "-o", str(out), "--to-session", "22",
                      "--html", str(page), "--date", "2024-05-01"], capsys)
    assert code == 0 and out.is_file()
    text = page.read_text(encoding="utf-8")
    assert "Carry-over of ICC-ASP/21/Res.3" in text and "cooperation-adopted.md" in text
    assert text.count("<ins ") >= 5
    code, _, err = cli(["carry-over", str(SAMPLES / "cooperation-adopted.md"), "-o", str(tmp_path / "x.html"),
                        "--to-session", "22", "--html", str(tmp_path / "x.html")], capsys)
    assert code == 2 and "same file" in err and not (tmp_path / "x.html").exists()
    code, _, err = cli(["carry-over", str(SAMPLES / "cooperation-adopted.md"), "-o", str(tmp_path / "x.docx"),
                        "--to-session", "22", "--html", str(tmp_path / "x.htm.txt")], capsys)
    assert code == 2 and "ending in .html" in err and not (tmp_path / "x.docx").exists()
    code, _, err = cli(["carry-over", str(SAMPLES / "cooperation-adopted.md"), "-o", str(tmp_path / "y.docx"),
                        "--to-session", "22", "--html", str(page)], capsys)
    assert code == 2 and "already exists" in err and not (tmp_path / "y.docx").exists()


@pytest.mark.parametrize(("old", "new"), [("cooperation-adopted.docx", "cooperation-draft.docx"),
                                          ("budget-draft.md", "cooperation-draft.md")])
def test_compare_page_reads_as_old_rejected_and_new_accepted(tmp_path: Path, old: str, new: str) -> None:
    comparison = compare_files(SAMPLES / old, SAMPLES / new, str(tmp_path))
    page = comparison_page(comparison, old_name=old, new_name=new)

    def body(rows: list[tuple[str, list[str], str]]) -> list[str]:
        return [text for _, classes, text in rows if "fn" not in classes and text]

    assert body(redline_rows(page, True)) == [p.text.strip() for p in comparison.new_raw.paragraphs if p.text.strip()]
    assert body(redline_rows(page, False)) == [p.text.strip() for p in comparison.old_raw.paragraphs if p.text.strip()]
    doc = lxml.html.fromstring(page)
    hrefs = doc.xpath('//aside//a[@class="go"]/@href')
    assert len(hrefs) == len(comparison.plan.edits) and len(set(hrefs)) == len(hrefs)
    assert all(len(doc.xpath(f'//main//*[@id="{h[1:]}"]')) == 1 for h in hrefs)


@pytest.mark.parametrize("case", ["row_added", "row_deleted", "bold_added", "url_changed", "header_symbol",
                                  "para_added_image", "para_moved_hyperlink"])
def test_compare_page_shows_rows_formatting_links_and_headers(tmp_path: Path, case: str) -> None:
    """Every change compare tracks is on the page: table rows, formatting, link targets, headers."""
    from tests.support import richdocx

    old, new = richdocx.write_pair(case, tmp_path)
    comparison = compare_files(old, new, str(tmp_path))
    page = comparison_page(comparison, old_name="old", new_name="new")
    doc = lxml.html.fromstring(page)
    hrefs = doc.xpath('//aside//a[@class="go"]/@href')
    assert hrefs and len(set(hrefs)) == len(hrefs)
    assert all(len(doc.xpath(f'//main//*[@id="{h[1:]}"]')) == 1 for h in hrefs)
    assert len(hrefs) >= len(comparison.plan.edits)
    listed = " ".join(doc.xpath("//aside//li//text()"))

    def body(rows: list[tuple[str, list[str], str]]) -> list[str]:
        return [text for _, classes, text in rows if "fn" not in classes and text]

    new_texts = [p.text.strip() for p in comparison.new_raw.paragraphs if p.text.strip()]
    old_texts = [p.text.strip() for p in comparison.old_raw.paragraphs if p.text.strip()]
    assert body(redline_rows(page, True)) == new_texts
    assert body(redline_rows(page, False)) == old_texts
    if case == "row_added":
        assert "new table row" in listed
    elif case == "row_deleted":
        assert "table row deleted" in listed
    elif case == "bold_added":
        assert "formatting changed" in listed
    elif case == "url_changed":
        assert "link target" in listed and "calendar-2023" in listed
    elif case == "header_symbol":
        assert "header" in listed and "Rev.1" in listed


# --- in Chromium ---------------------------------------------------------------------------------------


def test_chromium_renders_the_report_and_finding_links_scroll_to_their_place(chromium: str, tmp_path: Path) -> None:
    page, findings = report_of(SAMPLES / "cooperation-draft.md")
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    png = tmp_path / "report.png"
    screenshot(chromium, path, png)
    width, height, distinct = png_facts(png)
    assert (width, height) == (1200, 1600) and distinct > 64 and png.stat().st_size > 20_000
    first = selftest(chromium, path, 1)
    assert first["links"] == len(findings)
    assert_landed(first, "f1")
    assert first["tag"] == "mark"
    last = selftest(chromium, path, len(findings))  # a footnote at the very end: the page must scroll
    assert_landed(last, f"f{len(findings)}")
    assert last["scrollY"] > 1000


def test_chromium_does_not_run_scripts_from_the_draft(chromium: str, tmp_path: Path) -> None:
    draft = tmp_path / "hostile.md"
    draft.write_text(HOSTILE, encoding="utf-8")
    path = tmp_path / "hostile.html"
    path.write_text(report_of(draft)[0], encoding="utf-8")
    done = run_chromium(chromium, "--dump-dom", path.as_uri())
    dom = done.stdout
    assert "<title>resdraft report: hostile.md</title>" in dom
    assert '<div id="pwned">' not in dom and "<img" not in dom and dom.count("<script") == 1


def test_chromium_renders_the_carry_over_redline(chromium: str, tmp_path: Path) -> None:
    resolution = parse_file(SAMPLES / "cooperation-adopted.docx")
    result = plan_carry_over(resolution, to_session=22)
    path = tmp_path / "carry-over.html"
    path.write_text(carry_over_page(resolution, result), encoding="utf-8")
    png = tmp_path / "carry-over.png"
    screenshot(chromium, path, png)
    assert png_facts(png)[2] > 64
    n = len(result.proposals)
    landed = selftest(chromium, path, n)
    assert landed["links"] == n
    assert_landed(landed, f"c{n}")


def test_compare_writes_the_html_redline_next_to_the_docx(tmp_path: Path) -> None:

    samples = Path(__file__).resolve().parents[1] / "samples"
    out, page = tmp_path / "r.docx", tmp_path / "r.html"
    code = 0
    try:
        main(["compare", str(samples / "cooperation-adopted.md"), str(samples / "cooperation-draft.md"),
              "-o", str(out), "--html", str(page), "--date", "2023-01-01"])
    except SystemExit as exc:
        code = int(exc.code or 0)
    assert code == 0
    html = page.read_text(encoding="utf-8")
    assert out.exists() and "<ins" in html and "<del" in html
    assert "ICC-ASP/21/Res.3" in html
