"""The annex: qualifier words and tables, every cell read or reported."""

from __future__ import annotations

import pytest

import licparse
from licparse.models import License

BODY = """中华人民共和国增值电信业务经营许可证
经营许可证编号：京B1.B2-20230001
公司名称：甲乙丙科技有限公司
法定代表人：张三
业务种类（服务项目）及覆盖范围：见附页
发证日期：2023年07月12日
有效期至：2028年07月12日
中华人民共和国增值电信业务经营许可证 (附 页)
甲乙丙科技有限公司获准经营的业务种类、服务项目和业务覆盖范围：
{annex}
特别规定事项
一、你公司应当遵守法律法规。
二、你公司应当按照许可的业务种类开展经营活动。
三、你公司应当标明经营许可证编号。
"""
FIRST = 10  # the annex's first line


def parse(annex: str) -> License:
    return licparse.parse_text(BODY.format(annex=annex))


IDC, ICP = "互联网数据中心业务", "信息服务业务"
THREE_SERVICES = [
    (IDC, [], ["互联网资源协作服务"], "北京"),
    (IDC, ["互联网资源协作服务"], [], "北京、天津"),
    (ICP, ["互联网信息服务"], [], "北京"),
]


def services(lic: License) -> list[tuple[str, list[str], list[str], str | None]]:
    return [(s.name, s.limited_to, s.excludes, s.coverage) for s in lic.services]


def codes(lic: License) -> list[str]:
    return [w.code for w in lic.warnings]


HEADER_3 = "<tr><td>业务种类</td><td>服务项目</td><td>业务覆盖范围</td></tr>"
ROW_IDC_1 = "<td>不含互联网资源协作服务</td><td>北京</td></tr>"
ROW_IDC_2 = "<td>仅限互联网资源协作服务</td><td>北京、天津</td></tr>"
ROW_ICP = "<tr><td>信息服务业务</td><td>仅限互联网信息服务</td><td>北京</td></tr>"


@pytest.mark.parametrize(
    ("annex", "lines"),
    [
        (  # the business printed in each row
            f"<table>{HEADER_3}<tr><td>{IDC}</td>{ROW_IDC_1}"
            f"<tr><td>{IDC}</td>{ROW_IDC_2}{ROW_ICP}</table>",
            [FIRST] * 3,
        ),
        (  # the business merged over its two rows
            f'<table>{HEADER_3}<tr><td rowspan="2">{IDC}</td>{ROW_IDC_1}'
            f"<tr>{ROW_IDC_2}{ROW_ICP}</table>",
            [FIRST] * 3,
        ),
        (  # a row a line
            f'<table>{HEADER_3}\n<tr><td rowspan="2">{IDC}</td>{ROW_IDC_1}\n'
            f"<tr>{ROW_IDC_2}\n{ROW_ICP}\n</table>",
            [FIRST + 1, FIRST + 2, FIRST + 3],
        ),
    ],
    ids=["one_line", "rowspan", "multi_line"],
)
def test_three_column_html_table(annex: str, lines: list[int]) -> None:
    lic = parse(annex)
    assert services(lic) == THREE_SERVICES
    assert [s.code for s in lic.services] == ["B11", "B11", "B25"]
    assert [s.lines[0] for s in lic.services] == lines
    assert [s.text for s in lic.services] == [
        "互联网数据中心业务不含互联网资源协作服务",
        "互联网数据中心业务仅限互联网资源协作服务",
        "信息服务业务仅限互联网信息服务",
    ]
    assert lic.unparsed == []
    assert codes(lic) == []


def test_three_column_pipe_table() -> None:
    lic = parse(
        "| 业务种类 | 服务项目 | 业务覆盖范围 |\n"
        "| --- | --- | --- |\n"
        "| 互联网数据中心业务 | 不含互联网资源协作服务 | 北京 |\n"
        "| 互联网数据中心业务 | 仅限互联网资源协作服务 | 北京、天津 |\n"
        "| 信息服务业务 | 仅限互联网信息服务 | 北京 |"
    )
    assert services(lic) == THREE_SERVICES
    assert lic.field_lines["table_header"] == (FIRST, FIRST + 1)
    assert lic.unparsed == []
    assert codes(lic) == []


