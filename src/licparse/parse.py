"""The pipeline, one stage a line: decode → normalize → pages → sections →
cover, annex, provisions → number → validate → the License model."""

from __future__ import annotations

import gc
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

from .errors import (
    EmptyInputError,
    LicparseError,
    ReadError,
    TooLargeError,
    display_path,
)
from .models import Finding, License, OcrInfo, Source
from .scan import ScanText, is_scan, read_scan
from .stages import checks
from .stages.annex import parse_annex, read_intro
from .stages.annex.items import mend_items
from .stages.clauses import parse_provisions
from .stages.cover import parse_cover
from .stages.decode import decode_bytes
from .stages.document import Document
from .stages.furniture import remove_furniture
from .stages.glyphs import simplify
from .stages.normalize import split_lines
from .stages.number import vote
from .stages.page_count import check_page_count
from .stages.printed import printed_lines, restore_license
from .stages.sections import split_sections
from .stages.tree import to_clauses


def parse_file(
    path: str | os.PathLike[str], *, encoding: str | None = None, max_bytes: int | None = None
) -> License:
    """Parse the license in the file at `path`. Raises a LicparseError subclass.

    A file larger than `max_bytes` is refused before it is read.
    """
    real = os.fspath(path)
    shown = display_path(real)
    if is_scan(real):
        return parse_scan([real], path=shown)
    return parse_bytes(read_file(real, max_bytes), path=shown, encoding=encoding)


def read_file(path: str, max_bytes: int | None = None) -> bytes:
    """The bytes of a text input; a file larger than `max_bytes` is refused
    before it is read. Raises ReadError or TooLargeError naming the file."""
    shown = display_path(path)
    try:
        if max_bytes is not None and (size := os.stat(path).st_size) > max_bytes:
            raise TooLargeError(
                f"the file is {size:,} bytes, more than the limit of {max_bytes:,} "
                "(raise it with --max-bytes)",
                source=shown,
            )
        return Path(path).read_bytes()
    except IsADirectoryError as exc:
        raise ReadError("is a directory, not a file", source=shown) from exc
    except FileNotFoundError as exc:
        raise ReadError("no such file", source=shown) from exc
    except PermissionError as exc:
        raise ReadError("permission denied: the file cannot be read", source=shown) from exc
    except OSError as exc:
        raise ReadError(f"cannot be read: {exc.strerror or exc}", source=shown) from exc


def parse_bytes(data: bytes, *, path: str | None = None, encoding: str | None = None) -> License:
    """Parse raw bytes, detecting the encoding unless `encoding` names one."""
    return _decoded(data, path, encoding, None)[0]


def review_bytes(
    data: bytes, *, path: str | None = None, encoding: str | None = None
) -> tuple[License, str, dict[int, str]]:
    """`parse_bytes`, with the decoded text and each line's role (as
    `line_roles` says): what a review page shows beside the result."""
    roles: dict[int, str] = {}
    lic, text = _decoded(data, path, encoding, roles)
    return lic, text, roles


def _decoded(
    data: bytes, path: str | None, encoding: str | None, roles: dict[int, str] | None
) -> tuple[License, str]:
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        decoded = decode_bytes(data, encoding)
        source = Source(path=path, sha256=sha256, encoding=decoded.encoding, lines=0)
        return _parse(decoded.text, source, roles=roles), decoded.text
    except LicparseError as exc:
        exc.sha256 = exc.sha256 or sha256
        raise exc.with_source(path) from None


def parse_scan(paths: list[str], *, path: str | None = None) -> License:
    """Parse one license from scan files (PDF, images), pages in the order given.

    Needs the OCR extra for images and image-only PDF pages; raises
    OcrUnavailableError (code `needs_ocr`) without it.
    """
    shown = path if path is not None else display_path(paths[0])
    try:
        return license_from_scan(read_scan(paths), paths, shown)
    except LicparseError as exc:
        raise exc.with_source(shown) from None


def license_from_scan(
    scan: ScanText, paths: list[str], shown: str | None, roles: dict[int, str] | None = None
) -> License:
    """The license in an already read scan (batch keeps the text to save it);
    `roles` as for `parse_bytes`."""
    source = Source(
        path=shown,
        sha256=scan.sha256,
        encoding="ocr" if "rapidocr" in scan.engine else "pdf-text",
        lines=0,
        ocr=OcrInfo(
            engine=scan.engine,
            version=scan.version,
            pages=scan.pages,
            files=[display_path(p) for p in paths],
        ),
    )
    try:
        if not scan.text.strip():
            raise EmptyInputError("no text was found on the scan's pages")
        lic = _parse(scan.text, source, scan.page_of, roles)
        return _check_hidden(lic, scan) if scan.hidden else lic
    except LicparseError as exc:
        exc.sha256 = exc.sha256 or scan.sha256
        raise exc.with_source(shown) from None


# What a hidden layer is checked on: the facts a forged one would change.
_FACTS = (
    ("license_number", "license number"),
    ("company_name", "company"),
    ("legal_representative", "legal representative"),
    ("issue_date", "issue date"),
    ("expiry_date", "expiry date"),
)


