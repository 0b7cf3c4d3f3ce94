"""Clause labels OCR lost, restored from the numbering and the text.

A label is lost with the left margin of a tilted page, under a seal, or with
a line. The numbering shows where (a gap: `一、` then `四、`; the first label
after unlabelled text), and the text shows where each lost clause began: a
line that starts a sentence as clauses do (`你公司…`, `（适用于…）`) after one
that ended a sentence. A list's last clause has no later label to show a
gap: only a paragraph's end (a short line) before such a line restores it.
Every restoration is a `label_restored` warning on the clause's first line.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING

from .labels import BUSINESS_SECTION, SENTENCE_ENDS, SENTENCE_START, label_of
from .nodes import Node
from .normalize import Line

if TYPE_CHECKING:
    from .clauses import Builder
    from .document import Document

# The most labels in a row OCR is taken to have lost (a tilted page clips the
# left margin of a whole page); a wider gap is left a `numbering_gap`.
MAX_LOST = 4
# The share of a section's lines that open with a label when it is printed
# one paragraph a line (a preamble and a clause or two that lost its label
# are the others); a hard-wrapped section has far fewer.
PARAGRAPH_LAYOUT = 0.8
# How a lead-in ends (`…遵守下列规定：`): its sub-clauses follow.
LEAD_IN_END = frozenset("：:")


def lost_starts(texts: Sequence[str], count: int) -> list[int] | None:
    """Where `count` clauses whose labels OCR lost began among `texts` (lines
    of one clause, the first excluded): the lines that start a sentence as
    clauses do after a line that ended one; if those are not exactly `count`,
    all lines that start so (a tilted page loses the stops at the line ends
    with the labels at the starts). One lost label may take the last of
    several such lines; more need exactly as many as were lost."""
    starts = [k for k in range(1, len(texts)) if SENTENCE_START.match("".join(texts[k].split()))]
    strong = [k for k in starts if texts[k - 1].rstrip()[-1:] in SENTENCE_ENDS]
    for chosen in (strong, starts):
        if len(chosen) == count:
            return chosen
    if count == 1 and strong:
        return strong[-1:]
    return None


def split_lost(node: Node, count: int) -> list[list[tuple[int, str]]] | None:
    """Cut off the end of `node` where `count` clauses whose labels were lost
    began (`lost_starts`). Returns the parts of each, or None if the text does
    not show where."""
    if node.children:
        return None
    parts = node.parts
    starts = lost_starts([text for _, text in parts], count)
    if starts is None:
        return None
    cuts = [parts[a:b] for a, b in itertools.pairwise([*starts, len(parts)])]
    del parts[starts[0] :]
    node.last_line = parts[-1][0]
    return cuts


def split_last(
    node: Node, ends_paragraph: Callable[[str], bool], lead_in: bool = False
) -> list[tuple[int, str]] | None:
    """Cut off the end of `node`, the last clause of its list, where a last
    sibling whose label was lost began: its one own line that starts a
    sentence as clauses do after a line that ends a paragraph (a sentence end
    on a short line: a clause's text can hold several sentences, but a
    paragraph ends only where a clause does; `（适用于…）` only ever follows a
    label). None if no line or several do. With `lead_in`, the part cut off
    must end as a lead-in does (`…落实下列要求：`): it is a clause with children."""
    if node.children:
        return None
    parts = node.parts
    starts = []
    for k in range(1, len(parts)):
        text = "".join(parts[k][1].split())
        before = parts[k - 1][1]
        if (
            SENTENCE_START.match(text)
            and before.rstrip()[-1:] in SENTENCE_ENDS
            and (text[:1] == "(" or ends_paragraph(before))
        ):
            starts.append(k)
    if len(starts) != 1 or (lead_in and parts[-1][1].rstrip()[-1:] not in ":："):
        return None
    cut = parts[starts[0] :]
    del parts[starts[0] :]
    node.last_line = parts[-1][0]
    return cut


def paragraph_ends(lines: list[Line], labelled: int) -> Callable[[str], bool]:
    """Whether a line of the section ends a paragraph, judged from the lines'
    widths: in a text of one paragraph a line (nearly every line opens with a
    label) every line does; in a hard-wrapped one, a line well short of the
    usual full width does."""
    widths = sorted(map(len, map(attrgetter("key"), lines)))
    if not widths or labelled >= PARAGRAPH_LAYOUT * len(lines):
        return lambda text: True
    short = widths[len(widths) * 3 // 4] * 0.8
    return lambda text: len("".join(text.split())) < short


def restore_gap(builder: Builder, level: int, number: int, siblings: list[Node]) -> None:
    """A label past the next expected: the clauses between lost their labels
    (`…工作。` ⏎ `你公司…` where `二、` stood). Split them off the clause before.
    `siblings` is the list the label joins (`_siblings(level)`)."""
    if siblings:
        before = siblings[-1]
    else:
        # `（二）` under a lead-in (`…遵守下列规定：` ⏎ `你公司…`): `（一）` was lost.
        parents = [node for node in builder.stack if node.level < level]
        if number != 2 or not parents:
            return
        before = parents[-1]
    lost = number - (siblings[-1].number if siblings else 0) - 1
    if not 0 < lost <= MAX_LOST:
        return
    cuts = split_lost(before, lost)
    if cuts is None:
        return
    for n, cut in enumerate(cuts, start=number - lost):
        node = Node(level, n, label_of(level, n), cut, cut[0][0], last_line=cut[-1][0])
        siblings.append(node)
        while builder.stack and builder.stack[-1].level >= level:
            builder.stack.pop()
        builder.stack.append(node)
        builder.doc.warn(
            "label_restored",
            f"the label `{node.label}` was not read; restored where its text begins "
            "before the next clause",
            node.first_line,
        )
    builder.tail = siblings[-1].parts[-1][1]
    builder.end = builder.tail[-1:] or None


def restore_last(
    builder: Builder, node: Node, ends_paragraph: Callable[[str], bool], lead_in: bool = False
) -> Node | None:
    """The last clause of a list whose label was lost, cut off `node` (the
    stack's top now, or just popped from it), or None."""
    cut = split_last(node, ends_paragraph, lead_in)
    if cut is None:
        return None
    parents = [open_ for open_ in builder.stack if open_.level < node.level]
    siblings = parents[-1].children if parents else builder.roots
    number = node.number + 1
    lost = Node(node.level, number, label_of(node.level, number), cut, cut[0][0])
    lost.last_line = cut[-1][0]
    siblings.append(lost)
    builder.doc.warn(
        "label_restored",
        f"the label `{lost.label}` was not read; restored where its text begins, "
        f"after `{node.label}`"
        + (", before its first sub-clause" if lead_in else ", the last clause of its list"),
        lost.first_line,
    )
    return lost


def restore_lead_in(builder: Builder, level: int) -> None:
    """A first sub-clause opens under a clause whose text ends in a second
    paragraph, a lead-in (`…。` ⏎ `你公司…落实下列要求：` ⏎ `1.…`): the lead-in is
    the next clause, whose label OCR lost, and the sub-clause is its."""
    top = builder.stack[-1] if builder.stack else None
    if (
        top is None
        or top.level != level - 1
        or top.children
        or len(top.parts) < 2
        or builder.end not in LEAD_IN_END
        or builder.ends_paragraph is None
    ):
        return
    lost = restore_last(builder, top, builder.ends_paragraph, lead_in=True)
    if lost is not None:
        builder.stack[-1] = lost


def restore_first(
    doc: Document, builder: Builder, pending: list[Line], number: int, label: str
) -> None:
    """`number` (say `二、`) came first, after text that reads like clauses: OCR
    lost the labels before it. Each clause starts where `lost_starts` finds
    one; if it finds too few or too many, the text is all `一、`'s and the
    gap is left to `Builder.restore_gap` and the numbering warnings."""
    starts = lost_starts([line.text for line in pending], number - 2) if number > 2 else []
    if starts is None:
        starts = []
    bounds = [0, *starts]
    for n, (a, b) in enumerate(itertools.pairwise([*bounds, len(pending)]), start=1):
        first = pending[a]
        builder.open(1, n, label_of(1, n), first.text, first, builder.roots)
        doc.claim([first], "clause")
        for line in pending[a + 1 : b]:
            builder.continue_text(line)
            doc.claim([line], "clause")
        if n == 1:
            message = (
                "the first clause's label `一、` was not read; restored from the numbering "
                f"(the next clause is `{label}`)"
            )
        else:
            message = (
                f"the label `{label_of(1, n)}` was not read; restored where its text begins "
                f"before `{label}`"
            )
        doc.warn("label_restored", message, first.no)


def open_lost_section(doc: Document, builder: Builder, line: Line) -> bool:
    """`你公司在经营X时应当遵守下列规定：` at a line start opens a clause of its
    own, whatever OCR did to its label and to the stop before it: restore the
    one the sequence expects."""
    if not BUSINESS_SECTION.match(line.key):
        return False
    number = builder.roots[-1].number + 1
    label = label_of(1, number)
    builder.open(1, number, label, line.text, line, builder.roots)
    doc.claim_line(line.no, "clause")
    doc.warn(
        "label_restored",
        f"the label `{label}` was not read; restored before the business section that opens here",
        line.no,
    )
    return True


def open_lost_child(doc: Document, builder: Builder, line: Line) -> bool:
    """A business section's lead-in (`…时应当遵守下列规定：`) is followed by its
    sub-clauses: a line that opens a sentence as a clause does right after it
    is `（一）`, whose label OCR lost."""
    node = builder.stack[-1]
    if (
        node.level != 1
        or node.children
        or not SENTENCE_START.match(line.key)
        or not BUSINESS_SECTION.match("".join("".join(text.split()) for _, text in node.parts))
    ):
        return False
    builder.open(2, 1, "（一）", line.text, line, node.children)
    doc.claim_line(line.no, "clause")
    doc.warn(
        "label_restored",
        f"the label `（一）` was not read; restored after the lead-in of {node.label}",
        line.no,
    )
    return True
