"""Records on standard output, in the chosen format, as they arrive.

A record is written whole or not at all, even when Ctrl-C lands mid-write,
and `--json` closes its array on the way out: what was printed always parses.
"""

from __future__ import annotations

from typing import IO

from ..batch.outputs import ctrl_c_deferred
from ..batch.records import CSV_COLUMNS, Format, csv_row


class Sink:
    """Writes outcomes to stdout in the chosen format, as they arrive."""

    def __init__(self, fmt: Format, out: IO[str], single: bool) -> None:
        self.fmt, self.out, self.single, self.count = fmt, out, single, 0
        if fmt == "csv":
            out.write("\ufeff" + csv_row(list(CSV_COLUMNS)))

    def write(self, text: str) -> None:
        if self.fmt == "json" and not self.single:
            text = ("[\n" if not self.count else ",\n") + _indent(text)
        elif self.fmt in ("json", "jsonl"):
            text += "\n"
        # Whole or not at all: a Ctrl-C that cut a record in half would leave
        # JSON no reader can parse.
        with ctrl_c_deferred():
            _write_all(self.out, text)
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json" and not self.single:
            self.out.write("\n]\n" if self.count else "[]\n")
        self.out.flush()


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
