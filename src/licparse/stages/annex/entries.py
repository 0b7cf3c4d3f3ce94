"""Stage 5b: the 附页 annex → services.

The annex comes as running text (a business per line, its qualifier on the
next), with inline qualifiers, as a markdown pipe table, as an HTML table
(tables.py reads their grid; their header says what each column holds), or
on the cover. All become *entries* — a business name and the text that
qualifies it — and one function reads an entry's qualifier, so every layout
gives the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ...catalogue import BUSINESSES
from ...models import Service
from ..normalize import Joined, Line, clean, join
from .qualifiers import read_qualifier, spaced

# Every catalogue business name, longest first so `国内呼叫中心业务` wins over
# `呼叫中心业务`, optionally after a class prefix `第二类增值电信业务中的` (the old
# way of naming a business with its class, docs/domain.md §2.4; not part of the name).
BUSINESS_NAME = regex.compile(
    rf"(?P<prefix>{spaced('第')}\s*[一二]\s*{spaced('类')}\s*(?:{spaced('增值')}|{spaced('基础')})"
    rf"\s*{spaced('电信业务中的')}\s*)?"
    rf"(?P<name>{'|'.join(spaced(n) for n in sorted(BUSINESSES, key=len, reverse=True))})"
)
# A business name printed outside the catalogue: Han text ending in 业务 right
# before a qualifier in parentheses, at an entry's start.
UNKNOWN_BUSINESS = regex.compile(r"^(?P<name>[\p{Han}]{2,30}?业务)\s*(?=[(（])")
# The same, or alone on its line, at a line's start among catalogue entries
# (`量子传送业务（仅限测试）` between two known ones), shaped like BUSINESS_NAME's
# matches.
UNKNOWN_AT_LINE = regex.compile(r"(?m)^ *(?P<prefix>)(?P<name>[\p{Han}]{2,30}?业务) *(?=[(（]| *$)")

# An entry starts where a business name stands at the start of a line, or
# after the end of the previous entry's text: these are the characters that
# may precede it (folded). A name after 含/不含/、 is an item, not an entry.
ENTRY_BOUNDARY = frozenset("\n。】;:)]|>")


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
    known = list(BUSINESS_NAME.finditer(folded))
    # A business outside the catalogue, on a line of its own among known
    # ones, is an entry too (its code null, warned), not the end of the one
    # before. Where a known name starts at the same place, the known one.
    spans = [(m.start(), m.end()) for m in known]
    unknown = {
        m.start(): m
        for m in UNKNOWN_AT_LINE.finditer(folded)
        # After the first known entry (the intro above, `获准经营以下增值电信
        # 业务`, is none), and not the wrapped end of a known name (`在线数据
        # 处理与交易` ⏎ `处理业务（…）`).
        if known
        and m.start() > known[0].start()
        and not any(a <= m.start("name") < b for a, b in spans)
        and not BUSINESS_NAME.match(m["name"])
    }
    for m in sorted([*known, *unknown.values()], key=lambda m: m.start()):
        for ch in folded[pos : m.start()]:
            if ch == "(":
                depth += 1
            elif ch == ")" and depth:
                depth -= 1
        pos = m.start()
        if depth == 0 and (unknown.get(m.start()) is m or _starts_entry(folded, m.start())):
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
