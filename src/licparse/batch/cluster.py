"""A batch on a Dask distributed cluster (`--cluster ADDRESS`; the dask extra).

The cluster only reads: each input is a task that gives back its outcome
(its JSON, CSV row or page, as a local worker gives it), and everything
else stays here, as in a local run: outputs written atomically and without
clobbering, `--skip-existing` decided before anything is sent, the report,
the progress bar, input order. A task reads its input where the cluster's
workers run (a shared file system), or from bytes sent with it (`ship`).

Isolation travels with the work. On a cluster worker a task reads its input
in a process of its own (`workers.Workers`, one per worker thread, kept
between tasks so the OCR engine loads once), so the time limit stops that
process and a crash costs that input, as locally; every limit on a file
(pages, pixels, PDF content, lines) is in the reading itself. A cluster
worker that dies with a task is Dask's to handle: it runs the task again
elsewhere, and after Dask's `allowed-failures` the input fails as
`worker_died`. Starting a process needs a non-daemonic cluster worker
(`DASK_DISTRIBUTED__WORKER__DAEMON=False`); without a time limit
(`--timeout 0`) tasks run in the cluster worker's own thread.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import ReadError, WorkerDiedError
from .inputs import Input
from .reading import with_stdin
from .work import Options, Outcome, existing, failed, work

# Tasks in flight for each thread the cluster's workers have: enough to keep
# them busy while outcomes come back, few enough to hold.
PER_THREAD = 2

DAEMON_HINT = (
    "the cluster's workers are daemonic processes, which cannot start the process "
    "an input is read in to keep --timeout: start them with "
    "DASK_DISTRIBUTED__WORKER__DAEMON=False (or give --timeout 0)"
)


class ClusterError(Exception):
    """The cluster cannot be used as asked (its address, its workers)."""


def connect(address: str, timeout: float | None) -> Any:
    """A Dask client for `address`, checked for what the run needs."""
    from distributed import Client

    try:
        client = Client(address, timeout="20s")  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    check(client, timeout)
    return client


def check(client: Any, timeout: float | None) -> None:
    if timeout is not None and any(client.run(_daemonic).values()):
        raise ClusterError(DAEMON_HINT)


def _daemonic() -> bool:
    import multiprocessing

    return bool(multiprocessing.current_process().daemon)


def run_on(
    client: Any,
    inputs: Iterable[Input],
    options: Options,
    timeout: float | None,
    *,
    ship: bool = False,
) -> Iterator[Outcome]:
    """Each input's outcome from the cluster behind `client`, in input order.

    Outputs are not written here: `Batch` writes them, as for a local run.
    """
    # The outputs are this side's; a task reads one scan on one worker thread.
    remote = options._replace(
        output_dir=None, skip_existing=False, overwrite=False, ocr_threads=1, preload=False
    )
    threads = max(1, sum(client.nthreads().values()))
    window: deque[tuple[Input, Any, str | None, bool]] = deque()
    for item in map(lambda item: with_stdin(item, options.max_bytes), inputs):
        settled, out, redo = existing(item, options)
        if settled is not None:
            window.append((item, settled, out, redo))
        else:
            sent = _shipped(item) if ship else item
            future = client.submit(remote_work, sent, remote, timeout, pure=False)
            window.append((item, future, out, redo))
        while len(window) > threads * PER_THREAD:
            yield _outcome(*window.popleft(), options)
    while window:
        yield _outcome(*window.popleft(), options)


def _shipped(item: Input) -> Input:
    """The input with its bytes, for workers that cannot read its path."""
    if item.error is not None or item.data is not None or item.pages:
        return item  # a --pages input is read where the workers run
    try:
        with open(item.path, "rb") as f:
            return item._replace(data=f.read())
    except OSError as exc:
        return item._replace(error=ReadError(f"cannot read {item.path}: {exc.strerror or exc}"))


def _outcome(item: Input, pending: Any, out: str | None, redo: bool, options: Options) -> Outcome:
    if isinstance(pending, Outcome):
        return pending
    try:
        outcome: Outcome = pending.result()
    except Exception:  # the task itself failed: its worker died, Dask gave up on it
        return failed(item, options, WorkerDiedError(), time.perf_counter())
    return outcome._replace(output=out, redo=redo) if outcome.status == "parsed" else outcome


# Each cluster worker thread's pool of one local worker process, by the
# options it reads with: kept between tasks, so the engine loads once.
_pools: dict[tuple[int, Options, float | None], Any] = {}
_pools_lock = threading.Lock()


def remote_work(item: Input, options: Options, timeout: float | None) -> Outcome:
    """A task: one input read on a cluster worker, in a process of its own
    when there is a time limit to keep."""
    if timeout is None:
        return work(item, options)
    from .workers import Workers

    key = (threading.get_ident(), options, timeout)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = Workers(1, options, window=1, timeout=timeout)
    for outcomes in pool.run([[item]]):
        return outcomes[0]
    raise AssertionError("a pool gives an outcome for each input")  # pragma: no cover


def records(
    client: Any,
    paths: Iterable[str],
    *,
    timeout: float | None = 600.0,
    ship: bool = False,
) -> Iterator[dict[str, Any]]:
    """For Python users with a Dask client: each path's record, as `licparse
    --jsonl` prints it (a license, or `{"source", "error"}`), in order.

    `paths` are files (text or scans), read where the cluster's workers run
    unless `ship` sends their bytes."""
    import json

    from .inputs import output_names

    names = list(paths)
    items = [Input(path, rel) for path, rel in zip(names, output_names(names), strict=True)]
    check(client, timeout)
    for outcome in run_on(client, items, Options(format="jsonl"), timeout, ship=ship):
        assert outcome.text is not None
        yield json.loads(outcome.text)
