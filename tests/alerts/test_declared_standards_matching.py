"""TBT matching through the city's register: a notification citing a standard an enterprise
declares it applies alerts that enterprise with its own reason (zh/en); a declaration made
after the notification matches it too; removing it withdraws the alert."""

from __future__ import annotations

import pytest

from biaozhun.alerts.index import get_index
from biaozhun.alerts.models import Alert
from biaozhun.validity.register import services

pytestmark = pytest.mark.django_db

CITING = (
    "The draft regulation lays down safety requirements for luminaires. Conformity with the "
    "harmonised standard EN 60598-1:2021 gives a presumption of conformity."
)


def _reasons(alert):
    return {r["code"]: r for r in alert.reasons}


def test_a_notification_citing_a_declared_standard_alerts_with_its_reason(
    make_profile, notify, bureau_user
):
    applies = make_profile("灯具执行标准厂", products=[("8539", "灯泡")], markets={"EU": 0.5})
    make_profile("灯具同行厂", products=[("8539", "灯泡")], markets={"EU": 0.5})
    services.declare_standard(
        bureau_user, applies, designation="EN 60598-1:2015", product_name="LED 灯具"
    )
    n = notify("G/TBT/N/EU/9101", hs=["3926"], description=CITING)
    alerts = {a.enterprise.name_zh: a for a in Alert.objects.filter(notification=n)}
    assert set(alerts) == {"灯具执行标准厂"}
    reason = _reasons(alerts["灯具执行标准厂"])["cites_declared_standard"]
    assert reason["detail"] == "EN 60598-1:2021 = EN 60598-1:2015"
    assert "EN 60598-1:2021" in reason["zh"] and "EN 60598-1:2015" in reason["zh"]
    assert "you declared you apply EN 60598-1:2015" in reason["en"]


def test_a_declaration_after_the_notification_matches_it_and_removal_withdraws(
    make_profile, notify, bureau_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # (its own event is sent)
        firm = make_profile("后登记灯具厂", products=[("6109", "T恤")], markets={"DEU": 0.3})
    n = notify("G/TBT/N/EU/9102", hs=["9405"], description=CITING)
    assert not Alert.objects.filter(notification=n).exists()
    with django_capture_on_commit_callbacks(execute=True):
        item = services.declare_standard(
            bureau_user, firm, designation="EN 60598-1", product_name="灯具"
        )
    alert = Alert.objects.get(notification=n, enterprise=firm)
    assert alert.withdrawn_at is None
    assert _reasons(alert)["cites_declared_standard"]["zh"] == (
        "通报引用了 EN 60598-1:2021,贵企业登记执行该标准的 EN 60598-1"
    )
    assert ("EN 60598-1", "EN 60598-1") in next(
        p.standards for p in get_index()._profiles.values() if p.enterprise_id == firm.pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_declaration(bureau_user, item)
    alert.refresh_from_db()
    assert alert.withdrawn_at is not None


def test_an_enterprise_with_declarations_but_no_product_line_is_indexed(
    make_profile, notify, bureau_user
):
    firm = make_profile("只登记标准厂", products=[], markets={"EU": None})
    services.declare_standard(bureau_user, firm, designation="EN 62471:2008", product_name="灯")
    n = notify(
        "G/TBT/N/EU/9103",
        hs=["9405"],
        title="Photobiological safety of lamps (EN 62471)",
    )
    alert = Alert.objects.get(notification=n)
    assert alert.enterprise == firm
    assert set(_reasons(alert)) == {"cites_declared_standard", "market"}
