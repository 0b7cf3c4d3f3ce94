"""The summary line's pace: read by a person, for text (many files a
second) and for scans (seconds a page), never "0 files/s"."""

from __future__ import annotations

from licparse.batch.report import Tally, pace
from licparse.batch.work import Outcome


def test_pace_reads_as_a_rate_or_as_seconds_each() -> None:
    assert pace(2_500, 2.0, "file") == "1,250 files/s"
    assert pace(5, 2.0, "file") == "2.5 files/s"
    assert pace(3, 88.73, "file") == "29.6 s a file"
    assert pace(19, 88.73, "page") == "4.7 s a page"


def test_a_batch_of_scans_is_summed_up_by_the_page() -> None:
    tally = Tally()
    for pages in (6, 7, 6):
        tally.add(Outcome("lic.pdf", "parsed", "{}", pages=pages), strict=False)
    assert tally.line(88.73) == (
        "3 files: 3 parsed (0 with warnings), 0 failed, 0 skipped in 88.73 s, "
        "29.6 s a file (19 pages, 4.7 s a page)"
    )


def test_a_batch_of_text_is_summed_up_by_the_file() -> None:
    tally = Tally()
    for _ in range(400):
        tally.add(Outcome("a.txt", "parsed", "{}"), strict=False)
    assert tally.line(0.5).endswith("in 0.50 s, 800 files/s")


def test_a_mixed_batch_counts_only_the_scanned_pages() -> None:
    # Text inputs and failures are no pages; one-page scans are still pages.
    tally = Tally()
    for _ in range(5):
        tally.add(Outcome("a.txt", "parsed", "{}"), strict=False)
    tally.add(Outcome("bad.txt", "failed", None), strict=False)
    for _ in range(2):
        tally.add(Outcome("page.png", "parsed", "{}", pages=1), strict=False)
    assert tally.line(20.0).endswith("in 20.00 s, 2.5 s a file (2 pages, 10.0 s a page)")
