"""Pages the page numbers count that the input does not have are doubted."""

from __future__ import annotations

import pytest

import licparse

from ..conftest import FIXTURES

LINES = (FIXTURES / "seed_000.txt").read_text(encoding="utf-8").split("\n")


def numbered(fmt: str, pages: int, of: int) -> str:
    """seed_000 cut into `pages` pages, each ending with its number."""
    step = len(LINES) // pages
    out: list[str] = []
    for page in range(pages):
        out += LINES[page * step : (page + 1) * step if page < pages - 1 else None]
        out.append(fmt.format(n=page + 1, m=of))
    return "\n".join(out)


@pytest.mark.parametrize("fmt", ["第 {n} 页 共 {m} 页", "{n}/{m}", "Page {n} of {m}"])
def test_a_last_page_short_of_the_count_is_doubted(fmt: str) -> None:
    lic = licparse.parse_text(numbered(fmt, 3, 6))
    (doubt,) = [w for w in lic.warnings if w.code == "pages_missing"]
    assert doubt.message == (
        f"the page numbers count 6 pages and the last one read is 3 (line {doubt.line}): "
        "pages 4-6 may be missing from the input"
    )
    assert lic.furniture[-1].lines == [doubt.line]


@pytest.mark.parametrize("fmt", ["第 {n} 页 共 {m} 页", "{n}/{m}", "- {n} -", "第 {n} 页"])
def test_every_page_counted_or_no_count_is_no_doubt(fmt: str) -> None:
    lic = licparse.parse_text(numbered(fmt, 3, 3))
    assert "pages_missing" not in [w.code for w in lic.warnings]


def test_one_page_short_names_the_page() -> None:
    lic = licparse.parse_text(numbered("{n}/{m}", 3, 4))
    (doubt,) = [w for w in lic.warnings if w.code == "pages_missing"]
    assert doubt.message.endswith(
        f"last one read is 3 (line {doubt.line}): page 4 may be missing from the input"
    )


def test_a_last_page_that_prints_no_number_is_no_gap() -> None:
    # Pages 1-3 numbered `n/4`, then page 4's text with no number of its own.
    text = numbered("{n}/{m}", 3, 4) + "\n" + "\n".join(LINES[-12:])
    assert "pages_missing" not in [w.code for w in licparse.parse_text(text).warnings]
