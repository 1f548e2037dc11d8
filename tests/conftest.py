"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# -- office: real LibreOffice round trips (tests/support/office.py) -------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "office: opens files in real LibreOffice (soffice + python3-uno)")
    config.addinivalue_line(
        "markers", "ooxml_unguarded(reason): the test writes invalid .docx on purpose; the OOXML guard skips it"
    )


@pytest.fixture(scope="session")
def office() -> Iterator[object]:
    """One headless LibreOffice for the whole session; starting it costs about a second.

    Skips when LibreOffice is missing, except on CI (``CI`` set), where a missing word
    processor must fail instead of silently skipping the tracked-change checks.
    """
    from support.office import Office, find_office

    info = find_office()
    if info is None:
        msg = "LibreOffice not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{msg}, but CI is set: apt-get install libreoffice-writer-nogui python3-uno")
        pytest.skip(msg)
    with Office(info) as office:
        yield office


# -- the OOXML guard: every .docx the project writes must be valid (tests/support/docx_guard.py) ----

_GUARD_KEY = pytest.StashKey[object]()


def _tmp_folder(item: pytest.Item) -> object:
    """The test's tmp_path, if it has one (never created just for the guard)."""
    funcargs = getattr(item, "funcargs", {})
    path = funcargs.get("tmp_path")
    if path is None and funcargs.get("tmpdir") is not None:
        from pathlib import Path

        path = Path(str(funcargs["tmpdir"]))
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    from support.docx_guard import Guard, enabled

    if not enabled() or item.get_closest_marker("ooxml_unguarded"):
        return (yield)
    guard = Guard()
    item.stash[_GUARD_KEY] = guard
    guard.install()  # fixtures run under the guard too (module fixtures that run compare once)
    try:
        return (yield)
    except BaseException:
        guard.uninstall()
        raise


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    guard = item.stash.get(_GUARD_KEY, None)
    if guard is None:
        return (yield)
    folder = _tmp_folder(item)
    guard.snapshot(folder)  # type: ignore[attr-defined]
    try:
        result = yield
    finally:
        guard.uninstall()  # type: ignore[attr-defined]
    guard.collect(folder)  # type: ignore[attr-defined]
    found = guard.problems()  # type: ignore[attr-defined]
    log = os.environ.get("RESDRAFT_OOXML_GUARD_LOG")
    if log:  # one line per test that wrote a .docx: how much the guard saw (for the report)
        with open(log, "a", encoding="utf-8") as fh:
            outs = guard.outputs  # type: ignore[attr-defined]
            if outs:
                fh.write(f"{item.nodeid}\t{len(outs)} out\t{len(guard.inputs)} in\t{len(found)} new\n")  # type: ignore[attr-defined]
                fh.writelines(f"    {p}\n" for p in found)
    if found:
        pytest.fail(
            f"OOXML guard: {len(found)} problem(s) the inputs did not have:\n  " + "\n  ".join(found[:30]),
            pytrace=False,
        )
    return result


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    from support.docx_guard import Guard

    if item.stash.get(_GUARD_KEY, None) is not None:
        Guard.uninstall()


@pytest.fixture
def ooxml_guard(request: pytest.FixtureRequest) -> object:
    """The running test's OOXML guard: ``ooxml_guard.register(output, *inputs)`` adds an output it cannot see."""
    guard = request.node.stash.get(_GUARD_KEY, None)
    if guard is None:
        pytest.skip("the OOXML guard is off for this test (RESDRAFT_OOXML_GUARD=0 or ooxml_unguarded)")
    return guard
