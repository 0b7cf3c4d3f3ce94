"""Damage a clean license text the way a real OCR engine damages clause labels.

Used by the property test of the tolerant clause parser: take a clean license
(a seed, or any text laid out like one), apply some of the damage kinds below
at randomly chosen clause labels, and check that the parser still finds every
clause and says what it repaired.

    d = damage(text, ["terminator", "glued"], random.Random(7))
    d.text    # the damaged license
    d.hits    # per damage applied: kind, level, label, path, line, warning

Every kind was seen in RapidOCR output of rendered, slightly rotated and
degraded page scans (shared/spec/inputs.md, "What a real OCR engine does to
the text"); each kind's function docstring quotes the real example.

Rules the generator keeps so that the damaged text still has one correct
reading (the clean text's clause tree):

- only label lines inside the 特别规定事项 section are hit, each label at most
  once; a kind that touches the previous line (``glued``, ``stop_lost``) also
  retires the label before it, so two damages never edit the same spot;
- nothing is inserted or removed inside a clause's own text, except by
  ``drop_line`` (kind 10, not recoverable, kept out of ``KINDS``);
- a kind with no eligible label left is skipped and listed in
  ``Damaged.skipped``, never forced.

Line numbers are 1-based lines of the damaged text (``text.split("\\n")``).
``Hit.line`` is the line where the clause now starts: its label line, the
previous line for a glued label, the stranded fragment's line for a label
split by a page break, and the first text line for a lost label.

Pure standard library, deterministic for a given ``random.Random`` state, and
linear in the size of the text for a given number of kinds (one pass to find
the labels, one per kind to pick an eligible label, one to join the result).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace

__all__ = [
    "ALL_KINDS",
    "KINDS",
    "WARNING_FOR_KIND",
    "Damaged",
    "Hit",
    "Label",
    "cn_number",
    "damage",
    "labels_in",
]

# ---------------------------------------------------------------------------
# Reading the clean text
# ---------------------------------------------------------------------------

CN_DIGITS = "一二三四五六七八九"
CN = "一二三四五六七八九十"

# A label at a line start, spaces allowed inside (Tesseract spacing).
_L1 = re.compile(rf"^(\s*)([{CN}]{{1,3}})(\s*)(、)")
_L2 = re.compile(rf"^(\s*)([（(])(\s*)([{CN}]{{1,3}})(\s*)([）)])")
_L3_DOT = re.compile(r"^(\s*)(\d{1,2})(\s*)(\\?[.．、])(?!\d)")  # 1\. is markdown-escaped
_L3_BR = re.compile(r"^(\s*)([（(])(\s*)(\d{1,2})(\s*)([）)])")
# A label followed at once by another numeral, 至 or a bracketed numeral is an
# enumeration or a range (三、四级, 二、三项, （一）至（三）项, 二十、三十个), not a label.
_ENUMERATION = re.compile(rf"^\s*(?:[{CN}]|至|[（(]\s*[{CN}\d])")
_SECTION_TITLE = "特别规定事项"
# A clean clause ends its sentence before the next label.
_CLAUSE_END = "。：；:;"
_SPACES = re.compile(r"\s+")
# A seal's text between clauses (行政许可专用章, （盖章）) says nothing about sentence ends.
_STAMP = re.compile(r"^[（(]?(?:\S{0,12}专用章|盖章)[）)]?$")
_FURNITURE = re.compile(
    r"^(?:#*经营许可证编号|#*特别规定事项$|#*中华人民共和国增值电信业务经营许可证|-\d+-$|第\d+页$"
    r"|\d+/\d+$|仅供.*使用|与原件一致$)"
)


def cn_number(numeral: str) -> int | None:
    """The value of a clause numeral 一 … 九十九 (`十一` → 11, `二十` → 20), else None."""
    if not numeral or any(c not in CN for c in numeral):
        return None
    if "十" not in numeral:
        return CN_DIGITS.index(numeral) + 1 if len(numeral) == 1 else None
    tens, _, ones = numeral.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return None
    t = CN_DIGITS.index(tens) + 1 if tens else 1
    o = CN_DIGITS.index(ones) + 1 if ones else 0
    return t * 10 + o


def cn_numeral(n: int) -> str:
    """`11` → `十一`, `20` → `二十`, `3` → `三` (1 ≤ n ≤ 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens - 1] + "十")
    return head + (CN_DIGITS[ones - 1] if ones else "")


