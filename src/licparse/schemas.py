"""JSON Schemas of every record licparse writes: a license (the contract's
models), a failed input's record, and the `--report` file. `licparse schema
[license|error|report]` prints them; tests validate real output against each.
"""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# Identifiers, not addresses: nothing is fetched (licparse has no network).
BASE = "urn:licparse:schema:1:"
ERROR_CODES = (
    "read_error",
    "too_large",
    "empty",
    "not_text",
    "decode_error",
    "not_a_license",
    "needs_ocr",
    "damaged",
    "needs_password",
    "worker_died",
    "timeout",
    "internal_error",
    "output_exists",
    "write_error",
)
VALIDITY_STATUSES = ("valid", "expiring", "expired", "not_yet_valid", "unknown")


def _head(name: str, title: str) -> dict[str, Any]:
    return {"$schema": DRAFT, "$id": BASE + name, "title": title}


def license_schema() -> dict[str, Any]:
    from .models import License

    return {**_head("license", "License"), **License.model_json_schema()}


def _error() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["code", "message"],
        "additionalProperties": False,
        "properties": {"code": {"enum": list(ERROR_CODES)}, "message": {"type": "string"}},
    }


def error_schema() -> dict[str, Any]:
    """A failed input's record in --json/--jsonl/--sqlite: its place kept."""
    return {
        **_head("error", "Failed input"),
        "type": "object",
        "required": ["source", "error"],
        "additionalProperties": False,
        "properties": {
            "source": {
                "type": "object",
                "required": ["path"],
                "additionalProperties": False,
                "properties": {
                    "path": {"type": ["string", "null"]},
                    "sha256": {
                        "type": "string",
                        "description": "Of the input's bytes, if read before it failed",
                    },
                },
            },
            "error": _error(),
        },
    }


def report_schema() -> dict[str, Any]:
    """The --report file: one entry per input and the run's summary."""
    count = {"type": "integer", "minimum": 0}
    entry = {
        "type": "object",
        "required": ["path", "status", "output", "license_number", "warnings", "error", "seconds"],
        "additionalProperties": False,
        "properties": {
            "path": {"type": ["string", "null"]},
            "status": {"enum": ["parsed", "failed", "skipped"]},
            "output": {"type": ["string", "null"]},
            "license_number": {"type": ["string", "null"]},
            "warnings": count,
            "validity": {"enum": [*VALIDITY_STATUSES, None]},
            "error": {"oneOf": [{"type": "null"}, _error()]},
            "seconds": {"type": "number", "minimum": 0},
        },
    }
    summary = {
        "type": "object",
        "required": ["files", "parsed", "with_warnings", "failed", "skipped", "seconds"],
        "additionalProperties": False,
        "properties": {
            "files": count,
            "parsed": count,
            "with_warnings": count,
            "failed": count,
            "skipped": count,
            "seconds": {"type": "number", "minimum": 0},
            "interrupted": {"type": "boolean"},
            "validity": {
                "type": "object",
                "additionalProperties": False,
                "properties": {s: count for s in VALIDITY_STATUSES},
            },
        },
    }
    return {
        **_head("report", "Batch report"),
        "type": "object",
        "required": ["entries", "summary"],
        "additionalProperties": False,
        "properties": {"entries": {"type": "array", "items": entry}, "summary": summary},
    }


SCHEMAS = {"license": license_schema, "error": error_schema, "report": report_schema}