def test_columns_found_by_header_not_position() -> None:
    lic = parse(
        "| 序号 | 业务覆盖范围 | 业务种类 | 服务项目 |\n"
        "|---|---|---|---|\n"
        "| 1 | 北京 | 互联网数据中心业务 | 不含互联网资源协作服务 |\n"
        "| 2 | 北京、天津 | 互联网数据中心业务 | 仅限互联网资源协作服务 |\n"
        "| 3 | 北京 | 信息服务业务 | 仅限互联网信息服务 |"
    )
    assert services(lic) == THREE_SERVICES
    assert lic.unparsed == []


def test_rowspan_coverage_applies_to_every_row_it_spans() -> None:
    lic = parse(
        "<table><tr><td>业务种类（服务项目）</td><td>业务覆盖范围</td></tr>"
        f'<tr><td>{IDC}（不含互联网资源协作服务）</td><td rowspan="2">北京</td></tr>'
        f"<tr><td>{ICP}（仅限互联网信息服务）</td></tr></table>"
    )
    assert services(lic) == [
        (IDC, [], ["互联网资源协作服务"], "北京"),
        (ICP, ["互联网信息服务"], [], "北京"),
    ]
    assert lic.unparsed == []


def test_qualifier_cell_on_two_lines() -> None:
    lic = parse(
        f"<table>{HEADER_3}<tr><td>信息服务业务</td>"
        "<td>仅限互联网信息服务<br/>不含信息搜索查询服务、信息即<br>时交互服务</td>"
        "<td>全国</td></tr></table>"
    )
    assert services(lic) == [
        (ICP, ["互联网信息服务"], ["信息搜索查询服务", "信息即时交互服务"], "全国")
    ]


def test_qualifier_items_as_a_bare_service_item() -> None:
    lic = parse(
        "| 业务种类 | 服务项目 | 业务覆盖范围 |\n"
        "| 互联网接入服务业务 | 为上网用户提供接入服务 | 北京、上海 |"
    )
    assert services(lic) == [("互联网接入服务业务", ["为上网用户提供接入服务"], [], "北京、上海")]


@pytest.mark.parametrize(
    "annex",
    [
        "| 业务种类 | 备注 |\n|---|---|\n| 信息服务业务（仅限互联网信息服务） | 北京 |",
        "<table><tr><td>业务种类</td><td>备注</td></tr>"
        "<tr><td>信息服务业务（仅限互联网信息服务）</td><td>北京</td></tr></table>",
        "| 序号 | 业务覆盖范围 |\n| 信息服务业务（仅限互联网信息服务） | 北京 |",
    ],
    ids=["unknown_column", "html", "no_business_column"],
)
def test_table_not_understood_goes_to_unparsed(annex: str) -> None:
    lic = parse(annex)
    assert lic.services == []
    text = "\n".join(u.text for u in lic.unparsed)
    assert "信息服务业务（仅限互联网信息服务）" in text and "北京" in text
    assert "table_unreadable" in codes(lic)


def test_unread_row_of_a_one_line_table_is_reported_by_itself() -> None:
    lic = parse(
        f"<table>{HEADER_3}<tr><td>某某东西</td><td>不含甲</td><td>北京</td></tr>{ROW_ICP}</table>"
    )
    assert services(lic) == [(ICP, ["互联网信息服务"], [], "北京")]
    assert [(u.text, u.lines) for u in lic.unparsed] == [("某某东西 | 不含甲 | 北京", [FIRST])]


@pytest.mark.parametrize(
    "row",
    [
        "| 信息服务业务 | 仅限互联网信息服务 | 北京 |",  # a business in the 序号 column
        "| 1 | 注：信息服务业务（仅限互联网信息服务）内容分发网络业务 | 北京 |",  # words before
        "| 1 | 信息服务业务（仅限互联网信息服务）内容分发网络业务 | 北京 | 备注 |",  # no column
    ],
)
def test_a_row_whose_every_cell_has_no_place_is_unparsed(row: str) -> None:
    lic = parse(f"| 序号 | 业务种类 | 业务覆盖范围 |\n{row}")
    assert lic.services == []
    assert [u.lines for u in lic.unparsed] == [[FIRST + 1]]
    assert "table_unreadable" in codes(lic)


