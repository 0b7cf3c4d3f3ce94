"""Bytes → text: detection order, refusals with a clear cause."""

from __future__ import annotations

import codecs

import pytest

from licparse.errors import DecodeError, EmptyInputError, NotTextError
from licparse.stages.decode import decode_bytes

TEXT = "经营许可证编号：苏B2-20231036\n公司名称：甲乙丙有限公司\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_detects(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text.replace("\r\n", "\n") == TEXT


def test_override():
    assert decode_bytes(TEXT.encode("gb18030"), "gb18030").text == TEXT
    with pytest.raises(DecodeError, match="not valid utf-8"):
        decode_bytes(TEXT.encode("gb18030"), "utf-8")
    with pytest.raises(DecodeError, match="unknown encoding"):
        decode_bytes(b"abc", "no-such-codec")


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyInputError, "empty"),
        (b" \n\r\n\t", EmptyInputError, "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", NotTextError, "PDF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", NotTextError, "JPEG"),
        (b"PK\x03\x04\x14\x00", NotTextError, "ZIP"),
        (bytes(range(256)) * 4, NotTextError, "not text|control"),
        ("甲乙丙\x00丁".encode(), NotTextError, "NUL"),
    ],
)
def test_refuses(data, error, message):
    with pytest.raises(error, match=message):
        decode_bytes(data)
