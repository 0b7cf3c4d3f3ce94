"""Golden files: `tests/fixtures/NAME.txt` beside `NAME.json`, compared whole.

The JSON is what `licparse tests/fixtures/NAME.txt --json` prints from the
repository root: a license object, or `{"source", "error"}` for an input that
must be refused. Regenerate after a reviewed change with

    python -m tests.golden            # all fixtures
    python -m tests.golden NAME ...   # some

and read the diff before committing: a golden file is a claim that its output
is right, not a snapshot of whatever the parser does today.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import licparse

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def fixture_names() -> list[str]:
    return sorted(p.stem for p in FIXTURES.glob("*.txt"))


def expected(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def actual(name: str) -> Any:
    rel = f"tests/fixtures/{name}.txt"
    try:
        return licparse.parse_bytes((ROOT / rel).read_bytes(), path=rel).model_dump(mode="json")
    except licparse.LicparseError as exc:
        return {"source": {"path": rel}, "error": {"code": exc.code, "message": exc.message}}


def dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main(names: list[str]) -> None:
    for name in names or fixture_names():
        (FIXTURES / f"{name}.json").write_text(dump(actual(name)), encoding="utf-8")
        print(f"wrote tests/fixtures/{name}.json")


if __name__ == "__main__":
    main(sys.argv[1:])
