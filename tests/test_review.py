"""`--html`: review pages written where asked, never over a user's file, and
refused with a usage error where the request is unclear. What the pages do
in a browser is tests/test_review_browser.py."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from licparse.cli import main
from licparse.scan import ocr_available

from .conftest import FIXTURES

SEED = FIXTURES / "seed_002.txt"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_one_input_writes_its_page_and_nothing_else_unless_asked(tmp_path: Path) -> None:
    page = tmp_path / "seed.html"
    result = run(str(SEED), "--html", str(page))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    html = page.read_text(encoding="utf-8")
    assert "苏州酷曼软件技术有限公司" in html
    # With an output format as well, the format goes to stdout as usual.
    again = run(str(SEED), "--json", "--html", str(tmp_path / "b.html"))
    assert json.loads(again.stdout)["license_number"] == "苏B2-20140200"


def test_a_page_is_never_written_over_a_file_unasked(tmp_path: Path) -> None:
    page = tmp_path / "mine.html"
    page.write_text("my notes", encoding="utf-8")
    result = run(str(SEED), "--html", str(page))
    assert result.exit_code == 1
    assert f"{page} exists: add --overwrite to replace it" in result.stderr
    assert page.read_text(encoding="utf-8") == "my notes"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.html"]  # no temporary left
    assert run(str(SEED), "--html", str(page), "--overwrite").exit_code == 0
    assert "苏州酷曼" in page.read_text(encoding="utf-8")


def test_a_page_that_exists_is_refused_before_the_input_is_read(tmp_path: Path) -> None:
    # A scan's OCR takes minutes: the refusal comes first. The input here
    # does not exist, so reading it would be another error.
    page = tmp_path / "mine.html"
    page.write_text("my notes", encoding="utf-8")
    result = run(str(tmp_path / "absent.png"), "--html", str(page))
    assert result.exit_code == 1
    assert result.stderr == f"licparse: error: {page} exists: add --overwrite to replace it\n"


@pytest.mark.skipif(not ocr_available(), reason="needs the OCR extra: a scan's images")
def test_a_scan_s_image_that_exists_refuses_the_page_and_writes_nothing(tmp_path: Path) -> None:
    from .render import render_page, split_pages

    cover = split_pages(SEED.read_text(encoding="utf-8"))[0]
    scan = tmp_path / "cover.png"
    render_page(cover, noise=0).save(scan)
    out = tmp_path / "new" / "p.html"  # its folder made, images or not
    out.parent.mkdir()
    (out.parent / "p.page1.jpg").write_bytes(b"mine")
    result = run(str(scan), "--html", str(out), "--html-images", "files")
    assert result.exit_code == 1
    assert f"{out.parent / 'p.page1.jpg'} exists: add --overwrite" in result.stderr
    assert [p.name for p in out.parent.iterdir()] == ["p.page1.jpg"]
    assert (out.parent / "p.page1.jpg").read_bytes() == b"mine"
    elsewhere = tmp_path / "made" / "q.html"
    assert run(str(scan), "--html", str(elsewhere), "--html-images", "files").exit_code == 0
    assert sorted(p.name for p in elsewhere.parent.iterdir()) == ["q.html", "q.page1.jpg"]


def test_unclear_requests_are_usage_errors(tmp_path: Path) -> None:
    cases = {
        (str(SEED), "--html"): "name the page: --html FILE.html",
        (str(SEED), str(FIXTURES / "seed_000.txt"), "--html", "x.html"): "add -o DIR",
        (str(SEED), "-o", str(tmp_path / "o"), "--html", "x.html"): "takes no file name",
        (str(SEED), "--html", str(tmp_path)): "is a folder",
    }
    for args, says in cases.items():
        result = run(*args)
        assert result.exit_code == 2, args
        assert says in result.stderr, (args, result.stderr)


def test_a_batch_writes_a_page_beside_each_json_and_an_index(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.txt")
    shutil.copy(FIXTURES / "seed_000.txt", folder / "b.txt")
    (folder / "c.txt").write_text("这不是许可证。", encoding="utf-8")
    out = tmp_path / "out"
    result = run(str(folder), "-o", str(out), "--html", "-j", "1")
    assert result.exit_code == 1  # c.txt is no license
    assert sorted(p.name for p in out.iterdir()) == [
        "a.html",
        "a.json",
        "b.html",
        "b.json",
        "index.html",
    ]
    index = (out / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-status="(\w+)"><td>(.*?)</td>', index)
    assert [(status, re.sub("<[^>]+>", "", cell).rsplit("/", 1)[-1]) for status, cell in rows] == [
        ("parsed", "a.txt"),
        ("parsed", "b.txt"),
        ("failed", "c.txt"),
    ]
    assert 'href="a.html"' in index and 'href="b.html"' in index
    # A second run over the same folder keeps the pages unless told.
    kept = run(str(folder), "-o", str(out), "--html", "-j", "1", "--skip-existing")
    assert kept.exit_code == 1
    assert "index.html exists" not in kept.stderr
    # The skipped inputs keep their rows: what the earlier run read, linked.
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="a.html"' in index and 'href="b.html"' in index
    assert "苏B2-20140200" in index and "苏B2-20231036" in index
    assert "苏州酷曼软件技术有限公司" in index


def test_the_policy_allows_only_the_pages_own_script_and_style(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    run(str(SEED), "--html", str(page))
    html = page.read_text(encoding="utf-8")
    (attribute,) = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    policy = unescape(attribute)
    assert policy.startswith("default-src 'none'; style-src 'sha256-")
    assert "unsafe" not in policy and "http" not in policy
    assert len(re.findall(r"<script>", html)) == 1


def test_the_index_carries_validity_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    seeds = [str(FIXTURES / "seed_000.txt"), str(SEED)]
    run(*seeds, "-o", str(out), "--html", "-j", "1", "--as-of", "2025-01-01")
    index = (out / "index.html").read_text(encoding="utf-8")
    cells = re.findall(r'<td class="status-(\w+)">([\w ]+)</td>', index)
    assert cells == [("valid", "valid"), ("expired", "expired")]
    assert "<th>validity</th>" in index
    run(*seeds, "-o", str(tmp_path / "plain"), "--html", "-j", "1")
    assert "<th>validity</th>" not in (tmp_path / "plain" / "index.html").read_text(
        encoding="utf-8"
    )


def test_a_batch_page_refused_over_a_user_s_file_fails_the_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "seed_002.html").write_text("my notes", encoding="utf-8")
    result = run(str(SEED), str(FIXTURES / "seed_000.txt"), "-o", str(out), "--html", "-j", "1")
    # The JSON is written, the page asked for is not: the run says so.
    assert result.exit_code == 1
    assert f"error: {SEED}: {out / 'seed_002.html'} exists" in result.stderr
    assert (out / "seed_002.html").read_text(encoding="utf-8") == "my notes"
    assert json.loads((out / "seed_002.json").read_text(encoding="utf-8"))["license_number"]
