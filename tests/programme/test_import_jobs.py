"""Issue 15 §5: a big registry or inspections file (page and API) is imported by the worker
behind a progress page; the district scope is kept; a failing file stores nothing."""

from datetime import date

import pytest

from biaozhun.programme.models import Inspection, SectorStandard
from tests.import_jobs import (
    assert_private,
    finished,
    job_page,
    post_api,
    post_page,
    run_worker,
    upload,
)

pytestmark = pytest.mark.django_db(transaction=True)  # the worker runs as in production

STANDARDS = (
    "领域,标准编号,标准名称,制修订,服务领域,起草单位,地区,发布日期\n"
    "农业,DB3210/T 101-2012,水稻,制定,,农技站,宝应县,2012-03-01\n"
    "农业,GB/T 101-2012,水稻,制定,,农技站,宝应县,2012-03-01\n"
    "农业,DB3210/T 102-2012,蔬菜,制定,,农技站,火星区,2012-03-01\n"
).encode()


@pytest.fixture(autouse=True)
def _small_background_threshold(settings):
    settings.IMPORT_BACKGROUND_BYTES = 10


def test_a_big_registry_file_on_the_page_is_imported_by_the_worker(client, bureau_user, make_user):
    client.force_login(bureau_user)
    job = post_page(
        client, "/programme/r/sector-standards/import/", {"file": upload(STANDARDS, "s.csv")}
    )
    assert job.kind == "programme.import" and job.options["slug"] == "sector-standards"
    assert not SectorStandard.objects.exists()

    run_worker()
    job = finished(job)
    assert job.status == "done", job.error
    assert SectorStandard.objects.get().designation == "DB3210/T 101-2012"
    report = job.result["report"]
    assert report["created"] == 1
    assert {(e["line"], e["code"]) for e in report["errors"]} == {
        (3, "not_local"),
        (4, "unknown_reference"),
    }
    page = job_page(client, job)
    assert 'data-testid="row-errors"' in page and "<td>3</td>" in page and "<td>4</td>" in page
    assert "新增 1 条" in page and "/programme/r/sector-standards/" in page
    assert "退回 2 行" in page
    english = job_page(client, job, english=True)
    assert "2 refused" in english
    assert_private(client, job, make_user("bureau_staff", "nosy"))


def test_a_big_inspections_file_keeps_the_officer_s_district(
    client, record, district, district_officer
):
    gaoyou = record(
        "sites",
        kind="agricultural_zone",
        name="高邮鸭示范区",
        field="畜禽",
        operator="社",
        district=district("高邮市"),
        level="provincial",
        approved_on=date(2012, 1, 1),
    )
    record(
        "sites",
        kind="agricultural_zone",
        name="宝应荷藕示范区",
        field="蔬菜",
        operator="社",
        district=district("宝应县"),
        level="provincial",
        approved_on=date(2012, 1, 1),
    )
    csv = (
        "示范区(点)名称,检查日期,得分,检查人,发现的问题\n"
        "高邮鸭示范区,2013-05-01,92,检查组,良好\n"
        "宝应荷藕示范区,2013-05-01,90,检查组,他区\n"
    ).encode()
    client.force_login(district_officer("高邮市"))
    job = post_page(
        client,
        "/programme/r/sites/import/",
        {"what": "inspections", "file": upload(csv, "i.csv")},
    )
    assert job.options == {"slug": "sites", "what": "inspections"}
    assert not Inspection.objects.exists()
    run_worker()
    job = finished(job)
    assert job.status == "done", job.error
    assert gaoyou.inspections.get().findings == "良好"
    assert Inspection.objects.count() == 1  # the other county's site stays out of reach
    [refused] = job.result["report"]["errors"]
    assert (refused["line"], refused["code"]) == (3, "unknown_reference")
    assert "宝应荷藕示范区" in job_page(client, job)


def test_a_big_upload_through_the_api_answers_202_and_the_job(client, bureau_user):
    client.force_login(bureau_user)
    job = post_api(
        client,
        "/api/programme/registries/sector-standards/import",
        {"file": upload(STANDARDS, "s.csv")},
    )
    assert not SectorStandard.objects.exists()
    run_worker()
    status = client.get(f"/api/accounts/jobs/{job.pk}").json()
    assert status["status"] == "done" and status["result"]["report"]["created"] == 1
    assert SectorStandard.objects.count() == 1


def test_the_api_refuses_to_queue_for_a_role_that_may_not_import(client, make_user):
    from biaozhun.accounts.models import ImportJob

    client.force_login(make_user("expert", "reader"))
    answer = client.post(
        "/api/programme/registries/sector-standards/import",
        {"file": upload(STANDARDS, "s.csv")},
    )
    assert answer.status_code == 403 and answer.json()["code"] == "forbidden"
    assert not ImportJob.objects.exists()


def test_a_failing_file_gives_a_failed_job_and_stores_nothing(client, bureau_user):
    client.force_login(bureau_user)
    headless = "标准编号,标准名称\nDB3210/T 101-2012,水稻\n".encode()
    job = post_page(
        client, "/programme/r/sector-standards/import/", {"file": upload(headless, "s.csv")}
    )
    run_worker()
    job = finished(job)
    assert job.status == "failed" and job.error["code"] == "missing_columns"
    assert "缺少必填列" in job.error["message_zh"] and "lacks" in job.error["message_en"]
    assert not SectorStandard.objects.exists()
    assert "缺少必填列" in job_page(client, job)
    assert "lacks required columns" in job_page(client, job, english=True)


def test_the_owner_s_role_is_checked_again_when_the_job_runs(client, make_user):
    owner = make_user("bureau_staff", "mover")
    client.force_login(owner)
    job = post_page(
        client, "/programme/r/sector-standards/import/", {"file": upload(STANDARDS, "s.csv")}
    )
    owner.role = "expert"
    owner.save()
    run_worker()
    job = finished(job)
    assert job.status == "failed" and job.error["code"] == "forbidden"
    assert not SectorStandard.objects.exists()
