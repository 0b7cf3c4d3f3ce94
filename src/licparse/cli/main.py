"""The `licparse` command: reads arguments, calls the library, renders.

Only argument handling lives here; the batch machinery is `licparse.batch`,
the terminal view `cli.view`, the stdout formats `cli.stream`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

import click

from .._version import __version__
from .cluster import client_for
from .options import input_options, output_options, run_options, validity_options
from .page_file import single_page
from .settings import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, Settings
from .text import err as _err

if TYPE_CHECKING:
    from ..batch.database import Database
    from ..batch.inputs import Input
    from ..batch.workbook import Workbook

HELP = """Turn OCR'd 增值电信业务经营许可证 text and scans into validated, structured data.

Each PATH is a file, a folder (walked recursively) or - for standard input.

\b
Examples:
  licparse license.txt                 a readable view in the terminal
  licparse license.txt --json          the JSON of the output contract
  cat scan.txt | licparse - --json     standard input
  licparse scans/ --jsonl > all.jsonl  a folder, one JSON object per line
  licparse scans/ -o out/ --report r.json
                                       one .json per input, and a report
  licparse scans/ --csv > all.csv      a spreadsheet
  licparse scan.pdf                    a scan (needs the OCR extra)
  licparse scan.pdf --html scan.html   a review page: the scan beside what was read
  licparse scans/ -o out/ --html       a page beside each .json, and out/index.html
  licparse schema [error|report]       the JSON Schema of a record
  licparse calendar scans/ -o duties.ics
                                       the dated duties, as an iCalendar file
  licparse diff old.txt new.txt        what changed between two licenses

\b
Exit codes:
  0    every input parsed (warnings allowed unless --strict)
  1    an input could not be parsed (or had warnings, with --strict)
  2    usage error
  130  interrupted (Ctrl-C)
