"""Batch use: folders, output modes, resume, refusals, broken files, order, pipes."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import licparse
from licparse.batch.work import output_path
from licparse.cli import main
from licparse.scan import ocr_available

from .conftest import FIXTURES
from .processes import alive, children, fifo_writer, holders, until

GOOD = ["seed_000", "seed_002", "layout_plain", "enc_gb18030", "number_icp_old"]

# A broken PDF: damaged to the OCR extra's reader; without the extra, a scan
# that needs it (reported so, never skipped).
BROKEN_PDF = "damaged" if ocr_available() else "needs_ocr"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of good licenses among broken files, in subfolders."""
    root = tmp_path / "scans"
    (root / "b" / "deeper").mkdir(parents=True)
    for i, name in enumerate(GOOD):
        sub = root / ("b/deeper" if i % 2 else "")
        shutil.copy(FIXTURES / f"{name}.txt", sub / f"{name}.txt")
    (root / "b" / "empty.txt").write_bytes(b"")
    (root / "b" / "photo.txt").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01binary")
    (root / "gone.txt").symlink_to(root / "nowhere.txt")  # unreadable: a dangling link
    (root / "b" / "loop").symlink_to(root / "b")  # a symlink loop
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")  # a scan, and a broken one
    return root


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


EXPECTED_ORDER = [
    "b/deeper/enc_gb18030.txt",
    "b/deeper/seed_002.txt",
    "b/empty.txt",
    "b/loop",
    "b/photo.txt",
    "gone.txt",
    "layout_plain.txt",
    "notes.pdf",
    "number_icp_old.txt",
    "seed_000.txt",
]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_streams_every_input_in_sorted_order(folder: Path, jobs: str) -> None:
    result = run(str(folder), "--jsonl", "-j", jobs)
    assert result.exit_code == 1  # some inputs failed
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    paths = [os.path.relpath(r["source"]["path"], folder) for r in rows]
    assert paths == EXPECTED_ORDER
    errors = {
        os.path.relpath(r["source"]["path"], folder): r["error"]["code"]
        for r in rows
        if "error" in r
    }
    assert errors == {
        "b/empty.txt": "empty",
        "b/loop": "read_error",
        # A JPEG named .txt is read as the scan it is (issue 12): a broken one.
        "b/photo.txt": "damaged" if ocr_available() else "not_text",
        "gone.txt": "read_error",
        "notes.pdf": BROKEN_PDF,
    }
    gb = next(r for r in rows if r["source"]["path"].endswith("enc_gb18030.txt"))
    assert gb["source"]["encoding"] == "gb18030"
    assert "symlink loop" in result.stderr and "broken symbolic link" in result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        # seed_002's OCR read one `员` as `員` (glyph_simplified).
        "licparse: 10 files: 5 parsed (1 with warnings), 5 failed, 0 skipped in "
    )


@pytest.mark.timeout(180)  # the fixtures' misnamed scans load the OCR engine
def test_order_under_two_jobs_matches_one_job(tmp_path: Path) -> None:
    root = tmp_path / "many"
    root.mkdir()
    names = sorted(p.name for p in FIXTURES.glob("*.txt"))
    for i in range(3):
        for name in names:
            shutil.copy(FIXTURES / name, root / f"{i}_{name}")
    one = run(str(root), "--jsonl", "-j", "1", "-q").stdout
    two = run(str(root), "--jsonl", "-j", "2", "-q").stdout
    assert one == two
    assert len(one.splitlines()) == 3 * len(names)


def test_json_array_and_single_object(folder: Path) -> None:
    items = json.loads(run(str(folder), "--json", "-q").stdout)
    assert len(items) == 10
    single = json.loads(run(str(folder / "seed_000.txt"), "--json").stdout)
    assert single["license_number"] == "苏B2-20231036"
    empty_dir = folder.parent / "nothing"
    empty_dir.mkdir()
    # Nothing found is no success (issue 13): said, and exit 1.
    result = run(str(empty_dir), "--json")
    assert (result.exit_code, result.stdout) == (1, "")
    assert f"no input found in {empty_dir}" in result.stderr


