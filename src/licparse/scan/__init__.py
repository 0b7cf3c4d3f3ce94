"""Scans → text: a PDF's text layer where it has one, offline OCR otherwise.

The OCR extra (`pip install 'licparse[ocr]'`) brings RapidOCR with its
Chinese models inside the wheel, onnxruntime, pypdf and pypdfium2 (wheels
only: no system binaries, no network). Nothing here is imported until a scan
is met, so the text path keeps its start-up.

Pages are OCR'd one at a time, their lines put back in reading order, and
joined in order; the parser then sees page headers as on text input, and each
clause learns the pages it spans from `ScanText.page_starts`.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import importlib.util
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import LicparseError, NotTextError, ReadError

if TYPE_CHECKING:
    from PIL.Image import Image

SCAN_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
SCAN_GLOBS = tuple(f"*{suffix}" for suffix in SCAN_SUFFIXES) + tuple(
    f"*{suffix.upper()}" for suffix in SCAN_SUFFIXES
)
EXTRA_HINT = "install the OCR extra: pip install 'licparse[ocr]'"

# A PDF page whose text layer holds this many Chinese characters is read from
# it; fewer means a scan without text (or with a useless one): OCR it.
TEXT_LAYER_MIN_HAN = 20
RENDER_DPI = 200
# A page read with less confidence than this, or with fewer Chinese
# characters, is tried at the other three orientations.
GOOD_SCORE = 0.85
GOOD_HAN = 20


@functools.cache
def _han() -> re.Pattern[str]:
    # Compiled on the first scan, not at every start-up: text input never needs it.
    return re.compile(r"[\u4e00-\u9fff]")


class OcrUnavailableError(LicparseError):
    """A scan was met but the OCR extra is not installed."""

    code = "needs_ocr"
    default_message = f"this is a scan (PDF or image): {EXTRA_HINT}"


class ScanText(NamedTuple):
    text: str
    engine: str  # "rapidocr", "pdf-text-layer", or both joined by "+"
    version: str
    pages: int
    page_starts: list[int]  # the 1-based line each page starts at
    sha256: str

    def page_of(self, line: int) -> int:
        return bisect.bisect_right(self.page_starts, line)


def is_scan(path: str) -> bool:
    return path.lower().endswith(SCAN_SUFFIXES)


def ocr_available() -> bool:
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("rapidocr", "onnxruntime", "pypdf", "pypdfium2", "PIL")
    )


@functools.cache
def _engine() -> Any:
    """One RapidOCR per process: loading its models takes seconds."""
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.log_level": "critical"})


def _version(package: str) -> str:
    import importlib.metadata

    return importlib.metadata.version(package)


def _lines_in_reading_order(result: Any) -> tuple[list[str], float, int]:
    """OCR boxes → text lines top to bottom, each left to right; and the
    mean confidence and Chinese-character count, to judge the orientation."""
    if result.boxes is None or result.txts is None:
        return [], 0.0, 0
    boxes = []
    for box, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
        ys = [float(p[1]) for p in box]
        xs = [float(p[0]) for p in box]
        boxes.append((min(ys), max(ys), min(xs), text, float(score)))
    boxes.sort()
    rows: list[list[tuple[float, float, float, str, float]]] = []
    for box in boxes:
        top, bottom = box[0], box[1]
        if rows:
            last = rows[-1][-1]
            # Same row when the vertical centres are closer than half a height.
            if abs((top + bottom) / 2 - (last[0] + last[1]) / 2) < (bottom - top) / 2:
                rows[-1].append(box)
                continue
        rows.append([box])
    lines = [" ".join(b[3] for b in sorted(row, key=lambda b: b[2])) for row in rows]
    chars = sum(len(b[3]) for b in boxes)
    score = sum(len(b[3]) * b[4] for b in boxes) / chars if chars else 0.0
    return lines, score, len(_han().findall("".join(lines)))


def _read(image: Image) -> tuple[list[str], float, int, float]:
    """Lines, mean confidence, Chinese characters, and the share of boxes
    taller than wide (text on a sideways page stands in columns)."""
    # Without the line-angle classifier an upside-down line reads as garbage,
    # which is what tells an upside-down page from an upright one.
    result = _engine()(image.convert("RGB"), use_cls=False)
    lines, score, han = _lines_in_reading_order(result)
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


def _image_pages(path: Path) -> list[Image]:
    from PIL import Image as PILImage
    from PIL import ImageSequence, UnidentifiedImageError

    try:
        with PILImage.open(path) as img:
            return [frame.copy() for frame in ImageSequence.Iterator(img)]
    except UnidentifiedImageError as exc:
        raise NotTextError(f"not an image Pillow can read ({exc})") from exc


def _pdf_pages(path: Path) -> tuple[list[list[str]], list[str]]:
    """Each page's lines, from its text layer or by OCR; and the engines used."""
    import pypdfium2
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        layers = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, OSError) as exc:
        raise NotTextError(f"the PDF cannot be read ({exc})") from exc
    pages: list[list[str]] = []
    engines: list[str] = []
    pdf = None
    for number, layer in enumerate(layers):
        if len(_han().findall(layer)) >= TEXT_LAYER_MIN_HAN:
            pages.append(layer.splitlines())
            engines.append("pdf-text-layer")
            continue
        if pdf is None:
            pdf = pypdfium2.PdfDocument(str(path))
        image = pdf[number].render(scale=RENDER_DPI / 72).to_pil()
        pages.append(ocr_image(image))
        engines.append("rapidocr")
    return pages, engines


def read_scan(paths: list[str]) -> ScanText:
    """The text of one license from its scan files, pages in the order given."""
    if not ocr_available():
        raise OcrUnavailableError()
    # The libraries log their doubts (a PDF's missing EOF marker…) to stderr,
    # which belongs to licparse's own one-line messages.
    for name in ("pypdf", "RapidOCR", "rapidocr"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    digest = hashlib.sha256()
    pages: list[list[str]] = []
    engines: list[str] = []
    for name in paths:
        path = Path(name)
        try:
            digest.update(path.read_bytes())
        except OSError as exc:
            raise ReadError(f"cannot read {name}: {exc.strerror or exc}") from exc
        if path.suffix.lower() == ".pdf":
            more, used = _pdf_pages(path)
            pages += more
            engines += used
        else:
            for image in _image_pages(path):
                pages.append(ocr_image(image))
                engines.append("rapidocr")
    starts: list[int] = []
    lines: list[str] = []
    for page in pages:
        starts.append(len(lines) + 1)
        lines += page or [""]
    engine = "+".join(dict.fromkeys(sorted(engines, reverse=True)))
    return ScanText(
        text="\n".join(lines),
        engine=engine,
        version=_version("rapidocr" if "rapidocr" in engine else "pypdf"),
        pages=len(pages),
        page_starts=starts,
        sha256=digest.hexdigest(),
    )
