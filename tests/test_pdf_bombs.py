"""PDFs that inflate to gigabytes are refused before anything inflates them
(issue 12): each made here by hand, a few kilobytes on disk, and run in a
process whose address space is capped, so a regression fails the test
instead of taking the machine."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from licparse.scan import ocr_available

needs_extra = pytest.mark.skipif(not ocr_available(), reason="needs the OCR extra")

MEMORY_CAP = 3 << 30  # address space; the bombs below would need 6-11 GB


def _pdf(*objects: bytes) -> bytes:
    """A PDF of `objects` (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"/Filter /FlateDecode") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def _one_page(contents: bytes, resources: bytes = b"<< >>", *more: bytes) -> bytes:
    return _pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %s /Resources %s >>"
        % (contents, resources),
        *more,
    )


def _spaces_deflated(gib: int) -> bytes:
    """`gib` GiB of spaces, deflated, made in a moment: after a full flush
    the compressor starts afresh, so one MiB's block repeats byte for byte.
    (The stream has no checksum at its end: a reader stops long before.)"""
    compressor = zlib.compressobj(9)
    mib = b" " * (1 << 20)
    first = compressor.compress(mib) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(mib) + compressor.flush(zlib.Z_FULL_FLUSH)
    return first + again * (gib * 1024 - 1)


def _run(path: Path, memory: int = MEMORY_CAP) -> tuple[int, dict[str, str]]:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    done = subprocess.run(
        [sys.executable, "-m", "licparse", str(path), "--jsonl"],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap,
    )
    return done.returncode, json.loads(done.stdout)["error"]


@needs_extra
@pytest.mark.timeout(180)
def test_a_content_stream_compressed_twice_over_8_gib_of_spaces(tmp_path: Path) -> None:
    bomb = tmp_path / "double.pdf"
    inner = _spaces_deflated(8)
    bomb.write_bytes(
        _one_page(
            b"4 0 R",
            b"<< >>",
            _stream(zlib.compress(inner, 9), b"/Filter [/FlateDecode /FlateDecode]"),
        )
    )
    assert bomb.stat().st_size < 32_000
    code, error = _run(bomb)
    assert (code, error["code"]) == (1, "too_large")
    assert "page 1's contents inflate" in error["message"]


@needs_extra
@pytest.mark.timeout(180)
def test_one_large_stream_named_a_hundred_times_as_a_pages_contents(tmp_path: Path) -> None:
    bomb = tmp_path / "repeated.pdf"
    stream = _stream(zlib.compress(b" " * (70 << 20), 9))
    bomb.write_bytes(_one_page(b"[" + b"4 0 R " * 100 + b"]", b"<< >>", stream))
    assert bomb.stat().st_size < 100_000
    # Each naming inflated only as far as the budget left: holding 8 MiB per
    # naming took 1.7 GB.
    code, error = _run(bomb, memory=1 << 30)
    assert (code, error["code"]) == (1, "too_large")


@needs_extra
@pytest.mark.timeout(180)
def test_an_image_that_declares_ten_billion_pixels(tmp_path: Path) -> None:
    bomb = tmp_path / "image.pdf"
    image = _stream(
        zlib.compress(b"\xff" * (1 << 20)),
        b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 "
        b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
    )
    draw = _stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q", b"")
    bomb.write_bytes(_one_page(b"4 0 R", b"<< /XObject << /Im0 5 0 R >> >>", draw, image))
    code, error = _run(bomb)
    assert (code, error["code"]) == (1, "too_large")
    assert "100000 x 100000" in error["message"]


@needs_extra
@pytest.mark.timeout(180)
def test_a_form_that_draws_itself_is_checked_once(tmp_path: Path) -> None:
    # A form whose resources name the form itself: a reader that followed it
    # would never stop. The page is blank: no text is found, and nothing hangs.
    form = _stream(
        b"/Fm0 Do",
        b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
        b"/Resources << /XObject << /Fm0 5 0 R >> >>",
    )
    draw = _stream(b"/Fm0 Do", b"")
    path = tmp_path / "loop.pdf"
    path.write_bytes(_one_page(b"4 0 R", b"<< /XObject << /Fm0 5 0 R >> >>", draw, form))
    code, error = _run(path)
    assert (code, error["code"]) == (1, "empty")


def _nested_forms(depth: int, draws: int) -> bytes:
    """A page drawing a form that draws the next `draws` times, `depth` deep:
    draws ** depth tiny drawings from a file of a few kilobytes."""
    font = 5 + depth + 1
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /X 5 0 R >> >> >>",
        _stream(b"/X Do", b""),
    ]
    for level in range(depth, -1, -1):
        number = 5 + depth - level
        if level == 0:
            body, resources = b"BT /F1 12 Tf (a) Tj ET", b"<< /Font << /F1 %d 0 R >> >>" % font
        else:
            body, resources = b"/X Do " * draws, b"<< /XObject << /X %d 0 R >> >>" % (number + 1)
        objects.append(
            _stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources " + resources)
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return _pdf(*objects)


@needs_extra
@pytest.mark.timeout(180)
@pytest.mark.parametrize(
    ("depth", "draws", "words"),
    [(30, 2, "more than 12 deep"), (3, 1000, "contents inflate")],
)
def test_forms_drawn_inside_forms_a_billion_times(
    tmp_path: Path, depth: int, draws: int, words: str
) -> None:
    # PDFium would draw each of the billion: the run would never end.
    bomb = tmp_path / "forms.pdf"
    bomb.write_bytes(_nested_forms(depth, draws))
    assert bomb.stat().st_size < 24_000
    code, error = _run(bomb)
    assert (code, error["code"]) == (1, "too_large")
    assert words in error["message"]


@needs_extra
@pytest.mark.timeout(180)
def test_forms_a_few_deep_are_drawn(tmp_path: Path) -> None:
    # 2 ** 8 drawings of a form, as a real file's nested forms: read, not refused.
    path = tmp_path / "forms.pdf"
    path.write_bytes(_nested_forms(8, 2))
    code, error = _run(path)
    assert (code, error["code"]) == (1, "empty")


@needs_extra
@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    "pages",
    [
        b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",  # a page tree that holds itself
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 2 0 R >>",  # its own parent
    ],
)
def test_a_broken_object_graph_is_damaged_not_a_bug(tmp_path: Path, pages: bytes) -> None:
    path = tmp_path / "graph.pdf"
    path.write_bytes(
        _pdf(
            b"<< /Type /Catalog /Pages 2 0 R >>",
            pages,
            b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(b"", b""),
        )
    )
    code, error = _run(path)
    assert code == 1
    assert error["code"] == "damaged", error  # was internal_error
