"""Per-district figures follow the district map valid on each record's date (issue 18 §1)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from biaozhun.accounts.models import District, Region
from biaozhun.programme.metrics import METRICS
from biaozhun.programme.progress import target_progress

pytestmark = pytest.mark.django_db


def test_the_region_file_dates_the_2011_change(yangzhou: Region) -> None:
    jiangdu_city = District.objects.get(code="321088")
    weiyang = District.objects.get(code="321011")
    assert jiangdu_city.successor.code == "321012" and jiangdu_city.valid_to == date(2011, 11, 12)
    assert weiyang.successor.code == "321003" and not jiangdu_city.is_urban
    assert District.objects.get(code="321012").valid_from == date(2011, 11, 13)
    current = set(District.objects.current().values_list("code", flat=True))
    assert "321088" not in current and "321011" not in current and "321012" in current


def test_jiangdu_records_before_the_change_count_for_jiangdu_city(
    programme: Any, record: Any
) -> None:
    jiangdu = District.objects.get(code="321012")
    for name, day in (("江都旧区", date(2011, 6, 1)), ("江都新区", date(2012, 6, 1))):
        record(
            "sites",
            kind="agricultural_zone",
            name=name,
            field="稻米",
            operator="农场",
            level="municipal",
            approved_on=day,
            district=jiangdu,
        )
    progress = target_progress(programme.targets.get(key="agri-demo-zones"), as_of=date(2016, 1, 1))
    assert progress.value == 2
    assert progress.per_district["321088"] == 1  # 江都市, the map of 2011-06-01
    assert progress.per_district["321012"] == 1  # 江都区, from 2011-11-13
    metric = METRICS["agri_demo_zones"]
    old = District.objects.get(code="321088")
    start, end = date(2011, 1, 1), date(2015, 12, 31)
    assert [r.name for r in metric.records(start, end, old.pk)] == ["江都旧区"]
    assert [r.name for r in metric.records(start, end, jiangdu.pk)] == ["江都新区"]
    # a later programme's districts no longer include the ended divisions
    from biaozhun.programme.models import Programme

    later = Programme.objects.create(
        slug="later", name_zh="后期", region=programme.region, start_year=2016, end_year=2020
    )
    codes = set(
        District.objects.filter(region=later.region)
        .valid_between(later.start, later.end)
        .values_list("code", flat=True)
    )
    assert "321088" not in codes and "321012" in codes
