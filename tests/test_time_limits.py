"""Every input has a time limit, kept by stopping its worker, and workers end
with the main process however it ends (issue 12). The slow input is a real
one: a PDF of blank scanned pages, each rendered and read by the OCR engine,
as the 5,000-page PDF that would have taken eleven hours."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from licparse.scan import ocr_available

from .conftest import FIXTURES
from .processes import alive, children, until

needs_extra = pytest.mark.skipif(not ocr_available(), reason="needs the OCR extra")


def _blank_pdf(path: Path, pages: int) -> None:
    from PIL import Image

    blank = [Image.new("L", (1240, 1754), 255) for _ in range(pages)]
    blank[0].save(path, save_all=True, append_images=blank[1:], resolution=150)


def _licparse(*args: str) -> list[str]:
    return [sys.executable, "-m", "licparse", *args]


@needs_extra
@pytest.mark.ocr
@pytest.mark.timeout(240)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_input_past_the_time_limit_fails_alone(tmp_path: Path, jobs: str) -> None:
    slow = tmp_path / "slow.pdf"
    _blank_pdf(slow, 50)
    shutil.copy(FIXTURES / "seed_000.txt", tmp_path / "a.txt")
    shutil.copy(FIXTURES / "seed_002.txt", tmp_path / "c.txt")
    files = [str(tmp_path / n) for n in ("a.txt", "slow.pdf", "c.txt")]
    report = tmp_path / "report.json"
    start = time.monotonic()
    proc = subprocess.run(
        _licparse(*files, "--jsonl", "-j", jobs, "--timeout", "4", "--report", str(report)),
        capture_output=True,
        text=True,
        timeout=200,
    )
    took = time.monotonic() - start
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 1, proc.stderr
    assert [line["source"]["path"] for line in lines] == files
    assert lines[0]["license_number"] == "苏B2-20231036"
    assert lines[1]["error"]["code"] == "timeout"
    assert "limit of 4 s" in lines[1]["error"]["message"]
    assert lines[2]["license_number"] == "苏B2-20140200"
    entries = json.loads(report.read_text())["entries"]
    assert [e["status"] for e in entries] == ["parsed", "failed", "parsed"]
    assert 4 <= entries[1]["seconds"] < 30
    # Fifty pages read whole take minutes; stopped, the run is over in seconds
    # (the limit, and starting the engine).
    assert took < 120


@needs_extra
@pytest.mark.ocr
@pytest.mark.timeout(240)
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_with_the_main_process(tmp_path: Path, how: signal.Signals) -> None:
    slow = tmp_path / "slow.pdf"
    _blank_pdf(slow, 50)
    proc = subprocess.Popen(
        _licparse(str(slow), str(FIXTURES / "seed_000.txt"), "--jsonl", "-j", "2"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        until(lambda: len(children(proc.pid)) >= 2, "two workers")
        # One is deep in the OCR of the blank pages; the other, with the text
        # read and nothing left, has stopped.
        time.sleep(3)
        workers = children(proc.pid)
        assert len(workers) == 1 and alive(workers[0])
        os.kill(proc.pid, how)
        proc.wait(timeout=30)
        until(lambda: not any(alive(pid) for pid in workers), "the workers to end", 15)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
