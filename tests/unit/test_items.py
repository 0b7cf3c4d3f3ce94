"""Qualifier items OCR damaged are read back into catalogue items, warned."""

from __future__ import annotations

import licparse

HEAD = (
    "中华人民共和国增值电信业务经营许可证\n经营许可证编号：京B2-20190001\n"
    "公司名称：北京甲乙科技有限公司\n"
    "中华人民共和国增值电信业务经营许可证（附页）\n"
)


def annex(*lines: str) -> licparse.models.License:
    return licparse.parse_text(HEAD + "\n".join(lines) + "\n")


def repairs(lic: licparse.models.License) -> list[tuple[int | None, str]]:
    return [(w.line, w.message) for w in lic.warnings if w.code == "item_repaired"]


def test_a_speck_inside_an_item_and_a_lost_separator_are_repaired() -> None:
    lic = annex(
        "信息服务业务（仅限互联网信息服务）",
        "不含信息搜索查询服务、信息社区服务信息即时·交互服务。",
        "业务覆盖范围：北京市",
    )
    (service,) = lic.services
    assert service.excludes == ["信息搜索查询服务", "信息社区服务", "信息即时交互服务"]
    assert repairs(lic) == [
        (
            5,
            "`信息社区服务信息即时·交互服务` of `信息服务业务` read as "
            "`信息社区服务、信息即时交互服务`",
        )
    ]


def test_the_stop_before_buhan_lost_moves_the_rest_to_excludes() -> None:
    lic = annex(
        "在线数据处理与交易处理业务（仅限经营类电子商务不含网络借贷信息中介类的互联网金融业务）",
        "业务覆盖范围：北京市",
    )
    (service,) = lic.services
    assert service.limited_to == ["经营类电子商务"]
    assert service.excludes == ["网络借贷信息中介类的互联网金融业务"]
    assert [line for line, _ in repairs(lic)] == [5]


def test_items_that_are_no_catalogue_item_stay_as_printed() -> None:
    # Not a run of known items, and no speck makes one: nothing to repair.
    lic = annex("互联网接入服务业务（为网站用户提供接入服务）", "业务覆盖范围：北京市")
    (service,) = lic.services
    assert service.limited_to == ["为网站用户提供接入服务"]
    assert repairs(lic) == []
