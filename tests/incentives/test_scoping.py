"""Nobody sees another enterprise's or another district's applications: pages and API alike."""

import pytest

from biaozhun.incentives import review

from .conftest import drafting_facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(urban, county, make_enterprise, apply):
    other = make_enterprise("广陵示例企业", "广陵区")
    return (
        apply(urban),
        apply(county, facts=drafting_facts("DB32/T 1-2014", level="provincial_local")),
        apply(other, facts=drafting_facts("GB/T 3-2013")),
    )


def test_enterprise_sees_only_its_applications(client, three, apply):
    mine, theirs, _ = three
    client.force_login(apply.user_of(mine.enterprise))
    assert client.get(f"/incentives/{mine.pk}/").status_code == 200
    assert client.get(f"/incentives/{theirs.pk}/").status_code == 404
    assert client.get(f"/incentives/{theirs.pk}/letter.pdf").status_code == 404
    assert (
        client.post(f"/incentives/{theirs.pk}/action/", {"action": "withdraw"}).status_code == 404
    )
    page = client.get("/incentives/").content.decode()
    assert mine.reference in page and theirs.reference not in page
    assert client.get(f"/api/incentives/{mine.pk}").status_code == 200
    response = client.get(f"/api/incentives/{theirs.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert [i["id"] for i in client.get("/api/incentives/").json()["items"]] == [mine.pk]
    assert client.post(f"/api/incentives/{theirs.pk}/submit").status_code == 404
    assert client.get("/incentives/budgets/").status_code == 403
    assert client.get("/incentives/report.xlsx").status_code == 403


def test_county_officer_sees_only_its_county(client, three, district_officer):
    urban_app, county_app, other = three
    client.force_login(district_officer("宝应县"))
    assert client.get(f"/incentives/{county_app.pk}/").status_code == 200
    assert client.get(f"/incentives/{urban_app.pk}/").status_code == 404
    assert client.get(f"/api/incentives/{other.pk}").status_code == 404
    listing = client.get("/api/incentives/").json()
    assert [i["id"] for i in listing["items"]] == [county_app.pk]
    response = client.post(
        f"/api/incentives/{urban_app.pk}/transition",
        {"action": "accept"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_urban_district_officer_sees_only_its_district(client, three, district_officer):
    urban_app, county_app, other = three
    client.force_login(district_officer("广陵区"))
    assert client.get(f"/incentives/{other.pk}/").status_code == 200
    assert client.get(f"/incentives/{urban_app.pk}/").status_code == 404  # 邗江区
    assert client.get(f"/incentives/{county_app.pk}/").status_code == 404


def test_bureau_sees_all(client, three, bureau_user):
    client.force_login(bureau_user)
    assert client.get("/api/incentives/").json()["count"] == 3
    page = client.get("/incentives/?state=").content.decode()
    assert all(a.reference in page for a in three)


def test_anonymous(client, three):
    assert client.get("/incentives/").status_code == 302
    assert client.get(f"/incentives/{three[0].pk}/").status_code == 302
    assert client.get("/api/incentives/").status_code == 401


def test_tax_district_decides_who_reviews(
    client, policies, make_enterprise, district, apply, district_officer
):
    # registered in 高邮市, taxed in 宝应县: 宝应县 reviews and pays
    enterprise = make_enterprise("高邮注册企业", "高邮市", tax_district=district("宝应县"))
    app = apply(enterprise)
    assert app.district.code == "321023" and app.payer_code == "county:321023"
    client.force_login(district_officer("宝应县"))
    assert client.get(f"/incentives/{app.pk}/").status_code == 200
    client.force_login(district_officer("高邮市"))
    assert client.get(f"/incentives/{app.pk}/").status_code == 404


def test_review_queue_shows_what_the_user_can_act_on(client, three, bureau_user, district_officer):
    urban_app, county_app, _ = three
    review.transition(urban_app.created_by, urban_app, "submit")
    review.transition(county_app.created_by, county_app, "submit")
    client.force_login(district_officer("宝应县"))
    page = client.get("/incentives/").content.decode()
    assert county_app.reference in page and urban_app.reference not in page
    assert "待您处理" in page
