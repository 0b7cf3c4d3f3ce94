"""Scans: image → OCR → parse, text-layer PDFs, orientation, the CLI.

The page images are rendered here from the seed's text (Pillow and a CJK font
in tests/data), with noise and a slight rotation, so the whole path runs
offline; RapidOCR's models ship inside its wheel.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

# Every test here runs the OCR extra: without it the module is skipped (the
# extra's absence itself is tested in test_scan_without_ocr.py), and
# `pytest -m "not ocr"` leaves these slow tests out of the everyday loop.
for _module in ("rapidocr", "onnxruntime", "pypdf", "pypdfium2", "PIL", "fpdf"):
    pytest.importorskip(_module, reason="needs the OCR extra: pip install -e '.[test,ocr]'")

import numpy as np  # noqa: E402
from click.testing import CliRunner  # noqa: E402

import licparse  # noqa: E402
from licparse.cli import main  # noqa: E402
from licparse.scan import ocr as scan_ocr  # noqa: E402
from licparse.scan.cores import Cores  # noqa: E402
from licparse.scan.recognition import SharedRecognition, helped_by  # noqa: E402

from .conftest import FIXTURES, ROOT  # noqa: E402
from .render import FONT, render_page, split_pages  # noqa: E402

pytestmark = pytest.mark.ocr

SEED = (FIXTURES / "seed_000.txt").read_text(encoding="utf-8")
PAGES = split_pages(SEED)
COVER = PAGES[0]
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The seed license as six noisy, slightly rotated page images."""
    folder = tmp_path_factory.mktemp("scans")
    paths = []
    for i, lines in enumerate(PAGES, 1):
        path = folder / f"page{i}.png"
        render_page(lines, angle=0.8, noise=15_000, seed=i).save(path)
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def scanned_license(scanned: list[Path]) -> licparse.License:
    return licparse.parse_scan([str(p) for p in scanned])


@pytest.mark.timeout(240)
def test_scanned_pages_give_the_license(scanned_license: licparse.License) -> None:
    lic = scanned_license
    assert (lic.license_number, lic.company_name, lic.legal_representative) == (
        "苏B2-20231036",
        "爱安特（常州）精密机械有限公司",
        "王崴",
    )
    assert (lic.issue_date, lic.expiry_date) == ("2023-07-12", "2028-07-12")
    assert [(s.code, s.limited_to, s.excludes) for s in lic.services] == [
        ("B21", ["经营类电子商务"], ["网络借贷信息中介类的互联网金融业务"]),
        ("B25", ["互联网信息服务"], ["信息搜索查询服务", "信息即时交互服务"]),
    ]
    assert [c.label for c in lic.clauses][-3:] == ["十四、", "十五、", "十六、"]
    assert [len(c.children) for c in lic.clauses] == [0] * 14 + [7, 14]
    assert lic.clauses[15].children[11].applies_to == "信息搜索查询服务"
    assert lic.source.encoding == "ocr"
    assert lic.source.ocr is not None
    assert (lic.source.ocr.engine, lic.source.ocr.pages) == ("rapidocr", 6)
    # Pages: clause 九 starts on page 3 and runs onto page 4 (the page break).
    nine = lic.clauses[8]
    assert nine.pages == (3, 4)
    assert lic.clauses[0].pages == (3, 3)
    # OCR may drop the one-stroke `一、` of clause one on this noisy page; the
    # parser then restores it from the numbering. Nothing else may be doubted.
    assert {w.code for w in lic.warnings} <= {"label_restored"}


