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
def _table() -> tuple[re.Pattern[str], dict[str, str]]:
    # Compiling a class of some 2,300 characters costs milliseconds: once,
    # on the first text, never at import.
    from .glyph_table import SIMPLIFIED, TRADITIONAL

    return re.compile(f"[{TRADITIONAL}]"), dict(zip(TRADITIONAL, SIMPLIFIED, strict=True))


def simplify(text: str) -> tuple[str, dict[tuple[str, str], list[int]]]:
    """`text` with traditional glyphs read as simplified, and each repair's
    (glyph, character) → the lines (numbered from 1) it was made on."""
    found, table = _table()
    # One scan of the text: the few glyphs are replaced slice by slice.
    at = [m.start() for m in found.finditer(text)]
    if not at:
        return text, {}
    lines: dict[tuple[str, str], list[int]] = defaultdict(list)
    pieces: list[str] = []
    line, done = 1, 0
    for start in at:
        line += text.count("\n", done, start)
        glyph = text[start]
        pieces += (text[done:start], table[glyph])
        done = start + 1
        seen = lines[glyph, table[glyph]]
        if not seen or seen[-1] != line:
            seen.append(line)
    pieces.append(text[done:])
    return "".join(pieces), dict(lines)
