"""The regulations a license's clauses cite, as data (as eyecite reads court
citations): `《互联网信息服务管理办法》第十五条`, `《通信网络安全防护管理办法》
（工业和信息化部令第11号）`. So a user can ask which licenses bind them to a
given regulation.

Only a title in 《》 that names a regulation (it ends as laws, regulations,
rules and standards do: 法, 条例, 办法, 规定, 规范, …) is a citation;
`《电信业务市场综合管理信息系统》` (a system) and `《特别规定事项》` (the license's
own part) are not.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .models import Citation, clause_paths
from .stages.numerals import cn_number

if TYPE_CHECKING:
    from .models import License

_N = r"[0-9]{1,4}|[一二两三四五六七八九十百零〇]{1,6}"
CITATION = re.compile(
    r"《(?P<title>[^《》]{2,40}?(?:法|条例|办法|规定|规范|规则|细则|决定|标准|目录|通知|意见))》"
    rf"(?:\s*[（(]\s*(?P<order>[^（）()]{{2,20}}?令\s*第\s*(?P<no>{_N})\s*号)\s*[）)])?"
    rf"(?:\s*第\s*(?P<article>{_N})\s*条)?"
)


def citations_of(lic: License) -> list[Citation]:
    """Every citation of a regulation in the clauses, clause by clause, in order."""
    found = []
    for path, clause in clause_paths(lic.clauses):
        for m in CITATION.finditer(clause.text):
            found.append(
                Citation(
                    title=m["title"],
                    article=_number(m["article"]),
                    order=re.sub(r"\s+", "", m["order"]) if m["order"] else None,
                    order_number=_number(m["no"]),
                    clause=path,
                    lines=clause.lines,
                    text=m.group(),
                )
            )
    return found


def with_citations(lic: License) -> License:
    return lic.model_copy(update={"citations": citations_of(lic)})


def _number(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdigit() else cn_number(text)
