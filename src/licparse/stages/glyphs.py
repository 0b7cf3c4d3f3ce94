"""Traditional glyphs in a simplified license: what OCR made of a Kai or
Song face (`經营`, `特別`, `人員`), put back to the characters a license prints.

A PRC license is printed in simplified characters, so a traditional-only form
(one no GB2312 character shares, see tools/glyph_table.py) is a misread, not
the text: left in, it breaks a clause's text, a catalogue name, a title.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict


@functools.cache
def _table() -> tuple[re.Pattern[str], dict[int, int]]:
    # Compiling a class of some 2,300 characters costs milliseconds: once,
    # on the first text, never at import.
    from .glyph_table import SIMPLIFIED, TRADITIONAL

    return re.compile(f"[{TRADITIONAL}]"), str.maketrans(TRADITIONAL, SIMPLIFIED)


def simplify(text: str) -> tuple[str, dict[tuple[str, str], list[int]]]:
    """`text` with traditional glyphs read as simplified, and each repair's
    (glyph, character) → the lines (numbered from 1) it was made on."""
    found, table = _table()
    first = found.search(text)
    if first is None:
        return text, {}
    lines: dict[tuple[str, str], list[int]] = defaultdict(list)
    line, at = 1, 0
    for m in found.finditer(text, first.start()):
        line += text.count("\n", at, m.start())
        at = m.start()
        glyph = m.group()
        seen = lines[glyph, glyph.translate(table)]
        if not seen or seen[-1] != line:
            seen.append(line)
    return text.translate(table), dict(lines)
