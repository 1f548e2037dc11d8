"""Validate a .docx: ISO/IEC 29500 Transitional schema plus the structure Word relies on.

Our own reader and LibreOffice both forgive a lot; Word does not ("unreadable content").
So every .docx the tests write is checked here against the schemas in
``../shared/ooxml-schema`` (lxml ``XMLSchema``, compiled once per process) and against the
cross-part rules the schema cannot express: relationship targets and content types
present, revision/comment/bookmark/note ids unique and resolved, ranges closed, deleted
text only inside deletions, field characters balanced, ``w:rPr`` children in Word's order.

Markup compatibility (``mc:Ignorable``, ``mc:AlternateContent``) is applied first, as a
conforming consumer does, so Word's w14/w15 extensions are not reported as schema errors.

Problems are plain strings ``"<part>: <what>"`` without line numbers, so the problems of an
output can be compared with those of its inputs: :func:`new_problems` returns what the
output has beyond its inputs (compared with digits masked, as ids and part numbers are
renumbered by writers; counted, so one more duplicate id than the input had is new).
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from lxml import etree

__all__ = [
    "SCHEMA_DIR",
    "DocxSource",
    "SchemaMissing",
    "allowed_problems",
    "assert_valid_docx",
    "new_problems",
    "problem_key",
    "problems",
    "schema_available",
]

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "shared" / "ooxml-schema"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XSD = "http://www.w3.org/2001/XMLSchema"

DocxSource = bytes | str | Path | io.BytesIO

# Revision elements whose w:id must be unique across the document (range ends pair with starts).
REVISIONS = frozenset(
    f"{{{W}}}{n}"
    for n in (
        "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
        "trPrChange", "tcPrChange", "tblGridChange", "tblPrExChange", "numberingChange", "cellIns",
        "cellDel", "cellMerge", "customXmlInsRangeStart", "customXmlDelRangeStart",
        "customXmlMoveFromRangeStart", "customXmlMoveToRangeStart",
    )
)
# Parts that hold text stories (ids and ranges are checked across all of them).
STORY_TYPES = ("document.main", "header", "footer", "footnotes", "endnotes", "comments", "glossary")


class SchemaMissing(RuntimeError):
    """The schema folder is absent: callers skip (or fail on CI)."""


def schema_available() -> bool:
    return (SCHEMA_DIR / "wml.xsd").is_file()


@lru_cache(maxsize=1)
def _schemas() -> tuple[etree.XMLSchema, etree.XMLSchema, etree.XMLSchema]:
    """(wml, content types, relationships), compiled once (wml takes a few tenths of a second)."""
    if not schema_available():
        raise SchemaMissing(f"OOXML schema not found at {SCHEMA_DIR}")
    return tuple(  # type: ignore[return-value]
        etree.XMLSchema(etree.parse(str(SCHEMA_DIR / name)))
        for name in ("wml.xsd", "opc-contentTypes.xsd", "opc-relationships.xsd")
    )


@lru_cache(maxsize=1)
def _rpr_order() -> dict[str, int]:
    """Position of each EG_RPrBase element: the order Word (and ECMA-376 1st ed.) requires."""
    tree = etree.parse(str(SCHEMA_DIR / "wml.xsd"))
    group = tree.find(f"{{{XSD}}}group[@name='EG_RPrBase']")
    assert group is not None, "wml.xsd has no EG_RPrBase"
    names = [el.get("name") for el in group.iter(f"{{{XSD}}}element")]
    return {f"{{{W}}}{n}": i for i, n in enumerate(names)}


# -- reading the package ----------------------------------------------------------------------


def _read_bytes(src: DocxSource) -> bytes:
    if isinstance(src, bytes):
        return src
    if isinstance(src, io.BytesIO):
        return src.getvalue()
    return Path(src).read_bytes()


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)
    return etree.fromstring(data, parser)


def _apply_mce(root: etree._Element) -> etree._Element:
    """Markup compatibility: drop ignorable namespaces, resolve AlternateContent to its Fallback.

    Done with XPath (in C): walking every attribute in Python cost more than the schema check.
    """
    declared = root.xpath("//@mc:Ignorable", namespaces={"mc": MC})
    if not declared and not root.xpath("//@*[namespace-uri()=$ns] | //*[namespace-uri()=$ns]", ns=MC):
        return root
    ignorable: set[str] = set()
    for value in declared:
        owner = value.getparent()
        ignorable.update(owner.nsmap.get(p, "") for p in str(value).split())
    ignorable.discard("")
    for alt in root.xpath("//mc:AlternateContent", namespaces={"mc": MC}):
        parent = alt.getparent()
        if parent is None:
            continue
        fallback = alt.find(f"{{{MC}}}Fallback")
        idx = parent.index(alt)
        for child in reversed(list(fallback) if fallback is not None else []):
            parent.insert(idx + 1, child)
        _drop_keep_tail(alt)
    for ns in (MC, *sorted(ignorable)):
        for attr in root.xpath("//@*[namespace-uri()=$ns]", ns=ns):
            owner = attr.getparent()
            if owner is not None:
                del owner.attrib[str(attr.attrname)]
        if ns != MC:
            for el in root.xpath("//*[namespace-uri()=$ns]", ns=ns):
                if el.getparent() is not None:
                    _drop_keep_tail(el)
    return root


def _drop_keep_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


class _Package:
    """The zip's parts, content types and relationships, parsed once."""

    def __init__(self, data: bytes) -> None:
        self.problems: list[str] = []
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = [n for n in self.zip.namelist() if not n.endswith("/")]
        self.nameset = set(self.names)
        self.defaults: dict[str, str] = {}
        self.overrides: dict[str, str] = {}
        self.trees: dict[str, etree._Element] = {}

    def xml(self, name: str) -> etree._Element | None:
        if name not in self.trees:
            try:
                self.trees[name] = _parse(self.zip.read(name))
            except (etree.XMLSyntaxError, KeyError, zipfile.BadZipFile) as exc:
                self.problems.append(f"{name}: not well-formed XML ({_strip_line(str(exc))})")
                return None
        return self.trees[name]

    def content_type(self, name: str) -> str | None:
        ct = self.overrides.get("/" + name.lower())
        if ct is None:
            ct = self.defaults.get(posixpath.basename(name).rpartition(".")[2].lower())
        return ct


