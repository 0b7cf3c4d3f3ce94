"""The command line, through click's CliRunner: exit codes, stdout vs stderr."""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from licparse.cli import main
from licparse.scan import ocr_available

from .conftest import FIXTURES

SEED = FIXTURES / "seed_000.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str, input: bytes | str | None = None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def test_json_is_the_golden(run):
    result = run(str(SEED), "--json")
    assert result.exit_code == 0
    assert result.stderr == ""
    got = json.loads(result.stdout)
    want = json.loads((FIXTURES / "seed_000.json").read_text(encoding="utf-8"))
    want["source"]["path"] = str(SEED)
    assert got == want


def test_json_keeps_chinese_unescaped_and_indented(run):
    out = run(str(SEED), "--json").stdout
    assert '"company_name": "爱安特（常州）精密机械有限公司"' in out
    assert out.startswith('{\n  "schema_version": "1",')


def test_stdin(run):
    result = run("-", "--json", input=SEED_TEXT.encode("gb18030"))
    assert result.exit_code == 0
    d = json.loads(result.stdout)
    assert d["source"]["path"] is None
    assert d["source"]["encoding"] == "gb18030"
    assert d["license_number"] == "苏B2-20231036"


def test_encoding_override(run, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SEED_TEXT.encode("gb18030"))
    ok = run(str(path), "--json", "--encoding", "gb18030")
    assert json.loads(ok.stdout)["source"]["encoding"] == "gb18030"
    bad = run(str(path), "--json", "--encoding", "utf-8")
    assert bad.exit_code == 1
    assert "not valid utf-8" in bad.stderr


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (b"", "the input is empty"),
        # A PDF named .txt is read as the PDF it is when the OCR extra can:
        # this one is broken.
        (
            b"%PDF-1.7\n\x00\x01\x02",
            "the PDF cannot be read" if ocr_available() else "this is a PDF file, not text",
        ),
        ("今天天气很好，我们去公园散步。\n".encode(), "not a value-added telecom business license"),
    ],
)
def test_unparseable_input_exit_1_one_line_on_stderr(run, tmp_path, content, cause):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"licparse: error: {path}: ")
    assert cause in lines[0]


def test_missing_file(run):
    result = run("no/such/file.txt", "--json")
    assert result.exit_code == 1
    assert result.stderr == "licparse: error: no/such/file.txt: no such file\n"
    assert json.loads(result.stdout) == {
        "source": {"path": "no/such/file.txt"},
        "error": {"code": "read_error", "message": "no such file"},
    }


@pytest.mark.parametrize(
    "args",
    [
        ["--no-such-option", str(SEED)],
        [str(SEED), "--json", "--jsonl"],
        [str(SEED), "--encoding", "no-such-codec"],
        [str(SEED), "-o", "a.json"],
    ],
)
def test_usage_errors_exit_2(run, args):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage:" in result.stderr


