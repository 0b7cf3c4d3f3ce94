"""Cover labels as OCR prints them, table-driven."""

from __future__ import annotations

import pytest

import licparse

from ..conftest import FIXTURES

BODY = """中华人民共和国增值电信业务经营许可证
{number}：苏B2-20231036
{company}：甲乙丙科技有限公司
{rep}：张 三
{authority}
{issued}：2023年07月12日
{expires}：2028年07月12日
特别规定事项
一、你公司应当遵守法律法规。
二、你公司应当按照许可的业务种类开展经营活动。
三、你公司应当标明经营许可证编号。
"""

LABELS = {
    "number": ["经营许可证编号", "经 营 许 可 证 编 号", "經營許可證編號", "许可证编号"],
    "company": ["公司名称", "公 司 名 称", "企业名称", "公司名穪"],
    "rep": ["法定代表人", "法 定 代 表 人", "法定代表入", "法人代表"],
    "authority": ["发证机关（盖章）：", "发证机关(盖章):", "發證機關："],
    "issued": ["发证日期", "发 证 日 期", "发证曰期", "發證日期"],
    "expires": ["有效期至", "有 效 期 至", "有效期止", "有效期限至"],
}


def cover(**labels: str) -> str:
    """BODY with the usual printed labels, some replaced."""
    usual = {k: v[0] for k, v in LABELS.items()} | {"authority": ""}
    return BODY.format(**(usual | labels))


@pytest.mark.parametrize("variant", range(4))
def test_label_variants(variant: int) -> None:
    labels = {k: v[variant % len(v)] for k, v in LABELS.items()}
    lic = licparse.parse_text(BODY.format(**labels))
    assert (lic.license_number, lic.company_name, lic.legal_representative) == (
        "苏B2-20231036",
        "甲乙丙科技有限公司",
        "张三",
    )
    assert (lic.issuing_authority, lic.issue_date, lic.expiry_date) == (
        None,
        "2023-07-12",
        "2028-07-12",
    )
    assert lic.unparsed == []


def test_value_on_next_line_and_blank_value() -> None:
    lic = licparse.parse_text(
        cover(authority="发证机关(盖章):\n\n\n").replace("公司名称：", "公司名称：\n\n")
    )
    assert lic.company_name == "甲乙丙科技有限公司"
    assert lic.issuing_authority is None
    assert lic.issue_date == "2023-07-12"


def test_printed_authority_checked_against_number() -> None:
    text = cover(authority="发证机关：浙江省通信管理局", expires="有效期限：2023年07月12日至")
    lic = licparse.parse_text(text)
    assert lic.issuing_authority == "浙江省通信管理局"
    assert lic.expiry_date == "2028-07-12"
    assert [w.code for w in lic.warnings] == ["authority_mismatch", "missing_services"]


def test_two_column_cover_and_table_rows() -> None:
    text = cover()
    text = text.replace("甲乙丙科技有限公司\n法定代表人", "甲乙丙科技有限公司    法定代表人")
    text = text.replace(
        "发证日期：2023年07月12日\n有效期至：2028年07月12日",
        "| 发证日期 | 2023年07月12日 | 有效期至 | 2028年07月12日 |\n|---|---|---|---|",
    )
    lic = licparse.parse_text(text)
    assert (lic.company_name, lic.legal_representative) == ("甲乙丙科技有限公司", "张三")
    assert (lic.issue_date, lic.expiry_date) == ("2023-07-12", "2028-07-12")
    assert lic.field_lines["company_name"] == lic.field_lines["legal_representative"] == (3, 3)
    assert lic.unparsed == []


B21 = "第二类增值电信业务中的在线数据处理与交易处理业务（仅限经营类电子商务）"
B25 = "第二类增值电信业务中的信息服务业务（仅限互联网信息服务）"


def services_of(business: str) -> list[tuple[str | None, list[str], str | None]]:
    lic = licparse.parse_text(cover(authority=business))
    assert lic.unparsed == []
    return [(s.code, s.limited_to, s.coverage) for s in lic.services]


def test_cover_services_as_a_numbered_list() -> None:
    listed = f"业务种类（服务项目）：\n1.{B21}\n2.{B25}\n业务覆盖范围：浙江省"
    assert services_of(listed) == [
        ("B21", ["经营类电子商务"], "浙江省"),
        ("B25", ["互联网信息服务"], "浙江省"),
    ]
    assert services_of(listed.replace("1.", "（1）").replace("2.", "（2）")) == services_of(listed)


def test_cover_services_joined_by_a_comma_after_the_qualifier() -> None:
    b25 = "信息服务业务（仅限互联网信息服务，不含信息搜索查询服务和信息即时交互服务）"
    lic = licparse.parse_text(cover(authority=f"业务种类：{B21}、{b25}\n业务覆盖范围：江苏省"))
    assert [(s.code, s.limited_to, s.excludes) for s in lic.services] == [
        ("B21", ["经营类电子商务"], []),
        ("B25", ["互联网信息服务"], ["信息搜索查询服务", "信息即时交互服务"]),
    ]
    # A business named inside a qualifier's list stays an item of it.
    inside = "业务种类：信息服务业务（不含信息搜索查询服务、在线数据处理与交易处理业务）"
    assert [s.code for s in licparse.parse_text(cover(authority=inside)).services] == ["B25"]


