"""The package is ready to publish: its wheel and sdist build, hold what they
must, and carry the metadata people look for; shell completion works."""

from __future__ import annotations

import email
import os
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from licparse.cli import main

from .conftest import ROOT

hatchling_build = pytest.importorskip("hatchling.build")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        hatchling_build.build_wheel(str(out))
        hatchling_build.build_sdist(str(out))
    finally:
        os.chdir(here)
    return out


def test_the_wheel_holds_the_package_its_assets_and_its_metadata(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        (meta_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = email.message_from_bytes(zf.read(meta_name))
    for needed in (
        "licparse/py.typed",
        "licparse/review/assets/page.html",
        "licparse/review/assets/review.js",
        "licparse/stages/glyph_table.py",
    ):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)
    assert meta["Name"] == "licparse" and meta["Requires-Python"] == ">=3.11"
    assert meta["License-Expression"] == "MIT"
    assert meta["Description-Content-Type"] == "text/markdown"
    assert meta.get_payload().startswith("# licparse")  # the README, for the index page
    classifiers = meta.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    extras = set(meta.get_all("Provides-Extra") or [])
    assert {"ocr", "test", "calendar", "xlsx"} <= extras
    assert any(n.endswith("licenses/LICENSE") for n in names)


def test_the_sdist_builds_the_same_package(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    assert {"pyproject.toml", "README.md", "LICENSE", "src/licparse/__init__.py"} <= names


def test_shell_completion_offers_options_and_files() -> None:
    runner = CliRunner()
    script = runner.invoke(
        main, [], env={"_LICPARSE_COMPLETE": "bash_source"}, prog_name="licparse"
    )
    assert "complete -o nosort -F _licparse_completion licparse" in script.output
    options = runner.invoke(
        main,
        [],
        env={
            "_LICPARSE_COMPLETE": "bash_complete",
            "COMP_WORDS": "licparse --js",
            "COMP_CWORD": "1",
        },
        prog_name="licparse",
    )
    assert options.output.split() == ["plain,--json", "plain,--jsonl"]
    files = runner.invoke(
        main,
        [],
        env={"_LICPARSE_COMPLETE": "bash_complete", "COMP_WORDS": "licparse sc", "COMP_CWORD": "1"},
        prog_name="licparse",
    )
    assert files.output.split() == ["file,sc"]  # the shell lists the files
