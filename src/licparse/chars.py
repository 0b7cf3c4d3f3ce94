"""The character classes every stage shares, defined once.

`\\d` is never used in a pattern here: it matches any Unicode digit (`꘤`,
`෦`), and license numbers, dates, labels and page numbers are written with
ASCII digits (full-width ones are folded to ASCII before matching).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

# CJK ideographs: Extension A, the Unified block, the compatibility block and
# Extensions B–H. Where a stage needs "a Chinese character", this is it.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"


def lazy(make: Callable[[], re.Pattern[str]]) -> Callable[[], re.Pattern[str]]:
    """A pattern compiled on first use, then kept.

    For patterns that most runs never need: compiling a large class or some
    forty alternatives costs milliseconds of every start-up.
    """
    return functools.cache(make)


HAN_CHAR = lazy(lambda: re.compile(f"[{HAN}]"))
