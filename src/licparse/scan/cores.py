"""How many readings (a page, or a batch of a page's lines) run at once in
this process: a number that may change while it runs.

A folder of a few licenses is read by one worker per core, a license each.
When the folder runs out, the workers that are done would leave their cores
idle while the last licenses finish (for three licenses on two cores, one
license read on one core with the other idle). The main process counts the
workers still busy and shares the count with them; a worker reads as many
pages or batches at once as its share of the run's threads (`allow`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

# The share of this process, when it is a worker of a run that shares its
# threads; `None`: the threads asked of `read_pages`, as they are.
_share: tuple[Any, int] | None = None


def allow(busy: Any, total: int) -> None:
    """Read on this worker's share of the run's `total` threads from now on:
    `busy.value` (shared memory, kept by the main process) is how many
    workers are busy, each reading on an equal share."""
    global _share
    _share = (busy, total)


def for_reading(threads: int) -> tuple[Cores, int]:
    """The cores for one reading asked for `threads` at once, and how many
    threads to start for it."""
    if _share is None:
        return Cores(lambda: threads), threads
    busy, total = _share
    return Cores(lambda: total // max(1, busy.value)), total


class Cores:
    """At most `limit()` holders at once. The limit is looked at again every
    quarter second while waiting: another process changes it."""

    def __init__(self, limit: Callable[[], int]) -> None:
        self.limit = limit
        self.used = 0
        self.changed = threading.Condition()

    def take(self, unless: Callable[[], bool] = lambda: False) -> bool:
        """Hold one (True), or give up waiting once `unless()` (False)."""
        with self.changed:
            while self.used >= max(1, self.limit()):
                if unless():
                    return False
                self.changed.wait(0.25)
            self.used += 1
            return True

    def give(self) -> None:
        with self.changed:
            self.used -= 1
            self.changed.notify_all()

    @contextlib.contextmanager
    def one(self) -> Iterator[None]:
        self.take()
        try:
            yield
        finally:
            self.give()
