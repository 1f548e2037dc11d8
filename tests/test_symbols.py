"""symbols.py owns the shape of a document symbol: every recogniser (paragraph grammar, redline tokens,
library file names) takes the heads from it, and it takes them from the body profiles."""

from __future__ import annotations

import pytest

from resdraft import resources, symbols
from resdraft.errors import ProfileError
from resdraft.grammar import parse_paragraph
from resdraft.lint.library import _name_symbol
from resdraft.model import SymbolToken
from resdraft.redline.tokens import tokenize


def grammar_reads(text: str) -> bool:
    """The paragraph grammar reads `text`, in running text, as one whole symbol."""
    found = [t.text for t in parse_paragraph(f"see {text} here").tokens if isinstance(t, SymbolToken)]
    return found == [text]


def redline_reads(text: str) -> bool:
    """The redline tokenizer keeps `text` as one token (struck or inserted whole)."""
    return tokenize(f"see {text} here")[2] == text


# made-up symbols, well formed and near misses: both recognisers must give the same answer
AGREE = {
    "ICC-ASP/23/Res.4": True,
    "ICC-ASP/19/31/Add.2": True,
    "ICC\u2011ASP/5/Res.1": True,
    "ICC-ASP-12/Res.7": True,
    "ICC ASP/12/Res.7": True,
    "ICC-ASP/12/Res/7": True,
    "ICC-ASP/24/Res.[...]": True,
    "RC/Res.6": True,
    "A/RES/81/9": True,
    "A/81/L.33": True,
    "A/C.6/81/L.2/Rev.1": True,
    "A/HRC/RES/58/14": True,
    "S/RES/2811 (2025)": True,
    "E/RES/2024/11": True,
    "CD/2101": True,
    "S/he": False,  # a pronoun: no digit follows the slash
    "A/or": False,
    "E/CN": False,
    "A/RES/": False,
    "Q/RES/81/9": False,  # no body or organ has the head "Q"
    "ICCASP/12/Res.7": True,  # the hyphen of a head may be left out (the body profile says so)
}

# where the two differ on purpose: the redline diffs the figures of a short form ("79/4" -> "80/4" shows
# 79 -> 80) and leaves a mistyped symbol in pieces; the grammar reads them so the linter can explain them
DIFFER = {
    "81/9": (True, False),
    "2811 (2025)": (True, False),
    "ICC-ASP/9/Res. 2": (True, False),
    "ICC-ASP 17/Res.2": (True, False),
    "A/RES/[XX]/[YYYY]": (False, True),  # a placeholder symbol: struck whole in a redline
}


@pytest.mark.parametrize(("text", "expected"), AGREE.items())
def test_grammar_and_redline_tokens_agree(text: str, expected: bool) -> None:
    assert (grammar_reads(text), redline_reads(text)) == (expected, expected)


@pytest.mark.parametrize("text", [text for text, whole in AGREE.items() if whole])
def test_the_parts_reader_names_a_known_head(text: str) -> None:
    """What the recognisers read as a symbol, `parse_symbol` gives a body of a known head ("ICCASP" -> "ICC-ASP")."""
    heads = {h.text for h in symbols.symbol_heads()} | {h.text.split("/")[0] for h in symbols.symbol_heads()}
    assert symbols.parse_symbol(text).body.split("/")[0] in heads


@pytest.mark.parametrize(("text", "expected"), DIFFER.items())
def test_known_differences_stay_as_documented(text: str, expected: tuple[bool, bool]) -> None:
    assert (grammar_reads(text), redline_reads(text)) == expected


@pytest.mark.parametrize("head", [h.text for h in symbols.symbol_heads()])
def test_every_head_of_the_profiles_is_read_by_every_recogniser(head: str) -> None:
    symbol = f"{head}/RES/12/3"
    assert grammar_reads(symbol) and redline_reads(symbol)
    stem = symbol.replace("/", "_")
    expected = symbol if next(h for h in symbols.symbol_heads() if h.text == head).res_kind else None
    if not next(h for h in symbols.symbol_heads() if h.text == head).dashed:
        assert _name_symbol(stem) == expected


def test_file_names_spell_the_dashed_heads() -> None:
    assert _name_symbol("ICC_ASP_14_Res3") == _name_symbol("icc-asp-14-res.3") == "ICC-ASP/14/Res.3"
    assert _name_symbol("A_HRC_RES_52_1") == "A/HRC/RES/52/1"
    assert _name_symbol("RC_RES_1_2") is None  # RC texts are "RC/Res.n", not "RC/RES/..."


@pytest.fixture
def patched_profile(monkeypatch: pytest.MonkeyPatch):
    """Replace one top-level key of a body profile (default rules/bodies/un-ga.toml) for one test."""
    real = resources.load_toml

    def install(value: object, key: str = "symbol_heads", body: str = "un-ga") -> None:
        def fake(name: str) -> dict:
            data = real(name)
            if name == f"bodies/{body}.toml":
                data = {k: v for k, v in data.items() if k != key}
                if value is not None:
                    data[key] = value
            return data

        monkeypatch.setattr(resources, "load_toml", fake)
        symbols.symbol_heads.cache_clear()
        symbols.short_symbol_prefix.cache_clear()

    yield install
    symbols.symbol_heads.cache_clear()
    symbols.short_symbol_prefix.cache_clear()


@pytest.mark.parametrize("value", [None, [], ["a/res"], ["A/"], "A"])
def test_a_bad_head_in_a_profile_names_the_file_and_key(patched_profile, value: object) -> None:
    patched_profile(value)
    with pytest.raises(ProfileError, match=r"rules/bodies/un-ga\.toml: symbol_heads"):
        symbols.symbol_heads()


def test_a_head_added_to_a_profile_needs_no_code(patched_profile) -> None:
    patched_profile(["A", "UNEP"])
    assert "UNEP" in symbols.slash_heads_pattern.__wrapped__()


def test_the_short_form_belongs_to_the_profile_that_claims_it() -> None:
    assert symbols.short_symbol_prefix() == ("A", "RES")
    assert symbols.full_short_symbol(80, "4") == "A/RES/80/4"
    assert symbols.parse_symbol("81/9").body == "A"


@pytest.mark.parametrize(("body", "value", "problem"), [
    ("un-ga", "A/RES", "expected a prefix"),
    ("un-ga", 7, "expected a prefix"),
    ("unsc", "S/RES/", "another profile already claims"),
    ("un-ga", None, "no profile claims"),
])
def test_a_bad_short_form_names_the_file_and_key(patched_profile, body: str, value: object, problem: str) -> None:
    patched_profile(value, key="short_symbol_prefix", body=body)
    with pytest.raises(ProfileError, match=rf"rules/bodies/.*short_symbol_prefix: {problem}"):
        symbols.short_symbol_prefix()


def test_the_linter_explains_a_head_typed_without_its_hyphen_and_a_missing_session() -> None:
    from resdraft.lint import LintContext, lint_resolution
    from resdraft.parse import parse_text

    text = ("The Assembly of States Parties,\n\nRecalling its resolutions ICC-ASP/Res.4 and ICCASP/13/Res.6,\n\n"
            "1. Decides to meet again.\n")
    found = {f.message for f in lint_resolution(parse_text(text), LintContext(session=23)) if f.rule == "RD321"}
    assert "ICC-ASP/Res.4 has no session number (write ICC-ASP/<session>/Res.<number>)" in found
    assert any("ICCASP/13/Res.6" in m and "hyphen of 'ICC-ASP' left out" in m for m in found)
