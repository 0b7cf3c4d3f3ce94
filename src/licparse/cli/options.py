"""The options of `licparse`, in groups, each group a decorator."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# A license's scan takes seconds a page; ten minutes is what no real one needs.
DEFAULT_TIMEOUT = 600.0

F = TypeVar("F", bound=Callable[..., object])


def _apply(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    def decorate(f: F) -> F:
        for decorator in reversed(decorators):
            f = decorator(f)
        return f

    return decorate


output_options = _apply(
    click.option("--json", "as_json", is_flag=True, help="JSON: one object, or an array for many."),
    click.option("--jsonl", "as_jsonl", is_flag=True, help="One compact JSON object per line."),
    click.option("--csv", "as_csv", is_flag=True, help="One CSV row per license (UTF-8 with BOM)."),
    click.option(
        "-o",
        "--output-dir",
        metavar="DIR",
        help="Write one .json per input under DIR, at the input's relative path.",
    ),
    click.option(
        "--overwrite", is_flag=True, help="With -o or --save-text: replace existing files."
    ),
    click.option(
        "--skip-existing", is_flag=True, help="With -o: keep existing outputs (resume a run)."
    ),
    click.option("--report", metavar="FILE", help="Write a JSON report with one entry per input."),
    click.option(
        "--sqlite",
        metavar="DB",
        help="Write the licenses into an SQLite database (made if need be; a rerun "
        "updates the same inputs in place and adds the new ones).",
    ),
    click.option(
        "--xlsx",
        metavar="FILE",
        help="Write a spreadsheet: one sheet per table of --sqlite (needs the xlsx extra).",
    ),
    click.option(
        "--html",
        "html",
        is_flag=False,
        flag_value="",
        default=None,
        metavar="[FILE]",
        help="A review page: the source beside what was read. One input: --html FILE. "
        "With -o DIR: --html alone, a page beside each .json and DIR/index.html.",
    ),
    click.option(
        "--html-images",
        type=click.Choice(["embed", "files"]),
        default="embed",
        show_default=True,
        help="A scan's page images: inside the page, or .jpg files beside it.",
    ),
)

input_options = _apply(
    click.option(
        "--glob",
        "globs",
        multiple=True,
        metavar="PATTERN",
        help="File names to take from directories (repeatable; default *.txt, *.md and scans).",
    ),
    click.option(
        "--pages",
        "as_pages",
        is_flag=True,
        help="Scans: the files given are the pages of one license, in order; each folder "
        "of images is one license, pages in natural order.",
    ),
    click.option(
        "--save-text",
        metavar="DIR",
        help="Keep the OCR'd text of every scan as DIR/<name>.ocr.txt, to audit or re-run.",
    ),
    click.option(
        "--encoding", metavar="NAME", help="Decode with this encoding instead of detecting it."
    ),
    click.option(
        "--max-bytes",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help="Refuse text inputs larger than N bytes, before reading them (default: 20 MiB).",
    ),
)

validity_options = _apply(
    click.option(
        "--as-of",
        metavar="DATE",
        help="Tell each license's validity on DATE (YYYY-MM-DD, or the word today): "
        "valid, expiring, expired, not_yet_valid or unknown.",
    ),
    click.option(
        "--expiring-within",
        metavar="DAYS",
        help="With --as-of: the window for expiring (90d by default; 12w, 3m also read).",
    ),
    click.option(
        "--obligations",
        is_flag=True,
        help="Read the duties with deadlines and periods out of the clauses (obligations).",
    ),
    click.option(
        "--citations",
        is_flag=True,
        help="Read the regulations the clauses cite (citations): title, article, order.",
    ),
    click.option(
        "--fail-expired",
        is_flag=True,
        help="With --as-of: exit 1 when a license is expired or not yet valid.",
    ),
)

run_options = _apply(
    click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        metavar="N",
        help="Parse in N processes (default: the CPU count; 1 runs in-process).",
    ),
    click.option(
        "--timeout",
        type=click.FloatRange(min=0),
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="Stop an input that takes longer, in its worker, and go on (default: 600; "
        "0: no limit). With -j 1 it holds for scans: text is parsed in-process.",
    ),
    click.option(
        "--cluster",
        metavar="ADDRESS",
        help="Read the inputs on a Dask cluster (tcp://HOST:8786; the dask extra); "
        "outputs, report and order stay here.",
    ),
    click.option(
        "--ship",
        is_flag=True,
        help="With --cluster: send each file's bytes to the workers "
        "(default: they read the paths, on a shared file system).",
    ),
    click.option("--full", is_flag=True, help="Terminal view: show whole clause texts."),
    click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary."),
    click.option("--strict", is_flag=True, help="Also fail (exit 1) when a license has warnings."),
)
