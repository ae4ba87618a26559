"""Audit entries as sentences (issue 16 §2): no raw keys (``notification.endpoint_remove``),
no Python dicts, values named in words, in Chinese or in English."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from biaozhun.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def _row_texts(html: str) -> str:
    """The visible text of the trail's rows."""
    rows = html.split('id="audit-rows"')[1].split("</tbody>")[0]
    return re.sub(r"<[^>]+>", " ", rows)


def test_audit_entries_read_as_sentences(client, bureau_user, make_enterprise, make_user):
    from biaozhun.accounts.services import record_audit

    enterprise = make_enterprise("扬州审计测试有限公司")
    make_user("enterprise_user", enterprise=enterprise, username="audit-user")
    record_audit(
        bureau_user,
        "incentive_application.approve",
        enterprise,
        {"state": ["bureau_review", "approved"], "amount": 450000, "listed": True},
    )
    record_audit(bureau_user, "notification.endpoint_remove", enterprise, {"task": 3})
    record_audit(None, "something.unheard_of", enterprise, {"mystery_key": {"a": 1}})
    client.force_login(bureau_user)
    rows = _row_texts(client.get(reverse("audit")).content.decode())
    assert "批准了奖励申请「扬州审计测试有限公司」" in rows
    assert "状态:市局审核 → 已批准" in rows and "金额(元):450000" in rows and "列入:是" in rows
    assert "停用了通知渠道「扬州审计测试有限公司」" in rows
    assert "新建了用户「audit-user」" in rows and "角色:企业用户" in rows
    assert "系统 更新了记录" in rows and "其他:" in rows
    for leak in ("notification.endpoint_remove", "{'", "enterprise_user", "True", "approved"):
        assert leak not in rows, leak
    assert AuditEvent.objects.filter(action="notification.endpoint_remove").exists()


def test_audit_entries_in_english(client, bureau_user, make_enterprise):
    from biaozhun.accounts.services import record_audit

    enterprise = make_enterprise("扬州审计测试有限公司")
    record_audit(bureau_user, "enterprise.approve", enterprise, {"status": "approved"})
    client.force_login(bureau_user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("audit"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    rows = _row_texts(page)
    assert "approved the enterprise “扬州审计测试有限公司”" in rows
    assert "status:approved" in rows and "已通过" not in rows
