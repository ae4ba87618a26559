"""Who may do what (issue 18 §3): one rule per registry, tested per role and registry.

The expectations below are written out by hand from the responsibility table of
docs/programme.md, not read from the code's table, so a change of the rule fails here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from biaozhun.common.errors import PermissionDenied
from biaozhun.programme import services
from biaozhun.programme.models import Adoption, DemonstrationSite, RegistryRecord
from biaozhun.programme.registries import REGISTRIES

pytestmark = pytest.mark.django_db

ROLES = (
    "bureau",
    "officer_here",
    "officer_elsewhere",
    "agriculture",
    "commerce",
    "science",
    "finance",
    "enterprise_own",
    "expert",
)

#: registry → the roles that may write a record of 高邮市 (enterprise: as its own report)
WRITERS = {
    "sites": {"bureau", "officer_here", "agriculture"},
    "adoptions": {"bureau", "officer_here", "commerce", "enterprise_own"},
    "patents": {"bureau", "officer_here", "science"},
    "drafted": {"bureau", "officer_here", "enterprise_own"},
    "committees": {"bureau", "officer_here", "enterprise_own"},
    # committee work: an enterprise reports its own experts' seats (issue 18 §3)
    "memberships": {"bureau", "officer_here", "enterprise_own"},
    "pilots": {"bureau", "officer_here"},
    "talent": {"bureau", "officer_here"},
}


@pytest.fixture
def people(make_user: Any, make_enterprise: Any, bureau_user: Any) -> dict[str, Any]:
    from biaozhun.accounts.models import District, Organisation

    gaoyou = District.objects.get(name_zh="高邮市")
    baoying = District.objects.get(name_zh="宝应县")
    firm = make_enterprise("高邮采标企业", "高邮市")
    users = {
        "bureau": bureau_user,
        "officer_here": make_user("district_officer", district=gaoyou),
        "officer_elsewhere": make_user("district_officer", district=baoying),
        "enterprise_own": make_user("enterprise_user", enterprise=firm),
        "expert": make_user("expert"),
    }
    for code in ("agriculture", "commerce", "science", "finance"):
        org, _ = Organisation.objects.get_or_create(
            code=code,
            defaults={"kind": "department", "name_zh": code, "leadership_group_member": True},
        )
        users[code] = make_user("department_member", organisation=org)
    return {"users": users, "district": gaoyou, "firm": firm}


def values_for(slug: str, people: dict[str, Any]) -> dict[str, Any]:
    firm, district = people["firm"], people["district"]
    return {
        "sites": {
            "kind": "agricultural_zone",
            "name": "高邮鸭示范区",
            "field": "水产",
            "operator": "高邮农业局",
            "level": "municipal",
            "approved_on": date(2012, 5, 1),
            "district": district,
        },
        "adoptions": {
            "enterprise": firm,
            "product": "电缆",
            "designation": "IEC 60502-1:2004",
            "degree": "IDT",
            "adopted_on": date(2012, 5, 1),
        },
        "patents": {
            "patent_number": "ZL201110123456.3",
            "title": "一种电缆",
            "enterprise": firm,
            "holder": "高邮采标企业",
            "designation": "GB/T 12706.1-2008",
            "declared_on": date(2012, 5, 1),
        },
        "drafted": {
            "designation": "GB/T 12706.1-2008",
            "title": "电力电缆",
            "enterprise": firm,
            "rank": 1,
            "published_on": date(2012, 5, 1),
        },
        "committees": {
            "code": "SAC/TC 213/SC 9",
            "name": "电缆分会",
            "kind": "sc",
            "enterprise": firm,
            "district": district,
            "focus": "cables",
            "approved_on": date(2012, 5, 1),
        },
        "memberships": {
            "body": "iec",
            "committee_code": "IEC/TC 20",
            "committee_name": "Electric cables",
            "person": "王工",
            "enterprise": firm,
            "role": "expert",
            "since": date(2012, 5, 1),
        },
        "pilots": {
            "enterprise": firm,
            "kind": "innovation",
            "level": "provincial",
            "approved_on": date(2012, 5, 1),
        },
        "talent": {
            "name": "张三",
            "tier": "grassroots",
            "organisation": "高邮采标企业",
            "district": district,
            "recognised_on": date(2012, 5, 1),
        },
    }[slug]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("slug", sorted(WRITERS))
def test_who_writes_each_registry(slug: str, role: str, people: dict[str, Any]) -> None:
    actor = people["users"][role]
    registry = REGISTRIES[slug]
    if role not in WRITERS[slug]:
        with pytest.raises(PermissionDenied):
            services.save_record(actor, registry, None, values_for(slug, people))
        assert not registry.model.objects.exists()
        return
    saved = services.save_record(actor, registry, None, values_for(slug, people))
    expected = "reported" if role == "enterprise_own" else "confirmed"
    assert saved.confirmation == expected
    assert saved.district == people["district"]


INSPECTORS = {"bureau", "officer_here", "agriculture"}


@pytest.mark.parametrize("role", ROLES)
def test_who_records_inspections(role: str, people: dict[str, Any], client: Any) -> None:
    site = services.save_record(
        people["users"]["bureau"], REGISTRIES["sites"], None, values_for("sites", people)
    )
    actor = people["users"][role]
    client.force_login(actor)
    response = client.post(
        reverse("programme:inspection_add", args=[site.pk]),
        {"inspected_on": "2013-03-01", "score": "91", "inspector": "李四", "findings": ""},
    )
    if role in INSPECTORS:
        assert response.status_code == 302
        assert site.inspections.count() == 1
    else:
        # the site is invisible (404), the page not theirs (403) or the rule refuses (403)
        assert response.status_code in {403, 404}
        assert site.inspections.count() == 0


def test_department_member_records_an_inspection_on_the_page(
    people: dict[str, Any], client: Any
) -> None:
    """The 农委's member sees the inspection form on a zone and records one (was 403)."""
    site = services.save_record(
        people["users"]["bureau"], REGISTRIES["sites"], None, values_for("sites", people)
    )
    client.force_login(people["users"]["agriculture"])
    page = client.get(reverse("programme:registry_detail", args=["sites", site.pk]))
    assert reverse("programme:inspection_add", args=[site.pk]) in page.text
    client.force_login(people["users"]["commerce"])
    page = client.get(reverse("programme:registry_detail", args=["sites", site.pk]))
    assert reverse("programme:inspection_add", args=[site.pk]) not in page.text


