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
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert command is not None and command.help, f"`{name}` has no help"
        assert f"licparse {name}" in README or name == "parse"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.opts} has no help"
                assert any(opt in README for opt in param.opts), f"{param.opts} not in README"


def test_every_warning_code_is_documented():
    import re

    codes = set()
    for path in (ROOT / "src" / "licparse").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'(?:warn|Finding)\(\s*"([a-z_]+)"', text))
    assert codes, "no warning codes found"
    for code in sorted(codes):
        assert f"`{code}`" in README, f"warning code {code} is not documented in the README"


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
