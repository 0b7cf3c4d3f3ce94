"""Stage 5c: the 特别规定事项 → the clause tree `一、` → `（一）` → `1.`.

A line that starts with a label is a candidate. The numbering sequence and the
text around the label decide whether it opens a clause or only looks like a
label: an enumeration a wrap put at a line start (`违反本条第一、` ⏎ `二、三项…`),
a reference (`前款` ⏎ `（一）项…`, `（一）至（三）项…`), a number starting a
sentence (`…申请。` ⏎ `三、四级…`). A label the sequence expects opens a clause
unless the text before it goes on (`、`, `第`, `前款`) or what follows reads as
a reference; one out of sequence (a label OCR lost or misread) only after a
sentence end and before a word. Lines without a label continue the deepest
open clause, across page breaks; a seal block after a sentence end does not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..catalogue import MII, MIIT, PROVINCES, authority_of
from .dates import KEY_DATE
from .document import Document
from .labels import (
    DAMAGED_STARTS,
    label_of,
    mend,
    read_damaged,
    warn_mended,
)
from .lost import (
    LEAD_IN_END,
    MAX_LOST,
    open_lost_child,
    open_lost_section,
    paragraph_ends,
    restore_first,
    restore_gap,
    restore_last,
    restore_lead_in,
)
from .nodes import Node
from .normalize import Line, full_width_parens
from .numerals import CN_NUMERAL_CHARS, cn_number
from .sections import CLAUSE_OPENING, PREAMBLE_START
from .stray import is_stray

# These patterns run on every line, so they use the standard library's `re`:
# for short anchored patterns its per-call cost is less than half of
# `regex`'s (measured: 0.36 µs against 0.88 µs), and they need nothing more.
_N = f"[{CN_NUMERAL_CHARS}]"

# Level 1: `十六、`, OCR-spaced `十 六 、` (on the folded line).
# Level 2: `（三）` or `(三)` or `( 三 )`, full and half width mixed.
# Level 3: `1.` / `1、` / `（1）` / `①`. `(?![0-9])` keeps `1.5` a number.
# OCR-to-markdown tools escape an ordered-list marker: `1\.`.
# One pattern for the three, tried in that order: it runs on every line.
CLAUSE_LABEL = re.compile(
    rf"^(?:(?P<l1>{_N}(?:\s*{_N}){{0,3}})\s*、"
    rf"|\(\s*(?P<l2>{_N}(?:\s*{_N}){{0,3}})\s*\)"
    r"|(?P<num>[0-9]{1,2})\s*\\?[.、](?![0-9])|\(\s*(?P<pnum>[0-9]{1,2})\s*\)|(?P<circled>[①-⑳]))\s*"
)
# The characters a label can start with: other lines skip the three patterns.
LABEL_STARTS = frozenset(
    CN_NUMERAL_CHARS + "(0123456789" + "".join(map(chr, range(0x2460, 0x2474)))
)
_NUM = rf"(?:{_N}+|[0-9]+)"
# What follows a reference or an enumeration, not a clause, matched on the
# text after the label with its spaces removed (Tesseract: `（ 一 ） 项 规 定`):
# `二、三项…`, `一、二、三项…`, `（一）项要求…`, `（一）目规定…`, `（一）、（二）项…`,
# `（一）至（三）项…`. A clause may start with a word made of one of those
# characters (`项目`, `款项`, `条件`, `条例`, `目前`, `目录`): the second
# character of such a word keeps the label.
REFERENCE_TAIL = rf"""^(?:{_NUM}[项款条目]|{_N}+[、,和及或至到]{_N}
    |[项款条目](?![目下件例款约文码项式额前录标光])
    |[、,和及或与至到~\-—](?:\({_NUM}|{_NUM}[)、,和及或至到项款条目]))"""
# The characters a reference tail starts with: other labels skip the pattern.
REFERENCE_STARTS = frozenset(CN_NUMERAL_CHARS + "0123456789项款条目、,和及或与至到~-—")
# The end of a text that a reference goes on from: `未按前款` ⏎ `（一）…`.
REFERENCE_END = r"[前本该上此同]\s*[款项条]$"
REFERENCE_END_CHARS = frozenset("款项条")


@functools.cache
def _reference() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # Compiled on first use: together they cost milliseconds of every
    # start-up, and a label rarely has a reference's shape around it.
    return re.compile(REFERENCE_TAIL, re.VERBOSE), re.compile(REFERENCE_END)


# What an out-of-sequence label's text must not start with: a number. Clause
# texts start with words (`你公司`, `在`, `对`, `应当`, `（适用于…）`); a label
# out of sequence before a number is a number at a sentence start that a
# wrap put first on the line (`三、四级…`, `二十、三十个机柜…`).
NUMERAL_STARTS = frozenset(CN_NUMERAL_CHARS + "0123456789")
# Characters that end a sentence or a lead-in: a label may follow them.
SENTENCE_END = frozenset("。：:；;！？!?”」』】.")
# Characters after which the text certainly goes on: no label may follow.
JOINERS = frozenset("、，,和与及或第")
# A speck OCR read between a label and its text, before how clauses open.
SPECK_AFTER_LABEL = re.compile(r"^[0-9.·'`,，。]\s+(?=你公司|贵公司|[(（]适用于)")
SPECKS = frozenset("0123456789.·'`,，。")

# The seal block printed after the last clause, or a stamp OCR read between
# clauses: an authority alone, `（盖章）`, `行政许可专用章`, a date alone; one
# or several of them on a line. Matched on the line's key (folded, no spaces).
# After a sentence end such a line is not clause text (it goes to
# `unparsed`); a hard wrap inside a sentence (`…应当向` ⏎ `江苏省通信管理局` ⏎
# `报告。`) keeps it in the clause. Authorities by their full names only: a
# sentence's wrapped line may end in one (`你公司应当向江苏省通信管理局`).
_MINISTRIES = "|".join(name.removeprefix("中华人民共和国") for name in (MIIT, MII))
_AUTHORITIES = "|".join([*map(authority_of, PROVINCES), f"(?:中华人民共和国)?(?:{_MINISTRIES})"])


@functools.cache
def _seal_line() -> re.Pattern[str]:
    # Some forty alternatives cost milliseconds to compile at every start-up;
    # only a short line after a sentence end, ending like a seal, needs them.
    return re.compile(
        rf"""(?:{_AUTHORITIES}
        |\(?盖章\)?
        |[\u4e00-\u9fff]{{0,12}}专用章
        |{KEY_DATE}
        )+""",
        re.VERBOSE,
    )


# Only a short line ending so can be one: other lines skip the pattern.
SEAL_ENDS = frozenset("部局)章日0123456789")
SEAL_MAX_CHARS = 40  # an authority, `（盖章）` and a date on one line
# A lead-in's colon may introduce a date or an authority: not a seal's place.
SEAL_AFTER = SENTENCE_END - frozenset("：:")

# How a clause's text starts: unlabelled text before `二、` that starts so is
# the first clause whose label OCR lost.
FIRST_CLAUSE_TEXT = re.compile(rf"^{CLAUSE_OPENING}")

# The preamble before the first clause, naming the company (docs/domain.md §3.4).
PREAMBLE_END = re.compile(r"[:：]$|下列规定事项")
PREAMBLE_COMPANY = re.compile(r"组成部分[,，](?P<company>.{1,80}?)应当按照")
PREAMBLE_MAX_LINES = 8


@dataclass
class Provisions:
    clauses: list[Node]
    preamble_company: str | None = None
    preamble_line: int | None = None


def _candidate(line: Line) -> tuple[int, int, str, int] | None:
    """(level, number, normalised label, end of label in the text) or None."""
    folded = line.fold
    if folded[:1] not in LABEL_STARTS or (m := CLAUSE_LABEL.match(folded)) is None:
        return None
    try:
        if (num := m["l1"]) is not None:
            num = "".join(num.split())
            return 1, cn_number(num), f"{num}、", m.end()
        if (num := m["l2"]) is not None:
            num = "".join(num.split())
            return 2, cn_number(num), f"（{num}）", m.end()
    except (KeyError, ValueError):
        return None
    if m["circled"]:
        return 3, ord(m["circled"]) - ord("①") + 1, m["circled"], m.end()
    if m["pnum"]:
        return 3, int(m["pnum"]), f"（{int(m['pnum'])}）", m.end()
    return 3, int(m["num"]), f"{int(m['num'])}.", m.end()


class Builder:
    def __init__(self, doc: Document, joined: dict[int, int] | None = None) -> None:
        self.doc = doc
        # Lines that a label split across a page break was joined from: a
        # clause that holds the first holds the second too.
        self.joined = joined or {}
        self.roots: list[Node] = []
        self.stack: list[Node] = []  # open clauses, outermost first, levels rising
        # The last character of the deepest open clause's text so far, and
        # its last line's text (for `前款`): what decides whether a label may
        # follow.
        self.end: str | None = None
        self.tail = ""
        # Whether a line's text ends a paragraph (`paragraph_ends`); None
        # leaves a list's last clause as it is.
        self.ends_paragraph: Callable[[str], bool] | None = None

    def _siblings(self, level: int) -> list[Node] | None:
        """The list a new clause of `level` joins, or None if it has no parent."""
        if level == 1:
            return self.roots
        for node in reversed(self.stack):
            if node.level < level:
                return node.children
        return None

    def expected(self, level: int) -> int | None:
        """The number the next clause of `level` should have; None if it has no parent."""
        siblings = self._siblings(level)
        if siblings is None:
            return None
        return siblings[-1].number + 1 if siblings else 1

    def accept(
        self, level: int, number: int, rest: str, line: Line, siblings: list[Node] | None
    ) -> list[Node] | None:
        """The list the clause joins if the label opens one, else None;
        `siblings` is `_siblings(level)`."""
        # `rest` is stripped: its first character is not a space.
        if rest[:1] in REFERENCE_STARTS and _reference()[0].match("".join(rest.split())):
            return None
        if siblings is None:
            if self.roots or self.stack:
                return None
            self.doc.warn(
                "orphan_clause",
                "a clause of a lower level comes before any `一、` clause",
                line.no,
            )
            return self.roots
        expected = siblings[-1].number + 1 if siblings else 1
        end = self.end
        if end in JOINERS or (end in REFERENCE_END_CHARS and _reference()[1].search(self.tail)):
            return None
        if number == expected:
            return siblings
        if (end is not None and end not in SENTENCE_END) or rest[:1] in NUMERAL_STARTS:
            return None
        label = "clause" if not siblings else f"after `{siblings[-1].label}`"
        if siblings and number == siblings[-1].number:
            self.doc.warn("numbering_repeat", f"{label} the same number comes again", line.no)
        elif number > expected:
            self.doc.warn(
                "numbering_gap", f"{label} number {expected} is missing (found {number})", line.no
            )
        elif number == 1:
            self.doc.warn("numbering_restart", f"{label} the numbering starts again at 1", line.no)
        else:
            self.doc.warn(
                "numbering_out_of_order", f"{label} number {number} is out of order", line.no
            )
        return siblings

    def open(
        self, level: int, number: int, label: str, rest: str, line: Line, siblings: list[Node]
    ) -> None:
        node = Node(
            level,
            number,
            label,
            [(line.no, rest)] if rest else [],
            line.no,
            last_line=self.joined.get(line.no, line.no),
        )
        siblings.append(node)
        self.close(level)
        self.stack.append(node)
        self.end = rest[-1] if rest else None
        self.tail = rest

    def close(self, level: int) -> None:
        """Close the open clauses of `level` and deeper. A list that ends here
        may have swallowed a last clause whose label OCR lost: no later label
        shows the gap, so the text must (`split_last`)."""
        while self.stack and self.stack[-1].level >= level:
            node = self.stack.pop()
            if node.level > level and len(node.parts) > 1 and self.ends_paragraph is not None:
                restore_last(self, node, self.ends_paragraph)

    def continue_text(self, line: Line) -> bool:
        key = line.key
        # The set lookups first: this runs on every line.
        if not self.stack or (
            self.end in SEAL_AFTER and ((key[-1:] in SEAL_ENDS and _is_seal(key)) or is_stray(key))
        ):
            return False
        node = self.stack[-1]
        if (
            line.no in self.doc.breaks_before
            and self.end is not None
            and self.end not in SENTENCE_END
        ):
            self.doc.note(
                "page_break_joined",
                f"clause {node.label} continues after {self.doc.breaks_before[line.no]}; "
                "the text was joined",
                line.no,
            )
        # A clause's own last line; its ancestors' are found from their
        # children when the tree is made.
        node.parts.append((line.no, line.text))
        node.last_line = self.joined.get(line.no, line.no)
        self.end = line.text[-1] if line.text else None
        self.tail = line.text
        return True


def _is_seal(key: str) -> bool:
    return len(key) <= SEAL_MAX_CHARS and _seal_line().fullmatch(key) is not None


def parse_provisions(doc: Document, lines: list[Line]) -> Provisions:
    mended = mend(lines)
    lines = mended.lines
    builder = Builder(doc, mended.joined)
    builder.ends_paragraph = paragraph_ends(
        lines, sum(1 for line in lines if line.fold[:1] in LABEL_STARTS)
    )
    provisions = Provisions([])
    pending: list[Line] = []  # unlabelled text before the first clause
    # Claimed directly, not by `doc.claim_line`: this runs on every line.
    claims = doc.claims
    i = 0
    while i < len(lines):
        line = lines[i]
        if not builder.roots and not builder.stack and PREAMBLE_START.match(line.key):
            block = [line]
            while (
                not PREAMBLE_END.search(block[-1].key)
                and i + 1 < len(lines)
                and (len(block) < PREAMBLE_MAX_LINES)
                and not _candidate(lines[i + 1])
            ):
                i += 1
                block.append(lines[i])
            doc.claim_field("preamble", block)
            m = PREAMBLE_COMPANY.search("".join(b.key for b in block))
            if m:
                provisions.preamble_company = full_width_parens(m["company"])
                provisions.preamble_line = block[0].no
            i += 1
            continue
        cand = _candidate(line)
        damaged = None
        if (
            cand is None
            and line.fold[:1] in DAMAGED_STARTS
            and (damaged := read_damaged(line.fold))
        ):
            # A damaged label only where the sequence expects exactly it.
            wanted = builder.expected(damaged.level)
            if wanted is not None and damaged.number == 0:
                damaged = damaged._replace(number=wanted, label=label_of(damaged.level, wanted))
            if damaged.level == 3 and (damaged.number != wanted or builder.end not in SENTENCE_END):
                # An item number is weak evidence (`…提前` ⏎ `30日内…`): only the
                # one expected, after a sentence end.
                damaged = None
            elif wanted is not None and damaged.number in (wanted, wanted + 1):
                cand = damaged.level, damaged.number, damaged.label, damaged.end
            else:
                damaged = None
        if cand is not None:
            level, number, label, end = cand
            rest = line.text[end:].strip()
            if rest[:1] in SPECKS and (speck := SPECK_AFTER_LABEL.match(rest)) is not None:
                # `三、1 你公司…`: a speck between the label and the text.
                doc.warn(
                    "label_repaired",
                    f"the label `{label}{speck.group().strip()}` was read as `{label}`",
                    line.no,
                )
                rest = rest[speck.end() :]
            if level == 1 and 1 < number <= MAX_LOST + 1 and not builder.roots and pending:
                restore_first(doc, builder, pending, number, label)
            if number == 1 and level > 1:
                restore_lead_in(builder, level)
            siblings = builder._siblings(level)
            if siblings is not None and number > (siblings[-1].number + 1 if siblings else 1):
                restore_gap(builder, level, number, siblings)
            siblings = builder.accept(level, number, line.fold[end:].strip(), line, siblings)
            if siblings is not None:
                builder.open(level, number, label, rest, line, siblings)
                claims[line.no] = "clause"
                if damaged is not None:
                    doc.warn(
                        "label_repaired",
                        f"the label `{damaged.printed}` was read as `{label}`",
                        line.no,
                    )
                if mended.glued or mended.joined:
                    warn_mended(doc, mended, label, line)
                i += 1
                continue
        if (
            builder.roots
            and line.key[:1] in "你贵"
            and (
                (builder.end not in JOINERS and open_lost_section(doc, builder, line))
                or (builder.end in LEAD_IN_END and open_lost_child(doc, builder, line))
            )
        ):
            i += 1
            continue
        if builder.continue_text(line):
            claims[line.no] = "clause"
        elif FIRST_CLAUSE_TEXT.match(line.key) or pending:
            pending.append(line)
        i += 1
    builder.close(0)
    for first, second in mended.joined.items():
        if doc.claims.get(first) == "clause":
            doc.claim_line(second, "clause")
    provisions.clauses = builder.roots
    return provisions
