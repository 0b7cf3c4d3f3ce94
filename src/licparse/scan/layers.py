"""Whether a PDF page's text layer shows, and whether the page is a picture.

A text layer is evidence, not truth. A scanner's "searchable PDF" lays
invisible OCR text over the page image; a crafted file can lay a different
license there, hide text under the image, or draw it white. So a layer is
read only when what it says can be seen: text drawn in a visible mode, in a
colour that shows, above any image covering the page. Otherwise the page
is read from its pixels, and a layer that says something else is reported.
"""

from __future__ import annotations

import ctypes
from typing import Any, NamedTuple

# An image covering this share of the page is the page's picture (a scan).
COVERING = 0.5
# Fill colours this light do not show on a white page.
WHITE = 235


class Layer(NamedTuple):
    shown: float  # the share of the page's text objects that can be seen
    picture: bool  # an image covers most of the page


def inspect(page: Any) -> Layer:
    """How `page` (a pypdfium2 page) draws its text and its images."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    area = max(width * height, 1.0)
    texts: list[bool] = []  # each text object: can it be seen?
    covered_at = -1  # how many text objects came before the last covering image
    for obj in page.get_objects(max_depth=4):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            if _area(obj, pdfium_c) >= COVERING * area:
                covered_at = len(texts)
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            texts.append(_visible(obj, pdfium_c))
    if covered_at >= 0:  # drawn over by the page's picture: hidden under it
        texts[:covered_at] = [False] * covered_at
    shown = sum(texts) / len(texts) if texts else 0.0
    return Layer(shown, covered_at >= 0)


def _area(obj: Any, pdfium_c: Any) -> float:
    # The raw call: pypdfium2 renamed its wrapper between versions.
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj.raw, left, bottom, right, top):
        return 0.0
    return float((right.value - left.value) * (top.value - bottom.value))


def _visible(obj: Any, pdfium_c: Any) -> bool:
    mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
    if mode in (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP):
        return False
    r, g, b, a = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
    filled = pdfium_c.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
    return not (filled and (a.value == 0 or min(r.value, g.value, b.value) >= WHITE))