def test_a_second_cover_service_under_the_first_ones_coverage() -> None:
    b11 = "第一类增值电信业务中的互联网数据中心业务（不含互联网资源协作服务）"
    business = f"业务种类（服务项目）：{b11}\n业务覆盖范围：南京、苏州、无锡\n\n"
    business += f"{B25}\n业务覆盖范围：江苏省"
    assert services_of(business) == [
        ("B11", [], "南京、苏州、无锡"),
        ("B25", ["互联网信息服务"], "江苏省"),
    ]


def test_a_business_value_that_names_no_business_is_not_swallowed() -> None:
    lic = licparse.parse_text(cover(authority="业务种类：详见另页所列各项"))
    assert lic.services == []
    assert [u.text for u in lic.unparsed] == ["业务种类：详见另页所列各项"]


def test_date_labels_stacked_above_their_values() -> None:
    # OCR reading a two-column cover column by column.
    dates = "发证日期：2023年07月12日\n有效期至：2028年07月12日\n"
    assert dates in cover()
    stacked = "发证日期：\n有效期至：\n2021年08月09日\n2026年08月09日\n"
    lic = licparse.parse_text(cover().replace(dates, stacked))
    assert (lic.issue_date, lic.expiry_date) == ("2021-08-09", "2026-08-09")
    assert lic.unparsed == []


def test_a_latin_o_in_a_chinese_numeral_date_is_a_reported_repair() -> None:
    for printed, repaired in [("二O二三年七月十二日", True), ("二〇二三年七月十二日", False)]:
        lic = licparse.parse_text(cover().replace("2023年07月12日", printed, 1))
        assert lic.issue_date == "2023-07-12"
        assert ("date_repaired" in [w.code for w in lic.warnings]) is repaired


def test_a_grant_sentence_that_lost_its_full_stop_leaves_the_fields() -> None:
    """OCR drops the `。` of `…特颁发此证。`: the next label still ends the sentence
    (it used to swallow up to eight lines: company and representative lost)."""
    grant = "根据《中华人民共和国电信条例》规定，经审查，\n特颁发增值电信业务经营许可证"
    text = cover().replace("公司名称：", grant + "\n公司名称：", 1)
    lic = licparse.parse_text(text)
    assert (lic.company_name, lic.legal_representative) == ("甲乙丙科技有限公司", "张三")
    assert lic.field_lines["grant"] == (3, 4)


@pytest.mark.parametrize(
    ("printed", "field", "value"),
    [
        ("证日期：2023年07月12日", "issue_date", "2023-07-12"),  # 发 clipped
        ("效期至：2028年07月12日", "expiry_date", "2028-07-12"),  # 有 clipped
        ("发概机关：江苏省通信管理局", "issuing_authority", "江苏省通信管理局"),  # 证 misread
    ],
)
def test_clipped_and_misread_labels(printed: str, field: str, value: str) -> None:
    text = cover(authority="")
    label = {"issue_date": "发证日期：2023年07月12日", "expiry_date": "有效期至：2028年07月12日"}
    text = (
        text.replace(label[field], printed)
        if field in label
        else text.replace("法定代表人：张 三\n", f"法定代表人：张 三\n{printed}\n")
    )
    assert getattr(licparse.parse_text(text), field) == value


def test_clipped_labels_need_a_colon_or_a_date() -> None:
    """`证日期` inside words is no label: only before a colon or a date."""
    text = cover().replace("法定代表人：张 三\n", "法定代表人：张 三\n效期至少五年\n")
    assert licparse.parse_text(text).expiry_date == "2028-07-12"


def test_the_authority_alone_where_the_seal_is() -> None:
    text = cover().replace(
        "法定代表人：张 三\n", "法定代表人：张 三\n中华人民共和国工业和信息化部\n"
    )
    assert licparse.parse_text(text).issuing_authority == "中华人民共和国工业和信息化部"


@pytest.mark.parametrize(
    ("rep", "authority", "want"),
    [
        ("王宝军。", "", ("王宝军", None)),
        ("·李明", "", ("李明", None)),
        ("阿卜杜拉·买买提", "", ("阿卜杜拉·买买提", None)),
        ("张三", "发证机关：上海市通信管理局 管理", ("张三", "上海市通信管理局")),
    ],
)
def test_names_trimmed_of_specks_and_seal_text(
    rep: str, authority: str, want: tuple[str, str | None]
) -> None:
    lic = licparse.parse_text(cover(authority=authority).replace("张 三", rep))
    assert (lic.legal_representative, lic.issuing_authority) == want
    trimmed = [w for w in lic.warnings if w.code == "value_trimmed"]
    assert len(trimmed) == (rep != want[0]) + (authority != "" and want[1] is not None)


