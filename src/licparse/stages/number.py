"""The license number's grammar (docs/domain.md §1), in the manner of python-stdnum:
`compact` → `validate` (the parts, or a typed error) → `is_valid`.

OCR confuses look-alike characters (`O`/`0`, `l`/`1`, `Z`/`2`, `B`/`8`). The
grammar says which kind of character each position holds, so a permissive
pattern finds the number's shape and each part is then mapped to the
characters its position allows; every such change is reported as a repair.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, NamedTuple

import regex

from ..catalogue import MII, MIIT, PROVINCE_ALIASES, PROVINCES, authority_of
from ..codes import WarningCode
from ..models import NumberInfo
from .normalize import key_of

if TYPE_CHECKING:
    from .document import Document
    from .furniture import NumberCopy


class InvalidNumber(ValueError):
    """The text does not have the shape of any license number form."""


_PROV = "".join(PROVINCES) + "".join(PROVINCE_ALIASES)

# Characters OCR prints for a digit, and the digit they stand for.
_DIGIT_LOOKALIKES = {
    "O": "0",
    "o": "0",
    "Q": "0",
    "D": "0",
    "〇": "0",
    "I": "1",
    "l": "1",
    "|": "1",
    "i": "1",
    "L": "1",
    "Z": "2",
    "z": "2",
    "S": "5",
    "s": "5",
    "B": "8",
    "b": "6",
    "G": "6",
}
_D = "[0-9" + regex.escape("".join(_DIGIT_LOOKALIKES)) + "]"
# Class letters: `8` for `B` is the common misread; class digits 1 or 2 only.
_CLASS = r"[ABab8][12IilLZz|]"
# Dashes OCR prints for the hyphen, including the CJK numeral 一.
_DASH = r"[-－—–一~]"
MISREAD_DASHES = "一~"

# Between classes: `B1.B2`, OCR'd as `B1·B2`, `B1,B2` or `B1。B2`.
CLASS_SEPARATOR = regex.compile(r"[.·,，。]")


# The modern grammar: [ICP证][合字|省] CLASSES - YYYY NNNN [号] [-site] [号]
# (§1.1), permissive in every position a misread can reach.
def _modern(serial: str) -> regex.Pattern[str]:
    return regex.compile(
        rf"""
        (?:ICP证)?
        (?P<prefix>合字|[{_PROV}])?
        (?P<classes>{_CLASS}(?:[.·,，。]{_CLASS})*)
        {_DASH}
        (?P<year>{_D}{{4}}) (?P<serial>{serial}) (?!{_D})
        号?
        (?:{_DASH}(?P<site>[0-9]{{1,4}}))?
        号?
        """,
        regex.VERBOSE,
    )


MODERN = _modern(f"{_D}{{4}}")


@functools.cache
def _odd_digits() -> regex.Pattern[str]:
    """The same with a digit too few or too many (`赣B2-2012052`,
    `京B1-201602150`): seen on real licenses (domain.md §1.3), kept as printed
    and doubted. Compiled at the first number that needs it (4 ms)."""
    return _modern(f"{_D}{{3}}|{_D}{{5}}")


# The ministry's pre-2008 cross-regional form `B2-2004-0851号` (§1.2).
MII_FORM = regex.compile(
    rf"(?P<classes>{_CLASS}(?:[.·]{_CLASS})*){_DASH}(?P<year>{_D}{{4}}){_DASH}"
    rf"(?P<serial>{_D}{{4}})(?!{_D})号?",
)

# The older ICP license `京ICP证030173号` (§1.2): YY then a 4-digit serial.
ICP_FORM = regex.compile(rf"(?P<prov>[{_PROV}])ICP证(?P<digits>{_D}{{6}})(?!{_D})号?")

# Shapes that look like a number but are something else (§1.2 "Not licence
# numbers"): never read these as the license.
NOT_A_LICENSE_NUMBER = regex.compile(r"ICP备|公网安备|网文|D3-|经营性-|出版|网证")


class ParsedNumber(NamedTuple):
    number: str  # normalised
    info: NumberInfo
    repairs: list[str]  # what the grammar changed
    doubts: tuple[str, ...] = ()  # what is odd about it, kept as printed


def compact(text: str) -> str:
    """Fold full-width forms and drop white space: the form the patterns read."""
    return key_of(text)


def _digits(raw: str, what: str, repairs: list[str]) -> str:
    out = "".join(_DIGIT_LOOKALIKES.get(ch, ch) for ch in raw)
    if out != raw:
        repairs.append(f"{what} `{raw}` read as `{out}`")
    return out


def _dashes(number: str, repairs: list[str]) -> None:
    """A character OCR read for the hyphen that is no dash (`苏B2一2023…`):
    a repair. The dashes of other widths are the same sign, printed."""
    for misread in sorted(set(number) & set(MISREAD_DASHES)):
        repairs.append(f"`{misread}` read as the hyphen")


def _classes(raw: str, repairs: list[str]) -> list[str]:
    parts = CLASS_SEPARATOR.split(raw)
    out = []
    for part in parts:
        letter = "B" if part[0] in "8b" else part[0].upper()
        digit = "2" if part[1] in "Zz" else ("1" if part[1] in "IilL|" else part[1])
        fixed = letter + digit
        if fixed != part:
            repairs.append(f"class `{part}` read as `{fixed}`")
        out.append(fixed)
    return out


@functools.lru_cache(maxsize=256)  # each page repeats the number: parse it once
def validate(text: str, *, odd_digits: bool = False) -> ParsedNumber:
    """Parse `text` (one number, possibly with surrounding junk) or raise InvalidNumber."""
    s = compact(text)
    if NOT_A_LICENSE_NUMBER.search(s):
        raise InvalidNumber(f"`{s}` is a filing or other permit number, not a license number")
    repairs: list[str] = []

    m = ICP_FORM.search(s)
    if m:
        prov = m["prov"]
        region = PROVINCE_ALIASES.get(prov, prov)
        digits = _digits(m["digits"], "digits", repairs)
        yy = int(digits[:2])
        info = NumberInfo(
            region=region,
            province=PROVINCES[region],
            classes=[],
            first_issue_year=2000 + yy if yy < 90 else 1900 + yy,
            serial=digits[2:],
            foreign_invested=False,
            issuer=authority_of(region),
            site_suffix=None,
            form="icp",
        )
        return ParsedNumber(f"{prov}ICP证{digits}号", info, repairs)

    m = MII_FORM.search(s)
    if m and not MODERN.search(s):
        _dashes(m.group(), repairs)
        classes = _classes(m["classes"], repairs)
        year = _digits(m["year"], "year", repairs)
        serial = _digits(m["serial"], "serial", repairs)
        info = NumberInfo(
            region=None,
            province=None,
            classes=classes,
            first_issue_year=int(year),
            serial=serial,
            foreign_invested=False,
            issuer=MII,
            site_suffix=None,
            form="mii",
        )
        return ParsedNumber(f"{'.'.join(classes)}-{year}-{serial}", info, repairs)

    m = MODERN.search(s)
    doubts: tuple[str, ...] = ()
    # Only when asked: a number wrapped at the line's end (`苏B2-2023103` ⏎
    # `6`) must first be tried whole with the next line.
    if not m and odd_digits and (m := _odd_digits().search(s)):
        count = 4 + len(m["serial"])
        doubts = (f"{count} digits after the hyphen, not 8 (a year and a 4-digit serial)",)
    if not m:
        raise InvalidNumber(f"`{s}` does not have the form of a license number")
    _dashes(m.group(), repairs)
    classes = _classes(m["classes"], repairs)
    year = _digits(m["year"], "year", repairs)
    serial = _digits(m["serial"], "serial", repairs)
    prefix = m["prefix"] or ""
    foreign = prefix == "合字"
    region = None
    if prefix and not foreign:
        region = PROVINCE_ALIASES.get(prefix, prefix)
    info = NumberInfo(
        region=region,
        province=PROVINCES[region] if region else None,
        classes=classes,
        first_issue_year=int(year),
        serial=serial,
        foreign_invested=foreign,
        issuer=authority_of(region) if region else MIIT,
        site_suffix=m["site"],
        form="modern",
    )
    return ParsedNumber(f"{prefix}{'.'.join(classes)}-{year}{serial}", info, repairs, doubts)


def is_valid(text: str) -> bool:
    try:
        validate(text)
    except InvalidNumber:
        return False
    return True


class NumberFinding(NamedTuple):
    code: WarningCode
    message: str
    line: int


def resolve(copies: list[tuple[int, str]]) -> tuple[ParsedNumber | None, list[NumberFinding]]:
    """The number all copies agree on, and what was repaired or outvoted.

    Each copy is read by the grammar; the reading most copies give wins (ties
    go to the earliest, the cover). A copy the grammar had to repair, or that
    reads differently from the winner, is reported on its own line.
    """
    findings: list[NumberFinding] = []
    parsed: list[tuple[int, str, ParsedNumber]] = []
    for line, text in copies:
        try:
            parsed.append((line, text, validate(text, odd_digits=True)))
        except InvalidNumber as exc:
            findings.append(NumberFinding("number_unreadable", str(exc), line))
    if not parsed:
        return None, findings
    votes: dict[str, int] = {}
    for _, _, p in parsed:
        votes[p.number] = votes.get(p.number, 0) + 1
    winner_number = max(votes, key=lambda n: votes[n])  # first of the most-voted
    same = [p for _, _, p in parsed if p.number == winner_number]
    winner = next((p for p in same if not p.repairs), same[0])
    for line, text, p in parsed:
        shown = compact(text)
        if p.number != winner_number:
            findings.append(
                NumberFinding(
                    "number_outvoted",
                    f"this copy reads `{p.number}`; {votes[winner_number]} of {len(parsed)} copies "
                    f"read `{winner_number}`, which is kept",
                    line,
                )
            )
        elif p.repairs:
            n = sum(1 for q in same if not q.repairs)
            support = f"; {n} cop{'y' if n == 1 else 'ies'} printed it correctly" if n else ""
            if len(parsed) == 1:
                support = "; it is the only copy of the number, so nothing confirms the repair"
            findings.append(
                NumberFinding(
                    "number_misread",
                    f"`{shown}` repaired to `{winner_number}` by the number's grammar "
                    f"({'; '.join(p.repairs)}){support}",
                    line,
                )
            )
    if winner.doubts:
        first = next(line for line, _, p in parsed if p.number == winner_number)
        findings.append(
            NumberFinding(
                "number_digit_count",
                f"`{winner_number}` has {'; '.join(winner.doubts)}: kept as printed (such "
                "numbers are seen on real licenses); check it against the scan",
                first,
            )
        )
    return winner, findings


def vote(
    doc: Document, cover_copies: list[tuple[int, str]], header_copies: list[NumberCopy]
) -> ParsedNumber | None:
    """Every copy of the number — the cover's and each page header's — votes."""
    copies = dict(cover_copies)
    for copy in header_copies:
        copies[copy.line.no] = copy.value
        for part in copy.lines:
            if doc.claims.get(part.no) in (None, "license_number"):
                doc.claim_field("license_number", [part])
    number, findings = resolve(sorted(copies.items()))
    for finding in findings:
        doc.warn(finding.code, finding.message, finding.line)
    return number
