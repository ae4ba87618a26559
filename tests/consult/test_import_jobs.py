"""Issue 15 §5: a big technical-regulations file (page and API) is imported by the worker behind
a progress page, bad rows listed by line; a failing file or a lost desk role stores nothing."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from biaozhun.consult.models import TechnicalRegulation
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

CSV = """市场,编号,标题,类型,HS编码,生效日期,相关通报,引用标准
USA,16 CFR 1610,Flammability of clothing textiles,,61;62,1954-01-01,,
Atlantis,X-1,Unknown market,,,,,
JPN,PSE,Electrical Appliances and Materials Safety Act,合格评定,8504,1962-08-01,,
""".encode()


@pytest.fixture(autouse=True)
def _small_background_threshold(settings, members):
    settings.IMPORT_BACKGROUND_BYTES = 10


def test_a_big_upload_on_the_page_is_imported_by_the_worker(client, bureau_user, make_user):
    client.force_login(bureau_user)
    job = post_page(client, "/consult/regulations/import/", {"file": upload(CSV, "regs.csv")})
    assert job.kind == "consult.regulations.import"
    assert not TechnicalRegulation.objects.exists()

    run_worker()
    job = finished(job)
    assert job.status == "done", job.error
    assert set(TechnicalRegulation.objects.values_list("reference", flat=True)) == {
        "16 CFR 1610",
        "PSE",
    }
    report = job.result["report"]
    assert report["created"] == 2
    [refused] = report["errors"]
    assert (refused["line"], refused["field"]) == (3, "market")
    page = job_page(client, job)
    assert 'data-testid="row-errors"' in page and "<td>3</td>" in page
    assert escape(refused["message_zh"]) in page and "/consult/regulations/" in page
    assert escape(refused["message_en"]) in job_page(client, job, english=True)
    assert_private(client, job, make_user("bureau_admin", "nosy"))


def test_a_big_upload_through_the_api_answers_202_and_the_job(client, bureau_user):
    client.force_login(bureau_user)
    job = post_api(client, "/api/consult/regulations/import", {"file": upload(CSV, "r.csv")})
    assert not TechnicalRegulation.objects.exists()
    run_worker()
    status = client.get(f"/api/accounts/jobs/{job.pk}").json()
    assert status["status"] == "done" and status["result"]["report"]["created"] == 2
    assert TechnicalRegulation.objects.count() == 2


def test_the_api_refuses_to_queue_for_a_user_off_the_desk(client, district_officer):
    from biaozhun.accounts.models import ImportJob

    client.force_login(district_officer("高邮市"))
    answer = client.post("/api/consult/regulations/import", {"file": upload(CSV, "r.csv")})
    assert answer.status_code == 403 and answer.json()["code"] == "forbidden"
    assert not ImportJob.objects.exists()


def test_a_failing_file_gives_a_failed_job_and_stores_nothing(client, bureau_user):
    client.force_login(bureau_user)
    job = post_page(
        client,
        "/consult/regulations/import/",
        {"file": upload(b"PK\x03\x04 not really a workbook", "regs.xlsx")},
    )
    run_worker()
    job = finished(job)
    assert job.status == "failed" and job.error["code"] == "bad_excel"
    assert "损坏" in job.error["message_zh"] and "damaged" in job.error["message_en"]
    assert not TechnicalRegulation.objects.exists()
    page = job_page(client, job)
    assert 'data-testid="job-error"' in page and "损坏" in page
    assert "damaged" in job_page(client, job, english=True)


def test_the_owner_s_role_is_checked_again_when_the_job_runs(client, make_user):
    owner = make_user("bureau_staff", "mover")
    client.force_login(owner)
    job = post_page(client, "/consult/regulations/import/", {"file": upload(CSV, "regs.csv")})
    owner.role = "department_member"
    owner.save()
    run_worker()
    job = finished(job)
    assert job.status == "failed" and job.error["code"] == "forbidden"
    assert not TechnicalRegulation.objects.exists()
