"""Traditional glyphs OCR reads in a simplified license: read as simplified to
find labels and names, kept as printed in the values, warned."""

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


def test_glyphs_are_read_as_simplified_to_parse_and_kept_as_printed_in_values() -> None:
    # A traditional-glyph heading, title and label are still found; every
    # value keeps what was printed (output.md: a misreading inside a
    # sentence stays, at most warned about; a Hong Kong name is a name).
    lic = licparse.parse_text(
        "中华人民共和国增值电信业务經营许可证\n经营许可证编号：B2-20190001\n"
        "公司名稱：香港測試有限公司\n法定代表人：陳志強\n"
        "业务种类：信息服務业务（仅限互聯网信息服务）\n业务覆盖范围：全國\n"
        "特別规定事项\n"
        "一、你公司應当配备专职网络与信息安全管理人員。\n"
        "二、（适用于信息服務业务）你公司应当遵守下列規定。\n"
    )
    assert lic.title == "中华人民共和国增值电信业务經营许可证"
    assert (lic.company_name, lic.legal_representative) == ("香港測試有限公司", "陳志強")
    (service,) = lic.services
    assert (service.name, service.code) == ("信息服务业务", "B25")  # the catalogue's
    assert (service.limited_to, service.coverage) == (["互聯网信息服务"], "全國")
    assert [(c.applies_to, c.text) for c in lic.clauses] == [
        (None, "你公司應当配备专职网络与信息安全管理人員。"),
        ("信息服務业务", "你公司应当遵守下列規定。"),
    ]
    simplified = [w.line for w in lic.warnings if w.code == "glyph_simplified"]
    # One warning a glyph: `務` on lines 5 and 9 is one, at line 5.
    assert simplified == [1, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8, 8, 9]
    message = next(w.message for w in lic.warnings if w.code == "glyph_simplified")
    assert message == (
        "`經` is a traditional form of `经`, the character a license prints: read as "
        "`经` to find labels and names, kept as printed in the values (line 1)"
    )


def test_a_value_keeps_its_printed_characters_across_wrapped_lines_and_furniture() -> None:
    lic = licparse.parse_text(
        "中华人民共和国增值电信业务经营许可证\n经营许可证编号：B2-20190001\n"
        "公司名称：北京甲乙科技有限公司\n特别规定事项\n"
        "一、你公司应当配备专职网络与信息\n"
        "第 2 页 共 3 页\n"
        "安全管理人 員，並报备。\n"
    )
    assert [c.text for c in lic.clauses] == ["你公司应当配备专职网络与信息安全管理人員，並报备。"]
