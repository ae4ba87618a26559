"""Spreadsheet cells from text people typed, never as formulas (formula injection).

openpyxl stores a text starting with ``=`` as a formula, which Excel runs when the file is
opened (``=HYPERLINK(...)`` sends the reader to any address); a CSV cell starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is read as a formula too. Every export that
writes user-supplied text goes through :func:`text_row` (Excel) or :func:`csv_text` (CSV).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

#: What a spreadsheet program reads as the start of a formula in a CSV cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: Any) -> Any:
    """A CSV cell: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def text_row(sheet: Worksheet | WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    """The values to ``sheet.append``: a text openpyxl would store as a formula becomes a text
    cell with the same text; other values are left as they are."""
    row: list[Any] = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            cell: Cell | WriteOnlyCell
            if isinstance(sheet, WriteOnlyWorksheet):
                cell = WriteOnlyCell(sheet, value)
            else:
                cell = Cell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row
