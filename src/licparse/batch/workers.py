"""Worker processes for a batch, and what happens when one of them dies or
runs past the time limit.

A worker can die with no Python exception: the kernel's out-of-memory killer,
or a crash inside a native library (PDFium on a malformed PDF, the OCR
runtime). `multiprocessing.Pool` then waits for the lost task forever, and
`concurrent.futures` can hang too: its manager thread blocks reading a result
that a dying worker had half written. So each worker here has its own pair of
pipes and the main process waits on them and on the processes themselves, in
one thread: a dead worker is seen at once, its pipe reads as closed rather
than blocking.

A worker sends each input's outcome as soon as it has it, so it never holds
more than one input's output, and the main process always knows which input
a worker is on and since when. An input that outlives the time limit, or
that its worker dies on, fails alone (`timeout`, `worker_died`); the worker
is replaced and the inputs it still held go to the next free one.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, NamedTuple

from ..errors import LicparseError, TimedOutError, WorkerDiedError
from ..scan.cores import shares
from .inputs import Input
from .work import Options, Outcome, failed, ignore_sigint, work


def _serve(
    tasks: Connection,
    results: Connection,
    options: Options,
    inherited: list[Connection],
    parent: int,
    share: tuple[Any, int, int] | None,
) -> None:
    """A worker's loop: a chunk of inputs in, each outcome out as it is ready."""
    ignore_sigint()
    _die_with(parent)
    # A forked worker holds copies of the main process's ends of every pipe,
    # its own included: closed here, its task pipe ends (EOFError) when the
    # main process dies, even by SIGKILL, instead of the worker waiting forever.
    for connection in inherited:
        connection.close()
    if options.preload:
        _preload(options.ocr_threads or 1)
        from ..scan.cores import allow

        # The run's threads shared among the workers still busy: when the
        # inputs run out, the last licenses are read on every core.
        if share is not None:
            allow(*share)
    while True:
        try:
            payload = tasks.recv_bytes()
        except EOFError:  # the main process is gone
            return
        if not payload:
            return
        for item in pickle.loads(payload):
            try:
                results.send(work(item, options))
            except OSError:  # the main process is gone
                return


def _preload(threads: int) -> None:
    """Load the OCR engines before the first input is timed. If they cannot
    load, the first scan says why, in its own error, as it would have."""
    from ..scan import ocr_available

    if not ocr_available():
        return
    from ..scan.ocr import preload

    with contextlib.suppress(Exception):
        preload(threads)


def _die_with(parent: int) -> None:
    """End this worker when the main process ends, however it ends: a worker
    deep in a long OCR never reads its task pipe, so it would run on under
    init after a SIGKILL. Linux does it in the kernel (PR_SET_PDEATHSIG);
    elsewhere a thread watches the parent."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        armed = libc.prctl(1, signal.SIGKILL) == 0  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        armed = False
    if os.getppid() != parent:  # it died before the signal was armed
        os._exit(1)
    if not armed:

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()


# The main process's ends of the workers' pipes, for a forked worker to close.
_MAIN_ENDS: set[Connection] = set()


class _Worker:
    def __init__(self, options: Options, share: tuple[Any, int] | None, slot: int) -> None:
        self.slot = slot  # its place in the shared threads, which a replacement takes
        context = multiprocessing.get_context()
        task_reader, self.tasks = context.Pipe(duplex=False)
        self.results, result_writer = context.Pipe(duplex=False)
        _MAIN_ENDS.update((self.tasks, self.results))
        inherited = list(_MAIN_ENDS) if context.get_start_method() == "fork" else []
        self.process: BaseProcess = context.Process(
            target=_serve,
            args=(
                task_reader,
                result_writer,
                options,
                inherited,
                os.getpid(),
                None if share is None else (share[0], slot, share[1]),
            ),
            daemon=True,
        )
        self.process.start()
        # Only the worker may hold the writing end: when it dies, reading its
        # results then ends (EOFError) instead of waiting for more bytes.
        task_reader.close()
        result_writer.close()
        self.since = time.monotonic()  # when it started the input it is on

    def send(self, payload: bytes) -> bool:
        """Send a pickled chunk of inputs (pickled once: its size decides)."""
        try:
            self.tasks.send_bytes(payload)
        except OSError:  # it died while idle
            return False
        return True

    def receive(self) -> Outcome | None:
        """Its next outcome, or None if it died before sending it whole."""
        try:
            outcome: Outcome = self.results.recv()
        except (EOFError, OSError):
            return None
        return outcome

    def stop(self, *, now: bool) -> None:
        if not now:
            with contextlib.suppress(OSError):
                self.tasks.send_bytes(b"")  # stop
            self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=5)
        if self.process.is_alive():  # SIGTERM caught or blocked in native code
            self.process.kill()
            self.process.join()
        self.tasks.close()
        self.results.close()
        _MAIN_ENDS.difference_update((self.tasks, self.results))


class _Task(NamedTuple):
    """A chunk's inputs, and the outcomes of the first of them so far."""

    seq: int
    items: list[Input]
    got: list[Outcome]


# Chunks a worker holds at once: the one it parses and the next, so it never
# waits for the main process between chunks. Only a small next chunk is sent
# ahead: a worker writing results blocks until they are read, and the main
# process must never block writing to it at the same time.
DEPTH = 2
AHEAD_MAX_BYTES = 16_384


