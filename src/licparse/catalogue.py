"""Reference data: provinces and authorities, the telecom business catalogue.

Every table cites docs/domain.md; [V] verified, [M] from memory (soft rules only).
"""

from __future__ import annotations

MIIT = "中华人民共和国工业和信息化部"
MII = "中华人民共和国信息产业部"  # the ministry's name before 2008 [M]

# Province abbreviation → full name (docs/domain.md §1.4). The authority is
# 「<full name>通信管理局」 for every province [M, pattern V for 江苏].
PROVINCES: dict[str, str] = {
    "京": "北京市",
    "津": "天津市",
    "冀": "河北省",
    "晋": "山西省",
    "蒙": "内蒙古自治区",
    "辽": "辽宁省",
    "吉": "吉林省",
    "黑": "黑龙江省",
    "沪": "上海市",
    "苏": "江苏省",
    "浙": "浙江省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "鄂": "湖北省",
    "湘": "湖南省",
    "粤": "广东省",
    "桂": "广西壮族自治区",
    "琼": "海南省",
    "渝": "重庆市",
    "川": "四川省",
    "黔": "贵州省",
    "滇": "云南省",
    "藏": "西藏自治区",
    "陕": "陕西省",
    "甘": "甘肃省",
    "青": "青海省",
    "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
}

# Alternative abbreviations seen in real numbers or old lists → the official
# one (docs/domain.md §1.3, §1.4). 陇 is accepted as 甘's equal [M].
PROVINCE_ALIASES: dict[str, str] = {
    "蜀": "川",
    "贵": "黔",
    "云": "滇",
    "申": "沪",
    "楚": "鄂",
    "秦": "陕",
    "陇": "甘",
}


def authority_of(region: str) -> str:
    return PROVINCES[region] + "通信管理局"


# Business names → catalogue code (2015 catalogue, docs/domain.md §2.1, §2.3),
# including the 2003-catalogue names still printed on older licenses. The code
# is the 2015 one for the business, whatever catalogue the license was issued
# under; docs/domain.md §1.1 warns the class *letter* shifted, not the business.
BUSINESSES: dict[str, str | None] = {
    "互联网数据中心业务": "B11",
    "因特网数据中心业务": "B11",
    "内容分发网络业务": "B12",
    "国内互联网虚拟专用网业务": "B13",
    "国内因特网虚拟专用网业务": "B13",
    "互联网接入服务业务": "B14",
    "因特网接入服务业务": "B14",
    "在线数据处理与交易处理业务": "B21",
    "国内多方通信服务业务": "B22",
    "存储转发类业务": "B23",
    "呼叫中心业务": "B24",
    "国内呼叫中心业务": "B24",
    "离岸呼叫中心业务": "B24",
    "信息服务业务": "B25",
    "编码和规程转换业务": "B26",
    "互联网域名解析服务业务": "B26",
    # Basic (A) businesses that share the form (docs/domain.md §2.3); codes [M].
    "网络托管业务": "A27",
    "国内甚小口径终端地球站通信业务": "A23",
    "固定网国内数据传送业务": "A24",
    "国内通信设施服务业务": "A26",
    # Licensed under a pilot, not a catalogue entry of its own [M].
    "通过转售方式提供的蜂窝移动通信业务": None,
}

# Printed sub-items that are synonyms of catalogue names (docs/domain.md §2.2):
# used to match a clause's `适用于` and a section's business to annex items.
SYNONYMS: dict[str, str] = {
    "信息发布平台及递送服务": "信息发布平台和递送服务",
    "信息社区服务": "信息社区平台服务",
    "信息保护和加工处理服务": "信息保护和处理服务",
}

# The items qualifiers name (docs/domain.md §2.2, §2.3): the B25 sub-services
# under both their catalogue and their annex names, the ICP 前置审批 items, the
# EDI and IDC/ISP items. An item OCR damaged is read back only into one of these.
SERVICE_ITEMS: frozenset[str] = frozenset(
    {
        "互联网信息服务",
        "信息发布平台和递送服务",
        "信息发布平台及递送服务",
        "信息搜索查询服务",
        "信息社区平台服务",
        "信息社区服务",
        "信息即时交互服务",
        "信息保护和处理服务",
        "信息保护和加工处理服务",
        "固定网电话信息服务",
        "新闻",
        "出版",
        "教育",
        "医疗保健",
        "药品和医疗器械",
        "文化",
        "视听节目",
        "电子公告服务",
        "经营类电子商务",
        "网络借贷信息中介类的互联网金融业务",
        "互联网资源协作服务",
        "为上网用户提供接入服务",
        "应用商店",
    }
)

# Item names that contain 和 or 与 and must never be split there (docs/domain.md §2.2,
# §2.3). The splitter also keeps every catalogue name whole.
WHOLE_ITEMS: tuple[str, ...] = (
    "信息发布平台和递送服务",
    "信息发布平台及递送服务",
    "信息保护和加工处理服务",
    "信息保护和处理服务",
    "药品和医疗器械",
    "广播电影电视节目",
    "编码和规程转换业务",
    "在线数据处理与交易处理业务",
)
