"""Scans without the OCR extra: reported in their place, never skipped in silence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import licparse.scan
from licparse.cli import main

from .conftest import FIXTURES

SEED = (FIXTURES / "seed_000.txt").read_text(encoding="utf-8")


def test_without_the_extra_scans_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(licparse.scan, "ocr_available", lambda: False)
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "b.txt").write_text(SEED, encoding="utf-8")
    result = CliRunner().invoke(main, [str(tmp_path), "--jsonl", "-j", "1"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["error"]["code"] == "needs_ocr"
    # What works from the repository: licparse is not on PyPI (issue 13).
    assert "pip install -e '.[ocr]' in the licparse checkout" in rows[0]["error"]["message"]
    assert rows[1]["license_number"] == "苏B2-20231036"
    assert result.exit_code == 1
