"""What review pages cost a batch: the same licenses converted with -o (JSON
files) and with -o --html (JSON files, a page each and the index), taking
turns, in one run.

    python benchmarks/html.py [N] [--rounds 3] [-j 1]

Prints each round's seconds and the ratio; the issue asks for "a time
comparable to writing their JSON".
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate


def convert(folder: Path, out: Path, jobs: int, *extra: str) -> float:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "licparse",
            str(folder),
            "-o",
            str(out),
            "-q",
            "-j",
            str(jobs),
            *extra,
        ],
        check=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("-j", "--jobs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        generate(args.n, folder)
        ratios = []
        for k in range(1, args.rounds + 1):
            json_only = convert(folder, Path(tmp) / "json", args.jobs)
            pages = convert(folder, Path(tmp) / "html", args.jobs, "--html")
            ratios.append(pages / json_only)
            print(
                f"round {k}: {args.n} licenses, JSON {json_only:.2f} s, "
                f"JSON + pages {pages:.2f} s, {ratios[-1]:.2f}x"
            )
        size = sum(p.stat().st_size for p in (Path(tmp) / "html").glob("*.html")) / args.n
        print(f"median: {statistics.median(ratios):.2f}x; a page is {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
