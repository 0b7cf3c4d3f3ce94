"""The command line: reads arguments, calls the library, renders. No parsing here.

    licparse PATH... [--json | --jsonl | --csv | -o DIR] [options]
    licparse -            (standard input)
    licparse schema       (the JSON Schema of the output)

Exit codes: 0 every input parsed; 1 an input could not be parsed (or, with
--strict, had warnings); 2 usage; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from typing import IO, TYPE_CHECKING

import click

from .._version import __version__
from ..errors import InternalError, LicparseError, display_path

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ..batch.inputs import Input
    from ..batch.work import Format, Options, Outcome

FORMATS: dict[str, Format] = {
    "--json": "json",
    "--jsonl": "jsonl",
    "--csv": "csv",
    "--output-dir": "dir",
}

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130  # 2 (usage) is click's
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class _DefaultToParse(click.Group):
    """`licparse FILE` means `licparse parse FILE`; `licparse schema` is a command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["parse", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultToParse, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="licparse")
def main() -> None:
    """Turn OCR'd 增值电信业务经营许可证 text into validated, structured data.

    Run `licparse FILE` for a readable view, `licparse FILE --json` for the
    JSON of the output contract, `licparse DIR --jsonl` or `-o OUT` for a
    folder of scans, `licparse schema` for the JSON Schema.
    """


def _err(message: str) -> None:
    click.echo(f"licparse: {message}", err=True)


