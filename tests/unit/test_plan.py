"""How a run splits the cores between workers and OCR threads (issue 16)."""

from __future__ import annotations

import pytest

from licparse.batch import plan as planning
from licparse.batch.plan import Plan, plan

GB = 1_000_000_000


@pytest.fixture(autouse=True)
def eight_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(planning, "cores", lambda: 8)


def test_many_licenses_get_a_worker_per_core_and_one_thread_each() -> None:
    assert plan(8, 8, scans=True, available=64 * GB) == Plan(8, 1)


def test_fewer_licenses_than_cores_read_their_pages_on_more_threads() -> None:
    assert plan(8, 4, scans=True, available=64 * GB) == Plan(4, 2)
    assert plan(8, 1, scans=True, available=64 * GB) == Plan(1, 8)


def test_scan_workers_never_outnumber_the_cores() -> None:
    chosen = plan(32, 100, scans=True, available=64 * GB)
    assert chosen[:2] == (8, 1)
    assert chosen.note == "-j 32 is more than the 8 cores: 8 workers read the scans"


def test_no_more_is_started_than_memory_holds() -> None:
    chosen = plan(8, 100, scans=True, available=6 * GB)  # 1.4 GB a page in flight
    assert chosen[:2] == (4, 1)
    assert chosen.note == (
        "reading scans on 8 cores needs about 11.2 GB and 6.0 GB is available: "
        "4 worker(s), 4 page(s) at a time"
    )


def test_text_runs_as_asked() -> None:
    # Text workers are small and OCR threads unused: -j is taken as given.
    assert plan(32, 100, scans=False, available=1 * GB) == Plan(32, 1)
