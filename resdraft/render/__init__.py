"""Render a `Resolution` as a clean, deterministic Word document (`render_docx`, `render_docx_bytes`).

One job per module: `core` (the document: styles, paragraphs, page and properties, deterministic save),
`runs` (text runs, as XML text), `numbering` (list levels and Word's multilevel list), `notes` (footnotes),
`xmltext` (the XML text parsed into python-docx's elements).
"""

from resdraft.render.core import Numbering, render_docx, render_docx_bytes

__all__ = ["Numbering", "render_docx", "render_docx_bytes"]
