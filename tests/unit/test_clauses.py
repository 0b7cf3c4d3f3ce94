"""The clause tree: levels, sequence checks, false labels, applies_to."""

from __future__ import annotations

import pytest

import licparse
from licparse.stages.normalize import clean, key_of
from licparse.stages.stray import is_stray

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


def labels(provisions: str) -> list[str]:
    """Every clause label, depth first, with its parents': `十七、（二）1.`."""
    out: list[str] = []

    def walk(clauses, prefix):
        for c in clauses:
            out.append(prefix + c.label)
            walk(c.children, prefix + c.label)

    walk(licparse.parse_text(COVER + provisions).clauses, "")
    return out


FOUR = "一、你公司应当甲。\n二、你公司应当乙。\n三、你公司应当丙。\n四、你公司应当丁，并做到：\n"


def test_label_after_a_gap_followed_by_a_number_is_text():
    # `二十、三十个…` after a full stop, where 五、 comes next: a number
    # that starts a sentence, not clause 二十 (which would take 四's children).
    got = tree(
        FOUR + "（一）不得转租。\n二十、三十个机柜以上的租用协议应当报备。\n"
        "（二）你公司应当报告。\n五、你公司应当戊。\n"
    )
    assert [c[0] for c in got] == ["一、", "二、", "三、", "四、", "五、"]
    assert got[3][2][0][1] == "不得转租。二十、三十个机柜以上的租用协议应当报备。"
    assert [c[0] for c in got[3][2]] == ["（一）", "（二）"]


def test_label_out_of_order_followed_by_a_number_is_text():
    # `二、` after `四、`, then `三级…`: `二、三级网络安全事件` read as a clause.
    got = tree(FOUR[:-6] + "。\n二、三级网络安全事件的记录应当保存一年。\n五、你公司应当戊。\n")
    assert [c[0] for c in got] == ["一、", "二、", "三、", "四、", "五、"]
    assert got[3][1] == "你公司应当丁。二、三级网络安全事件的记录应当保存一年。"
    assert codes(FOUR[:-6] + "。\n二、三级事件。\n五、你公司应当戊。\n") == []


def test_out_of_sequence_enumeration_of_labels_is_text():
    got = tree(
        FOUR + "（一）你公司应当甲。\n（二）你公司应当乙，避免纠纷。\n"
        "（一）至（三）项以外的收费项目应当单独公示。\n"
        "（一）、（二）项所列记录应当保存。\n（三）你公司应当丙。\n"
    )
    assert [c[0] for c in got[3][2]] == ["（一）", "（二）", "（三）"]
    assert got[3][2][1][1] == (
        "你公司应当乙，避免纠纷。（一）至（三）项以外的收费项目应当单独公示。"
        "（一）、（二）项所列记录应当保存。"
    )


def test_genuine_out_of_sequence_labels_are_kept_and_warned():
    # A label OCR lost (`（二）`), and `十三、` read without its `十` (`三、`).
    provisions = (
        FOUR + "（一）你公司应当甲。\n（三）你公司应当丙。\n五、你公司应当戊。\n"
        "三、你公司应当己。\n七、在经营中应当庚。\n"
    )
    assert labels(provisions) == [
        "一、",
        "二、",
        "三、",
        "四、",
        "四、（一）",
        "四、（三）",
        "五、",
        "三、",
        "七、",
    ]
    assert [c for c, _ in codes(provisions)] == [
        "numbering_gap",
        "numbering_out_of_order",
        "numbering_gap",
    ]


REFERENCES = [
    "（一）项要求办理的，依法处理。",
    "（ 一 ） 项 规 定 办 理 的 ， 依 法 处 理 。",
    "（一）项 规定办理的，依法处理。",
    "（一）、（二）项规定的，依法处理。",
    "（一）至（三）项规定的，依法处理。",
    "(一)目规定的，依法处理。",
]


@pytest.mark.parametrize("reference", REFERENCES)
def test_in_sequence_reference_after_qian_kuan_is_text(reference):
    got = tree(f"一、你公司应当遵守规定，未按前款\n{reference}\n二、你公司应当乙。\n")
    assert [(c[0], c[2]) for c in got] == [("一、", []), ("二、", [])]
    assert got[0][1] == "你公司应当遵守规定，未按前款" + clean(reference)


@pytest.mark.parametrize("reference", REFERENCES)
def test_in_sequence_reference_tail_alone_is_enough(reference):
    got = tree(f"一、你公司应当遵守规定，未按照\n{reference}\n")
    assert got[0][2] == []


@pytest.mark.parametrize("end", ["该项", "本款", "前 款"])
def test_reference_end_alone_is_enough(end):
    # No reference tail after the label: `该项` / `本款` before it tells.
    got = tree(f"一、你公司应当遵守规定，违反{end}\n（一）所列情形的，依法处理。\n")
    assert got[0][2] == []


