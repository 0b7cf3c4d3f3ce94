"""The output contract (docs/output.md) as frozen pydantic models.

Field names and meanings are fixed by the contract; fields added here beyond it
(`notes`, `furniture`, `field_lines`, a service's `lines`, a clause's
`business`) are additions the contract allows. `licparse schema` prints the
JSON Schema generated from these classes, so every field carries a description.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .codes import NoteCode, WarningCode

SCHEMA_VERSION: Literal["1"] = "1"

LineSpan = tuple[int, int]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OcrInfo(_Frozen):
    """How the text of a scan was obtained."""

    engine: str = Field(
        description="`rapidocr` (images, image-only PDF pages), `pdf-text-layer` (a PDF's own "
        "text), or both joined by `+` for a PDF with pages of each kind."
    )
    version: str = Field(description="The version of the OCR engine (or of pypdf).")
    pages: int = Field(description="Number of pages read.")
    files: list[str] = Field(description="The scan files, in page order.")


class Source(_Frozen):
    """Where the text came from."""

    path: str | None = Field(
        description="The path as given on the command line; null for standard input or text."
    )
    sha256: str = Field(description="SHA-256 of the raw input bytes, lowercase hex.")
    encoding: str = Field(
        description="The encoding the bytes were decoded with: utf-8, utf-8-sig, gb18030, "
        "utf-16, utf-16-le, utf-16-be, or what --encoding named; `ocr` or `pdf-text` for a scan."
    )
    lines: int = Field(description="Number of lines in the decoded text.")
    ocr: OcrInfo | None = Field(
        default=None, description="For a scan (PDF, image): how its text was read; else null."
    )


class NumberInfo(_Frozen):
    """What the license number itself says (docs/domain.md §1)."""

    region: str | None = Field(
        description="The province abbreviation of a provincial number (`苏`), normalised to the "
        "official one (`蜀` → `川`); null for a cross-regional or `合字` number."
    )
    province: str | None = Field(description="The province's full name (`江苏省`), or null.")
    classes: list[str] = Field(
        description='License classes in the number (`["B1", "B2"]`); empty for the old '
        "`ICP证` form, which prints none."
    )
    first_issue_year: int | None = Field(description="The year the number was first issued.")
    serial: str | None = Field(description="The serial part, zero-padded as printed (`1036`).")
    foreign_invested: bool = Field(description="True for a `合字` (foreign-invested) number.")
    issuer: str | None = Field(
        description="The authority the number implies: the province's 通信管理局, or "
        "中华人民共和国工业和信息化部 for cross-regional and `合字` numbers."
    )
    site_suffix: str | None = Field(
        description="The `-N` of a website filing number derived from the license, else null."
    )
    form: Literal["modern", "icp", "mii"] = Field(
        description="Which grammar matched: `modern` (`苏B2-20231036`), `icp` (`京ICP证030173号`) "
        "or `mii` (`B2-2004-0851号`, the pre-2008 ministry form)."
    )


class Service(_Frozen):
    """One licensed business type from the 附页 annex (or from the cover)."""

    name: str = Field(
        description="Catalogue name of the business type, without prefixes such as "
        "`第二类增值电信业务中的` and without its qualifier."
    )
    code: str | None = Field(
        description="Code in the 电信业务分类目录 (`B21`, `B25`, …); null if not in the catalogue."
    )
    limited_to: list[str] = Field(description="Items of `仅限…`.")
    includes: list[str] = Field(description="Items of `含…`.")
    excludes: list[str] = Field(description="Items of `不含…`.")
    coverage: str | None = Field(description="业务覆盖范围 as printed for this service, or null.")
    text: str = Field(description="The whole entry as printed, cleaned.")
    lines: LineSpan = Field(description="First and last 1-based source lines of the entry.")


class Clause(_Frozen):
    """One numbered clause of the 特别规定事项, with its children."""

    number: int = Field(description="The clause's number: `十六、` → 16, `（三）` → 3, `2.` → 2.")
    label: str = Field(description="The label as printed, normalised: `十六、`, `（三）`, `2.`.")
    text: str = Field(
        description="The clause's own text without its label; for a clause with children, "
        "only the lead-in before the first child."
    )
    applies_to: str | None = Field(
        description="The services of a leading `（适用于…）` marker, or null."
    )
    business: str | None = Field(
        description="For a section `你公司在经营X时应当遵守下列规定`, the business X; else null."
    )
    children: list[Clause] = Field(description="The next level of clauses.")
    lines: LineSpan = Field(
        description="First and last 1-based source lines the clause spans, children included."
    )
    pages: LineSpan | None = Field(
        default=None,
        description="For a scan: the first and last page the clause spans; null for text.",
    )


class Unparsed(_Frozen):
    """A stretch of input that is none of furniture, boilerplate, a field, a service, a clause."""

    text: str = Field(description="The text, cleaned.")
    lines: list[int] = Field(description="The 1-based source lines it came from.")


class Finding(_Frozen):
    """Something the parser repaired, doubted or could not find."""

    # Named `Warning` in the schema, as it always was; the class is not, so
    # that it does not shadow the builtin.
    model_config = ConfigDict(frozen=True, title="Warning")

    code: WarningCode | NoteCode = Field(
        description="A stable machine-readable code, e.g. `number_misread`: one of the "
        "registry in `licparse.codes`."
    )
    message: str = Field(description="What happened and what was done, for a person.")
    line: int | None = Field(description="1-based line in the decoded source, or null.")


class Furniture(_Frozen):
    """Page furniture that was removed from the text: never part of any value."""

    kind: Literal[
        "number_header",
        "title",
        "section_title",
        "page_number",
        "page_separator",
        "watermark",
        "repeated_line",
    ] = Field(description="What kind of page furniture.")
    text: str = Field(description="The furniture text, cleaned.")
    lines: list[int] = Field(description="Every source line it was removed from.")


class Validity(_Frozen):
    """Whether the license is in force on a date the user named (`--as-of`)."""

    as_of: str = Field(description="The date asked about, `YYYY-MM-DD`.")
    status: Literal["valid", "expiring", "expired", "not_yet_valid", "unknown"] = Field(
        description="`valid`; `expiring`: valid, and expiring within `window_days`; "
        "`expired`: after the expiry date; `not_yet_valid`: before the issue date; "
        "`unknown`: no expiry date could be read."
    )
    days_left: int | None = Field(
        description="Days from `as_of` to the expiry date (the last valid day): negative "
        "once expired; null when unknown."
    )
    window_days: int = Field(description="The `expiring` window asked for, in days.")
    reason: str = Field(description="Why, in words, with the dates compared.")


class Obligation(_Frozen):
    """A duty with a deadline or a period, read from a clause (`--obligations`)."""

    kind: Literal["deadline_after", "deadline_before", "periodic", "retention", "untyped"] = Field(
        description="`deadline_after`: within a time after an event (`变更之日起30日内`); "
        "`deadline_before`: a time before an event (`提前90日`); `periodic`: every year "
        "(`每年第一季度`); `retention`: keep for at least (`保存时间不得少于一年`); "
        "`untyped`: a duty with a period licparse cannot type, kept with its text."
    )
    amount: int | None = Field(description="How many `unit`s (`六十日` → 60); null if untyped.")
    unit: Literal["day", "working_day", "month", "year", "quarter"] | None = Field(
        description="The unit of `amount`; for `periodic`, `quarter` with `amount` the quarter."
    )
    trigger: str | None = Field(
        description="The event the time runs from or before (`公司作出决定之日`, `变更`, "
        "`经营许可证有效期届满`), as printed; null for periodic and retention duties."
    )
    action: str | None = Field(description="What must be done (`提出申请`, `上报`), as printed.")
    addressee: str | None = Field(
        description="To whom (`原发证机关`, `电信主管部门`, `我部`), or null."
    )
    due: str | None = Field(
        description="`YYYY-MM-DD` where the license itself dates the event (a renewal "
        "application before the expiry date); else null."
    )
    clause: str = Field(description="The clause's label path: `十二、`, `十五、（七）`.")
    lines: LineSpan = Field(description="The clause's source lines.")
    text: str = Field(description="The sentence that states the duty.")


class Citation(_Frozen):
    """A regulation a clause cites (`--citations`)."""

    title: str = Field(
        description="The regulation's title, without 《》: `互联网信息服务管理办法`."
    )
    article: int | None = Field(description="The article cited (`第十五条` → 15), or null.")
    order: str | None = Field(
        description="The order that enacted it, as printed (`工业和信息化部令第11号`), or null."
    )
    order_number: int | None = Field(description="The order's number (`第11号` → 11), or null.")
    clause: str = Field(description="The citing clause's label path: `八、`, `十五、（三）`.")
    lines: LineSpan = Field(description="The citing clause's source lines.")
    text: str = Field(description="The citation as printed.")


class License(_Frozen):
    """One parsed 增值电信业务经营许可证."""

    schema_version: Literal["1"] = Field(
        default=SCHEMA_VERSION, description="Bumped only on a breaking change."
    )
    source: Source = Field(
        description="The input: its path, the SHA-256 of its bytes and the encoding used."
    )
    title: str | None = Field(description="The document title, spaces removed.")
    license_number: str | None = Field(
        description="The license number, normalised: `苏B2-20231036`, `B1.B2-20190001`, "
        "`京ICP证030173号`."
    )
    number_info: NumberInfo | None = Field(description="What the number itself says.")
    company_name: str | None = Field(
        description="公司名称, spaces removed, parentheses between CJK characters full width."
    )
    legal_representative: str | None = Field(description="法定代表人, spaces removed.")
    issuing_authority: str | None = Field(
        description="发证机关 as printed; null where none is printed (the seal is usually lost "
        "to OCR). The authority implied by the number is `number_info.issuer`."
    )
    issue_date: str | None = Field(description="发证日期 as YYYY-MM-DD.")
    expiry_date: str | None = Field(description="有效期至 as YYYY-MM-DD.")
    services: list[Service] = Field(description="Licensed business types, in printed order.")
    clauses: list[Clause] = Field(description="The 特别规定事项 clause tree.")
    unparsed: list[Unparsed] = Field(
        description="Every stretch of input that belongs nowhere else, so nothing is lost."
    )
    warnings: list[Finding] = Field(description="Repairs, doubts and missing parts.")
    notes: list[Finding] = Field(
        description="Ordinary structural work that changed no value but joined text, such as a "
        "clause continued across a page break; same shape as warnings."
    )
    furniture: list[Furniture] = Field(description="Page furniture removed, with its lines.")
    citations: list[Citation] | None = Field(
        default=None,
        description="The regulations the clauses cite (`--citations`, "
        "`licparse.citations_of`); null when not asked for.",
    )
    validity: Validity | None = Field(
        default=None,
        description="In force on the date asked about (`--as-of`, `licparse.validity`); "
        "null when no date was asked about, so the output never depends on the day it ran.",
    )
    obligations: list[Obligation] | None = Field(
        default=None,
        description="The duties with deadlines and periods in the clauses (`--obligations`, "
        "`licparse.obligations_of`); null when not asked for.",
    )
    field_lines: dict[str, LineSpan] = Field(
        description="Source lines of each cover field and boilerplate block (`grant`, "
        "`see_annex`, `annex_intro`, `preamble`, `table_header`, `table_markup`)."
    )


def clause_paths(clauses: list[Clause], parent: str = "") -> Iterator[tuple[str, Clause]]:
    """Every clause with its label path (`十五、（三）`), depth first, in order."""
    for c in clauses:
        yield parent + c.label, c
        yield from clause_paths(c.children, parent + c.label)
