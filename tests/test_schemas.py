"""Every record licparse writes validates against the schema it publishes:
a license, a failed input's record, the report."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from licparse.cli import main
from licparse.cli.main import progress_wanted
from licparse.cli.settings import Settings

from .conftest import FIXTURES


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def schema(record: str) -> jsonschema.Draft202012Validator:
    printed = json.loads(run("schema", record).stdout)
    jsonschema.Draft202012Validator.check_schema(printed)
    assert printed["$id"] == f"urn:licparse:schema:1:{record}"
    return jsonschema.Draft202012Validator(printed)


def test_every_record_of_a_batch_validates(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes((FIXTURES / "seed_000.txt").read_bytes())
    (folder / "b.txt").write_text("从前有座山。", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"")
    report = tmp_path / "report.json"
    result = run(str(folder), "--jsonl", "--report", str(report), "--as-of", "2025-01-01")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    licenses, errors = schema("license"), schema("error")
    assert [("error" in r) for r in records] == [False, True, True]
    licenses.validate(records[0])
    for failed in records[1:]:
        errors.validate(failed)
        assert not licenses.is_valid(failed)
    schema("report").validate(json.loads(report.read_text(encoding="utf-8")))


def test_no_progress_bar_on_the_screen_the_data_goes_to(tmp_path: Path) -> None:
    base = dict.fromkeys(Settings.__dataclass_fields__)
    values = {
        **base,
        "paths": (str(tmp_path), str(tmp_path)),
        "as_json": False,
        "as_jsonl": True,
        "as_csv": False,
        "quiet": False,
    }
    jsonl = Settings(**values)  # type: ignore[arg-type]
    assert progress_wanted(jsonl, stdout_tty=False, stderr_tty=True)
    assert not progress_wanted(jsonl, stdout_tty=True, stderr_tty=True)
    to_files = Settings(**{**values, "as_jsonl": False, "output_dir": str(tmp_path / "o")})  # type: ignore[arg-type]
    assert progress_wanted(to_files, stdout_tty=True, stderr_tty=True)


def test_the_published_schema_files_are_current() -> None:
    # docs/schemas/ is what a user links to; regenerate with
    # `licparse schema NAME > docs/schemas/NAME.schema.json`.
    for record in ("license", "error", "report"):
        published = FIXTURES.parent.parent / "docs" / "schemas" / f"{record}.schema.json"
        assert json.loads(published.read_text(encoding="utf-8")) == json.loads(
            run("schema", record).stdout
        ), record
