"""The city's register (执行标准登记): declaring per product, the watch-list sync, unknown
designations linked when an import brings them, scoping across enterprises and districts, and
hostile input on the pages and the API (nothing stored, no 500, zh/en errors)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from biaozhun.common.errors import Conflict, DomainError, NotFound, PermissionDenied
from biaozhun.validity.models import DeclaredStandard, WatchedStandard
from biaozhun.validity.register import selectors, services
from biaozhun.validity.services import add_watched

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(make_enterprise):
    return make_enterprise("扬州登记测试电器有限公司", "广陵区", is_exporter=True)


@pytest.fixture
def firm_user(firm, enterprise_user):
    return enterprise_user(firm)


@pytest.fixture
def product(firm, bureau_user):
    from biaozhun.enterprises.profiles.services import ProductData, add_product

    return add_product(bureau_user, firm, ProductData("851660", "电烤箱"))


def _watched(enterprise):
    return dict(
        WatchedStandard.objects.filter(enterprise=enterprise).values_list(
            "designation", "from_register"
        )
    )


# ------------------------------------------------------------------------------- declaring


def test_declare_for_an_export_product_and_another_product(catalogue, firm, firm_user, product):
    item = services.declare_standard(
        firm_user, firm, designation=" gbt 19001—2016 ", product_id=product.pk
    )
    assert item.designation == "GB/T 19001-2016" and item.entered == "gbt 19001—2016"
    assert item.product == product and item.product_name == "电烤箱"
    assert item.level == "national" and item.key == "GB/T 19001"
    assert item.standard == catalogue["GB/T 19001-2016"]
    own = services.declare_standard(
        firm_user, firm, designation="Q/YZDJ 0001-2024", product_name="家用面包机"
    )
    assert own.level == "enterprise" and own.standard is None and own.product is None
    group = services.declare_standard(
        firm_user, firm, designation="T/CAS 100-2021", product_name="家用面包机"
    )
    assert group.level == "group" and group.standard == catalogue["T/CAS 100-2021"]
    with pytest.raises(Conflict):
        services.declare_standard(
            firm_user, firm, designation="GB/T 19001-2016", product_id=product.pk
        )
    assert DeclaredStandard.objects.filter(enterprise=firm).count() == 3


def test_paste_a_list_for_one_product_skips_what_is_declared(catalogue, firm, firm_user):
    services.declare_standard(firm_user, firm, designation="GB 2762-2022", product_name="酱菜")
    result = services.declare_many(
        firm_user,
        firm,
        text="GB 2762-2022\n\nGB/T 1.1\nDB3210/T 1001-2019\nGB/T 1.1-2020\nGB/T 1.1\n",
        product_name="酱菜",
    )
    assert [d.designation for d in result.created] == [
        "GB/T 1.1",
        "DB3210/T 1001-2019",
        "GB/T 1.1-2020",
    ]
    assert result.skipped == ["GB 2762-2022", "GB/T 1.1"]
    undated = result.created[0]
    assert undated.standard == catalogue["GB/T 1.1-2020"]  # today's edition of an undated one


def test_a_list_with_one_bad_line_declares_nothing(catalogue, firm, firm_user):
    with pytest.raises(DomainError) as exc:
        services.declare_many(
            firm_user, firm, text="GB 2762-2022\n这不是标准号\nGB/T 1.1", product_name="酱菜"
        )
    assert exc.value.code == "designations_invalid"
    assert exc.value.details["lines"][0]["line"] == 2
    assert "未登记任何标准" in exc.value.message_zh and "nothing" in exc.value.message_en
    assert not DeclaredStandard.objects.exists() and not WatchedStandard.objects.exists()


# --------------------------------------------------------------------------- the watch list


def test_declarations_keep_the_watch_list_in_sync_without_touching_hand_entries(
    catalogue, firm, firm_user
):
    add_watched(firm_user, firm, "GB 2762-2022")  # by hand
    hand = services.declare_standard(
        firm_user, firm, designation="GB 2762-2022", product_name="酱菜"
    )
    first = services.declare_standard(
        firm_user, firm, designation="GB/T 19001-2016", product_name="酱菜"
    )
    second = services.declare_standard(
        firm_user, firm, designation="GB/T 19001-2016", product_name="腌菜"
    )
    watched = WatchedStandard.objects.get(enterprise=firm, designation="GB/T 19001-2016")
    assert watched.from_register and watched.standard == catalogue["GB/T 19001-2016"]
    assert _watched(firm) == {"GB 2762-2022": False, "GB/T 19001-2016": True}
    services.remove_declaration(firm_user, first)
    assert "GB/T 19001-2016" in _watched(firm)  # still declared for the other product
    services.remove_declaration(firm_user, second)
    services.remove_declaration(firm_user, hand)
    assert _watched(firm) == {"GB 2762-2022": False}  # the hand entry stays


# ---------------------------------------------------------- unknown designations and imports


def test_unknown_designations_are_flagged_then_linked_by_an_import(
    firm,
    firm_user,
    make_enterprise,
    enterprise_user,
    bureau_user,
    django_capture_on_commit_callbacks,
):
    from biaozhun.catalogue.services import StandardRecord, import_records
    from biaozhun.common.importing import ImportReport
    from biaozhun.core.designation import parse

    other = make_enterprise("扬州登记测试二厂", "宝应县")
    services.declare_standard(firm_user, firm, designation="JB/T 10000-2013", product_name="机床")
    services.declare_standard(
        enterprise_user(other), other, designation="JB/T 10000-2013", product_name="数控机床"
    )
    services.declare_standard(firm_user, firm, designation="QB/T 1234", product_name="机床")
    rows = list(selectors.unknown_designations(bureau_user))
    assert rows[0] == {
        "designation": "JB/T 10000-2013",
        "level": "industry",
        "declarations": 2,
        "enterprises": 2,
    }
    assert {r["designation"] for r in rows} == {"JB/T 10000-2013", "QB/T 1234"}
    # the firm's user sees its own unknown designations only
    assert [r["enterprises"] for r in selectors.unknown_designations(firm_user)] == [1, 1]

    def record(text):
        return StandardRecord(designation=parse(text), status="current", source="template")

    with django_capture_on_commit_callbacks(execute=True):
        import_records(
            "template", [record("JB/T 10000-2013"), record("QB/T 1234-2019")], ImportReport()
        )
    linked = DeclaredStandard.objects.filter(standard__isnull=False)
    assert {d.designation for d in linked} == {"JB/T 10000-2013", "QB/T 1234"}
    assert all(d.standard.key == d.key for d in linked)
    assert not WatchedStandard.objects.filter(
        designation="JB/T 10000-2013", standard__isnull=True
    ).exists()
    assert list(selectors.unknown_designations(bureau_user)) == []


# ------------------------------------------------------------------------------- scoping


def test_an_enterprise_never_sees_or_edits_another_ones_declarations(
    client, catalogue, firm, firm_user, make_enterprise, enterprise_user
):
    rival = make_enterprise("扬州登记竞争对手有限公司", "广陵区")
    rival_user = enterprise_user(rival)
    secret = services.declare_standard(
        rival_user, rival, designation="Q/RIVAL 0001-2024", product_name="秘密产品"
    )
    assert not selectors.declarations(firm_user).filter(pk=secret.pk).exists()
    with pytest.raises(NotFound):
        selectors.get_declaration(firm_user, secret.pk)
    with pytest.raises(PermissionDenied):
        services.declare_standard(firm_user, rival, designation="GB 2762-2022", product_name="x")
    with pytest.raises(PermissionDenied):
        services.remove_declaration(firm_user, secret)
    client.force_login(firm_user)
    assert client.get(reverse("validity:register_enterprise", args=[rival.pk])).status_code == 404
    page = client.get(reverse("validity:register"), follow=True)
    assert "秘密产品" not in page.content.decode() and "Q/RIVAL" not in page.content.decode()
    assert client.post(reverse("validity:register_remove", args=[secret.pk])).status_code == 404
    assert client.get(reverse("validity:register_confirm", args=[secret.pk])).status_code == 403
    assert client.get(reverse("validity:register_unknown")).status_code == 403
    response = client.get(f"/api/validity/register/{secret.pk}")
    assert response.status_code == 404
    response = client.post(
        "/api/validity/register",
        json.dumps({"designation": "GB 2762-2022", "product_name": "x", "enterprise_id": rival.pk}),
        content_type="application/json",
    )
    assert response.status_code == 404
    listed = client.get("/api/validity/register").json()
    assert listed["count"] == 0
    assert DeclaredStandard.objects.filter(enterprise=rival).count() == 1


def test_a_district_officer_sees_and_helps_only_its_district(
    client, catalogue, firm, firm_user, make_enterprise, enterprise_user, district_officer
):
    far = make_enterprise("宝应登记测试有限公司", "宝应县")
    far_item = services.declare_standard(
        enterprise_user(far), far, designation="GB 2762-2022", product_name="湖藕"
    )
    near_item = services.declare_standard(
        firm_user, firm, designation="GB 2762-2022", product_name="酱菜"
    )
    officer = district_officer("广陵区")
    assert list(selectors.declarations(officer)) == [near_item]
    helped = services.declare_standard(
        officer, firm, designation="GB/T 1.1-2020", product_name="酱菜"
    )
    assert helped.declared_by == officer
    with pytest.raises(PermissionDenied):
        services.declare_standard(officer, far, designation="GB/T 1.1-2020", product_name="湖藕")
    client.force_login(officer)
    body = client.get(reverse("validity:register")).content.decode()
    assert "酱菜" in body and "湖藕" not in body
    assert client.get(reverse("validity:register_enterprise", args=[far.pk])).status_code == 404
    assert client.get(reverse("validity:register_confirm", args=[far_item.pk])).status_code == 404
    api = client.get("/api/validity/register").json()
    assert {row["id"] for row in api["items"]} == {near_item.pk, helped.pk}


# ----------------------------------------------------------------------- pages and the API


def test_the_enterprise_pages_declare_paste_list_and_remove(
    client, catalogue, firm, firm_user, product
):
    client.force_login(firm_user)
    assert client.get(reverse("validity:register")).url == reverse(
        "validity:register_enterprise", args=[firm.pk]
    )
    page = client.get(reverse("validity:register_enterprise", args=[firm.pk]))
    assert page.status_code == 200 and "电烤箱" in page.content.decode()
    response = client.post(
        reverse("validity:register_declare", args=[firm.pk]),
        {"product_id": str(product.pk), "designation": "GB/T 19001-2016", "note": "主标准"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("validity:register_bulk", args=[firm.pk]),
        {
            "product_id": "",
            "product_name": "面包机",
            "designations": "GB 2762-2022\nT/CAS 100-2019",
        },
    )
    assert response.status_code == 302
    body = client.get(reverse("validity:register_enterprise", args=[firm.pk])).content.decode()
    for text in ("GB/T 19001-2016", "面包机", "T/CAS 100-2019", "主标准"):
        assert text in body
    item = DeclaredStandard.objects.get(designation="T/CAS 100-2019")
    assert client.post(reverse("validity:register_remove", args=[item.pk])).status_code == 302
    assert not DeclaredStandard.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"designation": "这不是标准号", "product_name": "面包机"}, "无法识别"),
        ({"designation": "GB 2762-2022", "product_name": ""}, "请选择出口产品或填写产品名称"),
        ({"designation": "GB 2762-2022\x07", "product_name": "面包机"}, "控制字符"),
        ({"designation": "GB 2762-2022\x00", "product_name": "面包机"}, ""),  # the guard's page
        ({"designation": "GB 2762-2022", "product_name": "面" * 201}, "200"),
        ({"designation": "GB 2762-2022", "product_id": "999999999"}, "选择"),
        ({"designation": "", "product_name": "面包机"}, "必填"),
    ],
)
def test_bad_input_on_the_page_is_refused_and_stores_nothing(
    client, catalogue, firm, firm_user, product, values, expected
):
    client.force_login(firm_user)
    response = client.post(reverse("validity:register_declare", args=[firm.pk]), values)
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not DeclaredStandard.objects.exists() and not WatchedStandard.objects.exists()


def test_a_product_of_another_enterprise_is_refused(
    catalogue, firm, firm_user, make_enterprise, bureau_user
):
    from biaozhun.enterprises.profiles.services import ProductData, add_product

    rival = make_enterprise("扬州产品竞争对手有限公司", "广陵区")
    theirs = add_product(bureau_user, rival, ProductData("851660", "他人电烤箱"))
    with pytest.raises(DomainError) as exc:
        services.declare_standard(firm_user, firm, designation="GB 2762-2022", product_id=theirs.pk)
    assert exc.value.code == "product_unknown" and exc.value.details["field"] == "product_id"
    assert not DeclaredStandard.objects.exists()


def test_bad_input_on_the_api_answers_zh_en_errors_and_stores_nothing(
    client, catalogue, firm, firm_user
):
    client.force_login(firm_user)

    def post(path, payload):
        return client.post(path, json.dumps(payload), content_type="application/json")

    cases = [
        ("/api/validity/register", {"designation": "这不是标准号", "product_name": "x"}, 400),
        ("/api/validity/register", {"designation": "GB 2762-2022"}, 400),
        ("/api/validity/register", {"designation": "GB 2762-2022" * 30, "product_name": "x"}, 400),
        ("/api/validity/register", {"designation": ["GB 2762-2022"], "product_name": "x"}, 422),
        ("/api/validity/register", {"designation": "GB 2762-2022\x07", "product_name": "x"}, 400),
        ("/api/validity/register", {"designation": "GB 2762-2022", "product_id": 2**40}, 400),
        ("/api/validity/register/bulk", {"designations": "GB 1\n" * 501, "product_name": "x"}, 400),
        (
            "/api/validity/register/bulk",
            {"designations": "GB 2762-2022\nxx", "product_name": "x"},
            400,
        ),
        ("/api/validity/register/bulk", {"designations": "", "product_name": "x"}, 400),
    ]
    for path, payload, status in cases:
        response = post(path, payload)
        assert response.status_code == status, (payload, response.content)
        body = response.json()
        assert body["message_zh"] and body["message_en"], body
    assert not DeclaredStandard.objects.exists() and not WatchedStandard.objects.exists()
    ok = post("/api/validity/register", {"designation": "GB 2762-2022", "product_name": "酱菜"})
    assert ok.status_code == 201 and ok.json()["designation"] == "GB 2762-2022"
    assert (
        post(
            "/api/validity/register", {"designation": "GB 2762-2022", "product_name": "酱菜"}
        ).status_code
        == 409
    )
    bulk = post(
        "/api/validity/register/bulk",
        {"designations": "GB 2762-2022\nGB/T 1.1-2020", "product_name": "酱菜"},
    ).json()
    assert [d["designation"] for d in bulk["created"]] == ["GB/T 1.1-2020"]
    assert bulk["skipped"] == ["GB 2762-2022"]
    assert client.get("/api/validity/register?unknown=maybe").status_code == 400
    assert client.get("/api/validity/register?unknown=0").json()["count"] == 2
    item_id = ok.json()["id"]
    assert client.delete(f"/api/validity/register/{item_id}").status_code == 204
    assert client.get("/api/validity/register/unknown").status_code == 403


def test_demo_declarations_are_idempotent(catalogue, make_enterprise, make_user):
    import io

    from biaozhun.validity.demo import DEMO_DECLARED, load_demo_validity

    firm = make_enterprise("扬州示例光电科技有限公司")
    make_user("enterprise_user", "guangdian", enterprise=firm)
    out = io.StringIO()
    load_demo_validity(out)
    load_demo_validity(out)
    declared = DeclaredStandard.objects.filter(enterprise=firm)
    assert sorted(declared.values_list("designation", flat=True)) == sorted(
        DEMO_DECLARED["guangdian"]
    )
    assert declared.filter(standard__isnull=True).exists()  # the desk has something to see
    assert "登记执行标准" in out.getvalue()
