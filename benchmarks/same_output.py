"""Check that a change made licparse faster, not different.

    python benchmarks/same_output.py REV [--files 2000] [--seed 1]

Generates synthetic licenses, runs the working tree's licparse and the one at
git revision REV on them (`--jsonl`), and compares the output line by line.
A speed-up must print `same output`; anything else names the first license
whose JSON differs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate
from revision import source_at

ROOT = Path(__file__).resolve().parent.parent


def jsonl(src: Path, folder: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    cmd = [sys.executable, "-m", "licparse", str(folder), "--jsonl", "-q"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    return out.stdout.splitlines()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="licparse-same-") as tmp:
        work = Path(tmp)
        files = generate(args.files, work / "set", seed=args.seed)
        with source_at(args.rev) as old_src:
            before = jsonl(old_src, work / "set")
        after = jsonl(ROOT / "src", work / "set")
    if len(before) != len(after) or len(after) != len(files):
        print(f"different: {len(before)} lines at {args.rev}, {len(after)} now, {len(files)} files")
        return 1
    for path, old, new in zip(sorted(files), before, after, strict=True):
        if old != new:
            print(f"different: {path.name}")
            return 1
    print(f"same output on {len(files)} licenses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