def _strip_line(msg: str) -> str:
    """No line numbers (outputs and inputs are compared by message); w: for the main namespace."""
    return re.sub(r",? line \d+(, column \d+)?", "", msg).replace(f"{{{W}}}", "w:")


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _source_of(rels: str) -> str:
    folder, base = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])


# -- the checks ---------------------------------------------------------------------------------


def _check_package(pkg: _Package) -> dict[str, dict[str, tuple[str, str]]]:
    """Content types and relationships; returns {source part: {rId: (type, target part or URL)}}."""
    out = pkg.problems
    _, cts, rels_schema = _schemas()
    ct_root = pkg.xml("[Content_Types].xml") if "[Content_Types].xml" in pkg.nameset else None
    if ct_root is None:
        out.append("[Content_Types].xml: missing")
    else:
        if not cts.validate(ct_root):
            out.extend(f"[Content_Types].xml: {_strip_line(e.message)}" for e in cts.error_log)
        for el in ct_root:
            if el.tag == f"{{{CT_NS}}}Default":
                pkg.defaults[(el.get("Extension") or "").lower()] = el.get("ContentType") or ""
            elif el.tag == f"{{{CT_NS}}}Override":
                pkg.overrides[(el.get("PartName") or "").lower()] = el.get("ContentType") or ""
        present = {"/" + n.lower() for n in pkg.names}
        for part in sorted(set(pkg.overrides) - present):
            out.append(f"[Content_Types].xml: override for absent part {part}")
    for name in pkg.names:
        if name != "[Content_Types].xml" and pkg.content_type(name) is None:
            out.append(f"{name}: no content type")
    links: dict[str, dict[str, tuple[str, str]]] = {}
    for name in pkg.names:
        if not name.endswith(".rels"):
            continue
        root = pkg.xml(name)
        if root is None:
            continue
        if not rels_schema.validate(root):
            out.extend(f"{name}: {_strip_line(e.message)}" for e in rels_schema.error_log)
        source = _source_of(name)
        if source and source not in pkg.nameset:
            out.append(f"{name}: relationships of absent part {source}")
        table: dict[str, tuple[str, str]] = {}
        for rel in root.iter(f"{{{PR_NS}}}Relationship"):
            rid, target = rel.get("Id") or "", rel.get("Target") or ""
            rtype = (rel.get("Type") or "").rsplit("/", 1)[-1]
            if rid in table:
                out.append(f"{name}: relationship id {rid} used twice")
            if rel.get("TargetMode") == "External":
                table[rid] = (rtype, target)
                continue
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
            table[rid] = (rtype, resolved)
            if resolved not in pkg.nameset:
                out.append(f"{name}: {rtype} relationship {rid} targets absent part {resolved}")
        links[source] = table
    return links


