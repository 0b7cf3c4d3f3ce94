"""Stage 1: raw bytes → text, with the encoding that was used.

Detection order: a byte-order mark, then strict UTF-8, then UTF-16 without a
BOM (recognised by its NUL bytes), then GB18030. Generic charset detectors
misread short Chinese text, while a strict UTF-8 decode almost never succeeds
on GB18030 bytes, so this order is both cheap and right for our inputs.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from ..errors import DecodeError, EmptyInputError, NotTextError

# File signatures of formats users save with a `.txt` name by mistake.
MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters other than tab, line feed, carriage return and form feed
# do not occur in OCR text; a few per thousand means binary data.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")
MAX_CONTROL_RATIO = 0.01


class Decoded(NamedTuple):
    text: str
    encoding: str


def _sniff_magic(data: bytes) -> str | None:
    for magic, what in MAGIC:
        if data.startswith(magic):
            return what
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Return `utf-16-le`/`utf-16-be` when NULs sit in every other byte."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    # Every ASCII character (line breaks, digits, the B of B2) puts a NUL on
    # one side; a CJK character now and then puts one on the other (U+4E00 is
    # 00 4E). So: NULs on one side in numbers, four times fewer on the other.
    if odd_nuls >= half * 0.05 and even_nuls * 4 <= odd_nuls:
        return "utf-16-le"
    if even_nuls >= half * 0.05 and odd_nuls * 4 <= even_nuls:
        return "utf-16-be"
    return None


# In UTF-8 and GB18030 a byte below 0x20 is always that ASCII character (no
# multi-byte sequence uses one), so control characters can be counted in the
# bytes, where `translate` deletes all others in one C pass.
_BYTE_CODECS = frozenset(("utf-8", "utf-8-sig", "gb18030"))
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b <= 0x08 or 0x0E <= b <= 0x1F))


def _check_text(text: str, encoding: str, data: bytes) -> None:
    if not text.strip():
        raise EmptyInputError("the input holds only white space: there is no text to parse")
    if "\x00" in text:
        raise NotTextError(f"the input holds NUL bytes after decoding as {encoding}: not text")
    if encoding in _BYTE_CODECS:
        controls = len(data.translate(None, _NOT_CONTROL_BYTES))
    else:
        controls = len(_CONTROLS.findall(text))
    if text and controls / len(text) > MAX_CONTROL_RATIO:
        raise NotTextError(
            f"the input decodes as {encoding} but is full of control characters: "
            "it is binary data, not text"
        )


# A line that is valid UTF-8 with this many multi-byte characters was not
# written in GB18030: by chance GB18030 bytes seldom form even one.
MIXED_MIN_UTF8_CHARS = 3


def _refuse_mixed(data: bytes) -> None:
    """Raise DecodeError if some lines are UTF-8 and others are not.

    Decoding such a file as GB18030 would turn the UTF-8 lines into plausible
    but wrong Chinese; refusing says what happened instead.
    """
    utf8_line = other_line = None
    raw_lines = data.split(b"\n")
    # One lenient decode marks the lines that are not UTF-8 with U+FFFD (a
    # line feed never belongs to a bad sequence, so the lines stay aligned);
    # only those are decoded strictly, since U+FFFD may also be printed. A
    # line that holds U+FFFD is no evidence of UTF-8 either way: it was
    # already damaged by an earlier lossy conversion.
    for no, text in enumerate(data.decode("utf-8", "replace").split("\n"), 1):
        if "\ufffd" in text:
            if other_line is None and not _is_utf8(raw_lines[no - 1]):
                other_line = no
        elif (
            utf8_line is None
            and not text.isascii()
            and sum(ord(ch) > 0x7F for ch in text) >= MIXED_MIN_UTF8_CHARS
        ):
            utf8_line = no
        if utf8_line and other_line:
            raise DecodeError(
                f"mixed encodings: line {utf8_line} is UTF-8 but line {other_line} is not; "
                "convert the file to one encoding (or name one with --encoding)"
            )


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode(data: bytes, name: str, failure: str | None = None) -> Decoded | None:
    """`data` decoded as `name`; on failure None, or DecodeError(failure) if given."""
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        if failure is None:
            return None
        raise DecodeError(failure.format(name=name, start=exc.start)) from exc
    text = text.removeprefix("\ufeff")
    _check_text(text, name, data)
    return Decoded(text, name)


def decode_bytes(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode `data`; `encoding` forces one codec (the `--encoding` option)."""
    if not data.strip():
        raise EmptyInputError()
    if encoding is not None:
        try:
            "".encode(encoding)
        except LookupError as exc:
            raise DecodeError(f"unknown encoding {encoding!r}") from exc
        forced = _decode(
            data,
            encoding,
            "the bytes are not valid {name} (byte {start}): check --encoding, or leave it "
            "out to detect the encoding",
        )
        assert forced is not None
        return forced

    what = _sniff_magic(data)
    if what is not None:
        raise NotTextError(f"this is {what}, not text: run it through OCR first")

    bom = next((name for mark, name in BOMS if data.startswith(mark)), None)
    if bom is not None:
        found = _decode(
            data, bom, "the input starts with a {name} byte-order mark but is not valid {name}"
        )
        assert found is not None
        return found
    utf16 = _utf16_without_bom(data)
    for name in ([utf16] if utf16 else []) + ["utf-8", "gb18030"]:
        if name == "gb18030":
            _refuse_mixed(data)
        decoded = _decode(data, name)
        if decoded is not None:
            return decoded
    raise NotTextError(
        "the bytes are neither UTF-8, UTF-16 nor GB18030: not text, or an encoding to "
        "name with --encoding"
    )
