"""The character classes every stage shares, defined once.

`\\d` is never used in a pattern here: it matches any Unicode digit (`꘤`,
`෦`), and license numbers, dates, labels and page numbers are written with
ASCII digits (full-width ones are folded to ASCII before matching).
"""

from __future__ import annotations

import functools
import re

# CJK ideographs: Extension A, the Unified block, the compatibility block and
# Extensions B–H. Where a stage needs "a Chinese character", this is it.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"


@functools.cache
def HAN_CHAR() -> re.Pattern[str]:
    """One Chinese character. Compiled on first use, as the project's other
    large patterns are (`functools.cache`): a class of the CJK blocks costs
    milliseconds of every start-up, and text input rarely needs it."""
    return re.compile(f"[{HAN}]")
