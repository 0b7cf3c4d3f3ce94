"""A page made ready for text detection as RapidOCR makes it, to the bit,
without its float64 copies of the page.

RapidOCR scales a page's bytes to the model's floats through float64 arrays
(its mean and deviation are float64): four full-size copies of the page, the
largest 53 MB for an A4 scan at 150 dpi, and a last copy that is not laid out
as the model reads it, so onnxruntime copies it once more. A byte has only
256 values: each channel's 256 results are computed once by RapidOCR's own
`normalize`, and every pixel's is looked up, written straight into the
layout the model reads. The floats are the very ones RapidOCR computes
(tests/test_ocr.py compares them, and whole pages with the engine's own).
"""

from __future__ import annotations

from typing import Any


def prepare_quickly(engine: Any) -> None:
    """Let `engine` make its pages ready for detection by table; left as it is
    if RapidOCR's detector is not made the way it was."""
    detector = getattr(engine, "text_det", None)
    made = getattr(detector, "get_preprocess", None)
    if detector is None or made is None:
        return

    def get_preprocess() -> Any:
        step = made()
        if callable(getattr(step, "resize", None)) and callable(getattr(step, "normalize", None)):
            return Prepared(step)
        return step

    detector.get_preprocess = get_preprocess


class Prepared:
    """Stands where RapidOCR keeps a page's preprocessing step."""

    def __init__(self, step: Any) -> None:
        self.step = step

    def __getattr__(self, name: str) -> Any:
        return getattr(self.step, name)

    def __call__(self, image: Any) -> Any:
        import numpy as np

        resized = self.step.resize(image)
        if resized is None or resized.dtype != np.uint8 or resized.ndim != 3:
            # Not bytes (RapidOCR hands it bytes): its own way, resizing again.
            return self.step(image)
        height, width, channels = resized.shape
        levels = np.arange(256, dtype=np.uint8).reshape(256, 1, 1).repeat(channels, axis=2)
        table = np.asarray(self.step.normalize(levels)).astype(np.float32)
        out = np.empty((1, channels, height, width), dtype=np.float32)
        for channel in range(channels):
            np.take(table[:, 0, channel], resized[:, :, channel], out=out[0, channel])
        return out
