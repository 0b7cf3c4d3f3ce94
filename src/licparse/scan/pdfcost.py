"""What a PDF would cost to read, found before anything reads it.

A PDF's content streams are compressed, and a small file can hold a stream
that inflates to gigabytes: compressed twice over 8 GiB of spaces (14 KB on
disk), or one 70 MiB stream named a hundred times as a page's contents. Both
pypdf's text extraction and PDFium's renderer inflate a page's contents
whole, and PDFium aborts the process at about 6 GB. So each page's content
streams are inflated here first, a piece at a time and never past the budget,
and its images' declared sizes are checked against the pixel limit: a page
past either is refused as `too_large` before it is read or drawn.
"""

from __future__ import annotations

import zlib
from typing import Any

from ..errors import TooLargeError

# A scanned page's contents are a hundred bytes ("draw this image"); a page of
# typeset text tens of kilobytes; a detailed vector drawing a few megabytes.
MAX_PAGE_CONTENT = 8 * 1024 * 1024
MAX_PDF_CONTENT = 32 * 1024 * 1024
MAX_FORM_DEPTH = 8  # forms drawn inside forms, as deep as a real file goes
_FLATE = ("/FlateDecode", "/Fl")


def check_pdf(reader: Any, max_pixels: int) -> None:
    """Raise TooLargeError if a page's contents would inflate past the budget
    or it draws an image of more than `max_pixels`."""
    total = 0
    sizes: dict[int, int] = {}  # decoded size by stream object, each decoded once
    for number, page in enumerate(reader.pages, start=1):
        used = _content(page.get("/Contents"), sizes, MAX_PAGE_CONTENT)
        used += _resources(page.get("/Resources"), sizes, max_pixels, number, set(), 0)
        if used > MAX_PAGE_CONTENT:
            raise TooLargeError(
                f"page {number}'s contents inflate to more than {MAX_PAGE_CONTENT:,} bytes "
                "(a compression bomb, or no license page)"
            )
        total += used
        if total > MAX_PDF_CONTENT:
            raise TooLargeError(
                f"the PDF's contents inflate to more than {MAX_PDF_CONTENT:,} bytes "
                f"by page {number}"
            )


def _content(contents: Any, sizes: dict[int, int], budget: int) -> int:
    """The decoded size of a page's (or form's) content streams, counting a
    stream named twice twice (the renderer draws it twice), stopping once
    past `budget`."""
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = list(contents) if isinstance(contents, list) else [contents]
    used = 0
    for stream in streams[: budget + 1]:  # an array of a million references stops too
        stream = stream.get_object()
        key = id(stream)
        if key not in sizes:
            sizes[key] = _decoded_size(stream, budget - used)
        used += sizes[key]
        if used > budget:
            break
    return used


def _decoded_size(stream: Any, budget: int) -> int:
    """How many bytes `stream` decodes to, or budget + 1 if more."""
    raw = getattr(stream, "_data", None)
    if not isinstance(raw, bytes):
        return 0
    filters = stream.get("/Filter")
    if filters is None:
        return len(raw)
    names = [str(f) for f in (filters if isinstance(filters, list) else [filters])]
    if not all(name in _FLATE for name in names):
        # Other filters (ASCII85, LZW …) are left to pypdf, which bounds its own
        # output; a content stream in them is rare, and they expand little.
        return len(raw)
    data = raw
    for _ in names:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(data, budget + 1)
        except zlib.error:
            return len(data)  # damaged: the readers report it in their turn
        if len(data) > budget:
            return budget + 1
    return len(data)


def _resources(
    resources: Any, sizes: dict[int, int], max_pixels: int, page: int, seen: set[int], depth: int
) -> int:
    """Check the images a page draws; the decoded size of the forms it draws."""
    if resources is None or depth > MAX_FORM_DEPTH:
        return 0
    xobjects = resources.get_object().get("/XObject")
    if xobjects is None:
        return 0
    used = 0
    for ref in xobjects.get_object().values():
        xobject = ref.get_object()
        if id(xobject) in seen:  # a form that draws itself is drawn once here
            continue
        seen.add(id(xobject))
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            width, height = int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))
            if width * height > max_pixels:
                raise TooLargeError(
                    f"page {page} draws an image of {width} x {height} pixels, more than a "
                    f"page scan needs ({max_pixels:,} pixels at most)"
                )
        elif subtype == "/Form":
            used += _content(xobject, sizes, MAX_PAGE_CONTENT)
            used += _resources(xobject.get("/Resources"), sizes, max_pixels, page, seen, depth + 1)
        if used > MAX_PAGE_CONTENT:
            break
    return used
