"""licparse: OCR'd 增值电信业务经营许可证 text → validated, structured data.

>>> import licparse
>>> lic = licparse.parse_file("license.txt")
>>> lic.license_number, [s.code for s in lic.services]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    DecodeError,
    EmptyInputError,
    LicparseError,
    NotALicenseError,
    NotTextError,
    ReadError,
    TooLargeError,
)

if TYPE_CHECKING:
    from .citations import citations_of
    from .models import License
    from .obligations import obligations_of
    from .parse import parse_bytes, parse_file, parse_scan, parse_text
    from .validity import validity_on

# The parser (and pydantic) load on first use, so `licparse --version` and
# `import licparse.errors` stay cheap.
_LAZY = {
    "License": "models",
    "parse_bytes": "parse",
    "parse_file": "parse",
    "parse_scan": "parse",
    "parse_text": "parse",
    "validity_on": "validity",
    "obligations_of": "obligations",
    "citations_of": "citations",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'licparse' has no attribute {name!r}")


__all__ = [
    "DecodeError",
    "EmptyInputError",
    "License",
    "LicparseError",
    "NotALicenseError",
    "NotTextError",
    "ReadError",
    "TooLargeError",
    "__version__",
    "citations_of",
    "obligations_of",
    "parse_bytes",
    "parse_file",
    "parse_scan",
    "parse_text",
    "validity_on",
]
