"""`--sqlite DB`: a batch into an embedded database, normalised for queries.

One row per license (keyed by the SHA-256 of its input, so a second run over
the same files updates them in place and adds the new ones), its services
with their items, its clauses with their paths, its warnings, obligations and
citations, and one row per input that failed. Each license is written in one
transaction: Ctrl-C or a crash never leaves half of one. The standard
library's sqlite3; nothing to install.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS licenses (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    path TEXT,
    license_number TEXT,
    province TEXT,
    company_name TEXT,
    legal_representative TEXT,
    issuing_authority TEXT,
    issue_date TEXT,
    expiry_date TEXT,
    validity TEXT,
    days_left INTEGER,
    warnings INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS licenses_number ON licenses (license_number);
CREATE INDEX IF NOT EXISTS licenses_expiry ON licenses (expiry_date);
CREATE INDEX IF NOT EXISTS licenses_company ON licenses (company_name);
CREATE TABLE IF NOT EXISTS services (
    id INTEGER PRIMARY KEY,
    license_id INTEGER NOT NULL REFERENCES licenses (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT,
    name TEXT NOT NULL,
    coverage TEXT,
    first_line INTEGER,
    last_line INTEGER
);
CREATE INDEX IF NOT EXISTS services_license ON services (license_id);
CREATE INDEX IF NOT EXISTS services_code ON services (code);
CREATE TABLE IF NOT EXISTS service_items (
    service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('limited_to', 'includes', 'excludes')),
    position INTEGER NOT NULL,
    item TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS service_items_item ON service_items (item, kind);
CREATE TABLE IF NOT EXISTS clauses (
    id INTEGER PRIMARY KEY,
    license_id INTEGER NOT NULL REFERENCES licenses (id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES clauses (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    level INTEGER NOT NULL,
    number INTEGER NOT NULL,
    label TEXT NOT NULL,
    text TEXT NOT NULL,
    applies_to TEXT,
    business TEXT,
    first_line INTEGER,
    last_line INTEGER
);
CREATE INDEX IF NOT EXISTS clauses_license ON clauses (license_id);
CREATE TABLE IF NOT EXISTS warnings (
    license_id INTEGER NOT NULL REFERENCES licenses (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    line INTEGER
);
CREATE INDEX IF NOT EXISTS warnings_license ON warnings (license_id);
CREATE TABLE IF NOT EXISTS obligations (
    license_id INTEGER NOT NULL REFERENCES licenses (id) ON DELETE CASCADE,
    clause TEXT NOT NULL,
    kind TEXT NOT NULL,
    amount INTEGER,
    unit TEXT,
    trigger TEXT,
    action TEXT,
    addressee TEXT,
    due TEXT,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS citations (
    license_id INTEGER NOT NULL REFERENCES licenses (id) ON DELETE CASCADE,
    clause TEXT NOT NULL,
    title TEXT NOT NULL,
    article INTEGER,
    order_text TEXT,
    order_number INTEGER
);
CREATE INDEX IF NOT EXISTS citations_title ON citations (title);
CREATE TABLE IF NOT EXISTS failures (
    path TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    message TEXT NOT NULL
);
"""


# The tables, in the order a workbook shows them.
SCHEMA_TABLES = (
    "licenses",
    "services",
    "service_items",
    "clauses",
    "warnings",
    "obligations",
    "citations",
    "failures",
)
OBLIGATION_KEYS = (
    "clause", "kind", "amount", "unit", "trigger", "action", "addressee", "due", "text"
)  # fmt: skip


def _check_ours(conn: sqlite3.Connection) -> None:
    """Refuse a database of something else: licparse's tables added to a
    user's own database, or written into a `licenses` table of theirs, would
    be changes to their file nobody asked for."""
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables:
        return  # new, or empty: licparse's to fill
    columns = {row[1] for row in conn.execute("PRAGMA table_info(licenses)")}
    if {"sha256", "license_number", "record"} <= columns:
        return  # one licparse wrote: updated in place
    raise sqlite3.DatabaseError(
        f"it holds another database's tables ({', '.join(sorted(tables))}), not licparse's: "
        "give a new file, or one licparse wrote"
    )


