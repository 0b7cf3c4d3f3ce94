"""Dates in every printed form of inputs.md → ISO `YYYY-MM-DD`."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import regex

from .normalize import key_of
from .numerals import cn_number

CN_DATE_CHARS = "〇○零O一二三四五六七八九十"  # what a date's numerals are written with
_CN = CN_DATE_CHARS

# `2023年 07月 12日`, `2019年8月2日`: arabic with 年月日, any spaces.
ARABIC_YMD = regex.compile(
    r"(?P<y>[0-9]{4})\s*年\s*(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*日?"
)
# `2019-08-02`, `2019.08.02`, `2019/08/02`.
ARABIC_SEP = regex.compile(
    r"(?<![0-9])(?P<y>[0-9]{4})\s*(?P<sep>[-./])\s*(?P<m>[0-9]{1,2})\s*(?P=sep)\s*(?P<d>[0-9]{1,2})(?![0-9])"
)
# `二〇一九年八月二日`, `二〇二四年十二月三十一日`.
CHINESE_YMD = regex.compile(
    rf"(?P<y>[{_CN}]{{4}})\s*年\s*(?P<m>[{_CN}]{{1,3}})\s*月\s*(?P<d>[{_CN}]{{1,3}})\s*日?"
)
# `二二五年四月二十九日`: a Chinese-numeral year that lost a numeral to OCR
# (most often the small 〇).
SHORT_YEAR_YMD = regex.compile(
    rf"(?<![{_CN}])(?P<y>[{_CN}]{{3}})\s*年\s*(?P<m>[{_CN}]{{1,3}})\s*月\s*(?P<d>[{_CN}]{{1,3}})\s*日"
)
# Years a license can be dated in: a repaired year must fall here.
PLAUSIBLE_YEARS = range(1995, 2041)
# Any of the above, to find where a date stands in a line.
ANY_DATE = regex.compile(
    rf"[0-9]{{4}}\s*年\s*[0-9]{{1,2}}\s*月\s*[0-9]{{1,2}}\s*日?"
    rf"|(?<![0-9])[0-9]{{4}}\s*[-./]\s*[0-9]{{1,2}}\s*[-./]\s*[0-9]{{1,2}}(?![0-9])"
    rf"|[{_CN}]{{3,4}}\s*年\s*[{_CN}]{{1,3}}\s*月\s*[{_CN}]{{1,3}}\s*日?"
)

# OCR look-alikes inside an arabic date: `2O19年`, `2019年O8月`.
_DATE_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
LOOKALIKE_DATE = regex.compile(r"[0-9Ool]{4}\s*年\s*[0-9OolI]{1,2}\s*月\s*[0-9OolI]{1,2}\s*日?")


class ParsedDate(NamedTuple):
    iso: str | None  # None when the printed date does not exist (2月30日)
    printed: str
    repaired: bool  # look-alike characters were read as digits


def parse_date(text: str) -> ParsedDate | None:
    """The first date in `text`, or None if there is none."""
    s = key_of(text)  # OCR spacing: `二 〇 一 九 年`
    repaired = False
    m = ARABIC_YMD.search(s) or ARABIC_SEP.search(s)
    if m:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    elif (m := CHINESE_YMD.search(s)) is not None:
        try:
            y, mo, d = cn_number(m["y"]), cn_number(m["m"]), cn_number(m["d"])
        except (KeyError, ValueError):
            return ParsedDate(None, m.group(0), False)
        # A Latin `O` read for 〇 (`二O二三年`) is a repair, as `2O23` is.
        repaired = "O" in m.group(0)
    elif (m := SHORT_YEAR_YMD.search(s)) is not None:
        # Put back the lost numeral wherever that gives a plausible year; only
        # a single such reading is taken.
        readings = (
            _cn_year(m["y"][:k] + lost + m["y"][k:])
            for k in range(4)
            for lost in "〇一二三四五六七八九"
        )
        years = {year for year in readings if year is not None and year in PLAUSIBLE_YEARS}
        if len(years) != 1:
            return None
        try:
            y, mo, d = years.pop(), cn_number(m["m"]), cn_number(m["d"])
        except (KeyError, ValueError):
            return None
        repaired = True
    elif (m := LOOKALIKE_DATE.search(s)) is not None:
        fixed = ARABIC_YMD.search(m.group(0).translate(_DATE_LOOKALIKES))
        if not fixed:
            return None
        y, mo, d = int(fixed["y"]), int(fixed["m"]), int(fixed["d"])
        repaired = True
    else:
        return None
    try:
        iso = dt.date(y, mo, d).isoformat()
    except ValueError:
        iso = None
    return ParsedDate(iso, s[m.start() : m.end()], repaired)


def _cn_year(numerals: str) -> int | None:
    try:
        return cn_number(numerals)
    except (KeyError, ValueError):
        return None


# A whole date on a line's key (folded, no white space), with its 日: the
# dates of a seal block (`2023年07月12日`, `2023-07-12`, `二〇二三年七月十二日`).
# A source to put inside a larger pattern, with one backreference group.
KEY_DATE = (
    r"[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日"
    r"|[0-9]{4}([-./])[0-9]{1,2}\1[0-9]{1,2}"
    rf"|[{CN_DATE_CHARS}]{{4}}年[{CN_DATE_CHARS}]{{1,3}}月[{CN_DATE_CHARS}]{{1,3}}日"
)
