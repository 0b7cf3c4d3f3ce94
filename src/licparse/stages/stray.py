"""Lines no license prints: what OCR makes of a stamp, a smudge or a fold.

After a clause's last sentence, such a line would be read as more of its
text. A license is printed in GB2312's characters and Chinese sentences: a
line mostly of characters outside GB2312 (`畾龘靐齉爩鱻麤`) or mostly of
Latin letters and symbols (`qwe#@ 亻尔么司`) is no part of it, and goes to
`unparsed` instead (output.md: stray OCR lines).
"""

from __future__ import annotations

# Shorter than this, a line may be a label, a number or a stop OCR split off.
MIN_CHARS = 4


def is_stray(key: str) -> bool:
    """Whether a line's key (folded, no white space) is no license's text."""
    if len(key) < MIN_CHARS:
        return False
    # One encoding in C: every character outside GB2312 becomes `?`.
    outside = key.encode("gb2312", "replace").count(b"?") - key.count("?")
    if 2 * outside >= len(key):
        return True
    latin = sum(1 for c in key if c.isascii() and not c.isdigit())
    return 2 * (latin + outside) > len(key) and latin >= MIN_CHARS // 2 + 1
