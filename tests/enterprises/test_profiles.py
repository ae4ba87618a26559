"""Export profiles: validation through the services, pages with htmx rows, the API, scoping."""

from decimal import Decimal

import pytest

from biaozhun.common.errors import DomainError
from biaozhun.enterprises.models import ExportMarket, ExportProduct
from biaozhun.enterprises.profiles import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(make_enterprise, enterprise_user):
    enterprise = make_enterprise("扬州甲电池有限公司", "广陵区", is_exporter=True)
    return enterprise, enterprise_user(enterprise)


def test_product_hs_codes_are_validated_against_hs_2022(own):
    enterprise, user = own
    p = services.add_product(user, enterprise, services.ProductData("8507.60", "锂离子蓄电池"))
    assert p.hs_code == "850760"
    services.add_product(user, enterprise, services.ProductData("85076000 10", "出口税则行"))
    for bad, code in (("85x", "hs_invalid"), ("850", "hs_invalid"), ("990101", "hs_unknown")):
        with pytest.raises(DomainError) as exc:
            services.add_product(user, enterprise, services.ProductData(bad, "x"))
        assert exc.value.code == code
        assert exc.value.message_zh and exc.value.message_en
    with pytest.raises(DomainError) as exc:
        services.add_product(user, enterprise, services.ProductData("850760", "重复"))
    assert exc.value.code == "duplicate_product"
    with pytest.raises(DomainError) as exc:
        services.add_product(user, enterprise, services.ProductData("8506", ""))
    assert exc.value.code == "description_required"
    with pytest.raises(DomainError) as exc:
        services.add_product(user, enterprise, services.ProductData("8506", "电池", "99.999"))
    assert exc.value.code == "ics_unknown"


def test_market_codes_groups_and_shares(own):
    enterprise, user = own
    assert services.set_market(user, enterprise, services.MarketData("eu", "0.5")).code == "EU"
    assert services.set_market(user, enterprise, services.MarketData("美国", "30%")).code == "USA"
    us = ExportMarket.objects.get(code="USA")
    assert us.share == Decimal("0.300")
    with pytest.raises(DomainError) as exc:
        services.set_market(user, enterprise, services.MarketData("JPN", "0.25"))
    assert exc.value.code == "shares_over_one"
    # changing an existing market's share counts only the others
    services.set_market(user, enterprise, services.MarketData("USA", "0.5"))
    services.set_market(user, enterprise, services.MarketData("JPN", None))
    for bad, code in (("XXX", "market_unknown"), ("", "market_required")):
        with pytest.raises(DomainError) as exc:
            services.set_market(user, enterprise, services.MarketData(bad, None))
        assert exc.value.code == code
    for bad in ("1.5", "-0.1", "abc", "120%"):
        with pytest.raises(DomainError):
            services.set_market(user, enterprise, services.MarketData("KOR", bad))


def test_replace_profile_is_all_or_nothing(own, bureau_user):
    enterprise, _ = own
    services.replace_profile(
        bureau_user,
        enterprise,
        products=[services.ProductData("850760", "锂电池")],
        markets=[services.MarketData("EU", "0.6")],
    )
    with pytest.raises(DomainError) as exc:
        services.replace_profile(
            bureau_user,
            enterprise,
            products=[services.ProductData("850760", "锂电池"), services.ProductData("123", "x")],
            markets=[services.MarketData("USA", "0.6"), services.MarketData("EU", "0.6")],
        )
    assert exc.value.code == "hs_invalid" and exc.value.details["index"] == 1
    with pytest.raises(DomainError) as exc:
        services.replace_profile(
            bureau_user,
            enterprise,
            products=[],
            markets=[services.MarketData("USA", "0.6"), services.MarketData("EU", "0.6")],
        )
    assert exc.value.code == "shares_over_one"
    assert list(ExportProduct.objects.values_list("hs_code", flat=True)) == ["850760"]
    assert list(ExportMarket.objects.values_list("code", flat=True)) == ["EU"]


def test_other_enterprise_and_other_district_cannot_edit(own, make_enterprise, district_officer):
    enterprise, _ = own
    other = make_enterprise("乙企业", "宝应县")
    from biaozhun.accounts.models import User

    other_user = User.objects.create_user("other-ent", role="enterprise_user", enterprise=other)
    with pytest.raises(DomainError) as exc:
        services.add_product(other_user, enterprise, services.ProductData("8507", "电池"))
    assert exc.value.code == "forbidden"
    with pytest.raises(DomainError):
        services.add_product(
            district_officer("宝应县"), enterprise, services.ProductData("8507", "x")
        )
    services.add_product(district_officer("广陵区"), enterprise, services.ProductData("8507", "x"))


