"""A PDF's text layer is evidence, not truth (issue 12): it is read only
where it can be seen; a page whose layer is hidden is read from its image,
and a hidden layer that says something else is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from licparse.cli import main
from licparse.scan import ocr_available

from .conftest import FIXTURES

needs_extra = pytest.mark.skipif(not ocr_available(), reason="needs the OCR extra")

COVER_A = (FIXTURES / "seed_000.txt").read_text(encoding="utf-8").split("\n")[:14]
COVER_B = (FIXTURES / "seed_002.txt").read_text(encoding="utf-8").split("\n")[:14]


def _sandwich(path: Path, image_lines: list[str], layer_lines: list[str], how: str) -> None:
    """One page: an image of `image_lines`, and a text layer of `layer_lines`
    drawn `how`: invisible over the image, or visible but under it."""
    from fpdf import FPDF
    from fpdf.enums import TextMode

    from .render import render_page, write_lines

    picture = path.with_suffix(".png")
    render_page(image_lines).save(picture)
    pdf = FPDF()
    pdf.add_page()
    if how == "under":
        write_lines(pdf, layer_lines)
    pdf.image(str(picture), x=0, y=0, w=pdf.w, h=pdf.h)
    if how == "invisible":
        pdf.text_mode = TextMode.INVISIBLE
        write_lines(pdf, layer_lines)
    pdf.output(str(path))
    picture.unlink()


def _read(path: Path) -> dict[str, object]:
    result = CliRunner().invoke(main, [str(path), "--json"])
    record: dict[str, object] = json.loads(result.stdout)
    return record


@needs_extra
@pytest.mark.ocr
@pytest.mark.timeout(180)
@pytest.mark.parametrize("how", ["invisible", "under"])
def test_a_hidden_layer_naming_another_license_is_set_aside(tmp_path: Path, how: str) -> None:
    path = tmp_path / "forged.pdf"
    _sandwich(path, COVER_A, COVER_B, how)
    record = _read(path)
    assert record["license_number"] == "苏B2-20231036"  # what the page shows
    assert record["company_name"] == "爱安特（常州）精密机械有限公司"
    assert record["source"]["ocr"]["engine"] == "rapidocr"  # type: ignore[index]
    doubts = [w for w in record["warnings"] if w["code"] == "text_layer_disagrees"]  # type: ignore[attr-defined]
    assert len(doubts) == 1 and doubts[0]["line"] == 1
    assert doubts[0]["message"] == (
        "the hidden text layer of page 1 says something other than the image: "
        "its license number is 苏B2-20140200 where the image shows 苏B2-20231036; "
        "its company is 苏州酷曼软件技术有限公司 where the image shows "
        "爱安特（常州）精密机械有限公司; its legal representative is 王宝军 where the image "
        "shows 王崴. The image was read and the layer set aside"
    )


@needs_extra
@pytest.mark.ocr
@pytest.mark.timeout(180)
def test_a_scanners_searchable_pdf_is_read_from_its_image_without_doubt(tmp_path: Path) -> None:
    # The usual case: a scanner's OCR laid invisibly over the same page.
    path = tmp_path / "searchable.pdf"
    _sandwich(path, COVER_A, COVER_A, "invisible")
    record = _read(path)
    assert record["license_number"] == "苏B2-20231036"
    assert record["source"]["ocr"]["engine"] == "rapidocr"  # type: ignore[index]
    codes = [w["code"] for w in record["warnings"]]  # type: ignore[attr-defined]
    assert "text_layer_disagrees" not in codes


@needs_extra
@pytest.mark.ocr
@pytest.mark.timeout(180)
def test_a_junk_layer_over_a_readable_image_does_not_hide_the_license(tmp_path: Path) -> None:
    # Chinese junk, enough of it to pass for a layer: before, `not_a_license`
    # and the image never read.
    junk = ["这是一段与许可证毫无关系的文字，用来充当扫描件的文字层。"] * 6
    path = tmp_path / "junk.pdf"
    _sandwich(path, COVER_A, junk, "invisible")
    record = _read(path)
    assert record["license_number"] == "苏B2-20231036"
    (doubt,) = [w for w in record["warnings"] if w["code"] == "text_layer_disagrees"]  # type: ignore[attr-defined]
    assert doubt["message"].endswith(
        "it does not read as a license. The image was read and the layer set aside"
    )
