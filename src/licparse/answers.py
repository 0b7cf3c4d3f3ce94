"""What a user asks of a parsed license beyond what it says: its validity on
a date, its duties as data. Nothing here runs unless asked for, so the parse
itself costs the same with or without these features."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .models import License


class Asked(Protocol):
    """What was asked (the batch's `Options` is one)."""

    @property
    def as_of(self) -> str | None: ...  # an ISO date
    @property
    def window_days(self) -> int: ...
    @property
    def obligations(self) -> bool: ...
    @property
    def citations(self) -> bool: ...


def answered(lic: License, asked: Asked) -> License:
    """`lic` with its validity on the date asked about and its obligations, as asked."""
    if asked.as_of is not None:
        from .validity import with_validity

        lic = with_validity(lic, dt.date.fromisoformat(asked.as_of), asked.window_days)
    if asked.obligations:
        from .obligations import with_obligations

        lic = with_obligations(lic)
    if asked.citations:
        from .citations import with_citations

        lic = with_citations(lic)
    return lic
