"""The cores a worker reads on: its share of the run's threads, which grows
when the other workers have finished (a folder's last licenses are read on
every core), and never more than the run was planned for."""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from licparse.scan import cores


def test_alone_a_reading_uses_the_threads_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cores, "_share", None)
    gate, most = cores.for_reading(3)
    assert most == 3
    assert [gate.take() for _ in range(3)] == [True] * 3
    assert gate.take(unless=lambda: True) is False  # a fourth would wait
    gate.give()
    assert gate.take(unless=lambda: True) is True


def test_a_worker_reads_on_the_cores_the_others_left(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cores, "_share", None)
    threads = multiprocessing.get_context().RawArray("i", cores.shares([0, 1], 2, 2))
    cores.allow(threads, 1, 2)  # the second of two workers, one thread each
    gate, most = cores.for_reading(1)
    assert most == 2
    assert gate.take()
    second = threading.Thread(target=gate.take)
    second.start()
    second.join(0.6)
    assert second.is_alive()  # both workers busy: one page at a time
    threads[:] = cores.shares([1], 2, 2)  # the other worker has finished
    second.join(5)
    assert not second.is_alive()
    assert gate.used == 2


def test_a_share_never_exceeds_the_run_s_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cores, "_share", None)
    threads = multiprocessing.get_context().RawArray("i", [5, 1])  # a stale or wrong share
    cores.allow(threads, 0, 2)
    gate, _ = cores.for_reading(1)
    assert [gate.take(unless=lambda: True) for _ in range(3)] == [True, True, False]


@pytest.mark.parametrize(
    ("busy", "slots", "total", "expected"),
    [
        ([0, 1], 2, 2, [1, 1]),
        ([1], 2, 2, [1, 2]),  # the other has finished: both cores to the busy one
        ([0, 2], 3, 3, [2, 1, 1]),  # 3 cores, 2 busy: none idle
        ([3, 0, 2, 1], 4, 6, [2, 2, 1, 1]),  # the rest to the first slots, whatever the order
        ([], 3, 3, [1, 1, 1]),  # between inputs: one each
        ([0, 1, 2, 3], 4, 8, [2, 2, 2, 2]),  # -j 4 on two threads each
    ],
)
def test_shares_give_every_thread_of_the_run_to_the_busy_workers(
    busy: list[int], slots: int, total: int, expected: list[int]
) -> None:
    got = cores.shares(busy, slots, total)
    assert got == expected
    assert sum(got[slot] for slot in busy) == (total if busy else 0)
