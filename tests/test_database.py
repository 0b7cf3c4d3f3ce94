"""`--sqlite DB`: a batch into a real SQLite database, normalised, queried
as the README shows, updated in place on a rerun, never half-written."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from licparse.batch import database
from licparse.cli import main

from .conftest import FIXTURES

INPUTS = ["seed_000", "seed_002", "annex_all_codes"]
EXPIRING = (
    "SELECT license_number, company_name, expiry_date FROM licenses"
    " WHERE expiry_date BETWEEN '2027-04-01' AND '2028-09-30' ORDER BY expiry_date"
)
B25_IN_JIANGSU = (
    "SELECT DISTINCT l.license_number, l.company_name FROM licenses l"
    " JOIN services s ON s.license_id = l.id"
    " WHERE s.code = 'B25' AND l.province = '江苏省' ORDER BY 1"
)
EXCLUDING = (
    "SELECT l.license_number, s.code FROM licenses l JOIN services s ON s.license_id = l.id"
    " JOIN service_items i ON i.service_id = s.id"
    " WHERE i.kind = 'excludes' AND i.item = '信息社区服务' ORDER BY 1"
)


def batch(tmp_path: Path, names: list[str], *extra: str) -> tuple[Path, int]:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(FIXTURES / f"{name}.txt", folder / f"{name}.txt")
    db = tmp_path / "licenses.db"
    result = CliRunner().invoke(main, [str(folder), "--sqlite", str(db), "-j", "1", *extra])
    return db, result.exit_code


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as c:
        return int(c.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_the_readmes_queries(tmp_path: Path) -> None:
    db, code = batch(tmp_path, INPUTS)
    assert code == 0
    with sqlite3.connect(db) as c:
        assert c.execute(EXPIRING).fetchall() == [
            ("黔B1.B2-20170045", "贵州数博大数据科技有限公司", "2027-06-30"),
            ("苏B2-20231036", "爱安特（常州）精密机械有限公司", "2028-07-12"),
        ]
        assert c.execute(B25_IN_JIANGSU).fetchall() == [
            ("苏B2-20140200", "苏州酷曼软件技术有限公司"),
            ("苏B2-20231036", "爱安特（常州）精密机械有限公司"),
        ]
        assert c.execute(EXCLUDING).fetchall() == [("苏B2-20140200", "B25")]
        # Clauses keep their tree: every child's parent is a clause of its license.
        paths = c.execute(
            "SELECT c.path, p.path FROM clauses c JOIN clauses p ON p.id = c.parent_id"
            " JOIN licenses l ON l.id = c.license_id WHERE l.license_number = '苏B2-20231036'"
            " AND c.path LIKE '十五、%'"
        ).fetchall()
        assert paths[0] == ("十五、（一）", "十五、") and len(paths) == 7


def test_a_rerun_updates_in_place_and_adds_the_new(tmp_path: Path) -> None:
    db, _ = batch(tmp_path, INPUTS[:2], "--as-of", "2025-01-01")
    clauses = count(db, "clauses")
    db, _ = batch(tmp_path, INPUTS, "--as-of", "2026-01-01", "--obligations")
    assert count(db, "licenses") == 3
    assert count(db, "clauses") > clauses  # the new license's, none twice
    with sqlite3.connect(db) as c:
        (as_of,) = {
            r[0] for r in c.execute("SELECT json_extract(record, '$.validity.as_of') FROM licenses")
        }
        assert as_of == "2026-01-01"
        # seed_000 has 9, seed_002 10, annex_all_codes none.
        assert c.execute("SELECT count(*) FROM obligations").fetchone()[0] == 19


def test_a_failed_input_is_recorded(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "novel.txt").write_text("从前有座山。", encoding="utf-8")
    db, code = batch(tmp_path, ["seed_000"])
    assert code == 1
    with sqlite3.connect(db) as c:
        (row,) = c.execute("SELECT path, code FROM failures").fetchall()
    assert row[0].endswith("novel.txt") and row[1] == "not_a_license"


def test_a_license_is_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = database.Database._license
    calls = []

    def crash_in_the_middle(self: database.Database, record: dict) -> None:
        calls.append(record)
        if len(calls) == 2:
            self.conn.execute("INSERT INTO warnings VALUES (1, 'x', 'half', NULL)")
            raise KeyboardInterrupt
        real(self, record)

    monkeypatch.setattr(database.Database, "_license", crash_in_the_middle)
    db, code = batch(tmp_path, INPUTS)
    assert code == 130
    assert count(db, "licenses") == 1
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM warnings WHERE message = 'half'").fetchone() == (0,)


def test_a_workbook_has_a_sheet_per_table_and_formulas_stay_text(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    text = (FIXTURES / "seed_000.txt").read_text(encoding="utf-8")
    hostile = tmp_path / "in" / "hostile.txt"
    hostile.parent.mkdir()
    hostile.write_text(text.replace("爱安特（常州）精密机械有限公司", '=HYPERLINK("http://x")'))
    shutil.copy(FIXTURES / "seed_002.txt", tmp_path / "in" / "seed_002.txt")
    book = tmp_path / "licenses.xlsx"
    args = [str(tmp_path / "in"), "--xlsx", str(book), "-j", "1", "--obligations"]
    assert CliRunner().invoke(main, args).exit_code == 0
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == list(database.SCHEMA_TABLES)
    rows = list(wb["licenses"].values)
    header = rows[0]
    assert "record" not in header and "license_number" in header
    companies = [r[header.index("company_name")] for r in rows[1:]]
    # The JSON's value, in a text cell (never run): no `'` added to it.
    assert companies == ['=HYPERLINK("http://x")', "苏州酷曼软件技术有限公司"]
    assert wb["licenses"].cell(2, header.index("company_name") + 1).data_type == "s"
    with zipfile.ZipFile(book) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert '<is><t>=HYPERLINK("http://x")</t></is>' in sheet and "<f>" not in sheet
    assert len(list(wb["obligations"].values)) == 1 + 9 + 10
    # Never over a file unasked.
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 2 and "exists: add --overwrite" in again.stderr
    assert CliRunner().invoke(main, [*args, "--overwrite"]).exit_code == 0


@pytest.mark.parametrize(
    "theirs",
    ["CREATE TABLE contacts (name TEXT)", "CREATE TABLE licenses (id INTEGER, holder TEXT)"],
)
def test_a_database_of_something_else_is_refused_and_left_alone(
    tmp_path: Path, theirs: str
) -> None:
    db = tmp_path / "mine.db"
    conn = sqlite3.connect(db)
    conn.execute(theirs)
    conn.commit()
    conn.close()
    before = db.read_bytes()
    result = CliRunner().invoke(main, [str(FIXTURES / "seed_000.txt"), "--sqlite", str(db)])
    assert result.exit_code == 2
    assert "holds another database's tables" in result.stderr
    assert db.read_bytes() == before
