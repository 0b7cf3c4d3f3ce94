"""The clause tree: levels, sequence checks, false labels, applies_to."""

from __future__ import annotations

import licparse

COVER = """中华人民共和国增值电信业务经营许可证
经营许可证编号：苏B2-20231036
公司名称：甲乙丙科技有限公司
法定代表人：张三
发证日期：2023年07月12日
有效期至：2028年07月12日
特别规定事项
"""


def tree(provisions: str) -> list[tuple[str, str, list]]:
    lic = licparse.parse_text(COVER + provisions)
    return [_shape(c) for c in lic.clauses]


def _shape(c):
    return (c.label, c.text, [_shape(x) for x in c.children])


def codes(provisions: str) -> list[tuple[str, int | None]]:
    lic = licparse.parse_text(COVER + provisions)
    return [(w.code, w.line) for w in lic.warnings if w.code.startswith(("numbering", "orphan"))]


def test_three_levels_and_wraps():
    assert tree(
        "一、你公司应当遵守：\n（一）第一项要求，\n继续写完。\n1.细则一。\n2、细则二。\n"
        "(二) 第二项。\n二、你公司另行遵守。\n"
    ) == [
        (
            "一、",
            "你公司应当遵守：",
            [
                (
                    "（一）",
                    "第一项要求，继续写完。",
                    [("1.", "细则一。", []), ("2.", "细则二。", [])],
                ),
                ("（二）", "第二项。", []),
            ],
        ),
        ("二、", "你公司另行遵守。", []),
    ]


def test_false_labels_are_text():
    got = tree(
        "一、你公司违反本条第一、\n二、三项规定的，依法处理。\n二、依照前款\n（一）项规定的情形处理。\n三、依据\n第十五条处理。\n"
    )
    assert [c[0] for c in got] == ["一、", "二、", "三、"]
    assert got[0][1] == "你公司违反本条第一、二、三项规定的，依法处理。"
    assert got[1] == ("二、", "依照前款（一）项规定的情形处理。", [])
    assert got[2][1] == "依据第十五条处理。"


def test_beyond_twenty_and_spaced_labels():
    text = "".join(
        f"{n}、第{i}条。\n"
        for i, n in enumerate(
            [
                "一",
                "二",
                "三",
                "四",
                "五",
                "六",
                "七",
                "八",
                "九",
                "十",
                "十一",
                "十二",
                "十三",
                "十四",
                "十五",
                "十六",
                "十七",
                "十八",
                "十九",
                "二十",
                "二 十 一",
                "二十二",
            ],
            1,
        )
    )
    got = tree(text)
    assert [c[0] for c in got][-3:] == ["二十、", "二十一、", "二十二、"]
    assert len(got) == 22


def test_numbering_gap_repeat_restart_warned():
    assert codes("一、甲。\n二、乙。\n四、丁。\n四、丁又。\n一、重来。\n") == [
        ("numbering_gap", 10),
        ("numbering_repeat", 11),
        ("numbering_restart", 12),
    ]


def test_applies_to_and_business_section():
    lic = licparse.parse_text(
        COVER
        + "一、你公司在经营信息服务业务时应当遵守下列规定：\n"
        + "（一）（适用于信息搜索查询服务）你公司提供信息搜索查询服务时，应当遵守。\n"
        + "(二) (适用于信息发布平台及递送服务) 你公司不得强行推送。\n"
    )
    top = lic.clauses[0]
    assert top.business == "信息服务业务"
    assert [(c.label, c.applies_to, c.text) for c in top.children] == [
        ("（一）", "信息搜索查询服务", "你公司提供信息搜索查询服务时，应当遵守。"),
        ("（二）", "信息发布平台及递送服务", "你公司不得强行推送。"),
    ]
    assert top.lines == (8, 10)


def test_first_label_lost_by_ocr_is_restored():
    lic = licparse.parse_text(
        COVER + "你公司应当遵守法律。\n二、你公司应当守规。\n三、你公司应当报告。\n"
    )
    assert [(c.label, c.text) for c in lic.clauses] == [
        ("一、", "你公司应当遵守法律。"),
        ("二、", "你公司应当守规。"),
        ("三、", "你公司应当报告。"),
    ]
    assert [(w.code, w.line) for w in lic.warnings] == [
        ("label_restored", 8),
        ("missing_services", None),
    ]
