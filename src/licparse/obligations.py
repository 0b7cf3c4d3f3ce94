"""The duties with deadlines and periods in a license's clauses, as data.

The provisions put dated duties on the holder in a few fixed shapes (seen in
both seeds and in docs/domain.md §3.4): within a time after an event
(`自公司作出决定之日起30日内向原发证机关提出申请`, `在处置后的10个工作日内向电信主管部门上报`),
a time before an event (`应当提前90日向原发证机关提出续办申请`), every year
(`每年第一季度参加…年报`), and keeping records for at least a time
(`保存时间不得少于一年`). Each sentence of each clause is read for them; a
sentence that states a time these shapes do not cover is kept as `untyped`
with its text, never dropped. Numbers may be Chinese numerals (`六十日`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from .models import Obligation, clause_paths
from .stages.glyphs import simplify
from .stages.numerals import cn_number
from .validity import iso_date

if TYPE_CHECKING:
    from .models import Clause, License

_NUM = r"(?P<amount>[0-9]{1,4}|[一二两三四五六七八九十百〇零]{1,4})"
_UNIT = r"(?P<unit>个工作日|工作日|日|天|个月|月|年)"
UNITS = {
    "个工作日": "working_day",
    "工作日": "working_day",
    "日": "day",
    "天": "day",
    "个月": "month",
    "月": "month",
    "年": "year",
}
# `自公司作出决定之日起30日内`, `在变更之日起30日内`, `在变更后30日内`,
# `在处置后的10个工作日内`, `在取得我部颁发的许可证后30日内`, `在安全评估完成30日内`.
WITHIN = re.compile(
    rf"(?:自|在)(?P<trigger>[^，。；自在]{{1,40}}?)(?:之日起|之日|后的|后|起)?{_NUM}{_UNIT}内"
)
BEFORE = re.compile(rf"提前{_NUM}{_UNIT}")
YEARLY = re.compile(r"每年(?:的)?第(?P<quarter>[一二三四1-4])季度")
RETAIN = re.compile(rf"(?:保存|留存)(?:时间|期限)?(?:不得少于|不少于|至少){_NUM}{_UNIT}")
# To whom and what, after the time: `向原发证机关提出申请`, `在《…》中更新相关信息`.
TO = re.compile(
    r"\s*[，,]?\s*(?:向(?P<to>[^，。；]{1,24}?(?:机关|部门|我部|管理局|部))\s*)?(?P<action>[^，。；]{1,40})"
)
# A time a sentence states that the shapes above may not cover.
PERIOD_WORD = re.compile(rf"{_NUM}\s*(?:个工作日|工作日|日|天|个月|小时|年)(?:内|以内|前|后)")
# The event a `提前` duty runs before, when the license dates it.
EXPIRY_EVENT = re.compile(r"有效期届满")
SENTENCE = re.compile(r"[^。；;]+[。；;]?")


def obligations_of(lic: License) -> list[Obligation]:
    """Every duty with a deadline or a period, clause by clause, in order."""
    expiry = iso_date(lic.expiry_date)
    found: list[Obligation] = []
    for path, clause in clause_paths(lic.clauses):
        # `…有效期届满需要继续经营的，应当提前90日…；不再继续经营的，应当提前90日…`:
        # the second `提前` runs before the event the first sentence named.
        before_expiry = False
        # Read in simplified characters (a clause keeps an OCR's `屆滿` as
        # printed); what is quoted from a sentence is quoted as printed.
        read = simplify(clause.text)[0]
        for m in SENTENCE.finditer(read):
            sentence = m.group()
            before_expiry = before_expiry or EXPIRY_EVENT.search(sentence) is not None
            duties = _read(sentence.strip(), path, clause, expiry if before_expiry else None)
            if read != clause.text:
                duties = _as_printed(duties, sentence.strip(), clause.text[m.start() : m.end()])
            found += duties
    return found


def _as_printed(duties: list[Obligation], read: str, printed: str) -> list[Obligation]:
    """`duties` read from `read` with their quotes as `printed` (the same
    sentence before simplifying: every character in its place)."""
    printed = printed.strip()

    def back(value: str | None) -> str | None:
        at = read.find(value) if value else -1
        return value if value is None or at < 0 else printed[at : at + len(value)]

    return [
        duty.model_copy(
            update={
                key: back(getattr(duty, key)) for key in ("text", "trigger", "action", "addressee")
            }
        )
        for duty in duties
    ]


def with_obligations(lic: License) -> License:
    return lic.model_copy(update={"obligations": obligations_of(lic)})


def _read(sentence: str, path: str, clause: Clause, expiry: dt.date | None) -> list[Obligation]:
    out: list[Obligation] = []
    typed: list[tuple[int, int]] = []

    def add(m: re.Match[str], kind: str, **fields: Any) -> None:
        values = {"amount": None, "unit": None, "trigger": None, "action": None}
        values |= {"addressee": None, "due": None, **fields}
        out.append(
            Obligation.model_validate(
                {"kind": kind, "clause": path, "lines": clause.lines, "text": sentence, **values}
            )
        )
        typed.append(m.span())

    for m in WITHIN.finditer(sentence):
        to, action = _after(sentence, m.end())
        add(
            m,
            "deadline_after",
            amount=_amount(m["amount"]),
            unit=UNITS[m["unit"]],
            trigger=m["trigger"].strip(),
            action=action,
            addressee=to,
        )
    for m in BEFORE.finditer(sentence):
        to, action = _after(sentence, m.end())
        amount, unit = _amount(m["amount"]), UNITS[m["unit"]]
        add(
            m,
            "deadline_before",
            amount=amount,
            unit=unit,
            trigger=_condition(sentence[: m.start()]),
            action=action,
            addressee=to,
            # `expiry` is given only where the clause names the expiry as the event.
            due=_before(expiry, amount, unit) if expiry is not None else None,
        )
    for m in YEARLY.finditer(sentence):
        add(
            m,
            "periodic",
            amount=_amount(m["quarter"]),
            unit="quarter",
            action=_after(sentence, m.end())[1],
        )
    for m in RETAIN.finditer(sentence):
        keep = sentence[: m.start()].rstrip("，, ").rsplit("，", 1)[-1] or None
        add(m, "retention", amount=_amount(m["amount"]), unit=UNITS[m["unit"]], action=keep)
    for m in PERIOD_WORD.finditer(sentence):
        if not any(a <= m.start() < b for a, b in typed):
            add(m, "untyped")
            break
    return out


def _amount(text: str) -> int:
    return int(text) if text.isdigit() else cn_number(text)


def _after(sentence: str, end: int) -> tuple[str | None, str | None]:
    m = TO.match(sentence, end)
    if m is None:
        return None, None
    return m["to"], m["action"].strip() or None


def _condition(before: str) -> str | None:
    """The event a `提前` duty names: the condition before it (`…有效期届满需要继续经营的`)."""
    part = before.rstrip("，, 应当须").rsplit("，", 1)[-1]
    part = re.sub(r"^(?:你公司|贵公司)", "", part).removesuffix("的").strip()
    return part or None


def _before(day: dt.date, amount: int, unit: str) -> str | None:
    if unit == "day":
        return (day - dt.timedelta(days=amount)).isoformat()
    if unit == "month":
        month = day.month - amount
        year = day.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        try:
            return day.replace(year=year, month=month).isoformat()
        except ValueError:
            return None
    return None
