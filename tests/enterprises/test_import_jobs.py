"""Issue 15 §5: a big enterprise list (page and API) is imported by the worker behind a
progress page, with the refused rows listed by line; a failing file stores nothing."""

import pytest

from biaozhun.enterprises.demo import demo_credit_code
from biaozhun.enterprises.models import Enterprise
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

GOOD1 = demo_credit_code(911, "321002")
GOOD2 = demo_credit_code(912, "321023")
BAD_CHECK = GOOD1[:17] + ("0" if GOOD1[17] != "0" else "1")


def _csv(rows):
    header = "企业名称,统一社会信用代码,所在地区,出口企业\n"
    return (header + "\n".join(rows) + "\n").encode("utf-8")


GOOD_FILE = _csv(
    [
        f"好企业一,{GOOD1},广陵区,是",
        f"坏校验位,{BAD_CHECK},广陵区,否",
        f"好企业二,{GOOD2},321023,否",
    ]
)


@pytest.fixture(autouse=True)
def _small_background_threshold(settings):
    settings.IMPORT_BACKGROUND_BYTES = 10


def test_a_big_upload_on_the_page_is_imported_by_the_worker(client, bureau_user, make_user):
    client.force_login(bureau_user)
    job = post_page(client, "/enterprises/import/", {"file": upload(GOOD_FILE, "list.csv")})
    assert job.kind == "enterprises.import" and job.owner == bureau_user
    assert not Enterprise.objects.filter(credit_code__in=[GOOD1, GOOD2]).exists()

    run_worker()
    job = finished(job)
    assert job.status == "done", job.error
    assert (job.progress_done, job.progress_total) == (4, 4)
    assert set(Enterprise.objects.values_list("credit_code", flat=True)) >= {GOOD1, GOOD2}
    report = job.result["report"]
    assert (report["total"], report["created"]) == (3, 2)
    assert [(e["line"], e["code"]) for e in report["errors"]] == [(3, "credit_code_checksum")]
    page = job_page(client, job)
    assert 'data-testid="row-errors"' in page and "<td>3</td>" in page and "校验位" in page
    assert "新增 2 条" in page and "退回 1 行" in page and "/enterprises/" in page
    english = job_page(client, job, english=True)
    assert "Check character" in english and "2 created" in english
    assert_private(client, job, make_user("bureau_staff", "nosy"))


def test_a_big_upload_through_the_api_answers_202_and_the_job(client, bureau_user, make_user):
    client.force_login(bureau_user)
    job = post_api(client, "/api/enterprises/import", {"file": upload(GOOD_FILE, "list.csv")})
    assert not Enterprise.objects.filter(credit_code=GOOD1).exists()
    run_worker()
    status = client.get(f"/api/accounts/jobs/{job.pk}").json()
    assert status["status"] == "done" and status["percent"] == 100
    assert status["result"]["report"]["created"] == 2
    assert status["result"]["report"]["errors"][0]["line"] == 3
    assert Enterprise.objects.filter(credit_code=GOOD2).exists()
    assert_private(client, job, make_user("bureau_admin", "nosy-admin"))


def test_the_api_refuses_to_queue_for_a_role_that_may_not_import(client, yangzhou, make_user):
    from biaozhun.accounts.models import ImportJob

    client.force_login(make_user("expert", "reader"))
    answer = client.post("/api/enterprises/import", {"file": upload(GOOD_FILE, "list.csv")})
    assert answer.status_code == 403 and answer.json()["code"] in {"forbidden", "account_pending"}
    assert not ImportJob.objects.exists()


def test_a_failing_file_gives_a_failed_job_and_stores_nothing(client, bureau_user, settings):
    settings.IMPORT_MAX_ROWS = 2
    client.force_login(bureau_user)
    job = post_page(client, "/enterprises/import/", {"file": upload(GOOD_FILE, "list.csv")})
    run_worker()
    job = finished(job)
    assert job.status == "failed" and job.error["code"] == "too_many_rows"
    assert "行数太多" in job.error["message_zh"] and "Too many rows" in job.error["message_en"]
    assert not Enterprise.objects.filter(credit_code__in=[GOOD1, GOOD2]).exists()
    page = job_page(client, job)
    assert 'data-testid="job-error"' in page and "行数太多" in page
    assert "Too many rows" in job_page(client, job, english=True)


def test_the_owner_s_role_is_checked_again_when_the_job_runs(client, make_user, yangzhou):
    owner = make_user("bureau_staff", "mover")
    client.force_login(owner)
    job = post_page(client, "/enterprises/import/", {"file": upload(GOOD_FILE, "list.csv")})
    owner.role = "expert"  # moved to another post before the worker got to the file
    owner.save()
    run_worker()
    job = finished(job)
    assert job.status == "failed" and job.error["code"] == "forbidden"
    assert "角色" in job.error["message_zh"] and "role" in job.error["message_en"]
    assert not Enterprise.objects.filter(credit_code__in=[GOOD1, GOOD2]).exists()


def test_a_small_upload_is_still_imported_in_the_request(client, bureau_user, settings):
    from biaozhun.accounts.models import ImportJob

    settings.IMPORT_BACKGROUND_BYTES = 256 * 1024
    client.force_login(bureau_user)
    page = client.post("/enterprises/import/", {"file": upload(GOOD_FILE, "list.csv")})
    html = page.content.decode()
    assert page.status_code == 200 and "校验位" in html
    assert 'data-testid="background-note"' in html and "/accounts/jobs/" in html
    assert Enterprise.objects.filter(credit_code=GOOD1).exists()
    assert not ImportJob.objects.exists()
