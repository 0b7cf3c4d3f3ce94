"""Cover labels as OCR prints them, table-driven."""

from __future__ import annotations

import pytest

import licparse

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
