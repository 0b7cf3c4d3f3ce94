"""Hostile and damaged scans cost bounded time and memory and get honest
error codes (issue 12): huge pages, bombs, endless frames, truncated files,
a lone surrogate from a broken text layer. Each file is made here, small on
disk."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from licparse.cli import main
from licparse.scan import ocr_available

from .conftest import FIXTURES

needs_extra = pytest.mark.skipif(not ocr_available(), reason="needs the OCR extra")


def codes(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(path), "--jsonl"])
    return result.exit_code, json.loads(result.stdout)["error"]["code"]


@needs_extra
@pytest.mark.timeout(60)
def test_an_image_too_large_for_a_page_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    from PIL import Image

    big = tmp_path / "big.png"
    Image.new("1", (12_000, 12_000), 1).save(big)  # 144 Mpx, a few KB on disk
    assert big.stat().st_size < 100_000
    assert codes(big) == (1, "too_large")
    # The limit licparse keeps, not Pillow's own (twice it) from its words.
    result = CliRunner().invoke(main, [str(big), "--jsonl"])
    assert json.loads(result.stdout)["error"]["message"] == (
        "the image is too large to be a page scan (60,000,000 pixels at most)"
    )


@needs_extra
@pytest.mark.timeout(60)
def test_a_tiff_of_endless_frames_is_cut_off(tmp_path: Path) -> None:
    from PIL import Image

    tiff = tmp_path / "frames.tif"
    frames = [Image.new("L", (32, 32), 255) for _ in range(200)]
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    assert codes(tiff) == (1, "too_large")


@needs_extra
@pytest.mark.timeout(60)
def test_a_truncated_image_is_damaged_not_a_bug(tmp_path: Path) -> None:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (400, 400), (200, 10, 10)).save(buf, "PNG")
    cut = tmp_path / "cut.png"
    cut.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    assert codes(cut) == (1, "damaged")


@needs_extra
@pytest.mark.timeout(120)
def test_a_huge_pdf_page_is_rendered_no_larger_than_ocr_uses(tmp_path: Path) -> None:
    from fpdf import FPDF

    from licparse.scan import pages

    pdf = FPDF(unit="pt", format=(10_000, 10_000))
    pdf.add_page()
    path = tmp_path / "huge.pdf"
    pdf.output(str(path))
    # The page as it would go to the engine, which is not what is measured here.
    (image,) = list(pages.pdf_pages(path, []))
    assert max(image.size) <= pages.MAX_RENDER_SIDE


@needs_extra
def test_a_lone_surrogate_in_a_text_layer_cannot_end_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pypdf

    # A real text layer, read through a ToUnicode map broken in one glyph.
    scan = tmp_path / "layer.pdf"
    _layer_pdf(scan, (FIXTURES / "seed_000.txt").read_text(encoding="utf-8").split("\n"))
    extract = pypdf.PageObject.extract_text

    def broken(page: pypdf.PageObject, *args: object, **kwargs: object) -> str:
        return str(extract(page, *args, **kwargs)).replace("王崴", "王\ud800崴")  # type: ignore[arg-type]

    monkeypatch.setattr(pypdf.PageObject, "extract_text", broken)
    result = CliRunner().invoke(main, [str(scan), str(FIXTURES / "seed_002.txt"), "--csv"])
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert len(rows) == 3 and "王\ufffd崴" in rows[1]


def test_sigterm_is_handled_as_ctrl_c(tmp_path: Path) -> None:
    root = tmp_path / "big"
    root.mkdir()
    seed = (FIXTURES / "seed_000.txt").read_bytes()
    for k in range(3000):
        (root / f"{k:05d}.txt").write_bytes(seed)
    report = tmp_path / "report.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "licparse", str(root), "--json", "--report", str(report), "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # `[`: the run has started
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    out = proc.stdout.read()  # from the same buffered reader as `first`
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 130
    assert b"Traceback" not in err and b"interrupted" in err
    items = json.loads(first + out)  # the array was closed
    assert 1 <= len(items) < 3000
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    assert summary["interrupted"] is True
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_report_never_replaces_an_input_or_an_output(tmp_path: Path) -> None:
    seed = tmp_path / "a.txt"
    seed.write_bytes((FIXTURES / "seed_000.txt").read_bytes())
    out = tmp_path / "out"
    for args in (
        [str(seed), "--jsonl", "--report", str(seed)],
        [str(tmp_path), "--jsonl", "--report", str(tmp_path / "b.txt")],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, args
        assert "--report" in result.stderr
    assert seed.read_bytes() == (FIXTURES / "seed_000.txt").read_bytes()
    # A report named as one of the outputs: that output is refused, the report kept.
    result = CliRunner().invoke(main, [str(seed), "-o", str(out), "--report", str(out / "a.json")])
    assert result.exit_code == 1 and "is the --report file" in result.stderr
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["summary"]["failed"] == 1


def test_pages_and_a_folder_that_would_share_an_output_are_refused(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x.png").write_bytes(b"")
    args = ["--pages", str(tmp_path / "x"), str(tmp_path / "x.png"), "-o", str(tmp_path / "o")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "would write the same output" in result.stderr


def test_skip_existing_redoes_an_output_that_is_not_whole(tmp_path: Path) -> None:
    seed = tmp_path / "in" / "a.txt"
    seed.parent.mkdir()
    seed.write_bytes((FIXTURES / "seed_000.txt").read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.json").write_bytes(b"")  # a crash's leftover, not a record
    result = CliRunner().invoke(main, [str(seed.parent), "-o", str(out), "--skip-existing"])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["license_number"]
    again = CliRunner().invoke(main, [str(seed.parent), "-o", str(out), "--skip-existing"])
    assert "1 skipped" in again.stderr


@needs_extra
@pytest.mark.ocr
@pytest.mark.timeout(240)
def test_a_scan_named_as_text_or_piped_in_is_read_as_the_scan_it_is(tmp_path: Path) -> None:
    from .render import render_page, split_pages

    cover = split_pages((FIXTURES / "seed_000.txt").read_text(encoding="utf-8"))[0]
    image = tmp_path / "cover.txt"  # a PNG, misnamed
    render_page(cover).save(image, format="PNG")
    named = CliRunner().invoke(main, [str(image), "--json"])
    assert named.exit_code == 0, named.output
    assert json.loads(named.stdout)["license_number"] == "苏B2-20231036"
    piped = CliRunner().invoke(main, ["-", "--json"], input=image.read_bytes())
    record = json.loads(piped.stdout)
    assert record["license_number"] == "苏B2-20231036"
    assert record["source"]["ocr"]["files"] == ["-"]


def _layer_pdf(path: Path, lines: list[str], **encrypt: str) -> None:
    """A PDF with a text layer (the test font), encrypted as given (or not)."""
    from pypdf import PdfReader, PdfWriter

    from .render import text_pdf

    pdf = text_pdf(lines)
    if not encrypt:
        pdf.output(str(path))
        return
    plain = path.with_suffix(".plain.pdf")
    pdf.output(str(plain))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(algorithm="AES-256", **encrypt)
    with open(path, "wb") as f:
        writer.write(f)
    plain.unlink()


@needs_extra
def test_a_restricted_aes_pdf_opens_and_a_locked_one_says_it_needs_a_password(
    tmp_path: Path,
) -> None:
    from .render import split_pages

    cover = split_pages((FIXTURES / "seed_000.txt").read_text(encoding="utf-8"))[0]
    restricted = tmp_path / "restricted.pdf"
    _layer_pdf(restricted, cover, user_password="", owner_password="owner")
    result = CliRunner().invoke(main, [str(restricted), "--json"])
    assert json.loads(result.stdout)["license_number"] == "苏B2-20231036", result.output
    locked = tmp_path / "locked.pdf"
    _layer_pdf(locked, cover, user_password="secret", owner_password="owner")
    assert codes(locked) == (1, "needs_password")


@needs_extra
@pytest.mark.ocr
@pytest.mark.timeout(240)
@pytest.mark.parametrize("kind", ["16-bit grey", "ink in alpha"])
def test_scans_in_unusual_pixel_formats_read_as_they_look(tmp_path: Path, kind: str) -> None:
    from PIL import Image

    from .render import render_page, split_pages

    cover = split_pages((FIXTURES / "seed_000.txt").read_text(encoding="utf-8"))[0]
    grey = render_page(cover)  # L: black ink on white
    if kind == "16-bit grey":
        # A real scanner's ink is dark grey, not 0: every value above 255,
        # which an 8-bit conversion clipped to white.
        image = grey.convert("I").point(lambda v: 3000 + v * 245).convert("I;16")
    else:
        ink = grey.point(lambda v: 255 - v)  # opaque where the ink is
        image = Image.new("RGBA", grey.size, (0, 0, 0, 0))
        image.putalpha(ink)
    path = tmp_path / "scan.png"
    image.save(path)
    result = CliRunner().invoke(main, [str(path), "--json"])
    assert json.loads(result.stdout)["license_number"] == "苏B2-20231036", result.output


def test_a_resumed_run_clears_what_a_crashed_one_left(tmp_path: Path) -> None:
    seed = tmp_path / "in" / "a.txt"
    seed.parent.mkdir()
    seed.write_bytes((FIXTURES / "seed_000.txt").read_bytes())
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    stale = out / "sub" / ".licparse-abc123.tmp"
    stale.write_text("half a reco")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = out / ".licparse-def456.tmp"  # another run may be writing it now
    fresh.write_text("in progress")
    result = CliRunner().invoke(main, [str(seed.parent), "-o", str(out), "--skip-existing"])
    assert result.exit_code == 0
    assert "removed 1 temporary file(s) a crashed run left" in result.stderr
    assert not stale.exists() and fresh.exists()


@needs_extra
@pytest.mark.ocr
@pytest.mark.timeout(240)
def test_a_misnamed_scans_review_page_shows_the_scan(tmp_path: Path) -> None:
    # The review path reads inputs as everything else does (`batch.reading`):
    # it used to have its own copy, which took a PNG named .txt for text.
    from .render import render_page, split_pages

    cover = split_pages((FIXTURES / "seed_000.txt").read_text(encoding="utf-8"))[0]
    image = tmp_path / "cover.txt"
    render_page(cover).save(image, format="PNG")
    page = tmp_path / "cover.html"
    result = CliRunner().invoke(main, [str(image), "--html", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert 'src="data:image/jpeg;base64,' in html and "苏B2-20231036" in html


@needs_extra
@pytest.mark.timeout(60)
@pytest.mark.parametrize("size", [(5000, 1), (1, 4000), (20000, 3)])
def test_a_strip_of_pixels_holds_no_page_and_is_no_bug(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    from PIL import Image

    strip = tmp_path / "strip.png"
    Image.new("L", size, 0).save(strip)
    assert codes(strip) == (1, "empty")  # was internal_error: the engine shrank a side to 0


@needs_extra
@pytest.mark.timeout(60)
def test_what_pillow_raises_on_a_broken_tiff_is_damaged(tmp_path: Path) -> None:
    from PIL import Image

    buf = io.BytesIO()
    frames = [Image.new("L", (64, 64), 255)] * 2
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    data = bytearray(buf.getvalue())
    # The second frame's directory loses its width tag (found by the fuzz
    # session): Pillow raised TypeError ("Missing dimensions"), an internal_error.
    first = int.from_bytes(data[4:8], "little")
    entries = int.from_bytes(data[first : first + 2], "little")
    end = first + 2 + 12 * entries
    second = int.from_bytes(data[end : end + 4], "little")
    assert int.from_bytes(data[second + 2 : second + 4], "little") == 256  # ImageWidth
    data[second + 2 : second + 4] = (0x9999).to_bytes(2, "little")
    broken = tmp_path / "broken.tif"
    broken.write_bytes(bytes(data))
    result = CliRunner().invoke(main, [str(broken), "--jsonl"])
    assert json.loads(result.stdout)["error"]["code"] == "damaged"
    assert "Missing dimensions" in result.stderr and "Warning" not in result.stderr


@needs_extra
@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", ["zero.png", "zero.pdf", "zero.jpg"])
def test_a_zero_byte_scan_is_empty_not_damaged(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    result = CliRunner().invoke(main, [str(tmp_path / name), "--jsonl"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"] == {
        "code": "empty",
        "message": "the file is empty: there is no page to read",
    }
