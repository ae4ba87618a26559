"""Enterprise standards (Q/…) of the focus products in the drafted-standards registry, and
their path upward (企业标准 → 团体/地方/行业/国家标准)."""

from datetime import date

import pytest
from django.urls import reverse

from biaozhun.common.errors import DomainError
from biaozhun.programme.models import DraftedStandard
from biaozhun.programme.registries import REGISTRIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def light(make_enterprise):
    return make_enterprise("扬州测试光电有限公司", "广陵区")


def test_enterprise_standard_of_a_focus_product_is_accepted(record, light):
    q = record(
        "drafted",
        designation="q/320000 yzgd 001-2011",
        title="LED 道路照明灯具",
        enterprise=light,
        rank=1,
        focus_product="led",
        published_on=date(2011, 3, 1),
    )
    assert (q.designation, q.level) == ("Q/320000 YZGD 001-2011", "enterprise")


def test_enterprise_standard_without_focus_product_is_refused_in_both_languages(record, light):
    with pytest.raises(DomainError) as caught:
        record(
            "drafted",
            designation="Q/320000 YZGD 001-2011",
            title="普通产品",
            enterprise=light,
            rank=1,
            published_on=date(2011, 3, 1),
        )
    assert caught.value.code == "focus_product_required"
    assert "重点产品" in caught.value.message_zh and "focus product" in caught.value.message_en
    assert caught.value.details["field"] == "focus_product"
    assert not DraftedStandard.objects.exists()


def test_the_path_upward_links_the_records_with_their_dates(client, record, light, bureau_user):
    q = record(
        "drafted",
        designation="Q/320000 YZGD 001-2011",
        title="LED 道路照明灯具",
        enterprise=light,
        rank=1,
        focus_product="led",
        published_on=date(2011, 3, 1),
    )
    db = record(
        "drafted",
        designation="DB32/T 2100-2012",
        title="道路照明用LED灯具",
        enterprise=light,
        rank=1,
        focus_product="led",
        raised_from=q,
        published_on=date(2012, 6, 1),
    )
    gb = record(
        "drafted",
        designation="GB/T 39000-2015",
        title="道路照明用LED灯具",
        enterprise=light,
        rank=2,
        raised_from=db,
        published_on=date(2015, 1, 1),
    )
    assert [s.pk for s in q.path_upward()] == [q.pk, db.pk, gb.pk]
    assert [s.pk for s in gb.path_upward()] == [q.pk, db.pk, gb.pk]
    client.force_login(bureau_user)
    page = client.get(reverse("programme:registry_detail", args=["drafted", db.pk]))
    assert page.status_code == 200
    assert "标准上升路径" in page.text and "Q/320000 YZGD 001-2011" in page.text
    api = client.get(f"/api/programme/registries/drafted/{q.pk}/path").json()
    assert [(s["designation"], s["published_on"]) for s in api] == [
        ("Q/320000 YZGD 001-2011", "2011-03-01"),
        ("DB32/T 2100-2012", "2012-06-01"),
        ("GB/T 39000-2015", "2015-01-01"),
    ]


@pytest.mark.parametrize(
    ("lower", "higher", "code"),
    [
        ("GB/T 39000-2015", "Q/320000 YZGD 001-2016", "not_upward"),  # downward
        ("Q/320000 YZGD 001-2013", "DB32/T 2100-2012", "bad_dates"),  # raised before it existed
    ],
)
def test_only_upward_and_later(record, light, lower, higher, code):
    published = {"GB/T 39000-2015": date(2015, 1, 1), "Q/320000 YZGD 001-2013": date(2013, 1, 1)}
    first = record(
        "drafted",
        designation=lower,
        title="甲",
        enterprise=light,
        rank=1,
        focus_product="led",
        published_on=published[lower],
    )
    with pytest.raises(DomainError) as caught:
        record(
            "drafted",
            designation=higher,
            title="乙",
            enterprise=light,
            rank=1,
            focus_product="led",
            raised_from=first,
            published_on=date(2016, 1, 1) if higher.startswith("Q") else date(2012, 6, 1),
        )
    assert caught.value.code == code
    assert caught.value.message_zh and caught.value.message_en
    assert DraftedStandard.objects.count() == 1


def test_enterprise_standards_do_not_count_for_the_national_industry_target(
    record, light, programme
):
    from biaozhun.programme.metrics import METRICS

    record(
        "drafted",
        designation="Q/320000 YZGD 001-2012",
        title="LED",
        enterprise=light,
        rank=1,
        focus_product="led",
        published_on=date(2012, 3, 1),
    )
    metric = METRICS["led_national_industry_standards"]
    assert metric.value(date(2011, 1, 1), date(2015, 12, 31)) == 0


def test_api_refuses_a_bad_focus_product_without_storing(client, light, bureau_user):
    client.force_login(bureau_user)
    answer = client.post(
        "/api/programme/registries/drafted",
        {
            "designation": "Q/320000 YZGD 001-2011",
            "title": "x",
            "enterprise": light.pk,
            "rank": 1,
            "published_on": "2011-03-01",
            "focus_product": "tofu",
        },
        content_type="application/json",
    )
    assert answer.status_code == 400
    body = answer.json()
    assert body["message_zh"] and body["message_en"] and body["message_zh"] != body["message_en"]
    assert not DraftedStandard.objects.exists()


def test_list_filters_by_focus_product(client, record, light, bureau_user):
    record(
        "drafted",
        designation="Q/320000 YZGD 001-2011",
        title="LED 灯具",
        enterprise=light,
        rank=1,
        focus_product="led",
        published_on=date(2011, 3, 1),
    )
    record(
        "drafted",
        designation="Q/320000 YZGF 001-2011",
        title="光伏组件",
        enterprise=light,
        rank=1,
        focus_product="photovoltaic",
        published_on=date(2011, 3, 1),
    )
    client.force_login(bureau_user)
    page = client.get(
        reverse("programme:registry_list", args=["drafted"]), {"focus_product": "led"}
    )
    assert "LED 灯具" in page.text and "光伏组件" not in page.text
    assert REGISTRIES["drafted"].filters == ("level", "focus_product")


def test_focus_product_summary_on_the_index_and_api(client, record, light, bureau_user):
    q = record(
        "drafted",
        designation="Q/320000 YZGD 001-2011",
        title="LED",
        enterprise=light,
        rank=1,
        focus_product="led",
        published_on=date(2011, 3, 1),
    )
    record(
        "drafted",
        designation="Q/320000 YZGD 002-2011",
        title="LED 2",
        enterprise=light,
        rank=1,
        focus_product="led",
        published_on=date(2011, 3, 1),
    )
    record(
        "drafted",
        designation="DB32/T 2100-2012",
        title="道路照明用LED灯具",
        enterprise=light,
        rank=1,
        focus_product="led",
        raised_from=q,
        published_on=date(2012, 6, 1),
    )
    client.force_login(bureau_user)
    rows = {r["key"]: r for r in client.get("/api/programme/focus-products").json()}
    assert (rows["led"]["enterprise"], rows["led"]["raised"], rows["led"]["higher"]) == (2, 1, 1)
    assert rows["ebook"]["enterprise"] == 0
    page = client.get(reverse("programme:registries"))
    assert 'data-testid="focus-products"' in page.text and "碳纤维" in page.text
