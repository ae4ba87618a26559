"""The translation desk (tbt.translations): the state machine assign -> write -> review ->
publish with its rules and audit, its pages, and the notification page's Chinese text
(generated and labelled until the desk publishes)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from biaozhun.accounts.models import AuditEvent
from biaozhun.common.errors import Conflict, DomainError, PermissionDenied
from biaozhun.tbt import translations
from biaozhun.tbt.models import Translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def n(record: Any) -> Any:
    today = timezone.localdate()
    return record(
        "G/TBT/N/JPN/900",
        title="Partial revision of the Electrical Appliances and Materials Safety Act",
        hs_codes=["8516"],
        ics_codes=["97.040"],
        objective="Protection of human health or safety",
        comment_deadline=today + timedelta(days=40),
        entry_into_force_text="12 months after publication",
    ).notification


@pytest.fixture
def writer(make_user: Any) -> Any:
    return make_user("bureau_staff", "writer")


def test_notification_page_shows_a_labelled_generated_chinese_text(
    n: Any, bureau_user: Any, client: Any
) -> None:
    client.force_login(bureau_user)
    html = client.get(reverse("tbt:detail", args=[n.pk])).content.decode()
    assert "日本TBT通报:涉及" in html
    assert "机器生成" in html and "系统根据通报要素生成" in html
    assert "目的:保护人类健康或安全" in html
    assert "原文:“12 months after publication”" in html and "平台解读:日期未能确定" in html
    assert "个工作日" in html  # days left to the final date for comments
    assert "Generated from" not in html


def test_state_machine(n: Any, bureau_user: Any, writer: Any, make_user: Any) -> None:
    expert = make_user("expert")
    with pytest.raises(PermissionDenied):
        translations.assign_translation(expert, n, writer)
    with pytest.raises(DomainError) as exc:
        translations.assign_translation(bureau_user, n, expert)
    assert exc.value.code == "assignee_not_staff"
    with pytest.raises(Conflict):
        translations.write_translation(writer, n, "标题", "摘要", submit=True)

    t = translations.assign_translation(bureau_user, n, writer)
    assert t.state == Translation.State.ASSIGNED
    with pytest.raises(PermissionDenied):  # not the assignee
        translations.write_translation(bureau_user, n, "标题", "摘要", submit=True)
    with pytest.raises(DomainError) as exc:
        translations.write_translation(writer, n, "日本电器安全法部分修订", "", submit=True)
    assert exc.value.code == "translation_incomplete"
    t = translations.write_translation(writer, n, "日本电器安全法部分修订", "", submit=False)
    assert t.state == Translation.State.ASSIGNED
    t = translations.write_translation(
        writer, n, "日本电器安全法部分修订", "修订电器安全技术要求。", submit=True
    )
    assert t.state == Translation.State.IN_REVIEW
    with pytest.raises(Conflict):  # not approved yet
        translations.publish_translation(bureau_user, n)
    with pytest.raises(PermissionDenied):  # four eyes
        translations.review_translation(writer, n, approve=True)
    with pytest.raises(DomainError):  # returning needs a note
        translations.review_translation(bureau_user, n, approve=False)
    t = translations.review_translation(bureau_user, n, approve=False, note="摘要补充适用产品")
    assert t.state == Translation.State.ASSIGNED and t.review_note == "摘要补充适用产品"
    translations.write_translation(
        writer, n, "日本电器安全法部分修订", "修订电热器具等电器的安全技术要求。", submit=True
    )
    translations.review_translation(bureau_user, n, approve=True)
    t = translations.publish_translation(bureau_user, n)
    assert t.state == Translation.State.PUBLISHED
    n.refresh_from_db()
    assert n.title_zh == "日本电器安全法部分修订"
    assert n.summary_zh == "修订电热器具等电器的安全技术要求。"
    actions = list(
        AuditEvent.objects.filter(action__startswith="translation.").values_list(
            "action", flat=True
        )
    )
    assert actions.count("translation.publish") == 1
    assert {"translation.assign", "translation.write", "translation.return"} <= set(actions)
    # published: out of the queue
    assert n.pk not in [x.pk for x in translations.waiting_notifications(bureau_user)]


def test_desk_pages(n: Any, bureau_user: Any, writer: Any, client: Any, record: Any) -> None:
    record("G/TBT/N/JPN/901", title_zh="已有中文标题", summary_zh="已有中文摘要")
    client.force_login(bureau_user)
    html = client.get(reverse("tbt:translations")).content.decode()
    assert "G/TBT/N/JPN/900" in html and "G/TBT/N/JPN/901" not in html
    assert "未分配" in html and "译审台" in html
    url = reverse("tbt:translation_action", args=[n.pk])
    client.post(url, {"action": "assign", "assignee": writer.pk})
    client.force_login(writer)
    client.post(url, {"action": "submit", "title_zh": "日本电器安全法修订", "summary_zh": "摘要"})
    client.force_login(bureau_user)
    page = client.get(reverse("tbt:translation", args=[n.pk])).content.decode()
    assert "待审核" in page and 'data-testid="review-form"' in page
    client.post(url, {"action": "approve"})
    client.post(url, {"action": "publish"})
    n.refresh_from_db()
    assert n.title_zh == "日本电器安全法修订"
    html = client.get(reverse("tbt:detail", args=[n.pk])).content.decode()
    assert "日本电器安全法修订" in html and "机器生成" not in html


def test_desk_is_bureau_only(n: Any, make_user: Any, client: Any) -> None:
    client.force_login(make_user("expert"))
    assert client.get(reverse("tbt:translations")).status_code in (302, 403)


def test_queue_state_filter(n: Any, record: Any, bureau_user: Any, writer: Any) -> None:
    other = record("G/TBT/N/JPN/902", comment_deadline=date(2020, 1, 1)).notification
    translations.assign_translation(bureau_user, other, writer)
    assigned = translations.waiting_notifications(bureau_user, state="assigned")
    assert [x.pk for x in assigned] == [other.pk]
    unassigned = translations.waiting_notifications(bureau_user, state="unassigned")
    assert [x.pk for x in unassigned] == [n.pk]
