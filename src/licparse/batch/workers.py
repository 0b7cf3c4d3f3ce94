"""Worker processes for a batch, and what happens when one of them dies.

A worker can die with no Python exception: the kernel's out-of-memory killer,
or a crash inside a native library (PDFium on a malformed PDF, the OCR
runtime). `multiprocessing.Pool` then waits for the lost task forever, and
`concurrent.futures` can hang too: its manager thread blocks reading a result
that a dying worker had half written. So each worker here has its own pair of
pipes and the main process waits on them and on the processes themselves, in
one thread: a dead worker is seen at once, its pipe reads as closed rather
than blocking, and the chunk it held is known. That chunk's inputs are parsed
again one at a time in fresh workers; the one that kills its worker fails with
`worker_died`, and every other input still gets parsed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from ..errors import WorkerDiedError
from .inputs import STDIN, Input
from .work import Options, Outcome, failed, ignore_sigint, work, work_chunk


def _serve(
    tasks: Connection, results: Connection, options: Options, inherited: list[Connection]
) -> None:
    """A worker's loop: a chunk of inputs in, their outcomes out, until told to stop."""
    ignore_sigint()
    # A forked worker holds copies of the main process's ends of every pipe,
    # its own included: closed here, its task pipe ends (EOFError) when the
    # main process dies, even by SIGKILL, instead of the worker waiting forever.
    for connection in inherited:
        connection.close()
    while True:
        try:
            payload = tasks.recv_bytes()
        except EOFError:  # the main process is gone
            return
        if not payload:
            return
        outcomes = work_chunk(pickle.loads(payload), options)
        try:
            results.send(outcomes)
        except OSError:  # the main process is gone
            return


# The main process's ends of the workers' pipes, for a forked worker to close.
_MAIN_ENDS: set[Connection] = set()


class _Worker:
    def __init__(self, options: Options) -> None:
        context = multiprocessing.get_context()
        task_reader, self.tasks = context.Pipe(duplex=False)
        self.results, result_writer = context.Pipe(duplex=False)
        _MAIN_ENDS.update((self.tasks, self.results))
        inherited = list(_MAIN_ENDS) if context.get_start_method() == "fork" else []
        self.process: BaseProcess = context.Process(
            target=_serve, args=(task_reader, result_writer, options, inherited), daemon=True
        )
        self.process.start()
        # Only the worker may hold the writing end: when it dies, reading its
        # results then ends (EOFError) instead of waiting for more bytes.
        task_reader.close()
        result_writer.close()

    def send(self, payload: bytes) -> bool:
        """Send a pickled chunk of inputs (pickled once: its size decides)."""
        try:
            self.tasks.send_bytes(payload)
        except OSError:  # it died while idle
            return False
        return True

    def receive(self) -> list[Outcome] | None:
        """Its outcomes, or None if it died before sending them whole."""
        try:
            outcomes: list[Outcome] = self.results.recv()
        except (EOFError, OSError):
            return None
        return outcomes

    def stop(self, *, now: bool) -> None:
        if not now:
            with contextlib.suppress(OSError):
                self.tasks.send_bytes(b"")  # stop
            self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        self.tasks.close()
        self.results.close()
        _MAIN_ENDS.difference_update((self.tasks, self.results))


# Chunks a worker holds at once: the one it parses and the next, so it never
# waits for the main process between chunks. Only a small next chunk is sent
# ahead: a worker writing results blocks until they are read, and the main
# process must never block writing to it at the same time.
DEPTH = 2
AHEAD_MAX_BYTES = 16_384


class Workers:
    """`jobs` worker processes; `run` gives each chunk's outcomes in chunk order."""

    def __init__(self, jobs: int, options: Options, window: int) -> None:
        self.options = options
        self.window = window  # chunks dispatched ahead of the one to yield next
        # Each worker's chunks in flight, in the order it answers them.
        self.held: dict[_Worker, deque[tuple[int, list[Input]]]] = {
            _Worker(options): deque() for _ in range(jobs)
        }
        self.done: dict[int, list[Outcome]] = {}  # outcomes by chunk, until yielded

    def run(self, chunks: Iterable[list[Input]]) -> Iterator[list[Outcome]]:
        source = iter(chunks)
        done = self.done
        queued: deque[tuple[int, list[Input], bytes]] = deque()  # waiting for a worker
        dispatched = yielded = 0
        exhausted = False
        while True:
            while not exhausted and dispatched - yielded < self.window:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                elif chunk[0].path == STDIN:
                    # Standard input cannot be read by a worker: parse it here, in its turn.
                    done[dispatched] = [work(chunk[0], self.options)]
                else:
                    queued.append((dispatched, chunk, pickle.dumps(chunk)))
                dispatched += chunk is not None
            while queued and (worker := self._free(len(queued[0][2]))) is not None:
                self._dispatch(worker, *queued.popleft())
            while yielded in done:
                yield done.pop(yielded)
                yielded += 1
            if not any(self.held.values()):
                if exhausted and not queued and yielded == dispatched:
                    return
                continue
            self._collect()

    def _free(self, size: int) -> _Worker | None:
        """The worker holding the fewest chunks, if it can take another."""
        worker = min(self.held, key=lambda w: len(self.held[w]))
        n = len(self.held[worker])
        return worker if n == 0 or (n < DEPTH and size <= AHEAD_MAX_BYTES) else None

    def _dispatch(self, worker: _Worker, seq: int, chunk: list[Input], payload: bytes) -> None:
        while not worker.send(payload):  # it died
            worker = self._replace(worker)
        self.held[worker].append((seq, chunk))

    def _collect(self) -> None:
        """Wait until a busy worker answers or dies; take what it gave."""
        busy = [worker for worker, held in self.held.items() if held]
        by_fd: dict[object, _Worker] = {worker.results: worker for worker in busy}
        by_fd.update({worker.process.sentinel: worker for worker in busy})
        for worker in dict.fromkeys(by_fd[ready] for ready in wait(list(by_fd))):  # type: ignore[arg-type]
            outcomes = worker.receive() if worker.results.poll() else None
            if outcomes is not None:
                seq, _ = self.held[worker].popleft()
                self.done[seq] = outcomes
            else:
                self._replace(worker)

    def _replace(self, worker: _Worker) -> _Worker:
        """A worker died: parse what it held one input at a time; start another."""
        held = self.held.pop(worker)
        worker.stop(now=True)
        for seq, chunk in held:
            self.done[seq] = [self._alone(item) for item in chunk]
        fresh = _Worker(self.options)
        self.held[fresh] = deque()
        return fresh

    def _alone(self, item: Input) -> Outcome:
        """Parse one input in a worker of its own: if that dies, it was this input."""
        start = time.perf_counter()
        worker = _Worker(self.options)
        outcomes = worker.receive() if worker.send(pickle.dumps([item])) else None
        worker.stop(now=outcomes is None)
        if outcomes is None:
            return failed(item, self.options, WorkerDiedError(), start)
        return outcomes[0]

    def close(self, *, now: bool) -> None:
        """Let the workers exit (or, `now`, stop them: on Ctrl-C or an error;
        workers write nothing, so nothing is left half written)."""
        for worker in self.held:
            worker.stop(now=now)
        self.held = {}
