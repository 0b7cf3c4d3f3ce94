"""The command line: reads arguments, calls the library, renders. No parsing here.

    licparse FILE [FILE...] [--json | --jsonl] [--strict] [--encoding NAME]
    licparse -            (standard input)
    licparse schema       (the JSON Schema of the output)

Exit codes: 0 parsed; 1 an input could not be parsed (or, with --strict, had
warnings); 2 usage.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from . import __version__
from .errors import LicparseError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _DefaultToParse(click.Group):
    """`licparse FILE` means `licparse parse FILE`; `licparse schema` is a command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "--version"):
            args = ["parse", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultToParse, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="licparse")
def main() -> None:
    """Turn OCR'd 增值电信业务经营许可证 text into validated, structured data.

    Run `licparse FILE` for a readable view, `licparse FILE --json` for the
    JSON of the output contract, `licparse schema` for its JSON Schema.
    """


def _read(path: str, encoding: str | None) -> Any:
    from .parse import parse_bytes, parse_file

    if path == "-":
        data = sys.stdin.buffer.read()
        return parse_bytes(data, path=None, encoding=encoding)
    return parse_file(path, encoding=encoding)


def _error_object(path: str, exc: LicparseError) -> dict[str, Any]:
    return {
        "source": {"path": None if path == "-" else path},
        "error": {"code": exc.code, "message": exc.message},
    }


def _say_error(exc: LicparseError) -> None:
    click.echo(f"licparse: error: {exc}", err=True)


@main.command("parse")
@click.argument("paths", nargs=-1, required=True, metavar="FILE...")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON of the output contract.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="One compact JSON object per line.")
@click.option(
    "--strict", is_flag=True, help="Also fail (exit 1) when a license parsed with warnings."
)
@click.option(
    "--encoding",
    metavar="NAME",
    help="Decode with this encoding instead of detecting it (e.g. gb18030).",
)
def parse_command(
    paths: tuple[str, ...], as_json: bool, as_jsonl: bool, strict: bool, encoding: str | None
) -> None:
    """Parse each FILE (`-` for standard input) and print what it says."""
    if as_json and as_jsonl:
        raise click.UsageError("choose one of --json and --jsonl")
    failed = False
    objects: list[Any] = []
    for path in paths:
        try:
            lic = _read(path, encoding)
        except LicparseError as exc:
            failed = True
            _say_error(exc)
            if as_json or as_jsonl:
                objects.append(_error_object(path, exc))
            if as_jsonl:
                click.echo(json.dumps(objects.pop(), ensure_ascii=False))
            continue
        if strict and lic.warnings:
            failed = True
            click.echo(
                f"licparse: error: {path if path != '-' else '<stdin>'}: "
                f"{len(lic.warnings)} warning(s) and --strict was given",
                err=True,
            )
        if as_jsonl:
            click.echo(lic.model_dump_json())
        elif as_json:
            objects.append(lic.model_dump(mode="json"))
        else:
            from rich.console import Console

            from .render import render

            render(lic, Console(highlight=False))
    if as_json:
        payload = objects[0] if len(paths) == 1 and objects else objects
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the output (one license object)."""
    from .models import License

    click.echo(json.dumps(License.model_json_schema(), ensure_ascii=False, indent=2))
