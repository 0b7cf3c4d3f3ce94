"""Watching the processes a test starts, through /proc (Linux): who holds a
file, whose child a process is, whether it is still alive, its peak memory;
and waiting for a condition with a deadline."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def until(check: Callable[[], T], what: str, seconds: float = 60) -> T:
    """`check()` once it is truthy, polling; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.02)
    raise AssertionError(f"waited {seconds} s for {what}")


def holders(path: Path) -> list[int]:
    """The pids of the processes (not this one) that have `path` open."""
    pids = []
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        with contextlib.suppress(OSError):  # a process or descriptor gone meanwhile
            if os.readlink(fd) == str(path) and int(fd.parts[2]) != os.getpid():
                pids.append(int(fd.parts[2]))
    return pids


def fifo_writer(fifo: Path) -> int | None:
    """`fifo` opened for writing, once a process has it open for reading."""
    try:
        return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:  # ENXIO: no reader yet
        return None


def children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def alive(pid: int) -> bool:
    """Running: a zombie has ended, only its exit status is left."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def peak_kib(proc: subprocess.Popen[bytes]) -> int:
    """The process's peak resident memory, read while it runs. (A child's
    rusage would count the test process's own peak: Linux keeps a process's
    high-water mark across fork and exec.)"""
    peak = 0
    while proc.poll() is None:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        time.sleep(0.02)
    proc.wait(timeout=100)
    return peak
