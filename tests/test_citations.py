"""The regulations the clauses cite, as data: every citation in both seeds,
and what is not one."""

from __future__ import annotations

import json

from click.testing import CliRunner

import licparse
from licparse.cli import main

from .conftest import FIXTURES

MII = "工业和信息化部令"
SEEDS = [
    ("一、", "中华人民共和国电信条例", None, None, None),
    ("一、", "互联网信息服务管理办法", None, None, None),
    ("五、", "电信服务规范", None, None, None),
    ("六、", "通信网络安全防护管理办法", None, f"{MII}第11号", 11),
    ("七、", "电信和互联网用户个人信息保护规定", None, f"{MII}第24号", 24),
    ("十一、", "外商投资电信企业管理规定", None, None, None),
    ("十五、（二）", "商用密码管理条例", None, None, None),
    ("十五、（二）", "电子签名法", None, None, None),
    ("十六、（一）", "互联网信息服务管理办法", None, None, None),
    ("十六、（三）", "互联网信息服务管理办法", 15, None, None),
]


def rows(lic: licparse.License) -> list[tuple[object, ...]]:
    return [
        (c.clause, c.title, c.article, c.order, c.order_number) for c in licparse.citations_of(lic)
    ]


def test_every_citation_of_both_seeds() -> None:
    for name in ("seed_000", "seed_002"):
        assert rows(licparse.parse_file(FIXTURES / f"{name}.txt")) == SEEDS, name


def test_titles_that_are_no_regulation_and_spaced_numbers() -> None:
    lic = licparse.parse_text(
        "中华人民共和国增值电信业务经营许可证\n经营许可证编号：京B2-20200001\n特别规定事项\n"
        "一、你公司应当在《电信业务市场综合管理信息系统》中更新信息，"
        "遵守《某某管理办法》（工业和信息化部令 第 二十 号）第 三 条。\n"
    )
    assert rows(lic) == [("一、", "某某管理办法", 3, f"{MII}第二十号", 20)]


def test_citations_only_when_asked() -> None:
    seed = str(FIXTURES / "seed_000.txt")
    assert json.loads(CliRunner().invoke(main, [seed, "--json"]).stdout)["citations"] is None
    asked = json.loads(CliRunner().invoke(main, [seed, "--json", "--citations"]).stdout)
    assert [c["title"] for c in asked["citations"]] == [r[1] for r in SEEDS]
    assert asked["citations"][9]["text"] == "《互联网信息服务管理办法》第十五条"