LISTERS = {
    "leading_agricultural": {"bureau", "officer_here", "agriculture"},
    "innovative_pilot": {"bureau", "officer_here", "science"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", sorted(LISTERS))
def test_who_keeps_the_year_lists(kind: str, role: str, people: dict[str, Any]) -> None:
    from biaozhun.enterprises.models import YearList
    from biaozhun.enterprises.services import set_year_listing

    actor = people["users"][role]
    if role in LISTERS[kind]:
        set_year_listing(actor, people["firm"], kind, 2013, standardised_production=True)
        assert YearList.objects.filter(kind=kind, year=2013).count() == 1
    else:
        with pytest.raises(PermissionDenied):
            set_year_listing(actor, people["firm"], kind, 2013)


def test_enterprise_report_counts_once_confirmed(
    people: dict[str, Any], programme: Any, client: Any
) -> None:
    from biaozhun.programme.progress import target_progress

    firm_user = people["users"]["enterprise_own"]
    adoption = services.save_record(
        firm_user, REGISTRIES["adoptions"], None, values_for("adoptions", people)
    )
    target = programme.targets.get(metric="adoptions")
    assert adoption.confirmation == RegistryRecord.Confirmation.REPORTED
    assert adoption.reported_by == firm_user
    assert target_progress(target, as_of=date(2013, 1, 1)).value == 0
    # the enterprise may not confirm its own report
    client.force_login(firm_user)
    confirm = reverse("programme:registry_confirm", args=["adoptions", adoption.pk])
    assert client.post(confirm).status_code == 403
    # the bureau confirms it on the record's page
    client.force_login(people["users"]["bureau"])
    page = client.get(reverse("programme:registry_detail", args=["adoptions", adoption.pk]))
    assert 'data-testid="confirm-form"' in page.text
    assert client.post(confirm).status_code == 302
    adoption.refresh_from_db()
    assert adoption.confirmation == RegistryRecord.Confirmation.CONFIRMED
    assert target_progress(target, as_of=date(2013, 1, 1)).value == 1


def test_enterprise_reports_only_for_itself(people: dict[str, Any], make_enterprise: Any) -> None:
    other = make_enterprise("别家企业", "高邮市")
    values = values_for("adoptions", people) | {"enterprise": other}
    saved = services.save_record(
        people["users"]["enterprise_own"], REGISTRIES["adoptions"], None, values
    )
    # the record is the reporter's own, whatever enterprise the form named
    assert saved.enterprise == people["firm"]
    # it changes its report until the bureau confirms it, not after
    services.save_record(
        people["users"]["enterprise_own"], REGISTRIES["adoptions"], saved, {"product": "电缆二"}
    )
    services.confirm_record(people["users"]["bureau"], REGISTRIES["adoptions"], saved)
    with pytest.raises(PermissionDenied):
        services.save_record(
            people["users"]["enterprise_own"],
            REGISTRIES["adoptions"],
            Adoption.objects.get(pk=saved.pk),
            {"product": "电缆三"},
        )


def test_enterprise_page_reports_an_adoption(people: dict[str, Any], client: Any) -> None:
    client.force_login(people["users"]["enterprise_own"])
    response = client.post(
        reverse("programme:registry_create", args=["adoptions"]),
        {
            "enterprise": people["firm"].pk,
            "product": "电缆",
            "designation": "IEC 60502-1:2004",
            "degree": "IDT",
            "adopted_on": "2012-05-01",
        },
    )
    assert response.status_code == 302
    assert Adoption.objects.get().confirmation == "reported"
    # a registry it does not report to stays closed
    assert client.get(reverse("programme:registry_create", args=["sites"])).status_code == 403


def test_finance_member_records_a_city_payment() -> None:
    """The 财政局's member may pay the city's awards; other departments may not (the rule of
    the payments row; the incentives tests cover the payment itself)."""
    from biaozhun.core.responsibility import writer_kind

    assert writer_kind("payments", "department_member", "finance") == "department"
    assert writer_kind("payments", "department_member", "commerce") is None
    assert writer_kind("payments", "district_officer") is None
    assert writer_kind("payments", "bureau_staff") == "bureau"


def test_unconfirmed_sites_do_not_count(people: dict[str, Any], programme: Any) -> None:
    from biaozhun.programme.progress import target_progress

    services.save_record(
        people["users"]["agriculture"], REGISTRIES["sites"], None, values_for("sites", people)
    )
    DemonstrationSite.objects.update(confirmation="reported")
    target = programme.targets.get(metric="agri_demo_zones")
    assert target_progress(target, as_of=date(2013, 1, 1)).value == 0


def test_api_confirms_a_report(people: dict[str, Any], client: Any) -> None:
    client.force_login(people["users"]["enterprise_own"])
    created = client.post(
        "/api/programme/registries/adoptions",
        {
            "enterprise": people["firm"].pk,
            "product": "电缆",
            "designation": "IEC 60502-1:2004",
            "degree": "IDT",
            "adopted_on": "2012-05-01",
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["confirmation"] == "reported"
    pk = created.json()["id"]
    assert client.post(f"/api/programme/registries/adoptions/{pk}/confirm").status_code == 403
    client.force_login(people["users"]["officer_elsewhere"])
    assert client.post(f"/api/programme/registries/adoptions/{pk}/confirm").status_code == 404
    client.force_login(people["users"]["officer_here"])
    answer = client.post(f"/api/programme/registries/adoptions/{pk}/confirm")
    assert answer.status_code == 200 and answer.json()["confirmation"] == "confirmed"


def test_enterprise_finds_its_reporting_pages(people: dict[str, Any], client: Any) -> None:
    client.force_login(people["users"]["enterprise_own"])
    home = client.get("/").text
    assert reverse("programme:registries") in home and "标准化工作报送" in home
    page = client.get(reverse("programme:registries")).text
    for slug in ("adoptions", "drafted", "committees", "memberships"):
        assert f'data-testid="registry-{slug}"' in page
    assert 'data-testid="registry-sites"' not in page
    client.force_login(people["users"]["expert"])
    assert client.get(reverse("programme:registries")).status_code == 403
