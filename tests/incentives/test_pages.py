"""The pages: applying per kind with the pre-computed decision, editing a draft, the review
actions, payment, attachments, budgets and policy versions."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from biaozhun.incentives import applications, review
from biaozhun.incentives.models import Application, Policy

from .conftest import drafting_facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def ent_client(client, urban, enterprise_user):
    user = enterprise_user(urban)
    client.force_login(user)
    client.user = user
    return client


DRAFTING_POST = {
    "designation": "GB/T 88888-2013",
    "level": "national",
    "title": "示例",
    "approved": "on",
    "published": "on",
    "publish_date": "2013-06-01",
    "rank": "3",
    "co_drafters_top_two": "0",
    "year": "2026",
    "evidence_kind": "drafting",
}


def test_enterprise_applies_and_sees_what_is_missing(ent_client, urban):
    assert ent_client.get("/incentives/new/standard_drafting/").status_code == 200
    response = ent_client.post(
        "/incentives/new/standard_drafting/",
        DRAFTING_POST | {"evidence": SimpleUploadedFile("rank.pdf", b"%PDF-1.4 evidence")},
    )
    assert response.status_code == 302
    app = Application.objects.get()
    assert app.enterprise == urban and app.state == "draft" and app.attachments.count() == 1
    page = ent_client.get(response["Location"]).content.decode()
    assert "尚不满足的条件" in page
    # today is after the 2011 policy's end, rank 3 and not the proposer
    assert "policy.valid_on_date" in page and "drafting.rank" in page
    assert "drafting.proposer" in page
    assert "rank.pdf" in page


def test_form_validation_errors_are_shown(ent_client):
    response = ent_client.post("/incentives/new/standard_drafting/", {"level": "national"})
    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert "invalid-feedback" in response.content.decode()


def test_unknown_kind_is_404(ent_client):
    assert ent_client.get("/incentives/new/lottery/").status_code == 404


def test_staff_cannot_open_the_application_form(client, bureau_user, policies):
    client.force_login(bureau_user)
    assert client.get("/incentives/new/standard_drafting/").status_code == 403


def test_adoption_form_with_products(ent_client):
    data = {
        "year": "2026",
        "evidence_kind": "export",
        "products-TOTAL_FORMS": "2",
        "products-INITIAL_FORMS": "0",
        "products-MIN_NUM_FORMS": "1",
        "products-MAX_NUM_FORMS": "50",
        "products-0-name": "LED 路灯",
        "products-0-adopted_standard": "IEC 60598-2-3:2002",
        "products-0-adopted_standard_kind": "international",
        "products-0-adoption_degree": "IDT",
        "products-0-exported": "on",
        "products-0-export_evidence": "报关单 1",
    }
    response = ent_client.post("/incentives/new/adoption_export/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    app = Application.objects.get()
    assert app.facts["products"][0]["adopted_standard"] == "IEC 60598-2-3:2002"
    empty = dict(data, **{"products-0-name": "", "products-0-adopted_standard": ""})
    response = ent_client.post("/incentives/new/adoption_export/", empty)
    assert response.status_code == 200


def test_committee_form(ent_client):
    data = {
        "committee_kind": "SC",
        "code": "SAC/TC 1/SC 2",
        "national": "on",
        "secretariat_here": "on",
        "established": "2024-05-01",
        "requested_amount": "100000",
        "year": "2026",
        "evidence_kind": "committee",
    }
    assert ent_client.post("/incentives/new/technical_committee/", data).status_code == 302
    assert Application.objects.get().facts["committee"]["code"] == "SAC/TC 1/SC 2"


def test_duplicate_shown_on_the_form(ent_client):
    post = DRAFTING_POST
    assert ent_client.post("/incentives/new/standard_drafting/", post).status_code == 302
    again = ent_client.post("/incentives/new/standard_drafting/", post)
    assert again.status_code == 200 and "不能重复申请" in again.content.decode()


def test_edit_submit_and_review_through_pages(ent_client, client, urban, apply, bureau_user):
    app = applications.create_application(
        ent_client.user,
        urban,
        "standard_drafting",
        drafting_facts(),
        application_date=dt.date(2014, 3, 10),
    )
    edit = ent_client.get(f"/incentives/{app.pk}/edit/")
    assert edit.status_code == 200 and "GB/T 99999-2013" in edit.content.decode()
    post = DRAFTING_POST | {
        "designation": "GB/T 99999-2013",
        "rank": "1",
        "proposer": "on",
        "year": "2014",
    }
    assert ent_client.post(f"/incentives/{app.pk}/edit/", post).status_code == 302
    app.refresh_from_db()
    assert app.eligible and app.computed_amount == 200000
    ent_client.post(f"/incentives/{app.pk}/action/", {"action": "submit"})
    app.refresh_from_db()
    assert app.state == "submitted"
    # the enterprise cannot approve its own
    ent_client.post(f"/incentives/{app.pk}/action/", {"action": "accept"})
    app.refresh_from_db()
    assert app.state == "submitted"

    client.force_login(bureau_user)
    page = client.get(f"/incentives/{app.pk}/").content.decode()
    assert 'data-testid="action-accept"' in page
    for action in ("accept", "forward"):
        client.post(f"/incentives/{app.pk}/action/", {"action": action})
    response = client.post(
        f"/incentives/{app.pk}/action/", {"action": "approve", "amount": "1"}, follow=True
    )
    assert "不能另定" in response.content.decode()
    client.post(f"/incentives/{app.pk}/action/", {"action": "approve", "amount": "200,000"})
    app.refresh_from_db()
    assert app.state == "approved" and app.approved_amount == 200000
    client.post(
        f"/incentives/{app.pk}/pay/",
        {"paid_on": "2014-07-01", "voucher_number": "记-0701", "amount": "200000"},
    )
    app.refresh_from_db()
    assert app.state == "paid"
    page = client.get(f"/incentives/{app.pk}/").content.decode()
    assert "记-0701" in page and "办理记录" in page and "登记支付" in page


def test_attachment_rules(ent_client, urban, apply):
    app = apply(urban)
    client = ent_client
    bad = client.post(
        f"/incentives/{app.pk}/attach/",
        {"kind": "other", "file": SimpleUploadedFile("x.exe", b"MZ")},
        follow=True,
    )
    assert "只接受以下格式" in bad.content.decode()
    client.post(
        f"/incentives/{app.pk}/attach/",
        {"kind": "drafting", "file": SimpleUploadedFile("排名.pdf", b"%PDF-1.4")},
    )
    attachment = app.attachments.get()
    download = client.get(f"/incentives/{app.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"


def test_budget_page_and_form(client, bureau_user, policies):
    client.force_login(bureau_user)
    assert client.get("/incentives/budgets/").status_code == 200
    response = client.post(
        "/incentives/budgets/", {"year": "2014", "payer_code": "city:321000", "amount": "2000000"}
    )
    assert response.status_code == 302
    page = client.get("/incentives/budgets/").content.decode()
    assert "2,000,000" in page
    bad = client.post(
        "/incentives/budgets/", {"year": "2014", "payer_code": "county:321023", "amount": "1"}
    )
    assert bad.status_code == 200  # not a payer the bureau manages: the choice is refused


def test_policy_pages_and_new_version(client, bureau_user, policies, district_officer):
    city = Policy.objects.get(payer_code="city:321000")
    client.force_login(bureau_user)
    assert "2011.1" in client.get("/incentives/policies/").content.decode()
    assert client.get(f"/incentives/policies/{city.pk}/").status_code == 200
    body = city.body | {"version": "2016.1", "valid_from": "2016-01-01", "valid_to": None}
    response = client.post(
        f"/incentives/policies/{city.pk}/new-version/", {"body": json.dumps(body), "note": "延续"}
    )
    assert response.status_code == 302
    assert Policy.objects.filter(version="2016.1", created_by=bureau_user).exists()
    again = client.post(f"/incentives/policies/{city.pk}/new-version/", {"body": json.dumps(body)})
    assert "已存在" in again.content.decode()
    broken = client.post(f"/incentives/policies/{city.pk}/new-version/", {"body": "{oops"})
    assert "JSON" in broken.content.decode()
    client.force_login(district_officer("宝应县"))
    assert client.get(f"/incentives/policies/{city.pk}/new-version/").status_code == 404


def test_dashboard_cards(client, urban, apply, bureau_user):
    from django.apps import apps

    app = apply(urban)
    config = apps.get_app_config("incentives")
    cards = config.dashboard_cards(app.created_by)
    assert cards[0]["value"] == 1
    review.transition(app.created_by, app, "submit")
    assert config.dashboard_cards(bureau_user)[0]["value"] == 1
    client.force_login(bureau_user)
    assert client.get("/").status_code == 200


def test_pages_in_english_and_htmx_partial(client, urban, apply, bureau_user):
    app = apply(urban)
    client.force_login(app.created_by)
    client.cookies["django_language"] = "en"
    page = client.get(f"/incentives/{app.pk}/").content.decode()
    assert "Pre-computed decision" in page and "History" in page and "Yangzhou Municipal" in page
    assert "政策预审结论" not in page
    partial = client.get("/incentives/", headers={"HX-Request": "true"}).content.decode()
    assert app.reference in partial and "<html" not in partial
