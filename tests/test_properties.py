"""Properties that hold for any input, checked on arbitrary and mangled text.

For every input: parsing raises nothing but a LicparseError; the output is
valid against `licparse schema`; every non-blank input line is accounted for
(a field, a service, a clause, furniture, unparsed text, a warning or a note);
and parsing the same text twice gives the same JSON.
"""

from __future__ import annotations

import json
import os

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import licparse
from licparse.models import License
from licparse.parse import line_roles
from licparse.stages.decode import decode_bytes

from .conftest import FIXTURES

SCHEMA = License.model_json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
SEEDS = [(FIXTURES / name).read_text(encoding="utf-8") for name in ("seed_000.txt", "seed_002.txt")]

# Lines a scan might add anywhere: furniture, stamps, junk.
INSERTS = [
    "经营许可证编号：苏B2-20231036",
    "特别规定事项",
    "## 特别规定事项",
    "- 3 -",
    "第 2 页",
    "仅供某某公司资质审核使用，他用无效",
    "与原件一致",
    "（盖章）",
    "一、",
    "（三）",
    "|  |",
    "<table><tr><td>信息服务业务</td></tr></table>",
    "[red]x[/red]\x1b[31m",
]

# LICPARSE_FUZZ_EXAMPLES=20000 for a long run outside CI.
PROFILE = settings(
    max_examples=int(os.environ.get("LICPARSE_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def unaccounted(d: dict, roles: dict[int, str], nonblank: set[int]) -> list[tuple[int, str]]:
    """Lines whose role's part of the output does not hold them.

    Each line is checked against the part that took it, not against every
    span at once: a line inside a field's span but taken by no one, or a
    clause line outside every clause, fails. A warning holds no line.
    """

    def spans(pairs: list[tuple[int, int]]) -> set[int]:
        return {no for first, last in pairs for no in range(first, last + 1)}

    def clause_lines(cs: list[dict]) -> list[tuple[int, int]]:
        return [span for c in cs for span in (tuple(c["lines"]), *clause_lines(c["children"]))]

    held = {
        "clause": spans(clause_lines(d["clauses"])),
        "service": spans([tuple(s["lines"]) for s in d["services"]]),
        "furniture": {no for f in d["furniture"] for no in f["lines"]},
    }
    unparsed = {no for u in d["unparsed"] for no in u["lines"]}
    held["table"] = held["service"] | unparsed
    missing = []
    for no in sorted(nonblank):
        role = roles.get(no)
        if role is None:
            ok = no in unparsed
        elif role in held:
            ok = no in held[role]
        else:
            first, last = d["field_lines"].get(role, (0, -1))
            ok = first <= no <= last
        if not ok:
            missing.append((no, role or "unparsed"))
    return missing


def check(text: str) -> None:
    try:
        lic, roles = line_roles(text)
    except licparse.LicparseError as exc:
        assert exc.message and exc.code
        return
    d = lic.model_dump(mode="json")
    VALIDATOR.validate(d)
    nonblank = {
        i
        for i, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1)
        if line.strip(" \t\f\v\u3000\u00a0\ufeff#>*_")
    }
    missing = unaccounted(d, roles, nonblank)
    assert not missing, f"lines not accounted for: {missing[:10]}"
    again = licparse.parse_text(text).model_dump(mode="json", exclude={"source"})
    assert json.dumps(again, ensure_ascii=False) == json.dumps(
        {k: v for k, v in d.items() if k != "source"}, ensure_ascii=False
    )


@st.composite
def mangled(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(SEEDS)).split("\n")
    for _ in range(draw(st.integers(0, 12))):
        op = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "spaces", "insert", "wrap", "join", "width", "crlf"]
            )
        )
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "spaces":
            lines[i] = " ".join(line)
        elif op == "insert":
            lines.insert(i, draw(st.sampled_from(INSERTS)))
        elif op == "wrap" and len(line) > 2:
            cut = draw(st.integers(1, len(line) - 1))
            lines[i : i + 1] = [line[:cut], line[cut:]]
        elif op == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [line + lines[i + 1]]
        elif op == "width":
            lines[i] = line.translate(str.maketrans("（）：，；", "():,;"))
        elif op == "crlf":
            lines[i] = line + "\r"
    return "\n".join(lines)


@PROFILE
@given(mangled())
def test_mangled_seeds(text: str) -> None:
    check(text)


@PROFILE
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    check(text)


@PROFILE
@given(
    st.lists(
        st.one_of(st.sampled_from(INSERTS), st.sampled_from(SEEDS[0].split("\n")), st.text()),
        max_size=40,
    )
)
def test_license_shaped_junk(parts: list[str]) -> None:
    check("\n".join(parts))


@PROFILE
@given(mangled(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_same_license_in_any_encoding(text: str, encoding: str) -> None:
    """Bytes in any supported encoding parse exactly like the text itself."""
    try:
        want = licparse.parse_text(text).model_dump(mode="json", exclude={"source"})
    except licparse.LicparseError as exc:
        with pytest.raises(licparse.LicparseError) as caught:
            licparse.parse_bytes(text.encode(encoding))
        assert caught.value.code == exc.code
        return
    got = licparse.parse_bytes(text.encode(encoding))
    assert got.source.encoding == encoding
    assert got.model_dump(mode="json", exclude={"source"}) == want


@PROFILE
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    """Any bytes: refused with a code and a message, or text that holds every
    invariant and parses exactly as that text does."""
    try:
        text = decode_bytes(data).text
    except licparse.LicparseError as exc:
        assert exc.code and exc.message
        with pytest.raises(licparse.LicparseError):
            licparse.parse_bytes(data)
        return
    check(text)
    try:
        want = licparse.parse_text(text).model_dump(mode="json", exclude={"source"})
    except licparse.LicparseError:
        return
    got = licparse.parse_bytes(data).model_dump(mode="json", exclude={"source"})
    assert got == want


@pytest.mark.parametrize("seed", [0, 1])
def test_seeds_hold_the_properties(seed: int) -> None:
    check(SEEDS[seed])


def test_the_accounting_can_fail() -> None:
    """A line dropped from its part is found, even inside another part's span."""
    lic, roles = line_roles(SEEDS[0])
    d = lic.model_dump(mode="json")
    nonblank = set(roles) | {no for u in d["unparsed"] for no in u["lines"]}
    assert unaccounted(d, roles, nonblank) == []
    clause_line = next(no for no, role in roles.items() if role == "clause")
    no_clauses = {**d, "clauses": []}
    assert (clause_line, "clause") in unaccounted(no_clauses, roles, nonblank)
    # A line taken by no part is not held by the field whose span it sits in.
    first = d["field_lines"]["grant"][0]
    inside = {**roles}
    del inside[first]
    assert (first, "unparsed") in unaccounted(d, inside, nonblank)


def test_a_label_split_over_two_lines_accounts_for_both() -> None:
    """Found by test_mangled_seeds: `十` ⏎ `、你公司…` is one label; the clause
    made of it holds both lines."""
    text = SEEDS[0].replace(
        "十、你公司应按照国家法律法规要求", "十\n、你公司应按照国家法律法规要求"
    )
    check(text)
    lic = licparse.parse_text(text)
    assert [c.label for c in lic.clauses][9] == "十、"
    assert "label_split_joined" in {w.code for w in lic.warnings}
