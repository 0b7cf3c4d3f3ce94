"""How many damaged-label fixtures get their clause outline right.

    python benchmarks/damage_outline.py [-v]

Each file of tests/fixtures/damage/ is a real license with clause labels
damaged the way RapidOCR damages them (tests/damage.py names the kinds);
EXPECTED.json holds each one's true outline: labels, nesting, applies_to and
the first characters of each clause's own text. This prints, in one run, how
many outlines licparse reads exactly, by damage kind, and (-v) the first
difference of each failure. It is the yardstick of the clause decoder
(issue 11).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import licparse

DAMAGED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "damage"


def outline(clauses: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "label": c.label,
            "applies_to": c.applies_to,
            "text_starts": c.text.replace(" ", "")[:8],
            "children": outline(c.children),
        }
        for c in clauses
    ]


def first_difference(want: list[dict[str, Any]], got: list[dict[str, Any]], path: str = "") -> str:
    for i in range(max(len(want), len(got))):
        if i >= len(got):
            return f"{path}{want[i]['label']} missing"
        if i >= len(want):
            return f"{path}{got[i]['label']} extra"
        w, g = want[i], got[i]
        for key in ("label", "applies_to", "text_starts"):
            if w[key] != g[key]:
                return f"{path}{w['label']} {key}: want {w[key]!r}, got {g[key]!r}"
        if (inner := first_difference(w["children"], g["children"], path + w["label"])) != "":
            return inner
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    expected = json.loads((DAMAGED / "EXPECTED.json").read_text(encoding="utf-8"))["fixtures"]
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    failures = []
    for name, entry in sorted(expected.items()):
        lic = licparse.parse_file(DAMAGED / name)
        diff = first_difference(entry["clauses"], outline(lic.clauses))
        for kind in set(entry["kinds"]):
            seen[kind] += 1
            right[kind] += not diff
        if diff:
            failures.append(f"{name}: {diff}")
    total = len(expected)
    print(f"outlines right: {total - len(failures)} of {total}")
    for kind in sorted(seen):
        print(f"  {kind:<14} {right[kind]} of {seen[kind]}")
    if args.verbose:
        print("\n".join(failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
