"""Worker processes for a batch, and what happens when one of them dies.

A worker can die with no Python exception: the kernel's out-of-memory killer,
or a crash inside a native library (PDFium on a malformed PDF, the OCR
runtime). `multiprocessing.Pool` then waits for the lost task forever;
`concurrent.futures` notices, and fails every task still pending with
`BrokenProcessPool`. Those inputs are parsed again one at a time in a fresh
pool: the one that kills its worker is reported as `worker_died`, and every
other input still gets parsed.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .batch import Options, Outcome, failed, ignore_sigint, work, work_chunk
from .errors import WorkerDiedError
from .walk import Input


class Workers:
    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, initializer=ignore_sigint)

    def submit(self, chunk: list[Input], options: Options) -> Future[list[Outcome]]:
        return self._pool.submit(work_chunk, chunk, options)

    def results(
        self, chunk: list[Input], future: Future[list[Outcome]], options: Options
    ) -> list[Outcome]:
        """The chunk's outcomes; if its worker died, each input's on its own."""
        try:
            return future.result()
        except BrokenProcessPool:
            pass
        if self._pool_broken():
            self._restart()
        return [self._alone(item, options) for item in chunk]

    def _alone(self, item: Input, options: Options) -> Outcome:
        start = time.perf_counter()
        try:
            return self._pool.submit(work, item, options).result()
        except BrokenProcessPool:
            self._restart()
            return failed(item, options, WorkerDiedError(), start)

    def _pool_broken(self) -> bool:
        # Tasks of an earlier pool fail after it was replaced: only a pool
        # that is broken now is started anew.
        try:
            self._pool.submit(int).result()
        except BrokenProcessPool:
            return True
        return False

    def _restart(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._start()

    def close(self) -> None:
        """Wait for the workers to finish and exit."""
        self._pool.shutdown(wait=True)

    def terminate(self) -> None:
        """Stop at once (Ctrl-C, an error): work in flight is dropped; workers
        write nothing, so nothing is left half written."""
        pool = self._pool
        terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
        if terminate is not None:
            terminate()
        else:
            processes = list((getattr(pool, "_processes", None) or {}).values())
            for process in processes:
                process.terminate()
            for process in processes:
                process.join()
        pool.shutdown(wait=True, cancel_futures=True)
