"""An alert a Chinese exporter can act on: a Chinese title and summary always (generated from
the notification's fields until the desk publishes its own), what to do and by when, why
the colour, and the same in the e-mail."""

from __future__ import annotations

import email
from email.header import decode_header, make_header
from typing import Any

import pytest
from django.urls import reverse

from biaozhun.alerts.models import Alert
from biaozhun.notify import channels
from biaozhun.notify.models import Delivery, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def battery(make_profile: Any) -> Any:
    return make_profile(
        "扬州示例蓄电池有限公司", products=[("8507.60", "锂离子蓄电池")], markets={"EU": "0.6"}
    )


@pytest.fixture
def alert(battery: Any, notify: Any) -> Alert:
    notify(
        "G/TBT/N/EU/1201",
        hs=["850760"],
        days=25,
        force_days=200,
        title="Regulation on batteries and waste batteries",
        objective="Protection of the environment; Consumer information, labelling",
    )
    return Alert.objects.get(enterprise=battery)


def test_message_carries_a_generated_chinese_title_and_summary(alert: Alert) -> None:
    m = Message.objects.get(kind="tbt_alert", source_id=str(alert.pk))
    assert m.title_zh.startswith("G/TBT/N/EU/1201:欧盟TBT通报:涉及蓄电池")
    assert "评议截止:" in m.body_zh and "个工作日)" in m.body_zh
    assert "【中文摘要 · 机器生成" in m.body_zh
    assert "目的:保护环境、消费者信息、标签" in m.body_zh
    assert "Regulation on batteries" not in m.title_zh + m.body_zh


def test_email_subject_and_body_are_chinese(alert: Alert, enterprise_user: Any) -> None:
    user = enterprise_user(alert.enterprise)
    m = Message.objects.get(kind="tbt_alert", source_id=str(alert.pk))
    delivery = Delivery.objects.create(
        message=m,
        user=user,
        channel="email",
        address="a@example.cn",
        recipient=f"user:{user.pk}",
        idempotency_key=f"test-mail-{m.pk}",
    )
    mail = email.message_from_bytes(channels._email(delivery))
    subject = str(make_header(decode_header(mail["Subject"])))
    assert "欧盟TBT通报:涉及蓄电池" in subject
    text = next(
        part.get_payload(decode=True).decode("utf-8")
        for part in mail.walk()
        if part.get_content_type() == "text/plain"
    )
    assert "涉及产品:蓄电池(HS 8507)" in text
    assert "机器生成" in text


def test_alert_page_shows_chinese_what_to_do_and_why(
    alert: Alert, enterprise_user: Any, client: Any
) -> None:
    client.force_login(enterprise_user(alert.enterprise))
    html = client.get(reverse("alerts:alert", args=[alert.pk])).content.decode()
    assert "欧盟TBT通报:涉及蓄电池" in html and "机器生成" in html
    assert "应对建议" in html
    assert 'data-testid="step-tell_desk"' in html and "个工作日" in html
    assert reverse("consult:comment_create", args=[alert.notification_id]) in html
    assert reverse("validity:watchlist_check", args=[alert.enterprise_id]) in html
    assert 'data-testid="risk-factors"' in html
    assert "距评议截止 25 天" in html and "相关度" in html
    # Chinese mode: no English label of the new blocks
    for english in ("What to do", "Why", "working days left", "Generated from"):
        assert english not in html


def test_alert_page_after_the_comment_period(
    battery: Any, notify: Any, enterprise_user: Any, client: Any
) -> None:
    notify("G/TBT/N/EU/1202", hs=["850760"], days=-3, force_days=40)
    alert = Alert.objects.get(enterprise=battery)
    client.force_login(enterprise_user(battery))
    html = client.get(reverse("alerts:alert", args=[alert.pk])).content.decode()
    assert "评议期已结束" in html and "已过期" in html
    assert 'data-testid="step-comment"' not in html
    assert 'data-testid="step-prepare"' in html


def test_inbox_shows_chinese_titles_and_days_left(
    alert: Alert, enterprise_user: Any, client: Any
) -> None:
    client.force_login(enterprise_user(alert.enterprise))
    html = client.get(reverse("alerts:inbox")).content.decode()
    assert "欧盟TBT通报:涉及蓄电池" in html
    assert "个工作日" in html


