"""Hostile input: pathological text, not-text bytes, not-a-license text, the
file system. Each pathological input has a per-test time limit far above what
a linear parser needs; a back-tracking pattern would blow through it."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import licparse
from licparse.cli import main

from .conftest import FIXTURES
from .processes import peak_kib

SEED = (FIXTURES / "seed_000.txt").read_text(encoding="utf-8")
HEAD = (
    "中华人民共和国增值电信业务经营许可证\n"
    "经营许可证编号：苏B2-20231036\n"
    "公司名称：甲乙丙有限公司\n"
)


TITLE = "特别规定事项\n"

# Each hostile input, and what licparse must make of it (not merely survive it).
PATHOLOGICAL: dict[str, tuple[str, Callable[[licparse.License], object], object]] = {
    "labels": (
        HEAD + TITLE + "一、\n" * 100_000,
        lambda lic: (len(lic.clauses), sum(w.code == "numbering_repeat" for w in lic.warnings)),
        (100_000, 99_999),
    ),
    "long_line": (
        HEAD + TITLE + "一、" + "你公司应当遵守规定，" * 500_000,
        lambda lic: (len(lic.clauses), len(lic.clauses[0].text)),
        (1, 5_000_000),
    ),
    "spaces": (
        HEAD + "公司名称：甲" + " " * 1_000_000 + "乙",
        lambda lic: lic.company_name,
        "甲乙",
    ),
    "parens": (
        HEAD + TITLE + "一、" + "（" * 1_000_000 + "\n（一）" + "(" * 500_000,
        lambda lic: (len(lic.clauses[0].text), len(lic.clauses[0].children)),
        (1_000_000, 1),
    ),
    "furniture": (
        HEAD + "经营许可证编号：苏B2-20231036\n特别规定事项\n- 2 -\n" * 50_000,
        lambda lic: (sum(len(f.lines) for f in lic.furniture), lic.unparsed),
        (150_000, []),
    ),
    "beside_furniture": (
        # Each line stands between two page titles and occurs once: looking
        # each one up in the whole text would be quadratic.
        HEAD + "".join(f"特别规定事项\n第{i}行\n" for i in range(200_000)),
        lambda lic: (
            sum(len(f.lines) for f in lic.furniture),
            sum(len(u.lines) for u in lic.unparsed),
            [w.code for w in lic.warnings if w.code == "repeated_line_removed"],
        ),
        (200_000, 200_000, []),
    ),
    "table_pipes": (
        HEAD + "附页\n" + "|" * 1_000_000 + "\n" + "| 信息服务业务 |\n" * 50_000,
        lambda lic: (len(lic.services), {s.code for s in lic.services}, len(lic.unparsed)),
        (50_000, {"B25"}, 1),
    ),
    "table_spans": (
        # Merged cells that would span thousands of columns and rows.
        HEAD
        + "附页\n<table><tr>"
        + '<td colspan="9999" rowspan="9999">甲</td>' * 20_000
        + "</tr>"
        + "<tr><td>信息服务业务</td></tr>" * 2_000,
        lambda lic: (len(lic.services) + len(lic.unparsed), {s.code for s in lic.services}),
        (2_001, {"B25"}),
    ),
    "table_rows": (
        HEAD + "附页\n<table>" + "<tr><td>信息服务业务" * 100_000,
        lambda lic: (len(lic.services), lic.unparsed),
        (100_000, []),
    ),
    "numbers": (
        HEAD + "经营许可证编号：" + "苏B2-2023103" * 200_000,
        lambda lic: (lic.license_number, [w.code for w in lic.warnings][:1]),
        # The run's first `苏B2-2023103`, a digit short, is read as a copy
        # (domain.md §1.3) and outvoted by the well-formed ones.
        ("苏B2-20231036", ["number_outvoted"]),
    ),
    "preamble": (
        HEAD + "《特别规定事项》是" + "组成部分，" * 200_000,
        lambda lic: (lic.clauses, lic.unparsed, lic.field_lines["preamble"]),
        ([], [], (4, 4)),
    ),
    "sections": (
        HEAD + TITLE + "一、" + "你公司在经营信息服务业务时" * 100_000,
        lambda lic: (len(lic.clauses), lic.clauses[0].business, len(lic.clauses[0].text)),
        (1, None, 1_300_000),
    ),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_inputs_finish_with_the_right_result(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # These test that the parser is linear, past the line limit a user meets.
    monkeypatch.setattr("licparse.parse.MAX_LINES", 10_000_000)
    text, read, expected = PATHOLOGICAL[name]
    lic = licparse.parse_text(text)
    assert lic.license_number == "苏B2-20231036"
    assert read(lic) == expected


def test_more_lines_than_a_license_has_are_refused_at_once() -> None:
    # 3 million of these took 9 GB: memory is spent by the line.
    with pytest.raises(licparse.TooLargeError, match="10,001 non-blank lines"):
        licparse.parse_text(HEAD + "一、\n\n" * (10_001 - 3))
    # Blank lines are not counted: OCR output is full of them.
    lic = licparse.parse_text(HEAD + TITLE + "一、\n" * 9_000 + "\n" * 50_000)
    assert len(lic.clauses) == 9_000


# Every shape of text under the default --max-bytes and the line limit,
# each 20 MiB: the memory the README states per text input.
def _worst_shapes() -> dict[str, str]:
    body = 20 * 1024 * 1024 // 3 - len(SEED)
    per = body // 9_800
    numerals = "一二三四五六七八九"
    tree = []
    for i in range(9_800):
        label = (f"{numerals[i % 9]}、", "（一）", "1.")[i % 3]
        tree.append(label + "乙" * (per - 4) + "。")
    cut = SEED.index("特别规定事项") + 6
    return {
        "one_line": SEED[:cut] + "\n" + "一" * body + SEED[cut:],
        "long_clauses": SEED[:cut] + "\n" + "\n".join(tree) + SEED[cut:],
    }


@pytest.mark.timeout(120)
@pytest.mark.parametrize("shape", ["one_line", "long_clauses"])
def test_memory_per_text_input_stays_under_what_the_readme_states(
    tmp_path: Path, shape: str
) -> None:
    path = tmp_path / f"{shape}.txt"
    path.write_text(_worst_shapes()[shape], encoding="utf-8")
    assert 19 << 20 < path.stat().st_size <= 20 << 20
    out = tmp_path / "out.json"
    with out.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "licparse", str(path), "--json", "-q"], stdout=sink
        )
        peak = peak_kib(proc)
    assert proc.returncode in (0, 1)
    assert json.loads(out.read_bytes())["source"]["path"] == str(path)
    assert peak < 400 * 1024  # the README: about 250 MB at the default --max-bytes


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"%PDF-1.7\n" + os.urandom(2000), "not_text", "PDF"),
        (b"\xff\xd8\xff\xe0" + os.urandom(2000), "not_text", "JPEG"),
        (b"PK\x03\x04" + os.urandom(2000), "not_text", "ZIP"),
        (bytes(range(256)) * 20, "not_text", "not text"),
        (
            SEED.encode("utf-8") + "\n甲乙丙丁戊\n".encode("gb18030"),
            "decode_error",
            "mixed encodings",
        ),
        (SEED.replace("王崴", "王\x00崴").encode(), "not_text", "NUL"),
        (b"", "empty", "empty"),
    ],
)
def test_not_text_is_refused_clearly(data: bytes, code: str, words: str) -> None:
    with pytest.raises(licparse.LicparseError) as caught:
        licparse.parse_bytes(data, path="upload.txt")
    assert caught.value.code == code
    assert words.lower() in str(caught.value).lower()
    assert str(caught.value).startswith("upload.txt: ")


def test_utf16_without_bom_is_read() -> None:
    lic = licparse.parse_bytes(SEED.encode("utf-16-le"))
    assert (lic.source.encoding, lic.license_number) == ("utf-16-le", "苏B2-20231036")


ICP_FILING = """ICP备案查询结果
主办单位名称：北京某某科技有限公司
主办单位性质：企业
网站备案号：京ICP备12345678号-1
网站名称：某某网
网站首页网址：www.example.com
审核日期：2023-05-06
"""


@pytest.mark.parametrize(
    "text",
    [
        ICP_FILING,
        (FIXTURES / "bad_business_license.txt").read_text(encoding="utf-8"),
        (FIXTURES / "bad_novel.txt").read_text(encoding="utf-8"),
        "经营范围：第二类增值电信业务中的信息服务业务（仅限互联网信息服务）\n",
    ],
)
def test_not_a_license(text: str) -> None:
    with pytest.raises(licparse.NotALicenseError):
        licparse.parse_text(text)


def test_cover_only_parses_with_warnings() -> None:
    lic = licparse.parse_file(FIXTURES / "cover_only.txt")
    assert lic.license_number == "陕B2-20230415"
    assert [w.code for w in lic.warnings] == ["missing_annex", "missing_provisions"]


HOSTILE = "恶意[bold red]x[/]\x1b[2J\x1b]52;c;ZXZpbA==\x07\x9b31m\u202e\u2066公司"


def test_hostile_text_inert_in_view_and_verbatim_in_json(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(SEED.replace("爱安特（常州）精密机械有限公司", HOSTILE, 1), encoding="utf-8")
    view = CliRunner().invoke(main, [str(path)]).stdout
    for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\u2066"):
        assert raw not in view
    assert "[bold red]x[/]" in view and "\\x1b]52;c;ZXZpbA==\\x07" in view
    data = json.loads(CliRunner().invoke(main, [str(path), "--json"]).stdout)
    assert data["company_name"] == HOSTILE


def test_long_input_name_is_written(tmp_path: Path) -> None:
    name = "许" * 80 + ".txt"  # 244 bytes: near the limit of one name
    src = tmp_path / "in"
    src.mkdir()
    (src / name).write_text(SEED, encoding="utf-8")
    result = CliRunner().invoke(main, [str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert (tmp_path / "out" / ("许" * 80 + ".json")).is_file()


def test_read_only_output_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root ignores permission bits, so the refusal is simulated at the system
    # call: every temporary file the writer asks for is denied.
    import tempfile

    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [str(FIXTURES / "seed_000.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "Permission denied" in result.stderr
    assert not any(p.is_file() for p in out.rglob("*"))


def test_full_disk_leaves_no_partial_file(tmp_path: Path) -> None:
    out = tmp_path / "out"

    def small_files() -> None:  # a file-size limit behaves like a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    proc = subprocess.run(
        [sys.executable, "-m", "licparse", str(FIXTURES / "seed_000.txt"), "-o", str(out)],
        capture_output=True,
        text=True,
        preexec_fn=small_files,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "cannot write" in proc.stderr and "File too large" in proc.stderr
    assert list(out.iterdir()) == []


def test_output_dir_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, [str(FIXTURES / "seed_000.txt"), "-o", str(blocker)])
    # Refused before any work, saying what to type (issue 13).
    assert result.exit_code == 2
    assert "-o names a folder" in result.stderr
    assert blocker.read_text() == "not a folder"


def test_outputs_are_synced_and_never_clobbered_without_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os as os_module

    from licparse.batch import outputs

    synced: list[int] = []
    real_fsync = os_module.fsync
    monkeypatch.setattr(outputs.os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))

    def no_links(src: str, dst: str) -> None:  # FAT, exFAT, some network shares
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(outputs.os, "link", no_links)
    target = tmp_path / "out" / "a.json"
    outputs.write_atomic(str(target), "whole\n", overwrite=False)
    assert target.read_text() == "whole\n"
    assert len(synced) >= 2  # the file before its rename, then its folder
    with pytest.raises(FileExistsError):
        outputs.write_atomic(str(target), "other\n", overwrite=False)
    assert target.read_text() == "whole\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.json"]  # no temporary left


def _file_limit(size: int) -> Callable[[], None]:
    """A file-size limit, which fails a write as a full disk does (EFBIG, not
    ENOSPC), part-way through a record."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@pytest.mark.parametrize("fmt", ["--jsonl", "--json", "--csv"])
