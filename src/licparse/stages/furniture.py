"""Stage 3: page furniture out.

Each annex and provisions page repeats a header (the number line, a section
title); copies carry page numbers and watermarks. They are removed wherever
they fall, even mid-clause, and the content on both sides is left adjacent so
later stages join it. The first title and the first number line are content
(the cover's title and number field); every later copy is furniture.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from itertools import compress
from typing import NamedTuple

from ..chars import HAN_CHAR
from .document import Document
from .normalize import LINE_KEY, Line, clean, key_of, starting_with
from .number import is_valid

# These patterns run on every line, so they use the standard library's `re`:
# for short anchored patterns its per-call cost is less than half of
# `regex`'s (measured: 0.36 µs against 0.88 µs), and they need nothing more.
# Patterns run on `Line.key`: folded, no white space, so `第 2 页` and
# `特 别 规 定 事 项` match too.

# The license-number line: label and a number on one line. On the cover it
# is the field; on every later page it is the page header.
# `经营许可证编号`, also in traditional characters.
NUMBER_LABEL = r"(?:[经經][营營])?[许許]可[证證][编編][号號]"
NUMBER_LINE = re.compile(rf"^{NUMBER_LABEL}:?(?P<value>.*[0-9ABOl].*)$")

# The cover title, possibly with a markdown heading marker already gone.
TITLE = re.compile(
    r"^(?:中华人民共和国)?(?:增值电信业务|电信与信息服务业务)经营许可证(?:\((?:正本|副本)\))?$"
)
# The annex title: `中华人民共和国增值电信业务经营许可证 (附 页)`.
ANNEX_TITLE = re.compile(
    r"^(?:(?:中华人民共和国)?增值电信业务经营许可证)?[(\[]?附[页頁][)\]]?(?:\([续續]\))?$"
)
# The provisions title, repeated on each of its pages.
# Also as OCR reads it in a Kai or Ming face, in traditional forms (`特別規定事項`).
PROVISIONS_TITLE = re.compile(r"^[《<]?特[别別][规規]定事[项項][》>]?(?:\([续續]\))?$")

# Page numbers: `- 2 -`, `— 2 —`, `第 2 页`, `第2页共6页`, `2/6`, `Page 2 of 6`, a bare `2`.
PAGE_NUMBER = re.compile(
    r"""^(?:
        [-—–~]*[0-9]{1,3}[-—–~]*
      | 第[0-9]{1,3}页(?:[,，/]?共[0-9]{1,3}页)?
      | (?:共[0-9]{1,3}页)?第[0-9]{1,3}页
      | [0-9]{1,3}/[0-9]{1,3}
      | (?i:page)[0-9]{1,3}(?:(?i:of)[0-9]{1,3})?
    )$""",
    re.VERBOSE,
)

# The page separators OCR-to-markdown tools print between pages: a thematic
# break (`---`; `***` and `___` are left as `*` and `_` once emphasis markers
# are gone) or an HTML comment (`<!-- page 3 -->`).
PAGE_SEPARATOR = re.compile(r"^(?:-{3,}|={3,}|\*+|_+|<!--.*-->)$")

# Watermarks stamped on copies: `仅供××公司资质审核使用，他用无效`, `与原件一致`,
# `复印无效`. Only whole short lines: the same words inside a clause are text.
WATERMARK = re.compile(
    r"""^(?:
        .{0,6}仅供.{1,30}使用.{0,10}
      | .{0,20}他用无效.{0,4}
      | (?:此件|本件|复印件)?与原件(?:一致|相符|核对一致|核对无误)[^。]{0,4}
      | .{0,12}(?:再次)?复印(?:件)?无效.{0,4}
    )$""",
    re.VERBOSE,
)

# A line repeated on several pages that is none of the above, e.g. an unknown
# stamp, is furniture only if it is short, says nothing structural and stands
# next to known furniture: a hard wrap can repeat a line of template text in
# two clauses, and removing that would lose content.
REPEAT_MAX_CHARS = 40
REPEAT_MIN_HAN = 2
# A stamp or a printer's mark has no sentence punctuation; a line with some is
# a piece of a sentence. Licenses repeat whole sentences (the same duty in two
# business sections), and a hard wrap can put both copies beside a page break.
SENTENCE_MARKS = "，。；：、,;:"


NOT_REPEATABLE = re.compile(
    r"^(?:[(（]?[一二三四五六七八九十0-9]+[)）、.]|不含|含|仅限|【|\||<|(?:业务)?覆盖范围)"
)


# Furniture is short: a longer line is content, whatever it contains.
FURNITURE_MAX_CHARS = 60


# First characters of each kind of furniture, and the words a watermark
# holds: a line that has none of them is spared the patterns (this runs on
# every short line, and a hard-wrapped license is nothing but short lines).
NUMBER_LINE_STARTS = frozenset("经經许許")
_TITLE_STARTS = frozenset("中增电附([《<特")
_PAGE_STARTS = frozenset("-—–~第共0123456789pP")
_SEPARATOR_STARTS = frozenset("-=*_<")
_WATERMARK_WORDS = ("仅供", "他用无效", "原件", "复印")
_WATERMARK_HINT = re.compile("|".join(_WATERMARK_WORDS))


def _kind(key: str) -> str | None:
    """The kind of furniture a line is, from its key; None for content."""
    if len(key) > FURNITURE_MAX_CHARS:
        return None
    first = key[:1]
    if first in NUMBER_LINE_STARTS and NUMBER_LINE.match(key):
        return "number_header"
    if first in _TITLE_STARTS:
        if ANNEX_TITLE.match(key) or PROVISIONS_TITLE.match(key):
            return "section_title"
        if TITLE.match(key):
            return "title"
    if first in _PAGE_STARTS and PAGE_NUMBER.match(key):
        return "page_number"
    if first in _SEPARATOR_STARTS and PAGE_SEPARATOR.match(key):
        return "page_separator"
    if _WATERMARK_HINT.search(key) and WATERMARK.match(key):
        return "watermark"
    return None


# A hard wrap (25–40 characters a line) can split a title or the number line
# in two; a pair of short lines that together are furniture is furniture.
WRAP_PIECE_MAX_CHARS = 30
_WRAPPABLE = ("title", "section_title", "number_header")
TITLE_TAIL = re.compile(r"^(?:附?页)?[)\]）】]$|^页$")


# The characters a title or a number line can start with: any other line is
# not the first half of one, which spares most lines the joined match.
WRAP_STARTS = frozenset("中增电特《<经經许許附(")


_WRAPPED_WORDS = ("可", "附页", "特别规定事项")


# A watermark is longer than a title: a hard wrap can split it anywhere, and
# OCR of a stamp across two lines leaves either half on its own.
WATERMARK_PIECE_MAX_CHARS = 40
# How a watermark ends: a short second piece must finish one of these, so a
# short line of content after a whole watermark is never taken with it.
WATERMARK_ENDINGS = ("他用无效", "复印无效", "使用")


def _wrapped_watermark(line: Line, kind: str | None, nxt: Line) -> bool:
    first, second = line.key, nxt.key
    if (
        len(first) > WATERMARK_PIECE_MAX_CHARS
        or len(second) > WATERMARK_PIECE_MAX_CHARS
        or not (joined := first + second).endswith(WATERMARK_ENDINGS)
    ):
        return False
    if kind == "watermark":
        # `仅供…审核使用，他` ⏎ `用无效`: only the end of the stamp is left over.
        return len(second) <= 6 and _kind(second) is None and bool(WATERMARK.match(joined))
    return _kind(joined) == "watermark"


def _wrapped(line: Line, kind: str | None, nxt: Line) -> bool:
    if kind in (None, "watermark") and "仅供" in line.key and _wrapped_watermark(line, kind, nxt):
        return True
    if (
        line.key[:1] not in WRAP_STARTS
        or len(line.key) > WRAP_PIECE_MAX_CHARS
        or len(nxt.key) > WRAP_PIECE_MAX_CHARS
    ):
        return False
    if kind == "number_header":
        m = NUMBER_LINE.match(line.key)
        return m is not None and not is_valid(m["value"]) and is_valid(m["value"] + nxt.key)
    if kind in ("title", "section_title") and TITLE_TAIL.match(nxt.key):
        return True  # `…许可证 (附` ⏎ `页)`: the title's tail on a line of its own
    joined = line.key + nxt.key
    # Every title and number label holds one of these: most pairs of short
    # lines are spared two pattern runs.
    if kind is not None or not any(word in joined for word in _WRAPPED_WORDS):
        return False
    return _kind(nxt.key) is None and _kind(joined) in _WRAPPABLE


# A watermark stamped across a line of text, which OCR read as the line's end:
# `信息服务业务（仅限互联网信息服务）仅供××公司资质审核使用，他用无效`.
TRAILING_WATERMARK = re.compile(r"\s*仅\s*供[^。;]{1,40}?(?:他\s*用|复\s*印)\s*无\s*效\s*$")


# A line that starts with one of these continues the sentence before it.
_GOES_ON = frozenset("，,、。；;：:）)")


# Lines that can be furniture or its wrapped first half start with one of
# these (or hold a watermark's words): only they are looked at one by one.
_CANDIDATE_STARTS = (
    NUMBER_LINE_STARTS | _TITLE_STARTS | _PAGE_STARTS | _SEPARATOR_STARTS | WRAP_STARTS
)


class NumberCopy(NamedTuple):
    """A line printing the license number (the cover's field or a page header)."""

    line: Line
    value: str  # what follows the label, joined with the next line if wrapped there
    lines: list[Line]  # the line, and the next one where the number wrapped onto it


class Furnished(NamedTuple):
    content: list[Line]  # the lines that are not furniture
    number_copies: list[NumberCopy]  # every number line, furniture or not, for the vote


def remove_furniture(doc: Document) -> Furnished:
    """Mark furniture in `doc`; return the content lines and the number's copies."""
    lines = doc.lines
    n = len(lines)
    candidates = starting_with(lines, _CANDIDATE_STARTS)
    copies = _number_copies(lines, candidates)
    # The keys joined, spaces out (so `仅 供` is found too): one search over
    # them spares most documents the per-line search for a watermark.
    keys = "\n".join(map(LINE_KEY, lines))
    if any(word in keys for word in _WATERMARK_WORDS):
        hinted = [i for i, line in enumerate(lines) if _WATERMARK_HINT.search(line.key)]
        candidates = sorted(set(candidates).union(hinted))
    kinds: dict[int, str] = {}  # index in `lines` → kind of furniture
    headers: list[int] = []  # indices of the number lines, each opening a page
    paired: set[int] = set()  # second lines of a wrapped furniture line
    seen_title = seen_number = False
    for i in candidates:
        if i in paired:
            continue
        line = lines[i]
        kind = _kind(line.key)
        wrapped = i + 1 < n and _wrapped(line, kind, lines[i + 1])
        if wrapped:
            kind = _kind(line.key + lines[i + 1].key)
            paired.add(i + 1)
        if kind == "section_title":
            joined = line.key + (lines[i + 1].key if wrapped else "")
            section = "annex" if ANNEX_TITLE.match(joined) else "provisions"
            doc.found_title(section, line.no)
        if kind == "title" and not seen_title:
            seen_title, kind = True, None
        elif kind == "title" and i + 1 < n and lines[i + 1].key[:1] in _GOES_ON:
            # `…颁发的` ⏎ `中华人民共和国增值电信业务经营许可证` ⏎ `，且…`: a
            # hard wrap put the license's name alone on a line, mid-sentence.
            kind = None
        elif kind == "number_header":
            headers.append(i)
            if not seen_number:
                seen_number, kind = True, None
        if kind:
            kinds[i] = kind
            if wrapped:
                kinds[i + 1] = kind  # the second half shares the first half's fate
        elif "仅供" in line.key:
            _cut_watermark(doc, i)
    for i in _beside_furniture(lines, kinds, headers, paired):
        kinds[i] = "repeated_line"
    if "watermark" in kinds.values():
        _watermark_pieces(lines, kinds)
    if not kinds:
        return Furnished(list(lines), copies)
    return Furnished(_take_out(doc, lines, kinds), copies)


# The shortest piece of a watermark taken for one on its own line.
WATERMARK_PIECE_MIN_CHARS = 6


def _watermark_pieces(lines: list[Line], kinds: dict[int, str]) -> None:
    """A line that is the end of a watermark found elsewhere (`公司资质审核使用`:
    OCR kept only part of one stamp) is that watermark too."""
    marks = "\n".join(lines[i].key for i, kind in kinds.items() if kind == "watermark")
    for i, line in enumerate(lines):
        key = line.key
        if (
            i not in kinds
            and key.endswith(WATERMARK_ENDINGS)
            and WATERMARK_PIECE_MIN_CHARS <= len(key) <= WATERMARK_PIECE_MAX_CHARS
            and key in marks
        ):
            kinds[i] = "watermark"


def _number_copies(lines: list[Line], candidates: list[int]) -> list[NumberCopy]:
    """Every line that prints the number, long or short, content or furniture."""
    copies = []
    for i in candidates:
        line = lines[i]
        if line.key[:1] not in NUMBER_LINE_STARTS or not (m := NUMBER_LINE.match(line.key)):
            continue
        value, used = m["value"], [line]
        if not is_valid(value) and i + 1 < len(lines) and is_valid(value + lines[i + 1].key):
            value, used = value + lines[i + 1].key, [line, lines[i + 1]]  # wrapped
        copies.append(NumberCopy(line, value, used))
    return copies


def _cut_watermark(doc: Document, i: int) -> None:
    """Take a watermark off the end of a line of content, and say so."""
    line = doc.lines[i]
    m = TRAILING_WATERMARK.search(line.fold)
    if m is None or m.start() == 0:
        return
    # `fold` is `text` character for character, so the span cuts both.
    fold, text = line.fold[: m.start()], line.text[: m.start()]
    doc.replace_line(i, Line(line.no, line.raw, text, fold, key_of(fold)))
    doc.warn(
        "watermark_removed",
        f"removed the watermark `{clean(line.text[m.start() :])}` from the end of line {line.no}",
        line.no,
    )


def _beside_furniture(
    lines: list[Line], kinds: dict[int, str], headers: list[int], paired: set[int]
) -> list[int]:
    """Short lines repeated on several pages right beside known furniture.

    A key seen on two pages (a page opens at each number line) that says
    nothing structural. Only a line next to furniture can be one, and most
    of those occur once in the document: only the rest are looked for line
    by line.
    """
    n = len(lines)
    beside = {
        j
        for i in kinds
        for j in (i - 1, i + 1)
        if 0 <= j < n and j not in kinds and j not in paired
    }
    if not beside:
        return []
    times = Counter(map(LINE_KEY, lines))  # one pass: a count per line would be quadratic
    wanted = {
        key for j in beside if len(key := lines[j].key) <= REPEAT_MAX_CHARS and times[key] >= 2
    }
    if not wanted:
        return []
    at = [
        i
        for i, line in enumerate(lines)
        if line.key in wanted and i not in kinds and i not in paired
    ]
    pages_of: dict[str, set[int]] = defaultdict(set)
    for i in at:
        pages_of[lines[i].key].add(bisect_right(headers, i))
    repeated = {
        key
        for key, pages in pages_of.items()
        if len(pages) >= 2
        and len(HAN_CHAR().findall(key)) >= REPEAT_MIN_HAN
        and not NOT_REPEATABLE.match(key)
        and not any(mark in key for mark in SENTENCE_MARKS)
    }
    return [i for i in beside if lines[i].key in repeated]


def _take_out(doc: Document, lines: list[Line], kinds: dict[int, str]) -> list[Line]:
    """Claim the furniture, note the breaks it leaves, warn, and return the rest."""
    n = len(lines)
    keep = [True] * n
    for i in kinds:
        keep[i] = False
    content = list(compress(lines, keep))
    first_content = keep.index(True) if content else n
    cleaned: dict[str, str] = {}  # the same header comes on every page
    groups: dict[tuple[str, str], list[int]] = {}
    removed: set[str] = set()  # kinds of furniture in the current run of it
    for i in sorted(kinds):
        kind, line = kinds[i], lines[i]
        removed.add(kind)
        text = cleaned.get(line.text) or cleaned.setdefault(line.text, clean(line.text))
        groups.setdefault((kind, text), []).append(line.no)
        doc.claim_line(line.no, "furniture")
        if i + 1 < n and i + 1 not in kinds:  # the run ends; content follows
            if first_content < i:
                doc.mark_break(
                    lines[i + 1].no, "a watermark" if removed == {"watermark"} else "a page break"
                )
            removed = set()
    for (kind, text), nos in groups.items():
        # One warning per distinct stamp, at its first line; `furniture` has all.
        where = f"line {nos[0]}" if len(nos) == 1 else f"lines {', '.join(map(str, nos))}"
        if kind == "watermark":
            doc.warn("watermark_removed", f"removed the watermark `{text}` ({where})", nos[0])
        elif kind == "repeated_line":
            doc.warn(
                "repeated_line_removed",
                f"removed `{text}` ({where}), repeated beside the page furniture on several pages",
                nos[0],
            )
    for (kind, text), nos in groups.items():
        doc.add_furniture(kind, text, nos)
    return content
