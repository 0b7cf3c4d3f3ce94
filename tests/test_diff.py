"""`licparse diff`: the seeds are a real pair; the diff shows their real
changes and reports OCR's and the printer's apart."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import licparse
from licparse.cli import main
from licparse.diff import diff

from .conftest import FIXTURES

OLD, NEW = str(FIXTURES / "seed_002.txt"), str(FIXTURES / "seed_000.txt")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_seeds_real_changes_and_their_noise_apart() -> None:
    result = run("diff", OLD, NEW, "--json")
    assert result.exit_code == 1
    d = json.loads(result.stdout)
    assert [f["field"] for f in d["fields"]] == [
        "license_number",
        "company_name",
        "legal_representative",
        "issue_date",
        "expiry_date",
    ]
    assert d["services"] == [
        {
            "change": "changed",
            "service": "B25",
            "name": "信息服务业务",
            "excludes": {"removed": ["信息社区服务", "信息保护和加工处理服务"], "added": []},
        }
    ]
    assert [(c["change"], c["new_clause"]) for c in d["clauses"]] == [
        ("reworded", "八、"),
        ("reworded", "十、"),
        ("reworded", "十一、"),
        ("reworded", "十二、"),
        ("reworded", "十五、（三）"),
    ]
    changed = {r["op"]: r["text"] for r in d["clauses"][-1]["text"] if r["op"] != "equal"}
    assert changed == {"delete": "个人", "insert": "用户"}  # 用户资料 / 个人资料
    assert [(n["old_clause"], n["why"]) for n in d["noise"]] == [
        ("十六、（六）", "a character doubled by OCR"),  # 人人员
        ("十六、（十一）", "character widths"),  # （ / (
        ("十六、（十三）", "variant or traditional forms"),  # 帐号 / 账号
    ]


def test_a_renumbered_clause_is_matched_by_its_text(tmp_path: Path) -> None:
    text = (FIXTURES / "seed_000.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    # Drop clause 三、 and renumber the ones after it, as a new license would.
    k = next(i for i, line in enumerate(lines) if line.startswith("三、"))
    numerals = "三四五六七八九十"
    renumbered = lines[:k]
    for line in lines[k + 1 :]:
        for a, b in zip(numerals[1:], numerals, strict=False):
            if line.startswith(f"{a}、"):
                line = f"{b}、" + line[2:]
                break
        renumbered.append(line)
    new = tmp_path / "new.txt"
    new.write_text("\n".join(renumbered), encoding="utf-8")
    d = diff(licparse.parse_file(FIXTURES / "seed_000.txt"), licparse.parse_file(new))
    removed = [c for c in d["clauses"] if c["change"] == "removed"]
    assert [c["old_clause"] for c in removed] == ["三、"]
    moved = [
        (c["old_clause"], c["new_clause"]) for c in d["clauses"] if c["change"] == "renumbered"
    ]
    assert moved[:2] == [("四、", "三、"), ("五、", "四、")]
    assert not any(c["change"] == "reworded" for c in d["clauses"])


def test_exit_codes_as_diff_has_them(tmp_path: Path) -> None:
    assert run("diff", NEW, NEW).exit_code == 0
    same = run("diff", NEW, NEW)
    assert "No changes." in same.stdout
    assert run("diff", OLD, NEW).exit_code == 1
    missing = run("diff", OLD, str(tmp_path / "nowhere.txt"))
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_values_in_traditional_glyphs_are_noise_not_changes(tmp_path: Path) -> None:
    text = (FIXTURES / "seed_000.txt").read_text(encoding="utf-8")
    assert "爱安特（常州）精密机械" in text and "(仅限互联网信息服务)" in text
    scanned = text.replace("爱安特（常州）精密机械", "愛安特（常州）精密機械").replace(
        "(仅限互联网信息服务)", "(仅限互聯网信息服务)"
    )
    old = licparse.parse_text(scanned)
    assert old.company_name == "愛安特（常州）精密機械有限公司"  # kept as printed
    assert old.services[1].limited_to == ["互聯网信息服务"]
    d = diff(old, licparse.parse_text(text))
    assert d["same"] is True
    assert (d["fields"], d["services"], d["clauses"]) == ([], [], [])
    assert d["noise"] == [
        {
            "field": "company_name",
            "old": "愛安特（常州）精密機械有限公司",
            "new": "爱安特（常州）精密机械有限公司",
            "why": "variant or traditional forms",
        }
    ]


def test_a_stop_ocr_lost_at_a_clause_s_end_is_noise(tmp_path: Path) -> None:
    text = (FIXTURES / "seed_000.txt").read_text(encoding="utf-8")
    end = "维护用户合法权益。\n"
    assert text.count(end) == 1
    lost = licparse.parse_text(text.replace(end, "维护用户合法权益\n"))
    d = diff(licparse.parse_text(text), lost)
    assert d["same"] is True and d["clauses"] == []
    assert [(n["old_clause"], n["why"]) for n in d["noise"]] == [
        ("五、", "the stop at its end lost by OCR")
    ]
