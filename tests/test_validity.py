"""Validity on a date the user names (`--as-of`): statuses at their
boundaries, the options' checks, and every output that carries it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import licparse
from licparse.cli import main
from licparse.validity import as_of_date, window_days

from .conftest import FIXTURES

SEED_002 = FIXTURES / "seed_002.txt"  # issued 2019-08-02, expires 2024-05-09
SEED_000 = FIXTURES / "seed_000.txt"  # issued 2023-07-12, expires 2028-07-12


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    ("day", "status", "left"),
    [
        ("2019-08-01", "not_yet_valid", 1743),
        ("2019-08-02", "valid", 1742),
        ("2024-02-09", "expiring", 90),
        ("2024-02-08", "valid", 91),
        ("2024-05-09", "expiring", 0),  # 有效期至 names the last valid day
        ("2024-05-10", "expired", -1),
    ],
)
def test_status_at_the_boundaries(day: str, status: str, left: int) -> None:
    lic = licparse.parse_file(SEED_002)
    v = licparse.validity_on(lic, dt.date.fromisoformat(day))
    assert (v.as_of, v.status, v.days_left, v.window_days) == (day, status, left, 90)


def test_no_expiry_date_is_unknown_and_says_why() -> None:
    text = SEED_000.read_text(encoding="utf-8").replace("有效期至：2028年 07月 12日", "")
    lic = licparse.parse_text(text)
    assert lic.expiry_date is None
    v = licparse.validity_on(lic, dt.date(2025, 1, 1))
    assert (v.status, v.days_left, v.reason) == ("unknown", None, "no expiry date could be read")


def test_dates_and_windows_are_read_as_written() -> None:
    assert as_of_date("today", today=dt.date(2026, 11, 29)) == dt.date(2026, 11, 29)
    assert as_of_date(" 2025-03-31 ") == dt.date(2025, 3, 31)
    assert [window_days(w) for w in ("90d", "90", "12w", "3m", "1 day")] == [90, 90, 84, 90, 1]
    with pytest.raises(ValueError, match="write 90d"):
        window_days("soon")


def test_without_as_of_nothing_depends_on_the_day() -> None:
    result = run(str(SEED_002), "--json")
    assert json.loads(result.stdout)["validity"] is None


def test_the_options_are_checked_before_any_work() -> None:
    for args, says in [
        (("--as-of", "2025-13-01"), "write a date as YYYY-MM-DD"),
        (("--expiring-within", "30d"), "go with --as-of"),
        (("--fail-expired",), "go with --as-of"),
        (("--as-of", "2025-01-01", "--expiring-within", "soon"), "write 90d"),
    ]:
        result = run(str(SEED_002), *args)
        assert result.exit_code == 2, args
        assert says in result.stderr


def test_every_output_carries_it_and_fail_expired_gates(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    args = [str(SEED_000), str(SEED_002), "--as-of", "2025-01-01"]
    lines = run(*args, "--jsonl", "--report", str(report)).stdout.splitlines()
    assert [json.loads(line)["validity"]["status"] for line in lines] == ["valid", "expired"]
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    assert summary["validity"] == {
        "valid": 1,
        "expiring": 0,
        "expired": 1,
        "not_yet_valid": 0,
        "unknown": 0,
    }
    csv = run(*args, "--csv").stdout.lstrip("\ufeff").splitlines()
    assert csv[0].endswith(",error,validity,days_left")
    assert csv[1].endswith(",valid,1288") and csv[2].endswith(",expired,-237")
    gated = run(*args, "--jsonl", "--fail-expired")
    assert gated.exit_code == 1
    assert f"error: {SEED_002}: expired on 2025-01-01 (--fail-expired)" in gated.stderr
    assert gated.stderr.splitlines()[-1].endswith("validity: 1 valid, 1 expired")
    assert run(str(SEED_000), "--as-of", "2025-01-01", "--json", "--fail-expired").exit_code == 0
    view = run(str(SEED_002), "--as-of", "2025-01-01", "--fail-expired")
    assert view.exit_code == 1 and "EXPIRED on 2025-01-01" in view.stdout


def test_every_addition_is_in_the_schema_and_validates() -> None:
    import jsonschema

    schema = licparse.License.model_json_schema()
    assert {"validity", "obligations", "citations"} <= set(schema["properties"])
    args = [str(SEED_002), "--as-of", "2024-03-01", "--obligations", "--citations", "--json"]
    record = json.loads(run(*args).stdout)
    jsonschema.Draft202012Validator(schema).validate(record)
    assert record["validity"]["status"] == "expiring"
    assert record["obligations"] and record["citations"]
    # `licparse schema` prints the same schema the records validate against.
    printed = json.loads(run("schema").stdout)
    assert printed.pop("$id") == "urn:licparse:schema:1:license"
    assert printed.pop("$schema") == "https://json-schema.org/draft/2020-12/schema"
    assert printed == schema


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        ("2028-07-11", "expires 2028-07-12, 1 day after 2028-07-11 (within 90)"),
        ("2028-07-13", "expired 2028-07-12, 1 day before 2028-07-13"),
        ("2028-07-10", "expires 2028-07-12, 2 days after 2028-07-10 (within 90)"),
    ],
)
def test_one_day_is_said_as_one_day(day: str, reason: str) -> None:
    lic = licparse.parse_file(str(FIXTURES / "seed_000.txt"))
    assert licparse.validity_on(lic, dt.date.fromisoformat(day)).reason == reason
