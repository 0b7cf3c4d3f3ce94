"""Inference backends for licparse's OCR models, on one thread, in one run.

licparse reads a page at 98 % of two cores, so what is left of a page's time
is the arithmetic of its two models. This asks whether another backend does
that arithmetic faster and reads the same text. Each backend installed is
given the same models (the ONNX files in RapidOCR's wheel) through
RapidOCR's own `engine_type`, one thread each, and reads the same pages
(tests/render.py, as ocr_speed.py makes them):

- onnxruntime (always; licparse's settings: arena on, no spin-waiting),
  with each stage's time inside onnxruntime and outside it;
- OpenVINO, if `openvino` is installed;
- MNN, if `MNN` and its `mnnconvert` are installed (the models converted
  here, into a temporary folder).

Printed: CPU seconds a page, the ratio to onnxruntime, and whether every
line is the same as onnxruntime's. The backends run interleaved, `--rounds`
times, medians printed (this machine's speed drifts 2x from hour to hour).

    python benchmarks/ocr_backends.py [--pages 4] [--rounds 2]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # this folder's html.py would shadow the standard library's

from benchmarks.ocr_speed import make_pages  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

# One backend reading the pages in turn; the first page read once before the
# clock starts, so no backend is charged for its first-run set-up.
READ = textwrap.dedent(
    """
    import json, sys, time
    from rapidocr import EngineType, RapidOCR
    backend, models, pages = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3:]
    from licparse.scan import ocr
    # Each backend recognises lines as licparse does: as many at once, and
    # with its margin after each.
    from licparse.scan.recognition import pad_after
    params = {"Global.log_level": "critical",
              "Rec.rec_batch_num": ocr.EngineSettings().lines_at_once}
    if backend == "onnxruntime":
        engine = ocr.make_engine(ocr.EngineSettings())
    else:
        kind = {"openvino": EngineType.OPENVINO, "mnn": EngineType.MNN}[backend]
        params[f"EngineConfig.{backend}.inference_num_threads"] = 1
        for stage in ("Det", "Rec", "Cls"):
            params[f"{stage}.engine_type"] = kind
            params[f"{stage}.model_path"] = models[stage]
        if backend == "mnn":
            params["Rec.rec_keys_path"] = models["keys"]
        engine = RapidOCR(params=params)
        for load in ("_load_det_model", "_load_rec_model"):  # RapidOCR loads lazily
            getattr(engine, load, lambda: None)()
        pad_after(engine.text_rec, ocr.EngineSettings().margin)
    inside = {"det": 0.0, "rec": 0.0}
    for stage in inside:
        session = getattr(engine, f"text_{stage}").session
        run = type(session).__call__
        def timed(self, x, run=run, stage=stage):
            start = time.perf_counter()
            try:
                return run(self, x)
            finally:
                inside[stage] += time.perf_counter() - start
        session.__class__ = type("Timed", (type(session),), {"__call__": timed})
    engine(pages[0], use_cls=False)
    inside = dict.fromkeys(inside, 0.0)
    start = time.process_time()
    lines = [list(engine(page, use_cls=False).txts or ()) for page in pages]
    cpu = time.process_time() - start
    print(json.dumps({"cpu": cpu, "inside": inside, "lines": lines}, ensure_ascii=False))
    """
)


def models(folder: Path) -> dict[str, dict[str, str]]:
    """The model files each installed backend reads, by stage."""
    import onnxruntime
    import rapidocr

    wheel = Path(rapidocr.__file__).parent / "models"
    onnx = {
        "Det": str(next(wheel.glob("*_det_*.onnx"))),
        "Rec": str(next(wheel.glob("*_rec_*.onnx"))),
        "Cls": str(next(wheel.glob("*_cls_*.onnx"))),
    }
    out = {"onnxruntime": onnx}
    if importlib.util.find_spec("openvino"):
        out["openvino"] = onnx  # it reads ONNX itself
    convert = shutil.which("mnnconvert")
    if importlib.util.find_spec("MNN") and convert:
        mnn: dict[str, str] = {}
        for stage, path in onnx.items():
            mnn[stage] = str(folder / (Path(path).stem + ".mnn"))
            subprocess.run(
                [convert, "-f", "ONNX", "--modelFile", path, "--MNNModel", mnn[stage]],
                capture_output=True,
                check=True,
            )
        # The ONNX recogniser carries its characters; an MNN one does not.
        meta = onnxruntime.InferenceSession(onnx["Rec"]).get_modelmeta().custom_metadata_map
        keys = folder / "keys.txt"
        keys.write_text(meta["character"], encoding="utf-8")
        mnn["keys"] = str(keys)
        out["mnn"] = mnn
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="licparse-backends-") as tmp:
        folder = Path(tmp)
        pages = [str(p) for lic in make_pages(folder, 1 + args.pages // 6) for p in lic]
        pages = pages[: args.pages]
        files = models(folder)
        runs: dict[str, list[dict[str, object]]] = {}
        for _ in range(args.rounds):
            for backend, paths in files.items():
                command = [sys.executable, "-c", READ, backend, json.dumps(paths), *pages]
                done = subprocess.run(command, capture_output=True, text=True, env=ENV)
                if done.returncode != 0:
                    print(f"{backend}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
                    continue
                # The last line: MNN prints its own notes on stdout.
                runs.setdefault(backend, []).append(json.loads(done.stdout.splitlines()[-1]))
                print(f"{backend}: {runs[backend][-1]['cpu']:.1f} s", file=sys.stderr)
    n = len(pages)
    base = runs["onnxruntime"]
    base_cpu = statistics.median(float(r["cpu"]) for r in base)  # type: ignore[arg-type]
    print(f"{n} pages, one thread, median of {args.rounds} interleaved rounds")
    print("| backend | CPU s/page | / onnxruntime | every line the same |")
    print("|---|---:|---:|---|")
    for backend, results in runs.items():
        cpu = statistics.median(float(r["cpu"]) for r in results)  # type: ignore[arg-type]
        same = all(r["lines"] == base[0]["lines"] for r in results)
        print(f"| {backend} | {cpu / n:.2f} | {cpu / base_cpu:.2f} | {'yes' if same else 'NO'} |")
    inside = base[0]["inside"]
    assert isinstance(inside, dict)
    cpu = float(base[0]["cpu"])  # type: ignore[arg-type]
    det, rec = inside["det"], inside["rec"]
    print(
        f"\nonnxruntime, a page: detection {det / n:.2f} s and recognition {rec / n:.2f} s "
        f"inside the runtime; {(cpu - det - rec) / n:.2f} s outside it "
        f"({100 * (det + rec) / cpu:.1f} % inside)"
    )


if __name__ == "__main__":
    main()
