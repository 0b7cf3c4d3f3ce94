"""`--xlsx FILE`: a batch as a spreadsheet an analyst opens directly, one
sheet per table of the `--sqlite` database (licenses, services, their items,
clauses, warnings, obligations, citations, failures).

The records go through the same normalisation, into an in-memory SQLite
database, and each table becomes a sheet when the run ends; the file is
written whole (a temporary file, then a rename) and never over a file
unasked. Written with openpyxl (the `xlsx` extra). A value that starts like
a formula (`=HYPERLINK(…)`) is written as a text cell, as it is: no
spreadsheet runs a text cell, and the value stays the JSON's (CSV has no
cell types, so there it is quoted with `'`, `records.cell`).
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

from .database import SCHEMA_TABLES, Database
from .outputs import file_mode, link_no_clobber
from .records import FORMULA_STARTS

# The whole JSON record stays in the database: a spreadsheet cell holds at
# most 32,767 characters.
LEFT_OUT = {"record"}


def _text(sheet: Any, value: object) -> object:
    """`value`, a string that starts like a formula as a text cell: openpyxl
    would write it as a formula."""
    if not (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
        return value
    from openpyxl.cell import WriteOnlyCell

    text = WriteOnlyCell(sheet, value=value)
    text.data_type = "s"
    return text


class Workbook(Database):
    def __init__(self, path: str, *, overwrite: bool) -> None:
        if os.path.lexists(path) and not overwrite:
            raise FileExistsError(f"{path} exists: add --overwrite to replace it")
        super().__init__(":memory:")
        self.path, self.overwrite = path, overwrite

    def close(self) -> None:
        from openpyxl import Workbook as Book

        book = Book(write_only=True)
        for table in SCHEMA_TABLES:
            cursor = self.conn.execute(f"SELECT * FROM {table}")
            columns = [d[0] for d in cursor.description]
            keep = [k for k, name in enumerate(columns) if name not in LEFT_OUT]
            sheet = book.create_sheet(table)
            sheet.append([columns[k] for k in keep])
            for row in cursor:
                sheet.append([_text(sheet, row[k]) for k in keep])
        directory = os.path.dirname(self.path) or "."
        fd, tmp = tempfile.mkstemp(prefix=".licparse-", suffix=".xlsx", dir=directory)
        try:
            os.fchmod(fd, file_mode())
            os.close(fd)
            book.save(tmp)
            if self.overwrite:
                os.replace(tmp, self.path)
            else:
                link_no_clobber(tmp, self.path)
        finally:
            if os.path.lexists(tmp):
                os.unlink(tmp)
        super().close()
