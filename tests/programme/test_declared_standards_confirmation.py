"""The bureau's confirmation of declared standards (the city's register): only a confirmed
declaration reaches the programme's registries and metrics; the record is created once (or
linked when the registry has it); the registry's own rules apply; scoping."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from biaozhun.common.errors import Conflict, DomainError, NotFound, PermissionDenied
from biaozhun.programme.metrics import METRICS
from biaozhun.programme.models import Adoption, DraftedStandard
from biaozhun.validity.register import selectors, services

pytestmark = pytest.mark.django_db

START, END = date(2011, 1, 1), date(2030, 12, 31)


@pytest.fixture
def firm(make_enterprise):
    return make_enterprise("扬州确认测试机械有限公司", "广陵区", is_exporter=True)


@pytest.fixture
def firm_user(firm, enterprise_user):
    return enterprise_user(firm)


def _value(key):
    return METRICS[key].value(START, END)


def test_an_adoption_counts_only_once_the_bureau_confirms_it(firm, firm_user, bureau_user):
    item = services.declare_standard(
        firm_user, firm, designation="ISO 9001:2015", product_name="数控机床"
    )
    assert _value("adoptions") == 0 and not Adoption.objects.exists()
    with pytest.raises(PermissionDenied):  # the enterprise cannot confirm itself
        services.confirm_declaration(firm_user, item, as_="adoption", on=date(2026, 3, 1))
    services.confirm_declaration(
        bureau_user, item, as_="adoption", on=date(2026, 3, 1), degree="IDT"
    )
    adoption = Adoption.objects.get()
    assert (adoption.enterprise, adoption.product, adoption.designation) == (
        firm,
        "数控机床",
        "ISO 9001:2015",
    )
    assert adoption.degree == "IDT" and adoption.district == firm.district
    item.refresh_from_db()
    assert item.adoption == adoption and item.confirmed_by == bureau_user
    assert _value("adoptions") == 1
    assert METRICS["adoptions"].value(START, END, firm.district_id) == 1
    with pytest.raises(Conflict):
        services.confirm_declaration(
            bureau_user, item, as_="adoption", on=date(2026, 3, 1), degree="IDT"
        )
    # removing the declaration leaves the bureau's record
    services.remove_declaration(firm_user, item)
    assert _value("adoptions") == 1


def test_a_drafted_standard_feeds_the_led_standards_metric(firm, firm_user, bureau_user):
    item = services.declare_standard(
        firm_user, firm, designation="JB/T 10000-2013", product_name="数控机床"
    )
    with pytest.raises(DomainError) as exc:  # not in the catalogue: the title is needed
        services.confirm_declaration(bureau_user, item, as_="drafted", on=date(2013, 6, 1), rank=1)
    assert exc.value.details["field"] == "title"
    assert _value("led_national_industry_standards") == 0
    services.confirm_declaration(
        bureau_user,
        item,
        as_="drafted",
        on=date(2013, 6, 1),
        rank="2",
        title="数控机床 通用技术条件",
    )
    drafted = DraftedStandard.objects.get()
    assert drafted.level == "industry" and drafted.rank == 2 and drafted.enterprise == firm
    assert _value("led_national_industry_standards") == 1


def test_an_existing_registry_record_is_linked_not_duplicated(firm, firm_user, bureau_user, record):
    existing = record(
        "adoptions",
        enterprise=firm,
        product="数控机床",
        designation="ISO 230-2:2014",
        degree="MOD",
        adopted_on=date(2020, 1, 1),
    )
    item = services.declare_standard(
        firm_user, firm, designation="ISO 230-2:2014", product_name="数控机床"
    )
    services.confirm_declaration(
        bureau_user, item, as_="adoption", on=date(2026, 1, 1), degree="IDT"
    )
    item.refresh_from_db()
    assert item.adoption == existing and Adoption.objects.count() == 1


@pytest.mark.parametrize(
    ("designation", "values", "code"),
    [
        ("Q/YZJC 0001-2024", {"as_": "adoption", "degree": "IDT"}, "wrong_level"),
        # an enterprise standard counts as drafted only for a focus product (issue 18 §2)
        (
            "Q/YZJC 0001-2024",
            {"as_": "drafted", "rank": 1, "title": "企业标准"},
            "focus_product_required",
        ),
        ("ISO 9001:2015", {"as_": "adoption", "degree": "EQV"}, "degree_invalid"),
        ("ISO 9001:2015", {"as_": "adoption", "degree": ["IDT"]}, "degree_invalid"),
        ("ISO 9001:2015", {"as_": "counted"}, "confirm_as_invalid"),
        ("GB/T 1.1-2020", {"as_": "drafted", "rank": "0", "title": "x"}, "rank_invalid"),
        ("GB/T 1.1-2020", {"as_": "drafted", "rank": "1e3", "title": "x"}, "rank_invalid"),
        ("GB/T 1.1-2020", {"as_": "drafted", "rank": 1, "title": "x" * 301}, "text_too_long"),
        (
            "GB/T 1.1-2020",
            {"as_": "drafted", "rank": 1, "title": "x", "on": "2020-01-01"},
            "date_invalid",
        ),
        (
            "GB/T 1.1-2020",
            {"as_": "drafted", "rank": 1, "title": "x", "on": date(1800, 1, 1)},
            "date_invalid",
        ),
    ],
)
def test_a_confirmation_the_registry_refuses_stores_nothing(
    firm, firm_user, bureau_user, designation, values, code
):
    item = services.declare_standard(firm_user, firm, designation=designation, product_name="产品")
    values = {"on": date(2026, 1, 1), **values}
    with pytest.raises(DomainError) as exc:
        services.confirm_declaration(bureau_user, item, **values)
    assert exc.value.code == code and exc.value.message_zh and exc.value.message_en
    item.refresh_from_db()
    assert item.confirmed_at is None
    assert not Adoption.objects.exists() and not DraftedStandard.objects.exists()


def test_district_officers_confirm_in_their_district_only(
    firm, firm_user, make_enterprise, enterprise_user, district_officer
):
    far = make_enterprise("宝应确认测试有限公司", "宝应县")
    far_item = services.declare_standard(
        enterprise_user(far), far, designation="ISO 9001:2015", product_name="湖藕"
    )
    near_item = services.declare_standard(
        firm_user, firm, designation="ISO 9001:2015", product_name="机床"
    )
    officer = district_officer("广陵区")
    with pytest.raises(NotFound):
        selectors.get_declaration(officer, far_item.pk)
    with pytest.raises(PermissionDenied):
        services.confirm_declaration(
            officer, far_item, as_="adoption", on=date(2026, 1, 1), degree="IDT"
        )
    services.confirm_declaration(
        officer, near_item, as_="adoption", on=date(2026, 1, 1), degree="IDT"
    )
    assert list(Adoption.objects.values_list("enterprise", flat=True)) == [firm.pk]


def test_the_confirm_page_and_endpoint(client, firm, firm_user, bureau_user):
    item = services.declare_standard(
        firm_user, firm, designation="ISO 9001:2015", product_name="机床"
    )
    other = services.declare_standard(
        firm_user, firm, designation="GB/T 1.1-2020", product_name="机床"
    )
    client.force_login(bureau_user)
    url = reverse("validity:register_confirm", args=[item.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"as_": "adoption", "on": "2026-13-01", "degree": "IDT"})
    assert bad.status_code == 400 and not Adoption.objects.exists()
    bad = client.post(url, {"as_": "adoption", "on": "2026-01-01", "degree": ""})
    assert bad.status_code == 400 and "采用程度" in bad.content.decode()
    ok = client.post(url, {"as_": "adoption", "on": "2026-01-01", "degree": "IDT"})
    assert ok.status_code == 302 and Adoption.objects.count() == 1
    register = client.get(reverse("validity:register") + "?confirmed=1").content.decode()
    assert "ISO 9001:2015" in register and "GB/T 1.1-2020" not in register

    def post(payload):
        return client.post(
            f"/api/validity/register/{other.pk}/confirm",
            json.dumps(payload),
            content_type="application/json",
        )

    assert post({"as": "drafted", "on": "2020-01-01", "rank": -1}).status_code == 400
    assert post({"as": "drafted", "on": "not a date", "rank": 1}).status_code == 422
    assert post({"as": "drafted", "on": "2020-01-01", "rank": 2**40}).status_code == 400
    response = post({"as": "drafted", "on": "2020-01-01", "rank": 1, "title": "标准化工作导则"})
    assert response.status_code == 200, response.content
    assert response.json()["drafted_id"] == DraftedStandard.objects.get().pk
    assert _value("led_national_industry_standards") == 1
    client.force_login(firm_user)
    denied = post({"as": "drafted", "on": "2020-01-01", "rank": 1, "title": "x"})
    assert denied.status_code == 403
