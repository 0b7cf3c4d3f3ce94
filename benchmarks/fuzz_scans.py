"""A mutation-fuzz session over PDFs and images (issue 12), outside CI.

Seeds are real scans made here: text-layer PDFs, image-only PDFs, PNG, JPEG,
multi-frame TIFF and GIF, each of a small license page (small, so the OCR of
thousands of them fits in a session). Each round mutates them (bit flips,
random bytes, truncation, repeated and deleted spans, numbers written over
the numbers a PDF declares, splices of two files) and runs one licparse batch
over the round's files, as a user would. A round's run must exit 0 or 1 with
no traceback, and every input must be accounted for in the report. Every
`internal_error` is printed with its message: an unexplained one is a bug.

    python benchmarks/fuzz_scans.py --minutes 25 --out benchmarks/results/fuzz-scans.md
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This folder holds html.py, which would shadow the standard library's.
sys.path[0] = str(ROOT)

from tests.render import render_page, text_pdf  # noqa: E402

COVER = (ROOT / "tests" / "fixtures" / "seed_000.txt").read_text(encoding="utf-8").split("\n")[:12]
NUMBER = re.compile(rb"(/(?:Length|Width|Height|Count|Size|BitsPerComponent|Columns|N|W)\s+)(\d+)")


def seeds() -> dict[str, bytes]:
    from PIL import Image

    page = render_page(COVER).crop((0, 0, 1240, 520)).resize((620, 260))
    out: dict[str, bytes] = {}
    for fmt, suffix in (("PNG", "png"), ("JPEG", "jpg"), ("PDF", "pdf")):
        buf = io.BytesIO()
        page.save(buf, fmt)
        out[f"image.{suffix}"] = buf.getvalue()
    frames = [page, page.rotate(180)]
    for fmt, suffix in (("TIFF", "tif"), ("GIF", "gif")):
        buf = io.BytesIO()
        frames[0].save(buf, fmt, save_all=True, append_images=frames[1:])
        out[f"frames.{suffix}"] = buf.getvalue()
    out["layer.pdf"] = bytes(text_pdf(COVER).output())
    grey = Image.new("I;16", (300, 120), 65535)
    buf = io.BytesIO()
    grey.save(buf, "PNG")
    out["grey16.png"] = buf.getvalue()
    return out


def mutate(data: bytes, other: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(7)
        n = len(b)
        if n == 0:
            break
        if kind == 0:  # bit flips
            for _ in range(rng.randint(1, 16)):
                i = rng.randrange(n)
                b[i] ^= 1 << rng.randrange(8)
        elif kind == 1:  # random bytes over a span
            i = rng.randrange(n)
            span = rng.randint(1, 64)
            b[i : i + span] = rng.randbytes(min(span, n - i))
        elif kind == 2:  # truncation
            del b[rng.randrange(n) :]
        elif kind == 3:  # a span repeated
            i = rng.randrange(n)
            span = b[i : i + rng.randint(1, 2048)]
            b[i:i] = span * rng.randint(1, 50)
        elif kind == 4:  # a span deleted
            i = rng.randrange(n)
            del b[i : i + rng.randint(1, 512)]
        elif kind == 5:  # a declared number replaced
            found = list(NUMBER.finditer(bytes(b)))
            if found:
                m = rng.choice(found)
                value = rng.choice([b"0", b"1", b"-1", b"99999999", b"2147483648", b"65536"])
                b[m.start(2) : m.end(2)] = value
        else:  # a splice of two files
            i, j = rng.randrange(n), rng.randrange(max(len(other), 1))
            b = b[:i] + bytearray(other[j:])
    return bytes(b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=25.0)
    parser.add_argument("--per-round", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = seeds()
    names = sorted(base)
    codes: collections.Counter[str] = collections.Counter()
    internal: list[tuple[str, str]] = []
    bad_runs: list[str] = []
    files = rounds = 0
    start = time.monotonic()
    keep = ROOT / "benchmarks" / "results" / "fuzz-internal"
    while time.monotonic() - start < args.minutes * 60:
        rounds += 1
        with tempfile.TemporaryDirectory(prefix="licparse-fuzz-") as folder:
            made: dict[str, bytes] = {}
            for k in range(args.per_round):
                name = rng.choice(names)
                data = mutate(base[name], base[rng.choice(names)], rng)
                made[f"{k:04d}-{name}"] = data
                (Path(folder) / f"{k:04d}-{name}").write_bytes(data)
            report = Path(folder) / "report.json"
            proc = subprocess.run(
                [sys.executable, "-m", "licparse", folder, "--jsonl", "-q", "-j", args.jobs,
                 "--timeout", "60", "--report", str(report)],
                capture_output=True, text=True, timeout=3600,
            )  # fmt: skip
            if proc.returncode not in (0, 1) or "Traceback" in proc.stderr:
                bad_runs.append(f"round {rounds}: exit {proc.returncode}: {proc.stderr[-500:]}")
                continue
            entries = json.loads(report.read_text())["entries"]
            if len(entries) != len(made):
                bad_runs.append(f"round {rounds}: {len(entries)} entries for {len(made)} files")
            for entry in entries:
                files += 1
                code = (entry["error"] or {}).get("code") or entry["status"]
                codes[code] += 1
                if code == "internal_error":
                    name = Path(entry["path"]).name
                    internal.append((name, entry["error"]["message"]))
                    keep.mkdir(parents=True, exist_ok=True)
                    (keep / name).write_bytes(made[name])
        print(f"round {rounds}: {files} files, {dict(codes)}", flush=True)
    minutes = (time.monotonic() - start) / 60
    lines = [
        f"# Mutation fuzz over scans: {files:,} files in {rounds} rounds, {minutes:.0f} minutes",
        "",
        f"`python benchmarks/fuzz_scans.py --minutes {args.minutes:g} --seed {args.seed}`"
        f" (-j {args.jobs}, {args.per_round} files a round, seeds: {', '.join(names)})",
        "",
        "| outcome | files |",
        "|---|---:|",
        *(f"| `{code}` | {count:,} |" for code, count in codes.most_common()),
        "",
        f"Runs that crashed or lost an input: {len(bad_runs)}",
        *(f"- {run}" for run in bad_runs),
        "",
        f"`internal_error`s: {len(internal)}",
        *(f"- {name}: {message}" for name, message in internal),
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
