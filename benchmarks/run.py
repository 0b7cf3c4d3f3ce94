"""Measure licparse in one run and print the ratios that matter.

    python benchmarks/run.py [--files 2000] [--memory-files 10000]

- throughput: licenses/s with `-j 1` and with every core, against the floor
  of merely reading and decoding the same files in Python, and how well this
  machine's cores scale at all (a pure-Python loop in every core);
- start-up: `licparse FILE --json` against `python -c pass` and against the
  minimal program any CLI on this stack pays for (click, regex, one small
  pydantic model validated and printed);
- memory: peak resident size of any licparse process over 1,000 and over
  --memory-files files (flat means the same);
- linearity: parse time of a 10 MB input against a 1 MB one, and of hostile
  shapes (100,000 labels, one long line, a million spaces…) at 10n against n.

Everything is measured on this machine in this run; nothing is compared with
numbers from elsewhere.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import SEEDS, generate

MINIMAL = """
import click, regex
from pydantic import BaseModel
class M(BaseModel):
    a: int
    b: str
@click.command()
@click.argument("x")
def main(x):
    print(M(a=1, b=x).model_dump_json())
main()
"""
LICPARSE = [sys.executable, "-m", "licparse"]


def wall(cmd: list[str]) -> float:
    """Wall-clock seconds of one run of `cmd`, output discarded."""
    return walls([cmd], rounds=1)[0]


# Commands run as after any install: with Python's bytecode cache. A sandbox
# may set PYTHONDONTWRITEBYTECODE, which makes every start compile
# licparse's source again while the libraries it is compared with (click,
# pydantic, regex) load the bytecode pip wrote when it installed them.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run(cmd: list[str]) -> None:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)


def walls(cmds: list[list[str]], rounds: int) -> list[float]:
    """Median wall-clock seconds of each command, the commands taking turns
    round by round: this machine's speed drifts within seconds, and timing
    one command's runs after another's would put the drift into the ratio."""
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(rounds):
        for cmd, mine in zip(cmds, times, strict=True):
            start = time.perf_counter()
            _run(cmd)
            mine.append(time.perf_counter() - start)
    return [statistics.median(mine) for mine in times]


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak resident size in MB of the largest process `cmd` starts (workers included)."""
    probe = (
        "import resource, subprocess, sys\n"
        f"subprocess.run({cmd!r}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return int(out.stdout) / 1024


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_scaling(cores: int, n: int = 5_000_000) -> float:
    """How much faster `cores` processes of a pure-Python loop finish than one
    doing their work in turn: the most any `-j` can gain on this machine."""
    from multiprocessing import Pool

    start = time.perf_counter()
    for _ in range(cores):
        _burn(n)
    serial = time.perf_counter() - start
    with Pool(cores) as pool:
        pool.map(_burn, [n])  # start the workers before timing
        start = time.perf_counter()
        pool.map(_burn, [n] * cores, chunksize=1)
        parallel = time.perf_counter() - start
    return serial / parallel


def floor_rate(files: list[Path]) -> float:
    from licparse.stages.decode import decode_bytes

    start = time.perf_counter()
    for path in files:
        decode_bytes(path.read_bytes())
    return len(files) / (time.perf_counter() - start)


def linearity() -> tuple[float, float]:
    import licparse

    unit = SEEDS[0]
    one = unit * (1_000_000 // len(unit.encode()))
    ten = unit * (10_000_000 // len(unit.encode()))

    def best(text: str) -> float:
        data = text.encode()
        times = []
        for _ in range(3):
            start = time.perf_counter()
            licparse.parse_bytes(data)
            times.append(time.perf_counter() - start)
        return min(times)

    return best(one), best(ten)


HEAD = "中华人民共和国增值电信业务经营许可证\n经营许可证编号：苏B2-20231036\n"

# Hostile shapes (tests/test_hostile.py), each built at a size n.
PATHOLOGICAL = {
    "label lines (一、)": lambda n: HEAD + "一、\n" * n,
    "one long line": lambda n: HEAD + "一、" + "你公司应当遵守规定，" * n,
    "spaces between two characters": lambda n: HEAD + "公司名称：甲" + " " * (10 * n) + "乙",
    "open parentheses": lambda n: HEAD + "一、" + "（" * (10 * n),
    "furniture lines": lambda n: HEAD + "经营许可证编号：苏B2-20231036\n特别规定事项\n" * n,
    "lines beside furniture": lambda n: (
        HEAD + "".join(f"特别规定事项\n第{i}行\n" for i in range(n))
    ),
}


def pathological(n: int = 20_000) -> None:
    import licparse

    def seconds(text: str) -> float:
        start = time.perf_counter()
        with contextlib.suppress(licparse.LicparseError):
            licparse.parse_text(text)
        return time.perf_counter() - start

    licparse.parse_text(SEEDS[0])  # warm up: imports and compiled patterns
    print(f"\nhostile input (in-process; time at 10n against n, n = {n:,})")
    for name, build in PATHOLOGICAL.items():
        small, large = seconds(build(n)), seconds(build(10 * n))
        print(f"  {name:30} {small:7.3f} s  {large:7.3f} s  {large / small:5.1f}x")


def ocr_seconds_per_page(pages: int = 3) -> float | None:
    """Seconds per page image through OCR (rendered from a seed), or None
    without the OCR extra."""
    from licparse.scan import ocr_available

    if not ocr_available():
        return None
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.render import render_page, split_pages

    import licparse

    tmp = Path(tempfile.mkdtemp(prefix="licparse-ocr-"))
    try:
        paths = []
        for i, lines in enumerate(split_pages(SEEDS[0])[:pages]):
            path = tmp / f"p{i}.png"
            render_page(lines, angle=0.8, noise=15_000, seed=i).save(path)
            paths.append(str(path))
        licparse.parse_scan(paths[:1])  # warm up: the models load once per process
        start = time.perf_counter()
        licparse.parse_scan(paths)
        return (time.perf_counter() - start) / len(paths)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--memory-files", type=int, default=10000)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    tmp = Path(tempfile.mkdtemp(prefix="licparse-bench-"))
    try:
        files = generate(args.files, tmp / "set")
        size = sum(p.stat().st_size for p in files) / len(files)
        print(
            f"{args.files} synthetic licenses, {size / 1024:.1f} kB each on average, {cores} cores"
        )

        floor = floor_rate(files)
        one = args.files / wall([*LICPARSE, str(tmp / "set"), "--jsonl", "-q", "-j", "1"])
        every = args.files / wall([*LICPARSE, str(tmp / "set"), "--jsonl", "-q", "-j", str(cores)])
        print("\nthroughput (licenses/s, whole runs including start-up)")
        print(f"  read + decode only (floor)  {floor:10,.0f}")
        print(f"  licparse -j 1               {one:10,.0f}   {floor / one:6.1f}x the floor's time")
        print(f"  licparse -j {cores:<2}              {every:10,.0f}   {every / one:6.2f}x -j 1")
        print(
            f"  (a pure-Python loop in {cores} processes: {machine_scaling(cores):.2f}x one, "
            "the ceiling for any -j here)"
        )

        script = tmp / "minimal.py"
        script.write_text(MINIMAL, encoding="utf-8")
        for cmd in ([*LICPARSE, "--version"], [*LICPARSE, str(files[0]), "--json"]):
            _run(cmd)  # once first, so the bytecode cache is written
        bare, minimal, single, version = walls(
            [
                [sys.executable, "-c", "pass"],
                [sys.executable, str(script), "x"],
                [*LICPARSE, str(files[0]), "--json"],
                [*LICPARSE, "--version"],
            ],
            rounds=15,
        )
        print("\nstart-up (median of 15 rounds, the commands taking turns; seconds)")
        print(f"  python -c pass              {bare:8.3f}")
        print(f"  minimal click+pydantic CLI  {minimal:8.3f}")
        print(f"  licparse --version          {version:8.3f}")
        print(f"  licparse FILE --json        {single:8.3f}   {single / minimal:5.2f}x minimal")

        print("\npeak memory of any licparse process (MB)")
        for n in (1000, args.memory_files):
            folder = tmp / f"mem{n}"
            generate(n, folder, seed=2)
            for jobs in (1, cores):
                mb = peak_rss_mb([*LICPARSE, str(folder), "--jsonl", "-q", "-j", str(jobs)])
                print(f"  {n:6,} files, -j {jobs}          {mb:8.1f}")
            shutil.rmtree(folder)

        per_page = ocr_seconds_per_page()
        if per_page is not None:
            print(f"\nOCR: {per_page:.1f} s per page image (A4 at 150 dpi, in-process)")
        pathological()
        t1, t10 = linearity()
        print("\nlinearity (one input, in-process)")
        print(f"  1 MB input                  {t1:8.3f} s")
        print(f"  10 MB input                 {t10:8.3f} s   {t10 / t1:5.1f}x the 1 MB time")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