@pytest.mark.parametrize(
    ("blank", "specks"),
    # The label's colon and a fill line are how a blank field is printed:
    # blank, nothing to say. A lone `_` or dash is what OCR made of them.
    [("：", False), ("______", False), ("————", False), ("_", True), ("—", True), (". .", True)],
)
def test_a_name_of_specks_alone_is_blank(blank: str, specks: bool) -> None:
    # `发证机关（盖章）_` on the real-OCR corpus: not the authority's name.
    text = cover(authority=f"发证机关（盖章）{blank}")
    lic = licparse.parse_text(text)
    assert lic.issuing_authority is None
    line = text.split("\n").index(f"发证机关（盖章）{blank}") + 1
    trimmed = [(w.line, w.message) for w in lic.warnings if w.code == "value_trimmed"]
    message = f"issuing_authority: `{blank}` is OCR specks, not a name: read as blank"
    assert trimmed == ([(line, message)] if specks else [])


@pytest.mark.parametrize("withheld", ["×××", "/"])
def test_a_placeholder_printed_for_a_name_is_kept(withheld: str) -> None:
    lic = licparse.parse_text(cover().replace("张 三", withheld))
    assert lic.legal_representative == withheld
    assert "value_trimmed" not in {w.code for w in lic.warnings}
    assert "authority_mismatch" not in {w.code for w in lic.warnings}


def test_a_chinese_date_that_lost_a_numeral_is_repaired_and_warned() -> None:
    lic = licparse.parse_text(cover().replace("2028年07月12日", "二二八年七月十二日"))
    assert lic.expiry_date == "2028-07-12"
    assert "date_repaired" in {w.code for w in lic.warnings}


def test_specks_before_a_label_are_left_out_and_warned() -> None:
    # inputs.md, "Specks on values": `.发证机关:…`; before a label they hid
    # the whole field.
    lic = licparse.parse_text(
        "中华人民共和国增值电信业务经营许可证\n经营许可证编号：苏B2-20190001\n"
        "·公司名称：苏州测试科技有限公司\n法定代表人：李明\n"
        ".发证机关：江苏省通信管理局\n。发证日期：2019年8月2日\n有效期至：2024年8月2日\n"
    )
    assert (lic.company_name, lic.issuing_authority, lic.issue_date) == (
        "苏州测试科技有限公司",
        "江苏省通信管理局",
        "2019-08-02",
    )
    assert lic.unparsed == []
    assert [(w.line, w.message) for w in lic.warnings if w.code == "cover_label_repaired"] == [
        (3, "`·` before the label `公司名称` left out: OCR noise"),
        (5, "`.` before the label `发证机关` left out: OCR noise"),
        (6, "`。` before the label `发证日期` left out: OCR noise"),
    ]


@pytest.mark.parametrize("copy", ["（正本）", "(副本)"])
def test_the_title_of_an_original_or_a_duplicate(copy: str) -> None:
    lic = licparse.parse_text(
        f"中华人民共和国增值电信业务经营许可证{copy}\n经营许可证编号：苏B2-20231036\n"
        "公司名称：苏州测试科技有限公司\n"
    )
    assert lic.title == f"中华人民共和国增值电信业务经营许可证（{copy[1:3]}）"
    assert lic.unparsed == []


def test_too_little_of_a_license_is_refused_saying_what_was_found() -> None:
    with pytest.raises(licparse.LicparseError) as refused:
        licparse.parse_text("经营许可证编号：苏B2-20231036\n一些别的文字\n")
    assert refused.value.code == "not_a_license"
    assert refused.value.message.endswith(
        ": only a license number (苏B2-20231036) found, too little to tell it from another document"
    )


def test_the_title_with_the_number_beside_it_on_one_line() -> None:
    lic = licparse.parse_text(
        "中华人民共和国增值电信业务经营许可证 经营许可证编号：苏B2-20231036\n"
        "公司名称：苏州测试科技有限公司\n法定代表人：李明\n"
    )
    assert (lic.title, lic.license_number) == (
        "中华人民共和国增值电信业务经营许可证",
        "苏B2-20231036",
    )
    assert lic.field_lines["title"] == lic.field_lines["license_number"] == (1, 1)
    assert lic.unparsed == []


def test_a_company_name_the_cover_lost_is_read_from_the_annex_and_preamble() -> None:
    text = (FIXTURES / "seed_000.txt").read_text(encoding="utf-8")
    name = "爱安特（常州）精密机械有限公司"
    lic = licparse.parse_text(text.replace(f"公司名称：{name}\n", ""))
    assert lic.company_name == name
    (said,) = [w for w in lic.warnings if w.code.startswith(("company_name", "missing_company"))]
    assert said.code == "company_name_elsewhere"
    assert said.message.startswith(f"company_name: not found on the cover; `{name}` read from")
    assert lic.field_lines["company_name"] == (said.line, said.line)


def test_no_company_name_is_taken_where_annex_and_preamble_disagree() -> None:
    text = (FIXTURES / "seed_000.txt").read_text(encoding="utf-8")
    name = "爱安特（常州）精密机械有限公司"
    text = text.replace(f"公司名称：{name}\n", "")
    first = text.index(name)
    text = text[:first] + "别的公司有限公司" + text[first + len(name) :]
    lic = licparse.parse_text(text)
    assert lic.company_name is None
    assert "missing_company_name" in [w.code for w in lic.warnings]
