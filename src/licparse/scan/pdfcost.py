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

import re
import zlib
from collections.abc import Iterator
from typing import Any

from ..errors import TooLargeError

# A scanned page's contents are a hundred bytes ("draw this image"); a page of
# typeset text tens of kilobytes; a detailed vector drawing a few megabytes.
MAX_PAGE_CONTENT = 8 * 1024 * 1024
MAX_PDF_CONTENT = 32 * 1024 * 1024
MAX_FORM_DEPTH = 12  # forms drawn inside forms: real files go a few deep
# What drawing an image or a form costs beyond its bytes (its set-up, its
# clipping): a page drawing tiny forms 32,768 times reaches the budget.
DRAW_COST = 256
_FLATE = ("/FlateDecode", "/Fl")


def check_pdf(reader: Any, max_pixels: int) -> None:
    """Raise TooLargeError if a page's contents would inflate past the budget,
    counting a form as often as it is drawn, or it draws an image of more
    than `max_pixels`."""
    total = 0
    for number, page in enumerate(reader.pages, start=1):
        cost = _Cost(max_pixels, number)
        used = cost.drawn(page.get("/Contents"), page.get("/Resources"))
        if used > MAX_PAGE_CONTENT:
            raise TooLargeError(
                f"page {number}'s contents inflate to more than {MAX_PAGE_CONTENT:,} bytes "
                "(a compression bomb, forms drawn inside forms, or no license page)"
            )
        total += used
        if total > MAX_PDF_CONTENT:
            raise TooLargeError(
                f"the PDF's contents inflate to more than {MAX_PDF_CONTENT:,} bytes "
                f"by page {number}"
            )


# `/Name Do`: the operator that draws an image or a form.
_DRAW = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s/\[\]()<>{}%])")


class _Cost:
    """What one page costs to draw: its contents, and each form's as many
    times as it is drawn (a form drawing another twice, thirty deep, is
    drawn a billion times: no reader limits that by itself)."""

    def __init__(self, max_pixels: int, page: int) -> None:
        self.max_pixels, self.page = max_pixels, page
        self.forms: dict[int, int] = {}  # the drawn size of each form met
        self.depth = 0

    def drawn(self, contents: Any, resources: Any) -> int:
        # Each stream inflated only as far as the budget left: a stream named
        # a hundred times is not held a hundred times over.
        parts: list[bytes] = []
        used = 0
        for stream in _streams(contents):
            parts.append(_decoded(stream, MAX_PAGE_CONTENT - used))
            used += len(parts[-1])
            if used > MAX_PAGE_CONTENT:
                return used
        data = b"".join(parts)
        if b"Do" not in data:
            return used
        xobjects = _xobjects(resources)
        for match in _DRAW.finditer(data):
            used += DRAW_COST + self._xobject(xobjects.get("/" + match.group(1).decode("latin-1")))
            if used > MAX_PAGE_CONTENT:
                break
        return used

    def _xobject(self, ref: Any) -> int:
        if ref is None:
            return 0
        xobject = ref.get_object()
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            width, height = int(xobject.get("/Width", 0)), int(xobject.get("/Height", 0))
            if width * height > self.max_pixels:
                raise TooLargeError(
                    f"page {self.page} draws an image of {width} x {height} pixels, more "
                    f"than a page scan needs ({self.max_pixels:,} pixels at most)"
                )
            return 0
        if subtype != "/Form":
            return 0
        key = id(xobject)
        if key not in self.forms:
            # A form that draws itself is drawn once here; a reader stops it.
            self.forms[key] = 0
            if self.depth == MAX_FORM_DEPTH:
                raise TooLargeError(
                    f"page {self.page} draws forms inside forms more than "
                    f"{MAX_FORM_DEPTH} deep (no license page does)"
                )
            self.depth += 1
            self.forms[key] = self.drawn(xobject, xobject.get("/Resources"))
            self.depth -= 1
        return self.forms[key]


def _streams(contents: Any) -> Iterator[Any]:
    """A page's content streams, one at a time: the caller stops at its budget."""
    if contents is None:
        return
    contents = contents.get_object()
    if isinstance(contents, list):
        yield from (c.get_object() for c in contents)
    else:
        yield contents


def _xobjects(resources: Any) -> Any:
    if resources is None:
        return {}
    xobjects = resources.get_object().get("/XObject")
    return {} if xobjects is None else xobjects.get_object()


def _decoded(stream: Any, budget: int) -> bytes:
    """The bytes `stream` decodes to, cut off one byte past `budget`."""
    raw = getattr(stream, "_data", None)
    if not isinstance(raw, bytes):
        return b""
    filters = stream.get("/Filter")
    if filters is None:
        return raw[: budget + 1]
    names = [str(f) for f in (filters if isinstance(filters, list) else [filters])]
    if not all(name in _FLATE for name in names):
        # Other filters (ASCII85, LZW …) are left to pypdf, which bounds its own
        # output; a content stream in them is rare, and they expand little.
        return raw[: budget + 1]
    data = raw
    for _ in names:
        try:
            data = zlib.decompressobj().decompress(data, budget + 1)
        except zlib.error:
            return data  # damaged: the readers report it in their turn
    return data