def test_engine_is_loaded_with_licparses_settings() -> None:
    # RapidOCR makes its sessions at the first page that needs them; licparse
    # makes them when it makes the engine, so its settings take hold.
    engine = scan_ocr.make_engine(scan_ocr.EngineSettings())
    assert isinstance(engine.text_rec, SharedRecognition)
    # Each line recognised alone, with a character's width of blank after it.
    assert engine.text_rec.size == engine.text_rec.rec.rec_batch_num == 1
    line = np.zeros((30, 300, 3), dtype=np.uint8)  # 480 wide at the model's height
    assert engine.text_rec.rec.resize_norm_img(line, 10.0).shape == (3, 48, 480 + 48)
    for step in (engine.text_det, engine.text_rec):
        options = step.session.session.get_session_options()
        assert options.intra_op_num_threads == 1
        assert options.enable_cpu_mem_arena
        assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_an_engine_whose_recogniser_moved_reads_as_rapidocr_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Lines alone without their margin lose last characters: if the margin
    # cannot be put in (RapidOCR changed), six at once, as RapidOCR reads.
    monkeypatch.setattr(scan_ocr, "pad_after", lambda rec, margin: False)
    engine = scan_ocr.make_engine(scan_ocr.EngineSettings())
    assert engine.text_rec.size == engine.text_rec.rec.rec_batch_num == 6
    with pytest.raises(ValueError, match="one at a time"):
        scan_ocr.make_engine(scan_ocr.EngineSettings(lines_at_once=6))


@pytest.fixture(scope="module")
def engines() -> dict[str, object]:
    return {
        "bare": scan_ocr.make_engine(scan_ocr.EngineSettings(margin=0)),
        "ours": scan_ocr.make_engine(scan_ocr.EngineSettings()),
    }


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("name", "printed"),
    [("authority", "中华人民共和国工业和信息化部"), ("expiry", "有效期至：2023年07月01日")],
)
def test_a_line_read_alone_keeps_its_last_character(
    engines: dict[str, Any], name: str, printed: str
) -> None:
    # Two lines of the real-OCR corpus as RapidOCR's detection cut them out
    # (tests/data/README.md). Alone, with no blank after them, the engine
    # loses their last character; licparse's margin keeps it. The first
    # assertion pins the model on the edge of a character (another
    # onnxruntime build could read it): it shows the line still tests that.
    from PIL import Image
    from rapidocr.ch_ppocr_rec.typings import TextRecInput

    line = np.asarray(Image.open(DATA / f"line-{name}.png"))
    assert engines["bare"].text_rec(TextRecInput(img=[line])).txts == (printed[:-1],)
    assert engines["ours"].text_rec(TextRecInput(img=[line])).txts == (printed,)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("lines", [1, 6])
def test_a_page_shared_by_two_threads_reads_as_rapidocr_alone(lines: int) -> None:
    # The reference is RapidOCR made the plain way, its lines recognised as
    # licparse's are (alone with the margin; or six at once, its defaults):
    # licparse's arena, spin-waiting, detection table and shared batches
    # must not change a byte.
    from rapidocr import RapidOCR

    from licparse.scan.recognition import pad_after

    image = render_page(max(PAGES, key=len), noise=800, seed=3).convert("RGB")
    plain = RapidOCR(params={"Global.log_level": "critical", "Rec.rec_batch_num": lines})
    margin = scan_ocr.EngineSettings().margin if lines == 1 else 0
    if margin:
        assert pad_after(plain._load_rec_model(), margin)
    alone = plain(image)
    engine = scan_ocr.make_engine(scan_ocr.EngineSettings(lines_at_once=lines, margin=margin))
    rec, threads = engine.text_rec.rec, set()

    def recorded(args: object) -> object:
        threads.add(threading.current_thread().name)
        return rec(args)

    engine.text_rec.rec = recorded
    with ThreadPoolExecutor(2) as pool, helped_by(pool, Cores(lambda: 2), 2):
        shared = engine(image, use_cls=False)
    assert len(threads) == 2
    assert len(shared.txts) > 2 * engine.text_rec.size  # batches for both threads
    assert shared.txts == alone.txts
    assert shared.scores == alone.scores
    assert shared.boxes.tolist() == alone.boxes.tolist()


@pytest.mark.timeout(120)
@pytest.mark.parametrize("angle", [90, 180])
def test_sideways_or_upside_down_page_is_turned(tmp_path: Path, angle: int) -> None:
    path = tmp_path / "turned.png"
    render_page(COVER).rotate(angle, expand=True).save(path)
    lic = licparse.parse_scan([str(path)])
    assert (lic.license_number, lic.company_name) == (
        "苏B2-20231036",
        "爱安特（常州）精密机械有限公司",
    )


