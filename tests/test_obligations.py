"""Duties with deadlines and periods, read out of the clauses: every one in
both seeds, Chinese numerals, an untyped period kept with its text, and the
option that asks for them."""

from __future__ import annotations

import json

from click.testing import CliRunner

import licparse
from licparse.cli import main
from licparse.obligations import obligations_of

from .conftest import FIXTURES

AFTER, BEFORE = "deadline_after", "deadline_before"
AUTHORITY = "原发证机关"
PROVINCE = "相关省（自治区、直辖市）通信管理局"
KEEP = "妥善保存你公司在线数据处理与交易处理业务平台上所传输处理的相关数据资料"
REPORT = "参加电信主管部门组织的经营许可证年报"
COMMON_END = [
    (
        "十三、",
        AFTER,
        30,
        "day",
        "取得我部颁发的许可证",
        PROVINCE,
        "办理许可证的注销或变更手续",
        None,
    ),
    ("十四、", "periodic", 1, "quarter", None, None, REPORT, None),
    ("十五、（三）", "retention", 1, "year", None, None, KEEP, None),
    ("十五、（七）", AFTER, 30, "day", "安全评估完成", "电信主管部门", "提交书面评估报告", None),
    ("十六、（八）", AFTER, 30, "day", "安全评估完成", "电信主管部门", "提交书面评估报告", None),
]
SEED_000 = [
    ("九、", AFTER, 10, "working_day", "处置", "电信主管部门", "上报", None),
    ("十一、", AFTER, 30, "day", "公司作出决定", "我部", "提出申请", None),
    ("十二、", AFTER, 30, "day", "变更", AUTHORITY, "报送有关信息", None),
    (
        "十二、",
        BEFORE,
        90,
        "day",
        "经营许可证有效期届满需要继续经营",
        AUTHORITY,
        "提出续办申请",
        "2028-04-13",
    ),
    *COMMON_END,
]
UPDATE = "在《电信业务市场综合管理信息系统》中更新相关信息"
RENEW = "提出延续经营许可证的申请"
SEED_002 = [
    ("九、", AFTER, 10, "working_day", "处置", "电信主管部门", "上报", None),
    ("十一、", AFTER, 30, "day", "公司作出决定", AUTHORITY, "提出申请", None),
    ("十二、", AFTER, 30, "day", "变更", None, UPDATE, None),
    (
        "十二、",
        BEFORE,
        90,
        "day",
        "经营许可证有效期届满需要继续经营",
        AUTHORITY,
        RENEW,
        "2024-02-09",
    ),
    # `…；不再继续经营的，应当提前90日…报告`: before the expiry the sentence before names.
    ("十二、", BEFORE, 90, "day", "不再继续经营", AUTHORITY, "报告", "2024-02-09"),
    *COMMON_END,
]


def rows(lic: licparse.License) -> list[tuple[object, ...]]:
    return [
        (o.clause, o.kind, o.amount, o.unit, o.trigger, o.addressee, o.action, o.due)
        for o in obligations_of(lic)
    ]


def test_every_deadline_and_period_of_both_seeds() -> None:
    assert rows(licparse.parse_file(FIXTURES / "seed_000.txt")) == SEED_000
    assert rows(licparse.parse_file(FIXTURES / "seed_002.txt")) == SEED_002


def license_with(clause: str) -> licparse.License:
    return licparse.parse_text(
        "中华人民共和国增值电信业务经营许可证\n经营许可证编号：京B2-20200001\n"
        "有效期至：2025年06月30日\n特别规定事项\n" + clause + "\n"
    )


def test_chinese_numerals_months_and_an_untyped_period() -> None:
    lic = license_with(
        "一、你公司应当留存日志，留存时间不得少于六十日。你公司应当在发现后二十四小时内处置。"
        "你公司经营许可证有效期届满需要继续经营的，应当提前三个月申请。"
    )
    found = obligations_of(lic)
    assert [(o.kind, o.amount, o.unit, o.due) for o in found] == [
        ("retention", 60, "day", None),
        ("untyped", None, None, None),
        (BEFORE, 3, "month", "2025-03-30"),
    ]
    assert found[1].text == "你公司应当在发现后二十四小时内处置。"
    assert {o.lines for o in found} == {(5, 5)}


def test_obligations_only_when_asked() -> None:
    seed = str(FIXTURES / "seed_000.txt")
    plain = json.loads(CliRunner().invoke(main, [seed, "--json"]).stdout)
    assert plain["obligations"] is None
    asked = json.loads(CliRunner().invoke(main, [seed, "--json", "--obligations"]).stdout)
    assert [o["clause"] for o in asked["obligations"]] == [r[0] for r in SEED_000]
    assert asked["obligations"][3]["due"] == "2028-04-13"


def test_a_duty_in_traditional_glyphs_is_found_and_quoted_as_printed() -> None:
    lic = licparse.parse_text(
        "中华人民共和国增值电信业务经营许可证\n经营许可证编号：B2-20190001\n"
        "公司名称：北京甲乙科技有限公司\n有效期至：2029年1月1日\n特别规定事项\n"
        "一、你公司在許可证有效期屆满需要继续经营的，应当提前90日向原發证机关提出续办申请。\n"
    )
    (duty,) = obligations_of(lic)
    assert (duty.kind, duty.amount, duty.unit, duty.due) == (
        "deadline_before",
        90,
        "day",
        "2028-10-03",  # `屆满` is the expiry: the due date is known
    )
    assert (duty.trigger, duty.addressee, duty.action) == (
        "在許可证有效期屆满需要继续经营",
        "原發证机关",
        "提出续办申请",
    )
    assert duty.text == lic.clauses[0].text
