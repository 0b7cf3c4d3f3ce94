"""An OCR engine setting against licparse's: speed, and accuracy on the
real-OCR corpus.

A setting that changes the text (how many lines are recognised at once, the
detection size) is only worth having if what licparse reads stays as right,
and the clean pages of ocr_speed.py are too few to say. So the corpus is read
again with the setting, and compared with the corpus as built (licparse's
settings):

    python benchmarks/ocr/build.py 130 OUT --seed 1 --engine Rec.rec_batch_num=6
    python benchmarks/ocr/settings.py OUT [--base benchmarks/ocr/corpus] [--lines 20]
    python benchmarks/ocr/settings.py --speed 3 --engine Rec.rec_batch_num=6

Printed for a corpus: accuracy.py's metrics for both, on the licenses both
hold (absolute: a field a setting lost counts against it, surviving or not);
the licenses entirely right in one and not the other; and line by line (the
boxes paired by overlap), how many lines read differently and, for each, which
reading is nearer to the row the page printed (edits to the part of the
printed row either reading covers, so a lost first or last character
counts; widths folded; a traditional glyph read for the printed simplified
one counts as an edit).

`--speed N`: the first N licenses' pages are made again (the same images as
the corpus's), and read with licparse's settings and with the setting, interleaved,
`--rounds` times, one onnxruntime thread and its arena on (as licparse runs):
CPU seconds a page, medians, and how many lines differ.
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import accuracy as A  # noqa: E402
from build import _engine, _setting, boxes_of, degraded, read_entries  # noqa: E402

# A pair of boxes is the same line when they overlap this much.
SAME_LINE = 0.5


def _rect(box: list[list[float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in box], [p[1] for p in box]
    return min(xs), min(ys), max(xs), max(ys)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    both = w * h
    return both / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - both)


def paired(base: list[Any], other: list[Any]) -> tuple[list[tuple[str, str]], int, int]:
    """A page's lines as (base text, other text) for boxes that are the same
    line, and how many boxes only the base, and only the other, has."""
    rects = [_rect(b[0]) for b in other]
    used: set[int] = set()
    pairs = []
    for box, text, _ in base:
        r = _rect(box)
        free = ((_overlap(r, o), j) for j, o in enumerate(rects) if j not in used)
        best, j = max(free, default=(0.0, -1))
        if best >= SAME_LINE:
            used.add(j)
            pairs.append((text, other[j][1]))
    return pairs, len(base) - len(pairs), len(other) - len(used)


def span(text: str, row: str) -> tuple[int, int]:
    """Where in `row` `text` fits best: the part fewest edits away."""
    previous = [(0, j) for j in range(len(row) + 1)]  # (edits, start): any start is free
    for i, c in enumerate(text, 1):
        current = [(i, 0)]
        for j, r in enumerate(row, 1):
            here = previous[j - 1][0] + (c != r), previous[j - 1][1]
            current.append(
                min(
                    (previous[j][0] + 1, previous[j][1]), (current[-1][0] + 1, current[-1][1]), here
                )
            )
        previous = current
    end = min(range(len(row) + 1), key=lambda j: previous[j][0])  # and any end
    return previous[end][1], end


def edits(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, c in enumerate(a, 1):
        current = [i]
        for j, r in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[-1] + 1, previous[j - 1] + (c != r)))
        previous = current
    return previous[-1]


def judged(a: str, b: str, row: str) -> tuple[int, int]:
    """Each reading's edits to the part of the printed row that either
    covers: a reading that lost a line's last character (`…01` for
    `…01日`) is charged for it when the other reading has it."""
    (s1, e1), (s2, e2) = span(a, row), span(b, row)
    part = row[min(s1, s2) : max(e1, e2)]
    return edits(a, part), edits(b, part)


def _plain(text: str) -> str:
    """For edits to the print: widths folded and spaces out (OCR's `(` for
    `（` is no error of a setting), but a traditional glyph for the printed
    simplified one is: the values licparse outputs keep the glyphs read."""
    return "".join(unicodedata.normalize("NFKC", text).split()).replace("○", "〇")


def _printed_row(rows: list[str], a: str, b: str) -> str:
    def near(row: str) -> float:
        return max(difflib.SequenceMatcher(None, x, row, autojunk=False).ratio() for x in (a, b))

    return max(rows, key=near) if rows else ""


def compare_lines(base: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """Line by line over two corpora's entries (by id)."""
    out: dict[str, Any] = {"lines": 0, "different": 0, "only_base": 0, "only_other": 0}
    out.update(nearer_other=0, nearer_base=0, as_near=0, edits_base=0, edits_other=0, examples=[])
    out.update(cut_base=0, cut_other=0)
    for lid, entry in base.items():
        rows = [_plain(r) for r in entry["source_text"].split("\n") if r.strip()]
        pages = zip(entry["pages"], other[lid]["pages"], strict=True)
        for page, (mine, theirs) in enumerate(pages):
            pairs, only_base, only_other = paired(mine, theirs)
            out["lines"] += len(mine)
            out["only_base"] += only_base
            out["only_other"] += only_other
            for a, b in pairs:
                if a == b:
                    continue
                out["different"] += 1
                la, lb = _plain(a), _plain(b)
                row = _printed_row(rows, la, lb)
                da, db = judged(la, lb, row)
                out["edits_base"] += da
                out["edits_other"] += db
                out["nearer_other" if db < da else "nearer_base" if da < db else "as_near"] += 1
                # A reading that is the other without its last characters,
                # which the print has (not ones the other made up).
                if la != lb and lb.startswith(la) and db < da:
                    out["cut_base"] += 1
                elif la != lb and la.startswith(lb) and da < db:
                    out["cut_other"] += 1
                out["examples"].append((lid, page + 1, a, b, da, db))
    return out


