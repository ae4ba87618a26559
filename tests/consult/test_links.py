"""The notification page leads to the consultation station."""

import datetime as dt

import pytest

from biaozhun.tbt.services import NotificationData, record_notification

pytestmark = pytest.mark.django_db


def test_notification_page_links_to_comments(client, bureau_user, make_enterprise, enterprise_user):
    result = record_notification(
        bureau_user,
        NotificationData(
            symbol="G/TBT/N/EU/9001",
            distributed_on=dt.date(2026, 11, 1),
            comment_deadline=dt.date(2026, 12, 31),
            title="Example: LED luminaires (EXAMPLE)",
        ),
    )
    notification = result.notification
    client.force_login(enterprise_user(make_enterprise("评议企业", "广陵区")))
    page = client.get(f"/tbt/{notification.pk}/").content.decode()
    assert f"/consult/comments/new/{notification.pk}/" in page
    assert f"/consult/notifications/{notification.pk}/" not in page
    client.force_login(bureau_user)
    assert (
        f"/consult/notifications/{notification.pk}/"
        in client.get(f"/tbt/{notification.pk}/").content.decode()
    )
