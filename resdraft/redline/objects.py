"""Drawings and embedded objects of a paragraph whose text compare pairs: tracked when NEW drops or adds one.

A paragraph that holds only an image reads as "" in OLD and in NEW, so a
text diff sees no change when the image goes (or comes). The objects a
delegate sees (`w:drawing`, `w:pict`, `w:object`) are therefore part of
a paragraph's signature (`object_keys`, in `layout`), compare plans a
`Restyle`, and `track_objects` writes the difference as Word does: a
dropped object's run in a `w:del`, an added one copied from NEW (media
and relationships through the `Importer`) in a `w:ins`, at the text
position NEW has it. An object is known by its kind, its size and the
bytes of the parts it shows (not by ids or names, which each package
numbers its own way), so a kept image is never deleted and re-inserted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from lxml import etree

from resdraft.ooxml import Package, qn
from resdraft.ooxml.build import split_run
from resdraft.ooxml.namespaces import R_NS, WP_NS
from resdraft.ooxml.visible import iter_visible_runs
from resdraft.redline.importer import Importer
from resdraft.redline.track import wrap_runs

__all__ = ["OBJECTS", "OBJECT_TAGS", "ObjectKey", "has_object", "object_keys", "object_runs", "signature_objects",
           "track_objects"]

#: The name of a signature's stretch that lists the paragraph's objects (`layout.layout`).
OBJECTS = "objects"

#: What a reader sees as a picture or object in the text flow.
OBJECT_TAGS = frozenset(qn(t) for t in ("w:drawing", "w:pict", "w:object"))
_R = qn("w:r")
_RPR = qn("w:rPr")
_P = qn("w:p")
_REVISIONS = frozenset(qn(t) for t in ("w:ins", "w:del", "w:moveFrom", "w:moveTo"))
_GONE = frozenset(qn(t) for t in ("w:del", "w:moveFrom"))  # runs under these are not shown after accept
_EXTENT = f"{{{WP_NS}}}extent"
_R_PREFIX = f"{{{R_NS}}}"

ObjectKey = tuple[str, tuple[str, ...], tuple[str, ...]]  # (kind, size, digests of the parts it shows)


def has_object(run: etree._Element) -> bool:
    """Whether run `run` holds a drawing, picture or embedded object."""
    return any(True for _ in run.iter(*OBJECT_TAGS))


def _holds_object(child: etree._Element) -> bool:
    """Whether a run child is (or wraps, as `mc:AlternateContent` does) a drawing or object."""
    return child.tag in OBJECT_TAGS or any(True for _ in child.iter(*OBJECT_TAGS))


def object_runs(p: etree._Element) -> list[etree._Element]:
    """The runs of `p` shown after accept-all that hold an object, in order (a text box's own runs left out)."""
    if next(p.iter(*OBJECT_TAGS), None) is None:
        return []  # no object at all (most paragraphs): no run to walk up from
    out = []
    for run in p.iter(_R):
        holder = run.getparent()
        shown = True
        while holder is not None and holder is not p:
            if holder.tag == _R or holder.tag in _GONE or holder.tag == _P:
                shown = False
                break
            holder = holder.getparent()
        if shown and has_object(run):
            out.append(run)
    return out


def object_key(run: etree._Element, pkg: Package, part: str) -> ObjectKey:
    """What makes the object of `run` the same object in another package (see the module docstring)."""
    import hashlib  # here: it loads OpenSSL (~3 ms), and a compare of drafts without pictures never needs it

    kind = next(run.iter(*OBJECT_TAGS))
    size = tuple(f"{e.get('cx')}x{e.get('cy')}" for e in run.iter(_EXTENT))
    digests = []
    for node in run.iter():
        if not isinstance(node.tag, str):
            continue
        for name, value in node.attrib.items():
            if not name.startswith(_R_PREFIX) or not value:
                continue
            found = pkg.relationship(part, value)
            if found is None:
                continue
            _type, target, external = found
            data = None if external else pkg.data(target)
            digests.append(target if data is None else hashlib.sha256(data).hexdigest())
    return (etree.QName(kind).localname, size, tuple(digests))


def object_keys(p: etree._Element, pkg: Package, part: str | None = None) -> tuple[ObjectKey, ...]:
    """The keys of the objects `p` shows, in order: equal tuples mean the same pictures in the same order."""
    name = part or pkg.main
    return tuple(object_key(run, pkg, name) for run in object_runs(p))


def signature_objects(signature: tuple[object, ...] | None) -> tuple[object, ...]:
    """The object keys a `layout` signature lists (() when none): compare tells object changes from formatting."""
    for stretch in signature or ():
        if isinstance(stretch, tuple) and stretch and stretch[0] == OBJECTS:
            return tuple(stretch[1])
    return ()


def _offsets(p: etree._Element, runs: Sequence[etree._Element]) -> list[int]:
    """For each of `runs`, how many characters of `p`'s accepted text come before it."""
    order = {el: k for k, el in enumerate(p.iter())}
    seen = [(order[piece.run], len(piece.text)) for piece in iter_visible_runs(p)]
    return [sum(n for at, n in seen if at < order[run]) for run in runs]


def _isolate(run: etree._Element) -> etree._Element:
    """`run` split so that its object stands in a run of its own (text beside it stays where it is); that run."""
    content = [c for c in run if c.tag != _RPR]
    holder = next(c for c in content if _holds_object(c))
    alone = split_run(run, holder)
    after = holder.getnext()
    if after is not None:
        split_run(alone, after)
    return alone


def _outer(el: etree._Element) -> etree._Element:
    """`el`, or the revision holding it: a new `w:ins` goes beside that revision, never inside it."""
    while el.getparent() is not None and el.getparent().tag in _REVISIONS:
        el = el.getparent()
    return el


def _place(p: etree._Element, offset: int, el: etree._Element) -> None:
    """Put `el` into `p` where its accepted text has `offset` characters before it (a run split if need be)."""
    pieces = list(iter_visible_runs(p))
    done = 0
    for piece in pieces:
        end = done + len(piece.text)
        if offset == 0:
            _outer(piece.run).addprevious(el)
            return
        if done < offset <= end and piece.text:
            cut = offset - done
            if _outer(piece.run) is not piece.run:  # inside a revision: beside it (a w:ins is not split)
                _outer(piece.run).addnext(el)
            elif cut < len(piece.text):
                split_run(piece.run, piece.node, cut).addprevious(el)
            else:
                nxt = piece.node.getnext()
                if nxt is not None:
                    split_run(piece.run, nxt)
                piece.run.addnext(el)
            return
        done = end
    ppr = p.find(qn("w:pPr"))
    last = [c for c in p if c.tag != qn("w:pPr")]
    if last:
        last[-1].addnext(el)
    elif ppr is not None:
        ppr.addnext(el)
    else:
        p.insert(0, el)


def track_objects(p: etree._Element, old_pkg: Package, src: etree._Element, importer: Importer,
                  make_ins: Callable[[], etree._Element], make_del: Callable[[], etree._Element]) -> int:
    """Track in `p` (OLD's paragraph, maybe already edited) the objects NEW's paragraph `src` drops or adds.

    Returns how many objects were tracked. Objects kept in both stay as
    they are; an object already copied in by a text edit counts as kept.
    """
    mine = object_runs(p)
    theirs = object_runs(src)
    keys_mine = [object_key(r, old_pkg, old_pkg.main) for r in mine]
    keys_theirs = [object_key(r, importer.src, importer.src.main) for r in theirs]
    if keys_mine == keys_theirs:
        return 0
    matcher = SequenceMatcher(None, keys_mine, keys_theirs, autojunk=False)
    kept: dict[int, etree._Element] = {}  # NEW object -> OLD run kept for it
    dropped: list[etree._Element] = []
    added: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            kept.update((j1 + k, mine[i1 + k]) for k in range(i2 - i1))
            continue
        dropped.extend(mine[i1:i2])
        added.extend(range(j1, j2))
    offsets_theirs = _offsets(src, theirs)
    offsets_mine = dict(zip(mine, _offsets(p, mine), strict=True))
    placed: dict[int, etree._Element] = {}
    for j in added:
        copied = importer.copy(theirs[j])
        for child in [c for c in copied if c.tag != _RPR and not _holds_object(c)]:
            copied.remove(child)  # the object only: text in the same run is the text diff's
        rpr = copied.find(_RPR)
        for tag in (qn("w:ins"), qn("w:del"), qn("w:rPrChange")):
            for old in rpr.findall(tag) if rpr is not None else ():
                rpr.remove(old)
        ins = make_ins()
        ins.append(copied)
        at = offsets_theirs[j]
        same = [k for k in range(len(theirs)) if k != j and offsets_theirs[k] == at]
        prev = [k for k in same if k < j]
        nxt = [k for k in same if k > j and k in kept and offsets_mine[kept[k]] == at]
        anchor = None
        if prev:  # an object NEW has at the same text position, before this one: go right after it
            k = prev[-1]
            anchor = placed.get(k)
            if anchor is None and k in kept and offsets_mine[kept[k]] == at:
                anchor = _outer(kept[k])
        if anchor is not None:
            anchor.addnext(ins)
        elif nxt:
            _outer(kept[nxt[0]]).addprevious(ins)
        else:
            _place(p, at, ins)
        placed[j] = ins
    runs = [_isolate(r) if len([c for c in r if c.tag != _RPR]) > 1 else r for r in dropped]
    for run in runs:
        wrap_runs([run], make_del, deleted=True)
    return len(runs) + len(added)
