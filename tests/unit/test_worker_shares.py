"""The main process gives the busy workers every thread of the run, each in
its slot of shared memory, and a worker started in place of one that died
reads in the dead one's slot."""

from __future__ import annotations

from collections import deque

from licparse.batch import workers
from licparse.batch.work import Options


def test_the_busy_workers_get_every_thread_and_a_replacement_keeps_its_slot() -> None:
    pool = workers.Workers(3, Options(format="json", ocr_threads=1), window=4, timeout=None)
    try:
        first, second, third = pool.held
        assert [w.slot for w in (first, second, third)] == [0, 1, 2]
        task = workers._Task(0, [], [])
        pool.held[first].append(task)
        pool.held[third].append(task)
        pool._share_threads()
        assert list(pool.threads) == [2, 1, 1]  # 3 threads, 2 busy: none idle
        del pool.held[first]  # it finished, and was stopped
        first.stop(now=True)
        pool._share_threads()
        assert list(pool.threads) == [1, 1, 3]
        fresh = pool._replace(third, None)
        assert fresh.slot == 2
        pool.held[fresh] = deque([task])
        pool._share_threads()
        assert list(pool.threads) == [1, 1, 3]
    finally:
        pool.close(now=True)
