"""Sign-in, throttling, password reset by e-mail, registration with review, tokens, regions."""

import io
import json
import re

import pytest
from django.core import mail
from django.core.management import call_command

from biaozhun.accounts.models import AuditEvent, District, User
from biaozhun.enterprises.demo import demo_credit_code
from biaozhun.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


def test_login_and_logout(client, make_user):
    make_user("bureau_staff", "clerk")
    response = client.post("/accounts/login/", {"username": "clerk", "password": "pass-word-123"})
    assert response.status_code == 302 and response.url == "/"
    assert "工作台" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_five_failures_lock_the_account(client, make_user):
    make_user("bureau_staff", "target")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "target", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "target", "password": "pass-word-123"})
    assert locked.status_code in {403, 429}
    assert client.get("/").status_code == 302  # still not signed in


def test_password_reset_by_email(client, make_user):
    user = make_user("bureau_staff", "resetme")
    User.objects.filter(pk=user.pk).update(email="resetme@example.org")
    client.post("/accounts/password/reset/", {"email": "resetme@example.org"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "重置密码" in message.subject
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": "a-new-Passw0rd!", "new_password2": "a-new-Passw0rd!"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-Passw0rd!")


def test_password_change_requires_sign_in(client):
    assert client.get("/accounts/password/change/").status_code == 302


def test_self_registration_then_district_review(client, yangzhou, district_officer):
    code = demo_credit_code(777, "321002")
    response = client.post(
        "/enterprises/register/",
        {
            "name_zh": "新注册企业",
            "credit_code": code,
            "district": District.objects.get(code="321002").pk,
            "contact_name": "赵工",
            "email": "zhao@example.org",
            "username": "newco",
            "password": "Strong-pass-2026",
        },
    )
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(credit_code=code)
    assert enterprise.status == "pending"
    assert "待审核" in client.get("/").content.decode()

    other = district_officer("宝应县")
    client.force_login(other)
    assert (
        client.post(f"/enterprises/{enterprise.pk}/review/", {"decision": "approve"}).status_code
        == 404
    )
    officer = district_officer("广陵区")
    client.force_login(officer)
    client.post(
        f"/enterprises/{enterprise.pk}/review/", {"decision": "approve", "note": "材料齐全"}
    )
    enterprise.refresh_from_db()
    assert enterprise.status == "approved"
    assert AuditEvent.objects.filter(action="enterprise.approve", actor=officer).exists()


def test_registration_form_names_the_expected_check_character(client, yangzhou):
    code = demo_credit_code(778, "321002")
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    page = client.post(
        "/enterprises/register/",
        {
            "name_zh": "x",
            "credit_code": wrong,
            "district": District.objects.first().pk,
            "contact_name": "x",
            "email": "x@example.org",
            "username": "x1",
            "password": "Strong-pass-2026",
        },
    ).content.decode()
    assert f"第 18 位应为“{code[17]}”" in page


def test_api_token_page_shows_the_key_once(client, bureau_user):
    client.force_login(bureau_user)
    page = client.post("/accounts/tokens/", {"name": "ERP"}).content.decode()
    key = re.search(r"(bz_[\w-]+)", page).group(1)
    assert (
        client.get("/api/enterprises/", headers={"Authorization": f"Bearer {key}"}).status_code
        == 200
    )
    assert key not in client.get("/accounts/tokens/").content.decode()


def test_load_region_command_loads_another_city(tmp_path, db):
    path = tmp_path / "demo-city.json"
    path.write_text(
        json.dumps(
            {
                "region": {
                    "code": "320500",
                    "slug": "suzhou",
                    "name_zh": "苏州市",
                    "name_en": "Suzhou",
                    "province_code": "32",
                    "province_zh": "江苏省",
                },
                "districts": [
                    {
                        "code": "320505",
                        "name_zh": "虎丘区",
                        "name_en": "Huqiu",
                        "kind": "district",
                        "is_urban": True,
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("load_region", str(path), stdout=out)
    assert "苏州市" in out.getvalue()
    assert District.objects.get(code="320505").region.slug == "suzhou"


def test_yangzhou_urban_area(yangzhou):
    urban = set(District.objects.filter(is_urban=True).values_list("name_zh", flat=True))
    assert {"广陵区", "邗江区", "江都区"} <= urban
    assert not District.objects.filter(
        name_zh__in=["宝应县", "仪征市", "高邮市"], is_urban=True
    ).exists()


def test_api_docs_are_served(client, bureau_user):
    client.force_login(bureau_user)
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/enterprises/" in schema["paths"]


def test_enterprise_list_query_count_does_not_grow(
    client, bureau_user, make_enterprise, django_assert_max_num_queries
):
    for index in range(30):
        make_enterprise(f"企业{index}", "广陵区", industries=("machinery",))
    client.force_login(bureau_user)
    with django_assert_max_num_queries(12):
        response = client.get("/enterprises/")
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        client.get("/api/enterprises/")


def test_admin_lists_users_and_enterprises(client, make_user, make_enterprise):
    admin_user = make_user("bureau_admin", "root-admin")
    User.objects.filter(pk=admin_user.pk).update(is_superuser=True, is_staff=True)
    make_enterprise("后台可见企业", "广陵区")
    client.force_login(User.objects.get(pk=admin_user.pk))
    assert "后台可见企业" in client.get("/admin/enterprises/enterprise/").content.decode()
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/accounts/auditevent/").status_code == 200
    assert client.get("/admin/accounts/auditevent/add/").status_code == 403
