"""The one guard against formula injection in exports (biaozhun.common.spreadsheet)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from biaozhun.common.spreadsheet import csv_text, text_row

FORMULA = '=HYPERLINK("http://example.invalid","x")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_text_escapes_every_formula_start(start):
    assert csv_text(start + "1+1") == "'" + start + "1+1"


def test_csv_text_leaves_other_values():
    assert [csv_text(v) for v in ("GB/T 1.1-2020", "", 5, None)] == ["GB/T 1.1-2020", "", 5, None]


@pytest.mark.parametrize("write_only", [False, True])
def test_text_row_keeps_the_text_and_stores_it_as_text(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("s") if write_only else book.active
    sheet.append(text_row(sheet, [FORMULA, 3, "plain"]))
    out = io.BytesIO()
    book.save(out)
    row = next(load_workbook(io.BytesIO(out.getvalue())).worksheets[-1].iter_rows())
    assert [(c.value, c.data_type) for c in row] == [(FORMULA, "s"), (3, "n"), ("plain", "s")]
