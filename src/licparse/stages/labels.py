"""Clause labels as real OCR leaves them: damaged or moved.

The printed grammar (`十一、`, `（四）`) is read in `clauses`; this module reads
what an OCR engine makes of it, always under the numbering's control: a
damaged or glued label is taken only where the sequence expects exactly that
number. Labels OCR lost altogether are restored in `lost`.

- damaged: the terminator misread or lost (`十一：`, `三。`, `五 你公司`), a
  speck before the label (`.十五、`, `·(六)`, `'4.`), a bracket lost (`十四）`,
  `（十三你公司`, `一)未经批准`), the numeral lost (`、你公司`, `()未经批准`),
  `十` read as `+`, `土` or `千`. A level-1 label read so must be followed by
  how clauses open (`你公司`, `（适用于`).
- glued: a label moved onto the end of the previous line after a sentence
  end (`…欺骗用户。(四)你公司发布…`, `…。3.并采取…`).
- split: a label broken by a page break (`八` ⏎ furniture ⏎ `、你公司…`).

Each repair is a warning on its line, naming what was printed.
"""

from __future__ import annotations

import bisect
import itertools
import re
from operator import itemgetter
from typing import TYPE_CHECKING, NamedTuple

from .normalize import Line
from .numerals import CN_NUMERAL_CHARS, cn_number, cn_numeral

if TYPE_CHECKING:
    from .document import Document

# How a clause's text opens: evidence that a label stood before it.
OPENING = re.compile(r"^(?:你|贵)公司|^\(适用于")
# Specks and stray stops OCR reads before a label (matched on the fold).
NOISE = ".。·'`‘’,、:;"
# `十` as OCR misreads it in a label.
CONFUSABLE = {"+": "十", "土": "十", "千": "十", "=": "二"}
_N = CN_NUMERAL_CHARS + "".join(CONFUSABLE)
_CN = f"[{CN_NUMERAL_CHARS}]"
# A level-1 label with its terminator misread or lost, after a speck or two.
DAMAGED_L1 = re.compile(
    rf"^[{NOISE}]{{0,2}}\s*(?P<num>[{_N}](?:\s*[{_N}]){{0,3}})\s*(?P<term>[、,:。.;]?)\s*"
)
# A level-2 label with a bracket lost (or a speck before it).
DAMAGED_L2 = re.compile(
    rf"^[{NOISE}]{{0,2}}\s*(?P<open>\(?)\s*(?P<num>[{_N}](?:\s*[{_N}]){{0,2}})\s*(?P<close>\)?)\s*"
)
# A level-3 item after a speck (`'4.并采取…`); a bare one is read in `clauses`.
DAMAGED_L3 = re.compile(
    rf"^(?:[{NOISE}]{{1,2}}\s*(?P<num>[0-9]{{1,2}})\s*[.、](?![0-9])|(?P<bare>[0-9]{{1,2}})(?=[\u4e00-\u9fff]))\s*"
)
# What follows a numeral in a reference or an enumeration, not a clause's word.
REFERENCE_CHARS = _N + "项款条目、,)"
# A label after a sentence end inside a line, followed by a clause's opening.
# Spaces only, never a line break: it runs on the section's lines joined, and
# a label at a line start is no glued one.
GLUED = re.compile(
    rf"[。;:] *(?P<label>(?P<l1>{_CN}{{1,3}})、|\( *(?P<l2>{_CN}{{1,3}}) *\)"
    r"|(?P<l3>[0-9]{1,2})\.)"
    # Not before a numeral: `。三、四级…` is a number starting a sentence.
    r" *(?![一二三四五六七八九十〇零0-9、,)])"
)
# The same, one pattern per stop: a pattern that starts with a literal is
# searched for at C speed, one that starts with a class character by
# character (a quarter of the time over a whole section).
_GLUED_BODY = GLUED.pattern.removeprefix("[。;:]")
GLUED_AFTER = tuple(re.compile(re.escape(stop) + _GLUED_BODY) for stop in "。;:")
# `十五、你公司在经营在线数据处理与交易处理业务时应当遵守下列规定：` (docs/domain.md §3.4).
# Bounded (a business name is short) so a long clause without the ending
# costs one short scan, not one per character.
BUSINESS_SECTION = re.compile(r"^(?:你|贵)公司在经营(?P<biz>.{1,60}?)时(?:应当)?遵守下列规定")
# A clause text line that starts a sentence the way a clause does.
SENTENCE_START = re.compile(r"^(?:你|贵)公司|^[(（]适用于")
SENTENCE_ENDS = frozenset("。;；:：")


