"""Stage 5b: the 附页 annex → services.

The annex comes as running text (a business per line, its qualifier on the
next), with inline qualifiers, as a markdown pipe table, as an HTML table
(tables.py reads their grid; their header says what each column holds), or
on the cover. All become *entries* — a business name and the text that
qualifies it — and one function reads an entry's qualifier, so every layout
gives the same fields.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import regex

from ...catalogue import BUSINESSES, PROVINCES, WHOLE_ITEMS
from ...models import Service
from ..document import Document
from ..normalize import Joined, Line, clean, fold, full_width_parens, join, key_of
from .tables import Row, Table, read_tables


def _spaced(word: str) -> str:
    """A pattern for `word` that tolerates OCR spaces between its characters."""
    return r"\s*".join(regex.escape(ch) for ch in word)


# Every catalogue business name, longest first so `国内呼叫中心业务` wins over
# `呼叫中心业务`, optionally after a class prefix `第二类增值电信业务中的` (the old
# way of naming a business with its class, domain.md §2.4; not part of the name).
BUSINESS_NAME = regex.compile(
    rf"(?P<prefix>{_spaced('第')}\s*[一二]\s*{_spaced('类')}\s*(?:{_spaced('增值')}|{_spaced('基础')})"
    rf"\s*{_spaced('电信业务中的')}\s*)?"
    rf"(?P<name>{'|'.join(_spaced(n) for n in sorted(BUSINESSES, key=len, reverse=True))})"
)
# A business name printed outside the catalogue: Han text ending in 业务 right
# before a qualifier in parentheses, at an entry's start.
UNKNOWN_BUSINESS = regex.compile(r"^(?P<name>[\p{Han}]{2,30}?业务)\s*(?=[(（])")

# An entry starts where a business name stands at the start of a line, or
# after the end of the previous entry's text: these are the characters that
# may precede it (folded). A name after 含/不含/、 is an item, not an entry.
ENTRY_BOUNDARY = frozenset("\n。】;:)]|>")

# 【依法须经批准的项目，经相关部门批准后方可开展相应经营活动】 ends qualifier lines
# on post-2019 provincial annexes (domain.md §2.3): not an item.
APPROVAL_NOTE = re.compile(r"[【\[][^【】\[\]]*[】\]]")
# `业务覆盖范围：江苏省` inside an entry.
COVERAGE = regex.compile(
    rf"(?:{_spaced('业务')})?\s*{_spaced('覆盖范围')}\s*(?:[(（]\s*{_spaced('服务项目')}\s*[)）]\s*)?"
    r"[:：]?\s*(?P<value>[^。\n;；]*)"
)
# `（仅限…）`/`（不含…）`: one qualifier clause, split on its separators, and
# where a line opens with 仅限 or 不含 (a table cell's `仅限…<br>不含…`). Not
# before a bare 含 at a line start: a hard wrap may split 不|含.
QUALIFIER_SEP = re.compile(r"[,，;；。]|\n(?=\s*(?:仅\s*限|不\s*含))")
# `仅限…`, `不含…`, `含…`: the word that opens a qualifier. Some annexes print a
# colon after it (`不含：信息搜索查询服务、…`); it belongs to neither word nor item.
QUALIFIER_WORD = re.compile(r"^(?P<word>仅限|不含|含)[:：]?")
# `互联网信息服务不含新闻、出版…` (pre-2016 form): a subject, then 不含.
SUBJECT_EXCLUDES = re.compile(r"^(?P<subject>[^含]+?)(?P<kind>不含|含)[:：]?(?P<items>.+)$")
# Words that end a qualifier without being items (`并按许可证…号文办`).
IGNORED_QUALIFIER = re.compile(r"^(?:并按|按|有效期)")


def _short_province(full: str) -> str:
    return str(regex.sub(r"(?:壮族|回族|维吾尔)?(?:自治区|省|市)$", "", full))


# Place names as printed in coverage: provinces with 省/市/自治区 or without,
# `全国`, any `XX市`; a line of them joined by 、 is a coverage.
PLACE = (
    "全国|"
    + "|".join(
        sorted(
            {n for f in PROVINCES.values() for n in (f, _short_province(f))}, key=len, reverse=True
        )
    )
    + r"|[\p{Han}]{2,4}市"
)


@functools.cache
def _coverage_line() -> Any:
    # Compiled on first use: the place alternation costs milliseconds of every
    # start-up, and most annexes label their coverage instead.
    return regex.compile(rf"^(?:{PLACE})(?:[、,，和及](?:{PLACE}))*(?:等[0-9]+个?省.*)?$")


@dataclass
class Entry:
    """A business name and the text that qualifies it, with its lines."""

    prefix: str
    name: str
    rest: str
    lines: list[Line]
    coverage: str | None = None
    # A table's 服务项目 cell: the qualifier of the business beside it, read
    # as if printed in parentheses after the name.
    items: str | None = None

    def read_from(self, lines: list[Line]) -> None:
        """Credit the entry to these source lines (it was read from pieces of them)."""
        nos = {part.no for part in self.lines}
        self.lines = [line for line in lines if line.no in nos]

    def extend(self, lines: list[Line]) -> None:
        """Lines printed after the entry that qualify it (`服务项目：…`, a coverage)."""
        self.rest += "\n" + "\n".join(line.text for line in lines)
        self.lines.extend(lines)

    def covering(self, coverage: str | None) -> None:
        """The coverage printed for it elsewhere, unless it printed its own."""
        self.coverage = self.coverage or coverage


# Items of a qualifier list: `A、B、C`, OCR'd with commas too.
ITEM_SEPARATOR = re.compile(r"[、,，]")


# Names never split into items, longest first so a longer one is kept whole.
_WHOLE_LONGEST_FIRST = sorted((*WHOLE_ITEMS, *BUSINESSES), key=len, reverse=True)


def split_items(text: str) -> list[str]:
    """Split `A、B和C` into items, never inside a catalogue name."""
    text = clean(text).strip("。.;；,，")
    if not text:
        return []
    protected: dict[str, str] = {}
    for i, whole in enumerate(_WHOLE_LONGEST_FIRST):
        if whole in text:
            token = f"\x00{i}\x00"
            protected[token] = whole
            text = text.replace(whole, token)
    items: list[str] = []
    for part in ITEM_SEPARATOR.split(text):
        pieces = part.split("和")
        # A final 和 joins two items only when both sides look like items.
        if len(pieces) == 2 and all(_itemish(p, protected) for p in pieces):
            items.extend(pieces)
        else:
            items.append(part)
    out = []
    for item in items:
        for token, whole in protected.items():
            item = item.replace(token, whole)
        item = item.strip()
        if item:
            out.append(item)
    return out


def _itemish(piece: str, protected: dict[str, str]) -> bool:
    piece = piece.strip()
    if not piece:
        return False
    return piece in protected or piece.endswith(("服务", "业务", "节目", "器械", "接入"))


def read_qualifier(entry: Entry) -> tuple[list[str], list[str], list[str], str | None]:
    """(limited_to, includes, excludes, coverage) of one entry."""
    limited: list[str] = []
    includes: list[str] = []
    excludes: list[str] = []
    rest = APPROVAL_NOTE.sub("", entry.rest)
    coverage = entry.coverage
    m = COVERAGE.search(rest)
    if m:
        coverage = coverage or clean(m["value"]) or None
        rest = rest[: m.start()] + rest[m.end() :]

    # Parenthesised groups at depth 0 right after the name, then the text outside.
    segments: list[tuple[str, bool]] = []  # (text, inside parentheses)
    depth, start, outside = 0, 0, []
    folded = fold(rest)
    for i, ch in enumerate(folded):
        if ch == "(":
            if depth == 0:
                outside.append(rest[start:i])
                start = i + 1
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                segments.append((rest[start:i], True))
                start = i + 1
    outside.append(rest[start:])
    if entry.items:
        segments.append((APPROVAL_NOTE.sub("", entry.items), True))
    segments.extend((text, False) for text in outside)

    for text, inside in segments:
        for part in QUALIFIER_SEP.split(text):
            part = clean(part)
            if not part or IGNORED_QUALIFIER.match(part):
                continue
            if (qm := QUALIFIER_WORD.match(part)) is not None:
                target = {"仅限": limited, "不含": excludes, "含": includes}[qm["word"]]
                target.extend(split_items(part[qm.end() :]))
            elif (sm := SUBJECT_EXCLUDES.match(part)) is not None:
                target = excludes if sm["kind"] == "不含" else includes
                target.extend(split_items(sm["items"]))
            elif coverage is None and not inside and _coverage_line().match(part):
                coverage = part
            elif inside:
                # A bare service item: `互联网接入服务业务(为上网用户提供接入服务)`.
                limited.extend(split_items(part))
    return limited, includes, excludes, coverage


def to_service(entry: Entry, text: str | None = None) -> Service:
    """The service of `entry`; `text` as printed if not the entry's own."""
    limited, includes, excludes, coverage = read_qualifier(entry)
    name = clean(entry.name).replace(" ", "")
    if text is None:
        text = join([entry.prefix + entry.name + entry.rest])
    return Service(
        name=name,
        code=BUSINESSES.get(name),
        limited_to=limited,
        includes=includes,
        excludes=excludes,
        coverage=coverage,
        text=text,
        lines=(entry.lines[0].no, entry.lines[-1].no),
    )


