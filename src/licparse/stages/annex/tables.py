"""Stage 5b, part one: annex tables → rows of cells.

OCR-to-markdown tools print the annex as a markdown pipe table (a row a
line) or as HTML (`<table><tr><td>…`, on one line or several). This module
only reads the grid: which cell stands in which column of which row, and on
which lines. What a column means is the annex's business (services.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from ..normalize import Joined, Line, clean


def _unescape(text: str) -> str:
    import html  # its table of entities costs every start-up: only HTML tables need it

    return html.unescape(text)


# These patterns use the standard library's `re`, which compiles them for a
# fraction of `regex`'s cost at every start-up; they need nothing more.
# The separator row under a markdown table's header.
PIPE_SEPARATOR = re.compile(r"^\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")
# HTML rows and cells. OCR'd HTML may leave a `</tr>` or `</td>` out: a row
# also ends where the next one starts, a cell where the next cell starts.
HTML_ROW = re.compile(
    r"<tr\b[^>]{0,200}>(?P<cells>.*?)(?:</tr\s*>|(?=<tr\b|</table\s*>)|$)",
    re.IGNORECASE | re.DOTALL,
)
HTML_CELL = re.compile(
    r"<t[dh]\b(?P<attrs>[^>]{0,200})>(?P<cell>.*?)(?:</t[dh]\s*>|(?=<t[dh]\b|</tr\b)|$)",
    re.IGNORECASE | re.DOTALL,
)
HTML_TAG = re.compile(r"<[^>]{0,200}>")
# A line break inside a cell: kept as one, for `仅限…<br>不含…`.
HTML_BREAK = re.compile(r"<br\b[^>]{0,200}>", re.IGNORECASE)
HTML_SPAN = re.compile(r"(?P<kind>row|col)span\s*=\s*[\"']?(?P<n>[0-9]{1,4})", re.IGNORECASE)
# An annex table is a few columns wide: merged cells span rows and columns
# only within the first MAX_COLUMNS, so a hostile `colspan="9999"
# rowspan="9999"` cannot make rows of thousands of cells.
MAX_COLUMNS, MAX_ROWSPAN = 16, 200


@dataclass
class Row:
    """One table row: a cell per column, merged cells repeated where they span."""

    cells: list[str]
    lines: list[Line]
    text: str  # the row's own cells as printed, for `unparsed`


@dataclass
class Table:
    html: bool
    lines: list[Line]  # every line the table is printed on
    rows: list[Row] = field(default_factory=list)
    separators: list[Line] = field(default_factory=list)  # `|---|---|`
    markup: list[Line] = field(default_factory=list)  # lines with tags only (`</table>`)
    # Text inside the table's lines but in no row: a `<caption>`, words
    # before `<table>` on its line.
    outside: list[tuple[str, list[Line]]] = field(default_factory=list)


def read_tables(lines: list[Line]) -> list[Table]:
    """The pipe and HTML tables among `lines`, in order."""
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<table" in line.fold.lower():
            end = _html_end(lines, i)
            tables.append(_html_table(lines[i:end]))
            i = end
        elif _is_pipe_line(line):
            end = i + 1
            while end < len(lines) and _is_pipe_line(lines[end]):
                end += 1
            tables.append(_pipe_table(lines[i:end]))
            i = end
        else:
            i += 1
    return tables


def _is_pipe_line(line: Line) -> bool:
    return line.fold.startswith("|") or bool(PIPE_SEPARATOR.match(line.fold))


def _pipe_table(lines: list[Line]) -> Table:
    table = Table(html=False, lines=lines)
    for line in lines:
        if PIPE_SEPARATOR.match(line.fold):
            table.separators.append(line)
        elif any(cells := _pipe_cells(line)):
            table.rows.append(Row(cells, [line], clean(line.text)))
        # A row of empty cells (`|  |`) is left unclaimed, reported as unparsed
        # like any stray mark of the scan.
    return table


def _pipe_cells(line: Line) -> list[str]:
    # Split where the fold has `|`: a full-width `｜` separates cells too, and
    # the fold keeps every position, so the cells are cut from the original.
    text, folded = line.text, line.fold
    bars = [i for i, ch in enumerate(folded) if ch == "|"]
    bounds = [-1, *bars, len(text)]
    cells = [text[a + 1 : b].strip() for a, b in pairwise(bounds)]
    cells = cells[1:]  # before the leading `|`
    if folded.endswith("|"):
        cells = cells[:-1]  # after the closing `|`
    return cells or [""]


def _html_end(lines: list[Line], start: int) -> int:
    """Index after the line that closes the table opened on lines[start].

    An unclosed table runs to the end of the annex: its rows are still read.
    """
    depth = 0
    for i in range(start, len(lines)):
        low = lines[i].fold.lower()
        depth += low.count("<table") - low.count("</table")
        if depth <= 0:
            return i + 1
    return len(lines)


def _html_table(lines: list[Line]) -> Table:
    table = Table(html=True, lines=lines)
    joined = Joined(lines)
    spans: dict[int, tuple[int, str]] = {}  # column → (rows it still spans, text)
    used: set[int] = set()
    gap = 0
    for m in HTML_ROW.finditer(joined.folded):
        _note_outside(table, joined, gap, m.start("cells"))
        printed = []
        gap = m.start("cells")
        for c in HTML_CELL.finditer(joined.folded, m.start("cells"), m.end("cells")):
            _note_outside(table, joined, gap, c.start())  # `<tr>text<td>…`
            printed.append((_cell_text(joined.text[c.start("cell") : c.end("cell")]), c["attrs"]))
            gap = c.end()
        _note_outside(table, joined, gap, m.end())
        gap = m.end()
        cells = _place(printed, spans)
        if any(cells):  # an empty `<tr></tr>` is markup
            row_lines = joined.lines_between(m.start(), m.end())
            table.rows.append(Row(cells, row_lines, " | ".join(t for t, _ in printed if t)))
            used.update(line.no for line in row_lines)
    _note_outside(table, joined, gap, len(joined.text))
    for _, outside in table.outside:
        used.update(line.no for line in outside)
    table.markup = [line for line in lines if line.no not in used]
    return table


def _cell_text(cell: str) -> str:
    return _unescape(HTML_TAG.sub("", HTML_BREAK.sub("\n", cell))).strip()


def _note_outside(table: Table, joined: Joined, start: int, end: int) -> None:
    """Keep any text between `start` and `end` that is in no cell."""
    words = clean(_unescape(HTML_TAG.sub(" ", joined.text[start:end])))
    if words:
        table.outside.append((words, joined.lines_between(start, end)))


def _spans(attrs: str) -> tuple[int, int]:
    """(rowspan, colspan) of a cell's attributes."""
    rowspan, colspan = 1, 1
    for m in HTML_SPAN.finditer(attrs):
        n = int(m["n"])
        if m["kind"].lower() == "row":
            rowspan = min(n, MAX_ROWSPAN) if n else MAX_ROWSPAN  # 0: to the table's end
        else:
            colspan = max(n, 1)
    return rowspan, colspan


def _place(printed: list[tuple[str, str]], spans: dict[int, tuple[int, str]]) -> list[str]:
    """A row's cells by column: a cell merged from a row above (`rowspan`)
    stands in each row it spans, so its coverage or business applies there."""
    row: list[str] = []

    def take_spanned() -> None:
        while len(row) in spans:
            col = len(row)
            left, value = spans[col]
            row.append(value)
            if left > 1:
                spans[col] = (left - 1, value)
            else:
                del spans[col]

    for value, attrs in printed:
        take_spanned()
        rowspan, colspan = 1, 1
        if len(row) < MAX_COLUMNS:
            rowspan, colspan = _spans(attrs)
            colspan = min(colspan, MAX_COLUMNS - len(row))
        for k in range(colspan):
            # A cell merged across columns is printed once: the others are empty.
            text = value if k == 0 else ""
            if rowspan > 1:
                spans[len(row)] = (rowspan - 1, text)
            row.append(text)
    take_spanned()
    for col in sorted(c for c in spans if c > len(row)):
        # Merged cells right of a short row: empty columns up to them.
        row.extend([""] * (col - len(row)))
        take_spanned()
    return row
