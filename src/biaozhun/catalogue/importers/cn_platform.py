"""The record shape of the national public service platform for standards information
(全国标准信息公共服务平台, openstd.samr.gov.cn / std.samr.gov.cn).

Accepted files:

* JSON: a list of records, or ``{"rows": [...]}`` / ``{"records": [...]}`` (the platform's
  query pages), optionally with ``"example": true`` (every record is then an example);
* CSV / Excel with the same field names as headers;
* ``.yml`` VCR cassettes of recorded platform pages (``data/cn/relaton-gb/vcr_cassettes/``):
  every standard detail page (``newGbInfo?hcno=...``) in it is read.

Fields: ``C_STD_CODE`` designation (required), ``C_C_NAME`` Chinese title, ``C_E_NAME``
English title, ``ISSUE_DATE`` published, ``ACT_DATE`` implemented, ``ABOL_DATE`` withdrawn,
``STATE`` 现行 / 即将实施 / 废止 / 被代替, ``HCNO`` the platform's id, ``ICS``, ``CCS``,
``REPLACE_STD`` the standards it replaces, ``DRAFTERS`` drafting organisations,
``IS_EXAMPLE``. Bad records are reported with their line (record number for JSON).
"""

from __future__ import annotations

import base64
import datetime
import gzip
import html
import json
import re
from pathlib import Path
from typing import Any

import yaml

from biaozhun.common.errors import DomainError
from biaozhun.common.importing import (
    Column,
    ImportReport,
    RowInvalid,
    bool_value,
    read_table,
    rows_as_dicts,
    text_value,
)

from ..models import Standard
from ..services import StandardRecord
from ._common import (
    adoptions_of,
    ccs_list,
    designation_list,
    edition_value,
    flexible_date,
    ics_list,
    names_list,
    status_value,
)

COLUMNS = [
    Column("C_STD_CODE", ("C_STD_CODE", "标准号"), required=True),
    Column("C_C_NAME", ("C_C_NAME", "中文标准名称")),
    Column("C_E_NAME", ("C_E_NAME", "英文标准名称")),
    Column("ISSUE_DATE", ("ISSUE_DATE", "发布日期")),
    Column("ACT_DATE", ("ACT_DATE", "实施日期")),
    Column("ABOL_DATE", ("ABOL_DATE", "废止日期")),
    Column("STATE", ("STATE", "标准状态")),
    Column("HCNO", ("HCNO",)),
    Column("ICS", ("ICS", "C_ICS")),
    Column("CCS", ("CCS", "C_CCS")),
    Column("REPLACE_STD", ("REPLACE_STD", "代替标准")),
    Column("DRAFTERS", ("DRAFTERS", "起草单位")),
    Column("IS_EXAMPLE", ("IS_EXAMPLE", "示例")),
]
DETAIL_URL = "https://openstd.samr.gov.cn/bzgk/gb/newGbInfo?hcno="


def read_cn_platform(
    path: Path, report: ImportReport, today: datetime.date, *, examples: bool = False
) -> list[StandardRecord]:
    name = path.name.lower()
    rows: list[tuple[int, dict[str, Any]]]
    if name.endswith(".json"):
        rows, examples = _json_rows(path, examples)
    elif name.endswith((".yml", ".yaml")):
        rows = _cassette_rows(path)
    else:
        rows = list(rows_as_dicts(read_table(path, path.name), COLUMNS))
    records: dict[str, StandardRecord] = {}
    for line, row in rows:
        try:
            record = _record(row, today, line, examples)
        except RowInvalid as exc:
            report.refuse(line, exc)
            continue
        records.setdefault(record.canonical, record)
    return list(records.values())


def _json_rows(path: Path, examples: bool) -> tuple[list[tuple[int, dict[str, Any]]], bool]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DomainError(
            "bad_json", f"JSON 文件无法读取:{exc}", f"The JSON file cannot be read: {exc}"
        ) from exc
    if isinstance(data, dict):
        examples = examples or bool(data.get("example"))
        data = data.get("rows", data.get("records", []))
    if not isinstance(data, list):
        raise DomainError(
            "bad_json",
            'JSON 应为记录列表或 {"rows": [...]}。',
            'The JSON must be a list of records or {"rows": [...]}.',
        )
    return [(i, row if isinstance(row, dict) else {}) for i, row in enumerate(data, 1)], examples


