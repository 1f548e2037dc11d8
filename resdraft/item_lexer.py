"""Lark's contextual lexer, feeding the parser only the tokens that can change its course.

A paragraph is mostly words: the grammar reads them as WORDS, WORD, NUMBER and PUNCT and its
`start` rule drops them. Lark turns each into a `Token`, counts its lines and feeds it to the
LALR parser, which reduces it into a list the transformer throws away; for an ordinary paragraph
that is four fifths of the cost of parsing it. This thread scans with the same per-state scanners
Lark's `ContextualLexer` built from the grammar (so every text is cut into the same terminals) and
yields a plain token only where the parser's state depends on it: at the start (where LABEL is
allowed) and right after a cross-reference (where OF_RES is). In every other state the parser
accepts the same terminals before and after a plain token, so leaving it out changes neither what
is lexed next nor what the transformer builds. tests/test_grammar.py and tests/test_corpus.py
check both ways of parsing agree on real and random texts.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from resdraft._lark import (
    ContextualLexer,
    Lark,
    LarkToken,
    LexerThread,
    Shift,
    TextSlice,
    UnexpectedCharacters,
    UnexpectedToken,
)

#: Terminals the grammar's `start` rule reads and drops: they carry no typed item.
PLAIN_TERMINALS = frozenset({"WORDS", "WORD", "NUMBER", "PUNCT"})


class ItemLexerThread(LexerThread):
    """A `LexerThread` over Lark's contextual lexer that leaves out plain tokens where they change nothing."""

    skippable: frozenset[int] = frozenset()

    def lex(self, parser_state: Any) -> Iterator[LarkToken]:
        lexer = self.lexer
        assert isinstance(lexer, ContextualLexer)
        text: TextSlice = self.state.text
        lexers = lexer.lexers
        skippable = self.skippable
        pos, end = text.start, text.end
        while pos < end:
            basic = lexers[parser_state.position]
            found = basic.scanner.match(text, pos)
            if found is None:
                _raise_unexpected(lexer, text, pos, parser_state)
            value, kind = found
            start, pos = pos, pos + len(value)
            if kind in basic.ignore_types:
                continue
            if kind in PLAIN_TERMINALS and parser_state.position in skippable:
                continue
            yield LarkToken(kind, value, start_pos=start, end_pos=pos)


def _raise_unexpected(lexer: ContextualLexer, text: TextSlice, pos: int, parser_state: Any) -> None:
    """The error Lark's contextual lexer raises where no allowed terminal matches (same class)."""
    found = lexer.root_lexer.scanner.match(text, pos)
    if found is not None:
        token = LarkToken(found[1], found[0], start_pos=pos, end_pos=pos + len(found[0]))
        raise UnexpectedToken(token, set(), state=parser_state)
    raise UnexpectedCharacters(text.text, pos, 1, pos + 1, state=parser_state)


@functools.cache
def _skippable_states(frontend: Any) -> frozenset[int]:
    """The parser states where a plain token may be left out, proved on the grammar's own tables.

    Every shift of a plain token lands in a state of one kind: the parser accepts there the same
    terminals (and `$END`) whatever plain tokens came before, and each such state lexes with the same
    terminals. In those states a plain token is shifted and later dropped by `start`, so leaving it
    out changes nothing. When a grammar does not have that shape (or a terminal has a callback) no
    state qualifies and every token is fed, as Lark feeds them."""
    table = frontend.parser._parse_table.states
    lexers = frontend.lexer.lexers
    targets = {arg for actions in table.values() for kind, (action, arg) in actions.items()
               if kind in PLAIN_TERMINALS and action is Shift}
    scanned = {_scans(lexers[state]) for state in targets}
    accepted = {_terminals(table[state]) for state in targets}
    if len(scanned) != 1 or len(accepted) != 1:
        return frozenset()
    terminals = scanned.pop()
    states = frozenset(state for state, basic in lexers.items() if _scans(basic) == terminals)
    if {_terminals(table[state]) for state in states} != accepted or any(_has_callbacks(lexers[s]) for s in states):
        return frozenset()
    return states


def _scans(basic: Any) -> frozenset[str]:
    """The terminals a state's lexer tries (read off its definition: its scanner is built on first use)."""
    return frozenset(terminal.name for terminal in basic.terminals)


def _has_callbacks(basic: Any) -> bool:
    """Whether Lark would rewrite a token of this lexer (user callbacks; string terminals inside regexps)."""
    return bool(basic.user_callbacks) or any(terminal.pattern.type == "str" for terminal in basic.terminals)


def _terminals(actions: dict[str, Any]) -> frozenset[str]:
    return frozenset(kind for kind in actions if kind.isupper())


def leading_plain_end(parser: Lark, text: str, pos: int) -> int | None:
    """The end of the first token at `pos` when it is a plain one ("1234" of "1234. Requests", no label) that
    leaves the parser in a state where plain tokens are left out; None otherwise.

    The token is cut by the start state's own scanner, so it is what `parse_items` would read there."""
    frontend = parser.parser
    table = frontend.parser._parse_table
    state = table.start_states["start"]
    found = frontend.lexer.lexers[state].scanner.match(TextSlice.cast_from(text), pos)
    if found is None or found[1] not in PLAIN_TERMINALS:
        return None
    action, target = table.states[state][found[1]]
    if action is not Shift or target not in _skippable_states(frontend):
        return None
    return pos + len(found[0])


def parse_items(parser: Lark, text: str) -> Any:
    """`parser.parse(text)`, with plain tokens left out where the parse does not depend on them."""
    frontend = parser.parser
    thread = ItemLexerThread.from_text(frontend.lexer, text)
    thread.skippable = _skippable_states(frontend)
    return frontend.parser.parse(thread, "start")
