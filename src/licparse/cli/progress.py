"""The progress bar of a batch on a terminal: files, pages, rate, time left."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..batch.report import pace

if TYPE_CHECKING:
    from ..batch.inputs import Input


class Progress:
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
        seconds = max(time.perf_counter() - self.start, 1e-9)
        shown = pace(self.done, seconds, "file") + (
            f", {self.pages:,} pages, {pace(self.pages, seconds, 'page')}" if self.pages else ""
        )
        self.bar.update(self.task, advance=1, rate=shown)

    def stop(self) -> None:
        self.bar.stop()


def progress_for(inputs: Callable[[], Iterable[Input]]) -> Progress:
    # Counting walks the folders once more, but keeps no list of paths:
    # memory stays flat for a million files.
    return Progress(sum(1 for _ in inputs()))