"""

# Named commands beside the main one: `licparse schema`. A file of that name
# is read as `licparse ./schema`.
_COMMAND = "licparse.command"


class _Licparse(click.Command):
    """`licparse PATH...`, with `licparse schema` beside it.

    One command rather than a group with a default subcommand: then
    `licparse --help` lists the real options, usage errors show the real
    usage, and shell completion sees them.
    """

    commands: ClassVar[dict[str, click.Command]] = {}

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] in self.commands:
            ctx.meta[_COMMAND] = (self.commands[args[0]], args[1:])
            return []
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        if _COMMAND in ctx.meta:
            command, args = ctx.meta[_COMMAND]
            with command.make_context(f"{ctx.info_name} {command.name}", args) as sub:
                return command.invoke(sub)
        return super().invoke(ctx)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@click.command(
    "licparse",
    cls=_Licparse,
    help=HELP,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.argument("paths", nargs=-1, metavar="PATH...", type=click.Path(allow_dash=True))
@output_options
@input_options
@validity_options
@run_options
@click.version_option(__version__, prog_name="licparse")
def main(**values: Any) -> None:
    # `timeout`, systemd, docker and a closed terminal stop a run with SIGTERM
    # or SIGHUP: handled as Ctrl-C is, so the output is closed, the report
    # written and no temporary file left.
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop)
    if not values["paths"] and not sys.stdin.isatty():
        values["paths"] = ("-",)  # `cat a.txt | licparse --json`, as jq reads it
    settings = Settings(**values)
    settings.check()
    inputs = _inputs(settings)
    if next(iter(inputs()), None) is None:
        # An empty folder or a glob that matched nothing is no success.
        globs = ", ".join(settings.globs or ("*.txt", "*.md", "scans"))
        _err(f"error: no input found in {', '.join(settings.paths)} (looked for {globs})")
        sys.exit(EXIT_FAILED)
    if settings.html and settings.output_dir is None:
        code = single_page(settings, inputs)
        if settings.format is None or code != EXIT_OK:
            sys.exit(code)
    if settings.format is None:
        from .view import show

        failed = show(
            inputs(),
            encoding=settings.encoding,
            max_bytes=settings.max_bytes,
            strict=settings.strict,
            full=settings.full,
            say=_err,
            options=settings.options,
            fail_expired=settings.fail_expired,
        )
        sys.exit(EXIT_FAILED if failed else EXIT_OK)
    sys.exit(_convert(settings, inputs))


def _inputs(settings: Settings) -> Callable[[], Iterable[Input]]:
    from ..batch.inputs import DEFAULT_GLOBS, expand, expand_pages

    if settings.as_pages:
        return lambda: expand_pages(settings.paths)
    return lambda: expand(settings.paths, settings.globs or DEFAULT_GLOBS)


def progress_wanted(settings: Settings, stdout_tty: bool, stderr_tty: bool) -> bool:
    """A progress bar on a terminal, but never on the screen the data is
    printed to: redrawn between records, it would cut them."""
    prints_data = settings.format in ("json", "jsonl", "csv")
    return settings.batch and not settings.quiet and stderr_tty and not (prints_data and stdout_tty)


def _convert(settings: Settings, inputs: Callable[[], Iterable[Input]]) -> int:
    """A run in one of the output formats; the exit code."""
    from ..batch.run import Batch
    from .progress import progress_for
    from .stream import OutputFailedError, Sink

    options = settings.options
    cluster = client_for(settings)
    try:
        batch = Batch(
            options,
            jobs=settings.workers,
            strict=settings.strict,
            report=settings.report,
            fail_expired=settings.fail_expired,
            timeout=settings.timeout or None,
            say=lambda note: _err(f"note: {note}"),
            cluster=cluster,
            ship=settings.ship,
        )
    except OSError as exc:  # checked before any work, as a usage error
        raise click.UsageError(f"--report {settings.report}: {exc.strerror or exc}") from None
    if batch.stale:
        _err(f"removed {batch.stale} temporary file(s) a crashed run left in {options.output_dir}")
    sink: Sink | Database | Workbook | None = None
    if options.format == "sqlite":
        import sqlite3

        from ..batch.database import Database

        assert settings.sqlite is not None
        try:
            sink = Database(settings.sqlite)
        except sqlite3.Error as exc:
            raise click.UsageError(f"--sqlite {settings.sqlite}: {exc}") from None
    elif options.format == "xlsx":
        import importlib.util

        from ..batch.workbook import Workbook

        assert settings.xlsx is not None
        if importlib.util.find_spec("openpyxl") is None:
            raise click.ClickException(
                "--xlsx needs openpyxl: pip install -e '.[xlsx]' from a checkout"
            )
        try:
            sink = Workbook(settings.xlsx, overwrite=settings.overwrite)
        except FileExistsError as exc:
            raise click.UsageError(str(exc)) from None
    elif options.format != "dir":
        sink = Sink(options.format, sys.stdout, settings.single)
    show_progress = progress_wanted(settings, sys.stdout.isatty(), sys.stderr.isatty())
    progress = progress_for(inputs) if show_progress else None
    start = time.perf_counter()
    interrupted = unwritten = False
    outcomes = batch.outcomes(inputs())
    try:
        for outcome in outcomes:
            if sink is not None and outcome.text is not None:
                sink.write(outcome.text)
            if outcome.problem:  # its review page or OCR text, asked for, not written
                _err(f"error: {outcome.path}: {outcome.problem}")
                unwritten = True
            if outcome.status == "failed":
                _err(f"error: {outcome.shown}: {outcome.error_message}")
            elif settings.strict and outcome.warnings:
                _err(f"error: {outcome.path}: {outcome.warnings} warning(s) and --strict was given")
            elif settings.fail_expired and outcome.validity in ("expired", "not_yet_valid"):
                status = outcome.validity.replace("_", " ")
                _err(f"error: {outcome.path}: {status} on {settings.as_of_iso} (--fail-expired)")
            if progress:
                progress.advance(outcome.pages)
        if sink:
            sink.close()
    except KeyboardInterrupt:
        interrupted = True
        if sink:
            # What was printed stays valid JSON (the array closed): the exit
            # code, 130, says the run was cut short.
            with contextlib.suppress(OSError, OutputFailedError):
                sink.close()
    except BrokenPipeError:
        # The reader went away (`| head -1`): not an error, and nothing to say.
        _stdout_to_devnull()
        # The report still accounts for what was done: the run stopped early.
        problem = batch.close(time.perf_counter() - start, interrupted=True)
        if problem is not None:
            _err(f"error: {problem}")
        return EXIT_OK if problem is None else EXIT_FAILED
    except OutputFailedError as exc:
        # A full disk: every later record would be lost too, so the run stops.
        # The part of a record that was written is gone again (on a file),
        # and the room it took closes the JSON array.
        if isinstance(sink, Sink):
            with contextlib.suppress(OutputFailedError):
                sink.close()
        _stdout_to_devnull()
        outcomes.close()
        problem = batch.close(time.perf_counter() - start, interrupted=True)
        done = f"the run stopped after {batch.tally.files:,} input(s)"
        if settings.report and problem is None:
            done += f" (--report {settings.report} lists them)"
        _err(f"error: {exc}; {done}")
        if problem is not None:
            _err(f"error: {problem}")
        return EXIT_FAILED
    finally:
        outcomes.close()  # stops the workers if the loop was left early
        if progress:
            progress.stop()
    seconds = time.perf_counter() - start
    problem = batch.close(seconds, interrupted=interrupted)
    if problem is not None:
        _err(f"error: {problem}")
    if interrupted:
        _err(f"interrupted: {batch.tally.line(seconds)}")
        return EXIT_INTERRUPTED
    if settings.batch and not settings.quiet:
        _err(batch.tally.line(seconds))
    return EXIT_FAILED if batch.tally.failing or problem or unwritten else EXIT_OK


def _stdout_to_devnull() -> None:
    """Send what stdout still holds nowhere, so Python's flush at exit
    prints no second error."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


