"""Pause the cyclic garbage collector around a phase that allocates millions of acyclic objects.

The redline writer ties every character it addresses to a `_Cell`: 2.4 million on a 20,000-paragraph
draft. Each allocation burst triggers collections that walk the whole heap again, a quarter of
the write time; reference counting frees them anyway, and the collector resumes after the phase.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block (restored on exit)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
