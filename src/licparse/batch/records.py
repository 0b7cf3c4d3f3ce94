"""One input's record in each output format: the contract's JSON, a CSV row,
or the error object that keeps a failed input's place in the output."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Literal

from ..codes import COVER_FIELDS

if TYPE_CHECKING:
    from ..errors import LicparseError
    from ..models import License

Format = Literal["json", "jsonl", "csv", "dir", "sqlite", "xlsx"]

CSV_COLUMNS = (
    "file",
    *COVER_FIELDS,
    "service_codes",
    "coverage",
    "warnings",
    "error",
    # Added after the error column, so older readers keep their positions;
    # empty unless --as-of was given.
    "validity",
    "days_left",
)


# A cell a spreadsheet would run as a formula (OWASP, "CSV Injection"): a
# company name `=HYPERLINK(…)` from a stranger's scan must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """`value`, a string that starts like a formula quoted with `'`; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: list[object]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerow([cell(v) for v in values])
    return buf.getvalue()


def license_record(lic: License, fmt: Format, shown: str) -> str:
    """A parsed license for `fmt`: compact JSON for jsonl, indented otherwise."""
    if fmt == "csv":
        return csv_row(
            [
                shown,
                *(getattr(lic, name) for name in COVER_FIELDS),
                ";".join(s.code or s.name for s in lic.services),
                # One entry per service, empty where it has none: the n-th
                # coverage is the n-th service's.
                ";".join(s.coverage or "" for s in lic.services),
                len(lic.warnings),
                "",
                lic.validity.status if lic.validity else "",
                ""
                if lic.validity is None or lic.validity.days_left is None
                else lic.validity.days_left,
            ]
        )
    if fmt in ("jsonl", "sqlite", "xlsx"):
        return lic.model_dump_json()
    return lic.model_dump_json(indent=2)


def error_record(exc: LicparseError, fmt: Format, shown: str | None, message: str) -> str | None:
    """A failed input for `fmt` (None under -o: nothing is written for it)."""
    if fmt == "csv":
        row: list[object] = [""] * len(CSV_COLUMNS)
        row[0], row[CSV_COLUMNS.index("error")] = shown, f"{exc.code}: {message}"
        return csv_row(row)
    if fmt == "dir":
        return None
    # Compact in JSONL, like a parsed license's line; indented otherwise.
    compact = fmt in ("jsonl", "sqlite", "xlsx")
    indent, separators = (None, (",", ":")) if compact else (2, None)
    source: dict[str, str | None] = {"path": shown}
    if exc.sha256 is not None:
        source["sha256"] = exc.sha256
    error = {"source": source, "error": {"code": exc.code, "message": message}}
    return json.dumps(error, ensure_ascii=False, indent=indent, separators=separators)
