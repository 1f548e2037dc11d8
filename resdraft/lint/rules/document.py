"""Whether the text is a resolution at all: a report or a text in another language gets one
note instead of dozens of findings from rules built for resolutions (the engine runs no other
rule on it)."""

from __future__ import annotations

from collections.abc import Iterator

from resdraft.lint.engine import Doc, Hit, rule


@rule("RD000")
def not_a_resolution(doc: Doc) -> Iterator[Hit]:
    """One note on a text with no line naming the body and no preambular or operative paragraphs."""
    if doc.is_resolution or not doc.blocks:
        return
    yield Hit(doc.blocks[0], 0, 0, "no preambular or operative paragraphs found: is this a resolution? "
                                   "(no other rule was run)")
