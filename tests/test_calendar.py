"""`licparse calendar`: an RFC 5545 file of the licenses' dated duties, read
back, checked against the RFC's rules, and the same on every run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from licparse.cli import main

from .conftest import FIXTURES

icalendar = pytest.importorskip("icalendar")

SEEDS = [str(FIXTURES / "seed_000.txt"), str(FIXTURES / "seed_002.txt")]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def calendar(tmp_path: Path, *paths: str) -> bytes:
    out = tmp_path / "duties.ics"
    result = run("calendar", *paths, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_the_dated_duties_of_both_seeds(tmp_path: Path) -> None:
    cal = icalendar.Calendar.from_ical(calendar(tmp_path, *SEEDS))
    events = [
        (
            str(e["summary"]).split(":")[0],
            e.decoded("dtstart"),
            e.decoded("dtend"),
            e.get("rrule") and e["rrule"].to_ical().decode(),
        )
        for e in cal.walk("VEVENT")
    ]
    assert events == [
        ("许可证到期 license expires", dt.date(2028, 7, 12), dt.date(2028, 7, 13), None),
        ("提出续办申请截止 due", dt.date(2028, 4, 13), dt.date(2028, 4, 14), None),
        (
            "参加电信主管部门组织的经营许可证年报 (Q1)",
            dt.date(2024, 1, 1),
            dt.date(2024, 4, 1),
            "FREQ=YEARLY;UNTIL=20280712",
        ),
        ("许可证到期 license expires", dt.date(2024, 5, 9), dt.date(2024, 5, 10), None),
        ("提出延续经营许可证的申请截止 due", dt.date(2024, 2, 9), dt.date(2024, 2, 10), None),
        ("报告截止 due", dt.date(2024, 2, 9), dt.date(2024, 2, 10), None),
        (
            "参加电信主管部门组织的经营许可证年报 (Q1)",
            dt.date(2020, 1, 1),
            dt.date(2020, 4, 1),
            "FREQ=YEARLY;UNTIL=20240509",
        ),
    ]
    first = next(iter(cal.walk("VEVENT")))
    assert "爱安特（常州）精密机械有限公司 (苏B2-20231036)" in str(first["summary"])
    renewal = list(cal.walk("VEVENT"))[1]
    assert str(renewal["description"]).startswith("特别规定事项 十二、: 你公司经营许可证有效期届满")
    assert "seed_000.txt, line 69." in str(renewal["description"])


def test_the_file_keeps_the_rfcs_rules(tmp_path: Path) -> None:
    data = calendar(tmp_path, *SEEDS)
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)  # CRLF only
    assert all(len(line) <= 75 for line in lines)  # 3.1: folded at 75 octets
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8").split("\r\n")[:-1]
    stack = []
    for line in unfolded:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
        elif name == "END":
            assert stack.pop() == value
    assert stack == []
    assert unfolded[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", unfolded[2]]
    assert unfolded[2].startswith("PRODID:-//licparse//")
    cal = icalendar.Calendar.from_ical(data)
    uids = []
    for event in cal.walk("VEVENT"):
        for required in ("uid", "dtstamp", "dtstart"):  # 3.6.1
            assert required in event
        uids.append(str(event["uid"]))
        assert event.decoded("dtend") > event.decoded("dtstart")
        assert isinstance(event.decoded("dtstart"), dt.date)
        if "rrule" in event:  # 3.3.10: UNTIL has DTSTART's value type
            (until,) = event["rrule"]["UNTIL"]
            assert type(until) is dt.date
    assert len(uids) == len(set(uids))


def test_the_same_licenses_give_the_same_file(tmp_path: Path) -> None:
    first = calendar(tmp_path / "a", *SEEDS)
    assert calendar(tmp_path / "b", *SEEDS) == first


def test_a_bad_input_is_reported_and_the_others_written(tmp_path: Path) -> None:
    bad = tmp_path / "novel.txt"
    bad.write_text("从前有座山。", encoding="utf-8")
    out = tmp_path / "d.ics"
    result = run("calendar", SEEDS[0], str(bad), "-o", str(out))
    assert result.exit_code == 1
    assert f"error: {bad}: not a value-added telecom business license" in result.stderr
    assert "wrote 3 events of 1 license to" in result.stderr
    again = run("calendar", SEEDS[0], "-o", str(out))
    assert again.exit_code == 1 and "exists: add --overwrite" in again.stderr
