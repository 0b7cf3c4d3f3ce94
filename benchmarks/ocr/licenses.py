"""Varied synthetic licenses with their truth, for the real-OCR corpus.

    python benchmarks/ocr/licenses.py 3 --seed 7      # print 3 licenses' text
    python benchmarks/ocr/licenses.py 50 --check       # compare truth with licparse on clean text

Every license is built from structured data (a company, a number, dates, a set
of services from the 2015 catalogue with their qualifiers, a clause tree), and
its truth is written from that data, never from licparse's output, so the
corpus can judge the parser. The clause sentences are the real ones of the two
seed licenses (tests/fixtures/seed_000.txt, seed_002.txt) and of the all-codes
fixture, subset and shuffled per license; the annex and cover follow the forms
in shared/spec/domain.md.

`make_license(rng)` returns a `License`: `truth` (the contract's field names)
and the printed pieces that render.py lays out; `logical_text(lic)` prints it
as plain text, one paragraph per line (the layout of seed 000).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

TITLE = "中华人民共和国增值电信业务经营许可证"
GRANT = (
    "根据《中华人民共和国电信条例》及国家有关规定，经审查，准许你公司按照本经营许可证"
    "（正文和附件）载明的内容经营增值电信业务，特颁发增值电信业务经营许可证。"
)
APPROVAL = "【依法须经批准的项目，经相关部门批准后方可开展相应经营活动】"
MIIT = "中华人民共和国工业和信息化部"

# abbreviation, full name, cities (printed without 市)
PROVINCES = [
    ("京", "北京市", []),
    ("津", "天津市", []),
    ("冀", "河北省", ["石家庄", "唐山", "保定", "廊坊"]),
    ("晋", "山西省", ["太原", "大同"]),
    ("蒙", "内蒙古自治区", ["呼和浩特", "包头", "乌兰察布"]),
    ("辽", "辽宁省", ["沈阳", "大连", "丹东"]),
    ("吉", "吉林省", ["长春", "吉林"]),
    ("黑", "黑龙江省", ["哈尔滨", "大庆"]),
    ("沪", "上海市", []),
    ("苏", "江苏省", ["南京", "苏州", "无锡", "常州", "南通", "徐州"]),
    ("浙", "浙江省", ["杭州", "宁波", "温州", "嘉兴"]),
    ("皖", "安徽省", ["合肥", "芜湖"]),
    ("闽", "福建省", ["福州", "厦门", "泉州"]),
    ("赣", "江西省", ["南昌", "赣州"]),
    ("鲁", "山东省", ["济南", "青岛", "烟台"]),
    ("豫", "河南省", ["郑州", "洛阳"]),
    ("鄂", "湖北省", ["武汉", "宜昌", "襄阳"]),
    ("湘", "湖南省", ["长沙", "株洲"]),
    ("粤", "广东省", ["广州", "深圳", "东莞", "佛山", "韶关"]),
    ("桂", "广西壮族自治区", ["南宁", "柳州"]),
    ("琼", "海南省", ["海口", "三亚"]),
    ("渝", "重庆市", []),
    ("川", "四川省", ["成都", "绵阳", "宜宾"]),
    ("黔", "贵州省", ["贵阳", "遵义"]),
    ("滇", "云南省", ["昆明", "曲靖"]),
    ("陕", "陕西省", ["西安", "咸阳"]),
]
SHORT = {"内蒙古自治区": "内蒙古", "广西壮族自治区": "广西"}
SYLLABLES = "云智联数科星海创信通达华辰易网络锦城鼎盛瑞丰汇宏博睿思远航拓明泰晟启迪和安恒新源蓝天"
INDUSTRY = [
    "科技",
    "网络科技",
    "信息技术",
    "软件技术",
    "电子商务",
    "数据服务",
    "文化传媒",
    "通信技术",
    "互联网服务",
    "计算机系统",
]
SUFFIX = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊"
    "帆帅旭宁龙林欣滨晨阳佳嘉琪瑶怡婷雪峰波亮海晓建国志新宝崴丹"
)
TRANSLIT = [
    "阿不都·热合曼",
    "买买提·吐尔逊",
    "古丽·艾山",
    "艾力·买买提",
    "安东尼·陈",
    "迪丽·努尔",
    "约翰·史密斯",
    "伊力·哈木",
]

# Catalogue: code, printed name, first class?
NAMES = {
    "B11": "互联网数据中心业务",
    "B12": "内容分发网络业务",
    "B13": "国内互联网虚拟专用网业务",
    "B14": "互联网接入服务业务",
    "B21": "在线数据处理与交易处理业务",
    "B22": "国内多方通信服务业务",
    "B23": "存储转发类业务",
    "B24": "国内呼叫中心业务",
    "B25": "信息服务业务",
    "B26": "互联网域名解析服务业务",
}
B25_EXCL = ["信息搜索查询服务", "信息社区服务", "信息即时交互服务", "信息保护和加工处理服务"]
B25_INCL = ["新闻", "出版", "药品和医疗器械", "文化", "视听节目"]

CN = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    if n < 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n % 10] if n % 10 else "")
    return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")


def cn_date(d: dt.date) -> str:
    year = "".join("〇一二三四五六七八九"[int(c)] for c in str(d.year))
    return f"{year}年{cn_number(d.month)}月{cn_number(d.day)}日"


# ---------------------------------------------------------------- seed clauses

LABEL1 = re.compile(r"^([一二三四五六七八九十]+)、")
LABEL2 = re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]\s*")
APPLIES = re.compile(r"^[（(]适用于([^）)]+)[)）]\s*")


def _seed_clauses(path: Path) -> list[dict[str, Any]]:
    """The clause tree of a clean seed: furniture dropped, page-split paragraphs joined."""
    paragraphs: list[str] = []
    started = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip().lstrip("#").strip()
        if not line:
            continue
        if line.startswith("经营许可证编号") or line == "特别规定事项":
            continue
        if line.startswith("一、"):
            started = True
        if not started:
            continue
        if LABEL1.match(line) or LABEL2.match(line):
            paragraphs.append(line)
        else:
            paragraphs[-1] += line
    tree: list[dict[str, Any]] = []
    for p in paragraphs:
        p = re.sub(r"人 员|人人员|人員", "人员", p)
        if m := LABEL1.match(p):
            tree.append({"text": p[m.end() :], "children": []})
        else:
            m = LABEL2.match(p)
            assert m
            body = p[m.end() :]
            applies = None
            if a := APPLIES.match(body):
                applies, body = a.group(1), body[a.end() :]
            tree[-1]["children"].append({"text": body, "applies_to": applies})
    return tree


def _fixture_business_children() -> dict[str, list[str]]:
    """Short business-section clauses of the all-codes fixture, by business name."""
    out: dict[str, list[str]] = {}
    current = None
    for line in (FIXTURES / "annex_all_codes.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if m := re.match(r"^[一二三四五六七八九十]+、你公司在经营(.+?)时应当遵守下列规定", line):
            current = m.group(1)
            out[current] = []
        elif current and (m := LABEL2.match(line)):
            out[current].append(line[m.end() :])
    return out


S0 = _seed_clauses(FIXTURES / "seed_000.txt")
S2 = _seed_clauses(FIXTURES / "seed_002.txt")
assert len(S0) == 16 and len(S2) == 16, (len(S0), len(S2))
GENERAL = [[S0[k]["text"], S2[k]["text"]] for k in range(14)]
GENERAL[0].append("你公司应当遵守《中华人民共和国电信条例》等法律法规和行业管理规定。")
GENERAL[1].append(
    "你公司应当按照许可的业务种类和业务覆盖范围开展经营活动，并在显著位置标明经营许可证编号。"
)
EDI_CHILDREN = [[c["text"] for c in S0[14]["children"]], [c["text"] for c in S2[14]["children"]]]
ICP_CHILDREN = [S0[15]["children"], S2[15]["children"]]
FIXTURE_CHILDREN = _fixture_business_children()
# Children that fit any business section (security staff, planning, assessment).
GENERIC_CHILDREN = [S0[14]["children"][k]["text"] for k in (4, 5, 6)] + [
    S0[15]["children"][8]["text"]
]


def sentences(text: str) -> list[str]:
    return [s + "。" for s in text.split("。") if s]


def _shorten(rng: random.Random, text: str, keep_whole: float) -> str:
    """The clause whole, or a run of its sentences (real sentences, in order)."""
    parts = sentences(text)
    if len(parts) <= 1 or rng.random() < keep_whole:
        return text
    k = rng.randrange(1, len(parts))
    start = rng.randrange(0, len(parts) - k + 1)
    out = "".join(parts[start : start + k])
    return out if out.startswith("你公司") else text if len(text) < 140 else parts[0]


# ---------------------------------------------------------------- the license


@dataclasses.dataclass
class License:
    truth: dict[str, Any]
    number: str
    company: str  # as printed
    representative: str
    authority_style: str  # printed / blank / absent
    authority: str | None
    issue_printed: str
    expiry_printed: str
    cover_services: list[str] | None  # lines printed on the cover, or None (annex)
    annex: list[list[str]] | None  # one list of printed lines per service entry
    provisions: list[dict[str, Any]]  # printed clause tree: label, text (as printed), children
    styles: dict[str, Any]


def _company(rng: random.Random, cities: list[str]) -> tuple[str, str]:
    """(printed, truth): parentheses are printed half-width now and then."""
    core = "".join(rng.sample(SYLLABLES, rng.choice((2, 2, 3, 4))))
    industry = rng.choice(INDUSTRY)
    suffix = rng.choice(SUFFIX)
    city = rng.choice(cities) if cities else None
    if city and rng.random() < 0.3:
        truth = f"{core}（{city}）{industry}{suffix}"
        printed = truth if rng.random() < 0.8 else truth.replace("（", "(").replace("）", ")")
        return printed, truth
    prefix = city if city and rng.random() < 0.6 else ""
    name = f"{prefix}{core}{industry}{suffix}"
    return name, name


def _person(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(TRANSLIT)
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))


def _date_printed(rng: random.Random, d: dt.date, style: str) -> str:
    if style == "cn":
        return cn_date(d)
    if style == "spaced":
        return f"{d.year}年 {d.month:02}月 {d.day:02}日"
    if style == "short":
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.year}年{d.month:02}月{d.day:02}日"


def _service(
    rng: random.Random, code: str, province: tuple[str, str, list[str]] | None, style: str
) -> tuple[dict[str, Any], list[str]]:
    """One service: its truth and its printed annex lines."""
    name = NAMES[code]
    limited: list[str] = []
    includes: list[str] = []
    excludes: list[str] = []
    coverage = None
    qual = ""  # parenthesised qualifier after the name
    second = ""  # the line under the name (before 【…】)
    if province:
        full, cities = province[1], province[2]
        region_cov = [
            full,
            full,
            "、".join(rng.sample(cities, min(len(cities), rng.choice((1, 2, 3)))))
            if cities
            else full,
        ]
    else:
        picks = rng.sample([p[1] for p in PROVINCES], rng.randrange(2, 6))
        region_cov = ["全国", "、".join(SHORT.get(p, p[:-1]) for p in picks)]
    if code == "B11":
        r = rng.random()
        if r < 0.45:
            qual, excludes = "（不含互联网资源协作服务）", ["互联网资源协作服务"]
        elif r < 0.75:
            qual, limited = "（仅限互联网资源协作服务）", ["互联网资源协作服务"]
        coverage = rng.choice(region_cov)
    elif code == "B14":
        item = rng.choice(["为上网用户提供接入服务", "为互联网平台提供接入服务"])
        if rng.random() < 0.8:
            qual, limited = f"（{item}）", [item]
        coverage = rng.choice(region_cov)
    elif code in ("B12", "B13"):
        coverage = rng.choice(region_cov)
    elif code == "B21":
        r = rng.random()
        if r < 0.8:
            limited = ["经营类电子商务"]
            fin = "网络借贷信息中介类的互联网金融业务"
            r2 = rng.random()
            if r2 < 0.6:
                excludes = [fin]
                if style == "inline":
                    qual = f"（仅限经营类电子商务，不含{fin}）"
                else:
                    qual, second = "（仅限经营类电子商务）", f"不含{fin}。"
            elif r2 < 0.8:
                includes = [fin]
                qual, second = "（仅限经营类电子商务）", f"含{fin}。"
            else:
                qual = "（仅限经营类电子商务）"
        if rng.random() < 0.25:
            coverage = rng.choice(region_cov)
    elif code == "B25":
        if rng.random() < 0.15:
            qual, excludes = "（不含互联网信息服务）", ["互联网信息服务"]
        else:
            limited = ["互联网信息服务"]
            excludes = [x for x in B25_EXCL if rng.random() < 0.5]
            if rng.random() < 0.3:
                includes = [x for x in B25_INCL if rng.random() < 0.5] or ["新闻"]
            if len(excludes) > 1 and rng.random() < 0.5:
                ex_text = "、".join(excludes[:-1]) + "和" + excludes[-1]
            else:
                ex_text = "、".join(excludes)
            inc_text = "、".join(includes)
            if style == "inline" and excludes:
                qual = f"（仅限互联网信息服务，不含{ex_text}）"
                second = f"含{inc_text}。" if includes else ""
            else:
                qual = "（仅限互联网信息服务）"
                if includes and excludes:
                    second = f"含{inc_text}，不含{ex_text}。"
                elif includes:
                    second = f"含{inc_text}。"
                elif excludes:
                    second = f"不含{ex_text}。"
        if rng.random() < 0.25:
            coverage = rng.choice(region_cov)
    else:  # B22 B23 B24 B26
        if rng.random() < 0.3:
            coverage = rng.choice(region_cov)
    lines = [name + qual]
    if code[1] == "2" or second:
        lines.append(second + APPROVAL)
    if coverage:
        lines.append(f"业务覆盖范围：{coverage}")
    truth = {
        "name": name,
        "code": code,
        "limited_to": limited,
        "includes": includes,
        "excludes": excludes,
        "coverage": coverage,
    }
    return truth, lines


def _children_for(rng: random.Random, code: str, template: int) -> list[dict[str, Any]]:
    """A business section's level-2 clauses (truth form, before labels)."""
    if code == "B21":
        pool = [{"text": t, "applies_to": None} for t in EDI_CHILDREN[template]]
        k = rng.randrange(1, min(len(pool), 4) + 1)
        chosen = sorted(rng.sample(range(len(pool)), k))
        kids = [pool[i] for i in chosen]
    elif code == "B25":
        pool = [dict(c) for c in ICP_CHILDREN[template]]
        plain = [c for c in pool if not c["applies_to"]]
        tagged = [c for c in pool if c["applies_to"]]
        kids = [plain[i] for i in sorted(rng.sample(range(len(plain)), rng.randrange(1, 6)))]
        kids += [
            tagged[i] for i in sorted(rng.sample(range(len(tagged)), rng.choice((0, 0, 1, 2, 3))))
        ]
    else:
        own = FIXTURE_CHILDREN.get(NAMES[code], [])
        pool = own + rng.sample(GENERIC_CHILDREN, rng.randrange(0, 3))
        kids = [{"text": t, "applies_to": None} for t in pool] or [
            {"text": GENERIC_CHILDREN[0], "applies_to": None}
        ]
    out = []
    for c in kids:
        out.append(
            {"text": _shorten(rng, c["text"], 0.3), "applies_to": c["applies_to"], "children": []}
        )
    return out


