"""Batch runs: many inputs parsed in worker processes, results in input order.

`run()` yields one `Outcome` per input, in the order the inputs came, while
workers parse ahead in a bounded window — so output streams, memory stays
flat however many files there are, and `-j 1` runs everything in-process.
Workers return text (JSON, a CSV row) rather than objects: the main process
only writes.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import functools
import io
import json
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..errors import InternalError, LicparseError, TooLargeError, display_path
from .inputs import STDIN, Input

if TYPE_CHECKING:
    from ..models import License
    from ..scan import ScanText

Format = Literal["json", "jsonl", "csv", "dir"]
CHUNK = 16  # inputs per task: enough to amortise inter-process traffic
WINDOW_PER_JOB = 4  # tasks in flight per worker

CSV_COLUMNS = (
    "file",
    "license_number",
    "company_name",
    "legal_representative",
    "issuing_authority",
    "issue_date",
    "expiry_date",
    "service_codes",
    "coverage",
    "warnings",
    "error",
)


class Options(NamedTuple):
    format: Format
    encoding: str | None = None
    max_bytes: int | None = None
    output_dir: str | None = None
    overwrite: bool = False
    skip_existing: bool = False
    save_text: str | None = None  # where to keep the OCR'd text of scans


class Outcome(NamedTuple):
    """What became of one input."""

    path: str
    status: Literal["parsed", "failed", "skipped"]
    text: str | None  # the JSON (compact for jsonl, indented otherwise) or CSV row
    output: str | None = None  # the file to write under --output-dir
    license_number: str | None = None
    warnings: int = 0
    error_code: str | None = None
    error_message: str | None = None
    seconds: float = 0.0
    pages: int = 1
    scan_text: str | None = None  # with --save-text: a scan's OCR'd text
    rel: str = ""  # the input's output name (`walk.Input.rel`), for files beside the JSON


def _exists(shown: str) -> str:
    return f"{shown} exists: add --overwrite to replace it or --skip-existing to keep it"


def output_path(output_dir: str, rel: str, suffix: str = ".json") -> str:
    """`rel` (an input's output name, see `walk.Input`) + `suffix` under
    `output_dir`, never outside it.

    `..`, absolute parts and empty parts are dropped from `rel`, so the path
    stays inside `output_dir` whatever the input was called.
    """
    # Split only where the system separates folders: a `\\` in a POSIX file
    # name is part of the name, and splitting there would make two inputs
    # (`a\\b.txt`, `a/b.txt`) share an output.
    if os.altsep:
        rel = rel.replace(os.altsep, os.sep)
    parts = [p for p in rel.split(os.sep) if p not in ("", ".", "..")]
    if not parts:
        parts = ["input"]
    parts[-1] += suffix
    return os.path.join(output_dir, *parts)


def csv_row(values: list[object]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerow(values)
    return buf.getvalue()


def work_license(item: Input, options: Options) -> License:
    """Parse one input; raises LicparseError (also for a problem found walking)."""
    return work_scan(item, options)[0]


def work_scan(item: Input, options: Options) -> tuple[License, ScanText | None]:
    """Parse one input; for a scan also return what was read from it."""
    from ..parse import license_from_scan, parse_bytes, parse_file
    from ..scan import is_scan, read_scan

    if item.error is not None:
        raise item.error
    if item.pages or is_scan(item.path):
        # --max-bytes guards text; a phone photo or a scanned PDF is large by nature.
        paths = list(item.pages or (item.path,))
        try:
            scan = read_scan(paths)
            return license_from_scan(scan, paths, display_path(item.path)), scan
        except LicparseError as exc:
            raise exc.with_source(display_path(item.path)) from None
    if item.path == STDIN:
        limit = options.max_bytes
        data = sys.stdin.buffer.read(-1 if limit is None else limit + 1)
        if limit is not None and len(data) > limit:
            raise TooLargeError(f"standard input is larger than the limit of {limit:,} bytes")
        return parse_bytes(data, path=None, encoding=options.encoding), None
    return parse_file(item.path, encoding=options.encoding, max_bytes=options.max_bytes), None


def work(item: Input, options: Options) -> Outcome:
    """Parse one input and render it for `options.format` (runs in a worker)."""
    start = time.perf_counter()
    try:
        return _work(item, options)._replace(rel=item.rel)
    except Exception as exc:  # a bug must cost this input, never the batch
        return failed(item, options, InternalError.of(exc), start)


def failed(item: Input, options: Options, exc: LicparseError, start: float) -> Outcome:
    """The outcome of an input that could not be parsed, rendered for `options.format`."""
    shown = display_path(item.path)
    # A message may quote a path with bytes that are not UTF-8.
    message = display_path(exc.message)
    if options.format == "csv":
        text = csv_row([shown, *[""] * 9, f"{exc.code}: {message}"])
    elif options.format == "dir":
        text = None  # nothing is written for a failed input
    else:
        # Compact in JSONL, like a parsed license's line; indented otherwise.
        indent, separators = (None, (",", ":")) if options.format == "jsonl" else (2, None)
        error = {
            "source": {"path": None if item.path == STDIN else shown},
            "error": {"code": exc.code, "message": message},
        }
        text = json.dumps(error, ensure_ascii=False, indent=indent, separators=separators)
    return Outcome(
        shown,
        "failed",
        text,
        None,
        error_code=exc.code,
        error_message=message,
        seconds=time.perf_counter() - start,
        rel=item.rel,
    )


def _work(item: Input, options: Options) -> Outcome:
    start = time.perf_counter()
    shown = display_path(item.path)
    out = output_path(options.output_dir, item.rel) if options.output_dir else None
    if out is not None and os.path.lexists(out) and item.error is None:
        if options.skip_existing:
            return Outcome(shown, "skipped", None, out)
        if not options.overwrite:
            return Outcome(
                shown,
                "failed",
                None,
                out,
                error_code="output_exists",
                error_message=_exists(display_path(out)),
            )
    try:
        lic, scan = work_scan(item, options)
    except LicparseError as exc:
        return failed(item, options, exc, start)
    if options.format == "csv":
        text = csv_row(
            [
                shown,
                lic.license_number,
                lic.company_name,
                lic.legal_representative,
                lic.issuing_authority,
                lic.issue_date,
                lic.expiry_date,
                ";".join(s.code or s.name for s in lic.services),
                ";".join(s.coverage for s in lic.services if s.coverage),
                len(lic.warnings),
                "",
            ]
        )
    elif options.format == "jsonl":
        text = lic.model_dump_json()
    else:
        text = lic.model_dump_json(indent=2)
    return Outcome(
        shown,
        "parsed",
        text,
        out,
        lic.license_number,
        len(lic.warnings),
        seconds=time.perf_counter() - start,
        pages=scan.pages if scan else 1,
        scan_text=scan.text if scan and options.save_text else None,
    )


def work_chunk(chunk: list[Input], options: Options) -> list[Outcome]:
    return [work(item, options) for item in chunk]


def ignore_sigint() -> None:
    # Ctrl-C is the main process's to handle: it stops the workers itself, so
    # workers must not each print a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _chunks(items: Iterable[Input], size: int) -> Iterator[list[Input]]:
    chunk: list[Input] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(inputs: Iterable[Input], options: Options, jobs: int = 1) -> Iterator[Outcome]:
    """Outcomes in input order; `jobs` > 1 parses in that many processes."""
    items = iter(inputs)
    if jobs <= 1:
        for item in items:
            yield work(item, options)
        return
    # Imported here: a single file never pays for starting workers.
    from .workers import Workers

    workers = Workers(jobs, options, window=jobs * WINDOW_PER_JOB)
    finished = False
    try:
        parts = (part for chunk in _chunks(items, CHUNK) for part in _split_stdin(chunk))
        for outcomes in workers.run(parts):
            yield from outcomes
        finished = True
    finally:
        workers.close(now=not finished)


def _split_stdin(chunk: list[Input]) -> Iterator[list[Input]]:
    """The chunk in runs of files, with standard input as a run of its own."""
    files: list[Input] = []
    for item in chunk:
        if item.path == STDIN:
            if files:
                yield files
                files = []
            yield [item]
        else:
            files.append(item)
    if files:
        yield files


@contextlib.contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Hold a Ctrl-C until the block is done, so a write is never cut in half.

    Only the main thread may set signal handlers; elsewhere there is nothing
    to defer (signals are delivered to the main thread).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


@functools.cache
def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str, text: str, *, overwrite: bool) -> None:
    """Write `text` to `path` via a temporary file, so no reader ever sees half a file.

    Without `overwrite`, an existing file is never replaced (the final step is
    a hard link, which fails if the name exists).
    """
    directory = os.path.dirname(path) or "."
    os.makedirs(directory, exist_ok=True)
    with ctrl_c_deferred():
        # The temporary name does not grow with the output's: a name near the
        # file system's limit must still be writable.
        fd, tmp = tempfile.mkstemp(prefix=".licparse-", suffix=".tmp", dir=directory)
        try:
            os.fchmod(fd, _file_mode())  # mkstemp makes 0600; outputs get the usual mode
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            if overwrite:
                os.replace(tmp, path)
            else:
                os.link(tmp, path)
        finally:
            if os.path.lexists(tmp):
                os.unlink(tmp)


def inside(directory: str, path: str) -> bool:
    """Whether `path` resolves (symlinks followed) to somewhere under `directory`."""
    root = os.path.realpath(directory)
    return os.path.commonpath([root, os.path.realpath(path)]) == root


def _make_dirs_inside(root: str, directory: str) -> None:
    """Create `directory` under `root` one level at a time, refusing to step
    through a symlink that leads out of `root` (checked before anything is
    created beyond it)."""
    if os.path.lexists(root) and not os.path.isdir(root):
        raise NotADirectoryError(errno.ENOTDIR, f"{root} is not a directory")
    os.makedirs(root, exist_ok=True)
    current = root
    for part in os.path.relpath(directory, root).split(os.sep):
        if part in ("", "."):
            continue
        current = os.path.join(current, part)
        if os.path.lexists(current):
            if not inside(root, current):
                raise OSError(f"{current} leads outside the output directory")
        else:
            os.mkdir(current)


def write_output(outcome: Outcome, output_dir: str, *, overwrite: bool) -> Outcome:
    """Write a parsed outcome's JSON to its file; a failure to write becomes the outcome."""
    assert outcome.output is not None and outcome.text is not None
    path = outcome.output
    shown = display_path(path)
    try:
        _make_dirs_inside(output_dir, os.path.dirname(path))
    except OSError as exc:
        message = f"cannot write {shown}: {exc.strerror or exc}"
        return outcome._replace(status="failed", error_code="write_error", error_message=message)
    try:
        write_atomic(path, outcome.text + "\n", overwrite=overwrite)
    except FileExistsError:
        message = _exists(shown)
        return outcome._replace(status="failed", error_code="output_exists", error_message=message)
    except OSError as exc:
        message = f"cannot write {shown}: {exc.strerror or exc}"
        return outcome._replace(status="failed", error_code="write_error", error_message=message)
    return outcome


@dataclass
class Tally:
    """Counts for the summary line and the report."""

    files: int = 0
    parsed: int = 0
    with_warnings: int = 0
    failed: int = 0
    skipped: int = 0
    failing: bool = False

    def add(self, outcome: Outcome, strict: bool) -> None:
        self.files += 1
        if outcome.status == "parsed":
            self.parsed += 1
            self.with_warnings += outcome.warnings > 0
            self.failing |= strict and outcome.warnings > 0
        elif outcome.status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1
            self.failing = True

    def line(self, seconds: float) -> str:
        rate = f", {self.files / seconds:,.0f} files/s" if seconds > 0 else ""
        return (
            f"{self.files:,} files: {self.parsed:,} parsed ({self.with_warnings:,} with "
            f"warnings), {self.failed:,} failed, {self.skipped:,} skipped in {seconds:.2f} s{rate}"
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "files": self.files,
            "parsed": self.parsed,
            "with_warnings": self.with_warnings,
            "failed": self.failed,
            "skipped": self.skipped,
        }


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
        os.fchmod(fd, _file_mode())
        self.file = os.fdopen(fd, "w", encoding="utf-8")
        self.file.write('{"entries": [')
        self.count = 0

    def add(self, outcome: Outcome) -> None:
        entry = {
            "path": None if outcome.path == STDIN else outcome.path,
            "status": outcome.status,
            "output": display_path(outcome.output)
            if outcome.output and outcome.status == "parsed"
            else None,
            "license_number": outcome.license_number,
            "warnings": outcome.warnings,
            "error": {"code": outcome.error_code, "message": outcome.error_message}
            if outcome.status == "failed"
            else None,
            "seconds": round(outcome.seconds, 6),
        }
        self.file.write(
            ("," if self.count else "") + "\n  " + json.dumps(entry, ensure_ascii=False)
        )
        self.count += 1

    def close(self, tally: Tally, seconds: float, interrupted: bool) -> None:
        summary = {**tally.as_dict(), "seconds": round(seconds, 3), "interrupted": interrupted}
        self.file.write('\n], "summary": ' + json.dumps(summary) + "}\n")
        self.file.close()
        os.replace(self.tmp, self.path)


def save_scan_text(outcome: Outcome, save_dir: str, rel: str, *, overwrite: bool) -> str | None:
    """Keep a scan's OCR'd text as `<rel>.ocr.txt` under `save_dir`; a problem
    is returned as a message (the license itself parsed, so it is not failed)."""
    assert outcome.scan_text is not None
    path = output_path(save_dir, rel, ".ocr.txt")
    shown = display_path(path)
    try:
        _make_dirs_inside(save_dir, os.path.dirname(path))
        write_atomic(path, outcome.scan_text + "\n", overwrite=overwrite)
    except FileExistsError:
        return f"{shown} exists: the OCR text was not saved (add --overwrite to replace it)"
    except OSError as exc:
        return f"cannot save the OCR text to {shown}: {exc.strerror or exc}"
    return None
