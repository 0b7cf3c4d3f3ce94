"""The error hierarchy. Every message names the input and says what to do."""

from __future__ import annotations

import os


class LicparseError(Exception):
    """Base class: an input licparse could not turn into a license."""

    code = "error"
    default_message = "could not parse the input"
    # A scan's OCR'd text, kept when the text then failed to parse: it is
    # what --save-text exists for.
    scan_text: str | None = None
    # The sha256 of the input's bytes, where they were read before it failed:
    # an error record names the file by its content too.
    sha256: str | None = None

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


class DamagedFileError(LicparseError):
    """A scan whose file is damaged: a truncated image, a broken PDF."""

    code = "damaged"
    default_message = "the file is damaged"


class NeedsPasswordError(LicparseError):
    """A PDF that opens only with a password."""

    code = "needs_password"
    default_message = "the PDF needs a password to be opened: save a copy without one"


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


class WorkerDiedError(LicparseError):
    """The worker process parsing the input died without a Python error."""

    code = "worker_died"
    default_message = (
        "the process parsing this input died (killed by the system, perhaps for lack of "
        "memory, or a crash in a native library such as the PDF or OCR engine); the other "
        "inputs went on"
    )


class TimedOutError(LicparseError):
    """The input took longer than the time limit (`--timeout`): its worker was stopped."""

    code = "timeout"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"reading it took longer than the limit of {seconds:g} s, so it was stopped "
            "(a scan of very many or very dense pages, or a file built to be slow); "
            "the other inputs went on: raise the limit with --timeout"
        )


class InternalError(LicparseError):
    """licparse itself failed on this input: a bug, kept to this one input."""

    code = "internal_error"
    default_message = "licparse failed on this input (a bug: please report it)"

    @classmethod
    def of(cls, exc: BaseException) -> InternalError:
        """The error for an unexpected exception, naming it and where it was raised."""
        where = ""
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None:
            code = tb.tb_frame.f_code
            where = f" at {os.path.basename(code.co_filename)}:{tb.tb_lineno} in {code.co_name}"
        return cls(
            f"licparse failed on this input ({type(exc).__name__}: {exc}{where}); "
            "this is a bug: please report it with the file"
        )


def display_path(path: str) -> str:
    """`path` as it can be shown and written in UTF-8 output.

    A file name whose bytes are not UTF-8 reaches Python with lone surrogates
    (`bad\\udcff.txt`), which JSON, CSV and terminals cannot carry: those
    bytes are shown as `\\xff` escapes instead. Files are still opened by
    their real name.
    """
    if path.isascii():
        return path
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file system byte maps to
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")
