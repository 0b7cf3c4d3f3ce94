"""An entry's qualifier → limited_to, includes, excludes and coverage.

`（仅限…，不含…）`, `含…`, `业务覆盖范围：…`, a table's 服务项目 cell: every layout
ends as the text after a business name, and this reads it, so every layout
gives the same fields.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

import regex

from ...catalogue import BUSINESSES, PROVINCES, WHOLE_ITEMS
from ..normalize import clean, fold

if TYPE_CHECKING:
    from .entries import Entry


def spaced(word: str) -> str:
    """A pattern for `word` that tolerates OCR spaces between its characters."""
    return r"\s*".join(regex.escape(ch) for ch in word)


# 【依法须经批准的项目，经相关部门批准后方可开展相应经营活动】 ends qualifier lines
# on post-2019 provincial annexes (docs/domain.md §2.3): not an item.
APPROVAL_NOTE = re.compile(r"[【\[][^【】\[\]]*[】\]]")
# `业务覆盖范围：江苏省` inside an entry.
COVERAGE = regex.compile(
    rf"(?:{spaced('业务')})?\s*{spaced('覆盖范围')}\s*(?:[(（]\s*{spaced('服务项目')}\s*[)）]\s*)?"
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
def coverage_line() -> Any:
    # Compiled on first use: the place alternation costs milliseconds of every
    # start-up, and most annexes label their coverage instead.
    return regex.compile(rf"^(?:{PLACE})(?:[、,，和及](?:{PLACE}))*(?:等[0-9]+个?省.*)?$")


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
            elif coverage is None and not inside and coverage_line().match(part):
                coverage = part
            elif inside:
                # A bare service item: `互联网接入服务业务(为上网用户提供接入服务)`.
                limited.extend(split_items(part))
    return limited, includes, excludes, coverage
