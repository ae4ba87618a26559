"""A NUL byte in a query or form value is a zh/en 400 before any view (PostgreSQL would fail)."""

import pytest

pytestmark = pytest.mark.django_db


def test_nul_in_query_and_form_is_refused(client, bureau_user):
    client.force_login(bureau_user)
    page = client.get("/consult/comments/", {"q": "电缆\x00"})
    assert page.status_code == 400 and "空字符" in page.content.decode()
    api = client.get("/api/tbt/", {"q": "a\x00"})
    assert api.status_code == 400 and api.json()["code"] == "nul_character"
    reset = client.post("/accounts/password/reset/", {"email": "a\x00@example.org"})
    assert reset.status_code == 400
    assert client.get("/consult/comments/", {"q": "电缆"}).status_code == 200
