"""The OCR engine: RapidOCR on onnxruntime, its Chinese models inside the
wheel (offline), one engine per process; and turning a page upright."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, NamedTuple

from .layout import Rect, reading_order

if TYPE_CHECKING:
    from PIL.Image import Image

# A page read with less confidence than this, or with fewer Chinese
# characters, is tried at the other three orientations.
GOOD_SCORE = 0.85
GOOD_HAN = 20


@functools.cache
def _engine() -> Any:
    """One RapidOCR per process: loading its models takes seconds."""
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.log_level": "critical"})


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
    result = _engine()(as_rgb(image), use_cls=False)
    lines, score, han, rects = reading_order(boxes_of(result))
    boxes = [] if result.boxes is None else list(result.boxes)
    tall = sum(
        1
        for b in boxes
        if max(p[1] for p in b) - min(p[1] for p in b) > max(p[0] for p in b) - min(p[0] for p in b)
    )
    return Read(lines, score, han, tall / len(boxes) if boxes else 0.0, rects, image)


def ocr_image(image: Image) -> list[str]:
    """The text lines of one page image, turned upright if it was not."""
    return read_page(image).lines


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