def _previous_char(text: str, pos: int) -> str:
    """The last non-space character before `pos`, or a newline at the start."""
    while pos > 0 and text[pos - 1] == " ":
        pos -= 1
    return text[pos - 1] if pos else "\n"


def _starts_entry(folded: str, pos: int) -> bool:
    """Whether a business name at `pos` starts an entry (see ENTRY_BOUNDARY)."""
    prev = _previous_char(folded, pos)
    if prev in ENTRY_BOUNDARY:
        return True
    # `…业务（仅限经营类电子商务）、信息服务业务（…）`: businesses listed one
    # after another, each closing its qualifier before the `、`.
    if prev not in LIST_SEPARATORS:
        return False
    at = _before_space(folded, pos) - 1  # the separator
    return folded[_before_space(folded, at) - 1 : at].startswith(")")


# What separates businesses listed on one line, after a qualifier.
LIST_SEPARATORS = "、,"


def _before_space(text: str, pos: int) -> int:
    """`pos` moved back over spaces and line breaks."""
    while pos > 0 and text[pos - 1] in " \n":
        pos -= 1
    return pos


def _end_before_newlines(text: str, end: int) -> int:
    while end > 0 and text[end - 1] == "\n":
        end -= 1
    return end


def find_entries(lines: list[Line]) -> tuple[list[Entry], list[Line]]:
    """Entries of running text; also the lines before the first entry."""
    joined = Joined(lines)
    folded = joined.folded
    starts: list[tuple[int, regex.Match[str]]] = []
    depth = 0
    pos = 0
    for m in BUSINESS_NAME.finditer(folded):
        for ch in folded[pos : m.start()]:
            if ch == "(":
                depth += 1
            elif ch == ")" and depth:
                depth -= 1
        pos = m.start()
        if depth == 0 and _starts_entry(folded, m.start()):
            starts.append((m.start(), m))
    if not starts:
        # No catalogue name: an entry per line that looks like `X业务（…）`.
        entries = []
        leftover = []
        for line in lines:
            um = UNKNOWN_BUSINESS.match(line.fold)
            if um:
                entries.append(Entry("", line.text[: um.end()], line.text[um.end() :], [line]))
            elif entries:
                entries[-1].rest += "\n" + line.text
                entries[-1].lines.append(line)
            else:
                leftover.append(line)
        return entries, leftover
    entries = []
    for i, (start, m) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(folded)
        # The `、` between two listed businesses belongs to neither.
        last = _before_space(folded, end)
        text_end = last - 1 if i + 1 < len(starts) and folded[last - 1] in LIST_SEPARATORS else end
        entries.append(
            Entry(
                prefix=joined.text[m.start("prefix") : m.end("prefix")] if m["prefix"] else "",
                name=joined.text[m.start("name") : m.end("name")],
                rest=joined.text[m.end() : text_end],
                lines=joined.lines_between(start, _end_before_newlines(joined.text, end)),
            )
        )
    leftover = joined.lines_between(0, starts[0][0]) if starts[0][0] > 0 else []
    if leftover and leftover[-1].no == entries[0].lines[0].no:
        leftover = leftover[:-1]
    return entries, leftover


