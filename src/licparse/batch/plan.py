"""How many workers, and how many OCR threads in each, for a run.

Measured on this machine (`benchmarks/ocr_speed.py`): the OCR engine is
fastest with one thread per engine and the pages spread over every core,
by processes across licenses and by threads across one license's pages.
So workers times threads is the number of cores: many licenses get one
worker per core, one thread each; fewer licenses than cores get fewer
workers with more threads, so the pages of each keep every core busy; when
the inputs run out, the workers still reading take the idle ones' cores
(`scan/cores.py`).
A worker reading scans takes about 0.4 GB and 1.0 GB more for each OCR
thread (the engine's memory arena, on because it saves a sixth of the CPU
time, grows with each thread's pages); no more workers start than the
memory available holds.
"""

from __future__ import annotations

import os
from typing import NamedTuple

# A worker reading scans, at its peak: the process and the models, and for
# each OCR thread the engine's arena and its pages in flight (measured with
# `benchmarks/ocr_speed.py` and on the corpus's 200 dpi pages, pages held
# included; the README states it).
SCAN_WORKER_BYTES = 400_000_000
SCAN_THREAD_BYTES = 1_000_000_000


class Plan(NamedTuple):
    workers: int
    threads: int  # OCR threads in each
    note: str | None = None  # why fewer workers than asked, for stderr


def cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def plan(jobs: int, inputs: int, scans: bool, available: int | None = None) -> Plan:
    """Workers and threads for `jobs` asked, `inputs` known so far (at most
    `jobs` are looked at) and whether any is a scan."""
    have = cores()
    workers = max(1, min(jobs, inputs))
    if not scans:
        return Plan(workers, max(1, have // workers))
    note = None
    if workers > have:
        note = f"-j {jobs} is more than the {have} cores: {have} workers read the scans"
        workers = have
    threads = have  # in all: every core reads a page
    free = _available() if available is None else available
    if free is not None:
        fits = max(1, free // (SCAN_WORKER_BYTES + SCAN_THREAD_BYTES))
        if fits < threads:
            need = workers * SCAN_WORKER_BYTES + threads * SCAN_THREAD_BYTES
            threads, workers = fits, min(workers, fits)
            note = (
                f"reading scans on {have} cores needs about {need / 1e9:.1f} GB and "
                f"{free / 1e9:.1f} GB is available: {workers} worker(s), "
                f"{threads} page(s) at a time"
            )
    return Plan(workers, max(1, threads // workers), note)


def _available() -> int | None:
    """The memory available to start processes in (Linux's MemAvailable)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None