@main.command("parse")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--json", "as_json", is_flag=True, help="JSON: one object, or an array for many.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="One compact JSON object per line.")
@click.option("--csv", "as_csv", is_flag=True, help="One CSV row per license (UTF-8 with BOM).")
@click.option(
    "-o",
    "--output-dir",
    metavar="DIR",
    help="Write one .json per input under DIR, at the input's relative path.",
)
@click.option("--overwrite", is_flag=True, help="With -o or --save-text: replace existing files.")
@click.option(
    "--skip-existing", is_flag=True, help="With -o: keep existing outputs (resume a run)."
)
@click.option("--report", metavar="FILE", help="Write a JSON report with one entry per input.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Parse in N processes (default: the CPU count; 1 runs in-process).",
)
@click.option(
    "--glob",
    "globs",
    multiple=True,
    metavar="PATTERN",
    help="File names to take from directories (repeatable; default *.txt, *.md and scans).",
)
@click.option(
    "--pages",
    "as_pages",
    is_flag=True,
    help="Scans: the files given are the pages of one license, in order; each folder "
    "of images is one license, pages in natural order.",
)
@click.option(
    "--save-text",
    metavar="DIR",
    help="Keep the OCR'd text of every scan as DIR/<name>.ocr.txt, to audit or re-run.",
)
@click.option("--full", is_flag=True, help="Terminal view: show whole clause texts.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("--strict", is_flag=True, help="Also fail (exit 1) when a license has warnings.")
@click.option(
    "--encoding", metavar="NAME", help="Decode with this encoding instead of detecting it."
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    metavar="N",
    help="Refuse text inputs larger than N bytes, before reading them (default: 20 MiB).",
)
def parse_command(
    paths: tuple[str, ...],
    as_json: bool,
    as_jsonl: bool,
    as_csv: bool,
    output_dir: str | None,
    overwrite: bool,
    skip_existing: bool,
    report: str | None,
    jobs: int | None,
    globs: tuple[str, ...],
    as_pages: bool,
    save_text: str | None,
    full: bool,
    quiet: bool,
    strict: bool,
    encoding: str | None,
    max_bytes: int,
) -> None:
    """Parse each PATH (a file, a directory walked recursively, or `-` for stdin)."""
    from ..batch.inputs import (
        DEFAULT_GLOBS,
        argument_names,
        expand,
        expand_pages,
        page_folder_clashes,
    )
    from ..batch.work import Options

    chosen = [
        name
        for name, on in (
            ("--json", as_json),
            ("--jsonl", as_jsonl),
            ("--csv", as_csv),
            ("--output-dir", output_dir is not None),
        )
        if on
    ]
    if len(chosen) > 1:
        raise click.UsageError(f"choose one of {', '.join(chosen)}")
    if skip_existing and output_dir is None:
        raise click.UsageError("--skip-existing goes with --output-dir")
    if overwrite and output_dir is None and save_text is None:
        raise click.UsageError("--overwrite goes with --output-dir or --save-text")
    if overwrite and skip_existing:
        raise click.UsageError("choose one of --overwrite and --skip-existing")
    if paths.count("-") > 1:
        raise click.UsageError("standard input (-) can be read only once")
    if output_dir is not None or save_text is not None:
        clashes = page_folder_clashes(list(paths)) if as_pages else argument_names(list(paths))[1]
        if clashes:
            first, second = clashes[0]
            raise click.UsageError(
                f"{first} and {second} would write the same output; "
                "convert them in separate runs, each with its own output directory"
            )
    globs = globs or DEFAULT_GLOBS
    inputs = (lambda: expand_pages(paths)) if as_pages else (lambda: expand(paths, globs))
    if not chosen:
        sys.exit(_view(inputs, encoding, max_bytes, strict, full))
    fmt = FORMATS[chosen[0]]
    options = Options(
        format=fmt,
        encoding=encoding,
        max_bytes=max_bytes,
        output_dir=output_dir,
        overwrite=overwrite,
        skip_existing=skip_existing,
        save_text=save_text,
    )
    single = fmt == "json" and (len(paths) == 1 or as_pages) and not any(map(os.path.isdir, paths))
    batch = (len(paths) > 1 and not as_pages) or any(os.path.isdir(p) for p in paths)
    jobs = jobs or os.cpu_count() or 1
    if "-" in paths or not batch:
        jobs = 1  # one input, or stdin: no workers to start
    sys.exit(_batch(inputs, options, jobs, single, batch, report, quiet, strict))


def _view(
    inputs: Callable[[], Iterable[Input]],
    encoding: str | None,
    max_bytes: int,
    strict: bool,
    full: bool,
) -> int:
    """The readable terminal view, one license after another."""
    from rich.console import Console

    from ..batch.work import Options, work_license
    from .view import render

    console = Console(highlight=False)
    failed = False
    for item in inputs():
        try:
            lic = work_license(item, Options(format="json", encoding=encoding, max_bytes=max_bytes))
        except LicparseError as exc:
            failed = True
            _err(f"error: {exc}")
            continue
        except Exception as exc:  # a bug must cost this input, never the rest
            failed = True
            _err(f"error: {display_path(item.path)}: {InternalError.of(exc).message}")
            continue
        render(lic, console, full=full)
        if strict and lic.warnings:
            failed = True
            _err(f"error: {item.path}: {len(lic.warnings)} warning(s) and --strict was given")
    return EXIT_FAILED if failed else EXIT_OK


class _Sink:
    """Writes outcomes to stdout in the chosen format, as they arrive."""

    def __init__(self, fmt: str, out: IO[str], single: bool) -> None:
        from ..batch.work import ctrl_c_deferred

        self.fmt, self.out, self.single, self.count = fmt, out, single, 0
        self.whole = ctrl_c_deferred
        if fmt == "csv":
            from ..batch.work import CSV_COLUMNS, csv_row

            out.write("\ufeff" + csv_row(list(CSV_COLUMNS)))

    def write(self, text: str) -> None:
        if self.fmt == "json" and not self.single:
            text = ("[\n" if not self.count else ",\n") + _indent(text)
        elif self.fmt in ("json", "jsonl"):
            text += "\n"
        # Whole or not at all: a Ctrl-C that cut a record in half would leave
        # JSON no reader can parse.
        with self.whole():
            _write_all(self.out, text)
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json" and not self.single:
            self.out.write("\n]\n" if self.count else "[]\n")
        self.out.flush()


def _write_all(out: IO[str], text: str) -> None:
    """Write all of `text`, even where the system writes part of it.

    With an unbuffered stdout (`python -u`, PYTHONUNBUFFERED) a signal that
    arrives while a pipe is full makes the write return short, and the text
    layer drops the rest: the bytes are written here until none is left.
    """
    buffer = getattr(out, "buffer", None)
    if buffer is None:  # a stream with no bytes below it (a test's StringIO)
        out.write(text)
        out.flush()
        return
    out.flush()  # what was written through the text layer goes first
    encoding = getattr(out, "encoding", None) or "utf-8"
    data = memoryview(text.encode(encoding, getattr(out, "errors", None) or "strict"))
    while data:
        data = data[buffer.write(data) or 0 :]
    buffer.flush()


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


def _batch(
    inputs: Callable[[], Iterable[Input]],
    options: Options,
    jobs: int,
    single: bool,
    batch: bool,
    report: str | None,
    quiet: bool,
    strict: bool,
) -> int:
    from ..batch.work import Report, Tally, run, save_scan_text, write_output

    tally = Tally()
    try:
        reporter = Report(report) if report else None
    except OSError as exc:  # checked before any work, as a usage error
        raise click.UsageError(f"--report {report}: {exc.strerror or exc}") from None
    sink = _Sink(options.format, sys.stdout, single) if options.format != "dir" else None
    progress = _progress(inputs) if batch and not quiet and sys.stderr.isatty() else None
    start = time.perf_counter()
    interrupted = False
    try:
        for outcome in run(inputs(), options, jobs):
            if options.format == "dir" and outcome.status == "parsed":
                assert options.output_dir is not None
                outcome = write_output(outcome, options.output_dir, overwrite=options.overwrite)
            elif sink is not None and outcome.text is not None:
                sink.write(outcome.text)
            if options.save_text and outcome.scan_text is not None:
                problem = save_scan_text(
                    outcome, options.save_text, outcome.rel, overwrite=options.overwrite
                )
                if problem:
                    _err(f"warning: {outcome.path}: {problem}")
            _say(outcome, strict)
            tally.add(outcome, strict)
            if reporter:
                reporter.add(outcome)
            if progress:
                progress.advance(outcome.pages)
        if sink:
            sink.close()
    except KeyboardInterrupt:
        interrupted = True
        if sink:
            # What was printed stays valid JSON (the array closed): the exit
            # code, 130, says the run was cut short.
            with contextlib.suppress(OSError):
                sink.close()
    except BrokenPipeError:
        # The reader went away (`| head -1`): not an error, and nothing to say.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        if reporter:  # it still accounts for what was done: the run stopped early
            reporter.close(tally, time.perf_counter() - start, interrupted=True)
        return EXIT_OK
    finally:
        if progress:
            progress.stop()
    seconds = time.perf_counter() - start
    if reporter:
        reporter.close(tally, seconds, interrupted)
    if interrupted:
        _err(f"interrupted: {tally.line(seconds)}")
        return EXIT_INTERRUPTED
    if batch and not quiet:
        _err(tally.line(seconds))
    return EXIT_FAILED if tally.failing else EXIT_OK


def _say(outcome: Outcome, strict: bool) -> None:
    if outcome.status == "failed":
        _err(
            f"error: {outcome.path if outcome.path != '-' else '<stdin>'}: {outcome.error_message}"
        )
    elif strict and outcome.warnings:
        _err(f"error: {outcome.path}: {outcome.warnings} warning(s) and --strict was given")


class _Progress:
    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("parsing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.bar.add_task("parse", total=total, rate="")
        self.start = time.perf_counter()
        self.done = self.pages = 0
        self.bar.start()

    def advance(self, pages: int) -> None:
        self.done += 1
        self.pages += pages
        rate = self.done / max(time.perf_counter() - self.start, 1e-9)
        shown = f"{rate:,.1f} files/s" + (
            f", {self.pages:,} pages" if self.pages > self.done else ""
        )
        self.bar.update(self.task, advance=1, rate=shown)

    def stop(self) -> None:
        self.bar.stop()


def _progress(inputs: Callable[[], Iterable[Input]]) -> _Progress:
    # Counting walks the folders once more, but keeps no list of paths:
    # memory stays flat for a million files.
    return _Progress(sum(1 for _ in inputs()))


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the output (one license object)."""
    import json

    from ..models import License

    click.echo(json.dumps(License.model_json_schema(), ensure_ascii=False, indent=2))