# Header cells: what each column holds, first match wins. A combined
# `业务种类（服务项目）` column holds the business with its qualifier;
# `业务覆盖范围（服务项目）` (the MIIT layout, domain.md §3.3) the coverage; a
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
        elif _coverage_line().match(key):
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


# The annex intro `<公司名称>获准经营的业务种类、服务项目和业务覆盖范围：`, which a
# hard wrap may spread over a few lines (matched on the joined keys).
ANNEX_INTRO = regex.compile(r"^(?P<company>.*?)获准经营(?:的业务种类.*)?$")
INTRO_MAX_LINES = 4


def read_intro(doc: Document, lines: list[Line]) -> tuple[str | None, int | None]:
    """Claim the annex intro; return the company it names and its line."""
    joined = ""
    for i, line in enumerate(lines[:INTRO_MAX_LINES]):
        joined += line.key
        if "获准经营" in joined and (joined.endswith(":") or "覆盖范围" in joined):
            doc.claim_field("annex_intro", lines[: i + 1])
            m = ANNEX_INTRO.match(joined.split("获准经营")[0] + "获准经营")
            company = full_width_parens(m["company"]) if m and m["company"] else None
            return company, lines[0].no
        if BUSINESS_NAME.search(line.fold):
            break
    return None, None


def _report_text_before(doc: Document, entry: Entry) -> None:
    """Words before the first business on its line (`注：信息服务业务…`) belong
    to no entry; the line is the entry's, so they are reported on their own."""
    first = entry.lines[0]
    m = BUSINESS_NAME.search(first.fold)
    if m is not None and (before := first.text[: m.start()].strip()):
        doc.unread(before, [first])


def parse_annex(doc: Document, lines: list[Line]) -> list[Service]:
    """Services of the annex section (after `read_intro` claimed the intro)."""
    lines = [line for line in lines if line.no not in doc.claims]
    services, table_lines = parse_table(doc, lines)
    rest = [line for line in lines if line.no not in doc.claims and line.no not in table_lines]
    if rest:
        # Lines before the first entry stay unclaimed: reported as unparsed.
        entries, _ = find_entries(rest)
        if entries:
            _report_text_before(doc, entries[0])
        for entry in entries:
            doc.claim(entry.lines, "service")
            services.append(to_service(entry))
            for line in entry.lines[1:]:
                if line.no in doc.breaks_before:
                    doc.note(
                        "page_break_joined",
                        f"the annex entry `{services[-1].name}` continues after "
                        f"{doc.breaks_before[line.no]}; the text was joined",
                        line.no,
                    )
    services.sort(key=lambda s: s.lines[0])
    for service in services:
        if service.code is None:
            doc.warn(
                "unknown_business",
                f"`{service.name}` is not a business of the telecom catalogue; code left null",
                service.lines[0],
            )
    return services