def _squash(line: str) -> str:
    return _SPACES.sub("", line)


def is_furniture(line: str) -> bool:
    """Page furniture: the number header, the section title, page numbers, watermarks."""
    return bool(_FURNITURE.match(_squash(line)))


@dataclass(frozen=True)
class Label:
    """A clause label found on a line of the clean text."""

    line: int  # 0-based index into text.split("\n")
    level: int  # 1 一、  2 （一）  3 1. / （1）
    number: int
    label: str  # normalised: 十一、 （四） 1. （1）
    open: str  # printed opening bracket ("" for 一、 and 1.)
    numeral: str  # printed numeral: 十一 / 四 / 1
    close: str  # printed terminator: 、 ） ) . 、
    end: int  # index in the line just after the label
    indent: str  # leading white space before the label
    path: str = ""  # the labels from the top: 十五、（一）


def _match_label(line: str) -> tuple[int, int, str, str, str, str, int, str] | None:
    """(level, number, normalised, open, numeral, close, end, indent) of a line-start label."""
    m = _L1.match(line)
    if m:
        n = cn_number(m.group(2))
        if n is not None:
            return 1, n, cn_numeral(n) + "、", "", m.group(2), m.group(4), m.end(), m.group(1)
    m = _L2.match(line)
    if m:
        n = cn_number(m.group(4))
        if n is not None:
            norm = f"（{cn_numeral(n)}）"
            return 2, n, norm, m.group(2), m.group(4), m.group(6), m.end(), m.group(1)
    m = _L3_BR.match(line)
    if m:
        n = int(m.group(4))
        return 3, n, f"（{n}）", m.group(2), m.group(4), m.group(6), m.end(), m.group(1)
    m = _L3_DOT.match(line)
    if m:
        n = int(m.group(2))
        return 3, n, f"{n}.", "", m.group(2), m.group(4), m.end(), m.group(1)
    return None


