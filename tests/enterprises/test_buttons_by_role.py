"""Buttons that would answer 403 are not shown (issue 16 §3): a partner department (finance)
reads the enterprise list but may not import or register enterprises."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_finance_sees_no_import_or_register_button(client, make_user, bureau_user, yangzhou):
    finance = make_user("department_member")
    client.force_login(finance)
    page = client.get(reverse("enterprises:list"))
    assert page.status_code == 200
    for name in ("enterprises:import", "enterprises:create"):
        assert f'href="{reverse(name)}"' not in page.text
        assert client.get(reverse(name)).status_code == 403
    assert "批量导入" not in page.text and "登记企业" not in page.text
    client.force_login(bureau_user)
    page = client.get(reverse("enterprises:list"))
    for name in ("enterprises:import", "enterprises:create"):
        assert f'href="{reverse(name)}"' in page.text
        assert client.get(reverse(name)).status_code == 200


def test_a_refusal_is_the_platforms_page_not_a_bare_403(client, make_user, yangzhou):
    client.force_login(make_user("department_member"))
    page = client.get(reverse("enterprises:import"))
    assert page.status_code == 403
    assert "无权访问" in page.text and "<html" in page.text and "403 Forbidden" not in page.text
