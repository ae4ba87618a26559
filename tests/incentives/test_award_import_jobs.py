"""Issue 15 §5: a big file of earlier awards is imported by the worker behind a progress page,
a county officer kept to their county; who manages no payer queues nothing; a failing file or a
changed role stores nothing."""

import pytest

from biaozhun.accounts.models import ImportJob
from biaozhun.incentives.models import Award
from tests.import_jobs import assert_private, finished, job_page, post_page, run_worker, upload

pytestmark = pytest.mark.django_db(transaction=True)  # the worker runs as in production
HEADER = "统一社会信用代码,类别,对象,年度,金额,说明\n"


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


@pytest.fixture(autouse=True)
def _small_background_threshold(settings):
    settings.IMPORT_BACKGROUND_BYTES = 10


def test_a_county_officer_s_big_file_is_imported_by_the_worker_in_their_county(
    client, urban, county, district_officer
):
    data = _csv(
        f"{county.credit_code},标准研制,DB32/T 1-2012,2012,30000,",
        f"{urban.credit_code},标准研制,GB/T 5-2012,2012,200000,",
        f"{county.credit_code},奖学金,X,2013,1,",
    )
    officer = district_officer("宝应县")
    client.force_login(officer)
    job = post_page(client, "/incentives/awards/", {"file": upload(data, "awards.csv")})
    assert job.kind == "incentives.awards.import"
    assert not Award.objects.exists()

    run_worker()
    job = finished(job)
    assert job.status == "done", job.error
    assert list(Award.objects.values_list("enterprise", flat=True)) == [county.pk]
    errors = {e["line"]: e["code"] for e in job.result["report"]["errors"]}
    assert errors == {3: "outside_county", 4: "bad_kind"}
    page = job_page(client, job)
    assert 'data-testid="row-errors"' in page and "<td>3</td>" in page and "<td>4</td>" in page
    assert "新增 1 条" in page and "/incentives/awards/" in page
    assert "1 created" in job_page(client, job, english=True)
    assert_private(client, job, district_officer("高邮市"))


def test_a_user_who_manages_no_payer_queues_nothing(client, urban, district_officer):
    client.force_login(district_officer("广陵区"))  # an urban district: the city pays
    data = _csv(f"{urban.credit_code},标准研制,GB/T 5-2012,2012,200000,")
    page = client.post("/incentives/awards/", {"file": upload(data, "awards.csv")})
    assert page.status_code == 200 and "只有市局或县(市)工作人员" in page.content.decode()
    assert not ImportJob.objects.exists() and not Award.objects.exists()


def test_a_failing_file_gives_a_failed_job_and_stores_nothing(client, urban, bureau_user, settings):
    settings.IMPORT_MAX_ROWS = 1
    data = _csv(
        f"{urban.credit_code},标准研制,GB/T 5-2012,2012,200000,",
        f"{urban.credit_code},标准研制,GB/T 6-2012,2012,200000,",
    )
    client.force_login(bureau_user)
    job = post_page(client, "/incentives/awards/", {"file": upload(data, "awards.csv")})
    run_worker()
    job = finished(job)
    assert job.status == "failed" and job.error["code"] == "too_many_rows"
    assert "行数太多" in job_page(client, job)
    assert "Too many rows" in job_page(client, job, english=True)
    assert not Award.objects.exists()


def test_the_owner_s_role_is_checked_again_when_the_job_runs(client, urban, make_user):
    owner = make_user("bureau_staff", "mover")
    client.force_login(owner)
    data = _csv(f"{urban.credit_code},标准研制,GB/T 5-2012,2012,200000,")
    job = post_page(client, "/incentives/awards/", {"file": upload(data, "awards.csv")})
    owner.role = "department_member"  # still on the page's roles, but manages no payer now
    owner.save()
    run_worker()
    job = finished(job)
    assert job.status == "failed" and job.error["code"] == "forbidden"
    assert not Award.objects.exists()
