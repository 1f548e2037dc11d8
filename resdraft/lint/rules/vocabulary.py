"""Openers and operative verbs: from the closed lists of `rules/vocabulary.toml` (plus the body
profile's own), capitalised, and of the right kind for the paragraph.

Suggestions come from rapidfuzz against the vocabulary; a suggestion is
offered as a fix only when it is close (it is never safe: "Requets" may be
"Requests", but a person should look).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from resdraft.lint.engine import Doc, Hit, rule
from resdraft.lint.rules.placeholders import placeholder_spans
from resdraft.model import Block
from resdraft.vocabulary import vocabulary

_LEAD_WORDS = re.compile(r"[A-Za-z][A-Za-z\-]*(?:\s+(?:also|further|note|upon|on|for|in|into|with|again))?")
_SUGGEST_CUTOFF = 80


@functools.cache
def _choices(kind: str, extra: tuple[str, ...]) -> tuple[str, ...]:
    vocab = vocabulary()
    base = vocab.openers if kind == "preambular" else vocab.verbs
    return tuple(dict.fromkeys((*base, *extra)))


def _suggest(word: str, kind: str, doc: Doc) -> tuple[str, float] | None:
    from rapidfuzz import fuzz, process

    extra = doc.profile.openers if kind == "preambular" else doc.profile.verbs
    found = process.extractOne(word, _choices(kind, extra), scorer=fuzz.ratio, processor=str.lower,
                               score_cutoff=_SUGGEST_CUTOFF)
    return (found[0], found[1]) if found else None


def _lead_candidates(doc: Doc) -> Iterator[Block]:
    """Preambular and operative paragraphs of the resolution proper, and unclassified paragraphs
    in it that read like one (long, ending with "," or ";")."""
    for block in doc.main_blocks:
        reads_like_one = block.kind == "other" and len(block.text) >= 40 and block.text[:1].isalpha() \
            and block.text.rstrip()[-1:] in ",;"
        if block.kind in ("preambular", "operative") or reads_like_one:
            yield block


@rule("RD801")
def unknown_lead(doc: Doc) -> Iterator[Hit]:
    """A paragraph whose opener or verb is not in the vocabulary (with a suggestion)."""
    for block in _lead_candidates(doc):
        text = block.text
        start = len(text) - len(text.lstrip())
        if not text[start:start + 1].isalpha() or any(s <= start < e for s, e in placeholder_spans(doc, block)):
            continue
        if doc.lead_matches(text, start) is not None:
            continue
        match = _LEAD_WORDS.match(text, start)
        if not match:
            continue
        word = match.group(0)
        first = word.split()[0]
        kind = "preambular" if block.kind == "preambular" or (
            block.kind == "other" and (first.lower().endswith("ing") or text.rstrip().endswith(","))) else "operative"
        what = "opener" if kind == "preambular" else "operative verb"
        target, suggestion = first, None
        if word != first and (found := _suggest(word, kind, doc)) is not None:
            target, suggestion = word, found[0]
        elif (found := _suggest(first, kind, doc)) is not None:
            suggestion = found[0]
        if suggestion is not None:
            fixed = suggestion if target[:1].isupper() else suggestion[:1].lower() + suggestion[1:]
            yield Hit(block, start, start + len(target), f"{target!r} is not an {what} of the vocabulary: did you "
                                                          f"mean {suggestion!r}?", fix=fixed, safe=False)
        elif block.kind != "other":
            # no close word: more likely a rare but right verb than a slip, so only an info
            yield Hit(block, start, start + len(first), f"{first!r} is not an {what} of the vocabulary "
                                                        "(add it to the body profile if it is right)", severity="info")


@rule("RD802")
def lead_case(doc: Doc) -> Iterator[Hit]:
    """An opener or operative verb that does not start with a capital letter."""
    for block in doc.main_blocks:
        if block.kind not in ("preambular", "operative") or block.lead is None:
            continue
        lead = block.lead
        if block.text[lead.start:lead.start + 1].islower():
            word = re.match(r"\S+", block.text[lead.start:])
            assert word is not None
            end = lead.start + len(word.group(0).rstrip(",;:"))
            original = block.text[lead.start:end]
            yield Hit(block, lead.start, end, f"the {'opener' if block.kind == 'preambular' else 'verb'} "
                                              f"{original!r} starts a paragraph: capitalise it",
                      fix=original[:1].upper() + original[1:], safe=True)


@rule("RD803")
def opener_in_operative(doc: Doc) -> Iterator[Hit]:
    """An operative paragraph led by a preambular opener ("5. Reiterating ...;") with no operative verb."""
    for block in doc.main_blocks:
        if block.kind != "operative" or block.lead is None:
            continue
        start = block.lead.start
        found = doc.lead_matches(block.text, start)
        if found is None or found[0] != "preambular":
            continue
        if any(doc.lead_matches(block.text, v.start) and doc.lead_matches(block.text, v.start)[0] == "operative"
               for v in block.verbs):
            continue  # "32. Recognizing the importance of ..., requests the Court ...": the verb comes later
        opener = block.text[start:found[1]]
        yield Hit(block, start, found[1], f"operative paragraph led by the preambular opener {opener!r} and no "
                                          "operative verb: use a verb in the third person (e.g. 'Reiterates')")