def accuracy(base_path: Path, other_path: Path, lines: int) -> None:
    base = {e["id"]: e for e in read_entries([base_path])}
    other = {e["id"]: e for e in read_entries([other_path])}
    ids = sorted(base.keys() & other.keys())
    if not ids:
        raise SystemExit(f"no license is in both {base_path} and {other_path}")
    base = {i: base[i] for i in ids}
    other = {i: other[i] for i in ids}
    pages = sum(len(e["pages"]) for e in base.values())
    metrics = {name: A.evaluate(c.values()) for name, c in (("licparse", base), ("setting", other))}
    print(f"{len(ids)} licenses, {pages} pages; the setting's corpus: {other_path}\n")
    print(A._table("accuracy", {name: m["overall"] for name, m in metrics.items()}))
    right = {name: {d["id"] for d in m["_docs"] if d["right"]} for name, m in metrics.items()}
    print(
        f"\nentirely right with licparse's settings only: "
        f"{sorted(right['licparse'] - right['setting'])}; "
        f"with the setting only: {sorted(right['setting'] - right['licparse'])}"
    )
    c = compare_lines(base, other)
    print(
        f"\nlines: {c['lines']}; read differently: {c['different']} "
        f"(nearer the print: the setting {c['nearer_other']}, licparse's {c['nearer_base']}, "
        f"as near {c['as_near']}; edits to the print: licparse's {c['edits_base']}, "
        f"the setting's {c['edits_other']}); boxes only licparse's found: {c['only_base']}, "
        f"only the setting: {c['only_other']}; read short (the other reading and the print "
        f"have more at the end): licparse's {c['cut_base']}, the setting's {c['cut_other']}"
    )
    for lid, page, a, b, da, db in c["examples"][:lines]:
        print(f"  {lid} p{page}: {a!r} ({da}) -> {b!r} ({db})")


def speed(licenses: int, settings: dict[str, Any], rounds: int) -> None:
    faster = {"EngineConfig.onnxruntime.enable_cpu_mem_arena": True}
    engines = {"licparse": _engine(faster), "setting": _engine({**faster, **settings})}
    images = [im.convert("RGB") for k in range(licenses) for im in degraded(1, k)[3]]
    for engine in engines.values():  # sessions are made at the first page
        engine(images[0], use_cls=False)
    cpu: dict[str, list[float]] = {name: [] for name in engines}
    texts: dict[str, list[list[str]]] = {}
    for _ in range(rounds):
        for name, engine in engines.items():
            start = time.thread_time()
            read = [[b[1] for b in boxes_of(engine(im, use_cls=False))] for im in images]
            cpu[name].append((time.thread_time() - start) / len(images))
            texts[name] = read
    base, mine = statistics.median(cpu["licparse"]), statistics.median(cpu["setting"])
    different = sum(
        sum(a != b for a, b in zip(x, y, strict=False)) + abs(len(x) - len(y))
        for x, y in zip(texts["licparse"], texts["setting"], strict=True)
    )
    print(
        f"{len(images)} pages of {licenses} corpus licenses, {settings}: CPU s a page "
        f"licparse's settings {base:.2f}, the setting {mine:.2f} ({mine / base:.3f}x); "
        f"lines read differently: {different}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?", help="the corpus read with the setting")
    parser.add_argument("--base", type=Path, default=HERE / "corpus")
    parser.add_argument("--lines", type=int, default=0, help="print this many differing lines")
    parser.add_argument("--speed", type=int, default=0, metavar="N")
    parser.add_argument("--engine", type=_setting, action="append", default=[])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if args.corpus:
        accuracy(args.base, args.corpus, args.lines)
    if args.speed:
        if not args.engine:
            parser.error("--speed needs the setting: --engine KEY=VALUE")
        speed(args.speed, dict(args.engine), args.rounds)
    if not args.corpus and not args.speed:
        parser.error("give a corpus, --speed N, or both")


if __name__ == "__main__":
    main()
