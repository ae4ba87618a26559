"""Dates in the Chinese interface never in US order (issue 16 §2): "10/04/2026" — day and
month both possible — is named in Chinese with both readings; import errors name the column
as the file's header, not the importer's key (``distributed``)."""

from __future__ import annotations

import io

import pytest
from django.template import Context, Template
from django.utils import translation

from biaozhun.core.tbt_summary import date_reading

pytestmark = pytest.mark.django_db


def test_an_ambiguous_numeric_date_is_named_in_chinese():
    r = date_reading(None, "10/04/2026")
    assert r.zh == "2026年4月10日或2026年10月4日(日、月顺序不明,请以通报原文为准)"
    assert "10/04/2026" not in r.zh
    assert "10/04/2026" in r.en and "2026-04-10 or 2026-10-04" in r.en
    # only one reading possible: one date
    assert date_reading(None, "13/02/2026").zh == "2026年2月13日"
    assert date_reading(None, "31/04/2026").reading_zh == "日期未能确定,请以原文为准"
    # set phrases stay in words
    assert date_reading(None, "Not applicable").zh == "不适用"


def test_the_date_tag_shows_no_us_date_in_chinese():
    html = Template('{% load tbt_tags %}{% date_reading None "10/04/2026" %}')
    with translation.override("zh-hans"):
        out = html.render(Context({}))
        assert "10/04/2026" not in out and "2026年4月10日" in out
    with translation.override("en"):
        assert "10/04/2026" in html.render(Context({}))


def test_import_errors_name_the_column_by_its_header(client, bureau_user):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Document symbol", "Title", "Distribution date"])
    sheet.append(["G/TBT/N/EU/1", "A title", ""])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "eping.xlsx"
    client.force_login(bureau_user)
    page = client.post("/tbt/import/", {"file": data}).content.decode()
    errors = page.split('data-testid="row-errors"')[1].split("</table>")[0]
    assert "分发日期" in errors
    assert ">distributed<" not in errors and ">symbol<" not in errors
