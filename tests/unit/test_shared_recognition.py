"""A page's recognition batches shared with idle threads: the same batches
RapidOCR makes, merged back in the page's order, on more than one thread.

A stand-in recogniser here (no model): the real engine's text, shared
against whole, is compared in tests/test_ocr.py."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest

np = pytest.importorskip("numpy", reason="needs the OCR extra: pip install -e '.[test,ocr]'")

from licparse.scan.cores import Cores  # noqa: E402
from licparse.scan.recognition import SharedRecognition, helped_by  # noqa: E402


@dataclass
class RecInput:
    img: Any
    return_word_box: bool = False


@dataclass
class RecOutput:
    imgs: Any = None
    txts: Any = None
    scores: Any = None
    word_results: Any = None
    elapse: float | None = None


class Recogniser:
    """Reads each line as its width; records each call's widths and thread."""

    rec_batch_num = 6

    def __init__(self, hold_first: bool = False, fail_width: int | None = None) -> None:
        self.calls: list[tuple[str, tuple[int, ...]]] = []
        self.lock = threading.Lock()
        self.second = threading.Event()
        self.hold_first = hold_first
        self.fail_width = fail_width

    def __call__(self, args: RecInput) -> RecOutput:
        widths = tuple(int(im.shape[1]) for im in args.img)
        with self.lock:
            self.calls.append((threading.current_thread().name, widths))
            first = len(self.calls) == 1
            if not first:
                self.second.set()
        if first and self.hold_first:
            # Until a second thread has taken a batch (or 10 s: then the
            # assertion on threads below fails rather than the test hanging).
            self.second.wait(10)
        if self.fail_width in widths:
            raise ValueError(f"line {self.fail_width} unreadable")
        return RecOutput(
            imgs=list(args.img),
            txts=tuple(f"w{w}" for w in widths),
            scores=tuple(w / 1000 for w in widths),
            word_results=tuple(("", 1.0, None) for _ in widths),
            elapse=0.01,
        )


# Twenty lines of a page, in detection order, of different widths.
WIDTHS = [300 + (i * 37) % 400 for i in range(20)]
LINES = [np.zeros((30, w, 3), dtype=np.uint8) for w in WIDTHS]


def test_without_helpers_the_recogniser_is_called_as_it_was() -> None:
    rec = Recogniser()
    out = SharedRecognition(rec)(RecInput(LINES))
    assert rec.calls == [(threading.current_thread().name, tuple(WIDTHS))]
    assert out.txts == tuple(f"w{w}" for w in WIDTHS)


def test_shared_batches_are_rapidocrs_merged_in_page_order() -> None:
    rec = Recogniser(hold_first=True)
    with ThreadPoolExecutor(2) as pool, helped_by(pool, Cores(lambda: 2), 2):
        out = SharedRecognition(rec)(RecInput(LINES))
    # RapidOCR's batches: the lines by width over height, in runs of six.
    by_width = sorted(WIDTHS)
    expected = {tuple(by_width[i : i + 6]) for i in range(0, len(by_width), 6)}
    assert sorted(widths for _, widths in rec.calls) == sorted(expected)
    assert len({thread for thread, _ in rec.calls}) == 2
    assert out.txts == tuple(f"w{w}" for w in WIDTHS)
    assert out.scores == tuple(w / 1000 for w in WIDTHS)
    assert [im.shape[1] for im in out.imgs] == WIDTHS
    assert len(out.word_results) == len(WIDTHS)
    assert out.elapse == pytest.approx(0.04)


def test_a_batch_that_fails_on_a_helper_fails_the_page() -> None:
    rec = Recogniser(hold_first=True, fail_width=max(WIDTHS))
    with (
        ThreadPoolExecutor(2) as pool,
        helped_by(pool, Cores(lambda: 2), 2),
        pytest.raises(ValueError, match="unreadable"),
    ):
        SharedRecognition(rec)(RecInput(LINES))
    assert len(rec.calls) == 4  # every batch was still taken, none twice


def test_a_page_never_waits_for_a_helper_still_queued() -> None:
    # The pool's only thread is busy: the page's own thread reads every batch.
    rec = Recogniser()
    release = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        pool.submit(release.wait, 10)
        with helped_by(pool, Cores(lambda: 2), 2):
            out = SharedRecognition(rec)(RecInput(LINES))
        release.set()
    assert {thread for thread, _ in rec.calls} == {threading.current_thread().name}
    assert out.txts == tuple(f"w{w}" for w in WIDTHS)


def test_a_helper_waits_for_a_free_core_and_gives_up_when_the_page_is_read() -> None:
    # One core, held by the page's own thread: the helper never reads a batch.
    rec = Recogniser()
    cores = Cores(lambda: 1)
    with ThreadPoolExecutor(2) as pool, helped_by(pool, cores, 2), cores.one():
        out = SharedRecognition(rec)(RecInput(LINES))
    assert {thread for thread, _ in rec.calls} == {threading.current_thread().name}
    assert out.txts == tuple(f"w{w}" for w in WIDTHS)
    assert cores.used == 0
