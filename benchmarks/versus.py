"""Per-license cost of the working tree against a revision, side by side.

    python benchmarks/versus.py REV [--rounds 5] [--files 400]

Parses the same generated licenses (parse and JSON) with the code at REV and
with the working tree, in separate processes that take turns round by round
(this machine's speed drifts within minutes), and prints each round's
milliseconds of CPU time per license and the ratio: the figure a change's
cost is judged by, never an absolute time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from revision import source_at

ROOT = Path(__file__).resolve().parent.parent

TIMER = """
import random, sys, time
sys.path.insert(0, {bench!r})
from generate import license_text
import licparse
rng = random.Random(5)
texts = [license_text(rng) for _ in range({files})]
for t in texts[:20]:
    licparse.parse_text(t)
best = float("inf")
for _ in range(3):
    # CPU time, not wall time: this machine's wall clock drifts 2x from hour
    # to hour with its neighbours; the CPU time of the same work does not.
    start = time.process_time()
    for t in texts:
        licparse.parse_text(t).model_dump_json()
    best = min(best, time.process_time() - start)
print(best / len(texts) * 1000)
"""


def per_license(src: Path, files: int) -> float:
    code = TIMER.format(bench=str(ROOT / "benchmarks"), files=files)
    env = {"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return float(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--files", type=int, default=400)
    args = parser.parse_args()
    ratios = []
    with source_at(args.rev) as old_src:
        for n in range(1, args.rounds + 1):
            before = per_license(old_src, args.files)
            after = per_license(ROOT / "src", args.files)
            ratios.append(after / before)
            shown = f"{args.rev} {before:.3f} ms, now {after:.3f} ms"
            print(f"round {n}: {shown}, {after / before:.3f}×")
    print(f"median: {statistics.median(ratios):.3f}× the per-license cost of {args.rev}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
