"""Demonstration zone lifecycle (申报 → 建设 → 验收 → 撤销) with inspections, and committees
being sought (申请筹建 → 公示 → 批准 / 未获批): moves through the service, refusals in both
languages, the district scope, pages and API."""

from datetime import date

import pytest
from django.urls import reverse

from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.programme import lifecycle, services
from biaozhun.programme.metrics import METRICS
from biaozhun.programme.models import DemonstrationSite, Inspection, TechnicalCommittee

pytestmark = pytest.mark.django_db

PERIOD = (date(2011, 1, 1), date(2015, 12, 31))


@pytest.fixture
def declared(record, district):
    return record(
        "sites",
        kind="agricultural_zone",
        name="高邮鸭示范区",
        field="畜禽",
        operator="合作社",
        district=district("高邮市"),
        level="provincial",
        declared_on=date(2012, 9, 1),
    )


def test_a_zone_goes_from_declared_to_accepted_and_counts_once_built(
    declared, bureau_user, programme
):
    metric = METRICS["agri_demo_zones"]
    assert declared.status == "declared" and metric.value(*PERIOD) == 0
    site = lifecycle.advance_site(bureau_user, declared, to="building", on=date(2013, 1, 10))
    assert (site.status, site.approved_on) == ("building", date(2013, 1, 10))
    assert metric.value(*PERIOD) == 1
    services.add_inspection(
        bureau_user, site, inspected_on=date(2014, 1, 1), score=90, findings="", inspector="甲"
    )
    site = lifecycle.advance_site(bureau_user, site, to="accepted", on=date(2015, 1, 10))
    assert (site.status, site.accepted_on) == ("accepted", date(2015, 1, 10))
    site = lifecycle.advance_site(
        bureau_user, site, to="revoked", on=date(2016, 1, 1), note="管理不到位"
    )
    assert site.status == "revoked" and metric.value(*PERIOD) == 0
    from biaozhun.accounts.models import AuditEvent

    assert AuditEvent.objects.filter(action="programme.sites.advance").count() == 3


@pytest.mark.parametrize(
    ("to", "on", "note", "code"),
    [
        ("accepted", date(2013, 1, 1), "", "bad_transition"),  # 验收 before 建设
        ("declared", date(2013, 1, 1), "", "same_state"),
        ("closed", date(2013, 1, 1), "", "unknown_state"),
        ("building", date(2012, 1, 1), "", "bad_dates"),  # before the declaration
        ("building", None, "", "required"),
        ("building", date(2099, 1, 1), "", "future_date"),
        ("revoked", date(2013, 1, 1), "", "reason_required"),
        ("revoked", date(2013, 1, 1), "x" * 301, "bad_note"),
    ],
)
def test_invalid_moves_are_refused_and_nothing_changes(declared, bureau_user, to, on, note, code):
    with pytest.raises(DomainError) as caught:
        lifecycle.advance_site(bureau_user, declared, to=to, on=on, note=note)
    assert caught.value.code == code
    assert caught.value.message_zh and caught.value.message_en
    assert caught.value.message_zh != caught.value.message_en
    declared.refresh_from_db()
    assert (declared.status, declared.approved_on) == ("declared", None)


def test_inspections_only_while_built_or_accepted(declared, bureau_user):
    with pytest.raises(DomainError) as caught:
        services.add_inspection(
            bureau_user,
            declared,
            inspected_on=date(2013, 1, 1),
            score=80,
            findings="",
            inspector="甲",
        )
    assert caught.value.code == "site_not_open" and "申报" in caught.value.message_zh
    assert not Inspection.objects.exists()


def test_generic_edit_cannot_skip_the_lifecycle(declared, bureau_user, record):
    from biaozhun.programme.registries import REGISTRIES

    with pytest.raises(DomainError) as caught:
        services.save_record(
            bureau_user, REGISTRIES["sites"], declared, {"approved_on": date(2013, 1, 1)}
        )
    assert caught.value.code == "use_transition"
    assert DemonstrationSite.objects.get().approved_on is None


def test_another_districts_officer_cannot_move_a_zone(declared, district_officer, client):
    officer = district_officer("宝应县")
    with pytest.raises(PermissionDenied):
        lifecycle.advance_site(officer, declared, to="building", on=date(2013, 1, 1))
    client.force_login(officer)
    answer = client.post(
        f"/api/programme/registries/sites/{declared.pk}/advance",
        {"to": "building", "on": "2013-01-01"},
        content_type="application/json",
    )
    assert answer.status_code == 404
    page = client.post(
        reverse("programme:record_advance", args=["sites", declared.pk]),
        {"to": "building", "on": "2013-01-01"},
    )
    assert page.status_code == 404
    assert DemonstrationSite.objects.get().status == "declared"


