"""Stage 2: text → numbered lines, and the text-cleaning rules of the contract.

Matching runs on a *folded* copy of each line (full-width ASCII mapped to
half-width, one character for one, so spans found in the fold slice the
original); values are cut from the original and then cleaned, so characters
are kept as printed.
"""

from __future__ import annotations

import bisect
import functools
import re
from itertools import compress, count, repeat
from operator import itemgetter
from typing import NamedTuple

import regex

# A markdown heading marker or block quote that OCR-to-markdown tools put
# before a line (OCR may lose the space after `#`); never part of the value.
MARKDOWN_PREFIX = regex.compile(r"^\s{0,3}(?:#{1,6}(?=\s|$|[^\x00-\x7f])|>)\s*")
# Bold/italic markers around a label or value (`**公司名称**：…`,
# `**公司名称：** …`): a pair around text, or a run that touches a word where
# OCR split the pair over two lines. A run alone is text: `法定代表人：***` is
# a masked name, and a line of stars a page separator.
MARKDOWN_EMPHASIS = regex.compile(r"(\*{2,3}|_{2,3})(?=[^\s*_])(.+?)(?<=[^\s*_])\1")
_EMPHASIS_LEFT = regex.compile(
    r"(?<![*_])(?:\*{2,3}|_{2,3})(?=[\p{L}\p{N}])|(?<=[\p{L}\p{N}])(?:\*{2,3}|_{2,3})(?![*_])"
)

