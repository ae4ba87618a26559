"""Nobody sees another district's or enterprise's records: pages, API, drill-down and writes."""

from datetime import date

import pytest
from django.urls import reverse

from biaozhun.common.errors import PermissionDenied
from biaozhun.programme import services
from biaozhun.programme.registries import REGISTRIES
from biaozhun.programme.selectors import visible_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sites(record, district):
    own = record(
        "sites",
        kind="service_point",
        name="高邮示范点",
        field="物流",
        operator="甲",
        district=district("高邮市"),
        level="municipal",
        approved_on=date(2013, 1, 1),
    )
    other = record(
        "sites",
        kind="service_point",
        name="宝应示范点",
        field="物流",
        operator="乙",
        district=district("宝应县"),
        level="municipal",
        approved_on=date(2013, 1, 1),
    )
    return own, other


def test_district_officer_sees_and_edits_only_own_district(client, two_sites, district_officer):
    own, other = two_sites
    officer = district_officer("高邮市")
    assert list(visible_records(officer, REGISTRIES["sites"])) == [own]
    client.force_login(officer)
    page = client.get(reverse("programme:registry_list", args=["sites"]))
    assert "高邮示范点" in page.text and "宝应示范点" not in page.text
    assert (
        client.get(reverse("programme:registry_detail", args=["sites", other.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("programme:registry_edit", args=["sites", other.pk])).status_code == 404
    )
    assert client.get(f"/api/programme/registries/sites/{other.pk}").status_code == 404
    api = client.get("/api/programme/registries/sites").json()
    assert [item["id"] for item in api["items"]] == [own.pk]
    with pytest.raises(PermissionDenied):
        services.save_record(officer, REGISTRIES["sites"], other, {"name": "改名"})
    # moving one's own record to another district is refused too
    with pytest.raises(PermissionDenied):
        services.save_record(officer, REGISTRIES["sites"], own, {"district": other.district})


def test_enterprise_user_sees_no_registry(client, record, make_enterprise, enterprise_user):
    mine, theirs = make_enterprise("本企业"), make_enterprise("他企业")
    a = record(
        "adoptions",
        enterprise=mine,
        product="甲",
        designation="ISO 9001:2008",
        degree="IDT",
        adopted_on=date(2012, 1, 1),
    )
    b = record(
        "adoptions",
        enterprise=theirs,
        product="乙",
        designation="ISO 9001:2008",
        degree="IDT",
        adopted_on=date(2012, 1, 1),
    )
    user = enterprise_user(mine)
    # an enterprise reports its own adoptions (issue 18 §3): it sees its own records of the
    # registries it reports to and nothing else; the other registries stay staff records
    assert list(visible_records(user, REGISTRIES["adoptions"])) == [a]
    with pytest.raises(PermissionDenied):
        visible_records(user, REGISTRIES["sites"])
    client.force_login(user)
    assert client.get(f"/api/programme/registries/adoptions/{b.pk}").status_code == 404
    assert client.get(f"/api/programme/registries/adoptions/{a.pk}").status_code == 200
    assert client.get("/api/programme/registries/adoptions").json()["count"] == 1
    assert client.get("/api/programme/registries/sites").status_code == 403
    assert client.get(reverse("programme:registry_list", args=["sites"])).status_code == 403
    # the staff pages and the targets are not for enterprise users
    assert client.get(reverse("programme:dashboard")).status_code == 403
    assert client.get("/api/programme/targets").status_code == 403


def test_drill_down_and_dashboard_are_scoped(client, programme, two_sites, district_officer):
    officer = district_officer("高邮市")
    client.force_login(officer)
    target = programme.targets.get(key="service-demo-points")
    page = client.get(reverse("programme:target_records", args=[target.pk]) + "?as_of=2016-01-01")
    assert "高邮示范点" in page.text and "宝应示范点" not in page.text
    data = client.get("/api/programme/targets?as_of=2016-01-01").json()
    points = next(t for t in data["targets"] if t["key"] == "service-demo-points")
    assert points["value"] == 1 and set(points["per_district"]) == {"321084"}


def test_api_refuses_enterprises_the_user_cannot_see(client, make_enterprise, district_officer):
    other = make_enterprise("宝应企业", "宝应县")
    officer = district_officer("高邮市")
    client.force_login(officer)
    response = client.post(
        "/api/programme/registries/pilots",
        {
            "enterprise": other.pk,
            "kind": "innovation",
            "level": "provincial",
            "approved_on": "2013-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