def test_several_files_json_array_in_order_with_errors(run, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    seed2 = FIXTURES / "seed_002.txt"
    result = run(str(seed2), str(empty), str(SEED), "--json")
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert [i.get("license_number") for i in items] == ["苏B2-20140200", None, "苏B2-20231036"]
    assert items[1] == {
        # The bytes were read: the record names them by their hash too.
        "source": {"path": str(empty), "sha256": hashlib.sha256(b"").hexdigest()},
        "error": {"code": "empty", "message": "the input is empty: there is no text to parse"},
    }
    errors, summary = result.stderr.splitlines()
    assert errors.startswith(f"licparse: error: {empty}: the input is empty")
    # seed_002 has one warning: its OCR read a `员` as `員`.
    assert summary.startswith("licparse: 3 files: 2 parsed (1 with warnings), 1 failed, 0 skipped")


def test_jsonl_one_compact_object_per_line(run, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(str(SEED), str(empty), "--jsonl")
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["license_number"] == "苏B2-20231036"
    assert json.loads(lines[1])["error"]["code"] == "empty"
    assert "\n  " not in result.stdout


def test_strict_fails_on_warnings(run, tmp_path):
    assert run(str(SEED), "--strict", "--json").exit_code == 0
    damaged = tmp_path / "damaged.txt"
    damaged.write_text(SEED_TEXT.replace("苏B2-20231036", "苏B2-2O231036", 1), encoding="utf-8")
    result = run(str(damaged), "--strict", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["warnings"][0]["code"] == "number_misread"
    assert "1 warning(s) and --strict was given" in result.stderr


def test_rich_view_shows_fields(run):
    result = run(str(SEED))
    assert result.exit_code == 0
    out = result.stdout
    for expected in (
        "苏B2-20231036",
        "爱安特（常州）精密机械有限公司",
        "王崴",
        "2028-07-12",
        "B21",
        "B25",
        "十六、",
        "适用于信息搜索查询服务",
        "No warnings.",
    ):
        assert expected in out


def test_rich_view_neutralises_hostile_text(run, tmp_path):
    hostile = SEED_TEXT.replace(
        "公司名称：爱安特（常州）精密机械有限公司",
        "公司名称：[bold red]恶意[/] \x1b[2J\x1b]8;;http://x\x07链接\u202e公司",
    ).replace("王崴", "[link=http://evil]王[/link]")
    path = tmp_path / "hostile.txt"
    path.write_text(hostile, encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "[bold red]恶意[/]" in out
    assert "\\x1b[2J" in out and "\\u202e" in out
    assert "[link=http://evil]王[/link]" in out
    # The JSON keeps the text verbatim.
    d = json.loads(run(str(path), "--json").stdout)
    assert d["legal_representative"] == "[link=http://evil]王[/link]"
    assert "\x1b[2J" in d["company_name"]


def test_schema_documents_every_field(run):
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    props = schema["properties"]
    for key in (
        "schema_version",
        "source",
        "title",
        "license_number",
        "number_info",
        "company_name",
        "legal_representative",
        "issuing_authority",
        "issue_date",
        "expiry_date",
        "services",
        "clauses",
        "unparsed",
        "warnings",
    ):
        assert key in props
    for name, definition in [("License", schema), *schema["$defs"].items()]:
        for field, spec in definition["properties"].items():
            assert spec.get("description"), f"{name}.{field} has no description"


def test_version_and_help(run):
    assert run("--version").stdout.startswith("licparse, version ")
    help_text = run("--help").stdout
    # The main command's own help lists every option, examples and exit codes.
    for option in ("--json", "--jsonl", "--csv", "--output-dir", "--pages", "--strict", "--jobs"):
        assert option in help_text
    assert "licparse schema" in help_text and "Exit codes:" in help_text
    assert "Usage: licparse [OPTIONS] PATH..." in help_text
    assert run("schema", "--help").stdout.startswith("Usage: licparse schema")


def test_usage_errors_show_the_real_usage(run):
    result = run("--no-such-option", str(SEED))
    assert result.stderr.startswith("Usage: licparse [OPTIONS] PATH...")
    assert "No such option '--no-such-option'" in result.stderr


def test_full_view_shows_whole_clause_texts(run):
    ending = "配合电信主管部门依法开展监督检查工作。"  # the end of clause 一
    assert ending not in run(str(SEED)).stdout.replace("\n", "").replace("│", "").replace(" ", "")
    full = run(str(SEED), "--full").stdout
    assert ending in full.replace("\n", "").replace("│", "").replace(" ", "")


def test_standard_input_is_read_when_no_path_is_named(run):
    # As jq does: `cat a.txt | licparse --json`.
    result = run("--json", input=SEED.read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["license_number"] == "苏B2-20231036"


def test_what_to_type_instead_of_a_wrong_guess(run, tmp_path):
    result = run(str(SEED), "-o", str(tmp_path / "a.json"))
    assert "to write one file, redirect: licparse FILE --json >" in result.stderr
    assert not (tmp_path / "a.json").exists()
    bad = run(str(SEED), "--encoding", "foo")
    assert "--encoding foo: no such encoding" in bad.stderr


def test_extensions_match_in_any_case_and_an_escape_in_a_name_is_shown_escaped(run, tmp_path):
    (tmp_path / "A.TXT").write_bytes(SEED.read_bytes())
    (tmp_path / "b.Txt").write_text("not a license", encoding="utf-8")
    (tmp_path / "c\x1b[31m.txt").write_text("", encoding="utf-8")
    result = run(str(tmp_path), "--jsonl", "-j", "1")
    assert len(result.stdout.splitlines()) == 3
    assert "\x1b" not in result.stderr and "c\\x1b[31m.txt" in result.stderr
