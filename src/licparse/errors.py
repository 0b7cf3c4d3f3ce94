"""The error hierarchy. Every message names the input and says what to do."""

from __future__ import annotations


class LicparseError(Exception):
    """Base class: an input licparse could not turn into a license."""

    code = "error"
    default_message = "could not parse the input"

    def __init__(self, message: str | None = None, *, source: str | None = None) -> None:
        self.message = message or self.default_message
        self.source = source
        super().__init__(self.message)

    def __str__(self) -> str:
        where = self.source if self.source is not None else "<stdin>"
        return f"{where}: {self.message}"

    def with_source(self, source: str | None) -> LicparseError:
        self.source = source
        return self


class ReadError(LicparseError):
    """The file could not be read at all (missing, a directory, no permission)."""

    code = "read_error"
    default_message = "could not read the file"


class TooLargeError(LicparseError):
    """Larger than --max-bytes: refused before it is read."""

    code = "too_large"
    default_message = "the input is larger than the size limit"


class EmptyInputError(LicparseError):
    """Zero bytes, or nothing but white space."""

    code = "empty"
    default_message = "the input is empty: there is no text to parse"


class NotTextError(LicparseError):
    """Binary data (a PDF, an image, an archive) or text in no encoding we can decode."""

    code = "not_text"
    default_message = "the input is not text"


class DecodeError(NotTextError):
    """The bytes do not decode in the encoding that was asked for or detected."""

    code = "decode_error"
    default_message = "the input could not be decoded"


class NotALicenseError(LicparseError):
    """Text, but not a 增值电信业务经营许可证."""

    code = "not_a_license"
    default_message = "the text is not a value-added telecom business license"
