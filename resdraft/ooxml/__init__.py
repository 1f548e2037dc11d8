"""The .docx floor: everything WordprocessingML that is not about resolutions.

Readers, the redline writer, render and annotate all stand on it:

* `namespaces` - the one place the namespace URIs, relationship types and
  content types are spelt, with `qn()` / `w()` for Clark names;
* `package` - `Package`, the one hardened .docx package class: reads under
  `resdraft.limits` (zip bombs, entry counts, sizes, element counts), gives
  parts as bytes or parsed trees, relationships and content types, and saves
  deterministically;
* `safexml` - the safe parser; `props` - small property accessors;
* `styles` - styles.xml resolved (names, chains, run toggles, heading levels);
* `numbering` - numbering.xml and Word's list counters;
* `visible` - the visible-text walk (a paragraph as Word shows it, changes accepted);
* `paragraphs` - body paragraphs, logical paragraphs, comment anchors;
* `revisions` - tracked-change reading and building (`w:ins`/`w:del`, ids, marks);
* `build` - building runs and text, splitting runs, run properties in schema order.

The floor imports nothing of resdraft but `errors`, `limits`, `model`,
`ordinals` and `sniff` (checked by import-linter). The common names are
re-exported here (`from resdraft.ooxml import Styles, qn`); floor modules
import each other directly, never through this package.
"""

from resdraft.ooxml.build import make_run, make_text, set_rpr_child, split_run, w_el
from resdraft.ooxml.namespaces import NS, W_NS, qn, w
from resdraft.ooxml.package import Package
from resdraft.ooxml.paragraphs import body_paragraphs, comment_ids, logical_paragraphs
from resdraft.ooxml.props import as_int, child, find_path, on_off, w_attr
from resdraft.ooxml.revisions import RevisionIds, make_del, make_ins, mark_paragraph, to_deleted
from resdraft.ooxml.safexml import parse_xml, safe_parser
from resdraft.ooxml.styles import Styles
from resdraft.ooxml.visible import VisiblePiece, iter_visible_runs, paragraph_text

__all__ = [
    "NS", "W_NS", "Package", "RevisionIds", "Styles", "VisiblePiece", "as_int", "body_paragraphs", "child",
    "comment_ids", "find_path", "iter_visible_runs", "logical_paragraphs", "make_del", "make_ins", "make_run",
    "make_text", "mark_paragraph", "on_off", "paragraph_text", "parse_xml", "qn", "safe_parser", "set_rpr_child",
    "split_run", "to_deleted", "w", "w_attr", "w_el",
]  # fmt: skip
