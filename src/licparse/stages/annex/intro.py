"""The annex intro: `<公司名称>获准经营的业务种类、服务项目和业务覆盖范围：`."""

from __future__ import annotations

import regex

from ..document import Document
from ..normalize import Line, full_width_parens
from .entries import BUSINESS_NAME

# The annex intro `<公司名称>获准经营的业务种类、服务项目和业务覆盖范围：`, which a
# hard wrap may spread over a few lines (matched on the joined keys).
INTRO_LINE = regex.compile(r"^(?P<company>.*?)获准经营(?:的业务种类.*)?$")
INTRO_MAX_LINES = 4


def read_intro(doc: Document, lines: list[Line]) -> tuple[str | None, int | None]:
    """Claim the annex intro; return the company it names and its line."""
    joined = ""
    for i, line in enumerate(lines[:INTRO_MAX_LINES]):
        joined += line.key
        if "获准经营" in joined and (joined.endswith(":") or "覆盖范围" in joined):
            doc.claim_field("annex_intro", lines[: i + 1])
            m = INTRO_LINE.match(joined.split("获准经营")[0] + "获准经营")
            company = full_width_parens(m["company"]) if m and m["company"] else None
            return company, lines[0].no
        if BUSINESS_NAME.search(line.fold):
            break
    return None, None
