"""`--html FILE` for one input: its review page, its images beside it with
`--html-images files`, written whole or not at all."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from .settings import EXIT_FAILED, EXIT_OK, Settings
from .text import err

if TYPE_CHECKING:
    from ..batch.inputs import Input


def single_page(settings: Settings, inputs: Callable[[], Iterable[Input]]) -> int:
    """`--html FILE` for one input: its review page (its images beside it
    with --html-images files); the exit code."""
    from ..batch.outputs import write_atomic
    from ..batch.pages import write_binary
    from ..batch.work import work

    assert settings.html
    page = settings.html
    # Refused before the input is read: a scan's OCR takes minutes.
    if not settings.overwrite and os.path.lexists(page):
        err(f"error: {page} exists: add --overwrite to replace it")
        return EXIT_FAILED
    (item,) = list(inputs())
    outcome = work(item, settings.options._replace(format="json"))
    if outcome.status == "failed" or outcome.page is None:
        err(f"error: {outcome.shown}: {outcome.error_message}")
        return EXIT_FAILED
    folder = os.path.dirname(page)
    stem = os.path.basename(page).removesuffix(".html")
    images = [
        os.path.join(folder, f"{stem}.page{n}.jpg") for n in range(1, len(outcome.images) + 1)
    ]
    # Every name checked before any is written: a refusal leaves nothing.
    taken = [name for name in images if os.path.lexists(name)]
    if taken and not settings.overwrite:
        err(f"error: {taken[0]} exists: add --overwrite to replace it")
        return EXIT_FAILED
    made: list[str] = []
    try:
        if folder:
            os.makedirs(folder, exist_ok=True)
        for name, jpeg in zip(images, outcome.images, strict=True):
            write_binary(name, jpeg, settings.overwrite)
            if name not in taken:
                made.append(name)
        write_atomic(page, outcome.page, overwrite=settings.overwrite)
    except OSError as exc:
        for name in made:  # no page, so no images of it either
            with contextlib.suppress(OSError):
                os.unlink(name)
        if isinstance(exc, FileExistsError):  # another process took the name meanwhile
            err(f"error: {page} exists: add --overwrite to replace it")
        else:
            err(f"error: cannot write {page}: {exc.strerror or exc}")
        return EXIT_FAILED
    if not settings.quiet and settings.format is None:
        err(f"wrote {page}")
    if settings.strict and outcome.warnings:
        err(f"error: {outcome.path}: {outcome.warnings} warning(s) and --strict was given")
        return EXIT_FAILED
    if settings.fail_expired and outcome.validity in ("expired", "not_yet_valid"):
        return EXIT_FAILED
    return EXIT_OK
