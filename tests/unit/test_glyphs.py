"""Traditional glyphs OCR reads in a simplified license are put back, warned."""

from __future__ import annotations

import licparse
from licparse.stages.glyph_table import SIMPLIFIED, TRADITIONAL
from licparse.stages.glyphs import simplify


def test_traditional_glyphs_are_read_as_simplified_with_their_lines() -> None:
    text, found = simplify("特別规定事项\n你公司在經营\n\n經營時\n")
    assert text == "特别规定事项\n你公司在经营\n\n经营时\n"
    assert found == {("別", "别"): [1], ("經", "经"): [2, 4], ("營", "营"): [4], ("時", "时"): [4]}


def test_simplified_text_is_left_alone() -> None:
    # `后`, `干`, `里` are simplified characters that are also traditional
    # forms' targets: they are never glyphs to repair.
    plain = "你公司应当在取得许可证后30日内办理，干部里程"
    assert simplify(plain) == (plain, {})


def test_the_table_maps_only_glyphs_outside_gb2312_to_gb2312_characters() -> None:
    assert len(TRADITIONAL) == len(SIMPLIFIED) == len(set(TRADITIONAL)) > 2000
    for glyph, char in zip(TRADITIONAL, SIMPLIFIED, strict=True):
        char.encode("gb2312")
        try:
            glyph.encode("gb2312")
        except UnicodeEncodeError:
            continue
        raise AssertionError(f"{glyph} is a GB2312 character")


def test_a_clause_text_comes_out_simplified_and_the_repair_is_warned() -> None:
    lic = licparse.parse_text(
        "中华人民共和国增值电信业务经营许可证\n经营许可证编号：B2-20190001\n"
        "公司名称：北京甲乙科技有限公司\n特别规定事项\n"
        "一、你公司應当配备专职网络与信息安全管理人員。\n"
        "二、你公司应当遵守下列規定。\n"
    )
    assert [c.text for c in lic.clauses] == [
        "你公司应当配备专职网络与信息安全管理人员。",
        "你公司应当遵守下列规定。",
    ]
    simplified = [(w.line, w.message) for w in lic.warnings if w.code == "glyph_simplified"]
    assert simplified == [
        (5, "`應` read as `应`, the simplified character a license prints (line 5)"),
        (5, "`員` read as `员`, the simplified character a license prints (line 5)"),
        (6, "`規` read as `规`, the simplified character a license prints (line 6)"),
    ]