class Workers:
    """`jobs` worker processes; `run` gives each chunk's outcomes in chunk order.

    `timeout`: seconds an input may take in a worker (None: no limit)."""

    def __init__(self, jobs: int, options: Options, window: int, timeout: float | None) -> None:
        self.options, self.window, self.timeout = options, window, timeout
        # The threads each worker may read on, its share of the run's among
        # the workers busy (shared memory: it changes while they read).
        self.threads: Any = None
        total = jobs * (options.ocr_threads or 1)
        with contextlib.suppress(OSError):
            # Backed by a file in the temporary folder: on a full disk the
            # workers read on their own threads, unshared, as they would.
            self.threads = multiprocessing.get_context().RawArray("i", [1] * jobs)
        self.share = None if self.threads is None else (self.threads, total)
        # Each worker's tasks in flight, in the order it answers them.
        self.held: dict[_Worker, deque[_Task]] = {
            _Worker(options, self.share, slot): deque() for slot in range(jobs)
        }
        self.done: dict[int, list[Outcome]] = {}  # outcomes by chunk, until yielded
        self.queued: deque[tuple[_Task, bytes]] = deque()  # waiting for a worker

    def run(self, chunks: Iterable[list[Input]]) -> Iterator[list[Outcome]]:
        source = iter(chunks)
        done, queued = self.done, self.queued
        dispatched = yielded = 0
        exhausted = False
        while True:
            while not exhausted and dispatched - yielded < self.window:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                    break
                queued.append((_Task(dispatched, chunk, []), pickle.dumps(chunk)))
                dispatched += 1
            while queued and (worker := self._free(len(queued[0][1]))) is not None:
                self._dispatch(worker, *queued.popleft())
            while yielded in done:
                yield done.pop(yielded)
                yielded += 1
            if not any(self.held.values()):
                if exhausted and not queued and yielded == dispatched:
                    return
                continue
            if exhausted and not queued:
                self._retire_idle()
            self._share_threads()
            self._collect()

    def _share_threads(self) -> None:
        """Give the busy workers every thread of the run, for their pages."""
        if self.share is not None:
            busy = [worker.slot for worker, held in self.held.items() if held]
            self.threads[:] = shares(busy, len(self.threads), self.share[1])

    def _retire_idle(self) -> None:
        """Stop the workers with nothing left to read: the memory they hold
        is what the busy ones, reading on more threads now, were planned on."""
        for worker in [w for w, held in self.held.items() if not held]:
            worker.stop(now=False)
            del self.held[worker]

    def _free(self, size: int) -> _Worker | None:
        """The worker holding the fewest chunks, if it can take another."""
        worker = min(self.held, key=lambda w: len(self.held[w]))
        n = len(self.held[worker])
        return worker if n == 0 or (n < DEPTH and size <= AHEAD_MAX_BYTES) else None

    def _dispatch(self, worker: _Worker, task: _Task, payload: bytes) -> None:
        while not worker.send(payload):  # it died while idle
            worker = self._replace(worker, None)
        if not self.held[worker]:
            worker.since = time.monotonic()
        self.held[worker].append(task)

    def _collect(self) -> None:
        """Wait until a busy worker answers, dies or runs out of time."""
        busy = [worker for worker, held in self.held.items() if held]
        by_fd: dict[object, _Worker] = {worker.results: worker for worker in busy}
        by_fd.update({worker.process.sentinel: worker for worker in busy})
        wait_for = None
        if self.timeout is not None:
            first = min(worker.since for worker in busy) + self.timeout
            wait_for = max(0.0, first - time.monotonic())
        ready = wait(list(by_fd), timeout=wait_for)  # type: ignore[arg-type]
        for worker in dict.fromkeys(by_fd[fd] for fd in ready):
            self._take(worker)
        if self.timeout is not None:
            now = time.monotonic()
            for worker in busy:
                if worker in self.held and now - worker.since >= self.timeout:
                    self._replace(worker, TimedOutError(self.timeout))

    def _take(self, worker: _Worker) -> None:
        """Take every outcome the worker has sent; replace it if it died (its
        pipe then reads as ended, after any outcomes it sent whole)."""
        tasks = self.held[worker]
        while tasks and worker.results.poll():
            outcome = worker.receive()
            if outcome is None:
                self._replace(worker, WorkerDiedError())
                return
            worker.since = time.monotonic()  # it goes on to its next input
            task = tasks[0]
            task.got.append(outcome)
            if len(task.got) == len(task.items):
                self.done[tasks.popleft().seq] = task.got
        if tasks and not worker.process.is_alive() and not worker.results.poll():
            self._replace(worker, WorkerDiedError())

    def _replace(self, worker: _Worker, error: LicparseError | None) -> _Worker:
        """Stop `worker`; its current input fails with `error`, the inputs it
        held after that go back to the front of the queue; start another."""
        tasks = self.held.pop(worker)
        worker.stop(now=True)
        again: list[tuple[_Task, bytes]] = []
        for number, task in enumerate(tasks):
            if number == 0 and error is not None and len(task.got) < len(task.items):
                start = time.perf_counter() - (time.monotonic() - worker.since)
                task.got.append(failed(task.items[len(task.got)], self.options, error, start))
            rest = task.items[len(task.got) :]
            if rest:
                again.append((task, pickle.dumps(rest)))
            else:
                self.done[task.seq] = task.got
        self.queued.extendleft(reversed(again))
        fresh = _Worker(self.options, self.share, worker.slot)
        self.held[fresh] = deque()
        return fresh

    def close(self, *, now: bool) -> None:
        """Let the workers exit (or, `now`, stop them: on Ctrl-C or an error;
        workers write nothing, so nothing is left half written)."""
        for worker in self.held:
            worker.stop(now=now)
        self.held = {}