@click.command("schema")
@click.argument("record", type=click.Choice(["license", "error", "report"]), default="license")
def schema_command(record: str) -> None:
    """Print the JSON Schema of a record licparse writes: a license (the
    default), a failed input's record, or the --report file."""
    import json

    from ..schemas import SCHEMAS

    click.echo(json.dumps(SCHEMAS[record](), ensure_ascii=False, indent=2))


_Licparse.commands["schema"] = schema_command


@click.command("calendar")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "-o", "--output", required=True, metavar="FILE.ics", help="The iCalendar file to write."
)
@click.option("--overwrite", is_flag=True, help="Replace FILE.ics if it exists.")
def calendar_command(paths: tuple[str, ...], output: str, overwrite: bool) -> None:
    """Write the dated duties of every license to an iCalendar (RFC 5545) file:
    expiry, the renewal application deadline, the yearly report window."""
    import importlib.util

    from ..batch.inputs import DEFAULT_GLOBS, expand
    from ..batch.outputs import write_atomic
    from ..batch.reading import read_input
    from ..errors import LicparseError, display_path
    from ..obligations import with_obligations

    if importlib.util.find_spec("icalendar") is None:
        raise click.ClickException(
            "the calendar needs icalendar: pip install -e '.[calendar]' in the licparse checkout"
        )
    from ..calendar import calendar_of, events_of

    licenses, failed = [], False
    for item in expand(list(paths), DEFAULT_GLOBS):
        try:
            licenses.append(with_obligations(read_input(item)[0]))
        except LicparseError as exc:
            failed = True
            _err(f"error: {display_path(exc.source or item.path)}: {exc.message}")
    events = sum(len(events_of(lic)) for lic in licenses)
    try:
        write_atomic(output, calendar_of(licenses).decode("utf-8"), overwrite=overwrite)
    except FileExistsError:
        raise click.ClickException(f"{output} exists: add --overwrite to replace it") from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    plural = "" if len(licenses) == 1 else "s"
    _err(f"wrote {events} events of {len(licenses)} license{plural} to {output}")
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


_Licparse.commands["calendar"] = calendar_command


@click.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--json", "as_json", is_flag=True, help="The differences as JSON, for scripts.")
def diff_command(old: str, new: str, as_json: bool) -> None:
    """Compare two licenses (text or scans): cover fields, services, clauses
    aligned by their text. Exit 0 the same (differences of OCR or print form
    only, reported as noise, count as the same), 1 different, 2 trouble."""
    from .compare import run_diff

    sys.exit(run_diff(old, new, as_json))


_Licparse.commands["diff"] = diff_command
