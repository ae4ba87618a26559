"""Reading tabular uploads (CSV, Excel) row by row, with a report of every bad row.

Importers across the apps share this: they declare their columns (with Chinese and English
header aliases), get each row as a dict with its line number, and record a ``RowError`` with a
reason in both languages for each row they refuse. Good rows are imported; nothing is lost.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from biaozhun.common.errors import DomainError


@dataclass(frozen=True)
class Column:
    """A column an importer reads: its key and the headers people write for it."""

    key: str
    aliases: tuple[str, ...]
    required: bool = False

    def __post_init__(self) -> None:
        zh = next((a for a in self.aliases if _has_cjk(a)), "")
        en = next((a for a in self.aliases if not _has_cjk(a)), "")
        if zh or en:
            _COLUMN_LABELS.setdefault(self.key, (zh or en, en or zh))


#: the header people write for a column key ("symbol" -> 通报号 / Document symbol), from the
#: importers' columns: a refused row names the column as the user knows it, never the key
_COLUMN_LABELS: dict[str, tuple[str, str]] = {}


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def column_label(key: str) -> str:
    """The header of the column ``key`` in the active language ("通报号" / "Document symbol");
    "—" for a key no importer declares (a refusal of the whole row)."""
    from .i18n import bi

    label = _COLUMN_LABELS.get(key)
    if label:
        return bi(*label)
    return "—"


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


def clean_header(text: Any) -> str:
    value = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    return value.replace(" ", "").replace("_", "").replace("*", "")


def _clean_cell(value: Any) -> Any:
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).strip()
        return value
    return value


# A background job (see ``biaozhun.accounts.jobs``) sets this to learn how far the reading got:
# called as ``hook(rows_read, rows_total)`` every ``PROGRESS_EVERY`` rows and at the end.
progress_hook: ContextVar[Callable[[int, int], None] | None] = ContextVar(
    "progress_hook", default=None
)
PROGRESS_EVERY = 200


def _limit(name: str, default: int) -> int:

    return int(getattr(settings, name, default))


def too_large_error(size: int) -> DomainError:
    limit = _limit("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
    return DomainError(
        "file_too_large",
        f"文件太大:最多 {limit / 1024 / 1024:.1f} MB(本文件 {size / 1024 / 1024:.1f} MB)。"
        "请拆分后分批上传。",
        f"The file is too large: at most {limit / 1024 / 1024:.1f} MB (this one is "
        f"{size / 1024 / 1024:.1f} MB). Split it and upload the parts.",
        {"limit": limit, "size": size},
    )


def upload_bytes(upload: IO[bytes] | Path | bytes) -> bytes:
    """The bytes of an upload, refusing one over ``IMPORT_MAX_BYTES`` before reading it all."""
    limit = _limit("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
    if isinstance(upload, Path):
        size = upload.stat().st_size
        if size > limit:
            raise too_large_error(size)
        return upload.read_bytes()
    if isinstance(upload, bytes):
        if len(upload) > limit:
            raise too_large_error(len(upload))
        return upload
    declared = getattr(upload, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise too_large_error(declared)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_large_error(declared if isinstance(declared, int) else len(data))
    return data


def read_table(
    upload: IO[bytes] | Path | bytes, filename: str, *, documents: bool = False
) -> Iterator[tuple[int, list[Any]]]:
    """Yield ``(line_number, cells)`` for each row of a CSV or XLSX file, header included.

    With ``documents`` the tables of a Word ``.docx`` file or a saved (or pasted) web page
    ``.html`` are read too, one after the other (official announcements publish their lists
    that way); their "line" is the row's number counted over the document's tables.

    Line numbers are the ones a person sees in Excel or a text editor (the header is line 1).
    The file is refused before any row is yielded if it is over ``IMPORT_MAX_BYTES``, has more
    than ``IMPORT_MAX_ROWS`` rows (header excluded), is a broken or truncated workbook or holds a
    CSV field longer than ``IMPORT_MAX_FIELD_CHARS``: a first streaming pass counts the rows, the
    second yields them, so memory stays small whatever the file claims.
    """
    name = filename.lower()
    reader: Callable[[bytes], Iterator[tuple[int, list[Any]]]]
    if name.endswith((".xlsx", ".xlsm")):
        reader = _read_xlsx
    elif name.endswith((".csv", ".txt", ".tsv")):
        reader = _read_csv_tsv if name.endswith(".tsv") else _read_csv_any
    elif documents and name.endswith(".docx"):
        reader = _read_docx
    elif documents and name.endswith((".html", ".htm")):
        reader = _read_html
    elif documents:
        raise DomainError(
            "unsupported_format",
            "只支持 Excel(.xlsx)、CSV、Word(.docx)和网页(.html)文件。",
            "Only Excel (.xlsx), CSV, Word (.docx) and web page (.html) files are supported.",
            {"filename": filename},
        )
    else:
        raise DomainError(
            "unsupported_format",
            "只支持 Excel(.xlsx)和 CSV 文件。",
            "Only Excel (.xlsx) and CSV files are supported.",
            {"filename": filename},
        )
    data = upload_bytes(upload)
    max_rows = _limit("IMPORT_MAX_ROWS", 20000)
    total = 0
    for _ in reader(data):
        total += 1
        if total > max_rows + 1:  # the header is not a data row
            raise DomainError(
                "too_many_rows",
                f"行数太多:每个文件最多 {max_rows:,} 行数据。请拆分后分批上传。",
                f"Too many rows: at most {max_rows:,} data rows per file. Split the file and "
                "upload the parts.",
                {"limit": max_rows},
            )
    hook = progress_hook.get()
    done = 0
    for row in reader(data):
        yield row
        done += 1
        if hook is not None and done % PROGRESS_EVERY == 0:
            hook(done, total)
    if hook is not None:
        hook(done, total)


def _encoding(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), 65536):
                decoder.decode(data[start : start + 65536])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise DomainError(
        "bad_encoding",
        "文件编码无法识别,请保存为 UTF-8 或 GBK。",
        "The file's encoding is not recognised: save it as UTF-8 or GBK.",
    )


def _read_csv_any(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    return _read_csv(data, delimiter=None)


def _read_csv_tsv(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    return _read_csv(data, delimiter="\t")


def _read_csv(data: bytes, delimiter: str | None) -> Iterator[tuple[int, list[Any]]]:
    """Read line by line from the bytes (decoded as a stream, never one big string)."""
    encoding = _encoding(data)
    max_field = _limit("IMPORT_MAX_FIELD_CHARS", 131072)
    csv.field_size_limit(max_field)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    if delimiter is None:
        sample = stream.read(4096)
        stream.seek(0)
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        for row in reader:
            yield reader.line_num, [_clean_cell(cell) for cell in row]
    except csv.Error as exc:
        line = reader.line_num
        if "field larger than field limit" in str(exc):
            raise DomainError(
                "field_too_long",
                f"第 {line} 行附近有一个单元格超过 {max_field:,} 个字符,无法导入。",
                f"A cell near line {line} is longer than {max_field:,} characters and cannot "
                "be imported.",
                {"line": line, "limit": max_field},
            ) from exc
        raise DomainError(
            "bad_csv",
            f"CSV 文件第 {line} 行格式有误:{exc}",
            f"The CSV file is malformed at line {line}: {exc}",
            {"line": line},
        ) from exc


def _bad_excel() -> DomainError:
    return DomainError(
        "bad_excel",
        "Excel 文件无法打开或已损坏(可能不完整),请确认是 .xlsx 格式并重新保存。",
        "The Excel file cannot be opened or is damaged (perhaps truncated): check that it is "
        "an .xlsx file and save it again.",
    )


def _read_xlsx(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    # openpyxl loads only when a workbook is made (it is slow to import)
    from openpyxl import load_workbook

    _unpacked_size_checked(data, _bad_excel)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise _bad_excel() from exc
    try:
        if not workbook.worksheets:
            raise _bad_excel()
        sheet = workbook.worksheets[0]
        try:
            for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield line, [_clean_cell(cell) for cell in row]
        except DomainError:
            raise
        except Exception as exc:  # a truncated sheet fails while it is read
            raise _bad_excel() from exc
    finally:
        workbook.close()


def _unpacked_size_checked(data: bytes, bad: Callable[[], DomainError]) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise bad() from exc
    if unpacked > _limit("IMPORT_MAX_UNPACKED_BYTES", 200 * 1024 * 1024):
        raise DomainError(
            "file_too_large",
            "文件解压后太大,请拆分后分批上传。",
            "The file is too large once unpacked: split it and upload the parts.",
            {"unpacked": unpacked},
        )


def _bad_word() -> DomainError:
    return DomainError(
        "bad_word",
        "Word 文件无法打开或已损坏,请确认是 .docx 格式(不是 .doc)并重新保存。",
        "The Word file cannot be opened or is damaged: check that it is a .docx file (not "
        ".doc) and save it again.",
    )


def _read_docx(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    """The rows of every table of a Word document, in document order. Merged cells repeat
    their text in each grid cell (python-docx does so), as a person reading the table would."""
    from docx import Document  # loaded on first use, like openpyxl: only Word uploads need it

    _unpacked_size_checked(data, _bad_word)
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken file
        raise _bad_word() from exc
    line = 0
    for table in document.tables:
        for row in table.rows:
            line += 1
            yield line, [_clean_cell(cell.text) for cell in row.cells]


class _TableParser(HTMLParser):
    """Collects the text of each ``<tr>`` of every table of a page (nested markup flattened,
    ``<br>`` read as a line break, scripts and styles ignored)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "tr":
            self._close_row()
            self._row = []
        elif tag in ("td", "th"):
            self._close_cell()
            if self._row is None:
                self._row = []
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag in ("tr", "table"):
            self._close_row()

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._skip:
            self._cell.append(data)

    def _close_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
        self._cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self._row:
            self.rows.append(self._row)
        self._row = None


def _read_html(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    text = data.decode(_encoding(data))
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    parser._close_row()
    if not parser.rows:
        raise DomainError(
            "no_table",
            "网页中没有找到表格。请保存公告正文或其附件所在的页面。",
            "No table was found in the page. Save the page that holds the announcement's list.",
        )
    for line, row in enumerate(parser.rows, start=1):
        yield line, [_clean_cell(cell) for cell in row]


def rows_as_dicts(
    table: Iterator[tuple[int, list[Any]]], columns: list[Column]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Map each data row to ``{column key: value}`` using the header row's aliases.

    Blank rows are skipped. A missing required column is an error for the whole file.
    """
    header_line, header = next(table, (0, []))
    lookup: dict[str, int] = {}
    cleaned = [clean_header(cell) for cell in header]
    for column in columns:
        for alias in (column.key, *column.aliases):
            key = clean_header(alias)
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
