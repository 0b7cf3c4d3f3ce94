"""Pages the page numbers count that the input does not have.

A scan fed one page short, or a PDF cut off, parses as a shorter license:
fewer clauses, nothing warned. Where its pages print how many there are
(`第2页共6页`, `2/6`, `Page 2 of 6`), an input that ends at a page's
number short of the count says pages are missing. Only the end is judged:
a cover often prints no number, so a first page without one is no gap, and
text after the last number is a page that prints none.
"""

from __future__ import annotations

import functools
from collections import Counter

import regex

from .document import Document
from .normalize import key_of


@functools.cache
def _of() -> regex.Pattern[str]:
    # Compiled at the first page number met, not at start-up. `regex` allows
    # a name in each alternative: `n` of `m` however printed.
    return regex.compile(
        r"第(?P<n>[0-9]{1,3})页[,，/]?共(?P<m>[0-9]{1,3})页"
        r"|共(?P<m>[0-9]{1,3})页第(?P<n>[0-9]{1,3})页"
        r"|^(?P<n>[0-9]{1,3})/(?P<m>[0-9]{1,3})$"
        r"|(?i:page)(?P<n>[0-9]{1,3})(?i:of)(?P<m>[0-9]{1,3})"
    )


# Lines after a page's footer that are still its own (a date, a seal's text).
MAX_AFTER = 2


def check_page_count(doc: Document) -> None:
    """Warn where the last page number read is short of the pages counted."""
    seen: list[tuple[int, int, int]] = []  # (page, of, line)
    for item in doc.furniture:
        if item["kind"] != "page_number":
            continue
        m = _of().search(key_of(item["text"]))
        if m is None:
            continue
        n, total = int(m["n"]), int(m["m"])
        if 0 < n <= total:
            seen.append((n, total, item["lines"][0]))
    if not seen:
        return
    # The count most pages give: one misread `共8页` does not decide.
    total = Counter(of for _, of, _ in seen).most_common(1)[0][0]
    last, _, line = max((s for s in seen if s[1] == total), key=lambda s: s[0])
    # Text after the last number is a page of its own that prints none (a
    # footer's number ends its page): judged only where the input ends there.
    furniture = {no for item in doc.furniture for no in item["lines"]}
    after = sum(1 for ln in doc.lines if ln.no > line and ln.no not in furniture)
    if last < total and after <= MAX_AFTER:
        missing = f"page {total}" if last + 1 == total else f"pages {last + 1}-{total}"
        doc.warn(
            "pages_missing",
            f"the page numbers count {total} pages and the last one read is {last} "
            f"(line {line}): {missing} may be missing from the input",
            line,
        )
