"""A compliance calendar (RFC 5545) of licenses' dated duties.

For each license: its expiry, each duty the license itself dates (the
renewal application due before the expiry, `提前90日`), and the yearly report
window (`每年第一季度`) as an event recurring every year until the expiry.
Every event names the company and the license number and points back to the
clause and the source lines it comes from.

Written with `icalendar` (the `calendar` extra). The output is deterministic:
UIDs are hashes of the license number, the duty and its date, and DTSTAMP is
the license's issue date, so the same licenses give the same file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .validity import iso_date

if TYPE_CHECKING:
    from .models import License, Obligation

PRODID = f"-//licparse//licparse {__version__}//EN"
QUARTER_START = {1: 1, 2: 4, 3: 7, 4: 10}


def calendar_of(licenses: Iterable[License]) -> bytes:
    """The iCalendar file (CRLF lines, folded at 75 octets) for `licenses`,
    each parsed with its obligations (`licparse.obligations_of`)."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "licparse: 增值电信业务经营许可证 duties")
    for lic in licenses:
        for event in events_of(lic):
            cal.add_component(event)
    return bytes(cal.to_ical())


def events_of(lic: License) -> list[Any]:
    """The events of one license (none without an expiry date to bound them)."""
    from .obligations import obligations_of

    expiry = iso_date(lic.expiry_date)
    if expiry is None:
        return []
    who = f"{lic.company_name or '?'} ({lic.license_number or 'no number'})"
    stamp = iso_date(lic.issue_date) or expiry
    source = lic.source.path or "standard input"
    events = [
        _event(
            lic,
            "expiry",
            expiry,
            f"许可证到期 license expires: {who}",
            f"有效期至 {expiry}. Source: {source}, line {_line(lic, 'expiry_date')}.",
            stamp,
        )
    ]
    for duty in lic.obligations if lic.obligations is not None else obligations_of(lic):
        if duty.kind == "deadline_before" and duty.due:
            events.append(
                _event(
                    lic,
                    f"due-{duty.clause}-{duty.text}",
                    dt.date.fromisoformat(duty.due),
                    f"{duty.action or '到期事项'}截止 due: {who}",
                    _describe(duty, source),
                    stamp,
                )
            )
        elif duty.kind == "periodic" and duty.unit == "quarter" and duty.amount in QUARTER_START:
            events.append(_yearly(lic, duty, who, source, stamp, expiry))
    return events


def _yearly(
    lic: License, duty: Obligation, who: str, source: str, stamp: dt.date, expiry: dt.date
) -> Any:
    """The quarter, every year from the first after issue until the expiry."""
    assert duty.amount is not None
    month = QUARTER_START[duty.amount]
    issued = iso_date(lic.issue_date) or stamp
    first = dt.date(issued.year, month, 1)
    if first < issued:
        first = first.replace(year=first.year + 1)
    after = month + 3  # the first month after the quarter
    end = dt.date(first.year + after // 13, (after - 1) % 12 + 1, 1)
    event = _event(
        lic,
        f"yearly-{duty.clause}",
        first,
        f"{duty.action or '年度事项'} (Q{duty.amount}): {who}",
        _describe(duty, source),
        stamp,
        end=end,
    )
    event.add("rrule", {"freq": "yearly", "until": expiry})
    return event


def _event(
    lic: License,
    key: str,
    day: dt.date,
    summary: str,
    description: str,
    stamp: dt.date,
    end: dt.date | None = None,
) -> Any:
    from icalendar import Event

    event = Event()
    digest = hashlib.sha256(f"{lic.license_number}|{key}|{day}".encode()).hexdigest()[:24]
    event.add("uid", f"{digest}@licparse")
    event.add("dtstamp", dt.datetime(stamp.year, stamp.month, stamp.day, tzinfo=dt.UTC))
    event.add("dtstart", day)
    event.add("dtend", end or day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", ["licparse", lic.license_number or "license"])
    event.add("transp", "TRANSPARENT")
    if lic.source.path:
        event.add("url", Path(lic.source.path).resolve().as_uri())
    return event


def _describe(duty: Obligation, source: str) -> str:
    first, last = duty.lines
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    return f"特别规定事项 {duty.clause}: {duty.text} Source: {source}, {where}."


def _line(lic: License, field: str) -> str:
    span = lic.field_lines.get(field)
    return str(span[0]) if span else "?"