def test_recipients_must_belong_to_the_enterprise(own, make_enterprise, make_user):
    enterprise, user = own
    stranger = make_user("enterprise_user", enterprise=make_enterprise("丙企业"))
    with pytest.raises(DomainError) as exc:
        services.update_profile_settings(
            user, enterprise, all_markets=False, alert_user_ids=[stranger.pk]
        )
    assert exc.value.code == "recipient_not_of_enterprise"
    profile = services.update_profile_settings(
        user, enterprise, all_markets=True, alert_user_ids=[user.pk]
    )
    assert list(profile.alert_users.all()) == [user] and profile.all_markets


def test_pages_add_and_remove_rows_with_htmx(client, own):
    enterprise, user = own
    client.force_login(user)
    assert client.get("/alerts/profiles/").url == f"/alerts/profiles/{enterprise.pk}/"
    page = client.get(f"/alerts/profiles/{enterprise.pk}/")
    assert page.status_code == 200 and "出口产品" in page.content.decode()
    url = f"/alerts/profiles/{enterprise.pk}/products/"
    r = client.post(url, {"hs_code": "850760", "description_zh": "锂电池"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    body = r.content.decode()
    assert "850760" in body and "<html" not in body
    r = client.post(url, {"hs_code": "8", "description_zh": "x"}, HTTP_HX_REQUEST="true")
    assert "位数应为" in r.content.decode()
    product = ExportProduct.objects.get()
    r = client.post(
        f"/alerts/profiles/{enterprise.pk}/products/{product.pk}/remove/", HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200 and not ExportProduct.objects.exists()
    r = client.post(
        f"/alerts/profiles/{enterprise.pk}/markets/",
        {"code": "EU", "share": "0.7"},
        HTTP_HX_REQUEST="true",
    )
    assert "欧盟" in r.content.decode()
    r = client.post(
        f"/alerts/profiles/{enterprise.pk}/markets/",
        {"code": "USA", "share": "0.7"},
        HTTP_HX_REQUEST="true",
    )
    assert "不能超过 1" in r.content.decode()


def test_pages_are_scoped(client, own, make_enterprise, district_officer, bureau_user):
    _, user = own
    other = make_enterprise("乙企业", "宝应县", is_exporter=True)
    client.force_login(user)
    assert client.get(f"/alerts/profiles/{other.pk}/").status_code == 404
    assert client.post(f"/alerts/profiles/{other.pk}/products/", {}).status_code == 404
    assert client.get("/alerts/profiles/").url == f"/alerts/profiles/{user.enterprise_id}/"
    client.force_login(district_officer("广陵区"))
    listing = client.get("/alerts/profiles/").content.decode()
    assert "扬州甲电池有限公司" in listing and "乙企业" not in listing
    assert client.get(f"/alerts/profiles/{other.pk}/").status_code == 404
    client.force_login(bureau_user)
    listing = client.get("/alerts/profiles/").content.decode()
    assert "扬州甲电池有限公司" in listing and "乙企业" in listing


def test_recipients_page_form(client, own):
    enterprise, user = own
    from biaozhun.enterprises.services import add_contact

    contact = add_contact(user, enterprise, name="王工", email="wang@example.org")
    client.force_login(user)
    page = client.get(f"/alerts/profiles/{enterprise.pk}/").content.decode()
    assert f'value="{contact.pk}"' in page and "王工" in page
    r = client.post(
        f"/alerts/profiles/{enterprise.pk}/recipients/",
        {"alert_users": [str(user.pk)], "alert_contacts": [str(contact.pk)], "all_markets": "on"},
    )
    assert r.status_code == 302
    profile = enterprise.export_profile
    assert list(profile.alert_contacts.all()) == [contact] and profile.all_markets
    page = client.get(f"/alerts/profiles/{enterprise.pk}/").content.decode()
    assert f'value="{contact.pk}" checked' in page
    r = client.post(f"/alerts/profiles/{enterprise.pk}/recipients/", {"alert_users": ["999999"]})
    assert (r.status_code == 200 and "999999" in r.content.decode()) or "不是" in r.content.decode()


def test_profile_shows_the_standards_used(client, own):
    from biaozhun.validity.services import add_watched

    enterprise, user = own
    add_watched(user, enterprise, "GB/T 31485-2015")
    client.force_login(user)
    page = client.get(f"/alerts/profiles/{enterprise.pk}/").content.decode()
    assert "使用的标准" in page and "GB/T 31485-2015" in page
    assert f"/validity/watch/{enterprise.pk}/" in page