def test_output_dir_written_at_relative_paths_refuses_overwrite_and_resumes(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run(str(folder), "-o", str(out), "-j", "2")
    assert first.exit_code == 1
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.json"))
    assert written == [
        "b/deeper/enc_gb18030.json",
        "b/deeper/seed_002.json",
        "layout_plain.json",
        "number_icp_old.json",
        "seed_000.json",
    ]
    assert json.loads((out / "seed_000.json").read_text())["license_number"] == "苏B2-20231036"
    assert not list(out.rglob("*.tmp"))

    # Refuse to overwrite: the file stays as it was.
    (out / "seed_000.json").write_text("mine", encoding="utf-8")
    again = run(str(folder), "-o", str(out))
    assert again.exit_code == 1
    assert "seed_000.json exists: add --overwrite" in again.stderr
    assert (out / "seed_000.json").read_text() == "mine"

    # Resume: keep what exists.
    resumed = run(str(folder), "-o", str(out), "--skip-existing")
    assert "0 parsed (0 with warnings), 5 failed, 5 skipped" in resumed.stderr
    assert (out / "seed_000.json").read_text() == "mine"

    # Overwrite on request.
    run(str(folder), "-o", str(out), "--overwrite")
    assert json.loads((out / "seed_000.json").read_text())["company_name"]


def test_output_dir_resume_after_deleting_one(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(str(folder), "-o", str(out))
    (out / "layout_plain.json").unlink()
    resumed = run(
        str(folder), "-o", str(out), "--skip-existing", "--report", str(tmp_path / "r.json")
    )
    report = json.loads((tmp_path / "r.json").read_text())
    statuses = {os.path.relpath(e["path"], folder): e["status"] for e in report["entries"]}
    assert statuses["layout_plain.txt"] == "parsed"
    assert statuses["seed_000.txt"] == "skipped"
    assert report["summary"]["parsed"] == 1
    assert resumed.exit_code == 1


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("a/b", "a/b.json"),
        ("../../etc/passwd", "etc/passwd.json"),
        ("/abs/x", "abs/x.json"),
        ("stdin", "stdin.json"),
        ("name\nwith newline", "name\nwith newline.json"),
        ("..", "input.json"),
        ("a/b.txt", "a/b.txt.json"),
        ("a\\b", "a\\b.json"),  # a backslash is part of a POSIX name, not a folder
    ],
)
def test_output_paths_stay_inside(tmp_path: Path, rel: str, expected: str) -> None:
    assert output_path(str(tmp_path), rel) == os.path.join(str(tmp_path), expected)


def test_symlink_inside_output_dir_is_not_followed_out(folder: Path, tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "b").symlink_to(elsewhere)
    result = run(str(folder), "-o", str(out))
    assert "leads outside the output directory" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_csv_has_bom_header_and_a_row_per_input(folder: Path) -> None:
    result = run(str(folder), "--csv", "-q")
    assert result.stdout.startswith("\ufefffile,license_number,company_name,")
    lines = result.stdout.splitlines()
    assert len(lines) == 1 + 10
    seed = next(line for line in lines if "seed_000.txt" in line)
    assert (
        # Coverage has one entry per service code, empty where none is printed.
        ",苏B2-20231036,爱安特（常州）精密机械有限公司,王崴,,2023-07-12,2028-07-12,B21;B25,;,0,"
        in seed
    )
    empty = next(line for line in lines if "empty.txt" in line)
    # The error column keeps its place; the validity columns (empty without
    # --as-of) were added after it.
    assert empty.endswith(",empty: the input is empty: there is no text to parse,,")


