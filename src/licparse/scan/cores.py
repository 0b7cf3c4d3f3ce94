"""How many readings (a page, or a batch of a page's lines) run at once in
this process: a number that may change while it runs.

A folder of a few licenses is read by one worker per core, a license each.
When the folder runs out, the workers that are done would leave their cores
idle while the last licenses finish (for three licenses on two cores, one
license read on one core with the other idle). The main process counts the
workers still busy and gives each its share of the run's threads in shared
memory (`shares`); a worker reads as many pages or batches at once as its
share (`allow`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

# The share of this process, when it is a worker of a run that shares its
# threads; `None`: the threads asked of `read_pages`, as they are.
_share: tuple[Any, int, int] | None = None


def shares(busy: list[int], slots: int, total: int) -> list[int]:
    """Each of `slots` workers' share of `total` threads, `busy` the slots
    reading now: shared evenly, the rest one more each for the first busy
    ones (3 cores and 2 busy: 2 and 1, not 1 and 1 with a core idle). A
    slot not busy keeps one thread, for the input it may be given next."""
    out = [1] * slots
    if busy:
        each, more = divmod(total, len(busy))
        for rank, slot in enumerate(sorted(busy)):
            out[slot] = max(1, each + (rank < more))
    return out


def allow(threads: Any, slot: int, total: int) -> None:
    """Read on `threads[slot]` threads from now on, at most `total`:
    `threads` is shared memory that the main process keeps (`shares`)."""
    global _share
    _share = (threads, slot, total)


def for_reading(threads: int) -> tuple[Cores, int]:
    """The cores for one reading asked for `threads` at once, and how many
    threads to start for it."""
    if _share is None:
        return Cores(lambda: threads), threads
    shared, slot, total = _share
    return Cores(lambda: min(total, shared[slot])), total


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
