"""A batch run: inputs scheduled over workers, each outcome written,
tallied and reported, in input order.

`run()` yields one `Outcome` per input, in the order the inputs came, while
workers parse ahead in a bounded window — so output streams, memory stays
flat however many files there are, and `-j 1` runs everything in-process.
Workers return text (JSON, a CSV row) rather than objects: the main process
only writes. `Batch` adds what happens to each outcome: its output file, its
saved OCR text, the tally and the report.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..scan import is_scan, looks_like_scan
from .inputs import Input
from .outputs import remove_stale_temporaries, save_scan_text, write_output
from .pages import index_row, write_index, write_page
from .reading import with_stdin
from .report import Report, Tally
from .work import Options, Outcome, work

if TYPE_CHECKING:
    from ..review import IndexRow

CHUNK = 16  # inputs per task: enough to amortise inter-process traffic
WINDOW_PER_JOB = 4  # tasks in flight per worker


def _chunks(items: Iterable[Input], size: int) -> Iterator[list[Input]]:
    """Text inputs in chunks of `size` (a millisecond each: the chunk pays
    for the trip to a worker); each scan alone (seconds a page: it is the
    unit of work, so few scans still keep every worker busy)."""
    chunk: list[Input] = []
    for item in items:
        if is_scan_input(item):
            if chunk:  # what came before it goes first: outputs keep input order
                yield chunk
                chunk = []
            yield [item]
            continue
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def is_scan_input(item: Input) -> bool:
    """A scan by its name, its pages or (piped) its bytes."""
    return bool(item.pages) or is_scan(item.path) or looks_like_scan((item.data or b"")[:16])


def run(
    inputs: Iterable[Input],
    options: Options,
    jobs: int = 1,
    timeout: float | None = None,
    say: Callable[[str], None] | None = None,
) -> Iterator[Outcome]:
    """Outcomes in input order; `jobs` > 1 parses in up to that many processes.

    `timeout` limits the seconds one input may take. It is kept by stopping
    the worker reading it, so with one worker scans are read in a worker of
    their own (text, parsed in milliseconds, stays in-process). `say` is
    told why fewer workers start than asked."""
    items: Iterator[Input] = (with_stdin(item, options.max_bytes) for item in inputs)
    if jobs <= 1 and timeout is None:
        for item in items:
            yield work(item, options)
        return
    # Imported here: a single text file never pays for starting workers.
    from .plan import plan
    from .workers import Workers

    head = list(itertools.islice(items, jobs))
    scans = any(map(is_scan_input, head))
    chosen = plan(jobs, len(head), scans)
    if chosen.note and say is not None:
        say(chosen.note)
    options = options._replace(ocr_threads=chosen.threads, preload=scans)
    items = itertools.chain(head, items)
    if chosen.workers <= 1:
        yield from _scans_in_a_worker(items, options, timeout)
        return
    workers = Workers(
        chosen.workers, options, window=chosen.workers * WINDOW_PER_JOB, timeout=timeout
    )
    finished = False
    try:
        for outcomes in workers.run(_chunks(items, CHUNK)):
            yield from outcomes
        finished = True
    finally:
        workers.close(now=not finished)


def _scans_in_a_worker(
    items: Iterable[Input], options: Options, timeout: float | None
) -> Iterator[Outcome]:
    """One at a time: text here, each scan in a worker the time limit can stop."""
    from .reading import ScanElsewhere
    from .workers import Workers

    here = options._replace(scans_here=False)
    workers: Workers | None = None
    finished = False
    try:
        for item in items:
            try:
                yield work(item, here)
                continue
            except ScanElsewhere:
                pass
            workers = workers or Workers(1, options, window=1, timeout=timeout)
            for outcomes in workers.run([[item]]):
                yield from outcomes
        finished = True
    finally:
        if workers is not None:
            workers.close(now=not finished)


class Batch:
    """A run over many inputs with everything that follows each outcome.

    The report file is opened first, so a path that cannot be written fails
    (OSError) before any input is parsed.
    """

    def __init__(
        self,
        options: Options,
        *,
        jobs: int,
        strict: bool,
        report: str | None,
        fail_expired: bool = False,
        timeout: float | None = None,
        say: Callable[[str], None] | None = None,
        cluster: Any = None,
        ship: bool = False,
    ) -> None:
        self.options, self.jobs, self.strict = options, jobs, strict
        self.timeout, self.say = timeout, say
        # A Dask client (`--cluster`): the inputs are read there, `ship`ped or not.
        self.cluster, self.ship = cluster, ship
        self.fail_expired = fail_expired
        self.tally = Tally()
        self.report = Report(report) if report else None
        self.index: list[IndexRow] = []  # with --html: the rows of index.html
        # A resumed run first clears what a crashed one left half-written.
        self.stale = 0
        if options.skip_existing and options.output_dir and os.path.isdir(options.output_dir):
            self.stale = remove_stale_temporaries(options.output_dir)

    def outcomes(self, inputs: Iterable[Input]) -> Generator[Outcome, None, None]:
        """Each input's outcome, its output written (-o) and its OCR text saved."""
        options = self.options
        if self.cluster is not None:
            from .cluster import run_on

            stream = run_on(self.cluster, inputs, options, self.timeout, ship=self.ship)
        else:
            stream = run(inputs, options, self.jobs, self.timeout, self.say)
        for outcome in stream:
            if (
                self.report is not None
                and outcome.output is not None
                and os.path.realpath(outcome.output) == os.path.realpath(self.report.path)
            ):
                outcome = outcome._replace(
                    status="failed",
                    error_code="output_exists",
                    error_message=f"{outcome.output} is the --report file: not replaced",
                )
            if options.output_dir is not None and outcome.status == "parsed":
                replace = options.overwrite or outcome.redo
                outcome = write_output(outcome, options.output_dir, overwrite=replace)
                if outcome.status == "parsed" and outcome.page is not None:
                    outcome = write_page(outcome, options.output_dir, overwrite=replace)
            if options.html and options.output_dir is not None:
                self.index.append(index_row(outcome, options.output_dir))
            if options.save_text and outcome.scan_text is not None:
                problem = save_scan_text(
                    outcome, options.save_text, outcome.rel, overwrite=options.overwrite
                )
                outcome = outcome._replace(problem=problem)
            self.tally.add(outcome, self.strict, self.fail_expired)
            if self.report:
                self.report.add(outcome)
            yield outcome

    def close(self, seconds: float, *, interrupted: bool) -> str | None:
        """Finish the report and the review index; a problem writing the
        index is returned as a message."""
        problem = None
        if self.options.html and self.options.output_dir is not None:
            # The index is the run's own file: a rerun over the same folder
            # (--overwrite, --skip-existing) brings it up to date.
            again = self.options.overwrite or self.options.skip_existing
            problem = write_index(self.index, self.options.output_dir, overwrite=again)
        if self.report:
            failed = self.report.close(self.tally, seconds, interrupted)
            problem = "; ".join(p for p in (problem, failed) if p) or None
        return problem
