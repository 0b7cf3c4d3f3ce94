"""Page furniture that OCR and hard wraps break apart, and text that only looks like it."""

from __future__ import annotations

import licparse
from licparse.models import License

from ..conftest import FIXTURES

BASE = (FIXTURES / "furniture_watermark.txt").read_text(encoding="utf-8")
STAMP = "仅供河北恒信招标代理有限公司资质审核使用，他用无效"
CLAUSE_TWO = (
    "二、你公司应当按照许可的业务种类和业务覆盖范围，依法开展业务经营活动，"
    "不得经营或变相经营未经许可的其他电信业务，"
)


def parse(text: str) -> License:
    return licparse.parse_text(text)


def clause(lic: License, number: int) -> str:
    return next(c.text for c in lic.clauses if c.number == number)


EXPECTED_TWO = clause(parse(BASE), 2)


def with_clause_two(middle: str) -> str:
    """BASE with clause 二's first line broken after `不得经营` around `middle`."""
    assert BASE.count(CLAUSE_TWO) == 1
    head, tail = CLAUSE_TWO.split("不得经营")
    return BASE.replace(CLAUSE_TWO, f"{head}不得经营\n{middle}\n{tail}")


def removed(lic: License) -> list[str]:
    return [w.message for w in lic.warnings if w.code == "watermark_removed"]


def test_a_watermark_wrapped_over_two_lines_is_removed_whole() -> None:
    for first, second in [
        ("仅供河北恒信招标代理有限公司资质", "审核使用，他用无效"),
        ("仅供河北恒信招标代理有限公司资", "质审核使用，他用无效"),
        ("仅供河北恒信招标代理有限公司资质审核使用，他", "用无效"),
    ]:
        lic = parse(with_clause_two(f"{first}\n{second}"))
        assert clause(lic, 2) == EXPECTED_TWO, (first, second)
        assert any(f"`{first}`" in m for m in removed(lic))
        assert any(f"`{second}`" in m for m in removed(lic))


def test_a_short_line_after_a_whole_watermark_stays_content() -> None:
    # `不得转让` would finish no watermark: it is the clause's, not the stamp's.
    lic = parse(with_clause_two(f"{STAMP}\n不得转让"))
    assert clause(lic, 2) == EXPECTED_TWO.replace("不得经营或", "不得经营不得转让或")


def test_a_watermark_read_into_the_end_of_a_line_is_cut_off_and_reported() -> None:
    line = "信息服务业务（仅限互联网信息服务）"
    lic = parse(BASE.replace(line, line + STAMP))
    service = lic.services[1]
    assert (service.name, service.limited_to) == ("信息服务业务", ["互联网信息服务"])
    assert STAMP not in service.text and service.text.startswith(line)
    no = BASE.split("\n").index(line) + 1
    assert f"removed the watermark `{STAMP}` from the end of line {no}" in removed(lic)


def test_text_that_reads_like_furniture_inside_a_sentence_stays() -> None:
    title = "中华人民共和国增值电信业务经营许可证"
    lic = parse(with_clause_two("与原件一致。"))
    assert "不得经营与原件一致。或变相经营" in clause(lic, 2)
    lic = parse(with_clause_two(f"{title}\n，且"))
    assert f"不得经营{title}，且或变相经营" in clause(lic, 2)


def test_markdown_page_separators_are_furniture() -> None:
    lic = parse(with_clause_two("---\n<!-- page 3 -->\n***"))
    assert clause(lic, 2) == EXPECTED_TWO
    kinds = {(f.kind, f.text) for f in lic.furniture}
    assert {("page_separator", "---"), ("page_separator", "<!-- page 3 -->")} <= kinds
    assert [n.code for n in lic.notes].count("page_break_joined") >= 1


def test_a_sentence_repeated_beside_page_breaks_stays_in_its_clauses() -> None:
    """Licenses repeat whole duties in two business sections; a wrap can put
    both copies next to page furniture. A line of a sentence is no stamp."""
    header = "经营许可证编号：苏B2-20231036\n特别规定事项\n"
    repeated = "管理技术手段规范使用、日常管理及运行维护。"
    text = (
        BASE.split("特别规定事项", 1)[0]
        + "特别规定事项\n一、你公司应当建立健全网络与信息安全管理制度，做好\n"
        + repeated
        + "\n"
        + header
        + "二、你公司应当落实安全防护措施，做好\n"
        + repeated
        + "\n"
        + header
        + "三、你公司应当遵守法律法规。\n"
    )
    lic = parse(text)
    assert [c.text.endswith(repeated) for c in lic.clauses] == [True, True, False]
    assert "repeated_line_removed" not in {w.code for w in lic.warnings}


def test_a_stamp_repeated_beside_page_breaks_is_furniture() -> None:
    header = "经营许可证编号：苏B2-20231036\n特别规定事项\n"
    text = (
        BASE.split("特别规定事项", 1)[0]
        + "特别规定事项\n一、你公司应当遵守法律法规。\n"
        + "江苏省通信管理局监制\n"
        + header
        + "二、你公司应当落实安全防护措施。\n"
        + "江苏省通信管理局监制\n"
        + header
        + "三、你公司应当遵守法律法规。\n"
    )
    lic = parse(text)
    assert [c.text for c in lic.clauses][:2] == [
        "你公司应当遵守法律法规。",
        "你公司应当落实安全防护措施。",
    ]
    assert "repeated_line_removed" in {w.code for w in lic.warnings}
