"""Scans → text: a PDF's text layer where it has one, offline OCR otherwise.

The OCR extra (`pip install -e '.[ocr]'` from a checkout) brings RapidOCR with its
Chinese models inside the wheel, onnxruntime, pypdf and pypdfium2 (wheels
only: no system binaries, no network). Nothing here is imported until a scan
is met, so the text path keeps its start-up.

Pages are OCR'd one at a time, their lines put back in reading order, and
joined in order; the parser then sees page headers as on text input, and each
clause learns the pages it spans from `ScanText.page_starts`.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.util
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import EmptyInputError, LicparseError, ReadError

if TYPE_CHECKING:
    from .ocr import Read

SCAN_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".webp", ".bmp")
SCAN_GLOBS = tuple(f"*{suffix}" for suffix in SCAN_SUFFIXES) + tuple(
    f"*{suffix.upper()}" for suffix in SCAN_SUFFIXES
)
# licparse is installed from its repository (it is not on PyPI): the hint
# says what works there.
EXTRA_HINT = "install the OCR extra: pip install -e '.[ocr]' in the licparse checkout"


class OcrUnavailableError(LicparseError):
    """A scan was met but the OCR extra is not installed."""

    code = "needs_ocr"
    default_message = f"this is a scan (PDF or image): {EXTRA_HINT}"


class PageView(NamedTuple):
    """One scanned page for a review page: the image (JPEG) and each of its
    lines' rectangle on it, in the order of the page's lines."""

    jpeg: bytes | None
    width: int
    height: int
    rects: list[tuple[float, float, float, float]]


class ScanText(NamedTuple):
    text: str
    engine: str  # "rapidocr", "pdf-text-layer", or both joined by "+"
    version: str
    pages: int
    page_starts: list[int]  # the 1-based line each page starts at
    sha256: str
    views: list[PageView] | None = None  # with `read_scan(views=True)`
    # The text layers set aside because they could not be seen, by page
    # (1-based, over all files): evidence to check the OCR against.
    hidden: tuple[tuple[int, str], ...] = ()

    def page_of(self, line: int) -> int:
        return bisect.bisect_right(self.page_starts, line)


def is_scan(path: str) -> bool:
    return path.lower().endswith(SCAN_SUFFIXES)


# How a scan's bytes start, whatever the file is called: PDF, PNG, JPEG,
# TIFF (both byte orders), GIF, WebP (RIFF…WEBP), BMP.
SCAN_SIGNATURES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")


def looks_like_scan(head: bytes) -> bool:
    """Whether bytes that start so are a scan the OCR extra can read."""
    return head.startswith(SCAN_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def ocr_available() -> bool:
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("rapidocr", "onnxruntime", "pypdf", "pypdfium2", "PIL")
    )


def _version(package: str) -> str:
    import importlib.metadata

    return importlib.metadata.version(package)


def read_scan(
    paths: list[str], *, views: bool = False, threads: int = 1, data: bytes | None = None
) -> ScanText:
    """The text of one license from its scan files, pages in the order given;
    with `views`, each page's image and line rectangles too (a review page).
    `threads` pages are read at once, each by an engine of its own. `data`:
    the bytes of the one file named (piped in, or shipped to a cluster)."""
    if not ocr_available():
        raise OcrUnavailableError()
    from .ocr import Read, read_pages
    from .pages import Page, image_pages, pdf_pages

    # The libraries log their doubts (a PDF's missing EOF marker…) to stderr,
    # which belongs to licparse's own one-line messages.
    for name in ("pypdf", "RapidOCR", "rapidocr"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    digest = hashlib.sha256()
    hidden: list[tuple[int, str]] = []  # by page number over all files

    def sources() -> Iterator[Page]:
        before = 0  # pages given so far
        for name in paths:
            path = Path(name)
            try:
                content = path.read_bytes() if data is None else data
            except OSError as exc:
                raise ReadError(f"cannot read {name}: {exc.strerror or exc}") from exc
            digest.update(content)
            if not content:  # named as what it is, not as a broken image or PDF
                which = f"{name} is" if len(paths) > 1 else "the file is"
                raise EmptyInputError(f"{which} empty: there is no page to read")
            # By content, not name: a PDF saved as `.txt` or piped in is a PDF.
            layers: list[tuple[int, str]] = []  # by page number in this file
            pdf = content.startswith(b"%PDF") or path.suffix.lower() == ".pdf"
            start = before
            # Read from these bytes, not the file again: what is read is what
            # the digest names, and a FIFO or a file being replaced is read once.
            for page in pdf_pages(content, layers) if pdf else image_pages(content):
                before += 1
                yield page
            hidden.extend((start + number, text) for number, text in layers)

    pages = read_pages(sources(), threads)
    engines = ["rapidocr" if isinstance(page, Read) else "pdf-text-layer" for page in pages]
    starts: list[int] = []
    lines: list[str] = []
    for page in pages:
        starts.append(len(lines) + 1)
        lines += (page.lines if isinstance(page, Read) else page) or [""]
    engine = "+".join(dict.fromkeys(sorted(engines, reverse=True)))
    return ScanText(
        text="\n".join(lines),
        engine=engine,
        version=_version("rapidocr" if "rapidocr" in engine else "pypdf"),
        pages=len(pages),
        page_starts=starts,
        sha256=digest.hexdigest(),
        views=[_view(page) for page in pages] if views else None,
        hidden=tuple(hidden),
    )


# A review page shows a scan this wide: enough to read it, small to embed.
VIEW_WIDTH = 1000


def _view(page: list[str] | Read) -> PageView:
    """A page as a review page shows it: its image as JPEG, its lines' rectangles
    scaled to it (a text-layer page has neither)."""
    import io

    from .ocr import Read

    if not isinstance(page, Read):
        return PageView(None, 0, 0, [])
    from .ocr import as_rgb

    image = as_rgb(page.image)
    scale = min(1.0, VIEW_WIDTH / image.width)
    if scale < 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    rects = [tuple(round(v * scale, 1) for v in rect) for rect in page.rects]
    return PageView(out.getvalue(), image.width, image.height, rects)  # type: ignore[arg-type]
