"""The characters a license printed, put back into the values read from it.

Traditional glyphs are read as the simplified characters a license prints
(`glyphs.simplify`), so that labels, headings and catalogue names are found
whatever face OCR took them for. The values keep what was printed: the
contract says an OCR misreading inside a sentence (`人員`) stays, at most
warned about, and a Hong Kong company's `測試` is its name, not a misreading.

Simplifying changes characters one for one and never a line break, so each
value is laid back over its own source lines, character by character, and
takes the printed character wherever one was simplified. Values are cleaned
and joined (spaces, labels, page furniture gone) but never reordered, so
each of their characters is found in order in the folded source lines.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any, NamedTuple

from .normalize import fold


class Printed(NamedTuple):
    read: list[str]  # every source line as read (simplified), from line 1
    printed: list[str]  # every source line as printed
    changed: list[int]  # the lines on which a glyph was simplified, in order
    made: frozenset[str]  # the characters simplifying made


def printed_lines(printed: str, read: str, repairs: dict[tuple[str, str], list[int]]) -> Printed:
    """`printed` and `read`: the same text before and after `simplify`, which
    made `repairs` ((glyph, character) → lines)."""
    return Printed(
        read.replace("\r\n", "\n").replace("\r", "\n").split("\n"),
        printed.replace("\r\n", "\n").replace("\r", "\n").split("\n"),
        sorted({n for lines in repairs.values() for n in lines}),
        frozenset(char for _, char in repairs),
    )


def _touches(p: Printed, first: int, last: int) -> bool:
    at = bisect.bisect_left(p.changed, first)
    return at < len(p.changed) and p.changed[at] <= last


def restore(value: str, lines: Sequence[int], p: Printed) -> str:
    """`value`, read from `lines` (in order), with the characters they printed."""
    if not value or not lines or not _touches(p, lines[0], lines[-1]) or p.made.isdisjoint(value):
        return value
    lines = [n for n in lines if 0 < n <= len(p.read)]
    raw = "".join(p.read[n - 1] for n in lines)
    printed = "".join(p.printed[n - 1] for n in lines)
    at = raw.find(value)
    if at >= 0:  # the usual case, whole on one line: its printed stretch
        return printed[at : at + len(value)]
    # Some characters of a value are folded (`,` for `，`), some made by the
    # parser (a full-width bracket): each is looked for as read and folded
    # (folding keeps positions), and one found neither way is kept.
    folded = fold(raw)
    out: list[str] = []
    at = 0
    for char in value:
        found = raw.find(char, at)
        other = folded.find(char, at) if folded is not raw else -1
        if found < 0 or 0 <= other < found:
            found = other
        if found < 0:
            out.append(char)
            continue
        out.append(printed[found] if printed[found] != raw[found] else char)
        at = found + 1
    return "".join(out)


def _span(lines: Sequence[int]) -> range:
    return range(lines[0], lines[-1] + 1)


def restore_license(data: dict[str, Any], p: Printed) -> dict[str, Any]:
    """The License's data with every value as printed; the catalogue names
    of services, labels and numbers stay as they are (they are the
    catalogue's and the contract's forms, not the scan's)."""
    field_lines = data["field_lines"]
    for name in ("title", "company_name", "legal_representative", "issuing_authority"):
        if data.get(name) and name in field_lines:
            data[name] = restore(data[name], _span(field_lines[name]), p)
    data["services"] = [_service(s, p) for s in data["services"]]
    data["clauses"] = [_clause(c, p) for c in data["clauses"]]
    for key in ("unparsed", "furniture"):
        data[key] = [
            {**item, "text": restore(item["text"], item["lines"], p)} for item in data[key]
        ]
    return data


def _service(service: Any, p: Printed) -> Any:
    return _restored(service, p, ("text", "coverage"), ("limited_to", "includes", "excludes"))


def _clause(clause: Any, p: Printed) -> Any:
    return _restored(clause, p, ("text", "applies_to"), (), nested=True)


def _restored(
    model: Any, p: Printed, values: tuple[str, ...], lists: tuple[str, ...], nested: bool = False
) -> Any:
    """A service or clause with its `values` (str or None) and the items of
    its `lists` as printed, and, `nested`, its children's too."""
    if not _touches(p, model.lines[0], model.lines[-1]):
        return model
    span = _span(model.lines)
    update: dict[str, Any] = {k: (v := getattr(model, k)) and restore(v, span, p) for k in values}
    update |= {k: [restore(item, span, p) for item in getattr(model, k)] for k in lists}
    if nested:
        update["children"] = [_clause(child, p) for child in model.children]
    return model.model_copy(update=update)
