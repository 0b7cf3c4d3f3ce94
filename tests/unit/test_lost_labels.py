"""Labels OCR lost or damaged beyond the printed grammar, each restored only
where the numbering and the text show it, and each warned."""

from __future__ import annotations

import licparse

HEAD = (
    "中华人民共和国增值电信业务经营许可证\n经营许可证编号：京B2-20200001\n"
    "公司名称：北京甲乙科技有限公司\n特别规定事项\n"
)


def outline(clauses: list[licparse.models.Clause], parent: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for c in clauses:
        out.append((parent + c.label, c.text))
        out += outline(c.children, parent + c.label)
    return out


def restored(lic: licparse.models.License) -> list[tuple[int | None, str]]:
    return [(w.line, w.message) for w in lic.warnings if w.code == "label_restored"]


def test_three_labels_lost_in_a_row_are_restored_where_each_clause_begins() -> None:
    lic = licparse.parse_text(
        HEAD + "你公司应当遵守法律法规。\n你公司应当标明许可证编号。\n"
        "你公司应当使用合法的网络设施。\n四、你公司应当规范使用电信资源。\n"
    )
    assert [label for label, _ in outline(lic.clauses)] == ["一、", "二、", "三、", "四、"]
    assert [line for line, _ in restored(lic)] == [5, 6, 7]


def test_lines_that_lost_their_stops_still_show_where_clauses_began() -> None:
    # A tilted page clips both margins: labels and the stops at line ends.
    lic = licparse.parse_text(
        HEAD + "你公司应当遵守法律法规，配合电信主管部门\n依法开展监督检查工作\n"
        "你公司应当按照许可的业务种类开展经营活动\n三、你公司不得投资建设电信传输网络设施。\n"
    )
    assert outline(lic.clauses) == [
        ("一、", "你公司应当遵守法律法规，配合电信主管部门依法开展监督检查工作"),
        ("二、", "你公司应当按照许可的业务种类开展经营活动"),
        ("三、", "你公司不得投资建设电信传输网络设施。"),
    ]


WRAPPED = (
    "一、你公司在经营互联网数据中心业务时应当遵守下列规定：\n"
    "（一）你公司应当按照电信主管部门要求，在许可的业务覆盖范\n"
    "围内设置机房，并报备机房所在地。\n"
)


def test_a_lost_last_sub_clause_is_restored_after_a_paragraphs_end() -> None:
    lic = licparse.parse_text(
        HEAD + WRAPPED + "你公司不得为未取得相应经营许可的网站提供主机\n托管等服务。\n"
        "二、你公司应当在每年第一季度参加经营许可证年报。\n"
    )
    assert [label for label, _ in outline(lic.clauses)] == [
        "一、",
        "一、（一）",
        "一、（二）",
        "二、",
    ]
    assert restored(lic) == [
        (
            8,
            "the label `（二）` was not read; restored where its text begins, after `（一）`, "
            "the last clause of its list",
        )
    ]


def test_a_second_sentence_at_full_width_is_not_taken_for_a_lost_clause() -> None:
    # The line before `你公司…` ends a sentence but runs to the full width: a
    # clause's own second sentence, as the seeds print many.
    lic = licparse.parse_text(
        HEAD + "一、你公司在经营互联网数据中心业务时应当遵守下列规定：\n"
        "（一）你公司应当按照电信主管部门要求，在许可的业务覆盖范\n"
        "围内设置机房，并将机房所在地等信息向主管部门报备。\n"
        "你公司应当做好网络与信息安全管理工作，建立健全制度\n"
        "二、你公司应当在每年第一季度参加经营许可证年报。\n"
    )
    assert [label for label, _ in outline(lic.clauses)] == ["一、", "一、（一）", "二、"]
    assert restored(lic) == []


def test_a_lost_label_whose_clause_has_items_is_restored_before_them() -> None:
    lic = licparse.parse_text(
        HEAD + WRAPPED + "你公司应当按照要求，落实下列要求：\n1.建立应急处置预案。\n"
        "2.做好日志留存。\n二、你公司应当按时年报。\n"
    )
    assert [label for label, _ in outline(lic.clauses)] == [
        "一、",
        "一、（一）",
        "一、（二）",
        "一、（二）1.",
        "一、（二）2.",
        "二、",
    ]
    assert [line for line, _ in restored(lic)] == [8]


def test_damaged_sub_clause_labels_before_a_word() -> None:
    lead = "一、你公司在经营信息服务业务时应当遵守下列规定：\n"
    for printed in ("一)未经批准，你公司不得开展该业务。", "()未经批准，你公司不得开展该业务。"):
        lic = licparse.parse_text(HEAD + lead + printed + "\n（二）你公司不得发布虚假信息。\n")
        assert outline(lic.clauses) == [
            ("一、", "你公司在经营信息服务业务时应当遵守下列规定："),
            ("一、（一）", "未经批准，你公司不得开展该业务。"),
            ("一、（二）", "你公司不得发布虚假信息。"),
        ], printed
        assert [w.line for w in lic.warnings if w.code == "label_repaired"] == [6]


def test_a_label_after_a_stray_colon_and_items_after_specks() -> None:
    lic = licparse.parse_text(
        HEAD + "一、你公司在经营信息服务业务时应当遵守下列规定\n"
        "：（一）你公司应当落实下列要求：\n1.建立制度。\n'2.做好留存。\n3并采取措施。\n"
    )
    assert [label for label, _ in outline(lic.clauses)] == [
        "一、",
        "一、（一）",
        "一、（一）1.",
        "一、（一）2.",
        "一、（一）3.",
    ]
    assert [w.line for w in lic.warnings if w.code == "label_repaired"] == [6, 8, 9]


def test_an_item_number_is_not_taken_mid_sentence() -> None:
    # `30日内` at a line start continues the sentence: no item 3 expected, no stop before.
    lic = licparse.parse_text(
        HEAD + "一、你公司应当落实下列要求：\n1.建立制度。\n2.在变更之日起\n30日内报备。\n"
    )
    assert outline(lic.clauses)[-1] == ("一、2.", "在变更之日起30日内报备。")


def test_a_level3_label_glued_after_a_stop() -> None:
    lic = licparse.parse_text(HEAD + "一、你公司应当落实下列要求：\n1.建立制度。2.做好日志留存。\n")
    assert outline(lic.clauses) == [
        ("一、", "你公司应当落实下列要求："),
        ("一、1.", "建立制度。"),
        ("一、2.", "做好日志留存。"),
    ]
    assert [w.code for w in lic.warnings if w.code.startswith("label")] == ["label_glued"]
