"""The scan path's speed against the raw OCR engine, measured in one run.

Pages are the licenses of tests/fixtures rendered as a scanner sees them
(tests/render.py). Printed, each figure from this run:

- one license's pages: licparse (`--pages`, default options) against the raw
  engine called the obvious way (one process, RapidOCR's default settings,
  the pages in turn), wall seconds including start-up and model load, and
  CPU seconds per page;
- a batch of licenses: the same, licparse at -j 1 and at all cores;
- the text: licparse's engine settings against the engine's defaults on the
  same pages (must be byte for byte the same);
- peak memory per worker process.

    python benchmarks/ocr_speed.py [--licenses 4]

Run it on an idle machine: this one's speed drifts 2x from hour to hour, so
only ratios within one run mean anything.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This folder holds html.py, which would shadow the standard library's.
sys.path[0] = str(ROOT)

from tests.render import render_page, split_pages  # noqa: E402

# The licparse of this tree, whatever is installed.
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

SEEDS = ("seed_000", "seed_002")

RAW = textwrap.dedent(
    """
    import sys
    from PIL import Image
    from rapidocr import RapidOCR
    engine = RapidOCR(params={"Global.log_level": "critical"})
    for path in sys.argv[1:]:
        engine(Image.open(path).convert("RGB"), use_cls=False)
    """
)

# licparse's reading with given engine settings, pages one at a time or not:
# prints the text, to compare.
TEXT = textwrap.dedent(
    """
    import sys
    from licparse.scan import ocr, read_scan
    threads, arena, spin, at_once = sys.argv[1:5]
    ocr.configure(ocr.EngineSettings(int(threads), arena == "1", spin == "1"))
    print(read_scan(sys.argv[5:], threads=int(at_once)).text)
    """
)


def make_pages(folder: Path, licenses: int) -> list[list[Path]]:
    """`licenses` licenses, each a folder of page images."""
    out = []
    for number in range(licenses):
        name = SEEDS[number % len(SEEDS)]
        text = (ROOT / "tests" / "fixtures" / f"{name}.txt").read_text(encoding="utf-8")
        pages = []
        for page_number, lines in enumerate(split_pages(text), start=1):
            path = folder / f"lic{number:02d}" / f"p{page_number}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            render_page(lines, noise=800, seed=number * 100 + page_number).save(path)
            pages.append(path)
        out.append(pages)
    return out


class Measured:
    def __init__(self, wall: float, cpu: float, peak_mib: list[int]) -> None:
        self.wall, self.cpu, self.peak_mib = wall, cpu, peak_mib


def measure(command: list[str]) -> Measured:
    """Wall and CPU seconds of a command and its children, and the peak
    resident memory of each of its processes (read while they run)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    peaks: dict[int, int] = {}
    while proc.poll() is None:
        for pid in [proc.pid, *_descendants(proc.pid)]:
            # A process that has just ended (a zombie) has no memory figures.
            with contextlib.suppress(OSError, ValueError, IndexError, StopIteration):
                status = Path(f"/proc/{pid}/status").read_text()
                hwm = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
                peaks[pid] = max(peaks.get(pid, 0), int(hwm.split()[1]) // 1024)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{command} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(wall, cpu, sorted(peaks.values(), reverse=True))


def _descendants(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                child = int(stat.parent.name)
                found += [child, *_descendants(child)]
    return found


def licparse(*args: str) -> list[str]:
    return [sys.executable, "-m", "licparse", *args, "--jsonl", "-q"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--licenses", type=int, default=4)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from licparse.batch.plan import cores

    with tempfile.TemporaryDirectory(prefix="licparse-speed-") as tmp:
        folder = Path(tmp)
        licenses = make_pages(folder, args.licenses)
        one = [str(p) for p in licenses[0]]
        every = [str(p) for pages in licenses for p in pages]
        n_one, n_all = len(one), len(every)
        rows = []

        raw_one = measure([sys.executable, "-c", RAW, *one])
        ours_one = measure(licparse("--pages", *one))
        rows.append(("one license", n_one, raw_one, ours_one))
        raw_all = measure([sys.executable, "-c", RAW, *every])
        ours_all = measure(licparse(str(folder), "--pages", "-j", str(cores())))
        ours_j1 = measure(licparse(str(folder), "--pages", "-j", "1"))
        rows.append((f"{args.licenses} licenses", n_all, raw_all, ours_all))

        print(f"cores: {cores()}; pages: {n_one} in one license, {n_all} in all")
        print("| pages | raw engine s | licparse s | licparse / raw | CPU s/page raw | ours |")
        print("|---|---:|---:|---:|---:|---:|")
        for what, n, raw, ours in rows:
            print(
                f"| {what} ({n}) | {raw.wall:.1f} | {ours.wall:.1f} | {ours.wall / raw.wall:.2f} "
                f"| {raw.cpu / n:.2f} | {ours.cpu / n:.2f} |"
            )
        print(
            f"\npages/s, {args.licenses} licenses: -j 1 {n_all / ours_j1.wall:.2f}, "
            f"-j {cores()} {n_all / ours_all.wall:.2f}; one license: {n_one / ours_one.wall:.2f}"
            f" (raw engine: {n_one / raw_one.wall:.2f})"
        )
        print(
            f"peak memory, MiB: raw engine {raw_all.peak_mib[0]}; licparse processes, "
            f"-j {cores()}: {ours_all.peak_mib}; one license: {ours_one.peak_mib}"
        )

        defaults = subprocess.run(
            [sys.executable, "-c", TEXT, "-1", "0", "1", "1", *one],
            capture_output=True, text=True, check=True, env=ENV,
        ).stdout  # fmt: skip
        ours = subprocess.run(
            [sys.executable, "-c", TEXT, "1", "1", "0", str(cores()), *one],
            capture_output=True, text=True, check=True, env=ENV,
        ).stdout  # fmt: skip
        same = "the same" if defaults == ours else "DIFFERENT"
        print(
            f"text of one license, licparse's engine settings against the engine's defaults: {same}"
        )
        print(json.dumps({"same_text": defaults == ours}))


if __name__ == "__main__":
    main()
