"""The OCR engine: RapidOCR on onnxruntime, its Chinese models inside the
wheel (offline), one engine per process; and turning a page upright."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from .layout import reading_order

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


def _read(image: Image) -> tuple[list[str], float, int, float]:
    """Lines, mean confidence, Chinese characters, and the share of boxes
    taller than wide (text on a sideways page stands in columns)."""
    # Without the line-angle classifier an upside-down line reads as garbage,
    # which is what tells an upside-down page from an upright one.
    result = _engine()(image.convert("RGB"), use_cls=False)
    lines, score, han = reading_order(boxes_of(result))
    boxes = [] if result.boxes is None else list(result.boxes)
    tall = sum(
        1
        for b in boxes
        if max(p[1] for p in b) - min(p[1] for p in b) > max(p[0] for p in b) - min(p[0] for p in b)
    )
    return lines, score, han, tall / len(boxes) if boxes else 0.0


def ocr_image(image: Image) -> list[str]:
    """The text lines of one page image, turned upright if it was not."""
    lines, score, han, tall = _read(image)
    if tall < 0.5 and score >= GOOD_SCORE and han >= GOOD_HAN:
        return lines
    # Sideways pages read in columns; upside-down ones read poorly: try the
    # turns that fit and keep the best read.
    angles = (90, 270) if tall >= 0.5 else (180,)
    # A page read in columns is no candidate, however well each column reads.
    best = ([], 0.0) if tall >= 0.5 else (lines, score * han)
    for angle in angles:
        turned = _read(image.rotate(angle, expand=True))
        if turned[1] * turned[2] > best[1]:
            best = (turned[0], turned[1] * turned[2])
    return best[0]
