"""Import of export profiles (bad rows by line, zh/en) and the profile API."""

import io

import pytest

from biaozhun.enterprises.models import ExportMarket, ExportProduct
from biaozhun.enterprises.profiles.importers import import_profiles

pytestmark = pytest.mark.django_db


def _csv(rows):
    return "\n".join(",".join(r) for r in rows).encode("utf-8")


def test_import_reports_bad_rows_by_line(make_enterprise, bureau_user):
    a = make_enterprise("甲企业", "广陵区")
    b = make_enterprise("乙企业", "宝应县")
    data = _csv(
        [
            ["统一社会信用代码", "HS编码", "产品描述", "ICS分类", "关键词", "出口市场", "出口占比"],
            [a.credit_code, "8507.60", "锂电池", "", "储能", "EU", "60%"],  # 2 ok
            [a.credit_code, "850440", "充电器", "", "", "USA", "0.3"],  # 3 ok
            [a.credit_code, "", "", "", "", "JPN", "0.2"],  # 4 shares over 1
            [a.credit_code, "85x", "坏编码", "", "", "", ""],  # 5 bad HS
            ["91320000XXXXXXXXXX", "8507", "电池", "", "", "", ""],  # 6 bad credit code
            [a.credit_code, "", "", "", "", "", ""],  # 7 empty except code
            [b.credit_code, "6109", "T恤", "", "", "Narnia", ""],  # 8 unknown market
            [b.credit_code, "6109", "", "", "", "", ""],  # 9 no description
            [a.credit_code, "8507.60", "锂离子电池", "", "储能", "", ""],  # 10 update
            [b.credit_code, "", "", "", "", "", "0.5"],  # 11 share without market
        ]
    )
    report = import_profiles(bureau_user, io.BytesIO(data), "profiles.csv")
    errors = {e.line: e for e in report.errors}
    assert set(errors) == {4, 5, 6, 7, 8, 9, 11}
    assert errors[4].code == "shares_over_one" and "不能超过" in errors[4].message_zh
    assert errors[5].field == "hs_code" and errors[5].message_en
    assert errors[6].field == "credit_code"
    assert errors[8].code == "market_unknown"
    assert errors[9].code == "description_required"
    assert report.created == 2 and report.updated == 1
    assert sorted(ExportProduct.objects.values_list("hs_code", "description_zh")) == [
        ("850440", "充电器"),
        ("850760", "锂离子电池"),
    ]
    # row 8 failed on its market after the product was saved: the row is atomic
    assert not ExportProduct.objects.filter(profile__enterprise=b).exists()
    assert sorted(ExportMarket.objects.values_list("code", flat=True)) == ["EU", "USA"]


def test_import_is_scoped(make_enterprise, enterprise_user, district_officer):
    a = make_enterprise("甲企业", "广陵区")
    b = make_enterprise("乙企业", "宝应县")
    data = _csv(
        [
            ["信用代码", "HS编码", "产品描述"],
            [a.credit_code, "8507", "电池"],
            [b.credit_code, "8507", "电池"],
        ]
    )
    report = import_profiles(enterprise_user(a), io.BytesIO(data), "p.csv")
    assert [e.line for e in report.errors] == [3]
    assert report.errors[0].code == "unknown_enterprise"
    report = import_profiles(district_officer("宝应县"), io.BytesIO(data), "p.csv")
    assert [e.line for e in report.errors] == [2]


def test_import_page_and_api(client, bureau_user, make_enterprise):
    a = make_enterprise("甲企业", "广陵区")
    client.force_login(bureau_user)
    upload = io.BytesIO(_csv([["信用代码", "HS编码", "产品描述"], [a.credit_code, "12345", "x"]]))
    upload.name = "p.csv"
    page = client.post("/alerts/profiles/import/", {"file": upload}).content.decode()
    assert "位数应为" in page
    upload = io.BytesIO(_csv([["信用代码", "HS编码", "产品描述"], [a.credit_code, "8507", "电池"]]))
    upload.name = "p.csv"
    body = client.post("/api/alerts/profiles/import", {"file": upload}).json()
    assert body["created"] == 1 and body["errors"] == []
    upload = io.BytesIO(b"foo,bar\n1,2\n")
    upload.name = "p.csv"
    page = client.post("/alerts/profiles/import/", {"file": upload}).content.decode()
    assert "缺少必填列" in page


def test_profile_api_get_put_and_scope(client, make_enterprise, enterprise_user):
    a = make_enterprise("甲企业", "广陵区")
    b = make_enterprise("乙企业", "宝应县")
    user = enterprise_user(a)
    client.force_login(user)
    assert client.get(f"/api/alerts/profiles/{a.pk}").json()["products"] == []
    payload = {
        "products": [{"hs_code": "8507.60", "description_zh": "锂电池"}],
        "markets": [{"code": "EU", "share": "0.6"}, {"code": "USA"}],
        "alert_user_ids": [user.pk],
    }
    r = client.put(f"/api/alerts/profiles/{a.pk}", payload, content_type="application/json")
    assert r.status_code == 200
    body = r.json()
    assert body["products"][0]["hs_code"] == "850760"
    assert {m["code"] for m in body["markets"]} == {"EU", "USA"}
    assert body["alert_user_ids"] == [user.pk]
    bad = dict(payload, markets=[{"code": "EU", "share": "0.6"}, {"code": "USA", "share": 0.6}])
    r = client.put(f"/api/alerts/profiles/{a.pk}", bad, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "shares_over_one"
    assert set(r.json()) == {"code", "message_zh", "message_en", "details"}
    assert client.get(f"/api/alerts/profiles/{b.pk}").status_code == 404
    r = client.put(f"/api/alerts/profiles/{b.pk}", payload, content_type="application/json")
    assert r.status_code == 404
