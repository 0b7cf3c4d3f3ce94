"""The README is part of the product: its commands must be the real ones."""

from __future__ import annotations

import click

from licparse.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_install_run_and_test_commands():
    block = README.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert block[0] == "python -m pip install . && licparse examples/license.txt"
    assert block[1] == "python -m pip install -e '.[test,ocr]' && python -m pytest"
    assert (ROOT / "examples" / "license.txt").is_file()


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pip install -e '.[test,ocr]' && python -m pytest\n" in ci


def test_every_command_and_option_has_help_and_is_documented():
    commands = {"": main, **{f" {name}": command for name, command in main.commands.items()}}
    for name, command in commands.items():
        assert command.help, f"`licparse{name}` has no help"
        assert f"licparse{name}" in README
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"licparse{name} {param.opts} has no help"
                assert any(opt in README for opt in param.opts), f"{param.opts} not in README"


def test_every_warning_code_is_documented():
    from licparse.codes import NOTE_CODES, WARNING_CODES

    assert "number_misread" in WARNING_CODES and "page_break_joined" in NOTE_CODES
    for code in (*WARNING_CODES, *NOTE_CODES):
        assert f"`{code}`" in README, f"warning code {code} is not documented in the README"


def test_the_schema_lists_every_code():
    from licparse.codes import NOTE_CODES, WARNING_CODES
    from licparse.models import License

    finding = License.model_json_schema()["$defs"]["Finding"]
    assert finding["title"] == "Warning"
    parts = finding["properties"]["code"]["anyOf"]
    listed = {code for part in parts for code in part.get("enum", [part.get("const")])}
    assert listed == {*WARNING_CODES, *NOTE_CODES}


def test_every_error_code_is_documented():
    from licparse import errors

    codes = {
        cls.code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.LicparseError)
    } - {"error"}  # the base class's, never raised
    assert {"internal_error", "not_a_license", "read_error"} <= codes
    for code in sorted(codes):
        assert f"`{code}`" in README, f"error code {code} is not documented in the README"


def test_the_missing_field_codes_are_the_cover_fields() -> None:
    from licparse.batch.records import CSV_COLUMNS
    from licparse.codes import COVER_FIELDS, MISSING

    # The authority is never warned missing: the seal that prints it is
    # usually lost to OCR.
    assert list(MISSING) == [f for f in COVER_FIELDS if f != "issuing_authority"]
    assert all(MISSING[f] == f"missing_{f}" for f in MISSING)
    assert CSV_COLUMNS[1 : 1 + len(COVER_FIELDS)] == COVER_FIELDS