def test_headerless_table_keeps_its_coverage() -> None:
    lic = parse(
        f"<table><tr><td>{IDC}</td><td>不含互联网资源协作服务</td><td>北京</td></tr></table>"
    )
    assert services(lic) == [(IDC, [], ["互联网资源协作服务"], "北京")]
    assert lic.unparsed == []


def test_text_outside_the_rows_is_unparsed() -> None:
    lic = parse(f"附表<table><caption>业务一览</caption>{HEADER_3}{ROW_ICP}</table>")
    assert services(lic) == [(ICP, ["互联网信息服务"], [], "北京")]
    assert [(u.text, u.lines) for u in lic.unparsed] == [("附表业务一览", [FIRST])]
    lic = parse(
        f"<table>{HEADER_3}<tr>注<td>信息服务业务</td><td>仅限互联网信息服务</td></tr></table>"
    )
    assert services(lic) == [(ICP, ["互联网信息服务"], [], None)]
    assert [(u.text, u.lines) for u in lic.unparsed] == [("注", [FIRST])]


def test_unterminated_html_table_is_still_read() -> None:
    lic = parse(f"<table>{HEADER_3}\n{ROW_ICP}")
    assert services(lic) == [(ICP, ["互联网信息服务"], [], "北京")]
    assert lic.unparsed == []


@pytest.mark.parametrize(
    ("qualifier", "field"),
    [("不含:", "excludes"), ("不含：", "excludes"), ("仅限:", "limited_to"), ("含：", "includes")],
)
def test_colon_after_qualifier_word(qualifier: str, field: str) -> None:
    lic = parse(f"信息服务业务\n{qualifier}信息搜索查询服务、信息即时交互服务。")
    assert getattr(lic.services[0], field) == ["信息搜索查询服务", "信息即时交互服务"]


def test_colon_after_qualifier_word_of_the_pre_2016_form() -> None:
    lic = parse("信息服务业务（仅限互联网信息服务）（互联网信息服务不含：新闻、出版）")
    assert lic.services[0].excludes == ["新闻", "出版"]


def test_words_before_the_first_business_on_its_line_are_unparsed() -> None:
    lic = parse("注：信息服务业务（仅限互联网信息服务）")
    assert services(lic) == [("信息服务业务", ["互联网信息服务"], [], None)]
    assert [(u.text, u.lines) for u in lic.unparsed] == [("注：", [FIRST])]


RUNNING_ANNEX = (
    "中华人民共和国增值电信业务经营许可证\n经营许可证编号：京B2-20190001\n"
    "公司名称：北京测试科技有限公司\n附页\n"
    "北京测试科技有限公司获准经营以下增值电信业务\n"
    "互联网数据中心业务（不含互联网资源协作服务）\n业务覆盖范围：北京\n"
    "{unknown}\n业务覆盖范围：上海\n"
    "信息服务业务（仅限互联网信息服务）\n业务覆盖范围：全国\n"
)


@pytest.mark.parametrize(
    ("unknown", "limited_to"), [("量子传送业务（仅限测试）", ["测试"]), ("量子传送业务", [])]
)
def test_a_business_outside_the_catalogue_is_an_entry_of_its_own(
    unknown: str, limited_to: list[str]
) -> None:
    # Between two catalogue businesses it was read as the end of the one
    # before: its coverage lost, nothing warned.
    lic = licparse.parse_text(RUNNING_ANNEX.format(unknown=unknown))
    assert [(s.name, s.code, s.limited_to, s.coverage, s.lines) for s in lic.services] == [
        ("互联网数据中心业务", "B11", [], "北京", (6, 7)),
        ("量子传送业务", None, limited_to, "上海", (8, 9)),
        ("信息服务业务", "B25", ["互联网信息服务"], "全国", (10, 11)),
    ]
    assert [(w.code, w.line) for w in lic.warnings if w.code == "unknown_business"] == [
        ("unknown_business", 8)
    ]
    # A line above the first entry that ends in 业务 is no entry: reported.
    assert [(u.text, u.lines) for u in lic.unparsed] == [
        ("北京测试科技有限公司获准经营以下增值电信业务", [5])
    ]
