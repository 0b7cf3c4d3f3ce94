"""The summary line and the --report file: every input accounted for."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import display_path
from .inputs import STDIN
from .outputs import file_mode

if TYPE_CHECKING:
    from .work import Outcome


# The validity statuses in the order a summary names them; with
# --fail-expired, the ones that fail the run.
STATUSES = ("valid", "expiring", "expired", "not_yet_valid", "unknown")
FAILING_VALIDITY = frozenset({"expired", "not_yet_valid"})


def pace(count: int, seconds: float, unit: str) -> str:
    """`count` things in `seconds`, as a person reads it: "250 files/s" for
    text, "4.7 s a page" for scans (a rate of 0 files/s says nothing)."""
    rate = count / seconds
    if rate >= 10:
        return f"{rate:,.0f} {unit}s/s"
    if rate >= 1:
        return f"{rate:.1f} {unit}s/s"
    return f"{seconds / count:,.1f} s a {unit}"


@dataclass
class Tally:
    """Counts for the summary line and the report."""

    files: int = 0
    pages: int = 0  # scanned pages read (a text input has none)
    parsed: int = 0
    with_warnings: int = 0
    failed: int = 0
    skipped: int = 0
    failing: bool = False
    # With --as-of: parsed licenses by validity status, in the order first met.
    validity: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: Outcome, strict: bool, fail_expired: bool = False) -> None:
        self.files += 1
        self.pages += outcome.pages
        if outcome.status == "parsed":
            self.parsed += 1
            self.with_warnings += outcome.warnings > 0
            self.failing |= strict and outcome.warnings > 0
            if outcome.validity is not None:
                self.validity[outcome.validity] = self.validity.get(outcome.validity, 0) + 1
                self.failing |= fail_expired and outcome.validity in FAILING_VALIDITY
        elif outcome.status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1
            self.failing = True

    def line(self, seconds: float) -> str:
        rate = ""
        if seconds > 0 and self.files:
            rate = f", {pace(self.files, seconds, 'file')}"
            if self.pages:  # scans: the page is the unit of work
                rate += f" ({self.pages:,} pages, {pace(self.pages, seconds, 'page')})"
        validity = ""
        if self.validity:
            counts = ", ".join(
                f"{self.validity[s]:,} {s.replace('_', ' ')}"
                for s in STATUSES
                if s in self.validity
            )
            validity = f"; validity: {counts}"
        return (
            f"{self.files:,} files: {self.parsed:,} parsed ({self.with_warnings:,} with "
            f"warnings), {self.failed:,} failed, {self.skipped:,} skipped in {seconds:.2f} s{rate}"
            f"{validity}"
        )

    def as_dict(self) -> dict[str, object]:
        counts: dict[str, object] = {
            "files": self.files,
            "parsed": self.parsed,
            "with_warnings": self.with_warnings,
            "failed": self.failed,
            "skipped": self.skipped,
        }
        if self.validity:
            counts["validity"] = {s: self.validity.get(s, 0) for s in STATUSES}
        return counts


class Report:
    """The --report file: one entry per input, streamed to a temporary file as the
    run goes (so memory stays flat) and moved into place at the end."""

    def __init__(self, path: str) -> None:
        self.path = path
        directory = os.path.dirname(path) or "."
        if os.path.isdir(path):
            raise IsADirectoryError(errno.EISDIR, "is a directory: name a file", path)
        os.makedirs(directory, exist_ok=True)  # as -o makes its directory
        fd, self.tmp = tempfile.mkstemp(prefix=".licparse-", suffix=".tmp", dir=directory)
        os.fchmod(fd, file_mode())
        self.file = os.fdopen(fd, "w", encoding="utf-8")
        self.count = 0
        # Why it could not be written (a full disk): the run goes on, its
        # temporary file is removed, and the end of the run says so.
        self.failure: OSError | None = None
        self._write('{"entries": [')

    def _write(self, text: str) -> None:
        if self.failure is not None:
            return
        try:
            self.file.write(text)
        except OSError as exc:
            self._fail(exc)

    def _fail(self, exc: OSError) -> None:
        self.failure = exc
        with contextlib.suppress(OSError):
            # Dropping what the buffer holds: a full disk cannot take it.
            os.close(self.file.fileno())
        with contextlib.suppress(OSError, ValueError):
            self.file.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)

    def add(self, outcome: Outcome) -> None:
        entry = {
            "path": None if outcome.path == STDIN else outcome.path,
            "status": outcome.status,
            "output": display_path(outcome.output)
            if outcome.output and outcome.status == "parsed"
            else None,
            "license_number": outcome.license_number,
            "warnings": outcome.warnings,
            "validity": outcome.validity,
            "error": {"code": outcome.error_code, "message": outcome.error_message}
            if outcome.status == "failed"
            else None,
            "seconds": round(outcome.seconds, 6),
        }
        self._write(("," if self.count else "") + "\n  " + json.dumps(entry, ensure_ascii=False))
        self.count += 1

    def close(self, tally: Tally, seconds: float, interrupted: bool) -> str | None:
        """Move the report into place; if it could not be written, say why
        (the file is then left as it was, and no temporary file is left)."""
        summary = {**tally.as_dict(), "seconds": round(seconds, 3), "interrupted": interrupted}
        self._write('\n], "summary": ' + json.dumps(summary) + "}\n")
        if self.failure is None:
            try:
                self.file.flush()
                os.fsync(self.file.fileno())
                self.file.close()
                os.replace(self.tmp, self.path)
            except OSError as exc:
                self._fail(exc)
        if self.failure is None:
            return None
        reason = self.failure.strerror or str(self.failure)
        return f"--report {display_path(self.path)} could not be written ({reason}): not written"
