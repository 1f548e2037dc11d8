"""The redline writer: an `EditPlan` applied to a .docx as tracked changes (`apply_plan`).

One job per module: addressing, runs, notes (comments and note parts), paragraphs, marks (story ends), core (the order).
"""

from resdraft.redline.writer.core import apply_plan

__all__ = ["apply_plan"]
