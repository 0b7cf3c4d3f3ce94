"""`licparse diff OLD NEW`: what changed between two licenses, in the
terminal or as JSON, with exit codes as `diff` has them."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.text import Text

from .text import safe

SAME, DIFFERENT, TROUBLE = 0, 1, 2


def run_diff(old: str, new: str, as_json: bool) -> int:
    """Compare the licenses at `old` and `new`; the exit code."""
    from ..batch.inputs import Input
    from ..batch.reading import read_input
    from ..diff import diff
    from ..errors import LicparseError

    licenses = []
    for path in (old, new):
        try:
            licenses.append(read_input(Input(path, path))[0])
        except LicparseError as exc:
            click.echo(f"licparse: error: {exc}", err=True)
            return TROUBLE
    result = diff(*licenses)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        show(result, Console(highlight=False))
    return SAME if result["same"] else DIFFERENT


def show(result: dict[str, Any], console: Console) -> None:
    console.print(Text(f"--- {safe(result['old'])}\n+++ {safe(result['new'])}", style="bold"))
    if result["same"]:
        console.print(Text("No changes.", style="green"))
    for f in result["fields"]:
        line = Text(f"{f['field']}: ", style="bold cyan")
        line.append(safe(f["old"]), style="red strike").append(" → ")
        console.print(line.append(safe(f["new"]), style="green"))
    for s in result["services"]:
        line = Text(f"service {s['service']} {safe(s['name'])}: {s['change']}", style="bold")
        for key in ("limited_to", "includes", "excludes"):
            if key in s:
                for item in s[key]["removed"]:
                    line.append(f"\n  {key} −{safe(item)}", style="red")
                for item in s[key]["added"]:
                    line.append(f"\n  {key} +{safe(item)}", style="green")
        if "coverage" in s:
            cov = s["coverage"]
            line.append(f"\n  coverage {safe(cov['old'])} → {safe(cov['new'])}")
        console.print(line)
    for c in result["clauses"]:
        where = c.get("new_clause") or c.get("old_clause")
        if c.get("old_clause") and c.get("new_clause") and c["old_clause"] != c["new_clause"]:
            where = f"{c['old_clause']} → {c['new_clause']}"
        head = Text(f"clause {where}: {c['change']}", style="bold")
        console.print(head)
        console.print(_inline(c["text"]) if isinstance(c["text"], list) else Text(safe(c["text"])))
    if result["noise"]:
        console.print(Text("Differences of OCR or print form only (noise):", style="dim bold"))
        for n in result["noise"]:
            if "field" in n:  # `legal_representative: 陳志強 → 陈志强, variant or …`
                said = f"  {n['field']}: {safe(n['old'])} → {safe(n['new'])}, {n['why']}"
            else:
                said = f"  clause {n['old_clause']}: {n['why']}"
            console.print(Text(said, style="dim"))


def _inline(runs: list[dict[str, str]]) -> Text:
    text = Text("  ")
    for run in runs:
        style = {"equal": "", "delete": "red strike", "insert": "green underline"}[run["op"]]
        text.append(safe(run["text"]), style=style)
    return text
