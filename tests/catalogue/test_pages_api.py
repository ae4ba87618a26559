"""Pages and API: any signed-in user may search (public data); anonymous users may not."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from biaozhun.catalogue.models import Standard

pytestmark = pytest.mark.django_db


def test_api_search_shape(
    catalogue: None, client: Any, enterprise_user: Any, make_enterprise: Any
) -> None:
    client.force_login(enterprise_user(make_enterprise()))
    response = client.get("/api/catalogue/standards/", {"q": "gbt1.1"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "count", "facets"}
    assert body["count"] == 3
    first = body["items"][0]
    assert first["canonical"] == "GB/T 1.1-2020" and first["exact"] is True
    assert set(first) == {
        "id",
        "canonical",
        "title_zh",
        "title_en",
        "status",
        "level",
        "published_on",
        "is_example",
        "exact",
    }
    assert body["facets"]["status"] == {"current": 1, "replaced": 2}


def test_api_filters_validate(catalogue: None, client: Any, bureau_user: Any) -> None:
    client.force_login(bureau_user)
    response = client.get("/api/catalogue/standards/", {"level": "galactic"})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_level"
    response = client.get("/api/catalogue/standards/", {"published_from": "not-a-date"})
    assert response.status_code == 400  # a bad query parameter: 400 bad_query (was 422)
    assert response.json()["code"] == "bad_query"


def test_api_anonymous_is_refused(catalogue: None, client: Any) -> None:
    assert client.get("/api/catalogue/standards/", {"q": "灯"}).status_code == 401


def test_api_detail(catalogue: None, client: Any, bureau_user: Any) -> None:
    client.force_login(bureau_user)
    std = Standard.objects.get(canonical="GB 2762-2017")
    body = client.get(f"/api/catalogue/standards/{std.pk}").json()
    assert body["canonical"] == "GB 2762-2017"
    assert body["replaced_by"]["canonical"] == "GB 2762-2022"
    assert [e["canonical"] for e in body["editions"]] == [
        "GB 2762-2012",
        "GB 2762-2017",
        "GB 2762-2022",
    ]
    assert body["is_example"] is True
    gbt = Standard.objects.get(canonical="GB/T 19001-2016")
    body = client.get(f"/api/catalogue/standards/{gbt.pk}").json()
    iso = Standard.objects.get(canonical="ISO 9001:2015")
    assert body["adoptions"] == [
        {"designation": "ISO 9001:2015", "degree": "IDT", "standard_id": iso.pk}
    ]
    body = client.get(f"/api/catalogue/standards/{iso.pk}").json()
    assert body["adopted_by"][0]["designation"] == "GB/T 19001-2016"
    assert [a["canonical"] for a in body["amendments"]] == ["ISO 9001:2015/Amd 1:2024"]
    html = client.get(reverse("catalogue:detail", args=[iso.pk])).content.decode()
    assert 'data-testid="amendments"' in html and "ISO 9001:2015/Amd 1:2024" in html
    assert client.get("/api/catalogue/standards/999999").status_code == 404


def test_search_page_and_htmx_partial(
    catalogue: None, client: Any, enterprise_user: Any, make_enterprise: Any
) -> None:
    client.force_login(enterprise_user(make_enterprise()))
    url = reverse("catalogue:search")
    page = client.get(url, {"q": "电池"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "GB 31241-2022" in html and 'data-testid="facet-level"' in html
    assert "<html" in html
    partial = client.get(url, {"q": "灯", "status": "current"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    body = partial.content.decode()
    assert "<html" not in body and "GB 7000.1-2015" in body and "GB 7000.1-2007" not in body


def test_search_page_reports_bad_filters(catalogue: None, client: Any, bureau_user: Any) -> None:
    client.force_login(bureau_user)
    page = client.get(reverse("catalogue:search"), {"ics": "abc", "published_from": "x"})
    assert page.status_code == 200
    assert 'data-testid="search-errors"' in page.content.decode()


def test_pages_need_login(catalogue: None, client: Any) -> None:
    response = client.get(reverse("catalogue:search"))
    assert response.status_code == 302


def test_standard_page(
    catalogue: None, client: Any, bureau_user: Any, make_enterprise: Any
) -> None:
    from biaozhun.catalogue.services import link_drafters_to_enterprise

    enterprise = make_enterprise("扬州示例光电科技有限公司(示例)")
    assert link_drafters_to_enterprise(enterprise) >= 1
    client.force_login(bureau_user)
    std = Standard.objects.get(canonical="GB 7000.1-2015")
    html = client.get(reverse("catalogue:detail", args=[std.pk])).content.decode()
    assert 'data-testid="edition-timeline"' in html
    assert "GB 7000.1-2007" in html  # the predecessor on the timeline
    assert "IEC 60598-1:2014" in html and "MOD" in html  # adoption
    assert "29.140.40" in html and "29.140" in html  # ICS path
    assert "扬州示例光电科技有限公司(示例)" in html
    assert reverse("enterprises:detail", args=[enterprise.pk]) in html
    assert 'data-testid="example-badge"' in html
    assert client.get(reverse("catalogue:detail", args=[999999])).status_code == 404


def test_enterprise_user_sees_drafter_name_without_link_to_other_enterprise(
    catalogue: None, client: Any, enterprise_user: Any, make_enterprise: Any
) -> None:
    from biaozhun.catalogue.services import link_drafters_to_enterprise

    other = make_enterprise("扬州示例光电科技有限公司(示例)")
    link_drafters_to_enterprise(other)
    client.force_login(enterprise_user(make_enterprise()))
    std = Standard.objects.get(canonical="GB 7000.1-2015")
    html = client.get(reverse("catalogue:detail", args=[std.pk])).content.decode()
    assert "扬州示例光电科技有限公司(示例)" in html
    assert reverse("enterprises:detail", args=[other.pk]) not in html


def test_dashboard_card_and_demo_linking(
    catalogue: None, bureau_user: Any, make_enterprise: Any
) -> None:
    import io

    from django.apps import apps

    from biaozhun.catalogue.models import DraftingOrganisation

    config = apps.get_app_config("catalogue")
    [card] = config.dashboard_cards(bureau_user)  # type: ignore[attr-defined]
    assert card["value"] == Standard.objects.filter(status="current").count() > 0
    assert card["url"].startswith(reverse("catalogue:search"))
    enterprise = make_enterprise("扬州示例蓄电池有限公司(示例)")
    out = io.StringIO()
    config.load_demo_data(out)  # type: ignore[attr-defined]
    drafter = DraftingOrganisation.objects.get(standard__canonical="GB/T 19638.1-2014")
    assert drafter.enterprise == enterprise
    config.load_demo_data(out)  # idempotent
    assert DraftingOrganisation.objects.filter(enterprise=enterprise).count() == 1


def test_import_page_for_bureau_staff(client: Any, bureau_user: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(bureau_user)
    template = client.get(reverse("catalogue:import_template"))
    assert template.status_code == 200
    text = template.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("标准号,中文名称,英文名称,状态")
    csv_text = (
        text.splitlines()[0]
        + "\nDB3210/T 1200-2025,扬州漆器(示例),,现行,2025-01-01,2025-02-01,,,97.180,Y88,\n"
        + "不是标准号,坏行,,,,,,,,,\n"
    )
    upload = SimpleUploadedFile("local.csv", csv_text.encode("utf-8"), content_type="text/csv")
    page = client.post(reverse("catalogue:import"), {"format": "template", "file": upload})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="import-errors"' in html and "<td>3</td>" in html
    assert Standard.objects.filter(canonical="DB3210/T 1200-2025", source="template").exists()


def test_import_page_refuses_wrong_extension_and_other_roles(
    client: Any, bureau_user: Any, enterprise_user: Any, make_enterprise: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(bureau_user)
    upload = SimpleUploadedFile("list.pdf", b"%PDF", content_type="application/pdf")
    page = client.post(reverse("catalogue:import"), {"format": "template", "file": upload})
    assert page.status_code == 200 and 'data-testid="import-report"' not in page.content.decode()
    assert not Standard.objects.exists()
    client.force_login(enterprise_user(make_enterprise()))
    assert client.get(reverse("catalogue:import")).status_code in (302, 403)


def test_active_facet_links_clear_the_filter(
    catalogue: None, client: Any, bureau_user: Any
) -> None:
    client.force_login(bureau_user)
    html = client.get(reverse("catalogue:search"), {"q": "电池", "status": "current", "page": "1"})
    body = html.content.decode()
    # the active status facet is marked and links back to the search without that filter
    assert 'aria-current="true"' in body
    assert 'href="?q=%E7%94%B5%E6%B1%A0"' in body
    assert "T/CAS 115-2005" not in body


def test_changes_page_and_api(
    import_file: Any, client: Any, enterprise_user: Any, make_enterprise: Any, tmp_path: Any
) -> None:
    from .conftest import EXAMPLES

    import_file("cn-platform", EXAMPLES)
    path = tmp_path / "t.csv"
    path.write_text(
        "标准号,中文名称,状态,代替标准\nDB3210/T 1085-2026,漆器髹饰工艺技术规范(示例),现行,DB3210/T 1085-2022\n",
        encoding="utf-8",
    )
    import_file("template", path)
    client.force_login(enterprise_user(make_enterprise()))
    html = client.get(reverse("catalogue:changes"), {"kind": "replaced"}).content.decode()
    assert "DB3210/T 1085-2022" in html and "DB3210/T 1085-2026" in html
    assert "被代替" in html and "被代替 replaced" not in html  # Chinese only (issue 16 §2)
    body = client.get("/api/catalogue/changes/", {"kind": "replaced"}).json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["standard"]["canonical"] == "DB3210/T 1085-2022"
    assert item["replaced_by"]["canonical"] == "DB3210/T 1085-2026"
    assert client.get("/api/catalogue/changes/", {"kind": "nonsense"}).status_code == 400
    bad = client.get(reverse("catalogue:changes"), {"since": "yesterday"}).content.decode()
    assert 'data-testid="change-errors"' in bad
