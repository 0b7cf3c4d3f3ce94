"""One page's text lines recognised on every core that has no page to read.

A page is detected, then its lines are recognised in batches: on a dense
page the batches are four fifths of the time. Read a page per thread, the
last pages of a license left the other cores idle for up to a page's time
(2.5 s in a 28 s license on two cores). Here the batches of a page are
offered to the threads of the same reading that are free; each batch is
exactly the one the recogniser makes on one thread, the same lines in the
same order (one line and its margin as licparse sets it, six as RapidOCR
does: `ocr.EngineSettings`), so the text is byte for byte the same
(tests/test_ocr.py compares it).
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Executor
from typing import Any

from .cores import Cores

# The reading a page belongs to: its thread pool, the cores its pages and
# batches take turns on, and how many threads the pool has.
_helpers: contextvars.ContextVar[tuple[Executor, Cores, int] | None] = contextvars.ContextVar(
    "licparse_helpers", default=None
)


@contextlib.contextmanager
def helped_by(pool: Executor, cores: Cores, threads: int) -> Iterator[None]:
    """Pages read in this context (and submitted with its copy) may share
    their batches with `pool`'s other threads, each batch on one of `cores`."""
    token = _helpers.set((pool, cores, threads))
    try:
        yield
    finally:
        _helpers.reset(token)


def share(engine: Any) -> None:
    """Let `engine` share its pages' recognition batches with idle threads;
    left as it is if RapidOCR's recogniser is not where it was."""
    rec = getattr(engine, "text_rec", None)
    if rec is not None and isinstance(getattr(rec, "rec_batch_num", None), int):
        engine.text_rec = SharedRecognition(rec)


def pad_after(rec: Any, margin: int) -> bool:
    """Recognise each line of `rec` (lines read one at a time) with `margin`
    blank pixels after its end; False, and `rec` left as it is, if
    RapidOCR's recogniser is not as it was (the caller then reads as
    RapidOCR does: a line alone without it loses more).

    RapidOCR pads a batch's lines to its widest, which has none (and is
    squeezed by up to a pixel): alone, every line is its batch's widest, and
    the recogniser loses a line's last character more often without blank
    after it (`信息化部`, `…01日`, a final `。`). A margin costs a little
    width; six lines padded to the widest cost more. Word boxes, which
    licparse never asks for, would be measured with the margin in them."""
    resize = getattr(rec, "resize_norm_img", None)
    shape = getattr(rec, "rec_image_shape", None)
    if resize is None or not shape or getattr(rec, "rec_batch_num", None) != 1:
        return False
    height = int(shape[1])

    def resize_norm_img(img: Any, max_wh_ratio: float) -> Any:
        # RapidOCR's own step, at a width `margin` past the line's: the same
        # scaling and the same blank, only more of it.
        wide = math.ceil(height * img.shape[1] / float(img.shape[0])) + margin
        return resize(img, max(max_wh_ratio, wide / height))

    rec.resize_norm_img = resize_norm_img
    return True


class SharedRecognition:
    """Stands where RapidOCR keeps its recogniser and calls it batch by batch."""

    def __init__(self, rec: Any) -> None:
        self.rec = rec
        self.size: int = rec.rec_batch_num

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rec, name)

    def __call__(self, args: Any) -> Any:
        import numpy as np

        images = [args.img] if isinstance(args.img, np.ndarray) else list(args.img)
        size = self.size
        pool, cores, threads = _helpers.get() or (None, None, 1)
        if pool is None or threads <= 1 or len(images) <= size or args.return_word_box:
            return self.rec(args)
        # RapidOCR's own batching: the lines by width over height, in runs of
        # `size`; each run's padding depends on its widest line.
        order = np.argsort(np.array([im.shape[1] / float(im.shape[0]) for im in images]))
        batches = _Batches(
            self.rec, args, images, [order[i : i + size] for i in range(0, len(order), size)]
        )
        for _ in range(min(threads, len(batches.left)) - 1):
            try:
                pool.submit(batches.work, cores)
            except RuntimeError:  # the pool is closing: this thread reads them all
                break
        batches.work(None)  # the page's thread holds a core already
        return batches.merged()


class _Batches:
    """A page's batches: taken by whichever thread comes first; the page's
    own thread waits only for batches another thread has started, never
    for a helper still queued behind other pages."""

    def __init__(self, rec: Any, args: Any, images: list[Any], runs: list[Any]) -> None:
        self.rec, self.args, self.images = rec, args, images
        self.left = deque(enumerate(runs))
        self.done: list[Any] = [None] * len(runs)
        self.runs = runs
        self.running = 0
        self.error: BaseException | None = None
        self.changed = threading.Condition()

    def work(self, cores: Cores | None) -> None:
        """Read batches until none are left, each on one of `cores` (a helper
        waits for one, and gives up once the page's thread has read them all)."""
        while True:
            if cores is not None and not cores.take(unless=lambda: not self.left):
                return
            try:
                self._one()
            finally:
                if cores is not None:
                    cores.give()
            if not self.left:
                return

    def _one(self) -> None:
        with self.changed:
            if not self.left:
                return
            number, run = self.left.popleft()
            self.running += 1
        result: Any = None
        failure: BaseException | None = None
        try:
            batch = [self.images[i] for i in run]
            result = self.rec(type(self.args)(img=batch, return_word_box=False))
        except BaseException as error:  # raised in the page's own thread
            failure = error
        with self.changed:
            self.done[number] = result
            self.running -= 1
            if failure is not None and self.error is None:
                self.error = failure
            self.changed.notify_all()

    def merged(self) -> Any:
        import dataclasses

        with self.changed:
            self.changed.wait_for(lambda: self.running == 0)
        if self.error is not None:
            raise self.error
        count = len(self.images)
        texts: list[Any] = [""] * count
        scores: list[Any] = [0.0] * count
        words: list[Any] = [None] * count
        for run, result in zip(self.runs, self.done, strict=True):
            for j, i in enumerate(run):
                texts[i], scores[i], words[i] = (
                    result.txts[j],
                    result.scores[j],
                    result.word_results[j],
                )
        return dataclasses.replace(
            self.done[0],
            imgs=self.images,
            txts=tuple(texts),
            scores=tuple(scores),
            word_results=tuple(words),
            elapse=sum(r.elapse or 0.0 for r in self.done),
        )
