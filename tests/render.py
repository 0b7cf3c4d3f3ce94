"""Render license text as page images, the way a scanner would see it.

Used by the OCR tests (and handy by hand): Pillow and the subset of
WenQuanYi Micro Hei in tests/data (Apache-2.0), so nothing is downloaded.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont

if TYPE_CHECKING:
    from fpdf import FPDF

FONT = Path(__file__).resolve().parent / "data" / "wqy-microhei-subset.ttf"
WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi
MARGIN, LINE_HEIGHT, SIZE, CHARS_PER_LINE = 80, 36, 24, 44


def split_pages(text: str, marker: str = "经营许可证编号") -> list[list[str]]:
    """The text's pages: a new page starts at each repeated number header."""
    pages: list[list[str]] = [[]]
    seen = False
    for line in text.split("\n"):
        if line.startswith(marker):
            if seen:
                pages.append([])
            seen = True
        pages[-1].append(line)
    return pages


def render_page(lines: list[str], *, angle: float = 0.0, noise: int = 0,
                seed: int = 0) -> Image.Image:  # fmt: skip
    font = ImageFont.truetype(str(FONT), SIZE)
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    y = MARGIN
    for line in lines:
        if not line.strip():
            y += LINE_HEIGHT // 3
            continue
        while line:
            chunk, line = line[:CHARS_PER_LINE], line[CHARS_PER_LINE:]
            draw.text((MARGIN, y), chunk, font=font, fill=0)
            y += LINE_HEIGHT
    if angle:
        image = image.rotate(angle, expand=False, fillcolor=255)
    if noise:
        rng = random.Random(seed)
        pixels = image.load()
        assert pixels is not None
        for _ in range(noise):
            pixels[rng.randrange(WIDTH), rng.randrange(HEIGHT)] = rng.randrange(256)
    return image


def text_pdf(lines: list[str]) -> FPDF:
    """A one-page PDF whose text layer holds `lines` (the test font), as a
    word processor would save it; write_lines adds them to a page of one's own."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    write_lines(pdf, lines)
    return pdf


def write_lines(pdf: FPDF, lines: list[str]) -> None:
    """`lines` as text on the current page, from its top left, one a row."""
    if "wqy" not in pdf.fonts:
        pdf.add_font("wqy", fname=str(FONT))
    pdf.set_font("wqy", size=10)
    pdf.set_xy(10, 10)
    for line in filter(str.strip, lines):
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
