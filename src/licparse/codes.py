"""Every warning and note code licparse can emit, in one registry.

The codes are the contract's vocabulary: `models.Finding.code` takes only
these (so the JSON Schema lists them), `Document.warn` is typed with them (so
mypy refuses a code that is not registered), and the README's table is
checked against this registry by the docs test.
"""

from __future__ import annotations

from typing import Literal, get_args

WarningCode = Literal[
    # The license number (stages/number.py, stages/checks.py).
    "number_misread",
    "number_outvoted",
    "number_unreadable",
    "number_digit_count",
    "province_alias",
    "number_year_implausible",
    "number_year_after_issue",
    "authority_mismatch",
    "class_not_in_number",
    # Dates and validity.
    "expiry_not_after_issue",
    "term_over_5_years",
    "invalid_date",
    "unreadable_date",
    "date_repaired",
    "value_trimmed",
    "cover_label_repaired",
    # Cross-checks between the parts.
    "company_name_mismatch",
    "company_name_elsewhere",
    "section_without_service",
    "service_without_section",
    "unknown_business",
    "table_unreadable",
    # The clause numbering.
    "numbering_gap",
    "numbering_repeat",
    "numbering_restart",
    "numbering_out_of_order",
    "orphan_clause",
    "label_restored",
    "label_repaired",
    "label_glued",
    "label_split_joined",
    "applies_to_repaired",
    "clause_text_long",
    # A PDF's text layer that says something its page image does not.
    "text_layer_disagrees",
    # OCR's misreads of single characters.
    "glyph_simplified",
    "item_repaired",
    # Page furniture taken out of content.
    "watermark_removed",
    "repeated_line_removed",
    # Parts that could not be found.
    "missing_license_number",
    "missing_company_name",
    "missing_legal_representative",
    "missing_issue_date",
    "missing_expiry_date",
    "missing_annex",
    "missing_services",
    "missing_provisions",
    "pages_missing",
]

# Ordinary structural work that changes no value: every multi-page license
# has these, so they are not warnings and do not fail `--strict`.
NoteCode = Literal["page_break_joined"]

WARNING_CODES: tuple[WarningCode, ...] = get_args(WarningCode)
NOTE_CODES: tuple[NoteCode, ...] = get_args(NoteCode)

# The cover fields, in the contract's order (the CSV's columns too).
COVER_FIELDS = (
    "license_number",
    "company_name",
    "legal_representative",
    "issuing_authority",
    "issue_date",
    "expiry_date",
)

# The cover fields whose absence is warned, each with its code. The issuing
# authority is not among them: the seal that prints it is usually lost to OCR.
MISSING: dict[str, WarningCode] = {
    "license_number": "missing_license_number",
    "company_name": "missing_company_name",
    "legal_representative": "missing_legal_representative",
    "issue_date": "missing_issue_date",
    "expiry_date": "missing_expiry_date",
}
