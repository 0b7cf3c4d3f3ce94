"""The clause nodes → the contract's Clause models: each clause's text joined
from its lines, its `（适用于…）` and its business read, its lines and pages.

Built as plain data and validated in one call: one pass of pydantic's core
over the whole tree costs a third of a model per clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from ..catalogue import MII, MIIT, PROVINCES, authority_of
from ..codes import WarningCode
from ..models import Clause
from .labels import BUSINESS_SECTION
from .normalize import clean, join

if TYPE_CHECKING:
    from .nodes import Node

# `（适用于信息搜索查询服务）` right after a label, at any level.
APPLIES_TO = re.compile(r"^[(（]\s*适\s*用\s*于\s*(?P<what>[^()（）]{1,80}?)\s*[)）]\s*")


# `（适用于…）` as OCR damages it: a speck before it (`·(适用于…`), a bracket
# lost (`适用于信息即时交互服务)你公司…`, `(适用于信息搜索查询服务你公司…`).
DAMAGED_APPLIES_TO = re.compile(
    r"^[·.。'`\s]*[(（]?\s*适\s*用\s*于\s*(?P<what>[^()（）]{1,40}?服务)\s*(?:[)）]|(?=你公司|贵公司))\s*"
)


# Seal text OCR read after a clause's last full stop, apart from it
# (`…主管部门批准。 通信` where `…通信管理局` is stamped): a fragment of an
# authority's name or of `专用章`, at the very end of the clause's own text.
SEAL_AFTER_STOP = re.compile(r"[。；;]\s+(?P<seal>[\u4e00-\u9fff]{2,8})$")
SENTENCE_STOPS = frozenset("。；;：:")
SEAL_TEXT = "|".join([MIIT, MII, *map(authority_of, PROVINCES), "专用章", "盖章"])


def _cut_seal(
    node: Node, text: str, seal: str, warn: Callable[[WarningCode, int, str], None] | None
) -> str:
    if seal not in SEAL_TEXT or not text.endswith(seal):
        return text
    if warn is not None:
        warn(
            "value_trimmed",
            node.parts[-1][0],
            f"removed `{seal}` after the last sentence of {node.label}: seal text, not clause text",
        )
    return text[: -len(seal)]


def to_clauses(
    nodes: list[Node],
    page_of: Callable[[int], int] | None = None,
    warn: Callable[[WarningCode, int, str], None] | None = None,
) -> list[Clause]:
    """The clause models; `page_of` maps a line to its page, for a scan;
    `warn(code, line, message)` hears of each `（适用于…）` read from a damaged
    form and of seal text cut off a clause's end."""
    # The tree is built as plain data and validated in one call: one pass of
    # pydantic's core over the whole tree costs a third of a model per clause.
    return _CLAUSES.validate_python([_clause(node, page_of, warn) for node in nodes])


_CLAUSES: TypeAdapter[list[Clause]] = TypeAdapter(list[Clause])


def _clause(
    node: Node,
    page_of: Callable[[int], int] | None,
    warn: Callable[[WarningCode, int, str], None] | None,
) -> dict[str, Any]:
    text = join([part for _, part in node.parts])
    applies_to = None
    m = APPLIES_TO.match(text) if text[:1] in "(（" else None
    if m:
        applies_to = clean(m["what"])
        text = text[m.end() :]
    elif "适" in text[:6] and (m := DAMAGED_APPLIES_TO.match(text)) is not None:
        applies_to = clean(m["what"])
        if warn is not None:
            warn(
                "applies_to_repaired",
                node.first_line,
                f"`{clean(text[: m.end()])}` read as `（适用于{applies_to}）` of {node.label}",
            )
        text = text[m.end() :]
    # The set and slice tests first: this runs on every clause, seal text on few.
    if (
        node.parts
        and (tail := node.parts[-1][1])[-1:] not in SENTENCE_STOPS
        and " " in tail
        and (seal := SEAL_AFTER_STOP.search(tail)) is not None
    ):
        text = _cut_seal(node, text, seal["seal"], warn)
    business = None
    if node.level == 1 and (bm := BUSINESS_SECTION.match(text)) is not None:
        business = clean(bm["biz"])
    children = [_clause(child, page_of, warn) for child in node.children]
    # Children come in line order: the last one ends last.
    last = max(node.last_line, children[-1]["lines"][1]) if children else node.last_line
    pages = (page_of(node.first_line), page_of(last)) if page_of else None
    return {
        "number": node.number,
        "label": node.label,
        "text": text,
        "applies_to": applies_to,
        "business": business,
        "children": children,
        "lines": (node.first_line, last),
        "pages": pages,
    }
