"""One output table as an Excel workbook (`--format xlsx`), written row by row in constant memory.

What a spreadsheet user needs and a CSV cannot say: ids and every text column are text cells
(a `report_id` of 16 digits is not rounded into a number, `=1+1` is not a formula), numbers are
numbers, dates are dates, blanks are empty cells; the header row is bold and frozen, columns have
widths, long text wraps. A table over Excel's 1,048,576 rows continues on a second sheet; a text
over Excel's 32,767 characters per cell is cut there (the CSV keeps it whole).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

_MAX_ROWS = 1_048_576  # per sheet, the header included
_MAX_CELL_CHARS = 32_767
_LONG_TEXT = {"text", "message", "error", "heading", "title", "keywords", "description", "label", "note"}
_WIDTHS = {"string": 18, "integer": 10, "number": 12, "date": 11}
_LONG_WIDTH = 60


class Column(Protocol):
    name: str
    type: str


class XlsxTable:
    """`name.xlsx` in `folder`: a sheet named `name` with the given columns."""

    def __init__(self, folder: Path, name: str, columns: Sequence[Column]) -> None:
        import xlsxwriter

        self.name, self.columns = name, columns
        self.book = xlsxwriter.Workbook(
            str(folder / f"{name}.xlsx"),
            {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False},
        )
        self.header = self.book.add_format({"bold": True, "bg_color": "#EEEEEE"})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.sheets = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        self.sheets += 1
        title = self.name if self.sheets == 1 else f"{self.name} ({self.sheets})"
        self.sheet = self.book.add_worksheet(title)
        for i, column in enumerate(self.columns):
            long = column.name in _LONG_TEXT
            width = _LONG_WIDTH if long else max(_WIDTHS.get(column.type, 14), min(len(column.name) + 2, 30))
            self.sheet.set_column(i, i, width, self.wrap if long else None)
            self.sheet.write_string(0, i, column.name, self.header)
        self.sheet.freeze_panes(1, 0)
        self.row = 1

    def write(self, values: Sequence[object]) -> None:
        if self.row == _MAX_ROWS:
            self._new_sheet()
        for i, (column, value) in enumerate(zip(self.columns, values, strict=True)):
            if value is None or value == "":
                continue  # blank stays blank
            if column.type in ("integer", "number") and isinstance(value, int | float):
                self.sheet.write_number(self.row, i, value)
            elif column.type == "date":
                self.sheet.write_datetime(self.row, i, datetime.date.fromisoformat(str(value)), self.date)
            else:
                self.sheet.write_string(self.row, i, str(value)[:_MAX_CELL_CHARS])
        self.row += 1

    def close(self) -> None:
        self.book.close()
