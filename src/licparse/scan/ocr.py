"""The OCR engine: RapidOCR on onnxruntime, its Chinese models inside the
wheel (offline), one engine per process; and turning a page upright."""

from __future__ import annotations

import contextlib
import contextvars
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from .cores import for_reading
from .layout import Rect, reading_order
from .prepare import prepare_quickly
from .recognition import helped_by, pad_after, share

if TYPE_CHECKING:
    from PIL.Image import Image

# A page read with less confidence than this, or with fewer Chinese
# characters, is tried at the other three orientations.
GOOD_SCORE = 0.85
GOOD_HAN = 20


class EngineSettings(NamedTuple):
    """How the OCR engine runs (measured in `benchmarks/ocr_speed.py`)."""

    # onnxruntime's threads for one page. Pages are spread over threads and
    # processes instead, one engine thread each: two workers each starting
    # threads for every core fought over them.
    threads: int = 1
    # RapidOCR turns onnxruntime's memory arena off; on, the same pages read
    # byte for byte the same, without a quarter of a million page faults a
    # page (16-17 % of all CPU time went to the kernel).
    arena: bool = True
    # Idle engine threads spin-wait for work by default, burning a core
    # another engine could read on; with one thread per engine there is
    # nothing to wait for.
    spin: bool = False
    # RapidOCR recognises six lines at once, each padded with blank to the
    # widest of them; the padding is about a tenth of a page's CPU time.
    # Read alone, a line has no blank after it and loses its last character
    # more often (`信息化部`, `…01日`, a final `。`), so each line alone gets
    # a character's width of blank (the model's height: 48 pixels) instead
    # (`recognition.pad_after`; a margin needs lines read alone). Measured on
    # the real-OCR corpus, speed and text (benchmarks/results/ocr-settings.md).
    lines_at_once: int = 1
    margin: int = 48


_settings = EngineSettings()
RAPIDOCR_LINES = 6  # RapidOCR's own lines at once
_idle: list[Any] = []  # engines made and not reading a page now
_idle_lock = threading.Lock()


@contextlib.contextmanager
def _an_engine() -> Iterator[Any]:
    """An engine of this process's for one page: loading its models takes
    seconds, so each is made once and kept for the pages that follow, as
    many as pages are read at once."""
    with _idle_lock:
        engine = _idle.pop() if _idle else None
    if engine is None:
        engine = make_engine(_settings)
    try:
        yield engine
    finally:
        with _idle_lock:
            _idle.append(engine)


def preload(count: int) -> None:
    """Make `count` engines now (a worker, before its first page is timed)."""
    with _idle_lock:
        missing = count - len(_idle)
    made = [make_engine(_settings) for _ in range(missing)]
    with _idle_lock:
        _idle.extend(made)


_making = threading.Lock()  # `_spinning` patches RapidOCR for the one it makes


def make_engine(settings: EngineSettings) -> Any:
    if settings.margin and settings.lines_at_once != 1:
        raise ValueError("a margin after each line needs lines read one at a time")
    engine = _loaded(settings)
    if settings.margin and not pad_after(getattr(engine, "text_rec", None), settings.margin):
        # RapidOCR's recogniser is not as it was: read as RapidOCR does by
        # default, not lines alone without their margin (they lose more).
        engine = _loaded(settings._replace(lines_at_once=RAPIDOCR_LINES, margin=0))
    share(engine)
    prepare_quickly(engine)
    return engine


def _loaded(settings: EngineSettings) -> Any:
    from rapidocr import RapidOCR

    params: dict[str, Any] = {
        "Global.log_level": "critical",
        "EngineConfig.onnxruntime.intra_op_num_threads": settings.threads,
        "EngineConfig.onnxruntime.enable_cpu_mem_arena": settings.arena,
        "Rec.rec_batch_num": settings.lines_at_once,
    }
    with _making, _spinning(settings.spin):
        engine = RapidOCR(params=params)
        # RapidOCR makes its sessions at the first page that needs them: made
        # here, they are made with these settings (the spin-waiting patch
        # lasts only this block) and before any page is timed.
        for load in ("_load_det_model", "_load_rec_model"):
            getattr(engine, load, lambda: None)()
    return engine


@contextlib.contextmanager
def _spinning(spin: bool) -> Iterator[None]:
    """onnxruntime's spin-waiting, set where RapidOCR makes its sessions (it
    has no setting for it); left as it is if RapidOCR's code moved."""
    try:
        from rapidocr.inference_engine.onnxruntime import main as ort
    except ImportError:
        yield
        return
    session = getattr(ort, "OrtInferSession", None)
    made = getattr(session, "_init_sess_opts", None)
    if spin or session is None or made is None:
        yield
        return

    def options(cfg: Any) -> Any:
        opts = made(cfg)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return opts

    session._init_sess_opts = staticmethod(options)
    try:
        yield
    finally:
        session._init_sess_opts = staticmethod(made)


