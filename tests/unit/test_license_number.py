"""The number grammar, table-driven: every form of domain.md §1."""

from __future__ import annotations

import pytest

from licparse.stages.number import InvalidNumber, resolve, validate

FORMS = [
    # printed, normalised, region, classes, year, serial, foreign, issuer, site, form
    (
        "苏B2-20231036",
        "苏B2-20231036",
        "苏",
        ["B2"],
        2023,
        "1036",
        False,
        "江苏省通信管理局",
        None,
        "modern",
    ),
    (
        "经营许可证编号： 苏B2-20231036",
        "苏B2-20231036",
        "苏",
        ["B2"],
        2023,
        "1036",
        False,
        "江苏省通信管理局",
        None,
        "modern",
    ),
    (
        "京B1-20190001",
        "京B1-20190001",
        "京",
        ["B1"],
        2019,
        "0001",
        False,
        "北京市通信管理局",
        None,
        "modern",
    ),
    (
        "沪B1.B2-20180001",
        "沪B1.B2-20180001",
        "沪",
        ["B1", "B2"],
        2018,
        "0001",
        False,
        "上海市通信管理局",
        None,
        "modern",
    ),
    (
        "B2-20190435",
        "B2-20190435",
        None,
        ["B2"],
        2019,
        "0435",
        False,
        "中华人民共和国工业和信息化部",
        None,
        "modern",
    ),
    (
        "A2.B1.B2-20090001",
        "A2.B1.B2-20090001",
        None,
        ["A2", "B1", "B2"],
        2009,
        "0001",
        False,
        "中华人民共和国工业和信息化部",
        None,
        "modern",
    ),
    (
        "合字B2-20160011",
        "合字B2-20160011",
        None,
        ["B2"],
        2016,
        "0011",
        True,
        "中华人民共和国工业和信息化部",
        None,
        "modern",
    ),
    (
        "ICP证合字B2-20070004号",
        "合字B2-20070004",
        None,
        ["B2"],
        2007,
        "0004",
        True,
        "中华人民共和国工业和信息化部",
        None,
        "modern",
    ),
    (
        "鲁B2-20071026号",
        "鲁B2-20071026",
        "鲁",
        ["B2"],
        2007,
        "1026",
        False,
        "山东省通信管理局",
        None,
        "modern",
    ),
    (
        "京ICP证030173号",
        "京ICP证030173号",
        "京",
        [],
        2003,
        "0173",
        False,
        "北京市通信管理局",
        None,
        "icp",
    ),
    (
        "B2-2004-0851号",
        "B2-2004-0851",
        None,
        ["B2"],
        2004,
        "0851",
        False,
        "中华人民共和国信息产业部",
        None,
        "mii",
    ),
    (
        "陕B2-20080224-1",
        "陕B2-20080224",
        "陕",
        ["B2"],
        2008,
        "0224",
        False,
        "陕西省通信管理局",
        "1",
        "modern",
    ),
    (
        "闽B2-20050063号-5",
        "闽B2-20050063",
        "闽",
        ["B2"],
        2005,
        "0063",
        False,
        "福建省通信管理局",
        "5",
        "modern",
    ),
    (
        "蜀B2-20180596",
        "蜀B2-20180596",
        "川",
        ["B2"],
        2018,
        "0596",
        False,
        "四川省通信管理局",
        None,
        "modern",
    ),
    (
        "苏Ｂ２－２０２３１０３６",
        "苏B2-20231036",
        "苏",
        ["B2"],
        2023,
        "1036",
        False,
        "江苏省通信管理局",
        None,
        "modern",
    ),
    (
        "苏 B2 - 2023 1036",
        "苏B2-20231036",
        "苏",
        ["B2"],
        2023,
        "1036",
        False,
        "江苏省通信管理局",
        None,
        "modern",
    ),
]


