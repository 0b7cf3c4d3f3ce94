"""Page sources: the frames of an image file, the pages of a PDF (its text
layer where it has one, rendered for OCR where not)."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from ..chars import HAN_CHAR
from ..errors import (
    DamagedFileError,
    LicparseError,
    NeedsPasswordError,
    NotTextError,
    TooLargeError,
)
from .layers import inspect
from .pdfcost import check_pdf

if TYPE_CHECKING:
    from PIL.Image import Image

# A PDF page whose text layer holds this many Chinese characters is read from
# it; fewer means a scan without text (or with a useless one): OCR it.
TEXT_LAYER_MIN_HAN = 20
# A layer is read when this share of its text can be seen.
LAYER_SHOWN = 0.8
RENDER_DPI = 200
# Limits on what one input may cost (README, "Robustness"). A license has a
# few pages; an A4 page at 600 dpi is 35 Mpx; the OCR engine shrinks a page
# to a couple of thousand pixels anyway, so a page is rendered no larger.
MAX_PAGES = 60
MAX_PIXELS = 60_000_000
MAX_RENDER_SIDE = 3_000
# A lone UTF-16 surrogate from a broken ToUnicode map: no encoder can write it.
SURROGATE = re.compile("[\ud800-\udfff]")


def image_pages(source: Path | bytes) -> Iterator[Image]:
    """The frames of an image file (or its bytes), one at a time (a 2,000-frame
    TIFF is never held at once), at most MAX_PAGES of them, none over MAX_PIXELS."""
    from PIL import Image as PILImage
    from PIL import ImageSequence, UnidentifiedImageError

    PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
    with warnings.catch_warnings():
        # Pillow warns of a large image and refuses one twice as large: both
        # are refused here, with a message, before any pixel is decoded. Its
        # other warnings (corrupt EXIF…) are not printed raw on stderr: what
        # it cannot read fails as `damaged`.
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            with PILImage.open(_stream(source)) as img:
                # Counted from the file's index where it has one, before any OCR.
                if getattr(img, "n_frames", 1) > MAX_PAGES:
                    raise TooLargeError(f"the image has more than {MAX_PAGES} frames")
                for number, frame in enumerate(ImageSequence.Iterator(img), start=1):
                    if number > MAX_PAGES:
                        raise TooLargeError(f"the image has more than {MAX_PAGES} frames")
                    _check_pixels(frame.size)
                    yield frame.copy()
        except UnidentifiedImageError as exc:
            # Pillow's own words name the stream object, not the file.
            raise NotTextError("not an image Pillow can read (no image format it knows)") from exc
        except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError) as exc:
            # Pillow's words give its own limit (twice ours, for its error):
            # the message gives ours, as the README does.
            raise TooLargeError(
                f"the image is too large to be a page scan ({MAX_PIXELS:,} pixels at most)"
            ) from exc
        except LicparseError:
            raise
        except Exception as exc:
            # Only Pillow runs here, on the file's bytes: whatever it raises
            # (OSError, SyntaxError, but a fuzzed TIFF also TypeError,
            # struct.error, IndexError…) says the file is damaged.
            raise DamagedFileError(
                f"the image is damaged or truncated ({type(exc).__name__}: {exc})"
            ) from exc


def _open(reader: Any) -> None:
    """An encrypted PDF that every viewer opens (an owner password only,
    often AES-256) is opened with the empty password; one that needs a
    password to be read says so."""
    from pypdf.errors import DependencyError

    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise NotTextError(f"the PDF's encryption needs the cryptography package ({exc})") from exc
    if not opened:
        raise NeedsPasswordError()


def _check_pixels(size: tuple[int, int]) -> None:
    width, height = size
    if width * height > MAX_PIXELS:
        raise TooLargeError(
            f"a page of {width} x {height} pixels is more than a page scan needs "
            f"({MAX_PIXELS:,} pixels at most)"
        )


# A page as its source gives it: the lines of its text layer, or an image to OCR.
Page: TypeAlias = "list[str] | Image"


def pdf_pages(source: Path | bytes, hidden: list[tuple[int, str]]) -> Iterator[Page]:
    """Each page's lines from its text layer, or its image to OCR, one at a
    time; the layers set aside because they could not be seen are added to
    `hidden`, by page. The file is checked and its layers read before the
    first page is given."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(_stream(source))
        if reader.is_encrypted:
            _open(reader)
        if len(reader.pages) > MAX_PAGES:
            raise TooLargeError(f"the PDF has {len(reader.pages)} pages, more than {MAX_PAGES}")
        check_pdf(reader, MAX_PIXELS)
        layers = [SURROGATE.sub("\ufffd", page.extract_text() or "") for page in reader.pages]
    except LicparseError:
        raise
    except Exception as exc:
        # pypdf on a broken object graph raises whatever the graph leads to
        # (PdfReadError, KeyError, RecursionError, AttributeError…): the file
        # is damaged, not licparse.
        raise DamagedFileError(f"the PDF cannot be read ({type(exc).__name__}: {exc})") from exc
    return _pages(source, layers, hidden)


def _stream(source: Path | bytes) -> Path | io.BytesIO:
    return io.BytesIO(source) if isinstance(source, bytes) else source


def _pages(
    source: Path | bytes, layers: list[str], hidden: list[tuple[int, str]]
) -> Iterator[Page]:
    import pypdfium2

    pdf = None
    for number, layer in enumerate(layers):
        try:
            if pdf is None:
                pdf = pypdfium2.PdfDocument(source if isinstance(source, bytes) else str(source))
            page = pdf[number]
            has_layer = len(HAN_CHAR().findall(layer)) >= TEXT_LAYER_MIN_HAN
            # A layer is read only where it can be seen (`layers.py`).
            if has_layer and inspect(page).shown >= LAYER_SHOWN:
                yield layer.splitlines()
                continue
            # Rendered no larger than OCR will use: a 10,000 pt page is not
            # drawn at 200 dpi.
            scale = min(RENDER_DPI / 72, MAX_RENDER_SIDE / max(page.get_size()))
            image = page.render(scale=scale).to_pil()
        except pypdfium2.PdfiumError as exc:
            raise DamagedFileError(f"the PDF page {number + 1} cannot be drawn ({exc})") from exc
        if has_layer:
            hidden.append((number + 1, layer))
        yield image
