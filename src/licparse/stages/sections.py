"""Stage 4: content lines → cover, annex and provisions.

A section starts at its title (found among the furniture, since titles repeat
on every page) or, where OCR lost the title, at its first line of its own:
the annex intro `…获准经营的业务种类、服务项目和业务覆盖范围：`, the provisions
preamble `《特别规定事项》是…`, or the first `一、你公司…` clause.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from typing import NamedTuple

from .document import Document
from .normalize import LINE_KEY, LINE_NO, Line

# The annex's first line, after the company name (docs/domain.md §3.3).
ANNEX_START = re.compile(r"获准经营")
# The 年检 (annual inspection) record page of older paper licenses (docs/domain.md
# §3.5): it ends the provisions; its lines are reported as unparsed.
INSPECTION_START = re.compile(r"^年检(?:情况|记录|记录页|记录表)?$|^年检年度")
# How a clause's text opens (`你公司应当…`), and the first general clause.
CLAUSE_OPENING = "(?:你|贵)公司"
FIRST_CLAUSE = re.compile(rf"^一、{CLAUSE_OPENING}")
# The provisions preamble: `《特别规定事项》是…`.
PREAMBLE_START = re.compile(r"^[《<]?特别规定事项[》>]?是")


class Sections(NamedTuple):
    cover: list[Line]
    annex: list[Line]
    provisions: list[Line]
    annex_found: bool
    provisions_found: bool


JOIN_CHARS = 12  # longer than any section-start pattern


@functools.lru_cache(maxsize=16)
def _multiline(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern, pattern.flags | re.MULTILINE)


class _Finder:
    """Where a pattern first matches in the lines, alone or run on into the
    next line (a hard wrap can split `获准经营` or `特别规定事项是`).

    One search over all the lines' keys, not one per line: this runs on every
    license, once per section start.
    """

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.keys = list(map(LINE_KEY, lines))
        self.text = "\n".join(self.keys)
        self.glued = "".join(self.keys)
        self.offsets = list(itertools.accumulate(map(len, self.keys), initial=0))
        # Only a short line can be the first half of a split anchored start.
        self.short = list(
            itertools.compress(itertools.count(), map(JOIN_CHARS.__ge__, map(len, self.keys)))
        )

    def first(self, pattern: re.Pattern[str]) -> int | None:
        keys = self.keys
        found = []
        m = _multiline(pattern).search(self.text)
        if m:
            found.append(self.text.count("\n", 0, m.start()))
        if pattern.pattern.startswith("^"):
            limit = min(found, default=len(keys) - 1)
            for i in self.short:
                if i >= limit:
                    break
                if pattern.search(keys[i] + keys[i + 1][:JOIN_CHARS]):
                    found.append(i)
                    break
        elif (m := pattern.search(self.glued)) is not None:
            found.append(bisect.bisect_right(self.offsets, m.start()) - 1)
        return self.lines[min(found)].no if found else None


def split_sections(doc: Document, content: list[Line]) -> Sections:
    finder = _Finder(content)
    annex_at = doc.titles.get("annex")
    intro_at = finder.first(ANNEX_START)
    if annex_at is None or (intro_at is not None and intro_at < annex_at):
        annex_at = intro_at
    prov_at = doc.titles.get("provisions")
    for pattern in (PREAMBLE_START, FIRST_CLAUSE):
        at = finder.first(pattern)
        if at is not None and (prov_at is None or at < prov_at):
            prov_at = at
    end = doc.total + 1
    inspection_at = finder.first(INSPECTION_START) or end
    if prov_at is None:
        prov_at = inspection_at
    if annex_at is None or annex_at > prov_at:
        annex_at = prov_at
    # Content is in line order: each section is a slice.
    nos = list(map(LINE_NO, content))
    a, p, e = (bisect.bisect_left(nos, at) for at in (annex_at, prov_at, inspection_at))
    return Sections(
        cover=content[:a],
        annex=content[a:p],
        provisions=content[p:e],
        annex_found=annex_at < prov_at,
        provisions_found=prov_at < inspection_at,
    )
