"""Lark, imported without the third-party `regex` module.

Lark imports `regex` whenever it is installed, for `Lark(regex=True)`, which
resdraft's grammar does not use; that import is about a twentieth of a lint's
start-up. It is hidden while Lark loads (only when nothing has imported it
yet) and visible again right after, so anyone else may import it as usual.
"""

from __future__ import annotations

import sys

_hide = "regex" not in sys.modules
if _hide:
    sys.modules["regex"] = None  # type: ignore[assignment]
try:
    from lark import Lark, Transformer, Tree
    from lark import Token as LarkToken
    from lark import __version__ as lark_version
    from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedToken
    from lark.lexer import ContextualLexer, LexerThread, TextSlice
    from lark.parsers.lalr_analysis import Shift
finally:
    if _hide:
        del sys.modules["regex"]

__all__ = ["ContextualLexer", "Lark", "LarkError", "LarkToken", "LexerThread", "Shift", "TextSlice", "Transformer",
           "Tree", "UnexpectedCharacters", "UnexpectedToken", "lark_version"]
