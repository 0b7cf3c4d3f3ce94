"""Stage 6: cross-checks between the parts (docs/domain.md §1.3, §3.5).

Nothing here changes a value: each doubt becomes a warning with a code and,
where one line is to blame, that line. Rules marked [M] in docs/domain.md are soft
by nature, and so are all of these: warn, never fail.
"""

from __future__ import annotations

import datetime as dt

from ..catalogue import BUSINESSES, PROVINCE_ALIASES, SYNONYMS
from ..codes import MISSING
from ..errors import NotALicenseError
from ..models import Clause, Service
from .clauses import Provisions
from .cover import Cover
from .document import Document
from .number import ParsedNumber

MAX_TERM_YEARS = 5
CATALOGUE_2015_YEAR = 2016  # in force 2016-03-01; older numbers used the 2003 classes
EARLIEST_NUMBER_YEAR = 2000


def _comparable(text: str) -> str:
    """Compare names ignoring white space and the width of parentheses."""
    return "".join(text.split()).replace("（", "(").replace("）", ")")


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_dates(doc: Document, cover: Cover) -> None:
    if not (cover.issue_date and cover.expiry_date):
        return
    issued = dt.date.fromisoformat(cover.issue_date)
    expires = dt.date.fromisoformat(cover.expiry_date)
    line = doc.field_lines.get("expiry_date", (None, None))[0]
    if expires <= issued:
        doc.warn(
            "expiry_not_after_issue",
            f"the expiry date {expires} is not after the issue date {issued}",
            line,
        )
    elif expires > _add_years(issued, MAX_TERM_YEARS) + dt.timedelta(days=1):
        doc.warn(
            "term_over_5_years",
            f"the term {issued} to {expires} is longer than the usual {MAX_TERM_YEARS} years",
            line,
        )


def check_number(doc: Document, cover: Cover, number: ParsedNumber | None) -> None:
    if number is None:
        return
    info = number.info
    line = doc.field_lines.get("license_number", (None, None))[0]
    printed_prefix = number.number[0]
    if printed_prefix in PROVINCE_ALIASES:
        doc.warn(
            "province_alias",
            f"the number uses `{printed_prefix}` for {info.province}; the usual abbreviation "
            f"is `{PROVINCE_ALIASES[printed_prefix]}`",
            line,
        )
    year = info.first_issue_year
    if year is not None and info.form == "modern" and year < EARLIEST_NUMBER_YEAR:
        doc.warn("number_year_implausible", f"the number's year {year} is before 2000", line)
    if year is not None and cover.issue_date and year > int(cover.issue_date[:4]):
        doc.warn(
            "number_year_after_issue",
            f"the number was first issued in {year}, after the issue date {cover.issue_date}",
            line,
        )
    if (
        cover.issuing_authority
        and info.issuer
        and (_comparable(cover.issuing_authority) != _comparable(info.issuer))
    ):
        doc.warn(
            "authority_mismatch",
            f"the printed authority `{cover.issuing_authority}` is not the one the number "
            f"implies (`{info.issuer}`)",
            doc.field_lines.get("issuing_authority", (None, None))[0],
        )


def check_classes(doc: Document, number: ParsedNumber | None, services: list[Service]) -> None:
    """Each business's class (B1x → B1) should be among the number's classes."""
    if number is None or not number.info.classes:
        return
    year = number.info.first_issue_year
    if year is None or year < CATALOGUE_2015_YEAR:
        return  # the 2003 catalogue grouped businesses differently (docs/domain.md §1.1)
    for service in services:
        if service.code and service.code[:2] not in number.info.classes:
            doc.warn(
                "class_not_in_number",
                f"`{service.name}` is class {service.code[:2]}, which the number "
                f"{number.number} does not list",
                service.lines[0],
            )


def check_company(
    doc: Document, cover: Cover, annex: tuple[str | None, int | None], provisions: Provisions
) -> None:
    if not cover.company_name:
        _company_from_elsewhere(doc, cover, annex, provisions)
        return
    for other, line, where in (
        (annex[0], annex[1], "the annex"),
        (provisions.preamble_company, provisions.preamble_line, "the provisions preamble"),
    ):
        if other and _comparable(other) != _comparable(cover.company_name):
            doc.warn(
                "company_name_mismatch",
                f"{where} names `{other}`, the cover `{cover.company_name}`",
                line,
            )


def _company_from_elsewhere(
    doc: Document, cover: Cover, annex: tuple[str | None, int | None], provisions: Provisions
) -> None:
    """The cover lost its company line (a seal, a fold): the annex's intro and
    the provisions' preamble name the company too. Taken where they agree."""
    named = [
        (name, line, where)
        for name, line, where in (
            (annex[0], annex[1], "the annex's intro"),
            (provisions.preamble_company, provisions.preamble_line, "the provisions preamble"),
        )
        if name and line is not None
    ]
    if not named or len({_comparable(name) for name, _, _ in named}) > 1:
        return
    name, line, where = named[0]
    cover.company_name = name
    doc.field_lines["company_name"] = (line, line)
    doc.warn(
        "company_name_elsewhere",
        f"company_name: not found on the cover; `{name}` read from {where} (line {line})",
        line,
    )


