"""Each first-character prefilter admits every line its pattern can match.

The hot patterns run only on lines whose first character is in a hand-kept
set; a pattern that grew a new first character without its set would miss
lines in silence. So: take every fixture line a pattern matches, put each
character of a wide alphabet first (every character of the fixtures, ASCII,
full-width forms, Unicode digits such as `꘤` and `෦`), and wherever the
pattern still matches, the prefilter must admit that character.
"""

from __future__ import annotations

import re

import pytest

from licparse.stages import clauses, furniture
from licparse.stages.normalize import split_lines

from ..conftest import FIXTURES

KEYS = sorted(
    {
        line.key
        for path in FIXTURES.glob("*.txt")
        for line in split_lines(path.read_text(encoding="utf-8", errors="replace")).lines
    }
    # Shapes no fixture prints on a line of its own.
    | {"---", "***", "___", "===", "<!--page3-->", "第2页共6页", "2/6", "page2of6"}
)
ALPHABET = sorted(
    set("".join(KEYS))
    | {chr(c) for c in range(0x21, 0x7F)}
    | {chr(c) for c in range(0xFF01, 0xFF5F)}
    | set("꘤෦٣۳०〇○①⑳十百千土+")
)

PREFILTERED = [
    ("number line", furniture.NUMBER_LINE, furniture.NUMBER_LINE_STARTS),
    ("page number", furniture.PAGE_NUMBER, furniture._PAGE_STARTS),
    ("page separator", furniture.PAGE_SEPARATOR, furniture._SEPARATOR_STARTS),
    ("title", furniture.TITLE, furniture._TITLE_STARTS),
    ("annex title", furniture.ANNEX_TITLE, furniture._TITLE_STARTS),
    ("provisions title", furniture.PROVISIONS_TITLE, furniture._TITLE_STARTS),
    ("clause label", clauses.CLAUSE_LABEL, clauses.LABEL_STARTS),
]


@pytest.mark.parametrize(
    ("name", "pattern", "starts"), PREFILTERED, ids=[p[0] for p in PREFILTERED]
)
def test_prefilter_admits_every_first_character(
    name: str, pattern: re.Pattern[str], starts: frozenset[str]
) -> None:
    matched = [key for key in KEYS if pattern.match(key)]
    assert matched, f"no fixture line is a {name}: the test would prove nothing"
    missed = {
        c
        for key in matched
        for tail in {key[1:], key}  # the first character replaced, or one put before
        for c in ALPHABET
        if c not in starts and pattern.match(c + tail)
    }
    assert not missed, f"{name}: the pattern matches lines starting with {sorted(missed)}"
