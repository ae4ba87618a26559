"""The standard's page lists the city's enterprises that use it, within the viewer's scope."""

import pytest

from biaozhun.catalogue.models import Standard
from biaozhun.validity import services as watch

pytestmark = pytest.mark.django_db


def test_standard_page_lists_users_in_scope(client, make_enterprise, enterprise_user, bureau_user):
    standard = Standard.objects.create(
        canonical="GB/T 19001-2016",
        key="GB/T 19001",
        prefix="GB/T",
        publisher="GB",
        number="19001",
        year=2016,
        level="national",
        title_zh="质量管理体系 要求",
        status="current",
        source="manual",
    )
    mine = make_enterprise("用标企业甲", "广陵区")
    other = make_enterprise("用标企业乙", "宝应县")
    user_a = enterprise_user(mine)
    watch.add_watched(user_a, mine, "GB/T 19001-2016")
    watch.add_watched(enterprise_user(other), other, "GB/T 19001-2016")

    client.force_login(bureau_user)
    page = client.get(f"/standards/{standard.pk}/").content.decode()
    assert "用标企业甲" in page and "用标企业乙" in page

    client.force_login(user_a)
    page = client.get(f"/standards/{standard.pk}/").content.decode()
    assert "用标企业甲" in page and "用标企业乙" not in page
    assert 'data-testid="watch-standard"' in page
