"""The scan path's speed against the raw OCR engine, measured in one run.

Pages are the licenses of tests/fixtures rendered as a scanner sees them
(tests/render.py). Printed, each figure from this run:

- one license's pages: licparse (`--pages`, default options) against the raw
  engine called the obvious way (one process, RapidOCR's default settings,
  the pages in turn: `engine(path)`), wall seconds including start-up and
  model load, and CPU seconds per page. Also against the raw engine with its
  line-direction classifier off, as licparse runs it (it turns whole pages
  upright instead), to show what that setting alone is worth;
- a batch of licenses: the same, licparse at -j 1 and at all cores;
- the text: every line the raw engine's defaults read, page by page, against
  what licparse's engine reads: how many differ, and which reading of each is
  nearer the printed line;
- peak memory per worker process.

Each measurement is taken `--rounds` times, interleaved, and the median
printed: this machine's speed drifts 2x from hour to hour, so only ratios
within one run mean anything.

    python benchmarks/ocr_speed.py [--licenses 4] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# This folder holds html.py, which would shadow the standard library's.
sys.path[0] = str(ROOT)

from tests.render import render_page, split_pages  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks" / "ocr"))
from settings import compare_lines  # noqa: E402

# The licparse of this tree, whatever is installed.
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

SEEDS = ("seed_000", "seed_002")

# The raw engine the obvious way; `--no-cls` as licparse runs it; `--alone`
# also recognising lines as licparse does (alone, with its margin): the
# reference licparse's text must equal byte for byte. Printed: each page's
# boxes and texts.
RAW = textwrap.dedent(
    """
    import json, sys
    from rapidocr import RapidOCR
    params = {"Global.log_level": "critical"}
    if sys.argv[1] == "--alone":
        from licparse.scan.ocr import EngineSettings
        from licparse.scan.recognition import pad_after
        params["Rec.rec_batch_num"] = EngineSettings().lines_at_once
    engine = RapidOCR(params=params)
    if sys.argv[1] == "--alone":
        assert pad_after(engine._load_rec_model(), EngineSettings().margin)
    cls = sys.argv[1] == "--cls"
    pages = []
    for path in sys.argv[2:]:
        result = engine(path, use_cls=cls)
        boxes = [] if result.boxes is None else result.boxes.tolist()
        pages.append([[box, text] for box, text in zip(boxes, result.txts or ())])
    print(json.dumps(pages, ensure_ascii=False))
    """
)

# licparse's engine alone, made as licparse makes it, the pages in turn:
# what licparse adds to it (plumbing, reading order, parsing) is the rest.
ENGINE = textwrap.dedent(
    """
    import sys
    from PIL import Image
    from licparse.scan import ocr
    engine = ocr.make_engine(ocr.EngineSettings())
    for path in sys.argv[1:]:
        engine(ocr.as_rgb(Image.open(path)), use_cls=False)
    """
)

# Every line licparse's engine reads, page by page, read as licparse reads a
# license (its settings, its threads): printed, to compare with the raw engine.
TEXT = textwrap.dedent(
    """
    import json, sys, threading
    from PIL import Image
    from licparse.batch.plan import cores
    from licparse.scan import ocr
    images = [Image.open(path) for path in sys.argv[1:]]
    number = {id(image): n for n, image in enumerate(images)}
    pages, here = [[] for _ in images], threading.local()
    read, boxes_of = ocr._read, ocr.boxes_of
    def reading(image):
        here.page = number.get(id(image))  # None: the page turned
        return read(image)
    def recorded(result):
        boxes = boxes_of(result)
        if here.page is not None:
            pages[here.page] = [[box.tolist(), text] for box, text, _ in boxes]
        return boxes
    ocr._read, ocr.boxes_of = reading, recorded
    ocr.read_pages(images, cores())
    print(json.dumps(pages, ensure_ascii=False))
    """
)


def make_pages(folder: Path, licenses: int) -> list[list[Path]]:
    """`licenses` licenses, each a folder of page images."""
    out = []
    for number in range(licenses):
        pages = []
        for page_number, lines in enumerate(printed_pages(number), start=1):
            path = folder / f"lic{number:02d}" / f"p{page_number}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            render_page(lines, noise=800, seed=number * 100 + page_number).save(path)
            pages.append(path)
        out.append(pages)
    return out


class Measured:
    def __init__(self, wall: float, cpu: float, peak_mib: int) -> None:
        self.wall, self.cpu, self.peak_mib = wall, cpu, peak_mib


def measure(command: list[str]) -> Measured:
    """Wall and CPU seconds of a command and its children, and the peak
    resident memory of the largest of its processes (a worker's, for
    licparse). Nothing polls while it runs: the kernel keeps the figures."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=ENV)
        # wait4 gives the child's figures with those of every process it
        # waited for, its workers included.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            errors.seek(0)
            raise SystemExit(f"{command} failed: {errors.read().decode(errors='replace')}")
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024)


def licparse(*args: str) -> list[str]:
    return [sys.executable, "-m", "licparse", *args, "--jsonl", "-q"]