def _level3(rng: random.Random, clause: dict[str, Any]) -> None:
    """Turn one clause into a lead-in with `1.` children made of its comma parts."""
    parts = [p for p in re.split(r"[，；]", clause["text"].rstrip("。")) if p]
    if len(parts) < 3:
        return
    head, rest = parts[0], parts[1 : rng.randrange(3, min(len(parts), 5) + 1)]
    clause["text"] = head + "，落实下列要求："
    clause["children"] = [{"text": p + "。", "applies_to": None, "children": []} for p in rest]


def _label(level: int, n: int, style: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    """(printed label, normalised label)."""
    if level == 1:
        return f"{cn_number(n)}、", f"{cn_number(n)}、"
    if level == 2:
        norm = f"（{cn_number(n)}）"
        half = style["l2"] == "half" or (style["l2"] == "mixed" and n >= style["switch"])
        printed = f"({cn_number(n)})" if half else norm
        if style["l2_space"]:
            printed += " "
        return printed, norm
    return f"{n}.", f"{n}."


def _number_tree(
    rng: random.Random, clauses: list[dict[str, Any]], style: dict[str, Any], level: int = 1
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Printed tree and truth tree from the unnumbered clauses."""
    printed, truth = [], []
    for n, c in enumerate(clauses, 1):
        plabel, label = _label(level, n, style, rng)
        pkids, tkids = _number_tree(rng, c.get("children", []), style, level + 1)
        prefix = ""
        if c.get("applies_to"):
            prefix = rng.choice(["（适用于{}）", "（适用于{}）", "(适用于{}) "]).format(
                c["applies_to"]
            )
        printed.append({"label": plabel, "text": prefix + c["text"], "children": pkids})
        truth.append(
            {
                "number": n,
                "label": label,
                "applies_to": c.get("applies_to"),
                "text": c["text"],
                "children": tkids,
            }
        )
    return printed, truth


def make_license(rng: random.Random) -> License:
    cross = rng.random() < 0.2
    province = None if cross else rng.choice(PROVINCES)
    cities = province[2] if province else ["北京", "上海", "深圳", "杭州"]
    company_printed, company = _company(rng, cities)
    rep = _person(rng)

    # Services: B25 and B21 are the common ones; first-class ones now and then.
    codes = []
    if rng.random() < 0.85:
        codes.append("B25")
    if rng.random() < 0.6:
        codes.append("B21")
    for code, p in (
        ("B11", 0.2),
        ("B12", 0.1),
        ("B13", 0.08),
        ("B14", 0.15),
        ("B22", 0.1),
        ("B23", 0.08),
        ("B24", 0.12),
        ("B26", 0.08),
    ):
        if rng.random() < p:
            codes.append(code)
    if rng.random() < 0.12:  # a rich license: many businesses, up to ~22 level-1 clauses
        codes = sorted(set(codes) | set(rng.sample(sorted(NAMES), rng.randrange(5, 9))))
    if not codes:
        codes = ["B25"]
    order = ["B11", "B12", "B13", "B14", "B21", "B22", "B23", "B24", "B25", "B26"]
    codes.sort(key=order.index) if rng.random() < 0.8 else rng.shuffle(codes)
    classes = sorted({c[:2] for c in codes})
    year = rng.randrange(2012, 2025)
    serial = rng.randrange(1, 1500) if rng.random() < 0.8 else rng.randrange(1500, 4000)
    prefix = province[0] if province else ""
    number = f"{prefix}{'.'.join(classes)}-{year}{serial:04}"
    authority_full = f"{province[1]}通信管理局" if province else MIIT

    # Dates: issued in the number's year or at a renewal / change re-issue.
    first = dt.date(year, rng.randrange(1, 13), rng.randrange(1, 29))
    renewals = rng.choice((0, 0, 0, 1))
    issue = first.replace(year=first.year + 5) if renewals and first.year + 5 <= 2025 else first
    expiry = issue.replace(year=issue.year + 5)
    if rng.random() < 0.15 and issue.year < 2025:  # a change re-issue keeps the old expiry
        later = issue + dt.timedelta(days=rng.randrange(60, 900))
        if later.year <= 2025 and later < expiry:
            issue = later
    date_style = rng.choice(["plain"] * 5 + ["spaced"] * 3 + ["short"] * 2 + ["cn"])
    authority_style = rng.choice(["printed", "printed", "blank", "absent"])
    authority = authority_full if authority_style == "printed" else None

    # Annex style.
    if len(codes) == 1 and codes[0] in ("B25", "B21") and rng.random() < 0.35:
        annex_style = "cover"
    else:
        annex_style = rng.choice(["running", "running", "inline"])
    services_truth, annex = [], []
    for code in codes:
        t, lines = _service(rng, code, province, annex_style)
        services_truth.append(t)
        annex.append(lines)
    cover_services = None
    if annex_style == "cover":
        t = services_truth[0]
        cov = t["coverage"] or (province[1] if province else "全国")
        t["coverage"] = cov
        cls = "第二类增值电信业务中的"
        cover_services = [f"业务种类：{cls}{annex[0][0]}", f"业务覆盖范围：{cov}"]
        if len(annex[0]) > 1 and not annex[0][1].startswith("业务覆盖范围"):
            # the qualifier line of the annex is folded into the parentheses on a cover
            second = annex[0][1].replace(APPROVAL, "").rstrip("。")
            if second:
                cover_services[0] = cover_services[0][:-1] + "，" + second + "）"
        annex = None

    # Clause tree: general clauses then one section per service.
    template = rng.randrange(2)
    n_business = len(codes)
    lo = max(4, 10 - n_business)
    hi = 14
    n_general = rng.randrange(lo, max(lo, hi) + 1)
    topics = sorted(rng.sample(range(14), min(14, n_general)))
    keep_whole = rng.choice((0.1, 0.2, 0.4))
    general = []
    for k in topics:
        variants = GENERAL[k]
        text = variants[template] if rng.random() < 0.8 else rng.choice(variants)
        general.append(
            {"text": _shorten(rng, text, keep_whole), "applies_to": None, "children": []}
        )
    sections = []
    for code in codes:
        kids = _children_for(rng, code, template)
        sections.append(
            {
                "text": f"你公司在经营{NAMES[code]}时应当遵守下列规定：",
                "applies_to": None,
                "children": kids,
            }
        )
    if rng.random() < 0.25:
        candidates = [c for s in sections for c in s["children"] if not c["applies_to"]]
        for c in rng.sample(candidates, min(len(candidates), rng.choice((1, 1, 2)))):
            _level3(rng, c)
    style = {
        "l2": rng.choice(["full", "full", "half", "mixed"]),
        "switch": rng.randrange(3, 8),
        "l2_space": rng.random() < 0.4,
    }
    provisions, clauses_truth = _number_tree(rng, general + sections, style)

    truth = {
        "license_number": number,
        "company_name": company,
        "legal_representative": rep,
        "issuing_authority": authority,
        "issue_date": issue.isoformat(),
        "expiry_date": expiry.isoformat(),
        "services": services_truth,
        "clauses": clauses_truth,
    }
    styles = {
        "annex": annex_style,
        "date": date_style,
        "authority": authority_style,
        "l2": style["l2"],
        "l2_space": style["l2_space"],
        "template": ["2023", "2019"][template],
        "cross_regional": cross,
    }
    return License(
        truth=truth,
        number=number,
        company=company_printed,
        representative=rep,
        authority_style=authority_style,
        authority=authority,
        issue_printed=_date_printed(rng, issue, date_style),
        expiry_printed=_date_printed(rng, expiry, date_style),
        cover_services=cover_services,
        annex=annex,
        provisions=provisions,
        styles=styles,
    )


def provisions_intro(lic: License) -> str:
    return (
        f"《特别规定事项》是经营许可证重要组成部分，{lic.company}应当按照经营许可证载明的许可事项"
        "开展经营活动，并遵守下列规定事项："
    )


def annex_intro(lic: License) -> str:
    return f"{lic.company}获准经营的业务种类、服务项目和业务覆盖范围："


def flat_clauses(printed: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    """(level, printed label, printed text) in reading order."""
    out = []

    def walk(cs: list[dict[str, Any]], level: int) -> None:
        for c in cs:
            out.append((level, c["label"], c["text"]))
            walk(c["children"], level + 1)

    walk(printed, 1)
    return out


def logical_text(lic: License) -> str:
    """Plain text, one paragraph per line, pages as in seed 000."""
    header = f"经营许可证编号：{lic.number}"
    out = [
        "中华人民共和国 增值电信业务经营许可证",
        "",
        header,
        "",
        GRANT,
        "",
        f"公司名称：{lic.company}",
        "",
        f"法定代表人：{lic.representative}",
        "",
    ]
    if lic.cover_services:
        for line in lic.cover_services:
            out += [line, ""]
    else:
        out += ["业务种类 见附页", "(服务项目)", "及覆盖范围:", ""]
    if lic.authority_style == "printed":
        out += [f"发证机关：{lic.authority}", ""]
    elif lic.authority_style == "blank":
        out += ["发证机关（盖章）：", ""]
    out += [f"发证日期：{lic.issue_printed}", "", f"有效期至：{lic.expiry_printed}", ""]
    if lic.annex:
        out += [header, "", f"{TITLE} (附 页)", "", annex_intro(lic), ""]
        for entry in lic.annex:
            out += [*entry, ""]
    out += [header, "", "特别规定事项", "", provisions_intro(lic), ""]
    for _level, label, text in flat_clauses(lic.provisions):
        out += [label + text, ""]
    return "\n".join(out)


# ---------------------------------------------------------------- checking against licparse


def parsed_view(lic: Any) -> dict[str, Any]:
    """licparse's License (pydantic) in the truth's shape."""

    def clause(c: Any) -> dict[str, Any]:
        return {
            "number": c.number,
            "label": c.label,
            "applies_to": c.applies_to,
            "text": c.text,
            "children": [clause(k) for k in c.children],
        }

    return {
        "license_number": lic.license_number,
        "company_name": lic.company_name,
        "legal_representative": lic.legal_representative,
        "issuing_authority": lic.issuing_authority,
        "issue_date": lic.issue_date,
        "expiry_date": lic.expiry_date,
        "services": [
            {
                "name": s.name,
                "code": s.code,
                "limited_to": list(s.limited_to),
                "includes": list(s.includes),
                "excludes": list(s.excludes),
                "coverage": s.coverage,
            }
            for s in lic.services
        ],
        "clauses": [clause(c) for c in lic.clauses],
    }


def diff(truth: Any, got: Any, path: str = "") -> list[str]:
    if isinstance(truth, dict) and isinstance(got, dict):
        out = []
        for k in truth:
            out += diff(truth[k], got.get(k), f"{path}.{k}")
        return out
    if isinstance(truth, list) and isinstance(got, list):
        if len(truth) != len(got):
            return [f"{path}: {len(truth)} items, got {len(got)}"]
        out = []
        for i, (a, b) in enumerate(zip(truth, got, strict=False)):
            out += diff(a, b, f"{path}[{i}]")
        return out
    return [] if truth == got else [f"{path}: {truth!r} != {got!r}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="parse the clean text with licparse")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    bad = 0
    for i in range(args.n):
        lic = make_license(rng)
        text = logical_text(lic)
        if not args.check:
            print(text, "\n", json.dumps(lic.truth, ensure_ascii=False)[:300], "\n" + "=" * 60)
            continue
        import licparse

        problems = diff(lic.truth, parsed_view(licparse.parse_text(text)))
        if problems:
            bad += 1
            print(f"#{i}: {len(problems)} differences", *problems[:6], sep="\n  ")
    if args.check:
        print(f"{args.n - bad}/{args.n} agree", file=sys.stderr)


if __name__ == "__main__":
    main()
