"""licparse's accuracy on the real-OCR corpus.

    python benchmarks/ocr/accuracy.py [CORPUS ...] [--json] [--failures N] [--source]

CORPUS: corpus files or folders (default: benchmarks/ocr/corpus). Each entry's
text is rebuilt from its stored OCR boxes with licparse's own line grouping
(`licparse.scan.layout.lines_from_boxes`); `--source` parses the clean source
text instead (the parser's ceiling without OCR).
The text goes through `licparse.parse_text` and is compared with the truth.

A document is entirely right when every cover field whose printed value
survived OCR is right (survived: the value, spaces removed, occurs in the OCR
text, spaces removed; a field printed blank or not at all must come out null),
the services are right (code, limited_to, includes, excludes, coverage, as a
list), and every clause sits in its place (same level, number and label) with
its text right (equal, spaces removed, when the truth text survived intact in
the OCR text; else a difflib ratio of at least 0.9).

`evaluate(entries)` returns the metrics as a dict, for tests to assert on.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build import pages_text, read_entries  # noqa: E402
from licenses import parsed_view  # noqa: E402

from licparse.codes import COVER_FIELDS  # noqa: E402
from licparse.stages.glyphs import simplify  # noqa: E402

DATE_LABELS = {"issue_date": "发证日期", "expiry_date": "有效期至"}
TEXT_OK = 0.9


def squash(s: str | None) -> str:
    """No white space, brackets of either width alike, traditional glyphs as
    the simplified characters a license prints: OCR prints `(` for `（` as
    often as not, and `經` for `经` in Kai faces, and the parser keeps
    characters as the OCR read them (output.md), so neither is its fault."""
    text = re.sub(r"\s+", "", s or "").replace("（", "(").replace("）", ")")
    return simplify(text)[0]


def _loose(s: str | None) -> str:
    """For "did the value survive OCR": spaces out, widths folded (OCR prints `(`
    for `（`), the circle OCR reads for 〇 taken as 〇."""
    return unicodedata.normalize("NFKC", squash(s)).replace("○", "〇")


def entry_text(entry: dict[str, Any], source: bool = False) -> str:
    """The text licparse reads today from the entry's stored boxes (its own
    line grouping, so a change to it is measured), or the clean source text."""
    if source:
        return entry["source_text"]
    from licparse.scan.layout import lines_from_boxes

    return pages_text([lines_from_boxes([tuple(b) for b in page]) for page in entry["pages"]])


def _printed_value(entry: dict[str, Any], field: str) -> str | None:
    """What the page printed for a field (dates as printed, not ISO)."""
    truth = entry["truth"][field]
    if field in DATE_LABELS:
        m = re.search(DATE_LABELS[field] + r"[：:]\s*(.+)", entry["source_text"])
        return m.group(1).strip() if m else truth
    return truth


def _flat(clauses: list[dict[str, Any]], depth: int = 1, parent: str = "") -> list[dict[str, Any]]:
    out = []
    for c in clauses:
        path = parent + c["label"]
        out.append(
            {
                "depth": depth,
                "number": c["number"],
                "label": c["label"],
                "path": path,
                "text": c["text"] or "",
                "applies_to": c.get("applies_to"),
            }
        )
        out += _flat(c.get("children") or [], depth + 1, path + "/")
    return out


def _service_key(s: dict[str, Any]) -> tuple[Any, ...]:
    return (
        s["code"],
        tuple(s["limited_to"]),
        tuple(s["includes"]),
        tuple(s["excludes"]),
        squash(s["coverage"]) or None,
    )


def compare(entry: dict[str, Any], got: dict[str, Any], text: str) -> dict[str, Any]:
    """One document's verdicts."""
    truth = entry["truth"]
    flat_text = squash(text)
    truth_counts = Counter(squash(c["text"]) for c in _flat(entry["truth"]["clauses"]))
    loose_text = _loose(text)
    fields: dict[str, dict[str, Any]] = {}
    for f in COVER_FIELDS:
        printed = _printed_value(entry, f)
        survived = printed is None or _loose(printed) in loose_text
        want, have = truth[f], got[f]
        ok = squash(want) == squash(have) if want is not None else have is None
        fields[f] = {"ok": ok, "survived": survived, "want": want, "got": have}
    want_s = [_service_key(s) for s in truth["services"]]
    got_s = [_service_key(s) for s in got["services"]]
    services_ok = want_s == got_s
    service_diff = None
    if not services_ok:
        for i in range(max(len(want_s), len(got_s))):
            a = want_s[i] if i < len(want_s) else None
            b = got_s[i] if i < len(got_s) else None
            if a != b:
                service_diff = f"service {i + 1}: want {a} got {b}"
                break

    tf, gf = _flat(truth["clauses"]), _flat(got["clauses"])
    shape_ok = [(c["depth"], c["number"], c["label"]) for c in tf] == [
        (c["depth"], c["number"], c["label"]) for c in gf
    ]
    shape_diff = None
    if not shape_ok:
        for i in range(max(len(tf), len(gf))):
            a = tf[i]["path"] if i < len(tf) else None
            b = gf[i]["path"] if i < len(gf) else None
            if a != b:
                shape_diff = (
                    f"clause #{i + 1}: want {a} got {b} ({len(tf)} clauses wanted, {len(gf)} found)"
                )
                break
    # Align clauses by their path, then compare texts; unmatched truth clauses score 0.
    sm = difflib.SequenceMatcher(
        None, [c["path"] for c in tf], [c["path"] for c in gf], autojunk=False
    )
    ratios = [0.0] * len(tf)
    text_ok = [False] * len(tf)
    applies_ok = [False] * len(tf)
    first_text_diff = None
    for block in sm.get_matching_blocks():
        for k in range(block.size):
            i, j = block.a + k, block.b + k
            a, b = squash(tf[i]["text"]), squash(gf[j]["text"])
            r = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if (a or b) else 1.0
            ratios[i] = r
            # Exact where the truth survived OCR intact: as often in the OCR text
            # as the license prints it (licenses repeat whole duties).
            intact = flat_text.count(a) >= truth_counts[a] if a else True
            text_ok[i] = (a == b) if intact else r >= TEXT_OK
            applies_ok[i] = squash(tf[i]["applies_to"]) == squash(gf[j]["applies_to"])
    for i, ok in enumerate(text_ok):
        if not ok:
            first_text_diff = i
            break
    clauses_ok = shape_ok and all(text_ok)
    cover_ok = all(v["ok"] or not v["survived"] for v in fields.values())
    reason = None
    for f, v in fields.items():
        if not v["ok"] and v["survived"]:
            reason = f"{f}: want {v['want']!r} got {v['got']!r}"
            break
    if reason is None and not services_ok:
        reason = service_diff
    if reason is None and not shape_ok:
        reason = shape_diff
    if reason is None and first_text_diff is not None:
        c = tf[first_text_diff]
        got_c = next((g for g in gf if g["path"] == c["path"]), None)
        reason = (
            f"clause {c['path']} text (ratio {ratios[first_text_diff]:.2f}): want "
            f"{c['text'][:40]!r}… got {(got_c or {}).get('text', '')[:40]!r}…"
        )
    return {
        "id": entry["id"],
        "font": entry["font"],
        "kinds": entry["degradations"],
        "fields": fields,
        "services_ok": services_ok,
        "shape_ok": shape_ok,
        "ratios": ratios,
        "text_ok": text_ok,
        "applies_ok": applies_ok,
        "right": cover_ok and services_ok and clauses_ok,
        "reason": reason,
        "first_clause": tf[first_text_diff] if first_text_diff is not None else None,
    }


