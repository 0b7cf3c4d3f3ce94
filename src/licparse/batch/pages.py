"""Review pages of a batch (`--html`): each parsed input's page, rendered in
the worker beside its JSON, written by the main process next to the JSON
file, and an `index.html` over all the inputs of the run."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..answers import answered
from ..errors import display_path
from .inputs import Input
from .outputs import _make_dirs_inside, exists_message, output_path, write_atomic

if TYPE_CHECKING:
    from ..models import License
    from ..review import IndexRow
    from ..scan import ScanText
    from .work import Options, Outcome

INDEX = "index.html"


def review_input(
    item: Input, options: Options
) -> tuple[License, ScanText | None, str, list[bytes]]:
    """Parse one input for its review page: the license, the scan it was read
    from, the page, and the page images to write beside it (`--html-images files`)."""
    from ..review import render_page
    from ..review.page import embedded
    from .reading import read_source

    source = read_source(
        item,
        encoding=options.encoding,
        max_bytes=options.max_bytes,
        review=True,
        scans=options.scans_here,
        threads=options.ocr_threads,
    )
    assert source.text is not None and source.roles is not None
    lic, scan = answered(source.license, options), source.scan
    images: list[bytes] = []
    name = options.page_name or os.path.basename(output_path("", item.rel, ""))

    def image_src(number: int, jpeg: bytes) -> str:
        if options.html_images != "files":
            return embedded(number, jpeg)
        images.append(jpeg)
        return f"{name}.page{number}.jpg"

    page = render_page(
        lic,
        source.text,
        source.roles,
        page_starts=scan.page_starts if scan else None,
        views=scan.views if scan else None,
        image_src=image_src,
    )
    return lic, scan, page, images


def page_path(output_dir: str, rel: str) -> str:
    return output_path(output_dir, rel, ".html")


def write_page(outcome: Outcome, output_dir: str, *, overwrite: bool) -> Outcome:
    """Write a parsed outcome's page (and its images) beside its JSON; a
    failure to write becomes the outcome's problem, never its loss."""
    assert outcome.page is not None
    path = page_path(output_dir, outcome.rel)
    try:
        _make_dirs_inside(output_dir, os.path.dirname(path))
        for number, jpeg in enumerate(outcome.images, start=1):
            write_binary(f"{path.removesuffix('.html')}.page{number}.jpg", jpeg, overwrite)
        write_atomic(path, outcome.page, overwrite=overwrite)
    except FileExistsError as exc:
        # os.link names its temporary source; an image names itself.
        taken = exc.filename if str(exc.filename or "").endswith(".jpg") else path
        return outcome._replace(problem=exists_message(display_path(taken)))
    except OSError as exc:
        return outcome._replace(
            problem=f"cannot write the page {display_path(path)}: {exc.strerror or exc}"
        )
    return outcome


def write_binary(path: str, data: bytes, overwrite: bool) -> None:
    """An image beside a page: whole or not at all, never over a file unasked."""
    if not overwrite and os.path.lexists(path):
        raise FileExistsError(17, "exists", path)
    tmp = f"{path}.licparse-tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def index_row(outcome: Outcome, output_dir: str) -> IndexRow:
    from ..review import IndexRow

    href = None
    if outcome.page is not None and outcome.problem is None:
        href = os.path.relpath(page_path(output_dir, outcome.rel), output_dir)
    if outcome.status == "skipped" and outcome.output is not None:
        return _earlier_row(outcome, output_dir)
    return IndexRow(
        path=outcome.shown,
        href=href,
        status=outcome.status,
        number=outcome.license_number,
        company=outcome.company,
        expiry=outcome.expiry,
        warnings=outcome.warnings,
        error=outcome.error_message,
        validity=outcome.validity,
    )


def _earlier_row(outcome: Outcome, output_dir: str) -> IndexRow:
    """A skipped input's row (--skip-existing), from the output an earlier run
    wrote, and linking the page it wrote: a resumed run's index keeps the
    inputs done before it was cut short."""
    import json

    from ..review import IndexRow

    assert outcome.output is not None
    try:
        with open(outcome.output, encoding="utf-8") as f:
            earlier = json.load(f)
    except (OSError, ValueError):
        earlier = {}
    if not isinstance(earlier, dict):
        earlier = {}
    page = page_path(output_dir, outcome.rel)
    warnings = earlier.get("warnings")
    return IndexRow(
        path=outcome.shown,
        href=os.path.relpath(page, output_dir) if os.path.isfile(page) else None,
        status=outcome.status,
        number=earlier.get("license_number"),
        company=earlier.get("company_name"),
        expiry=earlier.get("expiry_date"),
        warnings=len(warnings) if isinstance(warnings, list) else 0,
    )


def write_index(rows: list[IndexRow], output_dir: str, *, overwrite: bool) -> str | None:
    """Write the index; a problem is returned as a message."""
    from ..review import render_index

    path = os.path.join(output_dir, INDEX)
    try:
        os.makedirs(output_dir, exist_ok=True)
        write_atomic(path, render_index(rows), overwrite=overwrite)
    except FileExistsError:
        return exists_message(display_path(path))
    except OSError as exc:
        return f"cannot write {display_path(path)}: {exc.strerror or exc}"
    return None
