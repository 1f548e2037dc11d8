"""Italics: where the text's convention is italic openers and verbs (most leads of that kind are
italic in a .docx or a Markdown file), a lead or a later verb in roman type is a slip.

A plain-text file carries no formatting, and a text whose leads are mostly
roman has no such convention: neither is checked. A fix cannot express
formatting, so these rules offer none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from resdraft.lint.engine import Doc, Hit, is_italic, rule


@rule("RD811")
def lead_not_italic(doc: Doc) -> Iterator[Hit]:
    """An opener or operative verb not in italics where the others are."""
    for block in doc.main_blocks:
        if block.kind not in doc.italic_kinds or block.lead is None:
            continue
        lead = block.lead
        if doc.lead_matches(block.text, lead.start) is None:
            continue  # not a vocabulary lead: RD801 says so
        if not is_italic(block, lead.start, lead.end):
            yield Hit(block, lead.start, lead.end, f"the {'opener' if block.kind == 'preambular' else 'verb'} "
                                                   f"{lead.text!r} is not in italics")


@rule("RD812")
def verb_not_italic(doc: Doc) -> Iterator[Hit]:
    """A later verb of a paragraph ("..., and *urges* ...") not in italics where the lead is, in a body
    whose house style italicises later verbs, or (style "mixed") in a text that itself does so."""
    style = doc.profile.later_verbs
    if style == "upright":
        return  # the GA's issued texts: only the opening verb is italic
    later = [(block, verb, is_italic(block, verb.start, verb.end)) for block in doc.main_blocks
             if block.kind in doc.italic_kinds and block.lead is not None
             and is_italic(block, block.lead.start, block.lead.end)
             for verb in block.verbs if _acts(block.text, verb.start, verb.end)]
    if style == "mixed":
        italic = sum(1 for _, _, slanted in later if slanted)
        if italic < MIXED_MIN_ITALIC or italic < MIXED_SHARE * len(later):
            return  # the text has no convention of its own: either type is right
    for block, verb, slanted in later:
        if not slanted:
            yield Hit(block, verb.start, verb.end, f"the verb {verb.text!r} is not in italics")


#: Under a "mixed" house style, a text sets its own convention of italic later verbs when at least
#: this many of them, and this share, are italic.
MIXED_MIN_ITALIC = 3
MIXED_SHARE = 0.75


_CLAUSE_START = re.compile(r"[,;:]\s*(?:and\s+|also\s+|further\s+|and\s+(?:also|further)\s+)?$")
_NOUN_AFTER = re.compile(r"\s+(?:for|of|from|made|received|concerning|submitted|addressed|pending"
                         r"|to\s+(?:the|it|them))\b")


def _acts(text: str, start: int, end: int) -> bool:
    """True when a word of the verb list found in roman type is a verb of the body: it opens a
    clause (", and urges") and is not a noun ("cooperation and requests for assistance")."""
    return bool(_CLAUSE_START.search(text, max(0, start - 24), start)) and not _NOUN_AFTER.match(text, end)
