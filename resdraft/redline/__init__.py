"""Tracked-change Word output: the XML primitives, the plan writer, paragraph alignment and word diff.

Modules: `oxml` (revision elements, run splitting, ids), `package` (the .docx
zip and its parts), `writer` (an `EditPlan` onto runs), `tokens` (word
tokens and the word-level diff), `align` (paragraph alignment), `compare`
(two drafts to a plan and a change list). Nothing here imports the CLI.
"""
