"""One time zone, Asia/Shanghai, on the 查新 report's page, its Excel file and its PDF (issue 16
§3: the Excel said 23:17 (UTC) where the page said 07:17), and on the watch list."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from biaozhun.validity.models import ValidityCheck

from .conftest import FIXTURE_LINES

pytestmark = pytest.mark.django_db

#: 23:17 UTC on 1 December is 07:17 on 2 December in Yangzhou
CHECKED_AT = dt.datetime(2026, 12, 1, 23, 17, tzinfo=dt.UTC)


def _check(client, user) -> ValidityCheck:
    client.force_login(user)
    client.post(reverse("validity:check"), {"text": "\n".join(FIXTURE_LINES)})
    check = ValidityCheck.objects.get()
    ValidityCheck.objects.filter(pk=check.pk).update(created_at=CHECKED_AT)
    return check


def test_the_excel_report_time_is_the_page_time(client, catalogue, bureau_user):
    check = _check(client, bureau_user)
    page = client.get(reverse("validity:report", args=[check.pk])).content.decode()
    assert "2026-12-02 07:17" in page and "23:17" not in page
    xlsx = client.get(reverse("validity:report_xlsx", args=[check.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    generated = next(c for c in cells if "生成时间" in c)
    assert "2026-12-02 07:17" in generated and "23:17" not in generated


def test_the_audit_trail_shows_shanghai_time(client, catalogue, bureau_user):
    from biaozhun.accounts.models import AuditEvent

    _check(client, bureau_user)
    AuditEvent.objects.update(at=CHECKED_AT)
    page = client.get(reverse("audit")).content.decode()
    assert "2026-12-02 07:17:00" in page and "23:17" not in page


def test_the_watch_list_date_column_does_not_wrap(client, catalogue, bureau_user, make_enterprise):
    from biaozhun.validity.services import add_watched

    enterprise = make_enterprise("扬州关注测试有限公司")
    add_watched(bureau_user, enterprise, "GB/T 19001-2016")
    client.force_login(bureau_user)
    page = client.get(reverse("validity:watchlist_detail", args=[enterprise.pk])).content.decode()
    assert '<th class="text-nowrap">添加时间</th>' in page
    assert '<td class="small text-secondary text-nowrap">' in page
