"""Chinese numerals as printed in dates and clause labels."""

from __future__ import annotations

import functools

# 〇 (and its look-alikes ○ and O, and 零) is zero; 两 is two.
CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "十百"


@functools.lru_cache(maxsize=1024)  # a label's numeral comes again in every license
def cn_number(text: str) -> int:
    """`十二` → 12, `二十一` → 21, `一百零二` → 102, `二〇一九` → 2019 (digit by digit
    when there is no 十 or 百). Raises KeyError/ValueError on anything else."""
    if not text:
        raise ValueError("empty numeral")
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        rest = rest.lstrip("零〇")
        return (CN_DIGITS[hundreds] if hundreds else 1) * 100 + (cn_number(rest) if rest else 0)
    if "十" not in text:
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        raise ValueError(f"not a numeral: {text}")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


_WRITTEN = "〇一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """12 → `十二`, 21 → `二十一`: a clause number as a label prints it (1–99)."""
    tens, ones = divmod(n, 10)
    if not tens:
        return _WRITTEN[ones]
    return (_WRITTEN[tens] if tens > 1 else "") + "十" + (_WRITTEN[ones] if ones else "")
