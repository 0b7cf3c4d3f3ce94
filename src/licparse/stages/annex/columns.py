"""Annex tables: which column holds what, read from the header, and each row
read as the services it names."""

from __future__ import annotations

import re

from ...models import Service
from ..document import Document
from ..normalize import Line, clean, join, key_of
from .entries import BUSINESS_NAME, UNKNOWN_BUSINESS, Entry, find_entries, to_service
from .qualifiers import QUALIFIER_WORD, coverage_line
from .tables import Row, Table, read_tables

# Header cells: what each column holds, first match wins. A combined
# `业务种类（服务项目）` column holds the business with its qualifier;
# `业务覆盖范围（服务项目）` (the MIIT layout, docs/domain.md §3.3) the coverage; a
# `服务项目` column of its own the qualifier (仅限…/不含…) of the business
# beside it. A row with such a cell and no business name is a header.
HEADER_ROLES = (
    ("coverage", re.compile(r"覆盖范围|覆盖地域|地域")),
    ("business", re.compile(r"业务种类|业务名称|业务类别")),
    ("items", re.compile(r"服务项目|服务内容")),
    ("index", re.compile(r"^(?:序号|编号)$")),
)
# A header cell is column labels and nothing else: a data row that mentions
# 服务项目 is not a header, and no words are dropped with a header row.
HEADER_LABEL = re.compile(
    r"^(?:业务|种类|名称|类别|服务项目|服务内容|覆盖|范围|地域|序号|编号|[()及和、/])+$"
)
# A cell that is only a row number, in a table without a header.
INDEX_CELL = re.compile(r"^[0-9]{1,3}[.、]?$")

# A table's reading of its columns: a role per column (None: a column
# licparse does not know), or UNREADABLE under a header with no business column.
Roles = tuple[str | None, ...]
UNREADABLE: Roles = ()


def _header_role(key: str) -> str | None:
    if not HEADER_LABEL.match(key):
        return None
    return next((role for role, pattern in HEADER_ROLES if pattern.search(key)), None)


def _is_header(keys: list[str]) -> bool:
    return any(map(_header_role, keys)) and not any(BUSINESS_NAME.search(k) for k in keys)


def _header_roles(keys: list[str]) -> Roles:
    roles = [_header_role(k) for k in keys]
    if "business" not in roles and "items" in roles:
        # `| 服务项目 | 覆盖范围 |`: the business and its items in one column.
        roles[roles.index("items")] = "business"
    named = [r for r in roles if r is not None]
    if "business" not in named or len(named) != len(set(named)):
        return UNREADABLE
    return tuple(roles)


def _guess_roles(cells: list[str]) -> Roles:
    """Roles of a row under no header, from what its cells hold."""
    roles: list[str | None] = []
    for cell in cells:
        key = key_of(cell)
        role: str | None = None
        if INDEX_CELL.match(key):
            role = "index"
        elif QUALIFIER_WORD.match(key):
            role = "items"
        elif BUSINESS_NAME.search(key) or UNKNOWN_BUSINESS.match(key):
            role = "business"
        elif coverage_line().match(key):
            role = "coverage"
        roles.append(None if role in roles else role)
    return tuple(roles)


def _cells_by_role(cells: list[str], roles: Roles) -> dict[str, str] | None:
    """Each non-empty cell under its column's role; None if one has no place."""
    by_role: dict[str, str] = {}
    for i, cell in enumerate(cells):
        if not cell:
            continue
        role = roles[i] if i < len(roles) else None
        if role is None or (role == "index" and not INDEX_CELL.match(cell.strip())):
            return None  # text in a column licparse does not read
        by_role[role] = cell
    return by_role


def _row_services(cells: list[str], lines: list[Line], roles: Roles | None) -> list[Service]:
    """The services of one data row; [] if a cell cannot be placed."""
    by_role = _cells_by_role(cells, roles if roles is not None else _guess_roles(cells))
    if by_role is None or "business" not in by_role:
        return []
    business, items = by_role["business"], by_role.get("items")
    entries, _ = find_entries([Line.of(lines[0].no, business)])
    if not entries or (len(entries) > 1 and (items or _text_before(business, entries))):
        # No business name; or items that could belong to either business, or
        # words before the first that no entry's text would keep.
        return []
    coverage = clean(by_role.get("coverage", "")) or None
    for entry in entries:
        entry.lines, entry.coverage, entry.items = lines, coverage, items
    if len(entries) == 1:
        # The business with its items, as printed left to right (the coverage
        # has its own field, as in a two-column table).
        return [to_service(entries[0], join([business, items or ""]))]
    return [to_service(entry) for entry in entries]


def _text_before(cell: str, entries: list[Entry]) -> bool:
    """Whether `cell` has words before its first entry."""
    read = sum(len(e.prefix) + len(e.name) + len(e.rest) for e in entries)
    return bool(cell[: len(cell) - read].strip())


def parse_table(doc: Document, lines: list[Line]) -> tuple[list[Service], set[int]]:
    """Services of the pipe and HTML tables among `lines`, and the tables' lines.

    A row that cannot be read goes to `unparsed` with a warning, never to the
    running-text reader, which would take its `|` for text.
    """
    services: list[Service] = []
    table_lines: set[int] = set()
    roles: Roles | None = None  # None until a header: guessed row by row
    for table in read_tables(lines):
        table_lines.update(line.no for line in table.lines)
        doc.claim_field("table_header", table.separators)
        doc.claim_field("table_markup", table.markup)
        unread: list[Row] = []
        warned = False
        for row in table.rows:
            keys = [key_of(c) for c in row.cells]
            if _is_header(keys):
                roles = _header_roles(keys)
                if roles == UNREADABLE:
                    warned = True
                    doc.warn(
                        "table_unreadable",
                        f"the annex table's header `{row.text}` names no business column "
                        "(业务种类): its rows are reported as unparsed",
                        row.lines[0].no,
                    )
                    unread.append(row)
                elif any(k and _header_role(k) is None for k in keys):
                    unread.append(row)  # a label licparse does not know (`备注`)
                else:
                    doc.claim_field("table_header", row.lines)
                continue
            found = [] if roles == UNREADABLE else _row_services(row.cells, row.lines, roles)
            if found:
                doc.claim(row.lines, "service")
                services.extend(found)
            else:
                unread.append(row)
        _report_unread(doc, table, unread, warned=warned)
    return services, table_lines


def _report_unread(doc: Document, table: Table, unread: list[Row], *, warned: bool) -> None:
    if unread and not warned:
        doc.warn(
            "table_unreadable",
            f"{len(unread)} row(s) of the annex table could not be read (no business "
            "name, or text in a column licparse does not read): they are reported as "
            "unparsed",
            unread[0].lines[0].no,
        )
    if not table.html:
        return  # a pipe row is its own line: left unclaimed, it is unparsed
    # Rows of an HTML table share lines with the rows that were read: each is
    # reported by itself, and the lines are claimed so none is reported twice.
    pieces = [(row.text, row.lines) for row in unread] + table.outside
    for text, lines in pieces:
        doc.unread(text, lines)
    doc.claim([line for line in table.lines if line.no not in doc.claims], "table")
