"""Text edits (`Edit`, `Renumber`): addresses resolved and checked, then the runs changed, text by text.

Any plan can be written as the writer always did: every address resolved on the untouched tree,
every edit checked, then each text's edits made (`_edit_all_at_once`). That holds every text's
cells, views and run proxies at once: some 90 MB of small Python objects on a 20,000-paragraph
carry-over, which Python keeps for itself once freed, so the XML the edits add grows the process
further. A plan of text edits only, whose texts cannot share a paragraph, is written text by text
instead (`_edit_text_by_text`): a text is made and forgotten as soon as no later item names it, so
only a few exist at a time. The result is the same, byte for byte: the texts are edited in the same
order, each address is resolved on paragraphs no edit has touched yet, and an error is the one the
first way raises (a bad address at once, else the first failed check, else the first failed edit).
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Sequence

from lxml import etree

from resdraft.edits import FOOTNOTE_MARK, Edit, EditPlanError, MoveParagraph, PlanItem, Renumber, marked_span, raw_index
from resdraft.redline.moves import MoveMaker
from resdraft.redline.writer.addressing import Addressing, _labels_of
from resdraft.redline.writer.runs import RunSurgery
from resdraft.redline.writer.state import _Text


def _label_kind(label: str) -> str:
    """How `Addressing.target` resolves `label`: a body paragraph index, a footnote, or a block."""
    if raw_index(label) is not None:
        return "index"
    if label.startswith("FN") and label[2:].isdigit():
        return "note"
    return "block"


class TextEdits(Addressing, RunSurgery):
    """Text edits (`Edit`, `Renumber`): addresses resolved and checked, then the runs changed, text by text."""

    # -- every text at once (any plan) -----------------------------------------------------------
    def _releasable(self, items: Sequence[PlanItem]) -> dict[tuple[int, ...], list[str]]:
        """The texts (and their labels) that no item after the text edits addresses: free once edited.

        The texts, their views and the lxml proxies of their runs are some 100 MB of Python objects on a
        20,000-paragraph draft; freed as the edits go, they make room for the XML the edits add.
        """
        later = {label for item in items if not isinstance(item, Edit | Renumber) for label in _labels_of(item)}
        labels: dict[int, list[str]] = {}
        for label, target in self._targets.items():
            labels.setdefault(id(target.text), []).append(label)
        kept = {id(self._targets[label].text) for label in later if label in self._targets}
        return {key: labels.get(id(text), []) for key, (text, _) in self._texts.items() if id(text) not in kept}

    def _release(self, key: tuple[int, ...], labels: list[str]) -> None:
        """Forget an edited text and its addresses (asking for one of them again is a bug: see `target`)."""
        del self._texts[key]
        for label in labels:
            del self._targets[label]
        self._released.update(labels)

    def _edit_all_at_once(self, items: Sequence[PlanItem]) -> tuple[MoveMaker | None, dict[str, list[etree._Element]]]:
        """Resolve every address, check every text edit, then make the text edits (any plan)."""
        # resolve every address first: the tree changes below
        for item in items:
            for label in _labels_of(item):
                self.target(label)
        moves = MoveMaker(self) if any(isinstance(item, MoveParagraph) for item in items) else None
        if moves is not None:
            self._importers["\0moves"] = moves.importer
        moved_copies = {item.label: moves.copy(self.target(item.label).paras)
                        for item in items if isinstance(item, MoveParagraph) and moves is not None}
        for item in items:
            self._check_text_edit(item)
        releasable = self._releasable(items)
        for key, (text, _) in list(self._texts.items()):
            self._apply_text(text)
            if key in releasable:
                self._release(key, releasable[key])
        return moves, moved_copies

    def _check_text_edit(self, item: PlanItem) -> None:
        """Check an `Edit` (or `Renumber`) against its text and queue it there (`_Text.edits`)."""
        if isinstance(item, Edit):
            target = self.target(item.label)
            start, end = marked_span(item, target.plain_marks)
            length = len(target.view) - 1
            if end > length:
                raise EditPlanError(f"{item.label}: span [{item.start}, {item.end}) is beyond the end of its text "
                                    f"({len(target.marked.replace(FOOTNOTE_MARK, ''))} characters)")
            cells = target.text.cells
            if any(cells[i].run is None for i in target.view[start:end]):
                raise EditPlanError(f"{item.label}: [{item.start}, {item.end}) crosses a paragraph boundary")
            if item.replacement is not None and self._refuse_foreign(cells, target.view, start, end, item):
                return
            target.text.edits.append((target.view[start], target.view[end], item))
        elif isinstance(item, Renumber):
            target = self.target(item.label)
            if target.number_span is None or target.auto_numbered:
                return  # Word numbers it, or nothing typed to change
            edit = Edit(item.label, 0, 0, item.number_text, comment=item.comment, code=item.code)
            target.text.edits.append((*target.number_span, edit))

    def _apply_text(self, text: _Text) -> None:
        """Make the edits queued on one text, right to left (the cells left of an edit stay valid)."""
        spans = sorted(text.edits, key=lambda t: (t[0], t[1]))
        for (_s1, e1, x1), (s2, _e2, x2) in itertools.pairwise(spans):
            if e1 > s2:
                raise EditPlanError(f"{x1.label} and {x2.label}: edits overlap in the same paragraph")
        for start, end, edit in reversed(spans):
            self._apply_edit(text, start, end, edit)

    # -- text by text (a plan of text edits on texts that share no paragraph) ------------------------
    def _one_text_at_a_time(self, items: Sequence[PlanItem]) -> bool:
        """Whether `items` can be written text by text with the same result as all at once.

        Only text edits (no paragraph, row or table items, which address texts after they were
        edited), none copying NEW's XML (the importer's parts are shared), and addresses whose texts
        do not overlap: blocks whose paragraphs are apart and footnotes that are different notes, or
        paragraph indexes (groups never overlap) and footnotes, never both kinds of body address; no
        footnote typed at the foot of a page, which is addressed inside a body paragraph.
        """
        by_kind: dict[str, set[str]] = {}
        for item in items:
            if not isinstance(item, Edit | Renumber) or (isinstance(item, Edit) and item.source is not None):
                return False
            by_kind.setdefault(_label_kind(item.label), set()).add(item.label)
        if "index" in by_kind and "block" in by_kind:
            return False
        if self.resolution is None and ("block" in by_kind or "note" in by_kind):
            return False  # resolving them may need to read the draft: left to the first way, and its errors
        return self._blocks_apart(by_kind.get("block", set())) and self._notes_apart(by_kind.get("note", set()))

    def _blocks_apart(self, labels: set[str]) -> bool:
        """Whether the body paragraphs of these blocks' texts are disjoint (they are, for blocks read in order)."""
        if not labels:
            return True
        assert self.resolution is not None
        blocks = self.resolution.blocks
        positions, stops, heads = self._blocks_index()
        spans: list[tuple[int, int]] = []
        for label in labels:
            pos = positions.get(label)
            if pos is None or blocks[pos].location.part != "document":
                continue  # an error, raised when the address is resolved
            start, stop = blocks[pos].location.index, stops[pos]
            low = bisect_left(heads, start)
            high = bisect_left(heads, stop) if start < stop else low
            if low < high:
                spans.append((low, high))
        spans.sort()
        return all(a[1] <= b[0] for a, b in itertools.pairwise(spans))

    def _notes_apart(self, labels: set[str]) -> bool:
        """Whether these footnote labels name different notes, none typed at the foot of a page."""
        if not labels:
            return True
        assert self.resolution is not None
        if any(note.xml_id is None for note in self.resolution.footnotes):
            return False
        numbers = self._footnote_numbers()
        ids = [numbers[n] for n in {int(label[2:]) for label in labels} if n in numbers]
        return len(ids) == len(set(ids))

    def _edit_text_by_text(self, items: Sequence[PlanItem]) -> None:
        """Resolve, check and queue the items in order; edit and forget each text once no later item names it.

        Texts are edited in the order they were first named, as `_edit_all_at_once` does; a text
        waits for the last item naming it, and the texts after it wait for it. A failed check or
        edit is kept, not raised, until every address is resolved: a bad address raises first.
        """
        last_use = {item.label: k for k, item in enumerate(items)}
        ready_after: dict[tuple[int, ...], int] = {}  # text key -> index of the last item that names it
        labels_of: dict[tuple[int, ...], list[str]] = {}
        edited: set[etree._Element] = set()  # paragraphs of texts already edited (none may be read again)
        check_failed: BaseException | None = None  # the first failed check: nothing is checked or edited after it
        edit_failed: BaseException | None = None  # the first failed edit: checks go on, edits stop
        made = 0  # texts made so far (`_text_keys`)
        done = 0  # texts edited so far
        for k, item in enumerate(items):
            target = self.target(item.label)  # raises at once, as resolving every address first does
            for key in self._text_keys[made:]:
                text = self._texts[key][0]
                if any(p in edited for p in text.paras):
                    raise RuntimeError(f"{item.label}: its text shares a paragraph with a text edited already")
                ready_after[key] = k if text.paras else len(items)  # no paragraph: kept to the end, to be safe
            made = len(self._text_keys)
            key = target.text.key
            ready_after[key] = max(ready_after[key], last_use[item.label])
            names = labels_of.setdefault(key, [])
            if item.label not in names:
                names.append(item.label)
            if check_failed is not None:
                continue
            try:
                self._check_text_edit(item)
            except Exception as exc:  # raised once every address is resolved
                check_failed = exc
                continue
            if edit_failed is None:
                try:
                    done = self._edit_ready(done, k, ready_after, labels_of, edited)
                except Exception as exc:  # raised unless a later check fails
                    edit_failed = exc
        if check_failed is not None or edit_failed is not None:
            raise check_failed or edit_failed  # type: ignore[misc]
        self._edit_ready(done, len(items), ready_after, labels_of, edited)

    def _edit_ready(self, done: int, k: int, ready_after: dict[tuple[int, ...], int],
                    labels_of: dict[tuple[int, ...], list[str]], edited: set[etree._Element]) -> int:
        """Edit and forget, in order, the texts from the `done`-th on that no item after item `k` names."""
        keys = self._text_keys
        while done < len(keys) and ready_after[keys[done]] <= k:
            key = keys[done]
            text = self._texts[key][0]
            self._apply_text(text)
            edited.update(text.paras)
            self._release(key, labels_of.pop(key, []))
            del ready_after[key]
            keys[done] = ()  # the key's ids may be reused once its paragraphs' proxies go
            done += 1
        return done