def _story_parts(pkg: _Package) -> list[str]:
    parts = []
    for name in pkg.names:
        ct = pkg.content_type(name) or ""
        wordml = "wordprocessingml" in ct and ct.endswith("+xml")
        if wordml and any(f".{t}" in ct or f"{t}+xml" in ct for t in STORY_TYPES):
            parts.append(name)
    return parts


def _wml_parts(pkg: _Package) -> list[str]:
    """Every XML part in the WordprocessingML namespace (document, styles, numbering, notes, ...)."""
    found = []
    for name in pkg.names:
        ct = pkg.content_type(name) or ""
        if "wordprocessingml" in ct and ct.endswith("+xml"):
            found.append(name)
    return found


def _check_schema(pkg: _Package, part: str, root: etree._Element) -> None:
    wml = _schemas()[0]
    if etree.QName(root).namespace != W:
        return  # w14/w15 parts (commentsExtended, people, ...): no schema here
    if not wml.validate(root):
        pkg.problems.extend(f"{part}: {_strip_line(e.message)}" for e in wml.error_log)


def _check_rpr_order(pkg: _Package, part: str, root: etree._Element) -> None:
    order = _rpr_order()
    for rpr in root.iter(f"{{{W}}}rPr"):
        last, names = -1, set()
        for child in rpr:
            pos = order.get(child.tag)  # type: ignore[arg-type]
            if pos is None:
                continue
            local = etree.QName(child).localname
            if child.tag in names:
                pkg.problems.append(f"{part}: w:rPr has w:{local} twice")
            elif pos < last:
                pkg.problems.append(f"{part}: w:rPr child w:{local} out of Word's order (EG_RPrBase)")
            names.add(child.tag)
            last = max(last, pos)


def _ids(el: etree._Element) -> str:
    return el.get(f"{{{W}}}id") or ""


