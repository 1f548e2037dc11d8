"""The adoption date of the source: its own adoption line, or `--adopted`."""

from __future__ import annotations

import datetime as dt
import re

from resdraft.carryover.profile import CarryProfile
from resdraft.errors import UsageError
from resdraft.model import Resolution

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_WORDS = re.compile(r"^(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})$")


def adoption_date(resolution: Resolution, profile: CarryProfile) -> str | None:
    """"29 October 2025" from "22nd plenary meeting 29 October 2025" (patterns in the profile)."""
    for block in resolution.blocks:
        if block.kind in ("preambular", "operative"):
            continue
        text = " ".join(block.text.split())
        for pattern in profile.adoption:
            if match := pattern.search(text):
                return " ".join(match.group("date").split())
    return None


def read_adopted(value: str) -> str:
    """`--adopted` as the texts write dates: "2025-10-29" or "29 October 2025" -> "29 October 2025"."""
    text = " ".join(value.split())
    try:
        day = dt.date.fromisoformat(text)
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    except ValueError:
        pass
    match = _WORDS.match(text)
    if match and match.group(2) in _MONTHS:
        try:
            dt.date(int(match.group(3)), _MONTHS.index(match.group(2)) + 1, int(match.group(1)))
            return text
        except ValueError:
            pass
    raise UsageError(f"--adopted {value!r}: not a date (write 2025-10-29 or 29 October 2025)")