def boxes_of(result: Any) -> list[tuple[Any, str, float]]:
    """The engine's result as (corners, text, confidence) boxes."""
    if result.boxes is None or result.txts is None:
        return []
    return list(zip(result.boxes, result.txts, map(float, result.scores), strict=True))


class Read(NamedTuple):
    lines: list[str]
    score: float  # mean confidence
    han: int  # Chinese characters
    tall: float  # the share of boxes taller than wide (a sideways page's columns)
    rects: list[Rect]  # each line's rectangle on `image`
    image: Image


def as_rgb(image: Image) -> Image:
    """The page as 8-bit RGB, as it looks. `convert("RGB")` alone clips a
    16-bit greyscale scan to white, and drops an alpha channel that holds the
    ink (text drawn as opacity over black): both would read as blank."""
    from PIL import Image as PILImage

    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        high = image.getextrema()[1]
        wide = image.mode.startswith("I;16") or (isinstance(high, int | float) and high > 255)
        top = 65535 if wide else 255
        image = image.convert("I").point(lambda v: v * (255 / top)).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        page = PILImage.new("RGBA", image.size, "white")
        page.alpha_composite(image.convert("RGBA"))
        image = page
    return image.convert("RGB")


# A page is at least this many pixels on its short side, and no longer
# than this many times its width: a strip of pixels holds no page (and the
# engine, shrinking it, fails on a side of zero).
MIN_SIDE = 16
MAX_ASPECT = 40


def _read(image: Image) -> Read:
    short, long = sorted(image.size)
    if short < MIN_SIDE or long > MAX_ASPECT * short:
        return Read([], 0.0, 0, 0.0, [], image)
    # Without the line-angle classifier an upside-down line reads as garbage,
    # which is what tells an upside-down page from an upright one.
    with _an_engine() as engine:
        result = engine(as_rgb(image), use_cls=False)
    lines, score, han, rects = reading_order(boxes_of(result))
    boxes = [] if result.boxes is None else list(result.boxes)
    tall = sum(
        1
        for b in boxes
        if max(p[1] for p in b) - min(p[1] for p in b) > max(p[0] for p in b) - min(p[0] for p in b)
    )
    return Read(lines, score, han, tall / len(boxes) if boxes else 0.0, rects, image)


def read_pages(pages: Iterable[list[str] | Image], threads: int) -> list[list[str] | Read]:
    """Each page read: a text layer's lines as they are, an image by OCR,
    `threads` images at once (the engine leaves Python while it reads, so
    threads run on all cores; a worker may be given more, `cores.allow`), in
    the order given. The next pages are drawn while these are read; at most
    twice as many images as threads are held."""
    cores, most = for_reading(threads)
    if most <= 1:
        return [page if isinstance(page, list) else read_page(page) for page in pages]
    from concurrent.futures import Future, ThreadPoolExecutor

    out: list[list[str] | Read] = []
    pending: deque[list[str] | Future[Read]] = deque()

    def take() -> list[str] | Read:
        page = pending.popleft()
        return page if isinstance(page, list) else page.result()

    def read_on_a_core(image: Image) -> Read:
        with cores.one():  # from its detection to its last batch
            return read_page(image)

    with (
        ThreadPoolExecutor(most, thread_name_prefix="licparse-ocr") as pool,
        helped_by(pool, cores, most),
    ):
        for page in pages:
            # Submitted in this context, a page shares its batches with `pool`.
            read = contextvars.copy_context().run
            pending.append(
                page if isinstance(page, list) else pool.submit(read, read_on_a_core, page)
            )
            while len(pending) > 2 * most:
                out.append(take())
        while pending:
            out.append(take())
    return out


def read_page(image: Image) -> Read:
    """The best read of one page image, turned upright if it was not."""
    read = _read(image)
    if read.tall < 0.5 and read.score >= GOOD_SCORE and read.han >= GOOD_HAN:
        return read
    # Sideways pages read in columns; upside-down ones read poorly: try the
    # turns that fit and keep the best read.
    angles = (90, 270) if read.tall >= 0.5 else (180,)
    # A page read in columns is no candidate, however well each column reads.
    best, value = (
        (read._replace(lines=[], rects=[]), 0.0)
        if read.tall >= 0.5
        else (
            read,
            read.score * read.han,
        )
    )
    for angle in angles:
        turned = _read(image.rotate(angle, expand=True))
        if turned.score * turned.han > value:
            best, value = turned, turned.score * turned.han
    return best
