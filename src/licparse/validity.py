"""Is a license in force on a date: the one question every user asks of it.

The date is always the user's (`--as-of 2025-03-31`, or `today` spelled out),
never the clock's by default, so the same input gives the same output on any
day. A license is valid from its issue date through its expiry date (有效期至
names the last valid day).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Literal

from .models import Validity

Status = Literal["valid", "expiring", "expired", "not_yet_valid", "unknown"]

if TYPE_CHECKING:
    from .models import License

DEFAULT_WINDOW_DAYS = 90
WINDOW = re.compile(r"^\s*(?P<n>\d{1,5})\s*(?P<unit>d|days?|w|weeks?|m|months?)?\s*$", re.I)
DAYS_PER = {"d": 1, "w": 7, "m": 30}


def as_of_date(value: str, today: dt.date | None = None) -> dt.date:
    """`YYYY-MM-DD`, or `today` (the only clock reading, and only when asked)."""
    if value.strip().lower() == "today":
        return today or dt.date.today()
    return dt.date.fromisoformat(value.strip())


def window_days(value: str) -> int:
    """`90d`, `90`, `12w`, `3m` (30 days a month) → days."""
    m = WINDOW.match(value)
    if m is None:
        raise ValueError(f"not a number of days: {value!r} (write 90d, 12w or 3m)")
    return int(m["n"]) * DAYS_PER[(m["unit"] or "d")[0].lower()]


def validity_on(lic: License, as_of: dt.date, window: int = DEFAULT_WINDOW_DAYS) -> Validity:
    """The license's validity on `as_of`; `expiring` within `window` days of its expiry."""
    day = as_of.isoformat()
    issue = iso_date(lic.issue_date)
    expiry = iso_date(lic.expiry_date)
    if expiry is None:
        why = "no expiry date could be read"
        if lic.expiry_date:
            why = f"the expiry date {lic.expiry_date} is not a calendar date"
        return Validity(as_of=day, status="unknown", days_left=None, window_days=window, reason=why)
    left = (expiry - as_of).days
    status: Status
    if issue is not None and as_of < issue:
        status, why = "not_yet_valid", f"issued {issue}, after {day}"
    elif left < 0:
        status, why = "expired", f"expired {expiry}, {_days(-left)} before {day}"
    elif left <= window:
        status, why = "expiring", f"expires {expiry}, {_days(left)} after {day} (within {window})"
    else:
        status, why = "valid", f"expires {expiry}, {_days(left)} after {day}"
    return Validity(as_of=day, status=status, days_left=left, window_days=window, reason=why)


def with_validity(lic: License, as_of: dt.date, window: int = DEFAULT_WINDOW_DAYS) -> License:
    return lic.model_copy(update={"validity": validity_on(lic, as_of, window)})


def iso_date(value: str | None) -> dt.date | None:
    """A contract date (`YYYY-MM-DD`) as a date; None if absent or not a day."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"