def _summarise(docs: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(docs)
    if not n:
        return {"documents": 0}
    out: dict[str, Any] = {"documents": n, "entirely_right": sum(d["right"] for d in docs) / n}
    for f in COVER_FIELDS:
        survived = [d for d in docs if d["fields"][f]["survived"]]
        out[f] = sum(d["fields"][f]["ok"] for d in docs) / n
        out[f + "_survived"] = len(survived) / n
        out[f + "_when_survived"] = (
            sum(d["fields"][f]["ok"] for d in survived) / len(survived) if survived else None
        )
    out["services"] = sum(d["services_ok"] for d in docs) / n
    out["clause_shape"] = sum(d["shape_ok"] for d in docs) / n
    ratios = [r for d in docs for r in d["ratios"]]
    out["clause_text_mean_ratio"] = sum(ratios) / len(ratios) if ratios else None
    out["clause_text_ge_0.9"] = sum(r >= TEXT_OK for r in ratios) / len(ratios) if ratios else None
    oks = [x for d in docs for x in d["applies_ok"]]
    out["clause_applies_to"] = sum(oks) / len(oks) if oks else None
    return out


def evaluate(entries: Iterable[dict[str, Any]], source: bool = False) -> dict[str, Any]:
    """Metrics over the entries: overall, by degradation kind, by font, and per document."""
    import licparse

    docs, texts = [], {}
    for e in entries:
        text = entry_text(e, source)
        texts[e["id"]] = text
        try:
            got = parsed_view(licparse.parse_text(text))
        except Exception as exc:  # a crash is a failure of this document, not of the run
            got = {**{f: None for f in COVER_FIELDS}, "services": [], "clauses": []}
            d = compare(e, got, text)
            d["right"], d["reason"] = False, f"parse_text raised {type(exc).__name__}: {exc}"
            docs.append(d)
            continue
        docs.append(compare(e, got, text))
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_font: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in docs:
        for k in d["kinds"]:
            by_kind[k].append(d)
        by_font[d["font"]].append(d)
    return {
        "grouping": "clean source text" if source else "licparse.scan.layout.lines_from_boxes",
        "licparse_version": getattr(licparse, "__version__", None),
        "overall": _summarise(docs),
        "by_kind": {k: _summarise(v) for k, v in sorted(by_kind.items())},
        "by_font": {k: _summarise(v) for k, v in sorted(by_font.items())},
        "failures": [
            {"id": d["id"], "kinds": d["kinds"], "font": d["font"], "reason": d["reason"]}
            for d in docs
            if not d["right"]
        ],
        "_docs": docs,
        "_texts": texts,
    }


def _pct(x: Any) -> str:
    return "   -" if x is None else f"{100 * x:4.0f}"


COLUMNS = [
    ("right", "entirely_right"),
    ("num", "license_number"),
    ("comp", "company_name"),
    ("rep", "legal_representative"),
    ("auth", "issuing_authority"),
    ("issue", "issue_date"),
    ("exp", "expiry_date"),
    ("serv", "services"),
    ("shape", "clause_shape"),
    ("txt", "clause_text_mean_ratio"),
    ("t≥.9", "clause_text_ge_0.9"),
    ("appl", "clause_applies_to"),
]


def _table(title: str, rows: dict[str, dict[str, Any]]) -> str:
    head = f"{title:<22} {'n':>4} " + " ".join(f"{c:>5}" for c, _ in COLUMNS)
    lines = [head, "-" * len(head)]
    for name, m in rows.items():
        lines.append(
            f"{name:<22} {m['documents']:>4} "
            + " ".join(f"{_pct(m.get(k)):>5}" for _, k in COLUMNS)
        )
    return "\n".join(lines)


def _context(text: str, d: dict[str, Any], width: int = 2) -> list[str]:
    lines = text.split("\n")
    needle = None
    reason = d["reason"] or ""
    field = reason.split(":")[0]
    labels = {
        "license_number": "编号",
        "company_name": "公司名称",
        "legal_representative": "法定代表人",
        "issuing_authority": "发证机关",
        "issue_date": "发证日期",
        "expiry_date": "有效期至",
    }
    if field in labels:
        needle = labels[field]
        hits = [i for i, ln in enumerate(lines) if needle in squash(ln)]
        i = hits[0] if hits else None
    else:
        c = d.get("first_clause")
        if c is None:
            m = re.search(r"want (\S+?)(?:/| got)", reason)
            lab = m.group(1).split("/")[-1] if m else ""
            i = next((k for k, ln in enumerate(lines) if lab and lab in ln), None)
        else:
            probe = squash(c["text"])[:20]

            def overlap(k: int) -> int:
                blocks = difflib.SequenceMatcher(None, probe, squash(lines[k]), autojunk=False)
                return sum(b.size for b in blocks.get_matching_blocks())

            i = max(range(len(lines)), key=overlap) if lines else None
    if i is None:
        return ["    (no matching OCR line)"]
    return [
        f"    {k + 1:4}: {lines[k]}"
        for k in range(max(0, i - width), min(len(lines), i + width + 1))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path, default=[HERE / "corpus"])
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument(
        "--failures",
        type=int,
        default=0,
        metavar="N",
        help="show N failures with the OCR lines around the fault",
    )
    parser.add_argument(
        "--source", action="store_true", help="parse the clean source text instead of OCR"
    )
    args = parser.parse_args()
    entries = list(read_entries(args.corpus))
    m = evaluate(entries, source=args.source)
    if args.json:
        print(
            json.dumps(
                {k: v for k, v in m.items() if not k.startswith("_")}, ensure_ascii=False, indent=1
            )
        )
        return
    print(f"{len(entries)} documents; text from {m['grouping']}; licparse {m['licparse_version']}")
    o = m["overall"]
    print(f"entirely right: {_pct(o['entirely_right']).strip()}%")
    for f in COVER_FIELDS:
        print(
            f"  {f:<22} {_pct(o[f])}%  (value survived OCR in {_pct(o[f + '_survived']).strip()}%;"
            f" right when survived {_pct(o[f + '_when_survived']).strip()}%)"
        )
    print(f"  {'services':<22} {_pct(o['services'])}%")
    print(f"  {'clause tree shape':<22} {_pct(o['clause_shape'])}%")
    print(
        f"  {'clause text':<22} mean ratio {o['clause_text_mean_ratio']:.3f}, "
        f"{_pct(o['clause_text_ge_0.9']).strip()}% of clauses ≥ 0.9; applies_to right "
        f"{_pct(o['clause_applies_to']).strip()}%"
    )
    print()
    print(_table("by degradation", m["by_kind"]))
    print()
    print(_table("by font", m["by_font"]))
    print()
    print(f"failing documents ({len(m['failures'])}):")
    for f in m["failures"]:
        print(f"  {f['id']} [{'+'.join(f['kinds'])}; {f['font']}] {f['reason']}")
    if args.failures:
        print()
        docs = [d for d in m["_docs"] if not d["right"]][: args.failures]
        for d in docs:
            print(f"{d['id']} [{'+'.join(d['kinds'])}; {d['font']}]: {d['reason']}")
            print("\n".join(_context(m["_texts"][d["id"]], d)))


if __name__ == "__main__":
    main()