def test_a_full_disk_under_stdout_leaves_whole_records(tmp_path: Path, fmt: str) -> None:
    files = [str(FIXTURES / n) for n in ("seed_000.txt", "layout_plain.txt", "seed_002.txt")]
    out = tmp_path / "out"
    report = tmp_path / "report.json"
    # The limit is on every file: a CSV's is too small for a report too.
    reporting = ["--report", str(report)] if fmt != "--csv" else []
    with out.open("wb") as stdout:
        proc = subprocess.run(
            [sys.executable, "-m", "licparse", *files, fmt, *reporting],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_file_limit(30_000 if fmt != "--csv" else 350),
            timeout=60,
        )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "cannot write to standard output: File too large; the run stopped" in proc.stderr
    data = out.read_bytes().decode("utf-8-sig")
    if fmt == "--jsonl":
        records = [json.loads(line) for line in data.splitlines()]
    elif fmt == "--json":
        records = json.loads(data)  # the array closed in the room the cut record left
    else:
        assert data.endswith("\r\n")
        records = list(csv.reader(io.StringIO(data)))[1:]
        assert all(len(row) == len(records[0]) for row in records)
    assert 1 <= len(records) < 3  # what fitted, whole
    left = sorted(p.name for p in tmp_path.iterdir())  # no temporary file among them
    if reporting:
        assert json.loads(report.read_text())["summary"]["interrupted"] is True
        assert left == ["out", "report.json"]
    else:
        assert left == ["out"]


