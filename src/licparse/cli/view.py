"""The terminal view: cover fields, a services table, the clause tree, warnings.

Every string from the scan goes through `safe()` and into rich `Text` (never
markup), so `[red]` in a company name is shown as typed and an escape
sequence or a bidi override in a clause cannot style, move or reorder the
terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..answers import answered
from ..batch.reading import read_input
from ..batch.work import Options
from ..errors import InternalError, LicparseError, display_path
from .text import safe

if TYPE_CHECKING:
    from ..batch.inputs import Input
    from ..models import Clause, License

CLAUSE_PREVIEW = 36
STATUS_STYLE = {
    "valid": "bold green",
    "expiring": "bold yellow",
    "expired": "bold red",
    "not_yet_valid": "bold magenta",
    "unknown": "bold dim",
}


def _t(text: str | None, style: str = "") -> Text:
    return Text(safe(text), style=style)


def _cover(lic: License) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    info = lic.number_info
    number = _t(lic.license_number, "bold")
    if info is not None:
        extra = ", ".join(
            x
            for x in (
                info.province,
                ".".join(info.classes) or None,
                f"first issued {info.first_issue_year}" if info.first_issue_year else None,
                "foreign-invested (合字)" if info.foreign_invested else None,
                f"site -{info.site_suffix}" if info.site_suffix else None,
            )
            if x
        )
        number.append(f"  ({safe(extra)})", style="dim")
    authority = _t(lic.issuing_authority)
    if lic.issuing_authority is None and info is not None and info.issuer:
        authority = Text(f"not printed; the number implies {safe(info.issuer)}", style="dim")
    for label, value in (
        ("Title", _t(lic.title)),
        ("License number", number),
        ("Company", _t(lic.company_name, "bold")),
        ("Legal representative", _t(lic.legal_representative)),
        ("Issuing authority", authority),
        ("Issued", _t(lic.issue_date)),
        ("Expires", _t(lic.expiry_date)),
        ("Source", _t(f"{lic.source.path or '<stdin>'} ({lic.source.encoding})", "dim")),
    ):
        table.add_row(label, value)
    return table


def _services(lic: License) -> Table:
    table = Table(title="Services (附页)", title_justify="left", expand=True)
    for column in ("Code", "Business", "Limited to", "Includes", "Excludes", "Coverage"):
        table.add_column(column, overflow="fold")
    for s in lic.services:
        table.add_row(
            _t(s.code, "bold"),
            _t(s.name),
            _t("、".join(s.limited_to) or None),
            _t("、".join(s.includes) or None),
            _t("、".join(s.excludes) or None),
            _t(s.coverage),
        )
    return table


def _add_clauses(tree: Tree, clauses: list[Clause], full: bool) -> None:
    for c in clauses:
        label = Text(safe(c.label), style="bold")
        if c.applies_to:
            label.append(f" [适用于{safe(c.applies_to)}]", style="magenta")
        if c.business:
            label.append(f" ⟨{safe(c.business)}⟩", style="cyan")
        short = full or len(c.text) <= CLAUSE_PREVIEW
        preview = c.text if short else c.text[:CLAUSE_PREVIEW] + "…"
        label.append(" " + safe(preview))
        label.append(f"  L{c.lines[0]}-{c.lines[1]}", style="dim")
        _add_clauses(tree.add(label), c.children, full)


def _findings(lic: License) -> Table | None:
    if not (lic.warnings or lic.unparsed):
        return None
    table = Table(title="Warnings and unparsed text", title_justify="left", expand=True)
    table.add_column("Line", justify="right", no_wrap=True)
    table.add_column("Code", style="yellow", no_wrap=True)
    table.add_column("Message", overflow="fold")
    for w in lic.warnings:
        table.add_row(str(w.line) if w.line else "—", safe(w.code), _t(w.message))
    for u in lic.unparsed:
        table.add_row(str(u.lines[0]), "unparsed", _t(u.text))
    return table


def _table(title: str, columns: list[str], rows: list[list[str]]) -> Table | None:
    """A titled table of what was asked for; None when there is nothing."""
    if not rows:
        return None
    table = Table(title=title, title_justify="left", expand=True)
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def _obligations(lic: License) -> Table | None:
    rows = [
        [
            safe(o.clause),
            o.kind,
            f"{o.amount} {o.unit.replace('_', ' ')}" if o.amount and o.unit else "—",
            " · ".join(safe(x) for x in (o.trigger, o.addressee, o.action) if x) or safe(o.text),
            o.due or "",
        ]
        for o in lic.obligations or []
    ]
    return _table("Obligations", ["Clause", "Kind", "Time", "Duty", "Due"], rows)


def _citations(lic: License) -> Table | None:
    rows = [
        [
            safe(c.clause),
            safe(c.title),
            f"第{c.article}条" if c.article else "",
            safe(c.order) if c.order else "",
        ]
        for c in lic.citations or []
    ]
    return _table("Citations", ["Clause", "Regulation", "Article", "Order"], rows)


def render(lic: License, console: Console, *, full: bool = False) -> None:
    """Print the license; clause texts are cut to a preview unless `full`."""
    tree = Tree(Text("特别规定事项", style="bold"))
    _add_clauses(tree, lic.clauses, full)
    parts: list[Table | Tree | Text] = [_cover(lic), _services(lic), tree]
    if lic.validity is not None:
        v = lic.validity
        status = Text(
            f"{v.status.replace('_', ' ').upper()} on {v.as_of}", style=STATUS_STYLE[v.status]
        )
        parts.insert(0, status.append(f"  {v.reason}", style=""))
    for table in (_obligations(lic), _citations(lic)):
        if table is not None:
            parts.append(table)
    findings = _findings(lic)
    if findings is not None:
        parts.append(findings)
    else:
        parts.append(Text("No warnings.", style="green"))
    console.print(Panel(Group(*parts), title=Text(safe(lic.company_name) or "license")))


def show(
    inputs: Iterable[Input],
    *,
    encoding: str | None,
    max_bytes: int,
    strict: bool,
    full: bool,
    say: Callable[[str], None],
    options: Options | None = None,
    fail_expired: bool = False,
) -> bool:
    """The readable view of each input, one after another; whether any failed."""
    console = Console(highlight=False)
    failed = False
    for item in inputs:
        try:
            lic, _ = read_input(item, encoding=encoding, max_bytes=max_bytes)
        except LicparseError as exc:
            failed = True
            say(f"error: {exc}")
            continue
        except Exception as exc:  # a bug must cost this input, never the rest
            failed = True
            say(f"error: {display_path(item.path)}: {InternalError.of(exc).message}")
            continue
        if options is not None:
            lic = answered(lic, options)
            if (
                fail_expired
                and lic.validity
                and lic.validity.status in ("expired", "not_yet_valid")
            ):
                failed = True
        render(lic, console, full=full)
        if strict and lic.warnings:
            failed = True
            say(f"error: {item.path}: {len(lic.warnings)} warning(s) and --strict was given")
    return failed
