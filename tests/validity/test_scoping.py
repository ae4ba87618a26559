"""Nobody sees another enterprise's or district's checks, watch lists or alerts (404)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.module_loading import import_string

from biaozhun.common.events import SUBSCRIPTIONS, CatalogueChanged
from biaozhun.validity.models import WatchAlert
from biaozhun.validity.selectors import visible_alerts, visible_checks, watched_standards
from biaozhun.validity.services import add_watched, run_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(catalogue, make_enterprise, enterprise_user, district_officer, record_change):
    a = make_enterprise("甲企业", "邗江区")
    b = make_enterprise("乙企业", "广陵区")
    ua, ub = enterprise_user(a), enterprise_user(b)
    item_a = add_watched(ua, a, "GB 2762-2022")
    add_watched(ub, b, "GB 2762-2022")
    check_a = run_check(ua, [(1, "GB 2762-2017")], source_name="a", source_kind="text")
    check_b = run_check(ub, [(1, "GB 2762-2017")], source_name="b", source_kind="text")
    change = record_change(catalogue["GB 2762-2022"], "updated")
    for path in SUBSCRIPTIONS[CatalogueChanged]:  # as the queue delivers an import's event
        import_string(path)(CatalogueChanged([change.pk]))
    return {
        "a": a,
        "b": b,
        "ua": ua,
        "ub": ub,
        "item_a": item_a,
        "check_a": check_a,
        "check_b": check_b,
        "alert_a": WatchAlert.objects.get(enterprise=a),
        "officer_hanjiang": district_officer("邗江区"),
    }


def test_enterprise_user_gets_404_for_another_enterprise(client, world):
    client.force_login(world["ub"])
    a_check, a_item, a_alert = world["check_a"], world["item_a"], world["alert_a"]
    for url in (
        reverse("validity:report", args=[a_check.pk]),
        reverse("validity:report_xlsx", args=[a_check.pk]),
        reverse("validity:report_pdf", args=[a_check.pk]),
        reverse("validity:watchlist_detail", args=[world["a"].pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("validity:watch_from_check", args=[a_check.pk]),
        reverse("validity:watch_add", args=[world["a"].pk]),
        reverse("validity:watch_remove", args=[a_item.pk]),
        reverse("validity:alert_read", args=[a_alert.pk]),
    ):
        assert client.post(url, {"designation": "GB 1234-2008"}).status_code == 404, url
    assert client.get(f"/api/validity/checks/{a_check.pk}").status_code == 404
    assert client.delete(f"/api/validity/watch/{a_item.pk}").status_code == 404
    assert client.post(f"/api/validity/alerts/{a_alert.pk}/read").status_code == 404
    forged = client.post(
        "/api/validity/watch",
        {"designation": "GB 1234-2008", "enterprise_id": world["a"].pk},
        content_type="application/json",
    )
    assert forged.status_code == 404
    assert "甲企业" not in client.get(reverse("validity:alerts")).content.decode()
    assert {c.pk for c in visible_checks(world["ub"])} == {world["check_b"].pk}
    a_alert.refresh_from_db()
    assert a_alert.read_at is None
    world["item_a"].refresh_from_db()  # still there


def test_district_officer_sees_its_district_only(client, world):
    officer = world["officer_hanjiang"]
    assert {c.pk for c in visible_checks(officer)} == {world["check_a"].pk}
    assert {w.enterprise_id for w in watched_standards(officer)} == {world["a"].pk}
    assert {a.enterprise_id for a in visible_alerts(officer)} == {world["a"].pk}
    client.force_login(officer)
    assert client.get(reverse("validity:watchlist_detail", args=[world["a"].pk])).status_code == 200
    assert client.get(reverse("validity:watchlist_detail", args=[world["b"].pk])).status_code == 404
    index = client.get(reverse("validity:watchlist")).content.decode()
    assert "甲企业" in index and "乙企业" not in index


def test_bureau_sees_all(client, world, bureau_user):
    assert visible_checks(bureau_user).count() == 2
    assert visible_alerts(bureau_user).count() == 2
    client.force_login(bureau_user)
    assert client.get(reverse("validity:report", args=[world["check_b"].pk])).status_code == 200
    index = client.get(reverse("validity:watchlist")).content.decode()
    assert "甲企业" in index and "乙企业" in index


def test_own_checks_stay_visible_to_an_expert(client, catalogue, make_user):
    expert = make_user("expert")
    other = make_user("expert")
    check = run_check(expert, [(1, "GB/T 1.1")], source_name="e", source_kind="text")
    assert list(visible_checks(expert)) == [check]
    assert not visible_checks(other).exists()
    client.force_login(other)
    assert client.get(reverse("validity:report", args=[check.pk])).status_code == 404
    assert client.get(reverse("validity:watchlist")).status_code == 404


def _nav(client) -> str:
    page = client.get(reverse("home")).content.decode()
    start = page.index('data-testid="main-nav"')
    return page[start : page.index("</ul>", start)]


def test_nav_items_by_role(client, world, bureau_user):
    client.force_login(world["ua"])
    nav = _nav(client)
    assert "标准查新" in nav and "关注标准" in nav
    client.force_login(bureau_user)
    nav = _nav(client)
    assert "标准查新" in nav and "关注标准" not in nav


def test_one_nav_item_is_active_per_page(client, world):
    client.force_login(world["ua"])
    assert client.get("/validity/").url == reverse("validity:check")
    for url, active in (
        (reverse("validity:check"), "标准查新"),
        (reverse("validity:report", args=[world["check_a"].pk]), "标准查新"),
        (reverse("validity:watchlist_detail", args=[world["a"].pk]), "关注标准"),
        (reverse("validity:alerts"), "关注标准"),
    ):
        client.get(url)
        page = client.get(url).content.decode()
        nav = page[page.index('data-testid="main-nav"') :]
        nav = nav[: nav.index("</ul>")]
        actives = re.findall(
            r'aria-current="page">\s*(?:<span class="nav-link-title">)?([^<]+?)\s*<', nav
        )
        assert actives == [active], (url, actives)
        # its menu is marked too: exactly one top-level entry is active
        assert nav.count('<li class="nav-item dropdown active"') == 1, url
