"""Page sources: the frames of an image file, the pages of a PDF (its text
layer where it has one, rendered for OCR where not)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..chars import HAN_CHAR
from ..errors import NotTextError
from .ocr import Read, read_page

if TYPE_CHECKING:
    from PIL.Image import Image

# A PDF page whose text layer holds this many Chinese characters is read from
# it; fewer means a scan without text (or with a useless one): OCR it.
TEXT_LAYER_MIN_HAN = 20
RENDER_DPI = 200


def image_pages(path: Path) -> list[Image]:
    from PIL import Image as PILImage
    from PIL import ImageSequence, UnidentifiedImageError

    try:
        with PILImage.open(path) as img:
            return [frame.copy() for frame in ImageSequence.Iterator(img)]
    except UnidentifiedImageError as exc:
        raise NotTextError(f"not an image Pillow can read ({exc})") from exc


def pdf_pages(path: Path) -> tuple[list[list[str] | Read], list[str]]:
    """Each page's lines from its text layer, or its OCR read; and the engines used."""
    import pypdfium2
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        layers = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, OSError) as exc:
        raise NotTextError(f"the PDF cannot be read ({exc})") from exc
    pages: list[list[str] | Read] = []
    engines: list[str] = []
    pdf = None
    for number, layer in enumerate(layers):
        if len(HAN_CHAR().findall(layer)) >= TEXT_LAYER_MIN_HAN:
            pages.append(layer.splitlines())
            engines.append("pdf-text-layer")
            continue
        if pdf is None:
            pdf = pypdfium2.PdfDocument(str(path))
        image = pdf[number].render(scale=RENDER_DPI / 72).to_pil()
        pages.append(read_page(image))
        engines.append("rapidocr")
    return pages, engines