class Damaged(NamedTuple):
    level: int
    number: int
    label: str  # normalised: `十一、`, `（四）`
    end: int  # where the label ends in the line's text
    printed: str  # the label as printed


# A label whose one-stroke numeral 一 was lost: `、你公司…`, `()你公司…`.
NUMERAL_LOST = re.compile(r"^(?:、|\(\s*\))\s*")


# What a damaged label can start with; every other line skips the patterns
# (this runs on each line of clause text).
DAMAGED_STARTS = frozenset(NOISE + _N + "(0123456789")


def read_damaged(folded: str) -> Damaged | None:
    """A label in a damaged form at the start of a folded line, or None.

    A label whose numeral was lost has number 0: the caller gives it the
    number the sequence expects."""
    if folded[:1] not in DAMAGED_STARTS:
        return None
    if m := NUMERAL_LOST.match(folded):
        rest = "".join(folded[m.end() :].split())
        # `()未经批准…`: both brackets say a label stood here, whatever follows.
        if OPENING.match(rest) or (folded[0] == "(" and rest[:1] not in ("", *REFERENCE_CHARS)):
            level = 1 if folded[0] == "、" else 2
            return Damaged(level, 0, "", m.end(), folded[: m.end()].strip())
    if (m := DAMAGED_L2.match(folded)) and (m["open"] or m["close"]):
        rest = "".join(folded[m.end() :].split())
        # `(二未经批准…`, `二)未经批准…`: a lost bracket before a word, not a reference.
        word = rest[:1] and rest[0] not in REFERENCE_CHARS
        if OPENING.match(rest) or (m["open"] and m["close"]) or word:
            num = "".join(CONFUSABLE.get(ch, ch) for ch in "".join(m["num"].split()))
            try:
                number = cn_number(num)
            except (KeyError, ValueError):
                return None
            return Damaged(2, number, f"（{num}）", m.end(), folded[: m.end()].strip())
    if (m := DAMAGED_L3.match(folded)) is not None:
        # `'4.并采取…`, `3并将…`: the caller takes it only where the sequence
        # expects exactly that item, after a sentence end.
        number = int(m["num"] or m["bare"])
        return Damaged(3, number, f"{number}.", m.end(), folded[: m.end()].strip())
    if (m := DAMAGED_L1.match(folded)) is None:
        return None
    rest = "".join(folded[m.end() :].split())
    if not OPENING.match(rest):
        return None
    num = "".join(m["num"].split())
    num = "".join(CONFUSABLE.get(ch, ch) for ch in num)
    try:
        number = cn_number(num)
    except (KeyError, ValueError):
        return None
    return Damaged(1, number, f"{num}、", m.end(), folded[: m.end()].strip())


def find_glued(folded: str) -> tuple[int, int, int, str, int] | None:
    """(level, number, label start, normalised label, label end) of a label
    glued after a sentence end inside the line, or None."""
    if not any(end in folded for end in "。;:"):
        return None
    m = GLUED.search(folded)
    if m is None or not folded[: m.start()].strip(NOISE + " "):
        # A stop with nothing before it is a speck before a label (`。(四)你公司…`),
        # not the end of a sentence the label was glued to.
        return None
    if m["l3"]:
        return 3, int(m["l3"]), m.start("label"), f"{m['l3']}.", m.end()
    num = m["l1"] or m["l2"]
    try:
        number = cn_number(num)
    except (KeyError, ValueError):
        return None
    if m["l1"]:
        return 1, number, m.start("label"), f"{num}、", m.end()
    return 2, number, m.start("label"), f"（{num}）", m.end()


