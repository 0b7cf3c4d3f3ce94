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
    busy = multiprocessing.get_context().RawValue("i", 2)
    cores.allow(busy, 2)  # two workers, one thread each
    gate, most = cores.for_reading(1)
    assert most == 2
    assert gate.take()
    second = threading.Thread(target=gate.take)
    second.start()
    second.join(0.6)
    assert second.is_alive()  # both workers busy: one page at a time
    busy.value = 1  # the other worker has finished
    second.join(5)
    assert not second.is_alive()
    assert gate.used == 2


def test_a_share_never_exceeds_the_run_s_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cores, "_share", None)
    busy = multiprocessing.get_context().RawValue("i", 0)  # between inputs
    cores.allow(busy, 2)
    gate, _ = cores.for_reading(1)
    assert [gate.take(unless=lambda: True) for _ in range(3)] == [True, True, False]