def test_text_layer_pdf_is_read_without_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("wqy", fname=str(FONT))
    pdf.set_font("wqy", size=10)
    for page in PAGES:
        pdf.add_page()
        for line in page:
            pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "license.pdf"
    pdf.output(str(path))

    def no_ocr(image: object) -> None:
        raise AssertionError("a text-layer PDF must not be OCR'd")

    monkeypatch.setattr(scan_ocr, "_read", no_ocr)
    lic = licparse.parse_file(path)
    assert lic.source.encoding == "pdf-text"
    assert lic.source.ocr is not None and lic.source.ocr.engine == "pdf-text-layer"
    assert (lic.license_number, lic.company_name) == (
        "苏B2-20231036",
        "爱安特（常州）精密机械有限公司",
    )
    assert [len(c.children) for c in lic.clauses] == [0] * 14 + [7, 14]


@pytest.mark.timeout(120)
def test_image_only_pdf_is_ocrd(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    render_page(COVER, noise=5_000).convert("RGB").save(path, resolution=150)
    lic = licparse.parse_file(path)
    assert lic.source.ocr is not None and lic.source.ocr.engine == "rapidocr"
    assert (lic.license_number, lic.issue_date) == ("苏B2-20231036", "2023-07-12")


@pytest.mark.timeout(180)
def test_cli_pages_in_natural_order_and_saved_text(tmp_path: Path) -> None:
    # The cover, cut in three pages and named so that text order would be wrong.
    folder = tmp_path / "lic"
    folder.mkdir()
    for name, lines in (("p1.png", COVER[:6]), ("p2.png", COVER[6:12]), ("p10.png", COVER[12:])):
        render_page(lines).save(folder / name)
    out, texts = tmp_path / "out", tmp_path / "texts"
    result = CliRunner().invoke(
        main, [str(folder), "--pages", "-o", str(out), "--save-text", str(texts), "-j", "1"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads((out / "lic.json").read_text(encoding="utf-8"))
    assert [Path(f).name for f in data["source"]["ocr"]["files"]] == ["p1.png", "p2.png", "p10.png"]
    assert (data["license_number"], data["expiry_date"]) == ("苏B2-20231036", "2028-07-12")
    saved = (texts / "lic.ocr.txt").read_text(encoding="utf-8")
    assert saved.index("经营许可证编号") < saved.index("公司名称") < saved.index("有效期至")

    # The same pages named on the command line, in the order given.
    given = [str(folder / n) for n in ("p1.png", "p2.png", "p10.png")]
    one = json.loads(CliRunner().invoke(main, ["--pages", *given, "--json"]).stdout)
    assert one["company_name"] == "爱安特（常州）精密机械有限公司"


@pytest.mark.timeout(240)
def test_saved_text_is_kept_for_a_scan_that_then_fails(tmp_path: Path) -> None:
    # A scan read well but no license: its OCR text is what one needs to see why.
    scan = tmp_path / "letter.png"
    render_page(
        ["关于召开年度会议的通知", "各部门：", "定于下周一上午九时召开年度工作会议。"]
    ).save(scan)
    texts = tmp_path / "texts"
    result = CliRunner().invoke(main, [str(scan), "--jsonl", "--save-text", str(texts)])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["code"] == "not_a_license"
    saved = (texts / "letter.ocr.txt").read_text(encoding="utf-8")
    assert "年度工作会议" in saved


def test_a_page_is_prepared_for_detection_exactly_as_rapidocr_prepares_it() -> None:
    import numpy as np
    from rapidocr.ch_ppocr_det.utils import DetPreProcess

    from licparse.scan.prepare import Prepared

    engine = scan_ocr.make_engine(scan_ocr.EngineSettings())
    detector = engine.text_det
    step = detector.get_preprocess()
    assert isinstance(step, Prepared)
    page = np.asarray(render_page(COVER, noise=800, seed=1).convert("RGB"))
    noise = np.random.default_rng(7).integers(0, 256, (333, 517, 3), dtype=np.uint8)
    rapidocrs = DetPreProcess(
        detector.limit_side_len, detector.limit_type, detector.mean, detector.std
    )
    for image in (page, noise):
        want, got = rapidocrs(image), step(image)
        assert got.dtype == want.dtype == np.float32
        assert got.shape == want.shape
        assert got.tobytes() == np.ascontiguousarray(want).tobytes()
        assert got.flags["C_CONTIGUOUS"]  # as onnxruntime reads it: no copy there
