"""Reading the list to check: Excel, CSV, plain text or pasted text.

A table's designation column is the one headed 标准号 / 标准编号 / standard / designation (and
the like); without such a header, the column in which most of the first rows read as
designations. Each line keeps the number a person sees in Excel or an editor. A row whose
designation cell is empty while other cells are filled is kept (it is reported as invalid:
"empty"); blank rows are skipped. Pasted text may be numbered (``1. GB/T ...``, ``2、...``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from biaozhun.common.errors import DomainError
from biaozhun.common.importing import read_table, text_value, upload_bytes
from biaozhun.core.designation import DesignationError, parse

MAX_LINES = 20_000
HEADERS = {
    "标准号",
    "标准编号",
    "标准代号",
    "标准号码",
    "标准",
    "standard",
    "standards",
    "standardno",
    "standardno.",
    "standardnumber",
    "designation",
    "标准号standard",
}
TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv")
TEXT_SUFFIXES = (".txt", ".text", ".lst")
_NUMBERING = re.compile(r"^\s*(?:[(（]?\d{1,5}[.、)）:：]|\d{1,5}\s+(?=\D))\s*")

Line = tuple[int, str]


def _header(value: Any) -> str:
    text = unicodedata.normalize("NFKC", text_value(value)).lower()
    return re.sub(r"[\s_*/()（）]+", "", text)


def _is_header(value: Any) -> bool:
    """标准号 / Standard No. / 标准编号(2024版) ...: an alias, or a cell containing one that
    is not itself a designation."""
    text = _header(value)
    if not text:
        return False
    if text in HEADERS:
        return True
    return any(alias in text for alias in ("标准号", "标准编号", "standardno", "designation")) and (
        not _reads(value)
    )


def _reads(value: Any) -> bool:
    text = text_value(value)
    if not text:
        return False
    try:
        parse(text)
    except DesignationError:
        return False
    return True


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


def _too_many(count: int) -> None:
    if count > MAX_LINES:
        raise DomainError(
            "too_many_lines",
            f"一次最多查新 {MAX_LINES} 行,本次 {count} 行,请拆分后再查。",
            f"At most {MAX_LINES} lines per check ({count} given): split the list.",
            {"max": MAX_LINES, "lines": count},
        )


def _nothing() -> DomainError:
    return DomainError(
        "no_lines",
        "没有找到要查新的标准号。",
        "There is no designation to check in the input.",
    )


def lines_from_table(rows: list[tuple[int, list[Any]]]) -> list[Line]:
    """The designation column of a table (first row possibly a header)."""
    rows = [(line, cells) for line, cells in rows if any(text_value(c) for c in cells)]
    if not rows:
        raise _nothing()
    first = rows[0][1]
    column = next((i for i, cell in enumerate(first) if _is_header(cell)), None)
    has_header = column is not None
    if column is None:
        width = max(len(cells) for _, cells in rows[:20])
        scores = [
            sum(1 for _, cells in rows[:20] if i < len(cells) and _reads(cells[i]))
            for i in range(width)
        ]
        column = max(range(width), key=lambda i: (scores[i], -i))
        cell = text_value(first[column]) if column < len(first) else ""
        has_header = not _reads(cell) and not re.search(r"\d", cell)
    body = rows[1:] if has_header else rows
    _too_many(len(body))
    lines = [
        (line, text_value(cells[column]) if column < len(cells) else "") for line, cells in body
    ]
    if not lines:
        raise _nothing()
    return lines


def lines_from_text(text: str) -> list[Line]:
    """One designation a line (list numbering removed); tab-separated text is a table."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if any("\t" in line for line in raw):
        return lines_from_table([(n, line.split("\t")) for n, line in enumerate(raw, 1)])
    lines = [(n, _NUMBERING.sub("", line).strip()) for n, line in enumerate(raw, 1)]
    lines = [(n, line) for n, line in lines if line]
    _too_many(len(lines))
    if not lines:
        raise _nothing()
    return lines


def lines_from_upload(data: bytes, filename: str) -> list[Line]:
    """The lines of an uploaded file (.xlsx, .csv, .tsv, .txt)."""
    data = upload_bytes(data)  # IMPORT_MAX_BYTES for text lists too
    name = filename.lower()
    if name.endswith(TABLE_SUFFIXES):
        return lines_from_table(list(read_table(data, filename)))
    if name.endswith(TEXT_SUFFIXES) or "." not in name.rsplit("/", 1)[-1]:
        return lines_from_text(_decode(data))
    raise DomainError(
        "unsupported_format",
        "只支持 Excel(.xlsx)、CSV 和文本(.txt)文件。",
        "Only Excel (.xlsx), CSV and text (.txt) files are supported.",
        {"filename": filename},
    )
