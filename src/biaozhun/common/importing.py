"""Reading tabular uploads (CSV, Excel) row by row, with a report of every bad row.

Importers across the apps share this: they declare their columns (with Chinese and English
header aliases), get each row as a dict with its line number, and record a ``RowError`` with a
reason in both languages for each row they refuse. Good rows are imported; nothing is lost.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from biaozhun.common.errors import DomainError


@dataclass(frozen=True)
class Column:
    """A column an importer reads: its key and the headers people write for it."""

    key: str
    aliases: tuple[str, ...]
    required: bool = False


@dataclass
class RowError:
    line: int
    field: str
    code: str
    message_zh: str
    message_en: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "field": self.field,
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


class RowInvalid(Exception):
    """Raised by a row handler to refuse one row."""

    def __init__(self, field: str, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.field = field
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass
class ImportReport:
    """What an import did: counts, and every refused row with its line and reason."""

    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def refuse(self, line: int, exc: RowInvalid) -> None:
        self.errors.append(RowError(line, exc.field, exc.code, exc.message_zh, exc.message_en))

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [error.as_dict() for error in self.errors],
        }


def _clean_header(text: Any) -> str:
    value = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    return value.replace(" ", "").replace("_", "").replace("*", "")


def _clean_cell(value: Any) -> Any:
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).strip()
        return value
    return value


def read_table(upload: IO[bytes] | Path | bytes, filename: str) -> Iterator[tuple[int, list[Any]]]:
    """Yield ``(line_number, cells)`` for each row of a CSV or XLSX file, header included.

    Line numbers are the ones a person sees in Excel or a text editor (the header is line 1).
    """
    if isinstance(upload, Path):
        data = upload.read_bytes()
    elif isinstance(upload, bytes):
        data = upload
    else:
        data = upload.read()
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        yield from _read_xlsx(data)
    elif name.endswith((".csv", ".txt", ".tsv")):
        yield from _read_csv(data, delimiter="\t" if name.endswith(".tsv") else None)
    else:
        raise DomainError(
            "unsupported_format",
            "只支持 Excel(.xlsx)和 CSV 文件。",
            "Only Excel (.xlsx) and CSV files are supported.",
            {"filename": filename},
        )


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(
        "bad_encoding",
        "文件编码无法识别,请保存为 UTF-8 或 GBK。",
        "The file's encoding is not recognised: save it as UTF-8 or GBK.",
    )


def _read_csv(data: bytes, delimiter: str | None) -> Iterator[tuple[int, list[Any]]]:
    text = _decode(data)
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for row in reader:
        yield reader.line_num, [_clean_cell(cell) for cell in row]


def _read_xlsx(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DomainError(
            "bad_excel",
            "Excel 文件无法打开,请确认是 .xlsx 格式。",
            "The Excel file cannot be opened: is it an .xlsx file?",
        ) from exc
    sheet = workbook.worksheets[0]
    for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield line, [_clean_cell(cell) for cell in row]
    workbook.close()


def rows_as_dicts(
    table: Iterator[tuple[int, list[Any]]], columns: list[Column]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Map each data row to ``{column key: value}`` using the header row's aliases.

    Blank rows are skipped. A missing required column is an error for the whole file.
    """
    header_line, header = next(table, (0, []))
    lookup: dict[str, int] = {}
    cleaned = [_clean_header(cell) for cell in header]
    for column in columns:
        for alias in (column.key, *column.aliases):
            key = _clean_header(alias)
            if key in cleaned:
                lookup[column.key] = cleaned.index(key)
                break
    missing = [column for column in columns if column.required and column.key not in lookup]
    if missing:
        names_zh = "、".join(column.aliases[0] for column in missing)
        names_en = ", ".join(column.aliases[-1] for column in missing)
        raise DomainError(
            "missing_columns",
            f"第 {header_line or 1} 行(表头)缺少必填列:{names_zh}。",
            f"The header (line {header_line or 1}) lacks required columns: {names_en}.",
            {"missing": [column.key for column in missing]},
        )
    for line, cells in table:
        if not any(cell not in (None, "") for cell in cells):
            continue
        yield (
            line,
            {key: (cells[index] if index < len(cells) else None) for key, index in lookup.items()},
        )


def text_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


TRUE_WORDS = {"1", "true", "yes", "y", "是", "√", "对", "有", "x"}
FALSE_WORDS = {"", "0", "false", "no", "n", "否", "无", "×"}


def bool_value(value: Any, field: str) -> bool:
    text = text_value(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise RowInvalid(
        field,
        "bad_boolean",
        f"“{text}”不是“是/否”。",
        f"{text!r} is not yes or no.",
    )


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日", "%d/%m/%Y")


def date_value(value: Any, field: str, *, required: bool = False) -> date | None:
    if value in (None, ""):
        if required:
            raise RowInvalid(field, "required", "日期必填。", "The date is required.")
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = text_value(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowInvalid(
        field,
        "bad_date",
        f"日期“{text}”无法识别(请写成 2024-01-31)。",
        f"The date {text!r} is not recognised (write it as 2024-01-31).",
    )
