"""Dates, text cleaning and item splitting, table-driven."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licparse.stages.annex.qualifiers import split_items
from licparse.stages.dates import parse_date
from licparse.stages.normalize import clean, full_width_parens, join, split_lines
from licparse.stages.numerals import cn_number


@pytest.mark.parametrize(
    ("printed", "iso", "repaired"),
    [
        ("2023年 07月 12日", "2023-07-12", False),
        ("2019年8月2日", "2019-08-02", False),
        ("2019-08-02", "2019-08-02", False),
        ("2019.08.02", "2019-08-02", False),
        ("2019/8/2", "2019-08-02", False),
        ("二〇一九年八月二日", "2019-08-02", False),
        ("二○二四年十二月三十一日", "2024-12-31", False),
        ("二零二三年十月十日", "2023-10-10", False),
        ("２０１９年０８月０２日", "2019-08-02", False),
        ("2O19年O8月02日", "2019-08-02", True),
        ("2019年2月30日", None, False),
    ],
)
def test_dates(printed, iso, repaired):
    parsed = parse_date(printed)
    assert parsed is not None
    assert (parsed.iso, parsed.repaired) == (iso, repaired)


def test_no_date():
    assert parse_date("见附页") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十六", 16),
        ("二十", 20),
        ("二十一", 21),
        ("九十九", 99),
        ("一百零二", 102),
        ("二〇一九", 2019),
    ],
)
def test_cn_number(text, value):
    assert cn_number(text) == value


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("法 定 代 表 人 ：严 杰 丽", "法定代表人：严杰丽"),
        ("管理人 员", "管理人员"),
        ("四 、你公司", "四、你公司"),
        ("（ 一 ）", "（一）"),
        ("B2 -  2019", "B2 - 2019"),
        ("在处置后的 10 个工作日", "在处置后的 10 个工作日"),
        ("信息服务业务 (仅限互联网信息服务)", "信息服务业务(仅限互联网信息服务)"),
        ("  text\u3000with   spaces ", "text with spaces"),
    ],
)
def test_clean(raw, cleaned):
    assert clean(raw) == cleaned


# The rule as two patterns, as it was first written: `clean` takes faster
# paths to the same result, and must agree with it on any text.
_W = (
    "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003134f\u3007\u25cb"
    "\u3001-\u303f\uff00-\uffef“”‘’…—·"
)
_N = re.escape(",.:;!?()[]")
_TIGHT = re.compile(
    rf"(?<=[{_W}])[\s\u00a0\ufeff]+(?=[{_W}{_N}])|(?<=[{_N}])[\s\u00a0\ufeff]+(?=[{_W}])"
)
_SPACES = re.compile(r"[\s\u00a0\ufeff]+")


def _clean_by_definition(text: str) -> str:
    text = text.strip(" \t\r\n\f\v\u3000\u00a0\ufeff")
    return _SPACES.sub(" ", _TIGHT.sub("", text))


_CLEAN_ALPHABET = [
    *"你公司，。（）:;,.()[]ab1 2\t\u3000\u00a0\ufeff\x1c\x85\u2028〇、“”\x01",
    "  ",
    "   ",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_CLEAN_ALPHABET), max_size=16).map("".join))
def test_clean_agrees_with_its_definition(text):
    assert clean(text) == _clean_by_definition(text)


def test_join_wrapped_lines():
    assert join(["按照法律法规要求或有关标", "准，做好用户日志留存"]) == (
        "按照法律法规要求或有关标准，做好用户日志留存"
    )
    assert join(["Technology", "Co., Ltd."]) == "Technology Co., Ltd."


def test_full_width_parens_between_cjk():
    assert full_width_parens("爱安特(常州)精密机械有限公司") == "爱安特（常州）精密机械有限公司"
    assert full_width_parens("ABC (China) Ltd") == "ABC (China) Ltd"


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("信息搜索查询服务、信息即时交互服务。", ["信息搜索查询服务", "信息即时交互服务"]),
        (
            "信息搜索查询服务、信息社区服务、信息即时交互服务和信息保护和加工处理服务",
            ["信息搜索查询服务", "信息社区服务", "信息即时交互服务", "信息保护和加工处理服务"],
        ),
        ("信息搜索查询服务和信息即时交互服务", ["信息搜索查询服务", "信息即时交互服务"]),
        (
            "新闻、出版、药品和医疗器械、文化、视听节目",
            ["新闻", "出版", "药品和医疗器械", "文化", "视听节目"],
        ),
        ("网络借贷信息中介类的互联网金融业务", ["网络借贷信息中介类的互联网金融业务"]),
        ("技术和管理措施", ["技术和管理措施"]),
    ],
)
def test_split_items(text, items):
    assert split_items(text) == items


def test_split_lines_numbers_and_markdown():
    lines, count = split_lines("# 标题\r\n\r\n公司名称:甲  \n#\n  \u3000\n末")
    assert [(x.no, x.text, x.key) for x in lines] == [
        (1, "标题", "标题"),
        (3, "公司名称:甲", "公司名称:甲"),
        (6, "末", "末"),
    ]
    assert count == 6


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("**公司名称**：甲公司", "公司名称:甲公司"),
        ("**法定代表人：** 张三", "法定代表人:张三"),
        ("__发证日期__：2023年1月1日", "发证日期:2023年1月1日"),
        ("***张三***", "张三"),
        ("**公司名称：甲", "公司名称:甲"),  # the pair split over two lines by OCR
        ("甲公司**", "甲公司"),
        # A run of stars alone is text: a masked name, not emphasis.
        ("法定代表人：***", "法定代表人:***"),
        ("法定代表人：** ", "法定代表人:**"),
    ],
)
def test_markdown_emphasis_is_taken_off_text_and_a_masked_name_kept(line: str, text: str) -> None:
    lines, _ = split_lines(line)
    assert [x.key for x in lines] == [text]


def test_a_rule_of_markers_is_as_it_was() -> None:
    # `***` stays a page separator (`*`); an even rule is blank, as before.
    lines, _ = split_lines("甲\n***\n****\n____\n乙")
    assert [x.text for x in lines] == ["甲", "*", "乙"]


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("二二五年四月二十九日", "2025-04-29"),  # 〇 lost: 二〇二五
        ("二一九年八月二日", "2019-08-02"),  # 〇 lost: 二〇一九
        ("二〇一年八月二日", None),  # 2001, 2010–2019…: no single reading
    ],
)
def test_a_year_that_lost_a_numeral(printed: str, iso: str | None) -> None:
    parsed = parse_date(printed)
    assert (parsed.iso, parsed.repaired) == (iso, True) if iso else parsed is None
