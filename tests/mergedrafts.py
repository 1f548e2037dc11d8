"""A circulated draft and delegations' copies of it, built for the merge tests (text written for them).

BASE carries the facilitator's own pending changes (an insertion in OP2, a
deletion in OP3). The copies imitate what comes back from delegations:

* mexico: tracked changes by two officials ("j.doe", "m.perez"), mapped to Mexico;
* switzerland: a clean edited copy, named by its core.xml lastModifiedBy;
* eu: a clean copy with a new paragraph (typed numbers renumbered after it) and a footnote change;
* norway: a clean copy that deletes a paragraph;
* kenya: tracked changes by "k.lee" right after the facilitator's pending insertion;
* japan: an untouched copy (no proposals).

Mexico and Switzerland make the same change to OP1; Switzerland and the EU
compete for the same words of OP4.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from tests.docxbuild import build_docx, footnote, footnote_ref, para, run

BASE_REV = 'w:author="Facilitator" w:date="2024-05-01T10:00:00Z"'
FAC_INS = f'<w:ins w:id="101" {BASE_REV}>{run("a consolidated ")}</w:ins>'
FAC_DEL = f'<w:del w:id="201" {BASE_REV}><w:r><w:delText xml:space="preserve">promptly </w:delText></w:r></w:del>'


def _ins(author: str, text: str, rid: int) -> str:
    return f'<w:ins w:id="{rid}" w:author="{author}" w:date="2024-05-03T09:00:00Z">{run(text)}</w:ins>'


def _del(author: str, text: str, rid: int) -> str:
    return (f'<w:del w:id="{rid}" w:author="{author}" w:date="2024-05-03T09:00:00Z"><w:r>'
            f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>')


def _core(last: str | None = None, creator: str = "Facilitator") -> bytes:
    last_xml = f"<cp:lastModifiedBy>{last}</cp:lastModifiedBy>" if last else ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator>{creator}</dc:creator>{last_xml}</cp:coreProperties>").encode()


STYLES = ('<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
          '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
          '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/></w:style>')

TITLE = "Strengthening the review of the budget process of the Court"
PP1 = "The Assembly of States Parties,"
PP2 = "Recalling its earlier decisions on the budget cycle and on the work of the Committee,"
NOTE = "See the annex to the report of the Committee."


def _paragraphs(op1: str = "Notes", op2_tail: list[str] | None = None, op4_when: str = "next",
                op5: list[str] | None = None, numbers: tuple[int, ...] = (1, 2, 3, 4, 5),
                extra_after_op2: str | None = None, drop_pp2: bool = False, tracked_base: bool = True,
                pp2: str = PP2) -> str:
    """BASE's body, with the variations a copy makes (each argument one kind of change)."""
    n = iter(numbers)
    fac_ins = FAC_INS if tracked_base else run("a consolidated ")
    fac_del = FAC_DEL if tracked_base else ""
    op2_tail = op2_tail if op2_tail is not None else [run("overview of savings before the next session;")]
    op5 = op5 if op5 is not None else [run("to report to the Assembly on progress made.")]
    body = [para(TITLE), para(PP1)]
    if not drop_pp2:
        body.append(para(pp2))
    body.append(para(f"{next(n)}.\t{op1} the report of the Committee on its forty-second session;")
                if not op1.startswith("<") else para(f"{next(n)}.\t", op1,
                                                     run(" the report of the Committee on its forty-second session;")))
    body.append(para(run(f"{next(n)}.\tRequests the Registry to present "), fac_ins, *op2_tail))
    if extra_after_op2:
        body.append(para(f"{next(n)}.\t{extra_after_op2}"))
    body.append(para(run(f"{next(n)}.\tEncourages States Parties to pay their contributions "), fac_del,
                     run("in full and on time;")))
    body.append(para(run(f"{next(n)}.\tDecides to keep the matter under review at its {op4_when} session"),
                     footnote_ref(1), run(";")))
    body.append(para(run(f"{next(n)}.\tInvites the Bureau "), *op5))
    return "".join(body)


def build(path: Path, body: str, note: str = NOTE, core: bytes | None = None) -> Path:
    parts = {"docProps/core.xml": core or _core()}
    return build_docx(path, body, styles=STYLES, footnotes=footnote(1, note), parts=parts)


def make_drafts(folder: Path) -> dict[str, Path]:
    """Write BASE and the six copies into `folder`; returns them by name."""
    d = {"base": build(folder / "base.docx", _paragraphs())}
    d["mexico"] = build(folder / "mexico.docx", _paragraphs(
        op1=_del("j.doe", "Notes", 501) + _ins("j.doe", "Welcomes", 502),
        op5=[run("to report "), _ins("m.perez", "in writing ", 503), run("to the Assembly on progress made.")]),
        core=_core("j.doe"))
    d["switzerland"] = build(folder / "switzerland.docx",
                             _paragraphs(op1="Welcomes", op4_when="twenty-fifth", tracked_base=False),
                             core=_core("Switzerland"))
    d["eu"] = build(folder / "eu.docx", _paragraphs(
        extra_after_op2="Calls upon the Registry to publish the overview on its website;",
        numbers=(1, 2, 3, 4, 5, 6), op4_when="resumed", tracked_base=False),
        note="See annex II to the report of the Committee.", core=_core("eu.delegate"))
    d["norway"] = build(folder / "norway.docx", _paragraphs(drop_pp2=True, tracked_base=False))
    d["kenya"] = build(folder / "kenya.docx", _paragraphs(
        op2_tail=[run("overview of savings "), _del("k.lee", "before the next session", 601),
                  _ins("k.lee", "by 30 June", 602), run(";")]))
    d["japan"] = build(folder / "japan.docx", _paragraphs(), core=_core("Facilitator"))
    return d


def eu_without_conflict(folder: Path) -> Path:
    """The EU copy without its competing change to OP4 (for the accept-all test)."""
    return build(folder / "eu.docx", _paragraphs(
        extra_after_op2="Calls upon the Registry to publish the overview on its website;",
        numbers=(1, 2, 3, 4, 5, 6), tracked_base=False),
        note="See annex II to the report of the Committee.", core=_core("eu.delegate"))


def expected_accepted(folder: Path) -> Path:
    """BASE with the proposals of mexico, eu (no conflict), norway and kenya applied, as a clean .docx."""
    body = "".join([
        para(TITLE), para(PP1),
        para("1.\tWelcomes the report of the Committee on its forty-second session;"),
        para("2.\tRequests the Registry to present a consolidated overview of savings by 30 June;"),
        para("3.\tCalls upon the Registry to publish the overview on its website;"),
        para("4.\tEncourages States Parties to pay their contributions in full and on time;"),
        para(run("5.\tDecides to keep the matter under review at its next session"), footnote_ref(1), run(";")),
        para("6.\tInvites the Bureau to report in writing to the Assembly on progress made."),
    ])
    return build(folder / "expected.docx", body, note="See annex II to the report of the Committee.")


AUTHOR_MAP = '"j.doe" = "Mexico"\n"m.perez" = "Mexico"\n"k.lee" = "Kenya"\n"eu.delegate" = "European Union"\n'
