"""Lines read one at a time with a margin of blank after each: RapidOCR's own
scaling and blank, only wider (its real step, no model)."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import pytest

np = pytest.importorskip("numpy", reason="needs the OCR extra: pip install -e '.[test,ocr]'")
rec_main = pytest.importorskip(
    "rapidocr.ch_ppocr_rec.main", reason="needs the OCR extra: pip install -e '.[test,ocr]'"
)

from licparse.scan.recognition import pad_after  # noqa: E402

TextRecognizer = rec_main.TextRecognizer


def recogniser(batch: int = 1) -> Any:
    """RapidOCR's recogniser's resizing step on its real method, no session."""
    rec = SimpleNamespace(rec_image_shape=[3, 48, 320], rec_batch_num=batch)
    rec.resize_norm_img = TextRecognizer.resize_norm_img.__get__(rec)
    return rec


def line(height: int, width: int) -> Any:
    return np.random.default_rng(width).integers(0, 256, (height, width, 3), dtype=np.uint8)


def alone(rec: Any, img: Any) -> Any:
    """What RapidOCR hands the model for a line read alone."""
    h, w = img.shape[:2]
    return rec.resize_norm_img(img, max(320 / 48, w / h))


def test_a_line_gets_the_margin_after_its_own_pixels() -> None:
    plain, padded = recogniser(), recogniser()
    pad_after(padded, 48)
    img = line(30, 300)  # 480 pixels wide at the model's 48
    before, after = alone(plain, img), alone(padded, img)
    assert before.shape == (3, 48, 480)  # RapidOCR alone: no blank after the line
    assert after.shape == (3, 48, 480 + 48)
    assert np.array_equal(after[:, :, :480], before)
    assert not after[:, :, 480:].any()  # RapidOCR's blank (zero once normalised)


@pytest.mark.parametrize("model_height", [32, 48])
def test_the_line_fills_its_width_and_the_margin_is_blank(model_height: int) -> None:
    # Lines of every size, most not whole at the model's height: the line is
    # scaled as RapidOCR scales it (rounded up, never squeezed), the margin
    # after it is all blank.
    rec = recogniser()
    rec.rec_image_shape = [3, model_height, 320]
    pad_after(rec, 48)
    sizes = [(h, w) for h in (17, 29, 37, 48, 53) for w in range(10 * h, 40 * h, 97)]
    for height, width in sizes:
        img = np.full((height, width, 3), 255, dtype=np.uint8)  # white: 1.0 once normalised
        out = rec.resize_norm_img(img, 0.0)
        inked = math.ceil(model_height * width / height)
        assert out.shape == (3, model_height, inked + 48)
        assert (out[:, :, :inked] == 1.0).all()
        assert not out[:, :, inked:].any()


def test_rapidocrs_recogniser_hands_the_model_the_padded_lines() -> None:
    # The installed RapidOCR's own __call__, a stand-in for the model: the
    # margin is in what the model is given, not only in the step.
    shapes: list[tuple[int, ...]] = []

    def session(batch: Any) -> Any:
        shapes.append(batch.shape)
        return batch

    rec = TextRecognizer.__new__(TextRecognizer)
    rec.session = session
    rec.rec_batch_num = 1
    rec.rec_image_shape = [3, 48, 320]
    rec.cfg = SimpleNamespace(lang_type="ch", font_path=None)
    rec.postprocess_op = lambda preds, *_, **__: ([("字", 1.0)] * len(preds), [None] * len(preds))
    assert pad_after(rec, 48)
    out = rec(rec_main.TextRecInput(img=[line(56, 519), line(30, 300), line(30, 90)]))
    assert out.txts == ("字", "字", "字")
    assert sorted(shapes) == [(1, 3, 48, 320), (1, 3, 48, 493), (1, 3, 48, 528)]


def test_a_short_line_keeps_rapidocrs_least_width() -> None:
    plain, padded = recogniser(), recogniser()
    pad_after(padded, 48)
    img = line(30, 90)  # 144 wide with its margin: RapidOCR pads it to 320 anyway
    assert np.array_equal(alone(padded, img), alone(plain, img))


def test_batches_of_several_lines_are_left_as_rapidocr_makes_them() -> None:
    # Lines of a batch share one padded width: a margin of each one's own
    # would not stack. Only lines read alone get it.
    rec = recogniser(batch=6)
    step = rec.resize_norm_img
    assert not pad_after(rec, 48)
    assert rec.resize_norm_img == step
    # Nor is anything done to a recogniser that is not RapidOCR's as it was.
    assert not pad_after(SimpleNamespace(rec_batch_num=1), 48)
    assert not pad_after(None, 48)
