"""PlanBuilder: the one place that accepts or skips an edit (overlap, stale text, paragraph operations)."""

from __future__ import annotations

from resdraft.edits import DeleteParagraph, Edit, MoveParagraph, Renumber
from resdraft.plan import Accepted, PlanBuilder, Skipped

TEXTS = {"OP1": "Decides to hold its twenty-thrid session at The Hague;", "FN1": "See ICC-ASP/20/Res.5."}


def test_overlapping_and_touching_text_edits_are_skipped_with_a_reason() -> None:
    builder = PlanBuilder(TEXTS)
    assert isinstance(builder.add(Edit("OP1", 20, 32, "twenty-third", expected="twenty-thrid")), Accepted)
    overlap = builder.add(Edit("OP1", 25, 40, "x"))
    touch = builder.add(Edit("OP1", 32, 32, " regular"))  # an insertion at the edge of a replacement
    assert isinstance(overlap, Skipped) and "overlaps" in overlap.reason
    assert isinstance(touch, Skipped)
    assert builder.add(Edit("OP1", 33, 40, "meeting"))  # a separate span is fine
    assert [s.item for s in builder.skipped] == [overlap.item, touch.item]
    assert len(builder.build()) == 2


def test_stale_text_and_unknown_labels_are_skipped() -> None:
    builder = PlanBuilder(TEXTS)
    stale = builder.add(Edit("OP1", 0, 7, "Resolves", expected="Request"))
    assert isinstance(stale, Skipped) and "no longer reads" in stale.reason
    assert not builder.add(Edit("OP9", 0, 1, "x"))
    assert builder.add(Edit("@4", 0, 1, "x"))  # raw addresses are resolved by the writer
    assert builder.add(Edit("FN1", 4, 20, "ICC-ASP/20/Res.6", expected="ICC-ASP/20/Res.5"))


def test_comments_may_overlap_in_layers_but_not_in_exclusive_mode() -> None:
    layered = PlanBuilder(TEXTS)
    exclusive = PlanBuilder(TEXTS, overlap="exclusive")
    items = [Edit("OP1", 20, 32, "twenty-third"), Edit("OP1", 0, 25, None, comment="a"),
             Edit("OP1", 10, 19, None, comment="b")]
    assert all(layered.extend(items))
    assert [bool(o) for o in exclusive.extend(items)] == [True, False, True]
    layers = layered.comment_layers()
    assert [[c.comment for c in layer] for layer in layers] == [["a"], ["b"]]
    passes = layered.plans()
    assert [len(p) for p in passes] == [2, 1]  # the text edit rides with the first layer
    assert len(exclusive.build()) == 2


def test_paragraph_operations_exclude_each_other_and_text_edits() -> None:
    builder = PlanBuilder(TEXTS)
    assert builder.add(DeleteParagraph("OP1"))
    assert not builder.add(MoveParagraph("OP1", after="FN1"))
    assert not builder.add(Edit("OP1", 0, 7, "Resolves"))
    assert not builder.add(Renumber("OP1", "2."))
    assert builder.add(Edit("OP1", 0, 7, None, comment="why deleted"))  # a comment may stay
    other = PlanBuilder(TEXTS)
    assert other.add(Edit("OP1", 0, 7, "Resolves"))
    assert not other.add(DeleteParagraph("OP1"))


def test_build_in_document_order_keeps_accepted_order_among_equals() -> None:
    builder = PlanBuilder(TEXTS)
    builder.extend([Edit("FN1", 0, 3, "Cf."), Edit("OP1", 40, 45, "Hague"), Edit("OP1", 0, 7, None, comment="c")])
    plan = builder.build(order={"OP1": 0, "FN1": 1})
    assert [(e.label, e.start) for e in plan.edits] == [("OP1", 0), ("OP1", 40), ("FN1", 0)]
