"""Stage 5b: the 附页 annex → services.

The annex comes as running text (a business per line, its qualifier on the
next), with inline qualifiers, as a markdown pipe table, as an HTML table,
or on the cover. All become *entries* — a business name and the text that
qualifies it — and one function reads an entry's qualifier, so every layout
gives the same fields.

    intro       the line naming the company before the services
    entries     business names in running text → entries → services
    qualifiers  an entry's 仅限/含/不含 and coverage
    tables      a markdown or HTML table → rows of cells
    columns     which column holds what, and each row's services
"""

from __future__ import annotations

from ...models import Service
from ..document import Document
from ..normalize import Line
from .columns import parse_table
from .entries import BUSINESS_NAME, Entry, find_entries, to_service
from .intro import read_intro

__all__ = ["parse_annex", "read_intro"]


def _report_text_before(doc: Document, entry: Entry) -> None:
    """Words before the first business on its line (`注：信息服务业务…`) belong
    to no entry; the line is the entry's, so they are reported on their own."""
    first = entry.lines[0]
    m = BUSINESS_NAME.search(first.fold)
    if m is not None and (before := first.text[: m.start()].strip()):
        doc.unread(before, [first])


def parse_annex(doc: Document, lines: list[Line]) -> list[Service]:
    """Services of the annex section (after `read_intro` claimed the intro)."""
    lines = [line for line in lines if line.no not in doc.claims]
    services, table_lines = parse_table(doc, lines)
    rest = [line for line in lines if line.no not in doc.claims and line.no not in table_lines]
    if rest:
        # Lines before the first entry stay unclaimed: reported as unparsed.
        entries, _ = find_entries(rest)
        if entries:
            _report_text_before(doc, entries[0])
        for entry in entries:
            doc.claim(entry.lines, "service")
            services.append(to_service(entry))
            for line in entry.lines[1:]:
                if line.no in doc.breaks_before:
                    doc.note(
                        "page_break_joined",
                        f"the annex entry `{services[-1].name}` continues after "
                        f"{doc.breaks_before[line.no]}; the text was joined",
                        line.no,
                    )
    services.sort(key=lambda s: s.lines[0])
    for service in services:
        if service.code is None:
            doc.warn(
                "unknown_business",
                f"`{service.name}` is not a business of the telecom catalogue; code left null",
                service.lines[0],
            )
    return services
