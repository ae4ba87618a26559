"""Issue 15 §5: a big export-profile file is imported by the worker behind a progress page, in
the owner's scope (an enterprise user: their own enterprise only); a failing file or a changed
role stores nothing."""

import pytest

from biaozhun.enterprises.models import ExportMarket, ExportProduct
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


def _csv(rows):
    return "\n".join(",".join(r) for r in rows).encode("utf-8")


@pytest.fixture(autouse=True)
def _small_background_threshold(settings):
    settings.IMPORT_BACKGROUND_BYTES = 10


@pytest.fixture
def two(make_enterprise):
    return make_enterprise("甲企业", "广陵区"), make_enterprise("乙企业", "宝应县")


def test_an_enterprise_user_s_big_file_is_imported_by_the_worker_in_their_scope(
    client, two, enterprise_user, bureau_user
):
    a, b = two
    data = _csv(
        [
            ["统一社会信用代码", "HS编码", "产品描述", "出口市场", "出口占比"],
            [a.credit_code, "8507.60", "锂电池", "EU", "60%"],
            [b.credit_code, "6109", "T恤", "", ""],
            [a.credit_code, "85x", "坏编码", "", ""],
        ]
    )
    user = enterprise_user(a)
    client.force_login(user)
    job = post_page(client, "/alerts/profiles/import/", {"file": upload(data, "p.csv")})
    assert job.kind == "profiles.import" and job.owner == user
    assert not ExportProduct.objects.exists()

    run_worker()
    job = finished(job)
    assert job.status == "done", job.error
    assert list(ExportProduct.objects.values_list("profile__enterprise", "hs_code")) == [
        (a.pk, "850760")
    ]
    assert list(ExportMarket.objects.values_list("code", flat=True)) == ["EU"]
    errors = {e["line"]: e["code"] for e in job.result["report"]["errors"]}
    assert errors[3] == "unknown_enterprise" and set(errors) == {3, 4}  # B is not theirs
    page = job_page(client, job)
    assert 'data-testid="row-errors"' in page and "<td>3</td>" in page and "<td>4</td>" in page
    assert "未登记或无权访问" in page and "/alerts/profiles/" in page
    assert "is registered or visible to you" in job_page(client, job, english=True)
    assert_private(client, job, bureau_user)


def test_a_failing_file_gives_a_failed_job_and_stores_nothing(client, bureau_user, two):
    client.force_login(bureau_user)
    job = post_page(
        client, "/alerts/profiles/import/", {"file": upload(b"foo,bar\n1,2\n", "p.csv")}
    )
    run_worker()
    job = finished(job)
    assert job.status == "failed" and job.error["code"] == "missing_columns"
    assert "缺少必填列" in job_page(client, job)
    assert "lacks required columns" in job_page(client, job, english=True)
    assert not ExportProduct.objects.exists()


def test_the_owner_s_role_is_checked_again_when_the_job_runs(client, make_user, two):
    a, _ = two
    owner = make_user("bureau_staff", "mover")
    client.force_login(owner)
    data = _csv([["信用代码", "HS编码", "产品描述"], [a.credit_code, "8507", "电池"]])
    job = post_page(client, "/alerts/profiles/import/", {"file": upload(data, "p.csv")})
    owner.role = "expert"
    owner.save()
    run_worker()
    job = finished(job)
    assert job.status == "failed" and job.error["code"] == "forbidden"
    assert "角色" in job_page(client, job)
    assert not ExportProduct.objects.exists()


def test_the_api_queues_a_big_file_too(client, two, enterprise_user):
    a, _ = two
    client.force_login(enterprise_user(a))
    data = _csv([["信用代码", "HS编码", "产品描述"], [a.credit_code, "8507", "电池"]])
    job = post_api(client, "/api/alerts/profiles/import", {"file": upload(data, "p.csv")})
    assert job.kind == "profiles.import" and not ExportProduct.objects.exists()
    run_worker()
    assert finished(job).status == "done"
    assert list(ExportProduct.objects.values_list("profile__enterprise", "hs_code")) == [
        (a.pk, "8507")
    ]
