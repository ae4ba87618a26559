"""Issue 15 §5: bounded uploads (size, rows, unpacked size, CSV field length), broken workbooks
as a clear zh/en error, and big uploads processed by the worker behind a progress page."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from biaozhun.accounts.jobs import run_job
from biaozhun.accounts.models import ImportJob
from biaozhun.common.errors import DomainError
from biaozhun.common.importing import read_table

pytestmark = pytest.mark.django_db


def _xlsx(rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _refusal(data, filename):
    with pytest.raises(DomainError) as caught:
        next(read_table(data, filename))
    return caught.value


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1000
    error = _refusal(b"a,b\n" * 400, "big.csv")
    assert error.code == "file_too_large" and "文件太大" in error.message_zh
    assert "too large" in error.message_en


def test_too_many_rows_are_refused_before_any_row_is_read(settings):
    settings.IMPORT_MAX_ROWS = 100
    data = _xlsx([["标准号"]] + [[f"GB/T {n}-2020"] for n in range(101)])
    error = _refusal(data, "many.xlsx")
    assert error.code == "too_many_rows" and "100" in error.message_zh
    csv_error = _refusal(("h\n" + "x\n" * 101).encode(), "many.csv")
    assert csv_error.code == "too_many_rows"
    assert len(list(read_table(("h\n" + "x\n" * 100).encode(), "ok.csv"))) == 101


def test_a_small_workbook_of_many_rows_is_refused_at_the_default_limit():
    data = _xlsx([["标准号"]] + [["x"]] * 20_001)
    assert len(data) < 200_000
    assert _refusal(data, "bomb.xlsx").code == "too_many_rows"


def test_a_truncated_sheet_is_a_clear_error_not_a_crash():
    data = _xlsx([["标准号", "名称"]] + [[f"GB/T {n}-2020", "名称" * 5] for n in range(2000)])
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                content = content[: len(content) // 2]
            target.writestr(info, content)
    error = _refusal(out.getvalue(), "cut.xlsx")
    assert error.code == "bad_excel" and "损坏" in error.message_zh
    assert _refusal(data[: len(data) // 2], "half.xlsx").code == "bad_excel"


def test_a_csv_field_over_131072_characters_is_a_clear_error():
    data = ("标准号,备注\nGB 1-2000," + "x" * 140_000 + "\n").encode()
    error = _refusal(data, "long.csv")
    assert error.code == "field_too_long" and "131,072" in error.message_zh


def test_an_importer_refuses_the_whole_file_and_imports_nothing(client, bureau_user, settings):
    from biaozhun.enterprises.models import Enterprise

    settings.IMPORT_MAX_ROWS = 5
    client.force_login(bureau_user)
    body = "企业名称,统一社会信用代码,所属地区\n" + "某企业,91321002MA1X00000X,广陵区\n" * 6
    upload = SimpleUploadedFile("e.csv", body.encode(), "text/csv")
    answer = client.post("/api/enterprises/import", {"file": upload})
    assert answer.status_code == 400 and answer.json()["code"] == "too_many_rows"
    assert not Enterprise.objects.exists()


def test_a_big_validity_upload_runs_in_the_background_with_a_progress_page(
    client, make_user, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_BYTES = 10
    user = make_user("bureau_staff", "checker")
    client.force_login(user)
    data = _xlsx([["标准号"]] + [[f"GB/T {19000 + n}-2016"] for n in range(450)])
    upload = SimpleUploadedFile("list.xlsx", data)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        answer = client.post("/validity/check/", {"file": upload})
    assert answer.status_code == 302 and "/accounts/jobs/" in answer.url
    assert len(callbacks) == 1  # the task is queued after the commit
    job = ImportJob.objects.get()
    assert job.status == "queued" and job.owner == user
    page = client.get(answer.url)
    assert 'data-status="queued"' in page.content.decode()

    done = run_job(job.pk)  # what the worker runs
    assert done is not None and done.status == "done"
    assert done.progress_total == 451 and done.progress_done == 451
    assert run_job(job.pk) is None  # claimed once
    page = client.get(answer.url).content.decode()
    assert 'data-testid="job-result"' in page and done.result["url"] in page
    assert client.get(done.result["url"]).status_code == 200

    other = make_user("bureau_staff", "nosy")
    client.force_login(other)
    assert client.get(answer.url).status_code == 404


def test_a_background_job_keeps_a_refusal_for_its_owner(client, make_user, settings):
    from biaozhun.accounts.jobs import submit_import_job

    settings.IMPORT_MAX_ROWS = 3
    user = make_user("bureau_staff", "checker2")
    job = submit_import_job(user, "validity.check", b"h\na\nb\nc\nd\n", "list.csv")
    finished = run_job(job.pk)
    assert finished.status == "failed" and finished.error["code"] == "too_many_rows"
    client.force_login(user)
    page = client.get(f"/accounts/jobs/{job.pk}/").content.decode()
    assert 'data-testid="job-error"' in page and "行数太多" in page
