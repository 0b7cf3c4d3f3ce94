"""One input → its license: a text file, standard input, or a scan (by its
name or, with the OCR extra, by its first bytes), read once. `read_input` is
what a batch, the terminal view and the commands parse with; `read_source`
also keeps what a review page shows (the text, each line's role, a scan's
page views). A scan that reads but does not parse keeps its OCR'd text on
the error, for --save-text.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NamedTuple

from ..errors import LicparseError, ReadError, TooLargeError, display_path
from .inputs import STDIN, Input

if TYPE_CHECKING:
    from ..models import License
    from ..scan import ScanText


class Source(NamedTuple):
    """What one input was read as: its license, the scan it came from, and
    for a review page (`review=True`) the text it was parsed from and each
    line's role."""

    license: License
    scan: ScanText | None
    text: str | None = None
    roles: dict[int, str] | None = None


class ScanElsewhere(Exception):
    """Raised instead of reading a scan where scans are not to be read (the
    main process, when a time limit must be able to stop them): the caller
    sends the input to a worker."""


def read_input(
    item: Input,
    *,
    encoding: str | None = None,
    max_bytes: int | None = None,
    scans: bool = True,
    threads: int | None = None,
) -> tuple[License, ScanText | None]:
    """Parse one input; for a scan also return what was read from it.

    Raises LicparseError (also for a problem found while walking to it), and
    ScanElsewhere for a scan if `scans` is false.
    """
    source = read_source(item, encoding=encoding, max_bytes=max_bytes, scans=scans, threads=threads)
    return source.license, source.scan


def with_stdin(item: Input, max_bytes: int | None) -> Input:
    """Standard input read here, in the main process, so that any worker
    (or a cluster's) can parse it."""
    if item.path != STDIN or item.data is not None or item.error is not None:
        return item
    try:
        return item._replace(data=read_stdin(max_bytes))
    except OSError as exc:
        return item._replace(error=ReadError(f"cannot read standard input: {exc}"))


def read_stdin(max_bytes: int | None) -> bytes:
    """Standard input's bytes: text up to one byte past `max_bytes` (enough to
    refuse it), a scan whole (the size limit guards text)."""
    data = sys.stdin.buffer.read(-1 if max_bytes is None else max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes and _scan_bytes(data):
        data += sys.stdin.buffer.read()
    return data


def read_source(
    item: Input,
    *,
    encoding: str | None = None,
    max_bytes: int | None = None,
    review: bool = False,
    scans: bool = True,
    threads: int | None = None,
) -> Source:
    """`read_input`, and with `review` the text, the roles and a scan's page
    views. A scan's pages are read `threads` at a time (None: one per core)."""
    from ..parse import read_file
    from ..scan import is_scan

    if item.error is not None:
        raise item.error
    if item.path == STDIN or item.data is not None:
        # Standard input, or a file's bytes shipped to a cluster's worker.
        piped = item.path == STDIN
        data = item.data if item.data is not None else read_stdin(max_bytes)
        shown_as = None if piped else display_path(item.path)
        if _scan_bytes(data) or (not piped and is_scan(item.path)):
            name = "-" if piped else item.path
            return _scan([name], shown_as, review, threads, scans, data=data)
        if max_bytes is not None and len(data) > max_bytes:
            where = shown_as or "standard input"
            raise TooLargeError(f"{where} is larger than the limit of {max_bytes:,} bytes")
        return _text(data, shown_as, encoding, review)
    shown = display_path(item.path)
    if item.pages or is_scan(item.path):
        # --max-bytes guards text; a phone photo or a scanned PDF is large by nature.
        return _scan(list(item.pages or (item.path,)), shown, review, threads, scans)
    try:
        data = read_file(item.path, max_bytes)
    except TooLargeError:
        if _scan_file(item.path):  # a large scan named as text
            return _scan([item.path], shown, review, threads, scans)
        raise
    if _scan_bytes(data[:16]):
        # A file named as text (`.txt`) that holds a scan: read as the scan it is.
        return _scan([item.path], shown, review, threads, scans)
    return _text(data, shown, encoding, review)


def _text(data: bytes, shown: str | None, encoding: str | None, review: bool) -> Source:
    from ..parse import parse_bytes, review_bytes

    if not review:
        return Source(parse_bytes(data, path=shown, encoding=encoding), None)
    lic, text, roles = review_bytes(data, path=shown, encoding=encoding)
    return Source(lic, None, text, roles)


def _scan(
    paths: list[str],
    shown: str | None,
    review: bool,
    threads: int | None,
    here: bool = True,
    data: bytes | None = None,
) -> Source:
    """A scan's license; its OCR'd text is kept on the error if it fails to
    parse (`--save-text` exists for that case). Not `here`: ScanElsewhere.
    `data`: the one file's bytes (piped in, or shipped), not read again."""
    from ..parse import license_from_scan
    from ..scan import read_scan

    if not here:
        raise ScanElsewhere

    try:
        from .plan import cores

        scan = read_scan(paths, views=review, threads=threads or cores(), data=data)
    except LicparseError as exc:
        raise exc.with_source(shown) from None
    roles: dict[int, str] | None = {} if review else None
    try:
        lic = license_from_scan(scan, paths, shown, roles)
    except LicparseError as exc:
        exc.scan_text = scan.text
        raise exc.with_source(shown) from None
    return Source(lic, scan, scan.text if review else None, roles)


def _scan_bytes(data: bytes) -> bool:
    """A scan by its first bytes, when the OCR extra can read it (without
    it, the text path says what the bytes are and how to read them)."""
    from ..scan import looks_like_scan, ocr_available

    return looks_like_scan(data[:16]) and ocr_available()


def _scan_file(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError:
        return False  # reading it fails in its place, with its own error
    return _scan_bytes(head)