_DETAIL_FIELDS = {
    "C_STD_CODE": r"标准号：\s*(.+?)\s+(?:采\s+)?中文标准名称",
    "C_C_NAME": r"中文标准名称：\s*(.+?)\s+英文标准名称",
    "C_E_NAME": r"英文标准名称：\s*(.*?)\s+标准状态",
    "STATE": r"标准状态：\s*(\S+)",
    "CCS": r"中国标准分类号（CCS）\s*([A-Z]\d{2})",
    "ICS": r"国际标准分类号（ICS）\s*([\d.]+)",
    "ISSUE_DATE": r"发布日期\s*(\d{4}-\d{2}-\d{2})",
    "ACT_DATE": r"实施日期\s*(\d{4}-\d{2}-\d{2})",
    "ABOL_DATE": r"废止日期\s*(\d{4}-\d{2}-\d{2})",
    "NOTE": r"备注\s*(.*?)\s*(?:&times;|×|$)",
}


def detail_page_record(page: str) -> dict[str, Any]:
    """The fields of one recorded standard detail page (``newGbInfo``)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"\s+", " ", text)
    row: dict[str, Any] = {}
    for key, pattern in _DETAIL_FIELDS.items():
        match = re.search(pattern, text)
        if match:
            row[key] = match.group(1).strip()
    replaced = re.findall(
        r"代替\s*((?:[A-Z]+/?[A-Z]*\s*[\d.]+-\d{4}[、,，]?\s*)+)", row.get("NOTE", "")
    )
    if replaced:
        row["REPLACE_STD"] = replaced[0]
    return row


def _cassette_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DomainError(
            "bad_cassette", f"录制文件无法读取:{exc}", f"The cassette cannot be read: {exc}"
        ) from exc
    rows: list[tuple[int, dict[str, Any]]] = []
    for index, interaction in enumerate((data or {}).get("http_interactions", []), start=1):
        uri = str(interaction.get("request", {}).get("uri", ""))
        response = interaction.get("response", {})
        if "newGbInfo" not in uri or response.get("status", {}).get("code") != 200:
            continue
        body = response.get("body", {})
        raw = (
            base64.b64decode(body["base64_string"])
            if "base64_string" in body
            else str(body.get("string", "")).encode("utf-8", "replace")
        )
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        row = detail_page_record(raw.decode("utf-8", "replace"))
        match = re.search(r"hcno=([0-9A-F]+)", uri)
        if match:
            row["HCNO"] = match.group(1)
        rows.append((index, row))
    return rows


def _record(row: dict[str, Any], today: datetime.date, line: int, examples: bool) -> StandardRecord:
    designation = edition_value(row.get("C_STD_CODE"), "C_STD_CODE")
    published = flexible_date(row.get("ISSUE_DATE"), "ISSUE_DATE")
    implemented = flexible_date(row.get("ACT_DATE"), "ACT_DATE")
    withdrawn = flexible_date(row.get("ABOL_DATE"), "ABOL_DATE")
    status = status_value(row.get("STATE"), "STATE", implemented, withdrawn, today)
    hcno = text_value(row.get("HCNO"))
    is_example = examples or (
        row.get("IS_EXAMPLE") not in (None, "") and bool_value(row.get("IS_EXAMPLE"), "IS_EXAMPLE")
    )
    return StandardRecord(
        designation=designation,
        status=status,
        source=Standard.Source.CN_PLATFORM,
        title_zh=text_value(row.get("C_C_NAME")),
        title_en=text_value(row.get("C_E_NAME")),
        published_on=published,
        implemented_on=implemented,
        withdrawn_on=withdrawn,
        ics_codes=ics_list(row.get("ICS"), "ICS"),
        ccs_codes=ccs_list(row.get("CCS"), "CCS"),
        adoptions=adoptions_of(designation),
        replaces=designation_list(row.get("REPLACE_STD"), "REPLACE_STD"),
        drafters=names_list(row.get("DRAFTERS")) if row.get("DRAFTERS") else None,
        source_ref=(DETAIL_URL + hcno) if hcno else "",
        source_status=text_value(row.get("STATE")),
        is_example=is_example,
        line=line,
    )