def test_entry_into_force_is_the_same_on_every_page(
    battery: Any, notify: Any, enterprise_user: Any, client: Any, bureau_user: Any
) -> None:
    notify(
        "G/TBT/N/EU/1203",
        hs=["850760"],
        force_days=None,
        entry_into_force_text="6 months after publication in the Official Journal",
    )
    alert = Alert.objects.get(enterprise=battery)
    expected = "原文:“6 months after publication in the Official Journal”"
    client.force_login(enterprise_user(battery))
    assert expected in client.get(reverse("alerts:alert", args=[alert.pk])).content.decode()
    assert expected in client.get(reverse("alerts:inbox")).content.decode()
    client.force_login(bureau_user)
    page = client.get(reverse("tbt:detail", args=[alert.notification_id])).content.decode()
    assert expected in page and "平台解读:日期未能确定" in page


def _publish(n: Any, writer: Any, reviewer: Any, title: str, summary: str) -> None:
    from biaozhun.tbt import translations

    translations.assign_translation(reviewer, n, writer)
    translations.write_translation(writer, n, title, summary, submit=True)
    translations.review_translation(reviewer, n, approve=True)
    translations.publish_translation(reviewer, n)


def test_publishing_updates_alert_and_digest_but_sends_nothing(
    alert: Alert,
    enterprise_user: Any,
    make_user: Any,
    bureau_user: Any,
    client: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from biaozhun.notify.digest import send_digests
    from biaozhun.notify.models import Preference

    user = enterprise_user(alert.enterprise)
    Preference.objects.update_or_create(user=user, defaults={"mode": "daily"})
    m = Message.objects.get(kind="tbt_alert", source_id=str(alert.pk))
    # the alert's delivery to this user waits for the daily digest
    Delivery.objects.create(
        message=m,
        user=user,
        channel="inapp",
        recipient=f"user:{user.pk}",
        idempotency_key=f"test-held-{m.pk}",
        status=Delivery.Status.HELD,
    )
    messages_before = Message.objects.count()
    deliveries_before = Delivery.objects.count()
    writer = make_user("bureau_staff", "translator")
    with django_capture_on_commit_callbacks(execute=True):
        _publish(
            alert.notification,
            writer,
            bureau_user,
            "欧盟电池与废电池法规",
            "规定电池的碳足迹、回收成分和标签要求。",
        )
    # nothing sent again
    assert Message.objects.count() == messages_before
    assert Delivery.objects.count() == deliveries_before
    m.refresh_from_db()
    assert m.title_zh == "G/TBT/N/EU/1201 欧盟:欧盟电池与废电池法规"
    assert m.body_zh.endswith("【中文摘要】\n规定电池的碳足迹、回收成分和标签要求。")
    assert "机器生成" not in m.body_zh
    # the alert page shows the desk's text, unlabelled
    client.force_login(user)
    html = client.get(reverse("alerts:alert", args=[alert.pk])).content.decode()
    assert "欧盟电池与废电池法规" in html and "规定电池的碳足迹" in html
    assert "机器生成" not in html
    # the next digest carries it
    assert send_digests("daily") == 1
    digest = Message.objects.filter(kind="digest").latest("id")
    assert "欧盟电池与废电池法规" in digest.body_zh


def test_translation_queue_order(make_profile: Any, notify: Any, bureau_user: Any) -> None:
    from biaozhun.tbt import translations

    make_profile("甲电池公司", products=[("850760", "锂电池")], markets={"EU": "0.5"})
    make_profile("乙电池公司", products=[("850760", "锂电池")], markets={"EU": "0.5"})
    make_profile("丙玩具公司", products=[("950300", "玩具")], markets={"EU": "0.5"})
    batteries = notify("G/TBT/N/EU/1301", hs=["850760"], days=50)  # 2 alerts
    toys_late = notify("G/TBT/N/EU/1302", hs=["950300"], days=40)  # 1 alert
    toys_soon = notify("G/TBT/N/EU/1303", hs=["950300"], days=10)  # 1 alert, sooner
    nothing = notify("G/TBT/N/EU/1304", hs=["010121"], days=5)  # no alert
    order = [n.pk for n in translations.waiting_notifications(bureau_user)]
    assert order == [batteries.pk, toys_soon.pk, toys_late.pk, nothing.pk]
    rows = {n.pk: n.open_alerts for n in translations.waiting_notifications(bureau_user)}
    assert rows[batteries.pk] == 2 and rows[nothing.pk] == 0
