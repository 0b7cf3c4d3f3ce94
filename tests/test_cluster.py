"""A batch on a real Dask cluster (issue 16): a LocalCluster of worker
processes, driven through `licparse --cluster` as a user would. The results
equal a local run's, a killed cluster worker costs only the input it held,
and a run resumes."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import FIXTURES
from .processes import alive, fifo_writer, holders, parent, until

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("distributed") is None, reason="needs the dask extra"
    ),
    # Dask's own sockets and dashboards, closed by Dask in its own time.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
    pytest.mark.filterwarnings("ignore:Port .* is already in use"),
]

FILES = ("seed_000.txt", "seed_002.txt", "layout_plain.txt", "bad_whitespace.txt")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    import dask
    from distributed import Client, LocalCluster

    # Workers that may start the process an input is read in (--timeout).
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as local,
        Client(local) as client,
    ):
        yield client


def _licparse(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "licparse", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _inputs(folder: Path) -> Path:
    folder.mkdir()
    for name in FILES:
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def _entries(report: Path) -> list[tuple[str, str, str | None]]:
    return [
        (Path(e["path"]).name, e["status"], (e["error"] or {}).get("code"))
        for e in json.loads(report.read_text())["entries"]
    ]


@pytest.mark.timeout(180)
def test_a_cluster_run_equals_a_local_run(tmp_path: Path, cluster: Any) -> None:
    inputs = _inputs(tmp_path / "in")
    address = cluster.scheduler.address
    local = _licparse(
        str(inputs), "-o", str(tmp_path / "local"), "--report", str(tmp_path / "l.json")
    )
    remote = _licparse(
        str(inputs), "-o", str(tmp_path / "remote"), "--cluster", address,
        "--report", str(tmp_path / "r.json"),
    )  # fmt: skip
    assert (local.returncode, remote.returncode) == (1, 1)  # bad_whitespace fails in both
    names = sorted(p.name for p in (tmp_path / "local").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "remote").iterdir())
    assert len(names) == 3
    for name in names:
        assert (tmp_path / "remote" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    assert _entries(tmp_path / "r.json") == _entries(tmp_path / "l.json")
    # Shipped as bytes (workers without the shared file system): the same
    # records, and stdout in input order.
    shipped = _licparse(str(inputs), "--jsonl", "--cluster", address, "--ship")
    here = _licparse(str(inputs), "--jsonl")
    assert shipped.stdout == here.stdout


@pytest.mark.timeout(240)
def test_a_killed_cluster_worker_costs_only_its_input_and_the_run_resumes(
    tmp_path: Path, cluster: Any
) -> None:
    inputs = _inputs(tmp_path / "in")
    stuck = inputs / "stuck.txt"
    os.mkfifo(stuck)  # holds the process reading it until we write
    out, report = tmp_path / "out", tmp_path / "report.json"
    # Named: a folder walk takes regular files only.
    named = [str(inputs / name) for name in (*FILES, "stuck.txt")]
    proc = subprocess.Popen(
        [sys.executable, "-m", "licparse", *named, "-o", str(out),
         "--cluster", cluster.scheduler.address, "--report", str(report)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        writer = until(lambda: fifo_writer(stuck), "a worker to open the FIFO")
        (reader,) = until(lambda: holders(stuck), "the reader's descriptor")
        dask_worker = parent(reader)
        os.kill(dask_worker, signal.SIGKILL)  # the cluster worker, as the OOM killer would
        until(lambda: not alive(reader), "the reading process to end with its worker")
        os.close(writer)
        # Dask runs the task again on a worker; this time the FIFO ends empty.
        # (If the rerun opened it while our end was still open, it has read
        # that end's close already.)
        until(lambda: _end_rerun(stuck, proc), "the task to run again", 120)
        _, err = proc.communicate(timeout=120)
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        proc.communicate()
    assert proc.returncode == 1, err
    entries = dict((name, (status, code)) for name, status, code in _entries(report))
    assert entries["stuck.txt"] == ("failed", "empty")
    assert entries["bad_whitespace.txt"] == ("failed", "empty")
    parsed = [name for name, (status, _) in entries.items() if status == "parsed"]
    assert sorted(parsed) == ["layout_plain.txt", "seed_000.txt", "seed_002.txt"]
    # Resumed: what was written stays, what is missing is done.
    os.unlink(stuck)
    (out / "seed_002.json").unlink()
    again = _licparse(
        str(inputs), "-o", str(out), "--skip-existing", "--cluster",
        cluster.scheduler.address, "--report", str(report),
    )  # fmt: skip
    assert again.returncode == 1
    statuses = {name: status for name, status, _ in _entries(report)}
    assert statuses["seed_002.txt"] == "parsed"
    assert statuses["seed_000.txt"] == statuses["layout_plain.txt"] == "skipped"


@pytest.mark.timeout(120)
def test_daemonic_cluster_workers_are_refused_with_the_setting_to_change(
    tmp_path: Path,
) -> None:
    import dask
    from distributed import LocalCluster

    with (
        dask.config.set({"distributed.worker.daemon": True}),  # Dask's default
        LocalCluster(n_workers=1, processes=True, dashboard_address=":0") as daemonic,
    ):
        refused = _licparse(
            str(FIXTURES / "seed_000.txt"), "--json", "--cluster", daemonic.scheduler_address
        )
        assert refused.returncode == 2
        assert "DASK_DISTRIBUTED__WORKER__DAEMON=False" in refused.stderr
        # Without a time limit to keep, tasks run in the worker's own thread.
        allowed = _licparse(
            str(FIXTURES / "seed_000.txt"), "--json", "--timeout", "0",
            "--cluster", daemonic.scheduler_address,
        )  # fmt: skip
        assert json.loads(allowed.stdout)["license_number"] == "苏B2-20231036"


def test_a_cluster_that_cannot_be_reached_is_a_usage_error() -> None:
    refused = _licparse(str(FIXTURES / "seed_000.txt"), "--json", "--cluster", "tcp://127.0.0.1:9")
    assert refused.returncode == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in refused.stderr


def _end_rerun(fifo: Path, proc: subprocess.Popen[str]) -> bool:
    if proc.poll() is not None:
        return True
    writer = fifo_writer(fifo)
    if writer is not None:
        os.close(writer)
    return writer is not None