def label_of(level: int, number: int) -> str:
    """The normalised label of clause `number` at `level`."""
    if level == 1:
        return f"{cn_numeral(number)}、"
    if level == 2:
        return f"（{cn_numeral(number)}）"
    return f"{number}."


# A line that is only the start of a label, stranded before a page break:
# `八`, `（`, `（十`. The next content line holds the rest (`、你公司…`).
LABEL_HEAD = re.compile(rf"^[{NOISE}]?\(?{_CN}{{0,3}}$")
LABEL_TAIL = re.compile(rf"^(?:{_CN}{{0,3}}\)|、)")


def split_label(head: str, tail: str) -> bool:
    """Whether `head` (a whole line's key) and `tail` (the next line's fold)
    are one label broken across lines."""
    if not (
        0 < len(head) <= 4
        and tail[:1] in "、)" + CN_NUMERAL_CHARS
        and LABEL_HEAD.match(head) is not None
        and (m := LABEL_TAIL.match(tail)) is not None
    ):
        return False
    after = "".join(tail[m.end() :].split())
    if OPENING.match(after):
        return True
    # `(` ⏎ `一)未经批准…`: both brackets are there, a word follows. (An item
    # number stranded so, `1` ⏎ furniture, is read as the page number it looks like.)
    return "(" in head and m.group().endswith(")") and after[:1] not in ("", *REFERENCE_CHARS)


_FOLD = itemgetter(Line._fields.index("fold"))  # faster than attrgetter on a NamedTuple


class Mended(NamedTuple):
    lines: list[Line]
    glued: set[Line]  # pieces that start at a glued label: warned if it opens a clause
    joined: dict[int, int]  # a label's first line → the line joined to it


def mend(lines: list[Line]) -> Mended:
    """Lines with labels put back where OCR moved them: a label glued after a
    sentence end starts a piece of its own, a label split over two lines is
    joined into the first line's number."""
    # Both repairs are rare: one search over the joined lines, and a look at
    # the few short lines, find where they may be; the rest is passed over.
    folded = "\n".join(map(_FOLD, lines))
    suspects = {k for k, line in enumerate(lines) if len(line.key) <= 4}
    glued_at = [m.start() for pattern in GLUED_AFTER for m in pattern.finditer(folded)]
    if glued_at:
        starts = list(itertools.accumulate((len(line.fold) + 1 for line in lines), initial=0))
        suspects.update(bisect.bisect_right(starts, at) - 1 for at in glued_at)
    mended = Mended([], set(), {})
    if not suspects:
        return mended._replace(lines=lines)
    # Only the suspects are looked at; the lines between are copied in slices.
    done = 0  # lines before this index are in mended.lines
    for k in sorted(suspects):
        if k < done:
            continue  # the second half of a split label, joined already
        mended.lines.extend(lines[done:k])
        done = k + 1
        line = lines[k]
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if nxt is not None and split_label(line.key, nxt.fold):
            joined = Line.of(line.no, line.text + nxt.text)
            mended.lines.append(joined._replace(raw=f"{line.raw}\n{nxt.raw}"))
            mended.joined[line.no] = nxt.no
            done = k + 2
            continue
        glued = find_glued(line.fold)
        if glued is not None and glued[2] > 0:
            start = glued[2]
            piece = Line.of(line.no, line.text[start:])
            mended.lines.extend((Line.of(line.no, line.text[:start]), piece))
            mended.glued.add(piece)
            continue
        mended.lines.append(line)
    mended.lines.extend(lines[done:])
    return mended


def warn_mended(doc: Document, mended: Mended, label: str, line: Line) -> None:
    """The repair behind a label that opened a clause on `line`, if any."""
    no = line.no
    if line in mended.glued:
        doc.warn(
            "label_glued",
            f"the label `{label}` stood inside line {no}, after the previous clause's last "
            "sentence; the clause was split there",
            no,
        )
    elif no in mended.joined:
        doc.warn(
            "label_split_joined",
            f"the label `{label}` was split across a page break; its pieces were joined",
            no,
        )
