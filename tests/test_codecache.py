"""Dataclass methods kept between runs (resdraft/codecache.py): a class built from the cache file behaves as
one built by the stock `dataclasses`, and a damaged file only costs a fresh compile."""

from __future__ import annotations

import builtins
import dataclasses
import marshal
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from resdraft import codecache


def _classes() -> list[type]:
    """The shapes the model uses: frozen with defaults, a factory, keyword-only, slots, order."""

    @dataclass(frozen=True)
    class Place:
        part: str
        index: int = 0
        line: int | None = None

    @dataclass
    class Block:
        text: str
        tokens: list[str] = field(default_factory=list)
        kind: str = "other"

        def __post_init__(self) -> None:
            self.text = self.text.strip()

    @dataclass(frozen=True, slots=True, order=True)
    class Key:
        session: int
        symbol: str = field(default="", compare=False)

    @dataclass(kw_only=True)
    class Options:
        session: int | None = None
        strict: bool = False

    return [Place, Block, Key, Options]


def _behaviour(classes: list[type]) -> list[Any]:
    place, block, key, options = classes
    seen: list[Any] = []
    seen.append((repr(place("document", 3)), place("a") == place("a"), hash(place("a")) == hash(place("a"))))
    with pytest.raises(dataclasses.FrozenInstanceError):
        place("a").index = 2  # type: ignore[misc]
    first, second = block("  text "), block("x")
    first.tokens.append("t")
    seen.append((repr(first), second.tokens, first == block("text", ["t"])))
    seen.append((key(1, "b") < key(2, "a"), key(1, "b") == key(1, "c"), repr(key(3))))
    with pytest.raises(TypeError):
        options(1)  # type: ignore[misc]
    seen.append(repr(options(session=2)))
    return seen


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("RESDRAFT_CACHE_DIR", str(tmp_path))
    codecache.uninstall()
    yield tmp_path
    codecache.uninstall()


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the texts compiled from now on."""
    calls: list[str] = []
    stock = builtins.compile

    def counting(source: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(source)
        return stock(source, *args, **kwargs)

    monkeypatch.setattr(builtins, "compile", counting)
    return calls


def test_classes_built_from_the_file_behave_as_stock_ones(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stock = _behaviour(_classes())
    assert codecache.install()
    _classes()
    codecache.uninstall()  # saves the file
    assert len(list(cache_dir.glob("dataclass-code-*.marshal"))) == 1
    assert codecache.install()  # a later run: reads the file
    compiles = _compiles(monkeypatch)
    served = _behaviour(_classes())
    assert compiles == []  # every method came from the file
    assert served == stock


def test_methods_do_not_take_this_modules_future_flags(cache_dir: Path) -> None:
    """codecache.py has `from __future__ import annotations`; the methods must be compiled without it,
    as the builtin exec called from dataclasses.py compiles them (their annotations stay objects)."""
    assert codecache.install()

    @dataclass
    class Item:
        size: int = 0

    assert Item.__init__.__annotations__ == {"size": "int", "return": None}  # the class's own (future) text
    init_code = Item.__init__.__code__
    assert not init_code.co_flags & 0x1000000  # CO_FUTURE_ANNOTATIONS


def test_a_damaged_file_is_ignored_and_written_again(cache_dir: Path) -> None:
    assert codecache.install()
    _classes()
    codecache.uninstall()
    (path,) = cache_dir.glob("dataclass-code-*.marshal")
    count = len(marshal.loads(path.read_bytes()))
    path.write_bytes(b"\x00not marshal data")
    assert codecache.install()
    assert _behaviour(_classes())
    codecache.uninstall()
    assert len(marshal.loads(path.read_bytes())) == count


def test_a_damaged_entry_is_compiled_afresh(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert codecache.install()
    _classes()
    codecache.uninstall()
    (path,) = cache_dir.glob("dataclass-code-*.marshal")
    entries = marshal.loads(path.read_bytes())
    damaged = next(iter(entries))
    entries[damaged] = b"\xffnot code"
    path.write_bytes(marshal.dumps(entries))
    assert codecache.install()
    compiles = _compiles(monkeypatch)
    stock = _behaviour(_classes())
    assert compiles == [damaged]
    assert stock


def test_no_cache_when_caching_is_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESDRAFT_CACHE_DIR", "")
    codecache.uninstall()
    assert not codecache.install()
    assert "exec" not in vars(dataclasses)
