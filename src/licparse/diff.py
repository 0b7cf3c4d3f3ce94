"""What changed between two licenses, as a reviewer reads it.

Cover fields that changed; services added, removed or changed (their items
of 仅限/含/不含, their coverage); clauses added, removed or reworded, aligned
by clause: a clause is matched first where its text is the same, then by its
text's likeness, so a renumbered clause is found under its new number.

A reworded clause whose difference is only OCR's or the printer's is noise,
reported apart so it does not drown the real changes: widths of brackets and
punctuation, traditional glyphs (`人員`), variant forms (`帐号`/`账号`), a
character doubled by OCR (`人人员`).
"""

from __future__ import annotations

import difflib
import unicodedata
from typing import TYPE_CHECKING, Any

from .codes import COVER_FIELDS
from .models import clause_paths
from .stages.glyphs import simplify

if TYPE_CHECKING:
    from .models import Clause, License, Service

# Variant forms licenses print either way (异体字 and their modern forms).
VARIANTS = str.maketrans({"帐": "账", "於": "于", "叁": "三", "着": "著"})
# Below this likeness two clauses are not the same clause reworded.
LIKE = 0.6
ITEMS = ("limited_to", "includes", "excludes")


def diff(old: License, new: License) -> dict[str, Any]:
    """The differences of `new` from `old`, as data (`licparse diff --json`)."""
    fields, noise = [], []
    for name in COVER_FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if a == b:
            continue
        entry = {"field": name, "old": a, "new": b}
        # Values are kept as printed: `陳志強` read off one scan is the
        # `陈志强` of the other.
        if isinstance(a, str) and isinstance(b, str) and _plain(a) == _plain(b):
            noise.append({**entry, "why": _why(a, b)})
        else:
            fields.append(entry)
    clauses, clause_noise = _clauses(old, new)
    noise += clause_noise
    services = _services(old, new)
    return {
        "old": old.source.path,
        "new": new.source.path,
        "same": not (fields or services or clauses),
        "fields": fields,
        "services": services,
        "clauses": clauses,
        "noise": noise,
    }


def _services(old: License, new: License) -> list[dict[str, Any]]:
    def key(s: Service) -> str:
        return s.code or s.name

    before = {key(s): s for s in old.services}
    after = {key(s): s for s in new.services}
    out: list[dict[str, Any]] = []
    for k, s in before.items():
        if k not in after:
            out.append({"change": "removed", "service": k, "name": s.name})
    for k, s in after.items():
        if k not in before:
            out.append({"change": "added", "service": k, "name": s.name})
            continue
        was = before[k]
        detail: dict[str, Any] = {}
        for items in ITEMS:
            had, has = getattr(was, items), getattr(s, items)
            plain_had, plain_has = {_plain(i) for i in had}, {_plain(i) for i in has}
            gone = [i for i in had if _plain(i) not in plain_has]
            came = [i for i in has if _plain(i) not in plain_had]
            if gone or came:
                detail[items] = {"removed": gone, "added": came}
        if _plain(was.coverage or "") != _plain(s.coverage or ""):
            detail["coverage"] = {"old": was.coverage, "new": s.coverage}
        if detail:
            out.append({"change": "changed", "service": k, "name": s.name, **detail})
    return out


def _clauses(old: License, new: License) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    before = list(clause_paths(old.clauses))
    after = list(clause_paths(new.clauses))
    pairs = _align(before, after)
    matched_old = {i for i, _ in pairs}
    matched_new = {j for _, j in pairs}
    changes: list[dict[str, Any]] = []
    noise: list[dict[str, Any]] = []
    for i, j in sorted(pairs, key=lambda p: p[1]):
        (path_a, a), (path_b, b) = before[i], after[j]
        if a.text == b.text and path_a == path_b:
            continue
        entry: dict[str, Any] = {
            "old_clause": path_a,
            "new_clause": path_b,
            "lines": [a.lines, b.lines],
        }
        if a.text != b.text:
            entry["text"] = _inline(a.text, b.text)
        if _plain(a.text) == _plain(b.text) and path_a == path_b:
            noise.append({**entry, "why": _why(a.text, b.text)})
        else:
            changes.append({"change": "reworded" if a.text != b.text else "renumbered", **entry})
    for i, (path, a) in enumerate(before):
        if i not in matched_old:
            changes.append({"change": "removed", "old_clause": path, "text": a.text})
    for j, (path, b) in enumerate(after):
        if j not in matched_new:
            changes.append({"change": "added", "new_clause": path, "text": b.text})
    return changes, noise


def _align(
    before: list[tuple[str, Clause]], after: list[tuple[str, Clause]]
) -> list[tuple[int, int]]:
    """Pairs (old index, new index): the same text first, then the likeliest."""
    pairs: list[tuple[int, int]] = []
    free_new = {j: _plain(c.text) for j, (_, c) in enumerate(after)}
    free_old: dict[int, str] = {}
    by_text: dict[str, list[int]] = {}
    for j, text in free_new.items():
        by_text.setdefault(text, []).append(j)
    for i, (_, c) in enumerate(before):
        text = _plain(c.text)
        if by_text.get(text):
            j = by_text[text].pop(0)
            pairs.append((i, j))
            del free_new[j]
        else:
            free_old[i] = text
    scored = sorted(
        (
            (difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), -abs(i - j), i, j)
            for i, a in free_old.items()
            for j, b in free_new.items()
        ),
        reverse=True,
    )
    used_old: set[int] = set()
    used_new: set[int] = set()
    for ratio, _, i, j in scored:
        if ratio < LIKE:
            break
        if i not in used_old and j not in used_new:
            pairs.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return pairs


def _plain(text: str) -> str:
    """The text without what only OCR or the printer varies: widths,
    traditional glyphs, variant forms, a character OCR doubled, the stop
    at its end (OCR loses a last `。` often, inputs.md)."""
    text = simplify(unicodedata.normalize("NFKC", text))[0].translate(VARIANTS)
    text = "".join(text.split()).rstrip(_STOPS)
    return "".join(c for k, c in enumerate(text) if k == 0 or c != text[k - 1] or not c.isalpha())


# Sentence stops, as NFKC leaves them (`；` folds to `;`).
_STOPS = "。;."


def _why(a: str, b: str) -> str:
    folded_a, folded_b = unicodedata.normalize("NFKC", a), unicodedata.normalize("NFKC", b)
    if folded_a == folded_b:
        return "character widths"
    if folded_a.rstrip(_STOPS) == folded_b.rstrip(_STOPS):
        return "the stop at its end lost by OCR"
    if simplify(folded_a)[0].translate(VARIANTS) == simplify(folded_b)[0].translate(VARIANTS):
        return "variant or traditional forms"
    return "a character doubled by OCR"


def _inline(a: str, b: str) -> list[dict[str, str]]:
    """The character diff of `a` → `b` as equal/delete/insert runs."""
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append({"op": "equal", "text": a[i1:i2]})
            continue
        if i2 > i1:
            out.append({"op": "delete", "text": a[i1:i2]})
        if j2 > j1:
            out.append({"op": "insert", "text": b[j1:j2]})
    return out
