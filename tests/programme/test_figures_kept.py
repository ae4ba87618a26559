"""The programme's figures are kept per process until the data behind them changes
(``programme/figures.py``): a second read costs one query, and every kind of change — a record
saved or deleted, a quota set, a year list, a district — is seen by the next read; a rolled-back
change is not a change."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from biaozhun.programme import services
from biaozhun.programme.figures import current_token
from biaozhun.programme.progress import programme_progress
from biaozhun.programme.registries import REGISTRIES

pytestmark = pytest.mark.django_db
AS_OF = date(2015, 12, 1)
POINTS = "service-demo-points"


def _progress(programme, key: str, user=None):
    [p] = [p for p in programme_progress(programme, as_of=AS_OF, user=user) if p.target.key == key]
    return p


def _site(record, district, name: str):
    return record(
        "sites",
        kind="service_point",
        name=name,
        field="物流",
        operator="高邮物流",
        level="municipal",
        district=district("高邮市"),
        approved_on=date(2012, 5, 1),
    )


def test_a_second_read_is_one_query_and_records_saved_or_deleted_are_seen(
    programme, record, district, bureau_user
):
    assert _progress(programme, POINTS).value == 0
    with CaptureQueriesContext(connection) as captured:
        programme_progress(programme, as_of=AS_OF)
    assert len(captured.captured_queries) == 1  # the stamp, nothing else
    site = _site(record, district, "高邮示范点")
    assert _progress(programme, POINTS).value == 1
    _site(record, district, "高邮第二示范点")
    assert _progress(programme, POINTS).value == 2
    services.delete_record(bureau_user, REGISTRIES["sites"], site)
    assert _progress(programme, POINTS).value == 1


def test_a_quota_and_a_district_officer_scope(programme, record, district, bureau_user, make_user):
    gaoyou = district("高邮市")
    officer = make_user("district_officer", district=gaoyou)
    _site(record, district, "高邮示范点")
    assert _progress(programme, POINTS, officer).basis == "contribution"
    assert _progress(programme, POINTS).basis == "city"  # the city's figures kept apart
    target = programme.targets.get(key=POINTS)
    services.set_district_quotas(bureau_user, target, {gaoyou.pk: Decimal(4)})
    seen = _progress(programme, POINTS, officer)
    assert (seen.basis, seen.goal, seen.value) == ("quota", Decimal(4), 1)
    services.set_district_quotas(bureau_user, target, {gaoyou.pk: None})
    assert _progress(programme, POINTS, officer).basis == "contribution"


def test_a_target_edited_is_seen(programme):
    target = programme.targets.get(key=POINTS)
    before = _progress(programme, POINTS).goal_value
    target.goal_min = before + 7
    target.save()
    assert _progress(programme, POINTS).goal_value == before + 7


def test_a_rolled_back_change_keeps_the_stamp(programme, record, district):
    _progress(programme, POINTS)
    token = current_token()
    with pytest.raises(RuntimeError), transaction.atomic():
        _site(record, district, "回滚示范点")
        assert current_token() != token  # inside the transaction: changed
        raise RuntimeError("roll back")
    assert current_token() == token
    assert _progress(programme, POINTS).value == 0


def test_year_lists_and_districts_change_the_stamp(programme, make_enterprise, bureau_user):
    from biaozhun.accounts.models import District
    from biaozhun.enterprises.services import set_year_listing

    farm = make_enterprise("示范农场")
    token = current_token()
    set_year_listing(bureau_user, farm, "leading_agricultural", 2014, standardised_production=True)
    assert current_token() != token
    token = current_token()
    gaoyou = District.objects.get(name_zh="高邮市")
    gaoyou.valid_to = date(2030, 1, 1)
    gaoyou.save()
    assert current_token() != token
