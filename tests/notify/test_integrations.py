"""A WTO notification recorded through tbt's service is matched to an exporter by alerts; the
notify listener (registered in NotifyConfig.ready) puts it in the outbox for that exporter's
users, once, and nothing for the exporter it does not concern."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from biaozhun.notify.integrations import on_alert
from biaozhun.notify.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index() -> Any:
    from biaozhun.alerts.index import reset_index

    reset_index()
    yield
    reset_index()


def test_tbt_alert_is_pushed_to_the_affected_enterprise_only(
    make_enterprise: Any,
    make_user: Any,
    bureau_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from biaozhun.alerts.services import ALERT_LISTENERS
    from biaozhun.enterprises.profiles.services import MarketData, ProductData, replace_profile
    from biaozhun.tbt.services import NotificationData, record_notification

    assert on_alert in ALERT_LISTENERS
    battery = make_enterprise("扬州示例蓄电池有限公司", "高邮市", is_exporter=True)
    textiles = make_enterprise("扬州示例纺织服饰有限公司", is_exporter=True)
    replace_profile(
        bureau_user,
        battery,
        products=[ProductData("8507.60", "锂离子蓄电池")],
        markets=[MarketData("EU", "0.6")],
    )
    replace_profile(
        bureau_user,
        textiles,
        products=[ProductData("6109.10", "棉制针织T恤")],
        markets=[MarketData("EU", "0.7")],
    )
    user = make_user("enterprise_user", enterprise=battery, email="b@battery.cn")
    make_user("enterprise_user", enterprise=textiles, email="t@textiles.cn")
    with django_capture_on_commit_callbacks(execute=True):
        record_notification(
            bureau_user,
            NotificationData(
                symbol="G/TBT/N/EU/1099",
                distributed_on=date.today(),
                title="Regulation on batteries and waste batteries (example)",
                title_zh="电池与废电池法规(示例)",
                products_text="Lithium-ion accumulators",
                hs_codes=["850760"],
                comment_deadline=date.today() + timedelta(days=25),
                entry_into_force=date.today() + timedelta(days=200),
                is_example=True,
            ),
        )
    message = Message.objects.get()
    assert message.enterprise == battery and message.kind == "tbt_alert"
    assert "G/TBT/N/EU/1099" in message.title_zh and "电池与废电池法规" in message.title_zh
    assert message.url.startswith("/alerts/inbox/")
    assert message.source_type == "alerts.alert"
    assert {(d.user_id, d.channel) for d in message.deliveries.all()} == {
        (user.pk, "inapp"),
        (user.pk, "email"),
    }
    on_alert(int(message.source_id), False)  # a repeated call publishes nothing new
    assert Message.objects.count() == 1
