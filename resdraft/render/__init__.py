"""Render a `Resolution` as a clean, deterministic Word document (`render_docx`, `render_docx_bytes`).

One job per module: `core` (the document: styles, paragraphs, page and properties, deterministic save),
`runs` (text runs), `numbering` (list levels and Word's multilevel list), `notes` (footnotes).
"""

from resdraft.render.core import Numbering, render_docx, render_docx_bytes

__all__ = ["Numbering", "render_docx", "render_docx_bytes"]