class Database:
    """The --sqlite sink: records (compact JSON) as the batch yields them."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path)
        try:
            _check_ours(self.conn)
        except sqlite3.Error:
            self.conn.close()
            raise
        self.conn.executescript(SCHEMA)
        self.conn.execute("PRAGMA foreign_keys = ON")

    def write(self, text: str) -> None:
        record = json.loads(text)
        with self.conn:  # one transaction: the whole license or none of it
            if "error" in record:
                self._failure(record)
            else:
                self._license(record)

    def close(self) -> None:
        self.conn.close()

    def _failure(self, record: dict[str, Any]) -> None:
        path = record["source"]["path"] or "<stdin>"
        self.conn.execute(
            "INSERT OR REPLACE INTO failures (path, code, message) VALUES (?, ?, ?)",
            (path, record["error"]["code"], record["error"]["message"]),
        )

    def _license(self, r: dict[str, Any]) -> None:
        c = self.conn
        source = r["source"]
        # The same input again: its rows are replaced (the delete cascades).
        c.execute("DELETE FROM licenses WHERE sha256 = ?", (source["sha256"],))
        c.execute("DELETE FROM failures WHERE path = ?", (source["path"] or "<stdin>",))
        validity = r.get("validity") or {}
        info = r.get("number_info") or {}
        row = c.execute(
            "INSERT INTO licenses (sha256, path, license_number, province, company_name,"
            " legal_representative, issuing_authority, issue_date, expiry_date, validity,"
            " days_left, warnings, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                source["sha256"],
                source["path"],
                r["license_number"],
                info.get("province"),
                r["company_name"],
                r["legal_representative"],
                r["issuing_authority"],
                r["issue_date"],
                r["expiry_date"],
                validity.get("status"),
                validity.get("days_left"),
                len(r["warnings"]),
                json.dumps(r, ensure_ascii=False),
            ),
        )
        lid = row.lastrowid
        for k, s in enumerate(r["services"]):
            sid = c.execute(
                "INSERT INTO services (license_id, position, code, name, coverage, first_line,"
                " last_line) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (lid, k, s["code"], s["name"], s["coverage"], *s["lines"]),
            ).lastrowid
            c.executemany(
                "INSERT INTO service_items (service_id, kind, position, item) VALUES (?, ?, ?, ?)",
                [
                    (sid, kind, n, item)
                    for kind in ("limited_to", "includes", "excludes")
                    for n, item in enumerate(s[kind])
                ],
            )
        for path, level, parent, clause in _clauses(r["clauses"]):
            clause["_id"] = c.execute(
                "INSERT INTO clauses (license_id, parent_id, path, level, number, label, text,"
                " applies_to, business, first_line, last_line)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    lid,
                    parent["_id"] if parent else None,
                    path,
                    level,
                    clause["number"],
                    clause["label"],
                    clause["text"],
                    clause["applies_to"],
                    clause["business"],
                    *clause["lines"],
                ),
            ).lastrowid
        c.executemany(
            "INSERT INTO warnings (license_id, code, message, line) VALUES (?, ?, ?, ?)",
            [(lid, w["code"], w["message"], w["line"]) for w in r["warnings"]],
        )
        c.executemany(
            "INSERT INTO obligations (license_id, clause, kind, amount, unit, trigger, action,"
            " addressee, due, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(lid, *(o[k] for k in OBLIGATION_KEYS)) for o in r.get("obligations") or []],
        )
        c.executemany(
            "INSERT INTO citations (license_id, clause, title, article, order_text, order_number)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (lid, x["clause"], x["title"], x["article"], x["order"], x["order_number"])
                for x in r.get("citations") or []
            ],
        )


def _clauses(
    clauses: list[dict[str, Any]],
    parent: dict[str, Any] | None = None,
    prefix: str = "",
    level: int = 1,
) -> Iterator[tuple[str, int, dict[str, Any] | None, dict[str, Any]]]:
    """Each clause with its path, depth and parent, parents first (their ids
    are needed for the children's rows)."""
    for clause in clauses:
        path = prefix + clause["label"]
        yield path, level, parent, clause
        yield from _clauses(clause["children"], clause, path, level + 1)
