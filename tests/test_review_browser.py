"""Review pages in a real browser: Debian's chromium driven through
chromium-driver by selenium. The tests click and type as a reviewer does and
check what the page then shows; they skip when the browser is not installed
(CI installs it: .ci/run)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import licparse
from licparse.cli import main

from .conftest import FIXTURES

pytestmark = pytest.mark.browser

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver")
if CHROMIUM is None or DRIVER is None:
    pytest.skip("needs Debian's chromium and chromium-driver", allow_module_level=True)

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

HOSTILE = '<img src=x onerror=alert(1)></script><script>alert(2)</script>"><b>'


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_argument("--window-size=1400,900")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def page_for(tmp_path: Path, source: Path | str, *extra: str) -> Path:
    """The review page of `source` (a file, or license text to write one)."""
    if isinstance(source, str):
        path = tmp_path / "input.txt"
        path.write_text(source, encoding="utf-8")
        source = path
    page = tmp_path / f"{source.stem}.html"
    result = CliRunner().invoke(main, [str(source), "--html", str(page), *extra])
    assert result.exit_code == 0, result.output
    return page


def open_page(browser: Any, page: Path) -> None:
    browser.get_log("performance")  # drop what earlier pages logged
    browser.get_log("browser")
    browser.get(page.as_uri())


def highlighted(browser: Any) -> list[int]:
    return [
        int(e.get_attribute("id")[1:]) for e in browser.find_elements(By.CSS_SELECTOR, ".line.hl")
    ]


def span(lines: tuple[int, int] | list[int]) -> list[int]:
    return list(range(lines[0], lines[-1] + 1))


def test_clicking_an_item_highlights_exactly_its_lines(browser: Any, tmp_path: Path) -> None:
    lic = licparse.parse_file(FIXTURES / "seed_002.txt")
    open_page(browser, page_for(tmp_path, FIXTURES / "seed_002.txt"))
    clauses = browser.find_elements(By.CSS_SELECTOR, "#result > ul.clauses > li")
    assert len(clauses) == len(lic.clauses)
    for element, clause in [(clauses[0], lic.clauses[0]), (clauses[-1], lic.clauses[-1])]:
        browser.execute_script("arguments[0].scrollIntoView()", element)
        element.find_element(By.CSS_SELECTOR, ".clause-head").click()
        assert highlighted(browser) == span(clause.lines)
    child = lic.clauses[-1].children[5]
    element = browser.find_elements(By.CSS_SELECTOR, "#result > ul.clauses > li")[-1]
    element.find_elements(By.CSS_SELECTOR, ":scope > ul.clauses > li > .clause-head")[5].click()
    assert highlighted(browser) == span(child.lines)
    service = browser.find_elements(By.CSS_SELECTOR, "#services tr[data-lines]")[1]
    browser.execute_script("arguments[0].scrollIntoView()", service)
    service.click()
    assert highlighted(browser) == span(lic.services[1].lines)


def test_the_keyboard_steps_through_every_warning(browser: Any, tmp_path: Path) -> None:
    source = FIXTURES / "damage" / "label_lost_1.txt"
    lic = licparse.parse_file(source)
    lines = [w.line for w in lic.warnings if w.line is not None]
    assert len(lines) >= 2
    open_page(browser, page_for(tmp_path, source))
    body = browser.find_element(By.TAG_NAME, "body")
    seen = []
    for k in range(len(lic.warnings)):
        body.send_keys("n")
        current = browser.find_element(By.CSS_SELECTOR, "#warnings li.current")
        seen.append(current.text)
        status = browser.find_element(By.ID, "warning-status").text
        assert status == f"warning {k + 1} of {len(lic.warnings)}"
        if lic.warnings[k].line is not None:
            assert highlighted(browser) == [lic.warnings[k].line]
    assert [s.split(":", 1)[0].split()[0] for s in seen] == [w.code for w in lic.warnings]
    body.send_keys("p")
    assert browser.find_element(By.ID, "warning-status").text.startswith(
        f"warning {len(lic.warnings) - 1} of"
    )


def test_a_hostile_name_is_shown_as_text_and_runs_nothing(browser: Any, tmp_path: Path) -> None:
    text = (FIXTURES / "seed_000.txt").read_text(encoding="utf-8")
    lic = licparse.parse_text(text)
    assert lic.company_name
    page = page_for(tmp_path, text.replace(lic.company_name, HOSTILE))
    open_page(browser, page)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert browser.find_element(By.ID, "title").text == HOSTILE
    field = browser.find_element(By.CSS_SELECTOR, '#cover tr[data-field="company_name"] td')
    assert field.text == HOSTILE
    assert browser.find_elements(By.CSS_SELECTOR, "img, b") == []
    # The layout holds: the result pane is where it belongs, beside the source.
    result = browser.find_element(By.ID, "result").rect
    assert result["x"] > 500 and result["width"] > 400


def test_a_page_loads_nothing_from_anywhere(browser: Any, tmp_path: Path) -> None:
    text = (FIXTURES / "seed_000.txt").read_text(encoding="utf-8")
    lic = licparse.parse_text(text)
    assert lic.company_name
    remote = (
        '<img src="http://127.0.0.1:9/x.png"><link rel=stylesheet href="http://127.0.0.1:9/s.css">'
    )
    open_page(browser, page_for(tmp_path, text.replace(lic.company_name, remote)))
    browser.find_element(By.CSS_SELECTOR, "#result ul.clauses > li .clause-head").click()
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    assert urls and all(url.startswith(("file://", "data:")) for url in urls), urls
    # The page's own script and style pass its policy: no violation is logged.
    assert [
        e for e in browser.get_log("browser") if "Content Security Policy" in e["message"]
    ] == []


def test_the_index_sorts_and_filters(browser: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("seed_000", "seed_002", "annex_on_cover"):
        shutil.copy(FIXTURES / f"{name}.txt", folder / f"{name}.txt")
    (folder / "novel.txt").write_text("从前有座山。", encoding="utf-8")
    out = tmp_path / "out"
    CliRunner().invoke(main, [str(folder), "-o", str(out), "--html", "-j", "1"])
    open_page(browser, out / "index.html")

    def column(n: int) -> list[str]:
        rows = browser.find_elements(By.CSS_SELECTOR, "#licenses tbody tr")
        return [r.find_elements(By.TAG_NAME, "td")[n].text for r in rows if r.is_displayed()]

    header = browser.find_elements(By.CSS_SELECTOR, "#licenses th")[5]  # warnings
    header.click()
    ascending = [int(w) for w in column(5)]
    assert ascending == sorted(ascending) and len(ascending) == 4
    header.click()
    assert [int(w) for w in column(5)] == sorted(ascending, reverse=True)
    browser.find_element(By.ID, "filter").send_keys("failed")
    assert [name.rsplit("/", 1)[-1] for name in column(0)] == ["novel.txt"]
    assert browser.find_element(By.ID, "shown").text == "1 of 4"
    browser.find_element(By.ID, "filter").clear()
    browser.find_element(By.ID, "filter").send_keys("苏B2-20231036")
    link = browser.find_element(By.CSS_SELECTOR, "#licenses tbody tr:not([hidden]) a")
    link.click()
    assert browser.find_element(By.ID, "title").text == "爱安特（常州）精密机械有限公司"


def test_a_page_is_drawn_not_blank(browser: Any, tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    open_page(browser, page_for(tmp_path, FIXTURES / "seed_000.txt"))
    shot = tmp_path / "shot.png"
    browser.save_screenshot(str(shot))
    with image.open(shot) as img:
        grey = img.convert("L")
        histogram = grey.histogram()
    dark = sum(histogram[:128]) / sum(histogram)
    # Text on both panes: a blank or unstyled-error page has next to no ink.
    assert 0.01 < dark < 0.5, dark
    assert len([n for n in histogram if n]) > 32  # shades: text, shading, highlights


@pytest.mark.ocr
@pytest.mark.timeout(240)
@pytest.mark.parametrize("images", ["embed", "files"])
def test_a_scans_page_shows_its_image_with_the_lines_boxes(
    browser: Any, tmp_path: Path, images: str
) -> None:
    if not licparse.scan.ocr_available():
        pytest.skip("needs the OCR extra")
    from .render import render_page, split_pages

    cover = split_pages((FIXTURES / "seed_000.txt").read_text(encoding="utf-8"))[0]
    scan = tmp_path / "cover.png"
    render_page(cover, angle=0.8, noise=5_000).save(scan)
    page = page_for(tmp_path, scan, "--html-images", images)
    beside = sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".jpg")
    assert beside == (["cover.page1.jpg"] if images == "files" else [])
    open_page(browser, page)
    img = browser.find_element(By.CSS_SELECTOR, ".scan img")
    assert browser.execute_script("return arguments[0].naturalWidth", img) > 0
    lic = licparse.parse_scan([str(scan)])
    first, last = lic.field_lines["company_name"]
    browser.find_element(By.CSS_SELECTOR, '#cover tr[data-field="company_name"]').click()
    boxes = browser.find_elements(By.CSS_SELECTOR, ".box.hl")
    assert [int(b.get_attribute("data-line")) for b in boxes] == span((first, last))
    # The box lies over the text it stands for: inside the image, not collapsed.
    box, frame = boxes[0].rect, img.rect
    assert frame["x"] <= box["x"] < box["x"] + box["width"] <= frame["x"] + frame["width"]
    assert box["height"] > 5
