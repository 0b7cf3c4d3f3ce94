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
