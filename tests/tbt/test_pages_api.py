"""Desk pages and API: reading for everyone signed in, writing for bureau staff only."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from biaozhun.tbt.examples import examples_dir, write_xlsx
from biaozhun.tbt.models import ClassificationCorrection, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def examples(members: None) -> None:
    from django.apps import apps

    config: Any = apps.get_app_config("tbt")
    config.load_demo_data(io.StringIO())


def test_list_filters_and_htmx(client: Any, make_user: Any, examples: None) -> None:
    client.force_login(make_user("expert"))
    url = reverse("tbt:list")
    page = client.get(url).content.decode()
    assert "G/TBT/N/EU/9101" in page and "G/TBT/N/USA/9202" in page
    body = client.get(url, {"member": "USA"}).content.decode()
    assert "G/TBT/N/USA/9202" in body and "G/TBT/N/EU/9101" not in body
    body = client.get(url, {"export_group": "textiles"}).content.decode()
    assert "G/TBT/N/TPKM/9505" in body and "G/TBT/N/USA/9202" not in body
    body = client.get(url, {"industry": "new-light-sources"}).content.decode()
    assert "G/TBT/N/EU/9101" in body and "G/TBT/N/SAU/9303" not in body
    body = client.get(url, {"hs": "8507"}).content.decode()
    assert "G/TBT/N/USA/9202" in body and "G/TBT/N/EU/9101" not in body
    body = client.get(url, {"hs": "6109.10"}).content.decode()  # chapter 61 given by TPKM
    assert "G/TBT/N/TPKM/9505" in body
    body = client.get(url, {"ics": "29.060"}).content.decode()
    assert "G/TBT/N/KOR/9404" in body and "G/TBT/N/EU/9101" not in body
    body = client.get(
        url, {"deadline_from": "2026-11-01", "deadline_to": "2026-11-30"}
    ).content.decode()
    assert "G/TBT/N/EU/9101" in body and "G/TBT/N/SAU/9303" not in body
    body = client.get(url, {"distributed_from": "2026-10-01"}).content.decode()
    assert "G/TBT/N/KOR/9404" in body and "G/TBT/N/SAU/9303" not in body
    partial = client.get(url, {"member": "USA"}, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b"G/TBT/N/USA/9202" in partial.content
    bad = client.get(url, {"hs": "x1"}).content.decode()
    assert "alert-danger" in bad


def test_anonymous_redirected(client: Any) -> None:
    assert client.get(reverse("tbt:list")).status_code == 302


def test_detail_shows_everything(client: Any, make_user: Any, examples: None) -> None:
    client.force_login(make_user("expert"))
    base = Notification.objects.get(symbol="G/TBT/N/EU/9110")
    body = client.get(reverse("tbt:detail", args=[base.pk])).content.decode()
    assert "G/TBT/N/EU/9110/Add.1/Corr.1" in body and "G/TBT/N/EU/9110/Add.1" in body
    assert 'data-testid="classification"' in body
    assert "correction-form" not in body and "correction-history" not in body  # not bureau
    usa = Notification.objects.get(symbol="G/TBT/N/USA/9202")
    body = client.get(reverse("tbt:detail", args=[usa.pk])).content.decode()
    assert "待定" in body and "dates-flagged" in body  # "To be determined", in Chinese
    assert client.get(reverse("tbt:detail", args=[999999])).status_code == 404


def test_desk_form_create_and_edit(client: Any, bureau_user: Any, members: None) -> None:
    client.force_login(bureau_user)
    form = {
        "symbol": "g/tbt/n/kor/1500",
        "distributed_on": "2026-03-02",
        "title": "Safety requirements for LED lamps",
        "title_zh": "LED 灯安全要求",
        "summary_zh": "韩国拟修订 LED 灯的安全确认要求。",
        "hs_codes": "8539.52",
        "ics_codes": "",
        "keywords": "Lighting; Safety",
        "comment_deadline": "60 days after notification",
        "adoption_date": "To be determined",
        "entry_into_force": "01/02/2027",
        "links": "https://example.org/doc.pdf",
        "status": "notified",
    }
    response = client.post(reverse("tbt:create"), form)
    assert response.status_code == 302
    n = Notification.objects.get(symbol="G/TBT/N/KOR/1500")
    assert n.title_zh == "LED 灯安全要求" and n.source == "desk"
    assert str(n.comment_deadline) == "2026-05-01"
    assert n.entry_into_force is None and n.entry_into_force_text == "01/02/2027"
    assert n.dates_flagged
    # duplicates and bad values are refused with a message
    again = client.post(reverse("tbt:create"), form)
    assert again.status_code == 200 and "已存在" in again.content.decode()
    bad = client.post(
        reverse("tbt:create"), {**form, "symbol": "G/TBT/N/KOR/1501", "hs_codes": "85x"}
    )
    assert (
        bad.status_code == 200
        and not Notification.objects.filter(symbol="G/TBT/N/KOR/1501").exists()
    )
    bad = client.post(reverse("tbt:create"), {**form, "symbol": "TBT 1501"})
    assert bad.status_code == 200
    bad = client.post(
        reverse("tbt:create"), {**form, "symbol": "G/TBT/N/KOR/1502", "links": "ftp://x"}
    )
    assert (
        bad.status_code == 200
        and not Notification.objects.filter(symbol="G/TBT/N/KOR/1502").exists()
    )
    edit_url = reverse("tbt:edit", args=[n.pk])
    assert "LED 灯安全要求" in client.get(edit_url).content.decode()
    response = client.post(
        edit_url, {**form, "symbol": "G/TBT/N/KOR/1500", "entry_into_force": "2027-02-01"}
    )
    assert response.status_code == 302
    n.refresh_from_db()
    assert str(n.entry_into_force) == "2027-02-01" and n.entry_into_force_text == "2027-02-01"
    assert n.dates_flagged  # the adoption date is still "To be determined"


def test_desk_form_forbidden_to_others(client: Any, make_user: Any, members: None) -> None:
    client.force_login(make_user("expert"))
    assert client.get(reverse("tbt:create")).status_code == 403
    assert client.get(reverse("tbt:import")).status_code == 403


def test_import_page(client: Any, bureau_user: Any, members: None) -> None:
    client.force_login(bureau_user)
    rows = [
        {"Document symbol": "G/TBT/N/EU/1300", "Title": "Toys", "Distribution date": "2026-03-02"},
        {"Document symbol": "G/TBT/N/EU/1301", "Title": "Toys", "Distribution date": "sometime"},
    ]
    upload = SimpleUploadedFile("export.xlsx", write_xlsx(rows))
    body = client.post(reverse("tbt:import"), {"file": upload}).content.decode()
    assert "import-report" in body and "sometime" in body
    assert Notification.objects.filter(symbol="G/TBT/N/EU/1300").exists()
    body = client.post(
        reverse("tbt:import"), {"file": SimpleUploadedFile("x.txt", b"hello")}
    ).content.decode()
    assert "import-report" not in body


def test_correction_kept_and_wins(client: Any, bureau_user: Any, examples: None) -> None:
    from biaozhun.tbt.importers import import_eping_json

    client.force_login(bureau_user)
    n = Notification.objects.get(symbol="G/TBT/N/JPN/9606")
    response = client.post(
        reverse("tbt:correct", args=[n.pk]),
        {"field": "export_groups", "codes": "electromechanical, light-industry", "note": "家电"},
    )
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.export_group_slugs == ["electromechanical", "light-industry"]
    assert n.export_groups[0]["source"] == "staff"
    # re-import and reclassification keep the correction
    import_eping_json(None, examples_dir() / "EXAMPLE-eping-api.json", is_example=True)
    client.post(reverse("tbt:reclassify", args=[n.pk]))
    n.refresh_from_db()
    assert n.export_group_slugs == ["electromechanical", "light-industry"]
    assert ClassificationCorrection.objects.filter(notification=n).count() == 1
    body = client.get(reverse("tbt:detail", args=[n.pk])).content.decode()
    assert "家电" in body and "correction-history" in body
    assert "bureau-staff" not in str(n.export_groups)  # who corrected is not in the reason
    # a bad code is refused
    client.post(reverse("tbt:correct", args=[n.pk]), {"field": "industries", "codes": "steel"})
    assert ClassificationCorrection.objects.filter(notification=n).count() == 1
    # reset
    client.post(reverse("tbt:correct", args=[n.pk]), {"reset": "1", "field": "export_groups"})
    n.refresh_from_db()
    assert all(g["source"] != "staff" for g in n.export_groups)


def test_correction_forbidden_to_others(client: Any, make_user: Any, examples: None) -> None:
    client.force_login(make_user("expert"))
    n = Notification.objects.get(symbol="G/TBT/N/JPN/9606")
    response = client.post(
        reverse("tbt:correct", args=[n.pk]), {"field": "industries", "codes": ""}
    )
    assert response.status_code == 403
    assert not ClassificationCorrection.objects.exists()


# ---------------------------------------------------------------------------------- API


def test_api_list_detail(client: Any, make_user: Any, examples: None) -> None:
    client.force_login(make_user("expert"))
    data = client.get("/api/tbt/notifications", {"member": "EU"}).json()
    assert data["count"] == 5
    assert {i["member_code"] for i in data["items"]} == {"EU"}
    data = client.get("/api/tbt/notifications", {"export_group": "textiles"}).json()
    assert "G/TBT/N/TPKM/9505" in [i["symbol"] for i in data["items"]]
    base = client.get("/api/tbt/notifications/by-symbol", {"symbol": "g/tbt/n/eu/9110"}).json()
    assert base["symbol"] == "G/TBT/N/EU/9110"
    assert "G/TBT/N/EU/9110/Add.1/Corr.1" in base["documents"]
    one = client.get(f"/api/tbt/notifications/{base['id']}").json()
    assert one["hs_headings"] and one["export_groups"][0]["reason_zh"]
    missing = client.get("/api/tbt/notifications/999999")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    bad = client.get("/api/tbt/notifications", {"hs": "abc"})
    assert bad.status_code == 400 and bad.json()["message_zh"]


def test_api_anonymous(client: Any) -> None:
    assert client.get("/api/tbt/notifications").status_code == 401


def test_api_create_and_correct(
    client: Any, bureau_user: Any, make_user: Any, members: None
) -> None:
    payload = {
        "symbol": "G/TBT/N/USA/3000",
        "distributed_on": "2026-03-02",
        "title": "Lithium-ion batteries for e-bikes",
        "hs_codes": ["8507.60"],
        "comment_deadline": "60 days after notification",
        "entry_into_force": "To be determined",
    }
    client.force_login(make_user("expert"))
    denied = client.post("/api/tbt/notifications", payload, content_type="application/json")
    assert denied.status_code == 403 and denied.json()["message_en"]
    client.force_login(bureau_user)
    created = client.post("/api/tbt/notifications", payload, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["comment_deadline"] == "2026-05-01"
    assert body["entry_into_force"] is None and body["dates_flagged"]
    again = client.post("/api/tbt/notifications", payload, content_type="application/json")
    assert again.status_code == 200
    bad = client.post(
        "/api/tbt/notifications",
        {**payload, "symbol": "G/TBT/N/USA/x"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"].startswith("symbol_")
    corrected = client.post(
        f"/api/tbt/notifications/{body['id']}/corrections",
        {"field": "industries", "codes": ["new-energy"], "note": "e-bike batteries"},
        content_type="application/json",
    )
    assert corrected.status_code == 200
    assert [i["code"] for i in corrected.json()["industries"]] == ["new-energy"]
    wrong = client.post(
        f"/api/tbt/notifications/{body['id']}/corrections",
        {"field": "industries", "codes": ["textiles"]},
        content_type="application/json",
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "unknown_sector"


def test_api_import(client: Any, bureau_user: Any, make_user: Any, members: None) -> None:
    content = (examples_dir() / "EXAMPLE-eping-api.json").read_bytes()
    client.force_login(make_user("expert"))
    denied = client.post("/api/tbt/import", {"file": SimpleUploadedFile("a.json", content)})
    assert denied.status_code == 403
    client.force_login(bureau_user)
    result = client.post("/api/tbt/import", {"file": SimpleUploadedFile("a.json", content)})
    assert result.status_code == 200 and result.json()["created"] == 7
    assert json.loads(result.content)["errors"] == []


def test_every_signed_in_role_reads(
    client: Any, make_enterprise: Any, enterprise_user: Any, district_officer: Any, examples: None
) -> None:
    n = Notification.objects.get(symbol="G/TBT/N/EU/9101")
    for user in (enterprise_user(make_enterprise()), district_officer("广陵区")):
        client.force_login(user)
        assert client.get(reverse("tbt:list")).status_code == 200
        assert client.get(reverse("tbt:detail", args=[n.pk])).status_code == 200
        assert client.get("/api/tbt/notifications").json()["count"] == 16
        assert (
            client.post(reverse("tbt:correct", args=[n.pk]), {"field": "industries"}).status_code
            == 403
        )
        assert client.get(reverse("tbt:create")).status_code == 403


def test_dashboard_cards(bureau_user: Any, make_user: Any, examples: None) -> None:
    from django.apps import apps
    from django.utils import timezone

    config: Any = apps.get_app_config("tbt")
    cards = {c["key"]: c for c in config.dashboard_cards(bureau_user)}
    today = timezone.localdate()
    expected = Notification.objects.filter(comment_deadline__gte=today).count()
    assert cards["tbt_open"]["value"] == expected
    assert (
        cards["tbt_flagged"]["value"] == Notification.objects.filter(dates_flagged=True).count() > 0
    )
    expert_cards = {c["key"] for c in config.dashboard_cards(make_user("expert"))}
    assert expert_cards == {"tbt_open"}


def test_list_shows_sector_names(client: Any, make_user: Any, examples: None) -> None:
    client.force_login(make_user("expert"))
    body = client.get(reverse("tbt:list"), {"member": "TPKM"}).content.decode()
    assert "纺织服装" in body
    body = client.get(
        reverse("tbt:list"), {"member": "TPKM"}, headers={"accept-language": "en"}
    ).content.decode()
    assert "Textiles and clothing" in body and "纺织服装" not in body