def _check_stories(pkg: _Package, stories: dict[str, etree._Element], links: dict) -> None:
    out = pkg.problems
    rev_ids: Counter[str] = Counter()
    bm_start: dict[str, list[str]] = {}
    bm_end: Counter[str] = Counter()
    bm_names: Counter[str] = Counter()
    cm_start: Counter[str] = Counter()
    cm_end: Counter[str] = Counter()
    cm_ref: Counter[str] = Counter()
    move_ranges: dict[str, Counter[str]] = {k: Counter() for k in ("FromS", "FromE", "ToS", "ToE")}
    note_refs: dict[str, list[str]] = {"footnote": [], "endnote": []}
    del_tags = {f"{{{W}}}del", f"{{{W}}}moveFrom"}
    for part, root in stories.items():
        for el in root.iter():
            tag = el.tag
            if not isinstance(tag, str) or not tag.startswith(f"{{{W}}}"):
                continue
            local = tag[len(W) + 2 :]
            if tag in REVISIONS:
                rev_ids[_ids(el)] += 1
            elif local == "bookmarkStart":
                bm_start.setdefault(_ids(el), []).append(part)
                bm_names[el.get(f"{{{W}}}name") or ""] += 1
            elif local == "bookmarkEnd":
                bm_end[_ids(el)] += 1
            elif local == "commentRangeStart":
                cm_start[_ids(el)] += 1
            elif local == "commentRangeEnd":
                cm_end[_ids(el)] += 1
            elif local == "commentReference":
                cm_ref[_ids(el)] += 1
            elif local in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd"):
                kind = ("From" if "From" in local else "To") + ("S" if local.endswith("Start") else "E")
                move_ranges[kind][_ids(el)] += 1
            elif local in ("footnoteReference", "endnoteReference"):
                note_refs[local[:-9]].append(_ids(el))
            elif local in ("delText", "delInstrText"):
                if not any(a.tag in del_tags for a in el.iterancestors()):
                    out.append(f"{part}: w:{local} outside w:del/w:moveFrom")
            elif local in ("t", "instrText"):
                anc = next((a for a in el.iterancestors() if a.tag in del_tags or a.tag == f"{{{W}}}ins"), None)
                if anc is not None and anc.tag in del_tags:
                    out.append(f"{part}: w:{local} inside a deletion (should be w:del{local[0].upper()}{local[1:]})")
        _check_fields(pkg, part, root)
    # Counts in messages would be masked by problem_key: one message per extra occurrence instead.
    for rid, n in sorted(rev_ids.items()):
        out.extend([f"revision id {rid} used by another revision"] * (n - 1))
    for bid, parts in sorted(bm_start.items()):
        out.extend([f"bookmark id {bid} started again"] * (len(parts) - 1))
        if bm_end[bid] == 0:
            out.append(f"bookmark id {bid} never ended")
    for bid in sorted(set(bm_end) - set(bm_start)):
        out.append(f"bookmarkEnd {bid} without bookmarkStart")
    for name, n in sorted(bm_names.items()):
        if name:
            out.extend([f"bookmark name {name!r} used again"] * (n - 1))
    comments = stories.get(_comments_part(pkg, links) or "")
    defined: Counter[str] = Counter()
    if comments is not None:
        for c in comments.iter(f"{{{W}}}comment"):
            defined[_ids(c)] += 1
    for cid, n in sorted(defined.items()):
        out.extend([f"comments.xml: comment id {cid} defined again"] * (n - 1))
    for cid in sorted(set(cm_start) | set(cm_end) | set(cm_ref)):
        s, e, r = cm_start[cid], cm_end[cid], cm_ref[cid]
        for what, n in (("started", s), ("ended", e), ("referenced", r)):
            out.extend([f"comment {cid}: range {what} again"] * (n - 1))
        if s and not e:
            out.append(f"comment {cid}: range started but never ended")
        if e and not s:
            out.append(f"comment {cid}: range ended but never started")
        if (s or e) and not r:
            out.append(f"comment {cid}: range without a commentReference")
        if not defined[cid]:
            out.append(f"comment {cid}: marked in the text but absent from comments.xml")
    for cid in sorted(set(defined) - set(cm_ref)):
        out.append(f"comment {cid}: in comments.xml but never referenced")
    for a, b, what in (("FromS", "FromE", "moveFromRange"), ("ToS", "ToE", "moveToRange")):
        for mid in sorted(set(move_ranges[a]) | set(move_ranges[b])):
            starts, ends = move_ranges[a][mid], move_ranges[b][mid]
            out.extend([f"{what} {mid}: start without an end"] * max(0, starts - ends))
            out.extend([f"{what} {mid}: end without a start"] * max(0, ends - starts))
            out.extend([f"{what} {mid}: id used by another range"] * (min(starts, ends) - 1 if starts and ends else 0))
    for kind, refs in note_refs.items():
        part = _related_part(pkg, links, f"{kind}s")
        root = stories.get(part or "")
        have: Counter[str] = Counter()
        if root is not None:
            for n in root.iter(f"{{{W}}}{kind}"):
                have[_ids(n)] += 1
            for nid, n in sorted(have.items()):
                out.extend([f"{part}: {kind} id {nid} defined again"] * (n - 1))
        for nid in refs:
            if not have[nid]:
                out.append(f"{kind}Reference {nid} has no {kind} in {part or f'a {kind}s part'}")
        refd = Counter(refs)
        for nid, n in sorted(refd.items()):
            out.extend([f"{kind} {nid} referenced again"] * (n - 1))


def _check_fields(pkg: _Package, part: str, root: etree._Element) -> None:
    """Complex fields: begin [instr] separate? end, properly nested, in document order."""
    stack: list[str] = []
    for fc in root.iter(f"{{{W}}}fldChar"):
        kind = fc.get(f"{{{W}}}fldCharType")
        if kind == "begin":
            stack.append("begin")
        elif kind == "separate":
            if not stack or stack[-1] != "begin":
                pkg.problems.append(f"{part}: fldChar separate outside a field")
            else:
                stack[-1] = "separate"
        elif kind == "end":
            if not stack:
                pkg.problems.append(f"{part}: fldChar end without begin")
            else:
                stack.pop()
    pkg.problems.extend([f"{part}: field begun and never ended"] * len(stack))


