"""One input → one outcome: read it, parse it, render its record.

This is what a worker process runs, and all it runs: it imports nothing of
the scheduling around it, so workers and the run loop both build on it.
"""

from __future__ import annotations

import os
import signal
import time
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..answers import answered
from ..errors import InternalError, LicparseError, TooLargeError, display_path
from .inputs import STDIN, Input
from .outputs import exists_message, output_path
from .reading import ScanElsewhere, read_input
from .records import Format, error_record, license_record

if TYPE_CHECKING:
    pass


class Options(NamedTuple):
    format: Format
    encoding: str | None = None
    max_bytes: int | None = None
    output_dir: str | None = None
    overwrite: bool = False
    skip_existing: bool = False
    save_text: str | None = None  # where to keep the OCR'd text of scans
    html: bool = False  # a review page beside each JSON (`--html` with -o)
    html_images: str = "embed"  # a scan's page images in its page, or "files" beside it
    page_name: str | None = None  # one input's page: the name its image files start with
    as_of: str | None = None  # `--as-of`: the ISO date each license's validity is told for
    window_days: int = 90  # `--expiring-within`
    obligations: bool = False  # `--obligations`
    citations: bool = False  # `--citations`
    # False in the main process when a time limit is set: a scan met there
    # raises ScanElsewhere, to be read in a worker that can be stopped.
    scans_here: bool = True
    # A scan's pages read at once in this process (None: one per core); the
    # run sets it so that workers times threads is the number of cores.
    ocr_threads: int | None = None
    # Scans are expected: a worker loads the OCR engines before its first input.
    preload: bool = False


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
    pages: int = 0  # a scan's pages read; a text input has none
    scan_text: str | None = None  # with --save-text: a scan's OCR'd text
    rel: str = ""  # the input's output name (`inputs.Input.rel`), for files beside the JSON
    # A problem that did not fail the input (its OCR text could not be saved).
    problem: str | None = None
    page: str | None = None  # with --html: the review page
    images: tuple[bytes, ...] = ()  # its page images, to write beside it
    company: str | None = None  # for the review index
    expiry: str | None = None
    validity: str | None = None  # with --as-of: the license's status on that date
    redo: bool = False  # --skip-existing met an output that is not whole: replace it

    @property
    def shown(self) -> str:
        """The input as messages and the review index name it."""
        return "<stdin>" if self.path == STDIN else self.path


def work(item: Input, options: Options) -> Outcome:
    """Parse one input and render it for `options.format` (runs in a worker)."""
    start = time.perf_counter()
    try:
        return _work(item, options)._replace(rel=item.rel)
    except ScanElsewhere:
        raise
    except MemoryError:
        # Not a bug: this input needs more memory than the machine gives.
        error = TooLargeError("the machine ran out of memory reading it: it is too large here")
        return failed(item, options, error, start)
    except Exception as exc:  # a bug must cost this input, never the batch
        return failed(item, options, InternalError.of(exc), start)


def failed(item: Input, options: Options, exc: LicparseError, start: float) -> Outcome:
    """The outcome of an input that could not be parsed, rendered for `options.format`."""
    shown = display_path(item.path)
    # A message may quote a path with bytes that are not UTF-8.
    message = display_path(exc.message)
    if options.format == "csv":
        text = error_record(exc, "csv", shown, message)
    else:
        text = error_record(exc, options.format, None if item.path == STDIN else shown, message)
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


def existing(item: Input, options: Options) -> tuple[Outcome | None, str | None, bool]:
    """What an input's output under -o means before it is read: an outcome
    (skipped, or output_exists) if it is not to be read; else its output
    path and whether an existing one is replaced as not whole (`redo`)."""
    out = output_path(options.output_dir, item.rel) if options.output_dir else None
    if out is None or item.error is not None or not os.path.lexists(out):
        return None, out, False
    shown = display_path(item.path)
    if options.skip_existing and whole(out):
        return Outcome(shown, "skipped", None, out), out, False
    redo = options.skip_existing  # empty: a resumed run redoes it
    if not options.overwrite and not redo:
        message = exists_message(display_path(out))
        failed = Outcome(
            shown, "failed", None, out, error_code="output_exists", error_message=message
        )
        return failed, out, False
    return None, out, redo


def _work(item: Input, options: Options) -> Outcome:
    start = time.perf_counter()
    shown = display_path(item.path)
    settled, out, redo = existing(item, options)
    if settled is not None:
        return settled
    page: str | None = None
    images: list[bytes] = []
    try:
        if options.html:
            from .pages import review_input

            lic, scan, page, images = review_input(item, options)
        else:
            lic, scan = read_input(
                item,
                encoding=options.encoding,
                max_bytes=options.max_bytes,
                scans=options.scans_here,
                threads=options.ocr_threads,
            )
    except LicparseError as exc:
        outcome = failed(item, options, exc, start)
        if options.save_text and exc.scan_text is not None:
            outcome = outcome._replace(scan_text=exc.scan_text)
        return outcome
    lic = answered(lic, options)
    return Outcome(
        shown,
        "parsed",
        license_record(lic, options.format, shown),
        out,
        lic.license_number,
        len(lic.warnings),
        seconds=time.perf_counter() - start,
        pages=scan.pages if scan else 0,
        scan_text=scan.text if scan and options.save_text else None,
        page=page,
        images=tuple(images),
        company=lic.company_name,
        expiry=lic.expiry_date,
        validity=lic.validity.status if lic.validity else None,
        redo=redo,
    )


def whole(path: str) -> bool:
    """Whether an existing output counts as done: an empty file (a crash's
    leftover) does not; anything else is kept, a user's file included."""
    try:
        return os.path.getsize(path) > 0
    except OSError:
        return True


def work_chunk(chunk: list[Input], options: Options) -> list[Outcome]:
    return [work(item, options) for item in chunk]


def ignore_sigint() -> None:
    # Ctrl-C is the main process's to handle: it stops the workers itself, so
    # workers must not each print a KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the main process's SIGTERM/SIGHUP handlers,
    # which stop a run: a worker is stopped by SIGTERM itself, quietly.
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