def _canonical(name: str) -> str:
    name = "".join(name.split())
    return SYNONYMS.get(name, name)


# The longest clause text of the seeds is 180 characters; one ten times the
# longest a license prints has text after its end read into it.
LONG_CLAUSE = 2_000


def check_clause_lengths(doc: Document, clauses: list[Clause]) -> None:
    """Doubt a clause whose text runs on far past any a license prints."""
    for clause in clauses:
        if len(clause.text) > LONG_CLAUSE:
            first, last = clause.lines
            doc.warn(
                "clause_text_long",
                f"clause {clause.label} has {len(clause.text):,} characters of text (lines "
                f"{first}-{last}); a clause is at most a few hundred: what follows its end "
                "may have been read into it",
                first,
            )
        check_clause_lengths(doc, clause.children)


def check_business_sections(doc: Document, services: list[Service], clauses: list[Clause]) -> None:
    """Each `你公司在经营X时` section has its service in the annex, and the reverse."""
    sections = [c for c in clauses if c.business]
    if not sections or not services:
        return
    codes = {s.code for s in services if s.code}
    names = {_canonical(s.name) for s in services}
    section_codes = set()
    for clause in sections:
        assert clause.business is not None
        name = _canonical(clause.business)
        code = BUSINESSES.get(name)
        section_codes.add(code)
        if name not in names and (code is None or code not in codes):
            doc.warn(
                "section_without_service",
                f"clause {clause.label} sets rules for `{clause.business}`, which the annex "
                "does not list",
                clause.lines[0],
            )
    section_names = {_canonical(c.business or "") for c in sections}
    for service in services:
        if _canonical(service.name) not in section_names and (
            service.code is None or service.code not in section_codes
        ):
            doc.warn(
                "service_without_section",
                f"the annex lists `{service.name}`, but no provisions section is about it",
                service.lines[0],
            )


def check_missing(
    doc: Document,
    cover: Cover,
    number: ParsedNumber | None,
    *,
    services: list[Service],
    clauses: list[Clause],
    annex_found: bool,
    provisions_found: bool,
) -> None:
    for name, code in MISSING.items():
        # The number is the vote's, not the cover's copy.
        value = (
            (number.number if number else None)
            if name == "license_number"
            else getattr(cover, name)
        )
        if value is None:
            printed = name in doc.field_lines
            doc.warn(
                code,
                f"{name}: the label is printed but no value could be read"
                if printed
                else f"{name}: not found in the text",
                doc.field_lines.get(name, (None, None))[0],
            )
    if not services:
        if cover.see_annex and not annex_found:
            doc.warn("missing_annex", "the cover says 见附页 but no annex (附页) was found")
        else:
            doc.warn("missing_services", "no licensed business type was found")
    if not clauses:
        doc.warn(
            "missing_provisions",
            "the 特别规定事项 title was found but no clause could be read"
            if provisions_found
            else "no 特别规定事项 (special provisions) were found",
        )


# How much evidence makes text a license (see `check_evidence`).
MIN_EVIDENCE = 4


def check_evidence(
    doc: Document, cover: Cover, number: ParsedNumber | None, clauses: int, services: bool
) -> None:
    """Refuse text that is not a license: a 营业执照, prose, a filing page."""
    has_title = cover.title is not None
    has_preamble = "preamble" in doc.field_lines
    score = (
        2 * has_title
        + 2 * (number is not None)
        + sum(
            v is not None
            for v in (
                cover.company_name,
                cover.legal_representative,
                cover.issue_date,
                cover.expiry_date,
            )
        )
        + services
        + has_preamble
        + 2 * (clauses >= 3)
    )
    if score < MIN_EVIDENCE or not (has_title or number or has_preamble):
        found = [
            what
            for what, there in (
                ("a license title", has_title),
                (f"a license number ({number.number})" if number else "", number is not None),
                ("a company name", cover.company_name is not None),
                ("a legal representative", cover.legal_representative is not None),
                ("a date", cover.issue_date is not None or cover.expiry_date is not None),
                ("a licensed business", services),
                ("special provisions", has_preamble or clauses > 0),
            )
            if there
        ]
        said = (
            f"only {', '.join(found)} found, too little to tell it from another document"
            if found
            else "no license title, license number or 特别规定事项 was found"
        )
        raise NotALicenseError(
            f"not a value-added telecom business license (增值电信业务经营许可证): {said}"
        )