def test_report_accounts_for_every_input(folder: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    run(str(folder), "--jsonl", "--report", str(report))
    data = json.loads(report.read_text(encoding="utf-8"))
    assert len(data["entries"]) == 10
    assert data["summary"] == {
        "files": 10,
        "parsed": 5,
        "with_warnings": 1,  # seed_002: glyph_simplified
        "failed": 5,
        "skipped": 0,
        "seconds": data["summary"]["seconds"],
        "interrupted": False,
    }
    failed = [e for e in data["entries"] if e["status"] == "failed"]
    assert all(e["error"]["code"] and e["error"]["message"] for e in failed)


def test_glob_selects_other_names(folder: Path) -> None:
    result = run(str(folder), "--jsonl", "--glob", "*.pdf", "-q")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    # The symlink loop is reported whatever the glob: it is a directory problem.
    assert [(os.path.relpath(r["source"]["path"], folder), r["error"]["code"]) for r in rows] == [
        ("b/loop", "read_error"),
        ("notes.pdf", BROKEN_PDF),
    ]


def test_max_bytes_refuses_before_reading_and_goes_on(folder: Path) -> None:
    result = run(str(folder), "--jsonl", "--max-bytes", "10000", "-q")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    too_large = [r for r in rows if r.get("error", {}).get("code") == "too_large"]
    assert {os.path.basename(r["source"]["path"]) for r in too_large} == {
        "seed_000.txt",
        "seed_002.txt",
    }
    assert any("license_number" in r for r in rows)


def test_stdin_among_files(folder: Path) -> None:
    seed = (FIXTURES / "seed_002.txt").read_bytes()
    result = run(str(folder / "seed_000.txt"), "-", "--jsonl", input=seed)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"]["path"] for r in rows] == [str(folder / "seed_000.txt"), None]
    assert rows[1]["license_number"] == "苏B2-20140200"


def test_usage_errors(folder: Path) -> None:
    for args in (
        ["--json", "--csv"],
        ["--jsonl", "-o", "x"],
        ["--overwrite"],
        ["-o", "x", "--overwrite", "--skip-existing"],
        ["-", "-"],
    ):
        result = run(str(folder), *args)
        assert result.exit_code == 2, args


def _licparse() -> list[str]:
    return [sys.executable, "-m", "licparse"]


def _copies(folder: Path, n: int) -> None:
    """`n` copies of seed 000 in `folder`, named so they sort in order."""
    for i in range(n):
        shutil.copy(FIXTURES / "seed_000.txt", folder / f"{i:05}.txt")


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    # Enough output to fill the pipe, so the reader leaves while licparse writes.
    _copies(tmp_path, 300)
    proc = subprocess.Popen(
        [*_licparse(), str(tmp_path), "--jsonl", "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=30) == 0
    assert json.loads(first)["source"]["path"].endswith("000.txt")
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_ctrl_c_stops_and_leaves_no_partial_file(tmp_path: Path) -> None:
    root = tmp_path / "big"
    root.mkdir()
    _copies(root, 3000)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [*_licparse(), str(root), "-o", str(out), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (
        out.exists() and any(p.suffix == ".json" for p in out.iterdir())
    ):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "interrupted" in err.decode()
    assert "Traceback" not in err.decode()
    files = list(out.iterdir())
    assert files and len(files) < 3000
    assert not [f for f in files if not f.name.endswith(".json")]  # no temporary files left
    for f in files:
        json.loads(f.read_text(encoding="utf-8"))  # every output is whole


def test_inputs_sharing_a_name_keep_their_extensions(tmp_path: Path) -> None:
    # A scan's OCR text beside another copy: `a.txt` and `a.md` must not both
    # write `a.json`. Only names that clash keep their extension.
    root = tmp_path / "scans"
    root.mkdir()
    for name in ("a.txt", "a.md", "b.txt"):
        shutil.copy(FIXTURES / "seed_000.txt", root / name)
    out = tmp_path / "out"
    first = run(str(root), "-o", str(out), "-q")
    assert first.exit_code == 0, first.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.md.json", "a.txt.json", "b.json"]
    # The folder maps the same way every time, so a resumed run finds them all.
    resumed = run(str(root), "-o", str(out), "--skip-existing")
    assert "0 parsed (0 with warnings), 0 failed, 3 skipped" in resumed.stderr


def test_several_folders_each_go_under_their_own_name(tmp_path: Path) -> None:
    for year in ("2023", "2024"):
        (tmp_path / year).mkdir()
        shutil.copy(FIXTURES / "seed_000.txt", tmp_path / year / "a.txt")
    out = tmp_path / "out"
    result = run(str(tmp_path / "2023"), str(tmp_path / "2024"), "-o", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.json"))
    assert written == ["2023/a.json", "2024/a.json"]


def test_arguments_that_would_write_the_same_output_are_refused_up_front(
    tmp_path: Path,
) -> None:
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        shutil.copy(FIXTURES / "seed_000.txt", tmp_path / sub / "a.txt")
    out = tmp_path / "out"
    x, y = str(tmp_path / "x" / "a.txt"), str(tmp_path / "y" / "a.txt")
    refused = CliRunner().invoke(main, [x, y, "-o", str(out)])
    assert refused.exit_code == 2
    assert f"{x} and {y} would write the same output" in refused.stderr
    assert not out.exists()
    # Without files to write, the same arguments are no problem.
    lines = run(x, y, "--jsonl").stdout.splitlines()
    assert [json.loads(line)["source"]["path"] for line in lines] == [x, y]


def test_file_name_that_is_not_utf8_is_shown_escaped_and_written_as_named(
    tmp_path: Path,
) -> None:
    root = tmp_path / "scans"
    root.mkdir()
    raw = os.fsencode(root) + b"/caf\xe9.txt"  # Latin-1, as copied from an old share
    shutil.copy(FIXTURES / "seed_000.txt", raw)
    shown = str(root / "caf\\xe9.txt")
    line = run(str(root), "--jsonl").stdout
    assert json.loads(line)["source"]["path"] == shown
    assert run(str(root), "--csv", "-q").stdout.splitlines()[1].startswith(f"{shown},苏B2-")
    out, report = tmp_path / "out", tmp_path / "report.json"
    result = run(str(root), "-o", str(out), "--report", str(report), "-q")
    assert result.exit_code == 0, result.stderr
    assert os.listdir(os.fsencode(out)) == [b"caf\xe9.json"]
    entry = json.loads(report.read_text(encoding="utf-8"))["entries"][0]
    assert (entry["path"], entry["output"]) == (shown, str(out / "caf\\xe9.json"))


@pytest.mark.parametrize("fmt", ["--jsonl", "--csv"])
def test_a_crash_on_one_file_fails_that_file_only(
    folder: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    import licparse.parse
    from licparse.stages.document import Document

    real = licparse.parse._pipeline

    def flaky(doc: Document, *args: object) -> object:
        # layout_plain's company, in that file only
        if any("杭州云栖数智" in line.text for line in doc.lines):
            raise KeyError("boom")
        return real(doc, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(licparse.parse, "_pipeline", flaky)
    result = run(str(folder), fmt, "-q", "-j", "1")
    assert result.exit_code == 1
    out = result.stdout
    message = "licparse failed on this input (KeyError: 'boom' at test_batch.py:"
    if fmt == "--jsonl":
        rows = [json.loads(x) for x in out.splitlines()]
        # Every other good file still parsed, seed_000 among them after the crash.
        parsed = {Path(r["source"]["path"]).stem for r in rows if "error" not in r}
        assert parsed == set(GOOD) - {"layout_plain"}
        (failed,) = [r for r in rows if r.get("error", {}).get("code") == "internal_error"]
        assert failed["source"]["path"] == str(folder / "layout_plain.txt")
        assert failed["error"]["message"].startswith(message)
        assert failed["error"]["message"].endswith("this is a bug: please report it with the file")
    else:
        assert out.count("爱安特（常州）精密机械有限公司") == 1  # seed_000, after the crash
        assert f"internal_error: {message}" in out


def test_a_worker_killed_mid_file_costs_that_file_only(tmp_path: Path) -> None:
    # A worker can die with no Python error: the out-of-memory killer, a crash
    # in PDFium or the OCR runtime. A FIFO holds a worker inside one input
    # long enough to kill it as the kernel would, whatever the start method.
    shutil.copy(FIXTURES / "seed_000.txt", tmp_path / "a.txt")
    shutil.copy(FIXTURES / "layout_plain.txt", tmp_path / "c.txt")
    stuck = tmp_path / "b.txt"
    os.mkfifo(stuck)
    files = [str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt")]
    proc = subprocess.Popen(
        [*_licparse(), *files, "--jsonl", "-j", "2", "--report", str(tmp_path / "report.json")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # so a failure below can stop its workers too
    )
    try:
        # Killed once: a worker reports each input as it finishes, so the one
        # it was on is known, and not read again.
        writer = until(lambda: fifo_writer(stuck), "a worker to open the FIFO")
        # The worker's open() returns once ours does; its descriptor shows
        # in /proc a moment later.
        until(lambda: holders(stuck), "the worker's descriptor")
        (pid,) = holders(stuck)
        os.kill(pid, signal.SIGKILL)
        until(lambda: not holders(stuck), "the killed worker to let go of the FIFO")
        os.close(writer)
        out, err = proc.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 1, err
    lines = [json.loads(line) for line in out.decode().splitlines()]
    assert [line["source"]["path"] for line in lines] == files
    assert lines[0]["license_number"] == "苏B2-20231036"
    assert lines[1]["error"]["code"] == "worker_died"
    assert lines[2]["company_name"] == "杭州云栖数智科技有限公司"
    summary = json.loads((tmp_path / "report.json").read_text())["summary"]
    assert (summary["parsed"], summary["failed"]) == (2, 1)


@pytest.mark.skipif(not ocr_available(), reason="needs the OCR extra: a scan is read in a worker")
def test_a_worker_with_nothing_left_stops_and_leaves_its_core_to_the_busy_one(
    tmp_path: Path,
) -> None:
    # Two workers: one reads the text and has nothing left, the other is held
    # inside a scan by a FIFO. The first stops (its memory is what the other,
    # now reading on both cores, was planned on); the scan is still read.
    shutil.copy(FIXTURES / "seed_000.txt", tmp_path / "a.txt")
    stuck = tmp_path / "b.png"
    os.mkfifo(stuck)
    files = [str(tmp_path / "a.txt"), str(stuck)]
    proc = subprocess.Popen(
        [*_licparse(), *files, "--jsonl", "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        writer = until(lambda: fifo_writer(stuck), "a worker to open the FIFO")
        (reading,) = until(lambda: holders(stuck), "the worker's descriptor")
        until(lambda: children(proc.pid) == [reading], "the idle worker to stop")
        os.write(writer, b"not an image")
        os.close(writer)
        out, err = proc.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    lines = [json.loads(line) for line in out.decode().splitlines()]
    assert [line["source"]["path"] for line in lines] == files
    assert lines[0]["license_number"] == "苏B2-20231036"
    assert lines[1]["error"]["code"] == "not_text", err


def test_page_folders_under_several_roots_nest_under_their_names(tmp_path: Path) -> None:
    from licparse.batch.inputs import expand_pages

    for root in ("a/scans", "b/photos"):
        for sub in ("x", "y"):
            (tmp_path / root / sub).mkdir(parents=True)
            (tmp_path / root / sub / "p1.jpg").write_bytes(b"")
    one = [i.rel for i in expand_pages([str(tmp_path / "a/scans")])]
    assert one == ["x", "y"]
    both = [i.rel for i in expand_pages([str(tmp_path / "a/scans"), str(tmp_path / "b/photos")])]
    assert both == ["scans/x", "scans/y", "photos/x", "photos/y"]
    # Two folders of one name would still share outputs: refused up front.
    (tmp_path / "b/scans").mkdir()
    args = [str(tmp_path / "a/scans"), str(tmp_path / "b/scans"), "--pages", "-o", "out"]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 2
    assert "would write the same output" in refused.stderr


def test_no_output_is_shared_with_a_folder_or_a_name_holding_a_backslash(tmp_path: Path) -> None:
    root = tmp_path / "scans"
    (root / "a").mkdir(parents=True)
    (root / "c.json").mkdir()
    for name in ("a/b.txt", "a\\b.txt", "c.txt", "c.json/d.txt"):
        shutil.copy(FIXTURES / "seed_000.txt", root / name)
    out = tmp_path / "out"
    result = run(str(root), "-o", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.json") if p.is_file())
    assert written == ["a/b.json", "a\\b.json", "c.json/d.json", "c.txt.json"]


def test_report_path_checked_before_the_run_and_its_folder_made(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "seed_000.txt", tmp_path / "a.txt")
    out = tmp_path / "out"
    for bad in (tmp_path, tmp_path / "a.txt" / "report.json"):  # a folder; under a file
        refused = CliRunner().invoke(
            main, [str(tmp_path / "a.txt"), "-o", str(out), "--report", str(bad)]
        )
        assert refused.exit_code == 2 and "--report" in refused.stderr
        assert not out.exists()  # nothing ran
    report = out / "report.json"  # the README's pattern: inside -o, not made yet
    assert run(str(tmp_path / "a.txt"), "-o", str(out), "--report", str(report)).exit_code == 0
    assert json.loads(report.read_text())["summary"]["parsed"] == 1


def test_closed_pipe_still_writes_the_report(tmp_path: Path) -> None:
    _copies(tmp_path, 300)
    report = tmp_path / "report.json"
    proc = subprocess.Popen(
        [*_licparse(), str(tmp_path), "--jsonl", "-j", "2", "--report", str(report)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=30) == 0
    done = json.loads(report.read_text())
    assert done["summary"]["interrupted"] is True
    assert 1 <= done["summary"]["files"] == len(done["entries"]) < 300
    assert not list(tmp_path.glob(".licparse-*"))


def test_workers_end_when_the_main_process_is_killed(tmp_path: Path) -> None:
    # The out-of-memory killer may pick the main process: its workers must
    # not wait for it forever.
    _copies(tmp_path, 500)
    proc = subprocess.Popen(
        [*_licparse(), str(tmp_path), "-o", str(tmp_path / "out"), "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        workers = until(
            lambda: kids if len(kids := children(proc.pid)) >= 2 else None, "two workers"
        )
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        until(lambda: not any(map(alive, workers)), "the workers to exit", 15)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def test_jsonl_lines_are_all_compact(folder: Path) -> None:
    lines = run(str(folder), "--jsonl", "-q").stdout.splitlines()
    assert any('"error":' in line for line in lines)
    assert any('"services":' in line for line in lines)
    for line in lines:  # failed inputs' lines too, as scripts that diff them expect
        assert line == json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":"))


def test_ctrl_c_leaves_the_json_array_valid(tmp_path: Path) -> None:
    folder = tmp_path / ("a-long-folder-name-" * 4)
    folder.mkdir()
    _copies(folder, 2000)
    proc = subprocess.Popen(
        [*_licparse(), str(folder), "--json", "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert proc.stdout is not None
    try:
        first = proc.stdout.readline()  # `[`: the run has started
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out = proc.stdout.read()  # from the same buffered reader as `first`
        proc.stdout.close()
        proc.wait(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    # Long paths make two records overflow the pipe: the Ctrl-C comes while
    # a write is blocked, which used to cut a record short.
    items = json.loads(first + out)
    assert 1 <= len(items) < 2000 and items[0]["license_number"] == "苏B2-20231036"


def test_csv_coverage_lines_up_and_formulas_stay_text(tmp_path: Path) -> None:
    text = (FIXTURES / "annex_all_codes.txt").read_text(encoding="utf-8")
    lic = licparse.parse_text(text)
    assert lic.company_name
    hostile = tmp_path / "=cmd.txt"
    hostile.write_text(text.replace(lic.company_name, '=HYPERLINK("http://x","y")'), "utf-8")
    result = run(str(hostile), "--csv")
    header, row = list(csv.reader(result.stdout.lstrip("\ufeff").splitlines()))
    values = dict(zip(header, row, strict=True))
    assert values["company_name"].startswith("'=HYPERLINK")
    codes, coverage = values["service_codes"].split(";"), values["coverage"].split(";")
    assert len(codes) == len(coverage) == len(lic.services)
    assert coverage == [s.coverage or "" for s in lic.services]


def test_a_file_where_a_folder_of_outputs_goes_is_named_and_kept(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "seed_000.txt", tmp_path / "in" / "sub" / "a.txt")
    shutil.copy(FIXTURES / "seed_002.txt", tmp_path / "in" / "b.txt")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").write_text("a user's file\n", encoding="utf-8")
    result = run(str(tmp_path / "in"), "-o", str(out), "--overwrite")
    assert result.exit_code == 1
    # Not "exists: add --overwrite": it is no output, and --overwrite keeps it.
    assert f"cannot write {out / 'sub' / 'a.json'}: {out / 'sub'} is a file, not a folder" in (
        result.stderr
    )
    assert (out / "sub").read_text(encoding="utf-8") == "a user's file\n"
    assert json.loads((out / "b.json").read_text(encoding="utf-8"))["license_number"]
