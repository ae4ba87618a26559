"""Properties of the computed targets on random registries: the per-year values add up to the
total, so do the per-district values, and the total is exactly the records dated in the period."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biaozhun.programme.models import DemonstrationSite, Talent
from biaozhun.programme.progress import target_progress

pytestmark = pytest.mark.django_db

DISTRICTS = ["321002", "321003", "321012", "321023", "321081", "321084"]
records = st.lists(
    st.tuples(st.sampled_from(DISTRICTS), st.dates(date(2009, 1, 1), date(2017, 12, 31))),
    max_size=25,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sites=records, as_of=st.dates(date(2010, 6, 1), date(2017, 1, 1)))
def test_splits_add_up_to_the_total(programme, sites, as_of):
    from biaozhun.accounts.models import District

    DemonstrationSite.objects.all().delete()
    by_code = {d.code: d for d in District.objects.all()}
    DemonstrationSite.objects.bulk_create(
        DemonstrationSite(
            kind="agricultural_zone",
            name=f"s{i}",
            field="f",
            operator="o",
            level="municipal",
            district=by_code[code],
            approved_on=day,
        )
        for i, (code, day) in enumerate(sites)
    )
    p = target_progress(programme.targets.get(key="agri-demo-zones"), as_of=as_of)
    end = min(as_of, date(2015, 12, 31))
    expected = sum(1 for _, day in sites if date(2011, 1, 1) <= day <= end)
    assert p.value == expected
    assert sum(p.per_year.values()) == expected
    assert sum(p.per_district.values()) == expected
    if p.cumulative:
        assert p.cumulative[max(p.cumulative)] == expected
    assert 0 <= p.elapsed <= 1
    assert (p.status == "achieved") == (expected >= 10)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tiers=st.lists(st.sampled_from(["national", "leading", "grassroots"]), max_size=20))
def test_talent_tiers_partition_the_registry(programme, tiers):
    from biaozhun.accounts.models import District

    Talent.objects.all().delete()
    district = District.objects.get(code="321002")
    Talent.objects.bulk_create(
        Talent(
            name=f"t{i}",
            tier=tier,
            organisation="o",
            district=district,
            recognised_on=date(2013, 1, 1),
        )
        for i, tier in enumerate(tiers)
    )
    values = {
        key: target_progress(
            programme.targets.get(key=key), as_of=date(2016, 1, 1), detail=False
        ).value
        for key in ("talent-national", "talent-leading", "talent-grassroots")
    }
    assert sum(values.values()) == len(tiers)
    assert values["talent-leading"] == tiers.count("leading")
