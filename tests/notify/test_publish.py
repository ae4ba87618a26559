"""publish(): the outbox rows, idempotency, recipients and the on-commit queueing."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from biaozhun.common.errors import DomainError
from biaozhun.enterprises.services import add_contact
from biaozhun.notify import outbox, services
from biaozhun.notify.models import ChannelEndpoint, Delivery, Message

pytestmark = pytest.mark.django_db


def _publish(enterprise: Any = None, users: Any = None, key: str = "tbt:1", **extra: Any) -> Any:
    fields = {
        "kind": "tbt_alert",
        "urgency": "red",
        "title_zh": "欧盟通报 G/TBT/N/EU/1234:电池法规",
        "title_en": "EU notification G/TBT/N/EU/1234: batteries regulation",
        "body_zh": "评议截止 2026-12-31。",
        "body_en": "Comments due 2026-12-31.",
        "url": "/tbt/1/",
        "source": None,
        "dedupe_key": key,
    }
    fields.update(extra)
    return services.publish(enterprise=enterprise, users=users, **fields)


def test_publish_writes_one_delivery_per_recipient_and_channel(
    acme: Any, acme_user: Any, bureau_user: Any, make_user: Any
) -> None:
    other = make_user("enterprise_user", enterprise=acme, email="")
    add_contact(bureau_user, acme, name="李四", email="li@acme.example.cn", receives_alerts=True)
    add_contact(bureau_user, acme, name="不接收", email="no@acme.example.cn", receives_alerts=False)
    add_contact(bureau_user, acme, name="重复", email="ZHANG@acme.example.cn")  # same as the user
    robot = ChannelEndpoint.objects.create(enterprise=acme, kind="wecom", target="key-1")
    ChannelEndpoint.objects.create(enterprise=acme, kind="feishu", target="t", min_urgency="red")
    ChannelEndpoint.objects.create(enterprise=acme, kind="dingtalk", target="x", active=False)
    message = _publish(acme)
    rows = {(d.recipient, d.channel): d for d in message.deliveries.all()}
    assert set(rows) == {
        (f"user:{acme_user.pk}", "inapp"),
        (f"user:{acme_user.pk}", "email"),
        (f"user:{other.pk}", "inapp"),
        (next(k for k, _ in rows if k.startswith("contact:")), "email"),
        (f"endpoint:{robot.pk}", "wecom"),
        (next(k for k, c in rows if c == "feishu"), "feishu"),
    }
    assert rows[(f"user:{acme_user.pk}", "inapp")].status == "sent"
    assert rows[(f"user:{acme_user.pk}", "email")].status == "pending"
    keys = [d.idempotency_key for d in rows.values()]
    assert len(set(keys)) == len(keys)
    assert rows[(f"user:{acme_user.pk}", "email")].idempotency_key == services.idempotency_key(
        "tbt:1", f"user:{acme_user.pk}", "email"
    )


def test_publish_twice_with_the_same_key_does_nothing(acme: Any, acme_user: Any) -> None:
    first = _publish(acme)
    count = Delivery.objects.count()
    second = _publish(acme, title_zh="别的标题")
    assert second.pk == first.pk
    assert Message.objects.count() == 1
    assert Delivery.objects.count() == count


def test_explicit_users_only(acme: Any, acme_user: Any, make_user: Any) -> None:
    staff = make_user("bureau_staff", email="desk@bureau.example.cn")
    message = _publish(users=[staff])
    assert {(d.user_id, d.channel) for d in message.deliveries.all()} == {
        (staff.pk, "inapp"),
        (staff.pk, "email"),
    }


def test_rolled_back_transaction_writes_and_queues_nothing(
    acme: Any, acme_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _publish(acme)
        raise RuntimeError("the alert service failed")
    assert callbacks == []
    assert not Message.objects.exists()
    assert not Delivery.objects.exists()
    assert outbox.claim(100) == []


def test_one_commit_hook_per_transaction(
    acme: Any, acme_user: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    kicked: list[tuple[int, int]] = []
    monkeypatch.setattr("biaozhun.notify.tasks.kick", lambda n, rank: kicked.append((n, rank)))
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for i in range(5):
            _publish(acme, key=f"k{i}", urgency="yellow" if i else "orange")
    assert len(callbacks) == 1
    assert kicked == [(5, 3)]  # five e-mails, most urgent orange (rank 3)


def test_savepoint_rollback_keeps_the_outer_kick(
    acme: Any, acme_user: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    kicked: list[tuple[int, int]] = []
    monkeypatch.setattr("biaozhun.notify.tasks.kick", lambda n, rank: kicked.append((n, rank)))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                _publish(acme, key="inner")
                raise RuntimeError
        except RuntimeError:
            pass
        _publish(acme, key="outer", urgency="info")
    assert list(Message.objects.values_list("dedupe_key", flat=True)) == ["outer"]
    assert len(kicked) == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"urgency": "purple"}, "bad_urgency"),
        ({"title_zh": " "}, "notify_field_required"),
        ({"dedupe_key": ""}, "notify_field_required"),
        ({"url": "javascript:alert(1)"}, "bad_url"),
        ({"url": "//evil.example"}, "bad_url"),
    ],
)
def test_publish_validates(acme: Any, change: dict[str, Any], code: str) -> None:
    with pytest.raises(DomainError) as info:
        _publish(acme, **change)
    assert info.value.code == code
    assert info.value.message_zh and info.value.message_en


def test_publish_needs_recipients() -> None:
    with pytest.raises(DomainError) as info:
        _publish(None)
    assert info.value.code == "no_recipients"