def _section_start(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if _squash(line).lstrip("#") == _SECTION_TITLE:
            return i
    return None


def _find_labels(lines: list[str]) -> list[Label]:
    start = _section_start(lines)
    if start is None:
        return []
    found: list[Label] = []
    counters = [0, 0, 0, 0]  # last accepted number per level (index 1..3)
    open_labels = ["", "", "", ""]  # the current label per level, for paths
    prev_text: str | None = None  # last non-blank, non-furniture line
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if not line.strip() or is_furniture(line):
            continue
        m = _match_label(line)
        if m is not None:
            level, number, norm, op, numeral, close, end, indent = m
            in_sequence = number == counters[level] + 1 and (level == 1 or counters[level - 1] > 0)
            sentence_ended = prev_text is None or prev_text.rstrip()[-1:] in _CLAUSE_END
            enumeration = bool(_ENUMERATION.match(line[end:]))
            if in_sequence and sentence_ended and not enumeration:
                path = "".join(open_labels[1:level]) + norm
                open_labels[level] = norm
                found.append(Label(i, level, number, norm, op, numeral, close, end, indent, path))
                counters[level] = number
                for deeper in range(level + 1, 4):
                    counters[deeper] = 0
        if not _STAMP.match(_squash(line)):
            prev_text = line
    return found


def labels_in(text: str) -> list[tuple[int, int, str]]:
    """The clause labels of a clean license: ``(line_no, level, label)``, 1-based lines.

    Labels are looked for at line starts after the 特别规定事项 title and accepted
    when they continue the numbering (一、 after nothing or the previous 一、-level
    number + 1; （一） and 1. likewise under their parent), the previous text line
    ended its sentence, and no other numeral follows at once (``三、四级``).
    """
    return [(lab.line + 1, lab.level, lab.label) for lab in _find_labels(text.split("\n"))]


# ---------------------------------------------------------------------------
# The damage record
# ---------------------------------------------------------------------------

KINDS = (
    "terminator",
    "noise",
    "bracket",
    "glued",
    "numeral",
    "page_split",
    "label_lost",
    "applies_to",
    "stop_lost",
)
"""Damage kinds 1–9, each recoverable from the text alone."""

ALL_KINDS = (*KINDS, "drop_line")
"""With kind 10, a line lost (not recoverable: the parser can only warn)."""

WARNING_FOR_KIND: dict[str, str | None] = {
    "terminator": "label_repaired",
    "noise": "label_repaired",
    "bracket": "label_repaired",
    "glued": "label_glued",
    "numeral": "label_repaired",
    "page_split": "label_split_joined",
    "label_lost": "label_restored",
    "applies_to": "applies_to_repaired",
    "stop_lost": None,  # a missing full stop is normal, nothing to report
    "drop_line": None,  # set per hit: numbering_gap if a label went with the line
}
"""The warning code a good parser emits for each kind (at ``Hit.line``)."""


@dataclass(frozen=True)
class Hit:
    """One damage applied. For ``drop_line``, `label`/`path` name the clause the
    lost line belonged to (or the clause lost with it) and `line` is the line
    that now follows the gap."""

    kind: str
    level: int
    label: str  # normalised label of the clause hit
    path: str  # with its parents' labels: 十五、（一）
    line: int  # 1-based line in the damaged text where that clause now starts
    warning: str | None  # expected warning code at `line`, or None
    before: str  # the label line as it was
    after: str  # what now stands there (joined with ⏎ where lines were added)


@dataclass(frozen=True)
class Damaged:
    text: str
    hits: tuple[Hit, ...]
    skipped: tuple[str, ...] = ()  # kinds that found no eligible label
    labels: tuple[tuple[int, int, str], ...] = field(default=())  # labels_in(original)


# ---------------------------------------------------------------------------
# The damage kinds
# ---------------------------------------------------------------------------


class _Doc:
    """The text as slots, one per original line; a slot may grow or empty out.

    A position is (slot, offset within the slot); it is turned into a line
    number only at the end, so every edit is O(1) plus the scan for the
    previous text line, and the final join is linear.
    """

    def __init__(self, text: str) -> None:
        self.orig = text.split("\n")
        self.slots: list[list[str]] = [[line] for line in self.orig]
        self.labels = _find_labels(self.orig)
        self.index = {lab.line: k for k, lab in enumerate(self.labels)}
        self.used: set[int] = set()
        self.first_label_line = self.labels[0].line if self.labels else len(self.orig)
        sec = _section_start(self.orig)
        title = self.orig[sec].strip() if sec is not None else _SECTION_TITLE
        self.title = title
        self.blank_style = any(
            not self.orig[i].strip() for i in range(self.first_label_line, len(self.orig))
        )

    def previous_text_line(self, slot: int) -> tuple[int, int] | None:
        """(slot, offset) of the last non-blank, non-furniture line before `slot`,
        if it lies in the clauses (after the first label line)."""
        s = slot - 1
        while s >= self.first_label_line:
            for off in range(len(self.slots[s]) - 1, -1, -1):
                line = self.slots[s][off]
                if line.strip() and not is_furniture(line):
                    return s, off
                if line.strip():  # furniture: the label starts a page
                    return None
            s -= 1
        return None

    def number_header(self, before_slot: int) -> str:
        for s in range(before_slot, -1, -1):
            if _squash(self.orig[s]).startswith("经营许可证编号"):
                return self.orig[s]
        return "经营许可证编号：苏B2-20231036"

    def page_count(self, before_slot: int) -> int:
        marker = "经营许可证编号"
        return sum(1 for line in self.orig[:before_slot] if _squash(line).startswith(marker))

    def next_text_line(self, i: int) -> int:
        """The next non-blank, non-furniture original line after line `i` (or -1)."""
        for j in range(i + 1, len(self.orig)):
            if self.orig[j].strip() and not is_furniture(self.orig[j]):
                return j
        return -1

    def render(self) -> tuple[str, list[int]]:
        """The text, and the 1-based line number of each slot's first line."""
        starts, n, out = [], 1, []
        for slot in self.slots:
            starts.append(n)
            out.extend(slot)
            n += len(slot)
        return "\n".join(out), starts


def _rest(doc: _Doc, lab: Label) -> str:
    return doc.orig[lab.line][lab.end :]


def _terminator(doc: _Doc, lab: Label, rng: random.Random) -> str:
    """Kind 1: the terminator misread or dropped.

    Real: ``十一：你公司…``, ``三。你公司…``, ``十，…``, ``十七你公司在经营…``;
    level 2 ``（四）`` → ``（四)`` or ``(四）``; level 3 ``1.`` → ``1，`` or ``1``.
    """
    rest = _rest(doc, lab).lstrip()
    if lab.level == 1:
        term = rng.choice(["：", "。", "，", ":", ""])
        return f"{lab.indent}{lab.numeral}{term}{rest}"
    if lab.level == 2 or lab.open:
        wide = lab.open == "（"
        if rng.random() < 0.5:  # the closing bracket's width flips
            close = ")" if wide else "）"
            return f"{lab.indent}{lab.open}{lab.numeral}{close}{rest}"
        op = "(" if wide else "（"
        close = "）" if wide else ")"
        return f"{lab.indent}{op}{lab.numeral}{close}{rest}"
    term = rng.choice(["，", ",", "", "、" if lab.close != "、" else "."])
    return f"{lab.indent}{lab.numeral}{term}{rest}"


_NOISE = [".", "。", "·", "'", "、"]


def _noise(doc: _Doc, lab: Label, rng: random.Random) -> str:
    """Kind 2: a speck read as punctuation before the label.

    Real: ``.十五、…``, ``。(四)你公司…``, ``·(六)…``, ``'三、…``, ``、二、``.
    """
    line = doc.orig[lab.line]
    return rng.choice(_NOISE) + line.lstrip()


def _bracket(doc: _Doc, lab: Label, rng: random.Random) -> str:
    """Kind 3: one bracket of a bracketed label lost.

    Real: ``十四）（适用于…）…`` (opening lost), ``九 ）你 公 司…`` (opening
    lost, Tesseract spacing kept), ``（十三你公司…`` (closing lost).
    """
    rest = _rest(doc, lab)
    if rng.random() < 0.5:
        gap = " " if rng.random() < 0.3 else ""
        return f"{lab.indent}{lab.numeral}{gap}{lab.close}{rest}"
    return f"{lab.indent}{lab.open}{lab.numeral}{rest.lstrip()}"


def _glued(doc: _Doc, lab: Label, rng: random.Random) -> tuple[int, int]:
    """Kind 4: the label and its text moved onto the end of the previous line.

    Real: ``…欺骗用户。(四)你公司发布…`` (the label line joined to the line
    before it; the blank line that separated them, if any, stays).
    """
    prev = doc.previous_text_line(lab.line)
    assert prev is not None
    s, off = prev
    doc.slots[s][off] = doc.slots[s][off].rstrip() + doc.orig[lab.line].strip()
    doc.slots[lab.line] = []
    return s, off


def _numeral_variants(lab: Label) -> list[str]:
    num = lab.numeral
    out = []
    if "十" in num:
        out += [num.replace("十", c, 1) for c in "+土千"]
    if "二" in num:
        out.append(num.replace("二", "=", 1))
    if num == "一":  # the one-stroke 一 lost: only where that leaves 、 or （）
        out.append("")
    return out


def _numeral(doc: _Doc, lab: Label, rng: random.Random) -> str:
    """Kind 5: a numeral misread.

    Real: ``+一、`` for ``十一、`` (``十`` read as ``+``, ``土`` or ``千``);
    ``二`` read as ``=``; the one-stroke ``一`` lost, only where that leaves
    ``、`` or ``（）`` (``十一、`` → ``十、`` would be another number, not this).
    """
    num = rng.choice(_numeral_variants(lab))
    return f"{lab.indent}{lab.open}{num}{lab.close}{_rest(doc, lab)}"


def _page_split(doc: _Doc, lab: Label, rng: random.Random) -> list[str]:
    """Kind 6: a page break falls inside the label.

    Real: ``（`` or ``八`` stranded at the end of a page, then the next page's
    furniture (``经营许可证编号：苏B2-20231036``, ``特别规定事项``, maybe a page
    number), then the rest: ``三）你公司…``, ``、你公司…``.
    """
    line = doc.orig[lab.line]
    if lab.open:
        cut = line.index(lab.open) + 1  # （ | 三）…
    else:
        cut = lab.end - len(lab.close)  # 八 | 、…  (1 | .…)
        cut = len(line[:cut].rstrip())
    head, tail = line[:cut], line[cut:].lstrip()
    pages = doc.page_count(lab.line)
    furniture = []
    if rng.random() < 0.3:
        furniture.append(rng.choice([f"- {pages + 1} -", f"第 {pages + 1} 页"]))
    furniture += [doc.number_header(lab.line), doc.title]
    out = [head]
    for f in furniture:
        if doc.blank_style:
            out.append("")
        out.append(f)
    if doc.blank_style:
        out.append("")
    out.append(tail)
    return out


def _label_lost(doc: _Doc, lab: Label, rng: random.Random) -> str:
    """Kind 7: the label's characters lost, its text kept.

    Real: ``…检查工作。`` ⏎ ``你公司应当按照许可的…`` where ``二、`` stood.
    Only clauses whose text starts ``你公司`` or ``（适用于`` are hit, so the
    label can be inferred from the numbering and the sentence start.
    """
    return lab.indent + _rest(doc, lab).lstrip()


_APPLIES = re.compile(r"^(\s*)([（(])(\s*适\s*用\s*于[^）)]*)([）)])(\s*)")


def _applies_to(doc: _Doc, lab: Label, rng: random.Random) -> str:
    """Kind 8: the ``（适用于…）`` marker damaged.

    Real: ``(十)·(适用于…`` (a speck between label and marker),
    ``(十四)适用于信息即时交互服务)你公司…`` (opening lost),
    ``（十二）（适用于信息搜索查询服务你公司…`` (closing lost).
    """
    line = doc.orig[lab.line]
    head, rest = line[: lab.end], line[lab.end :]
    m = _APPLIES.match(rest)
    assert m is not None
    body, after = m.group(3), rest[m.end() :]
    choice = rng.randrange(3)
    if choice == 0:
        return f"{head}·{m.group(2)}{body}{m.group(4)}{after}"
    if choice == 1:
        return f"{head}{body.lstrip()}{m.group(4)}{after}"
    return f"{head}{m.group(2)}{body}{after}"


def _stop_lost(doc: _Doc, lab: Label, rng: random.Random) -> tuple[int, int]:
    """Kind 9: the full stop ending the previous clause lost.

    Real: ``…向电信主管部门上报`` ⏎ ``十、…`` with the ``。`` gone.
    """
    prev = doc.previous_text_line(lab.line)
    assert prev is not None
    s, off = prev
    doc.slots[s][off] = doc.slots[s][off].rstrip()[:-1]
    return s, off


def _drop_line(doc: _Doc, rng: random.Random) -> Hit | None:
    """Kind 10: a whole line lost (not recoverable; the parser should warn).

    Real: a line of a clause missing, the text restarting mid-word. Where the
    clauses are wrapped, a continuation line inside a clause is deleted;
    where each clause is one line (plain, markdown), the whole clause line is,
    label and all, which leaves a numbering gap.
    """
    labels = doc.labels
    if not labels:
        return None
    owner: list[tuple[int, int]] = []  # (line, label index) of continuation lines
    k = -1
    stop = len(doc.orig)
    for i in range(doc.first_label_line, stop):
        if i in doc.index:
            k = doc.index[i]
            continue
        line = doc.orig[i]
        if not line.strip() or is_furniture(line) or k < 0:
            continue
        if k in doc.used or (k + 1 < len(labels) and k + 1 in doc.used):
            continue
        if len(doc.slots[i]) == 1 and doc.slots[i][0] == line:
            owner.append((i, k))
    if owner:
        i, k = rng.choice(owner)
        doc.slots[i] = []
        doc.used.add(k)
        lab = labels[k]
        return Hit("drop_line", lab.level, lab.label, lab.path, -(i + 1), None, doc.orig[i], "")
    # One line per clause: drop a whole one-line clause whose next sibling
    # follows at once (a gap needs a clause on each side, at the same level).
    candidates = [
        k
        for k in range(1, len(labels) - 1)
        if k not in doc.used
        and k + 1 not in doc.used
        and doc.slots[labels[k].line] == [doc.orig[labels[k].line]]
        and labels[k + 1].level == labels[k].level
        and labels[k + 1].line == doc.next_text_line(labels[k].line)
    ]
    if not candidates:
        return None
    k = rng.choice(candidates)
    lab = labels[k]
    doc.slots[lab.line] = []
    doc.used.update({k, k + 1})
    nxt = labels[k + 1]
    gone = doc.orig[lab.line]
    return Hit(
        "drop_line", lab.level, lab.label, lab.path, -(nxt.line + 1), "numbering_gap", gone, ""
    )


def _eligible(doc: _Doc, kind: str, k: int) -> bool:
    lab = doc.labels[k]
    if k in doc.used:
        return False
    if doc.slots[lab.line] != [doc.orig[lab.line]]:
        return False
    rest = _rest(doc, lab).lstrip()
    if kind in ("terminator", "noise"):
        return True
    if kind == "bracket":
        return bool(lab.open)
    if kind == "numeral":
        return bool(_numeral_variants(lab))
    if kind in ("glued", "stop_lost"):
        prev = doc.previous_text_line(lab.line)
        if prev is None or k == 0:
            return False
        s, off = prev
        ends = ("。", "；") if kind == "stop_lost" else ("。", "；", "：")
        return doc.slots[s][off].rstrip()[-1:] in ends
    if kind == "page_split":  # a new page break: not where a page already begins
        return k > 0 and doc.previous_text_line(lab.line) is not None
    if kind == "label_lost":
        return rest.startswith(("你公司", "（适用于", "(适用于"))
    if kind == "applies_to":
        return bool(_APPLIES.match(_rest(doc, lab)))
    raise ValueError(f"unknown damage kind: {kind!r}")


_LINE_EDITS = {
    "terminator": _terminator,
    "noise": _noise,
    "bracket": _bracket,
    "numeral": _numeral,
    "label_lost": _label_lost,
    "applies_to": _applies_to,
}


def damage(text: str, kinds: list[str], rng: random.Random) -> Damaged:
    """Apply each kind in `kinds` (repeats allowed) once, at a random eligible label.

    `text` is a clean license (labels found with `labels_in`). Returns the
    damaged text and, per damage applied, its kind, the clause label hit and
    the line where that clause now starts. Kinds that find no eligible label
    are listed in `skipped`.
    """
    doc = _Doc(text)
    # kind, label index, (slot, offset) where the clause starts, warning, the line before
    pending: list[tuple[str, int, int, int, str | None, str]] = []
    drops: list[Hit] = []
    skipped: list[str] = []
    after_of: dict[int, tuple[int, int]] = {}  # stop_lost: where the full stop was
    for kind in kinds:
        if kind == "drop_line":
            hit = _drop_line(doc, rng)
            if hit is None:
                skipped.append(kind)
            else:
                drops.append(hit)
            continue
        if kind not in KINDS:
            raise ValueError(f"unknown damage kind: {kind!r}")
        eligible = [k for k in range(len(doc.labels)) if _eligible(doc, kind, k)]
        if not eligible:
            skipped.append(kind)
            continue
        k = rng.choice(eligible)
        lab = doc.labels[k]
        before = doc.orig[lab.line]
        doc.used.add(k)
        slot, off = lab.line, 0
        if kind in _LINE_EDITS:
            doc.slots[lab.line] = [_LINE_EDITS[kind](doc, lab, rng)]
        elif kind == "page_split":
            doc.slots[lab.line] = _page_split(doc, lab, rng)
        elif kind == "glued":
            slot, off = _glued(doc, lab, rng)
            doc.used.add(k - 1)
        elif kind == "stop_lost":
            where = _stop_lost(doc, lab, rng)
            doc.used.add(k - 1)
            before = f"{doc.orig[where[0]][-12:]}⏎{before}"
            after_of[len(pending)] = where
        pending.append((kind, k, slot, off, WARNING_FOR_KIND[kind], before))

    out, starts = doc.render()
    hits: list[Hit] = []
    for n, (kind, k, slot, off, warning, before) in enumerate(pending):
        lab = doc.labels[k]
        line = starts[slot] + off
        if kind == "glued":
            after = doc.slots[slot][off]
        elif kind == "stop_lost":
            ps, po = after_of[n]
            after = f"{doc.slots[ps][po][-11:]}⏎{doc.slots[lab.line][0]}"
        else:
            after = "⏎".join(doc.slots[lab.line])
        hits.append(Hit(kind, lab.level, lab.label, lab.path, line, warning, before, after))
    for hit in drops:  # line = the line that now follows the gap
        slot = -hit.line - 1
        while slot < len(doc.slots) and not doc.slots[slot]:
            slot += 1
        line = starts[slot] if slot < len(starts) else len(out.split("\n"))
        hits.append(replace(hit, line=line))
    hits.sort(key=lambda h: h.line)
    return Damaged(out, tuple(hits), tuple(skipped), tuple(labels_in(text)))


# ---------------------------------------------------------------------------
# Self-test: python tests/damage.py
# ---------------------------------------------------------------------------


def _excerpt(text: str, line: int, around: int = 1) -> str:
    lines = text.split("\n")
    lo, hi = max(1, line - around), min(len(lines), line + around + 2)
    shown = (f"    {n:4d}| {lines[n - 1][:48]}" for n in range(lo, hi + 1) if lines[n - 1].strip())
    return "\n".join(shown)


if __name__ == "__main__":  # pragma: no cover
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parent
    seeds = sorted((here / "fixtures").glob("seed_00*.txt"))
    extra = [here / "fixtures" / "clauses_level3.txt"]
    # (top-level clauses, all clauses), from the goldens seed_000.json, seed_002.json,
    # clauses_level3.json
    expected_counts = {
        "seed_000.txt": (16, 37),
        "seed_002.txt": (16, 37),
        "clauses_level3.txt": (5, 17),
    }
    failures = 0

    def hard_wrap(text: str, width: int = 32) -> str:
        """The hard-wrapped layout: fixed-width lines, no blank lines."""
        lines = [line for line in text.split("\n") if line.strip()]
        return "\n".join(line[i : i + width] for line in lines for i in range(0, len(line), width))

    cases = [(p.name, p.read_text(encoding="utf-8")) for p in seeds + extra]
    cases += [(f"{p.name} (hard-wrapped)", hard_wrap(p.read_text(encoding="utf-8"))) for p in seeds]
    for name, text in cases:
        labs = labels_in(text)
        tops = sum(1 for _, lvl, _ in labs if lvl == 1)
        print(f"== {name}: {tops} top-level labels, {len(labs)} in all")
        if (tops, len(labs)) != expected_counts[name.split(" ")[0]]:
            print("   !! unexpected label count", (tops, len(labs)))
            failures += 1
        for kind in ALL_KINDS:
            for seed in (1, 2):
                d = damage(text, [kind], random.Random(seed))
                if d.skipped:
                    print(f"-- {kind} (seed {seed}): skipped, no eligible label")
                    continue
                (hit,) = d.hits
                where = f"{hit.path} at line {hit.line}"
                print(f"-- {kind} (seed {seed}): {where}, warning {hit.warning}")
                print(f"   before: {hit.before[:40]}")
                print(f"   after : {hit.after[:60]}")
                print(_excerpt(d.text, hit.line))
                if damage(text, [kind], random.Random(seed)) != d:
                    print("   !! not deterministic")
                    failures += 1
                if kind != "drop_line" and hit.kind != "glued":
                    # the hit clause's line now holds its label's remains or its text
                    now = d.text.split("\n")[hit.line - 1]
                    if not now.strip():
                        print("   !! the clause's line is blank")
                        failures += 1
        # everything at once, twice over
        d = damage(text, list(KINDS) * 2 + ["drop_line"], random.Random(99))
        print(f"-- all kinds x2: {len(d.hits)} hits, skipped {d.skipped}")
        for hit in d.hits:
            now = d.text.split("\n")[hit.line - 1][:40]
            print(f"   {hit.kind:11s} {hit.path:10s} line {hit.line:4d}: {now}")
        paths = [h.path for h in d.hits if h.kind != "drop_line"]
        if len(set(paths)) != len(paths):
            print("   !! a label hit twice")
            failures += 1
    print("self-test:", "FAILED" if failures else "ok")
    sys.exit(1 if failures else 0)
