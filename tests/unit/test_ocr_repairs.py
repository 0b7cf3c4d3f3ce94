"""Small repairs of what real OCR did to a license (seen in the real-OCR
corpus), each made only where the evidence allows it, and each warned."""

from __future__ import annotations

import licparse

COVER = (
    "中华人民共和国增值电信业务经营许可证\n经营许可证编号：京B2-20200001\n"
    "公司名称：北京甲乙科技有限公司\n法定代表人：王明\n"
)


def warned(lic: licparse.models.License, code: str) -> list[tuple[int | None, str]]:
    return [(w.line, w.message) for w in lic.warnings if w.code == code]


def test_an_issue_date_whose_label_kept_only_its_last_character() -> None:
    lic = licparse.parse_text(COVER + "期2020年2月15日\n有效期至2025年2月15日\n")
    assert (lic.issue_date, lic.expiry_date) == ("2020-02-15", "2025-02-15")
    assert warned(lic, "cover_label_repaired") == [
        (5, "the label `期` was read as `发证日期`, what OCR left of it")
    ]


def test_whole_labels_are_not_warned() -> None:
    lic = licparse.parse_text(COVER + "发证日期：2020年2月15日\n有效期至：2025年2月15日\n")
    assert lic.issue_date == "2020-02-15"
    assert warned(lic, "cover_label_repaired") == []


PROVISIONS = "特别规定事项\n一、你公司应当遵守法律法规。\n"


def test_a_speck_between_a_label_and_its_text_is_dropped() -> None:
    lic = licparse.parse_text(COVER + PROVISIONS + "二、1 你公司应当按照要求提供服务。\n")
    assert [c.text for c in lic.clauses] == [
        "你公司应当遵守法律法规。",
        "你公司应当按照要求提供服务。",
    ]
    assert warned(lic, "label_repaired") == [(7, "the label `二、1` was read as `二、`")]


def test_seal_text_after_a_clauses_last_stop_is_cut_and_warned() -> None:
    lic = licparse.parse_text(
        COVER + PROVISIONS + "二、你公司应当经相应主管部门批准。 通信\n三、你公司应当按时年报。\n"
    )
    assert lic.clauses[1].text == "你公司应当经相应主管部门批准。"
    assert warned(lic, "value_trimmed") == [
        (7, "removed `通信` after the last sentence of 二、: seal text, not clause text")
    ]


def test_words_after_a_stop_that_are_no_seal_stay() -> None:
    lic = licparse.parse_text(COVER + PROVISIONS + "二、你公司应当经批准。 另行\n")
    assert lic.clauses[1].text.endswith("另行")
    assert warned(lic, "value_trimmed") == []


def test_a_piece_of_a_watermark_found_whole_elsewhere_is_a_watermark() -> None:
    mark = "仅供北京甲乙科技有限公司资质审核使用，他用无效"
    lic = licparse.parse_text(
        COVER + mark + "\n" + PROVISIONS + "二、你公司应当按时年报。\n公司资质审核使用\n"
    )
    assert lic.clauses[1].text == "你公司应当按时年报。"
    assert [m for _, m in warned(lic, "watermark_removed")] == [
        f"removed the watermark `{mark}` (line 5)",
        "removed the watermark `公司资质审核使用` (line 9)",
    ]