def _related_part(pkg: _Package, links: dict, rtype: str) -> str | None:
    main = _main_part(pkg, links)
    for t, target in links.get(main or "", {}).values():
        if t == rtype:
            return target
    return None


def _comments_part(pkg: _Package, links: dict) -> str | None:
    return _related_part(pkg, links, "comments")


def _main_part(pkg: _Package, links: dict) -> str | None:
    for t, target in links.get("", {}).values():
        if t == "officeDocument":
            return target
    return None


def _check_rids(pkg: _Package, part: str, root: etree._Element, links: dict) -> None:
    """Every r:id / r:embed / r:link ... in a part names a relationship of that part."""
    table = links.get(part, {})
    for value in root.xpath("//@*[namespace-uri()=$ns]", ns=R):
        if str(value) not in table:
            owner = value.getparent()
            local = etree.QName(owner).localname if owner is not None else "?"
            name = etree.QName(value.attrname).localname
            pkg.problems.append(f"{part}: {local} r:{name}={value} names no relationship")


def _problems(data: bytes) -> list[str]:
    try:
        pkg = _Package(data)
    except zipfile.BadZipFile as exc:
        return [f"not a zip package ({exc})"]
    links = _check_package(pkg)
    main = _main_part(pkg, links)
    if main is None:
        pkg.problems.append("_rels/.rels: no officeDocument relationship")
    stories: dict[str, etree._Element] = {}
    story_names = set(_story_parts(pkg))
    for part in _wml_parts(pkg):
        root = pkg.xml(part)
        if root is None:
            continue
        _check_rids(pkg, part, root, links)
        root = _apply_mce(root)
        _check_schema(pkg, part, root)
        _check_rpr_order(pkg, part, root)
        if part in story_names:
            stories[part] = root
    _check_stories(pkg, stories, links)
    return pkg.problems


_CACHE: dict[str, tuple[str, ...]] = {}  # sha1 of the file -> its problems (small: strings only)


def problems(src: DocxSource) -> list[str]:
    """Every problem of the .docx (bytes, path or BytesIO); [] when it is valid.

    Equal files are validated once per process.  Raises :class:`SchemaMissing` when the
    schema folder is absent.
    """
    data = _read_bytes(src)
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    if digest not in _CACHE:
        _CACHE[digest] = tuple(_problems(data))
    return list(_CACHE[digest])


def problem_key(problem: str) -> str:
    """A problem with digits masked: ids and part numbers differ between an input and its output."""
    return re.sub(r"\d+", "#", problem)


def allowed_problems(*inputs: DocxSource) -> Counter[str]:
    """Per problem kind, the most any one input has: what an output made from them may have."""
    allowed: Counter[str] = Counter()
    for src in inputs:
        for key, n in Counter(problem_key(p) for p in problems(src)).items():
            allowed[key] = max(allowed[key], n)
    return allowed


def new_problems(output: DocxSource, *inputs: DocxSource, allowed: Counter[str] | None = None) -> list[str]:
    """Problems of ``output`` that none of ``inputs`` had (counted per kind, digits masked).

    ``allowed`` (from :func:`allowed_problems`) saves recounting the inputs for many outputs.
    """
    mine = problems(output)
    if not mine:
        return []
    budget = Counter(allowed) if allowed is not None else allowed_problems(*inputs)
    found = []
    for p in mine:
        key = problem_key(p)
        if budget[key] > 0:
            budget[key] -= 1
        else:
            found.append(p)
    return found


def assert_valid_docx(data: DocxSource, *inputs: DocxSource, what: str = "output") -> None:
    """Fail (AssertionError) when ``data`` has a problem its inputs did not have."""
    new = new_problems(data, *inputs)
    assert not new, f"{what} is not valid OOXML ({len(new)} new problem(s)):\n  " + "\n  ".join(new[:40])


def summarize(paths: Iterable[DocxSource]) -> dict[str, list[str]]:
    """Problems per file, for reports (``python -m support.ooxml_check FILE...``)."""
    return {str(p): problems(p) for p in paths}


if __name__ == "__main__":  # pragma: no cover - a tool for people
    import sys

    for name, found in summarize(sys.argv[1:]).items():
        print(f"{name}: {'ok' if not found else f'{len(found)} problem(s)'}")
        for p in found:
            print("   ", p)
