"""Records on standard output, in the chosen format, as they arrive.

A record is written whole or not at all, even when Ctrl-C lands mid-write,
and `--json` closes its array on the way out: what was printed always parses.
When standard output is a file and its disk fills, the part of a record
that was written is cut off again, so the file ends on a whole record.
"""

from __future__ import annotations

import contextlib
import os
import stat
from typing import IO

from ..batch.outputs import ctrl_c_deferred
from ..batch.records import CSV_COLUMNS, Format, csv_row


class OutputFailedError(Exception):
    """Standard output cannot be written (a full disk, a quota, an I/O error)."""

    def __init__(self, cause: OSError) -> None:
        self.cause = cause
        super().__init__(f"cannot write to standard output: {cause.strerror or cause}")


class Sink:
    """Writes outcomes to stdout in the chosen format, as they arrive."""

    def __init__(self, fmt: Format, out: IO[str], single: bool) -> None:
        self.fmt, self.out, self.single, self.count = fmt, out, single, 0
        self.fd = _regular_file(out)
        if fmt == "csv":
            self._whole("\ufeff" + csv_row(list(CSV_COLUMNS)))

    def write(self, text: str) -> None:
        if self.fmt == "json" and not self.single:
            text = ("[\n" if not self.count else ",\n") + _indent(text)
        elif self.fmt in ("json", "jsonl"):
            text += "\n"
        # Whole or not at all: a Ctrl-C that cut a record in half would leave
        # JSON no reader can parse.
        with ctrl_c_deferred():
            self._whole(text)
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json" and not self.single:
            self._whole("\n]\n" if self.count else "[]\n")
        else:
            self._whole("")

    def _whole(self, text: str) -> None:
        """Write `text`, or (on a file) leave the file as it was before it.

        Raises OutputFailedError."""
        start = None
        try:
            if self.fd is not None:
                self.out.flush()
                start = os.lseek(self.fd, 0, os.SEEK_CUR)
            _write_all(self.out, text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            if start is not None and self.fd is not None:
                # Through the descriptor: the buffered layer would first try
                # to write what it holds, and fail again.
                with contextlib.suppress(OSError):
                    os.ftruncate(self.fd, start)
                    os.lseek(self.fd, start, os.SEEK_SET)
            raise OutputFailedError(exc) from None


def _regular_file(out: IO[str]) -> int | None:
    """`out`'s descriptor if it is a regular file: only a file can be cut
    back; a pipe or a terminal has no going back."""
    try:
        fd = out.fileno()
        return fd if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except (OSError, ValueError, AttributeError):
        return None


def _write_all(out: IO[str], text: str) -> None:
    """Write all of `text`, even where the system writes part of it.

    With an unbuffered stdout (`python -u`, PYTHONUNBUFFERED) a signal that
    arrives while a pipe is full makes the write return short, and the text
    layer drops the rest: the bytes are written here until none is left.
    """
    buffer = getattr(out, "buffer", None)
    if buffer is None:  # a stream with no bytes below it (a test's StringIO)
        out.write(text)
        out.flush()
        return
    out.flush()  # what was written through the text layer goes first
    encoding = getattr(out, "encoding", None) or "utf-8"
    data = memoryview(text.encode(encoding, getattr(out, "errors", None) or "strict"))
    while data:
        data = data[buffer.write(data) or 0 :]
    buffer.flush()


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))
