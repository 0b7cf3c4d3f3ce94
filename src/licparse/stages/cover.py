"""Stage 5a: the cover page (正文) → title, number copy, company, dates, authority.

Labels are matched on the line's key (folded, no white space), so full- and
half-width colons and spread-out labels (`公 司 名 称`) all match; the value
is cut from the printed text after the label, or taken from the next line
when the label stands alone. A label followed directly by another label has
a blank value (the usual `发证机关(盖章):` whose seal OCR lost).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import regex

from ..catalogue import MII, MIIT, PROVINCES, authority_of
from ..models import Service
from .annex.entries import BUSINESS_NAME, Entry, find_entries, to_service
from .annex.tables import PIPE_SEPARATOR
from .cover_labels import INLINE_LABEL, match_label, warn_clipped
from .dates import ANY_DATE, parse_date
from .document import Document
from .furniture import TITLE
from .normalize import Line, clean, fold, full_width_parens, join, key_of

# Pieces of the label `业务种类（服务项目）及覆盖范围` that OCR interleaves with
# its value `见附页` across lines (docs/domain.md §3.2 item 6).
LABEL_FRAGMENT = re.compile(r"^(?:\(服务项目\)|服务项目)?(?:及(?:业务)?覆盖范围)?:?$")
SEE_ANNEX = re.compile(r"见附[页件表]")

# The grant sentence under the title, which may wrap over several lines.
# Every issuing authority's full name (docs/domain.md §1.2).
AUTHORITIES = frozenset([MIIT, MII, *map(authority_of, PROVINCES)])

GRANT_START = re.compile(r"^根据《?中华人民共和国电信条例")
GRANT_END = re.compile(r"许可证。|。$")
GRANT_MAX_LINES = 8

# Company-name endings: a value without one may have wrapped onto the next line.
COMPANY_END = re.compile(r"(?:公司|集团|中心|厂|院|所|社|行|店|部|局|会|站|台|馆|\))$")
# A cover value wraps onto at most this many more lines (a business list on
# the cover is the longest); beyond that the lines are something else.
MAX_WRAPPED_LINES = 4
AUTHORITY_END = re.compile(r"(?:局|部|厅|委员会|\))$")
SEAL_NOTE = regex.compile(r"[(（]\s*盖\s*章\s*[)）]")
DATE_FIELDS = ("issue_date", "expiry_date")
# A numbered list of businesses on the cover: `1.第二类增值电信业务中的…` (folded).
LIST_MARKER = re.compile(r"^\s*(?:\(\s*[0-9]{1,2}\s*\)|[0-9]{1,2}\s*[.、)]|[①-⑩])\s*")


@dataclass
class Cover:
    title: str | None = None
    number_copies: list[tuple[int, str]] = field(default_factory=list)
    company_name: str | None = None
    legal_representative: str | None = None
    issuing_authority: str | None = None
    issue_date: str | None = None
    expiry_date: str | None = None
    entries: list[Entry] = field(default_factory=list)
    see_annex: bool = False

    @property
    def services(self) -> list[Service]:
        return [to_service(entry) for entry in self.entries]


def value_after(line: Line, key_chars: int) -> str:
    """The printed text after the first `key_chars` non-space characters."""
    if line.fold[:key_chars] == line.key[:key_chars]:  # no space among them
        return line.text[key_chars:].strip()
    seen = 0
    for i, ch in enumerate(line.fold):
        if seen == key_chars:
            return line.text[i:].strip()
        if not ch.isspace():
            seen += 1
    return ""


def _is_structural(line: Line) -> bool:
    return bool(
        match_label(line)
        or (LABEL_FRAGMENT.match(SEE_ANNEX.sub("", line.key)) and line.key)
        or GRANT_START.match(line.key)
        or TITLE.match(line.key)
    )


def _date(doc: Document, value: str, line: int, what: str) -> str | None:
    dates = list(ANY_DATE.finditer(fold(value)))
    # `有效期限：2019年…至2024年…`: the last date printed is the expiry.
    text = value[dates[-1].start() :] if dates and what == "expiry_date" else value
    parsed = parse_date(text)
    if parsed is None:
        doc.warn("unreadable_date", f"{what}: no date could be read in `{clean(value)}`", line)
        return None
    if parsed.iso is None:
        doc.warn("invalid_date", f"{what}: `{parsed.printed}` is not a calendar date", line)
    elif parsed.repaired:
        doc.warn(
            "date_repaired",
            f"{what}: read `{parsed.printed}` as {parsed.iso} (look-alike characters)",
            line,
        )
    return parsed.iso


def _pieces(doc: Document, lines: list[Line]) -> list[Line]:
    """Cover lines with two-column rows and table rows split into one field each."""
    out: list[Line] = []
    for line in lines:
        if line.fold.startswith("|"):
            if PIPE_SEPARATOR.match(line.fold):
                doc.claim_field("table_header", [line])
                continue
            cells = [c.strip() for c in line.text.strip().strip("|｜").split("|")]
            i = 0
            while i < len(cells):
                piece = cells[i]
                if (
                    match_label(Line.of(line.no, piece))
                    and i + 1 < len(cells)
                    and not (match_label(Line.of(line.no, cells[i + 1])))
                ):
                    piece, i = f"{piece}：{cells[i + 1]}", i + 1
                if piece:
                    out.append(Line.of(line.no, piece))
                i += 1
            continue
        # A second label follows white space or `|`: most lines have neither.
        spaced = " " in line.fold or "|" in line.fold or not line.fold.isprintable()
        starts = [m.start() for m in INLINE_LABEL.finditer(line.fold)] if spaced else []
        # Split where the line starts with a label, or with the title (`…经营
        # 许可证 经营许可证编号：…`, the number printed beside it).
        if not starts or not (match_label(line) or TITLE.match(key_of(line.text[: starts[0]]))):
            out.append(line)
            continue
        for a, b in zip([0, *starts], [*starts, len(line.text)], strict=True):
            out.append(Line.of(line.no, line.text[a:b].strip()))
    return out


def parse_cover(doc: Document, lines: list[Line]) -> Cover:
    cover = Cover()
    lines = _pieces(doc, lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if cover.title is None and TITLE.match(line.key):
            cover.title = _title(line.key)
            doc.claim_field("title", [line])
        elif cover.title is None and nxt and TITLE.match(line.key + nxt.key):
            # A hard wrap split the title (`中华人民共和国` ⏎ `增值电信业务经营许可证`).
            cover.title = _title(line.key + nxt.key)
            doc.claim_field("title", [line, nxt])
            i += 1
        elif GRANT_START.match(line.key):
            block = [line]
            while (
                not GRANT_END.search(block[-1].key)
                and i + 1 < len(lines)
                and (len(block) < GRANT_MAX_LINES)
                # OCR may lose the sentence's full stop: a field label ends it.
                and match_label(lines[i + 1]) is None
            ):
                i += 1
                block.append(lines[i])
            doc.claim_field("grant", block)
        elif line.key and LABEL_FRAGMENT.match(line.key):
            doc.claim_field("see_annex", [line])
        elif (
            (found := match_label(line)) is not None
            and found[0] in DATE_FIELDS
            and not line.key[found[1] :]  # a date label alone on its line
            and (end := _stacked_dates(doc, cover, lines, i)) is not None
        ):
            i = end
        elif found is not None:
            name, key_len = found
            warn_clipped(doc, line, name, key_len)
            i = _read_field(doc, cover, lines, i, name, value_after(line, key_len))
        elif cover.issuing_authority is None and line.key in AUTHORITIES:
            # The authority alone where the seal is, its label lost to OCR.
            cover.issuing_authority = line.key
            doc.claim_field("issuing_authority", [line])
        elif cover.entries and BUSINESS_NAME.match(_without_list_marker(line).fold):
            # Another business under the last one's coverage, its label not
            # repeated: `业务覆盖范围：南京、苏州` ⏎ `第二类…信息服务业务（…）`.
            i = _read_field(doc, cover, lines, i, "business", line.text)
        elif (
            line.key
            and SEE_ANNEX.search(line.key)
            and LABEL_FRAGMENT.match(SEE_ANNEX.sub("", line.key))
        ):
            cover.see_annex = True
            doc.claim_field("see_annex", [line])
        i += 1
    return cover


def _title(key: str) -> str:
    """The title as printed: its `（正本）` or `（副本）` kept, in full width."""
    return key.replace("(", "（").replace(")", "）")


def _stacked_dates(doc: Document, cover: Cover, lines: list[Line], i: int) -> int | None:
    """Date labels stacked above their values, as OCR reads a two-column layout
    column by column: `发证日期：` ⏎ `有效期至：` ⏎ `2021年…` ⏎ `2026年…`.

    Each label takes the date in its place; returns the index of the last
    value, or None where the lines are not so laid out.
    """
    labels: list[tuple[str, Line]] = []
    j = i
    while j < len(lines) and (found := match_label(lines[j])) and found[0] in DATE_FIELDS:
        if lines[j].key[found[1] :]:  # a value beside the label: not stacked
            break
        labels.append((found[0], lines[j]))
        j += 1
    values = lines[j : j + len(labels)]
    if (
        len(labels) < 2
        or len(values) < len(labels)
        or not all(ANY_DATE.search(v.fold) and not match_label(v) for v in values)
    ):
        return None
    for (name, label), value in zip(labels, values, strict=True):
        warn_clipped(doc, label, name, len(label.key))
        doc.claim_field(name, [label, value])
        setattr(cover, name, _date(doc, value.text, value.no, name))
    return j + len(labels) - 1


def _read_field(
    doc: Document, cover: Cover, lines: list[Line], i: int, name: str, value: str
) -> int:
    """Read the field whose label is on lines[i]; return the index of its last line."""
    line = lines[i]
    used = [line]
    value = first = value.lstrip(":：").strip()
    if name == "business" and SEE_ANNEX.search(key_of(value)):
        cover.see_annex = True
        doc.claim_field("see_annex", used)
        return i
    if not value and i + 1 < len(lines) and not _is_structural(lines[i + 1]):
        i += 1
        used.append(lines[i])
        value = lines[i].text
    if name == "business" and SEE_ANNEX.search(key_of(value)):
        cover.see_annex = True
        doc.claim_field("see_annex", used)
        return i
    # A value that wrapped: the next line continues it if it is no label.
    if name in ("company_name", "business", "service_items", "issuing_authority", "coverage"):
        while (
            value
            and i + 1 < len(lines)
            and not _is_structural(lines[i + 1])
            and lines[i + 1].no == used[-1].no + 1
            and len(used) <= MAX_WRAPPED_LINES
            and _unfinished(name, value)
        ):
            i += 1
            used.append(lines[i])
            value = join([value, lines[i].text])
    cleaned = clean(value)
    if name == "business" and cleaned:
        # Line by line, not the joined value: a numbered list puts each
        # business on a line of its own.
        parts = ([Line.of(line.no, first)] if first else []) + used[1:]
        entries, _ = find_entries([_without_list_marker(part) for part in parts])
        if not entries:
            # Nothing in it reads as a business: leave it to `unparsed`
            # rather than claim it and lose it.
            if not first:
                doc.claim_field(name, used[:1])
            return i
        for entry in entries:  # the source lines, not the pieces cut from them
            entry.read_from(used)
        cover.entries.extend(entries)
    doc.claim_field(name, used)
    if name == "license_number":
        if cleaned:
            cover.number_copies.append((used[-1].no, cleaned))
    elif name == "company_name":
        cover.company_name = full_width_parens(cleaned) or None
    elif name == "legal_representative":
        cover.legal_representative = _trimmed(doc, name, cleaned, used[-1].no) or None
    elif name == "issuing_authority":
        authority = clean(SEAL_NOTE.sub("", value))
        cover.issuing_authority = _trimmed(doc, name, authority, used[-1].no) or None
    elif name == "issue_date":
        cover.issue_date = _date(doc, value, used[-1].no, "issue_date") if cleaned else None
    elif name == "expiry_date":
        cover.expiry_date = _date(doc, value, used[-1].no, "expiry_date") if cleaned else None
    elif name == "service_items" and cleaned and cover.entries:
        # `服务项目：互联网信息服务不含新闻…` qualifies the business above it.
        cover.entries[-1].extend(used)
    elif name == "coverage" and cleaned:
        for entry in cover.entries:
            entry.covering(cleaned)
        if cover.entries:  # the coverage line is part of the entry as printed
            cover.entries[-1].extend(used)
    return i


def _without_list_marker(line: Line) -> Line:
    m = LIST_MARKER.match(line.fold)
    return Line.of(line.no, line.text[m.end() :]) if m else line


def _unfinished(name: str, value: str) -> bool:
    """Whether a cover value looks cut off by a hard wrap."""
    folded = fold(value).strip()
    if folded.count("(") > folded.count(")"):
        return True
    if name == "company_name":
        return not COMPANY_END.search(folded)
    if name == "issuing_authority":
        return not AUTHORITY_END.search(folded)
    if name == "coverage":
        return folded.endswith(("、", ",", "，"))
    return name in ("business", "service_items")  # lists: up to the next label


# OCR specks around a name (`王宝军。`, `·李明`); an inner `·` of a
# transliterated name (`阿卜杜拉·买买提`) stays.
NAME_SPECKS = "。.·,，、'`;；:："
# A name of specks alone is no name: OCR's reading of a blank's colon or of
# its fill line. A placeholder printed for a name (`×××`, `/`) is kept.
FILL = frozenset("_-—–－─")
BLANK_SPECKS = frozenset(NAME_SPECKS) | FILL | frozenset('~～"‘’“” ')
# Seal text read into the authority's line: at most this many characters after
# a full authority name (`上海市通信管理局 管理`).
SEAL_TAIL_MAX = 4


def _trimmed(doc: Document, name: str, value: str, line: int) -> str:
    """A name without what OCR added around it."""
    if value and all(c in BLANK_SPECKS for c in value):
        # `发证机关（盖章）_`: a blank's colon as OCR read it. A fill line
        # (`————`) is how a blank is printed: nothing to say.
        if not (len(value) > 1 and len(set(value)) == 1 and value[0] in FILL):
            message = f"{name}: `{value}` is OCR specks, not a name: read as blank"
            doc.warn("value_trimmed", message, line)
        return ""
    trimmed = value
    if name == "legal_representative":
        trimmed = value.strip(NAME_SPECKS)
    elif name == "issuing_authority":
        whole = next((a for a in AUTHORITIES if value.startswith(a)), None)
        if whole and 0 < len(value) - len(whole) <= SEAL_TAIL_MAX:
            trimmed = whole
    if trimmed != value and trimmed:
        doc.warn(
            "value_trimmed",
            f"{name}: `{value}` read as `{trimmed}` (the rest is OCR noise or seal text)",
            line,
        )
        return trimmed
    return value
