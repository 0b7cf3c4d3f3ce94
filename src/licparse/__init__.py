"""licparse: OCR'd 增值电信业务经营许可证 text → validated, structured data.

>>> import licparse
>>> lic = licparse.parse_file("license.txt")
>>> lic.license_number, [s.code for s in lic.services]
"""

from __future__ import annotations

from .errors import (
    DecodeError,
    EmptyInputError,
    LicparseError,
    NotALicenseError,
    NotTextError,
    ReadError,
)
from .models import License
from .parse import parse_bytes, parse_file, parse_text

__version__ = "0.1.0"

__all__ = [
    "DecodeError",
    "EmptyInputError",
    "License",
    "LicparseError",
    "NotALicenseError",
    "NotTextError",
    "ReadError",
    "__version__",
    "parse_bytes",
    "parse_file",
    "parse_text",
]