def test_clause_text_may_start_with_a_word_like_xiangmu():
    got = tree(
        "一、你公司应当遵守下列规定：\n（一）项目建设应当依法审批。\n"
        "（二）条件具备的，应当报告。\n（三）目前已开展的业务应当登记。\n"
    )
    assert [(c[0], c[1]) for c in got[0][2]] == [
        ("（一）", "项目建设应当依法审批。"),
        ("（二）", "条件具备的，应当报告。"),
        ("（三）", "目前已开展的业务应当登记。"),
    ]


def test_seal_after_a_sentence_end_is_not_clause_text():
    lic = licparse.parse_text(
        COVER + "一、你公司应当协助。\n行政许可专用章\n二、你公司不得提供公共电话业务。\n"
        "江苏省通信管理局\n（盖章）\n2023年03月18日\n"
    )
    assert [(c.label, c.text, c.lines) for c in lic.clauses] == [
        ("一、", "你公司应当协助。", (8, 8)),
        ("二、", "你公司不得提供公共电话业务。", (10, 10)),
    ]
    assert [(u.text, u.lines) for u in lic.unparsed] == [
        ("行政许可专用章", [9]),
        ("江苏省通信管理局\n（盖章）\n2023年03月18日", [11, 12, 13]),
    ]


def test_authority_or_date_inside_a_wrapped_sentence_is_clause_text():
    lic = licparse.parse_text(
        COVER + "一、你公司应当向\n江苏省通信管理局\n报告。本规定自\n2023年03月18日\n起施行。\n"
    )
    assert lic.clauses[0].text == "你公司应当向江苏省通信管理局报告。本规定自2023年03月18日起施行。"
    assert lic.unparsed == []


def test_applies_to_on_a_level_1_clause():
    lic = licparse.parse_text(
        COVER + "一、（适用于信息搜索查询服务）你公司在经营信息服务业务时应当遵守下列规定：\n"
        "（一）你公司应当遵守。\n1.（适用于信息即时交互服务）你公司应当备案。\n"
    )
    top = lic.clauses[0]
    assert (top.applies_to, top.text, top.business) == (
        "信息搜索查询服务",
        "你公司在经营信息服务业务时应当遵守下列规定：",
        "信息服务业务",
    )
    item = top.children[0].children[0]
    assert (item.label, item.applies_to, item.text) == (
        "1.",
        "信息即时交互服务",
        "你公司应当备案。",
    )


def test_markdown_escaped_level_3_label():
    got = tree("一、你公司应当遵守：\n（一）你公司应当做到：\n1\\. 细则一。\n2\\.细则二。\n")
    assert got[0][2][0][2] == [("1.", "细则一。", []), ("2.", "细则二。", [])]


STRAY_AFTER = (
    "中华人民共和国增值电信业务经营许可证\n经营许可证编号：B2-20190001\n"
    "公司名称：北京甲乙科技有限公司\n特别规定事项\n"
    "一、你公司应当维护用户合法权益。\n{stray}\n"
    "二、你公司应当遵守下列规定。\n"
)


@pytest.mark.parametrize("stray", ["畾龘靐齉爩鱻麤龘", "qwe#@ 亻尔么司"])
def test_a_stray_ocr_line_after_a_clause_is_unparsed_not_its_text(stray: str) -> None:
    lic = licparse.parse_text(STRAY_AFTER.format(stray=stray))
    assert [c.text for c in lic.clauses] == [
        "你公司应当维护用户合法权益。",
        "你公司应当遵守下列规定。",
    ]
    assert [(u.text, u.lines) for u in lic.unparsed] == [(stray, [6])]


@pytest.mark.parametrize(
    "line",
    ["管理人員，成立相应的机构。", "第2页共3页", "B25", "ICP备案号京ICP备1234号"],
)
def test_license_text_is_never_stray(line: str) -> None:
    assert not is_stray(key_of(line))


def test_a_clause_that_runs_on_past_any_license_is_doubted() -> None:
    # Chinese junk of GB2312 characters, as a run-on OCR of another page.
    junk = "这是一行无关的OCR噪声文本。" * 20
    lic = licparse.parse_text(STRAY_AFTER.format(stray="\n".join([junk] * 8)))
    assert [len(c.text) for c in lic.clauses] == [14 + 8 * 20 * 15, 12]
    (long,) = [w for w in lic.warnings if w.code == "clause_text_long"]
    assert long.line == 5
    assert long.message == (
        "clause 一、 has 2,414 characters of text (lines 5-13); a clause is at most a few "
        "hundred: what follows its end may have been read into it"
    )
