"""The generic registry pages, the dashboard, the drill-down, tasks and publicity as a user meets
them; the API's validation."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from biaozhun.programme.models import DemonstrationSite, DraftedStandard, Event, Task
from biaozhun.programme.registries import REGISTRIES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", list(REGISTRIES))
def test_every_registry_has_list_form_and_import_pages(client, bureau_user, slug):
    client.force_login(bureau_user)
    for name in ("registry_list", "registry_create", "registry_import"):
        response = client.get(reverse(f"programme:{name}", args=[slug]))
        assert response.status_code == 200, name
    assert client.get(reverse("programme:registry_list", args=["nothing"])).status_code == 404


def test_create_edit_and_inspect_a_site_through_the_pages(client, bureau_user, district):
    client.force_login(bureau_user)
    url = reverse("programme:registry_create", args=["sites"])
    bad = client.post(url, {"kind": "agricultural_zone", "name": "", "field": "水稻"})
    assert bad.status_code == 200 and "这个字段是必填项" in bad.text
    response = client.post(
        url,
        {
            "kind": "agricultural_zone",
            "name": "宝应荷藕示范区",
            "location": "宝应",
            "district": district("宝应县").pk,
            "field": "蔬菜",
            "operator": "合作社",
            "level": "provincial",
            "approved_on": "2013-04-01",
        },
    )
    site = DemonstrationSite.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/r/sites/{site.pk}/")
    edit = client.post(
        reverse("programme:registry_edit", args=["sites", site.pk]),
        {
            "kind": "agricultural_zone",
            "name": "宝应荷藕示范区",
            "location": "宝应",
            "district": district("宝应县").pk,
            "field": "水生蔬菜",
            "operator": "合作社",
            "level": "national",
            "approved_on": "2013-04-01",
        },
    )
    assert edit.status_code == 302
    site.refresh_from_db()
    assert site.level == "national" and site.field == "水生蔬菜"
    early = client.post(
        reverse("programme:inspection_add", args=[site.pk]),
        {"inspected_on": "2012-01-01", "score": "80", "inspector": "检查组", "findings": ""},
        follow=True,
    )
    assert "检查日期早于" in early.text and not site.inspections.exists()
    client.post(
        reverse("programme:inspection_add", args=[site.pk]),
        {"inspected_on": "2014-04-01", "score": "91.5", "inspector": "检查组", "findings": "良好"},
    )
    detail = client.get(reverse("programme:registry_detail", args=["sites", site.pk]))
    assert "91.5" in detail.text and "良好" in detail.text
    from biaozhun.accounts.models import AuditEvent

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "programme.sites.create",
        "programme.sites.update",
        "programme.inspection.create",
    } <= actions


def test_drafted_standard_designation_is_parsed(client, bureau_user, make_enterprise):
    enterprise = make_enterprise("电缆公司", "江都区")
    client.force_login(bureau_user)
    url = reverse("programme:registry_create", args=["drafted"])
    fields = {"title": "电缆", "enterprise": enterprise.pk, "rank": 1, "published_on": "2013-01-01"}
    bad = client.post(url, {**fields, "designation": "XX 12"})
    assert "标准编号" in bad.text and not DraftedStandard.objects.exists()
    client.post(url, {**fields, "designation": "gb／t 29001—2012"})
    standard = DraftedStandard.objects.get()
    assert standard.designation == "GB/T 29001-2012" and standard.level == "national"
    assert standard.district == enterprise.district
    detail = client.get(reverse("programme:registry_detail", args=["drafted", standard.pk]))
    assert "标准目录" in detail.text


def test_api_create_validates(client, bureau_user, district):
    client.force_login(bureau_user)
    ok = client.post(
        "/api/programme/registries/talent",
        {
            "name": "张三",
            "tier": "leading",
            "organisation": "研究所",
            "district": "321002",
            "recognised_on": "2014-02-03",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["district"] == "321002"
    for payload, code in (
        (
            {
                "name": "李四",
                "tier": "guru",
                "organisation": "x",
                "district": "321002",
                "recognised_on": "2014-02-03",
            },
            "invalid_choice",
        ),
        (
            {
                "name": "李四",
                "tier": "leading",
                "organisation": "x",
                "district": "999",
                "recognised_on": "2014-02-03",
            },
            "unknown_district",
        ),
        (
            {
                "name": "李四",
                "tier": "leading",
                "organisation": "x",
                "district": "321002",
                "recognised_on": "2014-13-03",
            },
            "bad_date",
        ),
        ({"nickname": "x"}, "unknown_fields"),
    ):
        response = client.post(
            "/api/programme/registries/talent", payload, content_type="application/json"
        )
        assert response.status_code == 400, payload
        body = response.json()
        assert body["code"] == code and body["message_zh"] and body["message_en"]


def test_dashboard_shows_targets_and_late_tasks(
    client, bureau_user, programme, record, district, yangzhou
):
    from biaozhun.accounts.models import Organisation
    from biaozhun.programme import services

    record(
        "sites",
        kind="agricultural_zone",
        name="示范区",
        field="f",
        operator="o",
        district=district("广陵区"),
        level="municipal",
        approved_on=date(2012, 3, 1),
    )
    services.create_task(
        bureau_user,
        title="报送示范区检查结果",
        organisation=Organisation.objects.get(code="agriculture"),
        deadline=date.today() - timedelta(days=3),
    )
    client.force_login(bureau_user)
    page = client.get(reverse("programme:dashboard") + "?as_of=2016-01-01")
    assert page.status_code == 200
    assert 'data-testid="target-agri-demo-zones"' in page.text
    assert "报送示范区检查结果" in page.text and "扬州市农业委员会" in page.text
    assert 'id="chart-data"' in page.text
    tasks = client.get(reverse("programme:tasks") + "?late=1")
    assert "报送示范区检查结果" in tasks.text
    assert client.get("/api/programme/tasks?late=true").json()[0]["late"] is True


def test_task_progress_and_responsibility(
    client, bureau_user, district_officer, yangzhou, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from biaozhun.common.errors import PermissionDenied
    from biaozhun.programme import services

    task = services.create_task(
        bureau_user,
        title="高邮培训",
        district=__import__("biaozhun.accounts.models", fromlist=["District"]).District.objects.get(
            code="321084"
        ),
        deadline=date(2030, 1, 1),
    )
    with pytest.raises(Exception) as exc:
        services.create_task(bureau_user, title="无人负责", deadline=date(2030, 1, 1))
    assert getattr(exc.value, "code", "") == "assignee_required"
    with pytest.raises(PermissionDenied):
        services.add_progress(district_officer("宝应县"), task, note="x", percent=10)
    officer = district_officer("高邮市")
    client.force_login(officer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("programme:task_detail", args=[task.pk]),
        {
            "percent": 100,
            "note": "已完成培训",
            "attachment": SimpleUploadedFile("名单.txt", "培训名单".encode()),
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.DONE and task.updates.get().attachment
    assert not task.is_late()
    update = task.updates.get()
    url = reverse("programme:progress_attachment", args=[task.pk, update.pk])
    assert url in client.get(reverse("programme:task_detail", args=[task.pk])).text
    download = client.get(url)
    assert b"".join(download.streaming_content).decode() == "培训名单"
    client.force_login(district_officer("宝应县"))  # not this district's task
    assert client.get(url).status_code == 404


def test_world_standards_day_is_on_14_october(client, bureau_user):
    client.force_login(bureau_user)
    url = reverse("programme:publicity")
    wrong = client.post(
        url,
        {
            "event-kind": "world_standards_day",
            "event-title": "标准日",
            "event-held_on": "2013-10-15",
        },
    )
    assert "10 月 14 日" in wrong.text and not Event.objects.exists()
    client.post(
        url,
        {
            "event-kind": "world_standards_day",
            "event-title": "标准日",
            "event-held_on": "2013-10-14",
        },
    )
    client.post(
        url,
        {
            "news-title": "新闻",
            "news-published_on": "2013-10-15",
            "news-body": "宣传",
            "news-event": Event.objects.get().pk,
        },
    )
    page = client.get(url)
    assert "标准日" in page.text and "新闻" in page.text


def test_records_link_to_the_catalogue_by_canonical(client, bureau_user, record, make_enterprise):
    from django.apps import apps

    standard_model = apps.get_model("catalogue", "Standard")
    standard = standard_model.objects.create(
        canonical="IEC 60598-1:2008",
        key="IEC 60598-1",
        level="international",
        title_en="Luminaires - Part 1",
    )
    adoption = record(
        "adoptions",
        enterprise=make_enterprise(),
        product="灯",
        designation="iec 60598-1：2008",
        degree="IDT",
        adopted_on=date(2012, 1, 1),
    )
    client.force_login(bureau_user)
    page = client.get(reverse("programme:registry_detail", args=["adoptions", adoption.pk]))
    assert reverse("catalogue:detail", args=[standard.pk]) in page.text
    assert "Luminaires" in page.text


def test_leadership_group_members_by_department(client, bureau_user, yangzhou):
    from biaozhun.accounts.models import Organisation

    client.force_login(bureau_user)
    agriculture = Organisation.objects.get(code="agriculture")
    client.post(
        reverse("programme:member_add"),
        {"organisation": agriculture.pk, "name": "王主任", "position": "member"},
    )
    institute = Organisation.objects.get(code="bureau-institute")  # not a member department
    refused = client.post(
        reverse("programme:member_add"),
        {"organisation": institute.pk, "name": "李", "position": "member"},
        follow=True,
    )
    assert "选择一个有效的选项" in refused.text
    page = client.get(reverse("programme:tasks"))
    assert (
        "王主任" in page.text
        and "扬州市农业委员会" in page.text
        and "李" not in page.text.split('data-testid="group-members"')[1].split("</ul>")[0]
    )


def test_programme_admin_edits_targets_as_data(client, programme, make_user):
    admin = make_user("bureau_admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.get(f"/admin/programme/programme/{programme.pk}/change/")
    assert page.status_code == 200 and "agri_demo_zones" in page.text


def test_home_cards_and_navigation(
    client, bureau_user, programme, make_enterprise, enterprise_user
):
    client.force_login(bureau_user)
    home = client.get("/")
    assert 'data-testid="card-programme"' in home.text and "0/12" in home.text
    assert 'data-testid="card-late-tasks"' in home.text
    assert "规划目标" in home.text and "重点工作台账" in home.text
    client.force_login(enterprise_user(make_enterprise()))
    home = client.get("/")
    assert 'data-testid="card-programme"' not in home.text and "重点工作台账" not in home.text


def test_api_patch_and_target_records(client, bureau_user, programme, record, make_enterprise):
    led = make_enterprise("光电公司", "邗江区")
    other = make_enterprise("电缆公司", "江都区")
    pilot = record(
        "pilots",
        enterprise=led,
        kind="innovation",
        level="provincial",
        approved_on=date(2012, 1, 1),
    )
    client.force_login(bureau_user)
    url = f"/api/programme/registries/pilots/{pilot.pk}"
    changed = client.patch(
        url, {"level": "national", "enterprise": other.pk}, content_type="application/json"
    )
    assert changed.status_code == 200
    body = changed.json()
    assert body["fields"]["level"] == "national" and body["district"] == "321012"
    bad = client.patch(url, {"approved_on": "someday"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "bad_date"
    target = programme.targets.get(key="pilot-enterprises")
    rows = client.get(f"/api/programme/targets/{target.pk}/records?year=2012").json()
    assert [r["id"] for r in rows] == [pilot.pk]
    assert client.get(f"/api/programme/targets/{target.pk}/records?year=2013").json() == []
    listing = client.get("/api/programme/registries/pilots?district=321012").json()
    assert listing["count"] == 1
    assert client.get("/api/programme/registries/nothing").status_code == 404


def test_registry_list_filters_with_htmx(client, bureau_user, record, district):
    for name, kind in (("甲示范区", "agricultural_zone"), ("乙示范点", "service_point")):
        record(
            "sites",
            kind=kind,
            name=name,
            field="f",
            operator="o",
            district=district("广陵区"),
            level="municipal",
            approved_on=date(2013, 1, 1),
        )
    client.force_login(bureau_user)
    url = reverse("programme:registry_list", args=["sites"])
    partial = client.get(url + "?kind=service_point", headers={"HX-Request": "true"})
    assert "乙示范点" in partial.text and "甲示范区" not in partial.text
    assert "<html" not in partial.text
    assert "甲示范区" in client.get(url + "?year=2013&q=甲").text
    assert "甲示范区" not in client.get(url + "?year=2014").text


def test_late_task_shows_the_department_contacts(client, bureau_user, programme):
    from biaozhun.accounts.models import Organisation
    from biaozhun.programme import services

    agriculture = Organisation.objects.get(code="agriculture")
    services.add_group_member(
        bureau_user, organisation=agriculture, name="王联络", position="liaison", phone="0514-1234"
    )
    services.create_task(
        bureau_user, title="逾期任务", organisation=agriculture, deadline=date(2020, 1, 1)
    )
    client.force_login(bureau_user)
    late = client.get(reverse("programme:dashboard")).text.split('data-testid="late-tasks"')[1]
    assert "逾期任务" in late and "王联络 0514-1234" in late


def test_delete_a_record(client, bureau_user, record, district, district_officer):
    keep = record(
        "drafted",
        designation="GB/T 29001-2012",
        title="电缆",
        organisation="研究院",
        district=district("宝应县"),
        rank=1,
        published_on=date(2012, 5, 1),
    )
    alliance = record(
        "alliances",
        name="联盟",
        district=district("宝应县"),
        founded_on=date(2012, 1, 1),
        standards=[keep],
    )
    officer = district_officer("高邮市")
    client.force_login(officer)
    url = reverse("programme:registry_delete", args=["alliances", alliance.pk])
    assert client.post(url).status_code == 404  # another district's record
    client.force_login(bureau_user)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    from biaozhun.accounts.models import AuditEvent
    from biaozhun.programme.models import Alliance

    assert not Alliance.objects.exists() and DraftedStandard.objects.filter(pk=keep.pk).exists()
    assert AuditEvent.objects.filter(action="programme.alliances.delete").exists()


def test_office_extends_a_deadline(client, bureau_user, make_user, yangzhou):
    from biaozhun.accounts.models import AuditEvent, Organisation
    from biaozhun.programme import services

    agriculture = Organisation.objects.get(code="agriculture")
    task = services.create_task(
        bureau_user, title="检查", organisation=agriculture, deadline=date(2020, 1, 1)
    )
    client.force_login(bureau_user)
    url = reverse("programme:task_detail", args=[task.pk])
    fields = {"task-title": "检查", "task-organisation": agriculture.pk}
    bad = client.post(url, {**fields, "task-organisation": "", "task-deadline": "2030-01-01"})
    assert "请指定责任部门或责任地区" in bad.text
    client.post(url, {**fields, "task-deadline": "2030-01-01"})
    task.refresh_from_db()
    assert task.deadline == date(2030, 1, 1)
    audit = AuditEvent.objects.get(action="programme.task.update")
    assert audit.changes["deadline"] == ["2020-01-01", "2030-01-01"]
    client.force_login(make_user("department_member", organisation=agriculture))
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="task-edit-form"' not in page.text
    client.post(url, {**fields, "task-deadline": "2040-01-01"})
    task.refresh_from_db()
    assert task.deadline == date(2030, 1, 1)


def test_neq_adoptions_do_not_count_and_are_shown_apart(
    client, bureau_user, programme, record, make_enterprise
):
    """One definition of an adoption for the target and the incentives: IDT/MOD per product."""
    led = make_enterprise("光电公司", "邗江区")
    for product, degree in (("路灯", "IDT"), ("隧道灯", "MOD"), ("庭院灯", "NEQ")):
        record(
            "adoptions",
            enterprise=led,
            product=product,
            designation="IEC 60598-2-3:2002",
            degree=degree,
            export_sales=True,
            adopted_on=date(2012, 5, 1),
        )
    target = programme.targets.get(key="adoptions")
    client.force_login(bureau_user)
    rows = client.get(f"/api/programme/targets/{target.pk}/records").json()
    assert len(rows) == 2
    page = client.get(f"/programme/targets/{target.pk}/records/").content.decode()
    assert 'data-testid="records-apart"' in page and "非等效采用(NEQ)" in page
    assert "1 条记录未计入" in page