def test_page_shows_the_status_and_moves_it(declared, client, district_officer):
    officer = district_officer("高邮市")
    client.force_login(officer)
    detail = client.get(reverse("programme:registry_detail", args=["sites", declared.pk]))
    assert "申报" in detail.text and 'data-testid="advance-form"' in detail.text
    bad = client.post(
        reverse("programme:record_advance", args=["sites", declared.pk]),
        {"to": "accepted", "on": "2013-01-01"},
        follow=True,
    )
    assert bad.status_code == 200  # "accepted" is not offered: a form error, no change
    assert DemonstrationSite.objects.get().status == "declared"
    good = client.post(
        reverse("programme:record_advance", args=["sites", declared.pk]),
        {"to": "building", "on": "2013-01-01"},
        follow=True,
    )
    assert good.status_code == 200 and "状态已变更" in good.text
    assert DemonstrationSite.objects.get().status == "building"


@pytest.fixture
def sought(record, make_enterprise):
    firm = make_enterprise("扬州测试电子书有限公司", "广陵区")
    return record(
        "committees",
        code="SAC/TC 999",
        name="全国电子书标准化工作组",
        kind="wg",
        enterprise=firm,
        focus="ebooks",
        applied_on=date(2013, 3, 1),
    )


def test_a_committee_sought_counts_only_once_approved(sought, bureau_user, programme):
    metric = METRICS["national_committees"]
    assert sought.status == "applied" and metric.value(*PERIOD) == 0
    lifecycle.advance_committee(bureau_user, sought, to="publicised", on=date(2013, 9, 1))
    assert metric.value(*PERIOD) == 0
    approved = lifecycle.advance_committee(bureau_user, sought, to="approved", on=date(2014, 2, 1))
    assert (approved.status, approved.approved_on) == ("approved", date(2014, 2, 1))
    assert metric.value(*PERIOD) == 1


def test_committee_moves_refused_with_zh_en_reasons_over_the_api(sought, client, bureau_user):
    client.force_login(bureau_user)
    url = f"/api/programme/registries/committees/{sought.pk}/advance"
    skip = client.post(url, {"to": "approved", "on": "2014-01-01"}, content_type="application/json")
    assert skip.status_code == 400
    body = skip.json()
    assert body["code"] == "bad_transition" and "公示" in body["message_zh"]
    assert "publicised" in body["message_en"]
    for payload in (
        {"to": "publicised"},
        {"to": "publicised", "on": "2013-02-30"},
        {"to": 5, "on": "2013-09-01"},
        {"to": "publicised", "on": "2013-09-01", "note": "x" * 400},
    ):
        answer = client.post(url, payload, content_type="application/json")
        assert answer.status_code in (400, 422), payload
        assert answer.json()["message_zh"] and answer.json()["message_en"]
    refused = client.post(
        url,
        {"to": "refused", "on": "2013-09-01", "note": "领域重叠"},
        content_type="application/json",
    )
    assert refused.status_code == 200 and refused.json()["fields"]["status"] == "refused"
    final = client.post(
        url, {"to": "approved", "on": "2014-01-01"}, content_type="application/json"
    )
    assert final.status_code == 400 and final.json()["code"] == "bad_transition"
    assert TechnicalCommittee.objects.get().status == "refused"


def test_a_committee_needs_an_application_or_an_approval_date(record):
    with pytest.raises(DomainError) as caught:
        record("committees", code="SAC/TC 998", name="x", kind="tc", focus="led", district=None)
    assert caught.value.message_zh and caught.value.message_en
    assert not TechnicalCommittee.objects.exists()


def test_status_filter_on_the_list(sought, record, client, bureau_user):
    record(
        "committees",
        code="SAC/TC 997",
        name="已批准的分会",
        kind="sc",
        enterprise=sought.enterprise,
        focus="led",
        approved_on=date(2012, 1, 1),
    )
    client.force_login(bureau_user)
    page = client.get(
        reverse("programme:registry_list", args=["committees"]), {"status": "applied"}
    )
    assert "全国电子书标准化工作组" in page.text and "已批准的分会" not in page.text
