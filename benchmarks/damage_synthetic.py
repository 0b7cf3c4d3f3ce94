"""The clause tree under synthetic label damage, measured on many licenses.

    python benchmarks/damage_synthetic.py [N] [--seed 1] [--failures 10]

Takes N synthetic licenses (half from benchmarks/ocr/licenses.py, varied
layouts of the catalogue, half from benchmarks/generate.py, the seeds'
layouts with new values), damages one to three clause labels of each the
way real OCR does (tests/damage.py: every kind recoverable from the text,
drawn at random, repeats allowed), and parses both texts. A license is
right when the damaged text gives the clean text's clause tree: every clause
at its place (level, number, label) with its text right (a difflib ratio of
at least 0.9, as accuracy.py judges OCR text). Prints the share right,
overall and per damage kind, and the failures. `run(n, seed)` returns the
figures, for tests.
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE / "ocr"), str(HERE.parent)]

from generate import license_text  # noqa: E402
from licenses import logical_text, make_license  # noqa: E402
from tests.damage import KINDS, damage  # noqa: E402

TEXT_OK = 0.9


def outline(clauses: list[Any], parent: str = "") -> list[tuple[str, str]]:
    """(label path, text) of every clause, in order."""
    out: list[tuple[str, str]] = []
    for c in clauses:
        path = parent + c.label
        out.append((path, c.text))
        out += outline(c.children, path)
    return out


def compare(clean: list[tuple[str, str]], got: list[tuple[str, str]]) -> str | None:
    """Why `got` is not `clean`, or None."""
    for k, ((want_path, want_text), (got_path, got_text)) in enumerate(
        zip(clean, got, strict=False)
    ):
        if want_path != got_path:
            return f"clause #{k + 1}: want {want_path} got {got_path}"
        ratio = difflib.SequenceMatcher(None, want_text, got_text, autojunk=False).ratio()
        if ratio < TEXT_OK:
            return f"{want_path} text ratio {ratio:.2f}: got {got_text[:30]!r}"
    if len(clean) != len(got):
        return f"{len(clean)} clauses wanted, {len(got)} found"
    return None


def texts(n: int, rng: random.Random) -> list[str]:
    return [logical_text(make_license(rng)) if k % 2 else license_text(rng) for k in range(n)]


def run(n: int = 400, seed: int = 1) -> dict[str, Any]:
    import licparse

    rng = random.Random(seed)
    right = 0
    by_kind: Counter[str] = Counter()
    right_by_kind: Counter[str] = Counter()
    failures: list[str] = []
    for k, text in enumerate(texts(n, rng)):
        kinds = [rng.choice(KINDS) for _ in range(rng.randint(1, 3))]
        damaged = damage(text, kinds, rng)
        applied = [hit.kind for hit in damaged.hits]
        clean = outline(licparse.parse_text(text).clauses)
        why = compare(clean, outline(licparse.parse_text(damaged.text).clauses))
        by_kind.update(set(applied))
        if why is None:
            right += 1
            right_by_kind.update(set(applied))
        else:
            hits = "; ".join(f"{h.kind} at {h.path} line {h.line}" for h in damaged.hits)
            failures.append(f"#{k} [{hits}]: {why}")
    return {
        "licenses": n,
        "right": right / n,
        "by_kind": {kind: (right_by_kind[kind], by_kind[kind]) for kind in KINDS},
        "failures": failures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--failures", type=int, default=10)
    args = parser.parse_args()
    result = run(args.n, args.seed)
    print(f"{result['licenses']} licenses, 1-3 label damages each: {result['right']:.1%} right")
    for kind, (ok, total) in result["by_kind"].items():
        share = f"{ok / total:.0%}" if total else "-"
        print(f"  {kind:12s} {ok:4d} of {total:4d}  {share}")
    for line in result["failures"][: args.failures]:
        print("  " + line)


if __name__ == "__main__":
    main()