def median(runs: list[Measured]) -> Measured:
    """The run of median wall time (its CPU and memory with it)."""
    return sorted(runs, key=lambda m: m.wall)[len(runs) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--licenses", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from licparse.batch.plan import cores

    with tempfile.TemporaryDirectory(prefix="licparse-speed-") as tmp:
        folder = Path(tmp)
        licenses = make_pages(folder, args.licenses)
        one = [str(p) for p in licenses[0]]
        every = [str(p) for pages in licenses for p in pages]
        n_one, n_all = len(one), len(every)
        every_core = ["-j", str(cores())]
        runs: dict[str, list[Measured]] = {}
        commands = {
            "raw one": [sys.executable, "-c", RAW, "--cls", *one],
            "raw one, no cls": [sys.executable, "-c", RAW, "--no-cls", *one],
            "ours one": licparse("--pages", *one),
            "engine one": [sys.executable, "-c", ENGINE, *one],
            "raw all": [sys.executable, "-c", RAW, "--cls", *every],
            "ours all": licparse(str(folder), "--pages", *every_core),
        }
        for round_ in range(args.rounds):
            for what, command in commands.items():
                runs.setdefault(what, []).append(measure(command))
                print(f"round {round_ + 1}: {what} {runs[what][-1].wall:.1f} s", file=sys.stderr)
        ours_j1 = measure(licparse(str(folder), "--pages", "-j", "1"))
        m = {what: median(r) for what, r in runs.items()}

        print(
            f"cores: {cores()}; pages: {n_one} in one license, {n_all} in all; "
            f"median of {args.rounds} interleaved rounds"
        )
        print("| pages | raw engine s | licparse s | licparse / raw | CPU s/page raw | ours |")
        print("|---|---:|---:|---:|---:|---:|")
        for what, n, key in (
            ("one license", n_one, "one"),
            (f"{args.licenses} licenses", n_all, "all"),
        ):
            ours = m[f"ours {key}"]
            raws = [("", m[f"raw {key}"])]
            if f"raw {key}, no cls" in m:
                raws.append((", raw engine with its line classifier off", m[f"raw {key}, no cls"]))
            for label, raw in raws:
                print(
                    f"| {what} ({n}){label} | {raw.wall:.1f} | {ours.wall:.1f} "
                    f"| {ours.wall / raw.wall:.2f} | {raw.cpu / n:.2f} | {ours.cpu / n:.2f} |"
                )
        print(
            f"\npages/s, {args.licenses} licenses: -j 1 {n_all / ours_j1.wall:.2f}, "
            f"-j {cores()} {n_all / m['ours all'].wall:.2f}; one license: "
            f"{n_one / m['ours one'].wall:.2f} (raw engine: {n_one / m['raw one'].wall:.2f})"
        )
        engine = m["engine one"]
        print(
            f"licparse's own cost on one license: {m['ours one'].cpu / n_one:.2f} CPU s/page "
            f"against {engine.cpu / n_one:.2f} for its engine alone (one thread, the pages in "
            f"turn): {100 * (m['ours one'].cpu / engine.cpu - 1):+.1f} %"
        )
        print(
            f"peak memory of the largest process, MiB: raw engine {m['raw all'].peak_mib}; "
            f"licparse's worker at -j {cores()} (one OCR thread each): {m['ours all'].peak_mib}; "
            f"reading one license on {cores()} threads: {m['ours one'].peak_mib}"
        )

        def text(command: list[str]) -> object:
            out = subprocess.run(command, capture_output=True, text=True, check=True, env=ENV)
            return json.loads(out.stdout)

        raw_text = text([sys.executable, "-c", RAW, "--cls", *every])
        alone_text = text([sys.executable, "-c", RAW, "--alone", *every])
        ours_text = text([sys.executable, "-c", TEXT, *every])
        same = ours_text == alone_text
        print(
            f"every line of the {n_all} pages, licparse's engine against the raw engine "
            f"recognising lines as licparse does (alone, with its margin): "
            f"{'the same' if same else 'DIFFERENT'}"
        )
        printed = [page for n in range(args.licenses) for page in printed_pages(n)]
        lines = compare(raw_text, ours_text, printed)
        print(
            f"against the raw engine's defaults: {lines['different']} of {lines['lines']} lines "
            f"read differently (nearer the print: licparse's {lines['nearer_other']}, the raw "
            f"engine's {lines['nearer_base']}, as near {lines['as_near']}); boxes only one of "
            f"them read: {lines['only_base'] + lines['only_other']}"
        )
        print(json.dumps({"same_text": same, **lines}))


def printed_pages(number: int) -> list[list[str]]:
    """License `number`'s pages as make_pages printed them, line by line."""
    name = SEEDS[number % len(SEEDS)]
    return split_pages((ROOT / "tests" / "fixtures" / f"{name}.txt").read_text(encoding="utf-8"))


def compare(raw: Any, ours: Any, printed: list[list[str]]) -> dict[str, int]:
    """settings.py's line comparison (lines paired by their boxes, each
    reading held to the part of the printed row either covers), each page
    against its own printed rows: the raw engine's reading is the base."""

    def entries(pages: Any) -> dict[str, Any]:
        return {
            str(n): {"source_text": "\n".join(rows), "pages": [[[*box, 0.0] for box in page]]}
            for n, (page, rows) in enumerate(zip(pages, printed, strict=True))
        }

    lines = compare_lines(entries(raw), entries(ours))
    return {k: v for k, v in lines.items() if k != "examples"}


if __name__ == "__main__":
    main()
