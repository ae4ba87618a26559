"""District quotas (目标分解): the bureau sets them, a district officer's programme page measures
the district against its own quota and says which district it shows; without a quota it shows
the contribution, never 滞后 against the city total. The dashboard's charts: one small chart
per target, and a district heatmap whose percentage rows never exceed 100."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from biaozhun.accounts.models import AuditEvent
from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.enterprises.services import set_year_listing
from biaozhun.programme import services
from biaozhun.programme.models import DistrictQuota
from biaozhun.programme.progress import programme_progress, target_progress

pytestmark = pytest.mark.django_db
AS_OF = date(2015, 12, 1)  # inside the period: after it a target is 已完成 or 未完成


@pytest.fixture
def two_points(programme, record, district):
    """One service demonstration point in 高邮市 (the city goal is 50)."""
    record(
        "sites",
        kind="service_point",
        name="高邮示范点",
        field="物流",
        operator="高邮物流",
        level="municipal",
        district=district("高邮市"),
        approved_on=date(2012, 5, 1),
    )
    return programme.targets.get(key="service-demo-points")


def _chart(html: str) -> dict:
    found = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html)
    assert found, "no chart data on the page"
    return json.loads(found.group(1))


def test_bureau_sets_changes_and_removes_quotas_audited(programme, bureau_user, district):
    target = programme.targets.get(key="service-demo-points")
    gaoyou, baoying = district("高邮市"), district("宝应县")
    result = services.set_district_quotas(
        bureau_user, target, {gaoyou.pk: Decimal(8), baoying.pk: Decimal(6)}
    )
    assert result == {"written": 2, "removed": 0}
    assert DistrictQuota.objects.get(target=target, district=gaoyou).quota == 8
    # unchanged values write nothing; a blank removes
    result = services.set_district_quotas(
        bureau_user, target, {gaoyou.pk: Decimal(8), baoying.pk: None}
    )
    assert result == {"written": 0, "removed": 1}
    assert AuditEvent.objects.filter(action="district_quota.set").count() == 2
    assert AuditEvent.objects.filter(action="district_quota.remove").count() == 1


def test_only_the_bureau_sets_quotas_and_values_are_checked(
    programme, bureau_user, district_officer, district, yangzhou
):
    from biaozhun.accounts.models import District, Region

    target = programme.targets.get(key="service-demo-points")
    gaoyou = district("高邮市")
    with pytest.raises(PermissionDenied):
        services.set_district_quotas(district_officer("高邮市"), target, {gaoyou.pk: Decimal(1)})
    rate = programme.targets.get(key="leading-agri-standardised")
    with pytest.raises(DomainError) as exc:
        services.set_district_quotas(bureau_user, rate, {gaoyou.pk: Decimal(101)})
    assert exc.value.code == "quota_invalid"
    other = Region.objects.create(slug="elsewhere", name_zh="别处", name_en="Elsewhere")
    outside = District.objects.create(
        region=other, code="999999", name_zh="外地", name_en="Outside", kind="district"
    )
    with pytest.raises(DomainError) as exc:
        services.set_district_quotas(bureau_user, target, {outside.pk: Decimal(1)})
    assert exc.value.code == "quota_district"
    assert not DistrictQuota.objects.exists()


def test_a_district_without_quota_shows_contribution_not_behind(two_points, district):
    p = target_progress(two_points, as_of=AS_OF, district_id=district("高邮市").pk)
    assert p.value == 1 and p.basis == "contribution" and p.status == "contribution"
    assert p.status_label == ("贡献", "contribution")
    # the whole city, against the city goal, is behind
    assert target_progress(two_points, as_of=AS_OF).status == "behind"


def test_a_district_with_a_quota_is_measured_against_it(two_points, bureau_user, district):
    gaoyou = district("高邮市")
    services.set_district_quotas(bureau_user, two_points, {gaoyou.pk: Decimal(4)})
    p = target_progress(two_points, as_of=AS_OF, district_id=gaoyou.pk)
    assert p.basis == "quota" and p.goal_text == "4" and p.status == "behind"
    assert p.as_dict()["measured_against"] == 4.0
    services.set_district_quotas(bureau_user, two_points, {gaoyou.pk: Decimal(1)})
    assert target_progress(two_points, as_of=AS_OF, district_id=gaoyou.pk).status == "achieved"


def test_district_officer_page_says_which_district_and_uses_the_quota(
    client, two_points, bureau_user, district_officer, district
):
    officer = district_officer("高邮市")
    client.force_login(officer)
    url = reverse("programme:dashboard") + "?as_of=2015-12-01"
    html = client.get(url).content.decode()
    assert 'data-testid="shown-scope"' in html and "高邮市" in html
    assert "尚未分解本地区的目标" in html and 'data-testid="basis-contribution"' in html
    behind = html.split('data-testid="behind"')[1].split("</ul>")[0]
    assert "没有滞后的目标" in behind  # nothing is 滞后 against the city totals
    assert 'id="chart-districts"' not in html  # no city heatmap for one district
    services.set_district_quotas(bureau_user, two_points, {district("高邮市").pk: Decimal(4)})
    html = client.get(url).content.decode()
    assert 'data-testid="basis-quota"' in html and "本地区分解目标" in html
    behind = html.split('data-testid="behind"')[1].split("</ul>")[0]
    assert "服务业标准化示范点" in behind or two_points.name_zh in behind
    # the bureau's page shows the whole city
    client.force_login(bureau_user)
    html = client.get(url).content.decode()
    assert "全市" in html.split('data-testid="shown-scope"')[1][:400]


def test_quota_pages_are_set_by_the_bureau_and_read_within_scope(
    client, two_points, bureau_user, district_officer, district, make_user
):
    client.force_login(bureau_user)
    page = client.get(reverse("programme:quotas")).content.decode()
    assert (
        "宝应县" in page and "高邮市" in page and 'data-testid="edit-service-demo-points"' in page
    )
    edit = reverse("programme:quota_edit", args=[two_points.pk])
    gaoyou = district("高邮市")
    response = client.post(edit, {f"d{gaoyou.pk}": "7"})
    assert response.status_code == 302
    assert DistrictQuota.objects.get(target=two_points, district=gaoyou).quota == 7
    bad = client.post(edit, {f"d{gaoyou.pk}": "-1"})
    assert bad.status_code == 200 and DistrictQuota.objects.get().quota == 7
    officer = district_officer("宝应县")
    client.force_login(officer)
    page = client.get(reverse("programme:quotas")).content.decode()
    table = page.split('data-testid="quota-table"')[1]
    assert "宝应县" in table and "高邮市" not in table and "edit-" not in table
    assert client.post(edit, {f"d{gaoyou.pk}": "1"}).status_code == 403
    client.force_login(make_user("expert"))
    assert client.get(reverse("programme:quotas")).status_code == 403


def test_trend_is_small_multiples_and_heatmap_percentages_stay_within_100(
    client, programme, make_enterprise, bureau_user
):
    farms = [make_enterprise(f"农业{i}", "宝应县") for i in range(2)]
    for farm in farms:
        set_year_listing(
            bureau_user, farm, "leading_agricultural", 2014, standardised_production=True
        )
    client.force_login(bureau_user)
    html = client.get(reverse("programme:dashboard") + "?as_of=2015-12-01").content.decode()
    # one small chart per target instead of twelve overlapping lines with a paged legend
    assert html.count('class="trend-small"') == programme.targets.count()
    assert 'legend: { type: "scroll"' not in html
    data = _chart(html)
    rate = next(t for t in data["targets"] if t["key"] == "leading-agri-standardised")
    cells = {c["label"] for c in rate["districts"]}
    assert "100%" in cells and "102%" not in cells  # 宝应: 2 of 2, against a goal of 98%
    assert all(c["value"] <= 100 for t in data["targets"] for c in t["districts"])
    assert "全市目标 ≥ 98%" in next(c["text"] for c in rate["districts"] if c["label"] == "100%")
    assert rate["cumulative"][-2] == 100.0 and rate["goal"] == 98.0


def test_progress_of_a_programme_for_a_district_officer_uses_quotas(
    two_points, bureau_user, district_officer, district
):
    officer = district_officer("高邮市")
    statuses = {
        p.target.key: p.status
        for p in programme_progress(two_points.programme, as_of=AS_OF, user=officer)
    }
    assert "behind" not in statuses.values()


def test_quota_api_reads_within_scope_and_only_the_bureau_writes(
    client, two_points, bureau_user, district_officer
):
    url = f"/api/programme/quotas/{two_points.pk}"
    client.force_login(bureau_user)
    answer = client.put(
        url, {"quotas": {"321084": 4, "321023": 3}}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json() == {"written": 2, "removed": 0}
    for bad in ({"999999": 1}, {"321084": -1}, {"321084": 1e20}):
        answer = client.put(url, {"quotas": bad}, content_type="application/json")
        assert answer.status_code == 400, (bad, answer.status_code)
        assert answer.json()["code"] and answer.json()["message_zh"]
    nan = client.put(url, '{"quotas": {"321084": NaN}}', content_type="application/json")
    assert nan.status_code in (400, 422)
    assert DistrictQuota.objects.get(district__code="321084").quota == 4
    officer = district_officer("高邮市")
    client.force_login(officer)
    listed = client.get("/api/programme/quotas").json()
    assert [(q["target"], q["district"], q["quota"]) for q in listed] == [
        ("service-demo-points", "321084", 4.0)
    ]
    assert (
        client.put(url, {"quotas": {"321084": 9}}, content_type="application/json").status_code
        == 403
    )
    targets = client.get("/api/programme/targets?as_of=2015-12-01").json()["targets"]
    points = next(t for t in targets if t["key"] == "service-demo-points")
    assert points["basis"] == "quota" and points["measured_against"] == 4.0