def _check_hidden(lic: License, scan: ScanText) -> License:
    """Set a scan's license against the text layers it set aside (hidden
    ones): where they read as another license, or as none, say so."""
    pages = [page for page, _ in scan.hidden]
    try:
        layer = parse_text("\n".join(text for _, text in scan.hidden))
    except LicparseError:
        differ = ["it does not read as a license"]
    else:
        differ = [
            f"its {label} is {theirs} where the image shows {ours}"
            for name, label in _FACTS
            if (theirs := getattr(layer, name)) and (ours := getattr(lic, name)) and theirs != ours
        ]
        codes = {s.code for s in lic.services}
        extra = sorted({s.code for s in layer.services if s.code and s.code not in codes})
        if extra:
            differ.append(f"it names services the image does not ({', '.join(extra)})")
    if not differ:
        return lic
    which = ", ".join(map(str, pages))
    doubt = Finding(
        code="text_layer_disagrees",
        message=f"the hidden text layer of page{'s' if len(pages) > 1 else ''} {which} "
        f"says something other than the image: {'; '.join(differ)}. The image was read "
        "and the layer set aside",
        line=scan.page_starts[pages[0] - 1],
    )
    warnings = sorted([*lic.warnings, doubt], key=lambda w: (w.line is None, w.line or 0))
    return lic.model_copy(update={"warnings": warnings})


def parse_text(text: str, *, path: str | None = None) -> License:
    """Parse already decoded text; `source` reports it as UTF-8."""
    source = Source(
        path=path,
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        encoding="utf-8",
        lines=0,
    )
    try:
        if not text.strip():
            raise EmptyInputError()
        return _parse(text.removeprefix("\ufeff"), source)
    except LicparseError as exc:
        raise exc.with_source(path) from None


def line_roles(text: str) -> tuple[License, dict[int, str]]:
    """Parse `text`, and say which part of the result took each line: a cover
    field's or boilerplate block's name (as in `field_lines`), `clause`,
    `service`, `table` (a table line read in part), `furniture`; a line with
    no role is in `unparsed`. For the tests' "nothing is lost" property and
    for tools that show a license beside its source."""
    doc = _document(text.removeprefix("\ufeff"))
    lic = _pipeline(doc, Source(path=None, sha256="", encoding="utf-8", lines=0), None)
    return lic, dict(doc.claims)


def _parse(
    text: str,
    source: Source,
    page_of: Callable[[int], int] | None = None,
    roles: dict[int, str] | None = None,
) -> License:
    # A parse makes many small objects and no reference cycles: the cyclic
    # collector only costs time here, and its full passes over an ever larger
    # heap made a 10 MB input take 14x a 1 MB one instead of 10x.
    enabled = gc.isenabled()
    gc.disable()
    try:
        doc = _document(text)
        lic = _pipeline(doc, source, page_of)
        if roles is not None:
            roles.update(doc.claims)
        return lic
    finally:
        if enabled:
            gc.enable()


# A license is a few hundred lines; a 60-page scan's OCR a few thousand. Past
# this many non-blank lines a text is no license, and reading it would cost
# memory by the line (3 million `一、` lines took 9 GB): refused instead.
MAX_LINES = 10_000
_CONTENT_LINE = re.compile(r"[^\S\n]*\S[^\n]*")


def _check_lines(text: str) -> None:
    if text.count("\n") < MAX_LINES:  # the usual case, at the cost of one count
        return
    lines = sum(1 for _ in _CONTENT_LINE.finditer(text))
    if lines > MAX_LINES:
        raise TooLargeError(
            f"the text has {lines:,} non-blank lines; a license has a few hundred "
            f"(at most {MAX_LINES:,} are read)"
        )


def _document(text: str) -> Document:
    _check_lines(text)
    printed = text
    text, glyphs = simplify(text)
    doc = Document(*split_lines(text))
    if glyphs:
        doc.printed = printed_lines(printed, text, glyphs)
    for (glyph, char), lines in glyphs.items():
        doc.warn(
            "glyph_simplified",
            f"`{glyph}` is a traditional form of `{char}`, the character a license "
            f"prints: read as `{char}` to find labels and names, kept as printed in "
            f"the values (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})",
            lines[0],
        )
    return doc


def _pipeline(doc: Document, source: Source, page_of: Callable[[int], int] | None) -> License:
    furnished = remove_furniture(doc)
    sections = split_sections(doc, furnished.content)
    cover = parse_cover(doc, sections.cover)
    annex_intro = read_intro(doc, sections.annex)
    annex_services = parse_annex(doc, sections.annex)
    provisions = parse_provisions(doc, sections.provisions)
    clauses = to_clauses(
        provisions.clauses,
        page_of,
        lambda code, line, message: doc.warn(code, message, line),
    )
    number = vote(doc, cover.number_copies, furnished.number_copies)
    services = mend_items(doc, cover.services + annex_services)
    checks.check_evidence(doc, cover, number, len(clauses), bool(services))
    checks.check_number(doc, cover, number)
    checks.check_dates(doc, cover)
    checks.check_company(doc, cover, annex_intro, provisions)
    checks.check_classes(doc, number, services)
    checks.check_business_sections(doc, services, clauses)
    checks.check_clause_lengths(doc, clauses)
    check_page_count(doc)
    checks.check_missing(
        doc,
        cover,
        number,
        services=services,
        clauses=clauses,
        annex_found=sections.annex_found,
        provisions_found=sections.provisions_found,
    )
    # One validation for the whole model: the findings come as plain data.
    data = {
        "source": source.model_copy(update={"lines": doc.total}),
        "title": cover.title,
        "license_number": number.number if number else None,
        "number_info": number.info if number else None,
        "company_name": cover.company_name,
        "legal_representative": cover.legal_representative,
        "issuing_authority": cover.issuing_authority,
        "issue_date": cover.issue_date,
        "expiry_date": cover.expiry_date,
        "services": services,
        "clauses": clauses,
        "unparsed": doc.unparsed(),
        "warnings": doc.sorted_warnings(),
        "notes": doc.notes,
        "furniture": doc.furniture,
        "field_lines": doc.field_lines,
    }
    if doc.printed is not None:
        data = restore_license(data, doc.printed)
    return License.model_validate(data)
