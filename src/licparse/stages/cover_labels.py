"""The cover's labels as OCR leaves them: matched on a line's key (folded, no
white space), with the forms OCR clips, misreads or puts specks before."""

from __future__ import annotations

import re

import regex

from .document import Document
from .furniture import NUMBER_LABEL
from .normalize import Line

# Cover labels, on the key, longest alternatives first; a colon may follow.
# Character classes admit what OCR prints for a label character (人/入,
# 日/曰, 称/穪) and the traditional forms a scan of an older license may give.
LABEL_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "license_number",
        rf"{NUMBER_LABEL}|[证證]书[编編][号號]|许可证号",
    ),
    ("company_name", r"(?:公司|企业|企業|单位|经营者)名[称稱穪]"),
    ("legal_representative", r"法定代[表衣][人入]|法人代表"),
    ("business", r"业务种类(?:\(服务项目\))?(?:及(?:业务)?覆盖范围)?"),
    ("coverage", r"(?:业务)?覆盖范围(?:\(服务项目\))?"),
    ("service_items", r"服务项目"),
    # OCR also clips a label's first character at the page's edge or under a
    # seal (`证日期：`, `效期至：`), or misreads one (`发概机关`): those forms only
    # before a colon or a date, where no sentence could start so.
    ("issuing_authority", r"[发發]?[证證概][机機][关關](?:\(盖章\)|盖章)?"),
    # A seal or the edge can leave only `期` of `发证日期` (`期2020年2月15日`): the
    # expiry's label keeps its `至`, so `期` before a digit is the issue date's.
    (
        "issue_date",
        r"[发發][证證][日曰]期|[颁頒][发發][日曰]期|[证證][日曰]期(?=:|[0-9])|[日曰]?期(?=[0-9])",
    ),
    ("expiry_date", r"有效期(?:[至止]|限[至止]?)?|效期[至止](?=:|[0-9])"),
)
# All labels in one pattern, a named group each, tried in the order above:
# it runs on every cover line and on the line after each field.
# A speck or two of OCR noise may stand before a label (`.发证机关：…`,
# `·公司名称：…`, inputs.md): taken with it, and warned of.
SPECKS = ".。·'`‘’,、;•*"
FIELD_LABEL = re.compile(
    f"^[{re.escape(SPECKS)}]{{0,2}}(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in LABEL_PATTERNS)
    + "):?"
)
# A second label on a line (`公司名称：X  法定代表人：Y`, a two-column cover)
# starts another field. Only a label after white space and before a colon
# counts, so a name that happens to contain a label word stays whole.
INLINE_LABEL = regex.compile(
    rf"(?<=\s|\|)(?:{'|'.join(pattern for _, pattern in LABEL_PATTERNS)})\s*:"
)


def match_label(line: Line) -> tuple[str, int] | None:
    """(field, length of the label on the key) of a line that starts with a label."""
    m = FIELD_LABEL.match(line.key)
    if m is None:
        return None
    assert m.lastgroup is not None  # every alternative is a named group
    return m.lastgroup, m.end()


# The labels OCR may clip or misread (see LABEL_PATTERNS), as printed whole.
WHOLE_LABEL = {
    "issuing_authority": ("发证机关", re.compile(r"[发發][证證][机機][关關]")),
    "issue_date": ("发证日期", re.compile(r"(?:[发發][证證]|[颁頒][发發])[日曰]期")),
    "expiry_date": ("有效期至", re.compile(r"有效期")),
}


def warn_clipped(doc: Document, line: Line, name: str, key_len: int) -> None:
    """Warn of a label read from what OCR left of it (`期2020年…`, `发概机关`),
    or from behind specks (`.发证机关`)."""
    specks = len(line.key) - len(line.key.lstrip(SPECKS))
    if specks:
        doc.warn(
            "cover_label_repaired",
            f"`{line.key[:specks]}` before the label `{line.key[specks:key_len].rstrip(':')}` "
            "left out: OCR noise",
            line.no,
        )
    whole = WHOLE_LABEL.get(name)
    if whole is None or whole[1].match(line.key, specks):
        return
    doc.warn(
        "cover_label_repaired",
        f"the label `{line.key[specks:key_len].rstrip(':')}` was read as `{whole[0]}`, "
        "what OCR left of it",
        line.no,
    )
