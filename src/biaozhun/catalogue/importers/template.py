"""The CSV/Excel template for local, group and enterprise standards (and national or industry
ones a user keeps by hand). One row a standard; headers in Chinese or English:

标准号 designation · 中文名称 title_zh · 英文名称 title_en · 状态 status (现行/即将实施/废止/被代替)
· 发布日期 published · 实施日期 implemented · 废止日期 withdrawn · 代替标准 replaces (several
separated by 、,;) · ICS · CCS · 起草单位 drafting organisations (in rank order).

Foreign standards whose catalogues are not public (EN, BS, DIN, NF, JIS, ASTM, IEEE, UL, SAE,
API… — 国外先进标准) are accepted. A row is refused, with its line and a reason in both
languages, when the designation does not parse (the parser's message), is an international
standard or an ETSI deliverable (those come from their publishers' catalogues, loaded as
reference data), or a status, date, ICS or CCS code cannot be read.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.db import models

from biaozhun.common.errors import DomainError
from biaozhun.common.importing import (
    Column,
    ImportReport,
    RowInvalid,
    read_table,
    rows_as_dicts,
    text_value,
)
from biaozhun.common.validation import clean_value

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
    # The aliases after the template's own headers are those of the lists users save from
    # the official platforms (see docs/catalogue.md): the national platform's search results
    # (标准号, 标准名称, 状态, 发布日期, 实施日期), the group standards platform
    # (标准编号, 标准名称, 英文标准名称, 团体名称, 公布日期, 实施日期, 标准状态) and the
    # enterprise standards platform (企业名称, 标准编号, 标准名称, 发布日期/公开日期, 实施日期, 状态).
    Column(
        "designation",
        ("标准号", "标准编号", "designation", "Designation", "标准代号"),
        required=True,
    ),
    Column("title_zh", ("中文名称", "标准名称", "title_zh", "Chinese title", "中文标准名称")),
    Column("title_en", ("英文名称", "title_en", "English title", "英文标准名称")),
    Column("status", ("状态", "标准状态", "status", "Status")),
    Column("published_on", ("发布日期", "published_on", "Published", "公布日期", "公开日期")),
    Column("implemented_on", ("实施日期", "implemented_on", "Implemented")),
    Column("withdrawn_on", ("废止日期", "withdrawn_on", "Withdrawn")),
    Column("replaces", ("代替标准", "replaces", "Replaces", "代替标准号")),
    Column("ics", ("ICS", "国际标准分类号", "ics_codes", "ICS分类号")),
    Column("ccs", ("CCS", "中国标准分类号", "ccs_codes", "CCS分类号")),
    Column(
        "drafters",
        ("起草单位", "drafters", "Drafting organisations", "团体名称", "企业名称", "发布单位"),
    ),
]
TEMPLATE_HEADERS = [c.aliases[0] for c in COLUMNS]
ALLOWED_LEVELS = {"national", "industry", "local", "group", "enterprise", "foreign"}
#: foreign publishers whose whole catalogue is loaded from its own source
CATALOGUED_PUBLISHERS = {"ETSI"}


def read_template(
    path: Path, report: ImportReport, today: datetime.date, *, filename: str = ""
) -> list[StandardRecord]:
    records: list[StandardRecord] = []
    table = read_table(path, filename or path.name)
    for line, row in rows_as_dicts(table, COLUMNS):
        try:
            records.append(_record(row, today, line))
        except RowInvalid as exc:
            report.refuse(line, exc)
    return records


def _text(value: str, field: str) -> str:
    """A cell checked by its column's rule (length, no control characters): a bad cell
    refuses its row."""
    model_field = Standard._meta.get_field("source_status" if field == "status" else field)
    assert isinstance(model_field, models.Field)
    try:
        return str(clean_value(model_field, value, field))
    except DomainError as exc:
        raise RowInvalid(field, exc.code, exc.message_zh, exc.message_en) from exc


def _record(row: dict[str, object], today: datetime.date, line: int) -> StandardRecord:
    designation = edition_value(row.get("designation"), "designation")
    if designation.level not in ALLOWED_LEVELS or designation.publisher in CATALOGUED_PUBLISHERS:
        raise RowInvalid(
            "designation",
            "from_catalogue",
            f"{designation.canonical} 是国际标准或已有目录的标准,请从其发布机构目录导入。",
            f"{designation.canonical} is an international standard or one whose publisher's "
            "catalogue is loaded: it comes from that catalogue.",
        )
    published = flexible_date(row.get("published_on"), "published_on")
    implemented = flexible_date(row.get("implemented_on"), "implemented_on")
    withdrawn = flexible_date(row.get("withdrawn_on"), "withdrawn_on")
    if published and implemented and implemented < published:
        raise RowInvalid(
            "implemented_on",
            "dates_order",
            "实施日期早于发布日期。",
            "The implementation date is before the publication date.",
        )
    status = status_value(row.get("status"), "status", implemented, withdrawn, today)
    return StandardRecord(
        designation=designation,
        status=status,
        source=Standard.Source.TEMPLATE,
        title_zh=_text(text_value(row.get("title_zh")) or (designation.title or ""), "title_zh"),
        title_en=_text(text_value(row.get("title_en")), "title_en"),
        published_on=published,
        implemented_on=implemented,
        withdrawn_on=withdrawn,
        ics_codes=ics_list(row.get("ics"), "ics"),
        ccs_codes=ccs_list(row.get("ccs"), "ccs"),
        adoptions=adoptions_of(designation),
        replaces=designation_list(row.get("replaces"), "replaces"),
        drafters=names_list(row.get("drafters")),
        source_status=_text(text_value(row.get("status")), "status"),
        line=line,
    )