def test_a_full_disk_on_standard_output_that_is_no_file() -> None:
    proc = subprocess.run(
        f"{sys.executable} -m licparse {FIXTURES / 'seed_000.txt'} --jsonl > /dev/full",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr == (
        "licparse: error: cannot write to standard output: No space left on device; "
        "the run stopped after 1 input(s)\n"
    )


def test_a_full_disk_under_the_report_keeps_the_run_and_says_so(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("the user's earlier report")
    files = [str(FIXTURES / n) for n in ("seed_000.txt", "seed_002.txt")]
    proc = subprocess.run(
        [sys.executable, "-m", "licparse", *files, "--jsonl", "--report", str(report), "-q"],
        capture_output=True,
        text=True,
        preexec_fn=_file_limit(300),  # stdout is a pipe: only the report fills
        timeout=60,
    )
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 2  # every record
    assert "Traceback" not in proc.stderr
    assert f"--report {report} could not be written (File too large)" in proc.stderr
    assert report.read_text() == "the user's earlier report"  # not replaced by half a report
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left


def test_running_out_of_memory_on_an_input_is_too_large_not_a_bug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr("licparse.parse._pipeline", exhausted)
    result = CliRunner().invoke(main, [str(FIXTURES / "seed_000.txt"), "--jsonl"])
    error = json.loads(result.stdout)["error"]
    assert (result.exit_code, error["code"]) == (1, "too_large")
    assert error["message"] == "the machine ran out of memory reading it: it is too large here"
