"""The command line's options as one value, and the checks that they fit together."""

from __future__ import annotations

import os
from dataclasses import dataclass

import click

from ..batch.records import Format
from ..batch.work import Options

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130  # 2 (usage) is click's

# Each output format's option, in the order they are named in a conflict.
FORMATS: dict[str, Format] = {
    "--json": "json",
    "--jsonl": "jsonl",
    "--csv": "csv",
    "--output-dir": "dir",
    "--sqlite": "sqlite",
    "--xlsx": "xlsx",
}


@dataclass(frozen=True)
class Settings:
    paths: tuple[str, ...]
    as_json: bool
    as_jsonl: bool
    as_csv: bool
    output_dir: str | None
    overwrite: bool
    skip_existing: bool
    report: str | None
    sqlite: str | None
    xlsx: str | None
    html: str | None
    html_images: str
    as_of: str | None
    expiring_within: str | None
    fail_expired: bool
    obligations: bool
    citations: bool
    globs: tuple[str, ...]
    as_pages: bool
    save_text: str | None
    encoding: str | None
    max_bytes: int
    jobs: int | None
    timeout: float
    cluster: str | None
    ship: bool
    full: bool
    quiet: bool
    strict: bool

    @property
    def formats(self) -> list[str]:
        on = (
            self.as_json,
            self.as_jsonl,
            self.as_csv,
            self.output_dir is not None,
            self.sqlite is not None,
            self.xlsx is not None,
        )
        return [name for name, chosen in zip(FORMATS, on, strict=True) if chosen]

    @property
    def format(self) -> Format | None:
        """The output format; None for the terminal view."""
        return FORMATS[self.formats[0]] if self.formats else None

    def check(self) -> None:
        """Refuse options that contradict each other, before any work (exit 2)."""
        from ..batch.inputs import argument_names, page_folder_clashes

        if not self.paths:
            raise click.UsageError("name a file, a folder, or - for standard input")
        if len(self.formats) > 1:
            raise click.UsageError(f"choose one of {', '.join(self.formats)}")
        if self.ship and self.cluster is None:
            raise click.UsageError("--ship sends inputs to a cluster: give --cluster ADDRESS too")
        if self.cluster is not None and (
            self.format is None or (self.html and not self.output_dir)
        ):
            raise click.UsageError(
                "--cluster runs a batch: choose an output (--json, --jsonl, --csv, -o DIR …)"
            )
        if self.output_dir is not None and (
            os.path.isfile(self.output_dir)
            or self.output_dir.lower().endswith((".json", ".jsonl", ".csv", ".txt"))
        ):
            raise click.UsageError(
                f"-o {self.output_dir}: -o names a folder, for one .json per input; "
                f"to write one file, redirect: licparse FILE --json > {self.output_dir}"
            )
        if self.encoding is not None:
            import codecs

            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise click.UsageError(
                    f"--encoding {self.encoding}: no such encoding (try gb18030, utf-8, utf-16)"
                ) from None
        if self.skip_existing and self.output_dir is None:
            raise click.UsageError("--skip-existing goes with --output-dir")
        if (
            self.overwrite
            and self.output_dir is None
            and self.save_text is None
            and not self.html
            and self.xlsx is None
        ):
            raise click.UsageError(
                "--overwrite goes with --output-dir, --save-text, --html or --xlsx"
            )
        if self.overwrite and self.skip_existing:
            raise click.UsageError("choose one of --overwrite and --skip-existing")
        if self.html is not None:
            self._check_html()
        self._check_validity()
        if self.report is not None:
            self._check_report()
        if self.paths.count("-") > 1:
            raise click.UsageError("standard input (-) can be read only once")
        if self.output_dir is not None or self.save_text is not None:
            paths = list(self.paths)
            clashes = page_folder_clashes(paths) if self.as_pages else argument_names(paths)[1]
            if clashes:
                first, second = clashes[0]
                raise click.UsageError(
                    f"{first} and {second} would write the same output; "
                    "convert them in separate runs, each with its own output directory"
                )

    def _check_report(self) -> None:
        """--report must not replace one of the run's own inputs (an output
        it would replace is refused when it is written: `Batch.outcomes`)."""
        assert self.report is not None
        from ..batch.inputs import DEFAULT_GLOBS, matches

        report = os.path.realpath(self.report)
        inputs = {os.path.realpath(p) for p in self.paths if p != "-"}
        walked = any(report.startswith(d + os.sep) for d in inputs if os.path.isdir(d))
        taken = walked and matches(os.path.basename(report), self.globs or DEFAULT_GLOBS)
        if report in inputs or taken:
            raise click.UsageError(f"--report {self.report} is among the inputs: name another file")

    def _check_validity(self) -> None:
        from ..validity import as_of_date, window_days

        if self.as_of is None:
            if self.expiring_within is not None or self.fail_expired:
                raise click.UsageError("--expiring-within and --fail-expired go with --as-of DATE")
            return
        try:
            as_of_date(self.as_of)
        except ValueError:
            raise click.UsageError(
                f"--as-of {self.as_of}: write a date as YYYY-MM-DD, or the word today"
            ) from None
        if self.expiring_within is not None:
            try:
                window_days(self.expiring_within)
            except ValueError as exc:
                raise click.UsageError(f"--expiring-within: {exc}") from None

    @property
    def as_of_iso(self) -> str | None:
        """The --as-of date, `today` read once, here."""
        from ..validity import as_of_date

        return as_of_date(self.as_of).isoformat() if self.as_of else None

    @property
    def window(self) -> int:
        from ..validity import DEFAULT_WINDOW_DAYS, window_days

        return window_days(self.expiring_within) if self.expiring_within else DEFAULT_WINDOW_DAYS

    def _check_html(self) -> None:
        if self.output_dir is not None:
            if self.html:
                raise click.UsageError(
                    "with -o, --html takes no file name: each page is written beside its .json"
                )
            return
        if self.batch:
            raise click.UsageError(
                "several inputs get one page each: add -o DIR (and give --html no file name)"
            )
        if not self.html:
            raise click.UsageError("name the page: --html FILE.html (or -o DIR --html for a batch)")
        if os.path.isdir(self.html):
            raise click.UsageError(f"--html {self.html} is a folder: name the page file")

    @property
    def options(self) -> Options:
        """What each input's work needs to know."""
        return Options(
            format=self.format or "json",
            encoding=self.encoding,
            max_bytes=self.max_bytes,
            output_dir=self.output_dir,
            overwrite=self.overwrite,
            skip_existing=self.skip_existing,
            save_text=self.save_text,
            html=self.html is not None,
            html_images=self.html_images,
            page_name=os.path.basename(self.html).removesuffix(".html") if self.html else None,
            as_of=self.as_of_iso,
            window_days=self.window,
            obligations=self.obligations,
            citations=self.citations,
        )

    @property
    def batch(self) -> bool:
        """Several inputs (or a folder): a summary line, a progress bar, workers."""
        paths = self.paths
        return (len(paths) > 1 and not self.as_pages) or any(map(os.path.isdir, paths))

    @property
    def single(self) -> bool:
        """One JSON object, not an array."""
        return (
            self.format == "json"
            and (len(self.paths) == 1 or self.as_pages)
            and not any(map(os.path.isdir, self.paths))
        )

    @property
    def workers(self) -> int:
        if "-" in self.paths or not self.batch:
            return 1  # one input, or stdin: no workers to start
        from ..batch.plan import cores

        return self.jobs or cores()
