"""Build the real-OCR corpus: generate, render, degrade, OCR, store.

    python benchmarks/ocr/build.py 150 benchmarks/ocr/corpus --seed 1 [--images /tmp/ocr-images]

License k of seed S is made from its own random.Random(f"{S}:{k}"), so an entry
can be rebuilt alone and a stopped run resumes where it stopped (ids already in
OUT are skipped). Each license becomes one line of OUT/batch-s{S}.jsonl.gz
(each line its own gzip member, written and closed at once, so a killed run
loses at most the license it was on). Pages are OCR'd one at a time by one
RapidOCR in this one process, onnxruntime limited to one thread, without the
angle classifier (use_cls=False), each line alone with licparse's margin of
blank after it, as licparse does. `--engine KEY=VALUE` reads with another
RapidOCR setting (or `licparse.margin=N`), to measure it
(benchmarks/ocr/settings.py).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import degrade as D  # noqa: E402
import licenses as L  # noqa: E402

import render as R  # noqa: E402
from licparse.scan.layout import lines_from_boxes  # noqa: E402

FONT_ORDER = sorted(R.FONTS)


def pages_text(pages: list[list[str]]) -> str:
    """Pages' lines joined as licparse's read_scan does (an empty page is one empty line)."""
    lines: list[str] = []
    for page in pages:
        lines += page or [""]
    return "\n".join(lines)


def read_entries(paths: Sequence[Path]) -> Iterator[dict[str, Any]]:
    """Entries of corpus files (or folders of them); a truncated last line is ignored."""
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        files += sorted(p.glob("*.jsonl.gz")) if p.is_dir() else [p]
    for f in files:
        try:
            with gzip.open(f, "rt", encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        try:
                            yield json.loads(line)
                        except json.JSONDecodeError:
                            return
        except (EOFError, OSError):
            continue


def _engine(settings: dict[str, Any] | None = None) -> Any:
    """RapidOCR as licparse reads with it (of what changes the text, the
    lines recognised at once and the margin after each), on one thread;
    `settings` over that (`licparse.margin` is licparse's own)."""
    from rapidocr import RapidOCR

    from licparse.scan.ocr import EngineSettings
    from licparse.scan.recognition import pad_after

    settings = dict(settings or {})
    lines = settings.get("Rec.rec_batch_num", EngineSettings().lines_at_once)
    # Lines read several at once are padded to the widest: no margin then.
    margin = settings.pop("licparse.margin", EngineSettings().margin if lines == 1 else 0)
    engine = RapidOCR(
        params={
            "Global.log_level": "critical",
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            "Rec.rec_batch_num": EngineSettings().lines_at_once,
            **settings,
        }
    )
    if margin and not pad_after(engine._load_rec_model(), margin):
        raise SystemExit(f"licparse.margin={margin} needs lines read one at a time")
    return engine


def _setting(text: str) -> tuple[str, Any]:
    """`Rec.rec_batch_num=6` as RapidOCR's key and a JSON value (else a string)."""
    key, _, value = text.partition("=")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def degraded(seed: int, k: int) -> tuple[Any, Any, str, list[Any], list[Any], list[Any]]:
    """License k of seed S as printed and scanned: the license, its rendering,
    the font, and per page the degraded image, the kinds and the parameters."""
    rng = random.Random(f"{seed}:{k}")
    lic = L.make_license(rng)
    font_name = FONT_ORDER[k % len(FONT_ORDER)]
    rendered = R.render_license(lic, rng, font_name)
    profile = D.choose_profile(rng)
    prov = next((p for p in L.PROVINCES if lic.number.startswith(p[0])), None)
    seal_text = f"{prov[1]}通信管理局" if prov else L.MIIT
    images, page_kinds, page_params = [], [], []
    for n, (img, regions) in enumerate(zip(rendered.pages, rendered.regions, strict=False)):
        kinds = D.page_kinds(profile, n, rng)
        out, params = D.degrade_page(img, kinds, rng, regions, seal_text)
        images.append(out)
        page_kinds.append(kinds)
        page_params.append(params)
    return lic, rendered, font_name, images, page_kinds, page_params


def boxes_of(result: Any) -> list[Any]:
    """RapidOCR's result as stored: [4 points rounded to 0.1, text, score]."""
    from licparse.scan.ocr import boxes_of as read

    return [
        [[[round(float(x), 1), round(float(y), 1)] for x, y in box], text, round(score, 3)]
        for box, text, score in read(result)
    ]


def build_one(seed: int, k: int, engine: Any, images: Path | None) -> dict[str, Any]:
    lid = f"s{seed}-{k:04}"
    lic, rendered, font_name, pages, page_kinds, page_params = degraded(seed, k)
    started = time.time()
    ocr_pages = []
    for n, out in enumerate(pages):
        if images:
            (images / lid).mkdir(parents=True, exist_ok=True)
            out.save(images / lid / f"page{n + 1}.png")
        ocr_pages.append(boxes_of(engine(out.convert("RGB"), use_cls=False)))
    kinds_all = sorted({k for ks in page_kinds for k in ks}) or ["clean"]
    return {
        "id": lid,
        "seed": seed,
        "index": k,
        "font": font_name,
        "degradations": kinds_all,
        "page_degradations": page_kinds,
        "page_params": page_params,
        "layout": rendered.layout,
        "styles": lic.styles,
        "truth": lic.truth,
        "pages": ocr_pages,
        "text": pages_text([lines_from_boxes(p) for p in ocr_pages]),
        "source_text": pages_text(rendered.lines),
        "ocr_seconds": round(time.time() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="licenses 0..n-1 of this seed")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--images", type=Path, default=None, help="also save the degraded pages here"
    )
    parser.add_argument(
        "--engine",
        type=_setting,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a RapidOCR setting other than licparse's, to measure it (Rec.rec_batch_num=6, "
        "or licparse.margin=0)",
    )
    parser.add_argument(
        "--part",
        default="0/1",
        metavar="I/N",
        help="only licenses k with k %% N == I (run N at once, each to its own OUT)",
    )
    args = parser.parse_args()
    part, parts = (int(x) for x in args.part.split("/"))
    if not 0 <= part < parts:
        parser.error(f"--part {args.part}: I must be at least 0 and less than N")
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"batch-s{args.seed}.jsonl.gz"
    done = [e for e in read_entries([target])] if target.exists() else []
    if target.exists():  # drop a truncated tail so appended members stay readable
        with gzip.open(target, "wt", encoding="utf-8") as fh:
            for e in done:
                fh.write(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n")
    have = {e["id"] for e in read_entries([args.out])}
    engine = _engine(dict(args.engine))
    for k in range(part, args.n, parts):
        lid = f"s{args.seed}-{k:04}"
        if lid in have:
            continue
        entry = build_one(args.seed, k, engine, args.images)
        with gzip.open(target, "at", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
        print(
            f"{lid} {len(entry['pages'])} pages {entry['ocr_seconds']}s {entry['font']} "
            f"{'+'.join(entry['degradations'])}",
            flush=True,
        )


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
