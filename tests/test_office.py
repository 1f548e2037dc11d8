"""Round trips through real LibreOffice (no mocks): is our reading of Word's tracked-change
markup the same as a word processor's?  Also covers the harness itself: one process for a
batch, time limits, restart after a crash.

The .docx files are written by the small builder below, with only the parts each case
needs, so a failure points at the markup and not at a fixture file.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import zipfile
from pathlib import Path

import pytest
from support.office import Office, OfficeError, Redline

pytestmark = pytest.mark.office

# -- a minimal .docx builder -------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
WHO = 'w:author="Alice" w:date="2024-01-02T03:04:05Z"'
FOOTNOTE_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote>"
)


def write_docx(
    path: Path,
    body: str,
    *,
    comments: str | None = None,
    footnotes: str | None = None,
    numbering: str | None = None,
) -> Path:
    """Write body (inner XML of w:body) and optional parts (inner XML of their root)."""
    types = [
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
        '<Default Extension="xml" ContentType="application/xml"/>',
        f'<Override PartName="/word/document.xml" ContentType="{CT_MAIN}.document.main+xml"/>',
    ]
    rels = []
    parts = {}
    for name, inner, root in (
        ("comments", comments, "w:comments"),
        ("footnotes", footnotes and FOOTNOTE_SEPARATORS + footnotes, "w:footnotes"),
        ("numbering", numbering, "w:numbering"),
    ):
        if inner is None:
            continue
        types.append(f'<Override PartName="/word/{name}.xml" ContentType="{CT_MAIN}.{name}+xml"/>')
        rels.append(f'<Relationship Id="rId{name}" Type="{R_NS}/{name}" Target="{name}.xml"/>')
        parts[f"word/{name}.xml"] = f'{DECL}<{root} xmlns:w="{W_NS}">{inner}</{root}>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f"{''.join(types)}</Types>",
        )
        z.writestr(
            "_rels/.rels",
            f'{DECL}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
            f'Type="{R_NS}/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/_rels/document.xml.rels",
            f'{DECL}<Relationships xmlns="{PKG_REL}">{"".join(rels)}</Relationships>',
        )
        z.writestr(
            "word/document.xml",
            f'{DECL}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>',
        )
        for name, xml in parts.items():
            z.writestr(name, xml)
    return path


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*content: str, ppr: str = "") -> str:
    return f"<w:p>{ppr}{''.join(content)}</w:p>"


def ins(text: str, rid: int) -> str:
    return f'<w:ins w:id="{rid}" {WHO}>{run(text)}</w:ins>'


def dele(text: str, rid: int) -> str:
    return f'<w:del w:id="{rid}" {WHO}><w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'


def mark(kind: str, rid: int, extra: str = "") -> str:
    """pPr whose paragraph mark is tracked as inserted ("ins") or deleted ("del")."""
    return f'<w:pPr>{extra}<w:rPr><w:{kind} w:id="{rid}" {WHO}/></w:rPr></w:pPr>'


NUMBERING = (
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
)
NUMPR = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'

# -- what LibreOffice makes of tracked changes ------------------------------------------------------


def test_plain_paragraphs(office: Office, tmp_path: Path) -> None:
    rt = office.texts(write_docx(tmp_path / "plain.docx", para(run("Hello")) + para(run("World"))))
    assert rt.load_ok and rt.filter == "MS Word 2007 XML" and rt.warnings == []
    assert rt.original == rt.accepted == rt.rejected == "Hello\nWorld"
    assert rt.redlines == 0 and rt.comments == [] and rt.list_labels == ["", ""]


def test_insertion_and_deletion(office: Office, tmp_path: Path) -> None:
    body = para(run("The Assembly "), ins("strongly ", 1), run("urges "), dele("all ", 2), run("States."))
    rt = office.texts(write_docx(tmp_path / "insdel.docx", body + para(run("End."))))
    assert rt.accepted == "The Assembly strongly urges States.\nEnd."
    assert rt.rejected == "The Assembly urges all States.\nEnd."
    # As loaded, changes are shown: both the inserted and the deleted text are in the text.
    assert rt.original == "The Assembly strongly urges all States.\nEnd."
    assert rt.redlines == 2
    assert rt.redline_info == [
        Redline("Insert", "Alice", "2024-01-02T03:04:05", "strongly ", "body"),
        Redline("Delete", "Alice", "2024-01-02T03:04:05", "all ", "body"),
    ]
    assert rt.redlines_after_accept == rt.redlines_after_reject == 0


def test_inserted_paragraph_mark(office: Office, tmp_path: Path) -> None:
    body = para(run("First"), ppr=mark("ins", 3)) + para(run("Second"))
    rt = office.texts(write_docx(tmp_path / "insmark.docx", body))
    assert (rt.original, rt.accepted, rt.rejected) == ("First\nSecond", "First\nSecond", "FirstSecond")
    assert [(r.kind, r.text) for r in rt.redline_info] == [("Insert", "\n")]


def test_deleted_paragraph_mark(office: Office, tmp_path: Path) -> None:
    body = para(run("First"), ppr=mark("del", 4)) + para(run("Second"))
    rt = office.texts(write_docx(tmp_path / "delmark.docx", body))
    # The deleted mark still separates the paragraphs as loaded; accepting joins them.
    assert (rt.original, rt.accepted, rt.rejected) == ("First\nSecond", "FirstSecond", "First\nSecond")
    assert [(r.kind, r.text) for r in rt.redline_info] == [("Delete", "\n")]


def test_inserted_whole_paragraph_is_one_redline(office: Office, tmp_path: Path) -> None:
    body = para(run("A")) + para(ins("New", 5), ppr=mark("ins", 6)) + para(run("B"))
    rt = office.texts(write_docx(tmp_path / "inspara.docx", body))
    assert (rt.accepted, rt.rejected) == ("A\nNew\nB", "A\nB")
    # w:ins on the run and on the mark, same author and date: LibreOffice merges them.
    assert [(r.kind, r.text) for r in rt.redline_info] == [("Insert", "New\n")]


def test_comment(office: Office, tmp_path: Path) -> None:
    body = para(
        run("Before "),
        '<w:commentRangeStart w:id="0"/>',
        run("anchored words"),
        '<w:commentRangeEnd w:id="0"/>',
        '<w:r><w:commentReference w:id="0"/></w:r>',
        run(" after."),
    )
    comments = (
        '<w:comment w:id="0" w:author="Bob" w:date="2024-01-02T03:04:05Z" w:initials="B">'
        f"{para(run('Please check'))}</w:comment>"
    )
    rt = office.texts(write_docx(tmp_path / "comment.docx", body, comments=comments))
    assert rt.load_ok
    assert rt.comments == [("Bob", "Please check", "anchored words")]
    # Comment anchors add nothing to the text.
    assert rt.original == rt.accepted == rt.rejected == "Before anchored words after."
    assert rt.redlines == 0


def test_comments_in_document_order_with_changes(office: Office, tmp_path: Path) -> None:
    body, comments = "", ""
    for i in range(5):
        body += para(
            run(f"P{i} "),
            f'<w:commentRangeStart w:id="{i}"/>',
            ins("new ", 100 + i),
            run("word"),
            f'<w:commentRangeEnd w:id="{i}"/>',
            f'<w:r><w:commentReference w:id="{i}"/></w:r>',
        )
        comments += f'<w:comment w:id="{i}" w:author="A{i}">{para(run(f"c{i}"))}</w:comment>'
    rt = office.texts(write_docx(tmp_path / "comments.docx", body, comments=comments))
    assert rt.comments == [(f"A{i}", f"c{i}", "new word") for i in range(5)]
    assert rt.rejected == "\n".join(f"P{i} word" for i in range(5))
    assert rt.redlines == 5


def test_footnote_with_tracked_change(office: Office, tmp_path: Path) -> None:
    body = para(run("Text"), '<w:r><w:footnoteReference w:id="1"/></w:r>', run(" more."))
    note = (
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
        f"{run(' See ')}{ins('new ', 7)}{dele('old ', 8)}{run('source.')}</w:p></w:footnote>"
    )
    rt = office.texts(write_docx(tmp_path / "footnote.docx", body, footnotes=note))
    assert rt.footnotes_original == [" See new old source."]
    assert rt.footnotes_accepted == [" See new source."]
    assert rt.footnotes_rejected == [" See old source."]
    # The footnote reference shows up in the paragraph's text as its label.
    assert rt.original == rt.accepted == rt.rejected == "Text1 more."
    # Footnote changes are in the document-wide redline list.
    assert [(r.kind, r.text, r.story) for r in rt.redline_info] == [
        ("Insert", "new ", "footnote"),
        ("Delete", "old ", "footnote"),
    ]


def test_table_cells_in_order(office: Office, tmp_path: Path) -> None:
    def cell(text: str) -> str:
        return f"<w:tc>{para(run(text))}</w:tc>"

    table = f"<w:tbl><w:tr>{cell('a1')}{cell('b1')}</w:tr><w:tr>{cell('a2')}{cell('b2')}</w:tr></w:tbl>"
    rt = office.texts(write_docx(tmp_path / "table.docx", para(run("Pre")) + table + para(run("Post"))))
    assert rt.accepted == "Pre\na1\nb1\na2\nb2\nPost"


def test_list_numbers_are_labels_not_text(office: Office, tmp_path: Path) -> None:
    pnum = f"<w:pPr>{NUMPR}</w:pPr>"
    body = (
        para(run("Decides;"), ppr=pnum)
        + para(ins("Requests;", 9), ppr=mark("ins", 10, NUMPR))
        + para(run("Invites."), ppr=pnum)
        + para(run("Unnumbered."))
    )
    rt = office.texts(write_docx(tmp_path / "numbered.docx", body, numbering=NUMBERING))
    assert rt.accepted == "Decides;\nRequests;\nInvites.\nUnnumbered."
    assert rt.list_labels_accepted == ["1.", "2.", "3.", ""]
    # Rejecting the inserted paragraph renumbers the rest.
    assert rt.rejected == "Decides;\nInvites.\nUnnumbered."
    assert rt.list_labels_rejected == ["1.", "2.", ""]


# -- damaged input ---------------------------------------------------------------------------------


def test_damaged_files_are_not_load_ok(office: Office, tmp_path: Path) -> None:
    good = write_docx(tmp_path / "good.docx", para(run("Hello")))
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good.read_bytes()[:-200])
    garbage = tmp_path / "garbage.docx"
    garbage.write_bytes(b"PK\x03\x04 this is not a zip")
    malformed = tmp_path / "malformed.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(malformed, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                data = data.replace(b"</w:body>", b"<w:p><w:r><w:t>unclosed</w:p></w:body>")
            dst.writestr(name, data)
    text = tmp_path / "text.docx"
    text.write_text("Just some text\n", encoding="utf-8")
    for path in (truncated, garbage, malformed, text):
        rt = office.texts(path)
        assert not rt.load_ok, path.name
        assert rt.warnings, path.name
        assert rt.accepted == ""
    # LibreOffice's type detection falls back to any filter that takes the bytes (plain
    # text here, WordPerfect for some truncated zips); the harness flags the mismatch.
    rt = office.texts(text)
    assert rt.filter == "Text" and "filter" in rt.warnings[0]


def test_missing_file(office: Office, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        office.texts(tmp_path / "nope.docx")


# -- the harness ------------------------------------------------------------------------------------


def test_batch_reuses_one_process(office: Office, tmp_path: Path) -> None:
    paths, expected = [], []
    for i in range(24):
        body = para(run(f"Paragraph {i} "), ins("added", 2 * i + 1), dele(" removed", 2 * i + 2))
        paths.append(write_docx(tmp_path / f"batch{i:02d}.docx", body))
        expected.append((f"Paragraph {i} added", f"Paragraph {i}  removed"))
    office.start()
    starts, pid = office.starts, office.pid
    t0 = time.perf_counter()
    results = office.texts_many(paths)
    elapsed = time.perf_counter() - t0
    assert [(r.accepted, r.rejected) for r in results] == expected
    assert office.starts == starts and office.pid == pid
    assert elapsed < 60, f"24 files took {elapsed:.1f}s"


def test_convert_to_pdf(office: Office, tmp_path: Path) -> None:
    src = write_docx(tmp_path / "c.docx", para(run("Hello")))
    out = office.convert(src, "pdf", tmp_path / "out")
    assert out == tmp_path / "out" / "c.pdf"
    assert out.read_bytes().startswith(b"%PDF")


def test_timeout_kills_and_next_call_restarts(office: Office, tmp_path: Path) -> None:
    office.start()
    starts = office.starts
    with pytest.raises(OfficeError, match="did not answer within"):
        office.ping(delay=5, timeout=0.5)
    assert office.pid is None  # killed, not left behind
    rt = office.texts(write_docx(tmp_path / "after.docx", para(run("Back"))))
    assert rt.accepted == "Back"
    assert office.starts == starts + 1


def test_crash_raises_then_next_call_restarts(office: Office, tmp_path: Path) -> None:
    office.start()
    starts, pid = office.starts, office.pid
    assert pid is not None
    # Kill soffice while the worker is between receiving a request and calling into soffice.
    killer = threading.Timer(0.3, os.killpg, (pid, signal.SIGKILL))
    killer.start()
    try:
        with pytest.raises(OfficeError, match="crashed"):
            office.ping(delay=1.5, timeout=30)
    finally:
        killer.cancel()
    rt = office.texts(write_docx(tmp_path / "after.docx", para(run("Back"))))
    assert rt.accepted == "Back" and rt.warnings == []
    assert office.starts == starts + 1


def test_in_process_and_bridge_paths_agree(office: Office, tmp_path: Path) -> None:
    # The fast path runs the document work inside soffice; the fallback does every UNO call
    # over the bridge.  Both must report the same thing.
    assert office.in_process, f"in-process extraction unavailable: {office.in_process_error}"
    body = para(
        run("The Assembly "),
        ins("strongly ", 1),
        run("urges "),
        dele("all ", 2),
        run("States."),
        ppr=mark("ins", 3),
    ) + para(
        '<w:commentRangeStart w:id="0"/>',
        run("Noted"),
        '<w:commentRangeEnd w:id="0"/>',
        '<w:r><w:commentReference w:id="0"/></w:r>',
        '<w:r><w:footnoteReference w:id="1"/></w:r>',
    )
    comments = f'<w:comment w:id="0" w:author="Bob">{para(run("Why?"))}</w:comment>'
    note = f'<w:footnote w:id="1"><w:p>{run("See ")}{dele("old", 8)}</w:p></w:footnote>'
    path = write_docx(tmp_path / "both.docx", body, comments=comments, footnotes=note)
    fast = office.texts(path)
    with Office(in_process=False) as slow_office:
        assert not slow_office.in_process
        slow = slow_office.texts(path)
    assert fast == slow
    assert fast.accepted == "The Assembly strongly urges States.\nNoted1"
    assert fast.rejected == "The Assembly urges all States.Noted1"
    assert fast.footnotes_accepted == ["See "] and fast.footnotes_rejected == ["See old"]