@pytest.mark.parametrize(
    (
        "printed",
        "number",
        "region",
        "classes",
        "year",
        "serial",
        "foreign",
        "issuer",
        "site",
        "form",
    ),
    FORMS,
)
def test_forms(printed, number, region, classes, year, serial, foreign, issuer, site, form):
    p = validate(printed)
    assert p.number == number
    info = p.info
    assert (info.region, info.classes, info.first_issue_year, info.serial) == (
        region,
        classes,
        year,
        serial,
    )
    assert (info.foreign_invested, info.issuer, info.site_suffix, info.form) == (
        foreign,
        issuer,
        site,
        form,
    )
    assert p.repairs == []


@pytest.mark.parametrize(
    ("printed", "number", "repair"),
    [
        ("Bl-20172156", "B1-20172156", "class `Bl` read as `B1`"),
        ("京b2-20170053", "京B2-20170053", "class `b2` read as `B2`"),
        ("苏BZ-20190123", "苏B2-20190123", "class `BZ` read as `B2`"),
        ("苏82-20190123", "苏B2-20190123", "class `82` read as `B2`"),
        ("苏B2-2O19O123", "苏B2-20190123", "year `2O19` read as `2019`"),
        ("苏B2-2019012l", "苏B2-20190121", "serial `012l` read as `0121`"),
        ("苏B2一20231036", "苏B2-20231036", "`一` read as the hyphen"),
        ("B2~2004~0851号", "B2-2004-0851", "`~` read as the hyphen"),
    ],
)
def test_lookalikes_repaired_by_grammar(printed, number, repair):
    p = validate(printed)
    assert p.number == number
    assert repair in p.repairs


@pytest.mark.parametrize(
    "text",
    ["京ICP备11041704号", "京公网安备11010802020088号", "京D3-20250002", "hello", "苏B2-2023", ""],
)
def test_not_license_numbers(text):
    with pytest.raises(InvalidNumber):
        validate(text)


@pytest.mark.parametrize("printed", ["苏B2－20231036", "苏B2—20231036", "苏B2–20231036"])
def test_a_dash_of_another_width_is_no_repair(printed):
    assert validate(printed).repairs == []


@pytest.mark.parametrize(
    ("printed", "year", "serial", "count"),
    [("京B1-201602150", 2016, "02150", 9), ("赣B2-2012052", 2012, "052", 7)],
)
def test_a_digit_too_many_or_too_few_is_kept_and_doubted(printed, year, serial, count):
    # domain.md §1.3: both seen on real licenses; tolerate, then flag.
    number, findings = resolve([(3, printed), (40, printed)])
    assert number is not None and number.number == printed
    assert (number.info.first_issue_year, number.info.serial) == (year, serial)
    assert [(f.code, f.line) for f in findings] == [("number_digit_count", 3)]
    assert f"has {count} digits after the hyphen, not 8" in findings[0].message


def test_a_well_formed_copy_outvotes_a_copy_with_a_digit_too_many():
    number, findings = resolve(
        [(3, "京B1-201602150"), (40, "京B1-20160215"), (60, "京B1-20160215")]
    )
    assert number is not None and number.number == "京B1-20160215"
    assert [(f.code, f.line) for f in findings] == [("number_outvoted", 3)]


def test_misread_copy_outvoted_and_reported_on_its_line():
    number, findings = resolve([(5, "苏B2-2O19O123"), (23, "苏B2-20190123"), (40, "苏B2-20190123")])
    assert number is not None and number.number == "苏B2-20190123"
    assert number.repairs == []  # the winner is a clean copy
    assert [(f.code, f.line) for f in findings] == [("number_misread", 5)]


def test_disagreeing_copy_outvoted():
    number, findings = resolve([(5, "苏B2-20190128"), (23, "苏B2-20190123"), (40, "苏B2-20190123")])
    assert number is not None and number.number == "苏B2-20190123"
    assert [(f.code, f.line) for f in findings] == [("number_outvoted", 5)]


def test_unreadable_copy_reported():
    number, findings = resolve([(5, "苏B2-2019"), (23, "苏B2-20190123")])
    assert number is not None and number.number == "苏B2-20190123"
    assert [(f.code, f.line) for f in findings] == [("number_unreadable", 5)]
