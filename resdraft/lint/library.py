"""Symbols of past resolutions: how a file name or a title names one (`resdraft.library` reads the folder).

"paragraph 28 of resolution ICC-ASP/14/Res.3" can only be checked when the
cited resolution is at hand. A file is identified by its name when the name
spells a symbol (`ICC-ASP-14-Res.3.docx`, `A_RES_78_1.md`), otherwise by the
symbol in its title ("Resolution ICC-ASP/14/Res.3"). Files are parsed only
when a citation needs them, and once.
"""

from __future__ import annotations

import re
from typing import Protocol

from resdraft.model import Resolution, SymbolToken
from resdraft.symbols import (
    dashed_name_pattern,
    dashed_name_pattern_of,
    full_short_symbol,
    res_name_pattern,
    short_symbol_prefix,
    symbol_heads,
)

# File names spell the heads of resdraft.symbols (from the body profiles) with "_", "-" or " " for "/" and "-".
_ASP_NAME = re.compile(r"(?i)^(" + dashed_name_pattern() + r")[-_ /]?(\d{1,2})[-_ /](Res|Dec)[._ -]?(\d{1,2})$")
_UN_NAME = re.compile(r"(?i)^(" + res_name_pattern() + r")[-_ /]RES[-_ /](\d{1,4})[-_ /](\d{1,4})$")


def symbol_key(symbol: SymbolToken | str) -> str:
    """A comparable form of a resolution symbol ("ICC-ASP/14/Res.3", "A/RES/78/1")."""
    if isinstance(symbol, SymbolToken):
        if (symbol.body, symbol.doc_kind) == short_symbol_prefix() and symbol.session and symbol.number:
            return full_short_symbol(symbol.session, symbol.number)
        text = symbol.normalized or symbol.text
    else:
        text = symbol
    return " ".join(text.split())


def _name_symbol(stem: str) -> str | None:
    if match := _ASP_NAME.match(stem):
        head = next(h.text for h in symbol_heads() if h.dashed and re.fullmatch(dashed_name_pattern_of(h.text),
                                                                                 match.group(1), re.IGNORECASE))
        return f"{head}/{int(match.group(2))}/{match.group(3).capitalize()}.{int(match.group(4))}"
    if match := _UN_NAME.match(stem):
        body = match.group(1).upper().replace("_", "/").replace("-", "/")
        return f"{body}/RES/{int(match.group(2))}/{int(match.group(3))}"
    return None


class LibraryLookup(Protocol):
    """What rules need of a library: a past resolution by symbol, or None."""

    def get(self, symbol: SymbolToken | str) -> Resolution | None: ...


def __getattr__(name: str) -> object:
    """`Library` moved to `resdraft.library` (it reads files; the lint package does not)."""
    if name == "Library":
        import importlib

        return importlib.import_module("resdraft.library").Library
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def title_symbol(resolution: Resolution) -> str | None:
    """The symbol a resolution gives itself in its front matter ("Resolution ICC-ASP/14/Res.3")."""
    for block in resolution.blocks:
        if block.kind == "preamble-intro":
            break
        for token in block.tokens_of(SymbolToken):
            if token.doc_kind in ("Res", "RES", "Dec", "DEC") and not token.problems:
                return symbol_key(token)
    return None
