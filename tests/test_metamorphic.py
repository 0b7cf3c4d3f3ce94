"""The same license in another layout gives the same data.

Each good fixture is rewritten the way other OCR pipelines print it — hard
wrapped at 25–40 characters with no blank lines, Tesseract-spaced with
half-width punctuation, CRLF, GB18030 — and must parse to the same fields,
services and clause tree as the original.
"""

from __future__ import annotations

import re

import pytest

import licparse

from .golden import FIXTURES

GOOD = sorted(
    p.stem
    for p in FIXTURES.glob("*.txt")
    if not p.stem.startswith(("bad_", "enc_")) and p.stem != "layout_hard_wrapped"
)
HAN = r"[\u4e00-\u9fff]"
NARROW = str.maketrans("（）：，；", "():,;")


def hard_wrap(text: str, width: int) -> str:
    out = []
    for line in text.splitlines():
        line = line.strip()
        out.extend(line[i : i + width] for i in range(0, len(line), width))
    return "\n".join(out)


def tesseract(text: str) -> str:
    return "\n".join(
        re.sub(f"(?<={HAN})(?={HAN})", " ", line).translate(NARROW) for line in text.splitlines()
    )


def essence(lic: licparse.License) -> dict:
    def squash(s: str | None) -> str | None:
        return None if s is None else re.sub(r"\s", "", s.translate(NARROW))

    def clauses(cs):
        return [(c.label, squash(c.applies_to), squash(c.text), clauses(c.children)) for c in cs]

    return {
        "fields": [
            squash(x)
            for x in (
                lic.title,
                lic.license_number,
                lic.company_name,
                lic.legal_representative,
                lic.issuing_authority,
                lic.issue_date,
                lic.expiry_date,
            )
        ],
        "services": [
            (
                s.name,
                s.code,
                [squash(x) for x in s.limited_to + s.includes + s.excludes],
                squash(s.coverage),
            )
            for s in lic.services
        ],
        "clauses": clauses(lic.clauses),
        "warnings": sorted(w.code for w in lic.warnings),
    }


TRANSFORMS = {
    "wrap25": lambda t: hard_wrap(t, 25),
    "wrap33": lambda t: hard_wrap(t, 33),
    "wrap40": lambda t: hard_wrap(t, 40),
    "tesseract": tesseract,
    "crlf": lambda t: t.replace("\n", "\r\n"),
}


# Tables come from OCR-to-markdown tools, which never hard-wrap: a table
# broken every 25 characters is not an input anyone has.
CASES = [
    (name, transform)
    for name in GOOD
    for transform in sorted(TRANSFORMS)
    if not (name.startswith("annex_") and name.endswith("_table") and transform.startswith("wrap"))
]


@pytest.mark.parametrize(("name", "transform"), CASES)
def test_same_data_in_another_layout(name: str, transform: str) -> None:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    want = essence(licparse.parse_text(text))
    got = essence(licparse.parse_text(TRANSFORMS[transform](text)))
    assert got == want


@pytest.mark.parametrize("name", GOOD[:8])
def test_same_data_in_gb18030(name: str) -> None:
    data = (FIXTURES / f"{name}.txt").read_bytes()
    want = licparse.parse_bytes(data).model_dump(exclude={"source"})
    got = licparse.parse_bytes(data.decode("utf-8").encode("gb18030"))
    assert got.source.encoding == "gb18030"
    assert got.model_dump(exclude={"source"}) == want