_FOLD = {chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_FOLD.update(dict.fromkeys("\u3000\u00a0\x0c\x0b\x09\ufeff", " "))
_TO_FOLD = re.compile(r"[\uff01-\uff5e\u3000\u00a0\x09\x0b\x0c\ufeff]")
# The full-width characters of nearly every line, replaced by str.replace
# first: folding runs on every line, and this is 6x faster than translate().
_COMMON = [(ch, _FOLD[ch]) for ch in "，（）：；！？\u3000"]


def fold(text: str) -> str:
    """Full-width ASCII → ASCII and odd spaces → space; same length as `text`."""
    if not _TO_FOLD.search(text):
        return text
    for wide, narrow in _COMMON:
        if wide in text:
            text = text.replace(wide, narrow)
    if _TO_FOLD.search(text):
        text = _TO_FOLD.sub(lambda m: _FOLD[m.group()], text)
    return text


# CJK ideographs (with 〇 and ○, written for zero in dates) and CJK or
# full-width punctuation: the characters whose neighbouring spaces OCR
# invents. A space between one of them and half-width punctuation (which
# Tesseract prints for full-width) is the OCR's too.
_WIDE = (
    "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f\u3007\u25cb"
    "\u3001-\u303f\uff00-\uffef“”‘’…—·"
)
_NARROW = re.escape(",.:;!?()[]")
_IS_WIDE = re.compile(f"[{_WIDE}]")
_STRIP = " \t\r\n\f\v\u3000\u00a0\ufeff"
# The space runs that stay (as one space): beside any other character, at an
# end, or between two narrow ones. They are rare, so cleaning is a split on
# them and the removal of every other space, in C; each alternative starts
# with the space so the search skips ahead to spaces instead of running the
# pattern at every character (spaced OCR text is half spaces).
_S = r"[\s\u00a0\ufeff]"
_ONLY_TIGHT = re.compile(rf"(?:[{_WIDE}{_NARROW}]|{_S})*")
_NARROW_SPACE_NARROW = re.compile(rf"[{_NARROW}]{_S}+[{_NARROW}]")
_KEPT_SPACE = re.compile(
    rf"{_S}(?:(?<![{_WIDE}{_NARROW}\s\u00a0\ufeff]{_S}){_S}*"
    rf"|{_S}*(?![{_WIDE}{_NARROW}\s\u00a0\ufeff])"
    rf"|(?<=[{_NARROW}]{_S}){_S}*(?=[{_NARROW}]))"
)


def clean(text: str) -> str:
    """The contract's cleaning: no spaces between CJK, other space runs → one."""
    text = text.strip(_STRIP)
    # `isprintable()` is false for every white-space character but the plain
    # space: with no space either, there is nothing to clean.
    if " " not in text and text.isprintable():
        return text
    # Only wide and narrow characters, no two narrow ones around a space:
    # every space goes (Tesseract's spaced Chinese), found in one C-level run.
    if _ONLY_TIGHT.fullmatch(text) and not _NARROW_SPACE_NARROW.search(text):
        tight = text.replace(" ", "")
        if tight.isprintable():  # rarer white space may stand at an end: kept
            return tight
    return " ".join(map(_without_spaces, _KEPT_SPACE.split(text)))


def _without_spaces(piece: str) -> str:
    tight = piece.replace(" ", "")
    if tight.isprintable():
        return tight
    return "".join(piece.replace("\ufeff", " ").split())


def join(parts: list[str]) -> str:
    """Join wrapped pieces: no space where either side is CJK, else one space.

    Digits on both sides join without a space too: a hard wrap that splits
    `90日` must not print `9 0日`, and no license wraps between two numbers.
    """
    if len(parts) == 1:  # most clauses and fields are one line
        return clean(parts[0])
    out = ""
    for part in parts:
        part = clean(part)
        if not part:
            continue
        if out and not _joins_tight(out[-1], part[0]):
            out += " "
        out += part
    return out


@functools.lru_cache(maxsize=4096)  # a few hundred distinct line ends and starts
def _joins_tight(left: str, right: str) -> bool:
    if left.isdigit() and right.isdigit():
        return True
    return bool(_IS_WIDE.match(left) or _IS_WIDE.match(right))


_CJK_PARENS = regex.compile(r"(?<=[\p{Han}])\s*\(\s*([^()]*?)\s*\)\s*(?=[\p{Han}])")


def full_width_parens(text: str) -> str:
    """`爱安特(常州)精密` → `爱安特（常州）精密`: half-width parentheses between CJK."""
    return str(_CJK_PARENS.sub(lambda m: f"（{m.group(1)}）", text))


def _key(folded: str) -> str:
    """A folded line without any white space (folding made it all spaces)."""
    return "".join(folded.split()) if " " in folded else folded


def key_of(text: str) -> str:
    """What labels, furniture and names are matched on: `text` folded, with
    no white space (so `公 司 名 称` and `公司名称` are one key)."""
    return "".join(fold(text).split())


class Line(NamedTuple):
    """One line of the decoded source (a tuple: there are many, made fast)."""

    no: int  # 1-based
    raw: str  # as decoded
    text: str  # markdown prefix removed, stripped
    fold: str  # `text` folded for matching
    key: str  # `fold` without any white space, for label and furniture matching

    @classmethod
    def of(cls, no: int, text: str) -> Line:
        """A line made from a piece of another (a table cell, a label's value)."""
        folded = fold(text)
        return cls(no, text, text, folded, _key(folded))

    @property
    def blank(self) -> bool:
        return not self.key


class Joined:
    """Lines joined by newlines, with a map from a position back to its lines:
    patterns that span lines (an annex entry, a table row) run on the whole."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.text = "\n".join(line.text for line in lines)
        self.folded = fold(self.text)
        self.starts = []
        pos = 0
        for line in lines:
            self.starts.append(pos)
            pos += len(line.text) + 1

    def lines_between(self, start: int, end: int) -> list[Line]:
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_right(self.starts, max(start, end - 1)) - 1
        return self.lines[first : last + 1]


# A line's fields by position, for `map` over many lines with no Python call
# per line (a field name would need one).
LINE_NO = itemgetter(0)
LINE_KEY = itemgetter(4)


def starting_with(lines: list[Line], chars: frozenset[str]) -> list[int]:
    """Indices of the (non-blank) `lines` whose key starts with one of `chars`.

    Runs in C (`map`, `compress`): it looks at every line of the document.
    """
    firsts = map(itemgetter(0), map(LINE_KEY, lines))
    return list(compress(count(), map(chars.__contains__, firsts)))


_MARKDOWN_STARTS = frozenset("#> \t")


class Lines(NamedTuple):
    """A text's non-blank lines, and how many lines it has in all."""

    lines: list[Line]
    total: int


def split_lines(text: str) -> Lines:
    """The non-blank lines of `text`, numbered as an editor numbers them.

    Blank lines get no `Line` (a plain OCR text is half blank lines, and
    nothing reads them): only the count keeps them.
    """
    # Fold the whole text at once (folding keeps every character's position
    # and never makes or removes a line break), then split both the same way:
    # on line feeds only, as an editor numbers lines (`str.splitlines` would
    # also split on form feeds and U+2028). Every step below runs over all
    # lines at once in C (`map`, `compress`, `str` methods): a Python
    # statement per line would cost more than the rest of the split.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    folded = fold(text)
    raws, folds = text.split("\n"), folded.split("\n")
    if len(raws) > 1 and raws[-1] == "":
        # A final line break ends the last line; it opens no new one.
        raws.pop()
        folds.pop()
    total = len(raws)
    # Folding made every odd space a plain one, so a key is its fold without
    # spaces, unless a rarer white space (U+2028, U+1680…) is left.
    keyed = folded.replace(" ", "")
    keys = keyed.split("\n") if keyed.replace("\n", "").isprintable() else list(map(_key, folds))
    del keys[total:]
    # A line with an empty key is blank: only the others are kept.
    numbers = list(compress(count(1), keys))
    raws, folds = list(compress(raws, keys)), list(compress(folds, keys))
    keys = list(filter(None, keys))
    n = len(raws)
    texts = list(map(str.strip, raws, repeat(_STRIP, n)))
    stripped = list(map(str.strip, folds, repeat(_STRIP, n)))
    lines: list[Line] = list(
        map(tuple.__new__, repeat(Line, n), zip(numbers, raws, texts, stripped, keys, strict=True))
    )
    marked: set[int] = set()
    if "#" in text or ">" in text:
        firsts = map(_MARKDOWN_STARTS.__contains__, map(itemgetter(0), raws))
        marked.update(compress(count(), firsts))
    if "**" in text or "__" in text:
        marked.update(i for i, raw in enumerate(raws) if "**" in raw or "__" in raw)
    if marked:
        for i in marked:
            lines[i] = _markdown_line(numbers[i], raws[i], folds[i])
        # Markdown alone (`#`, `> `, `****`) makes a line blank.
        lines = [line for line in lines if line.key]
    return Lines(lines, total)


def _markdown_line(no: int, raw: str, folded: str) -> Line:
    body = raw
    # The markdown patterns only where they can match: this runs per line.
    if body[:1] in _MARKDOWN_STARTS and (m := MARKDOWN_PREFIX.match(body)):
        body, folded = body[m.end() :], folded[m.end() :]
    if "**" in body or "__" in body:
        if body.strip(" *_"):
            body = _EMPHASIS_LEFT.sub("", MARKDOWN_EMPHASIS.sub(r"\2", body))
        else:  # a rule of markers only, as it always was
            body = body.replace("**", "").replace("__", "")
        folded = fold(body)
    body, folded = body.strip(_STRIP), folded.strip(_STRIP)
    return Line(no, raw, body, folded, _key(folded))
