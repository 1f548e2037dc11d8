"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# -- office: real LibreOffice round trips (tests/support/office.py) -------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "office: opens files in real LibreOffice (soffice + python3-uno)")
    config.addinivalue_line("markers", "slow: minutes, not seconds (20,000-paragraph drafts); the fast lane is "
                                       "`pytest -m 'not slow'`, CI runs everything")


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
