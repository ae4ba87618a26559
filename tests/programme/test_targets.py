"""Each target of the Yangzhou 2011-2015 programme is computed from the registries: totals,
per-year and per-district splits, the range and percentage goals, and the time-elapsed status."""

from datetime import date
from decimal import Decimal

import pytest

from biaozhun.enterprises.services import set_year_listing
from biaozhun.programme.metrics import METRICS
from biaozhun.programme.models import Target
from biaozhun.programme.progress import elapsed_fraction, programme_progress, target_progress

pytestmark = pytest.mark.django_db

AS_OF = date(2016, 1, 1)


def _progress(programme, key, **kwargs):
    return target_progress(programme.targets.get(key=key), as_of=AS_OF, **kwargs)


def test_every_target_of_the_mission_is_loaded_with_its_goal(programme):
    goals = {t.key: (t.goal_text, t.metric) for t in programme.targets.all()}
    assert goals == {
        "agri-local-standards": ("40", "agri_local_standards"),
        "agri-demo-zones": ("10", "agri_demo_zones"),
        "leading-agri-standardised": ("≥ 98%", "leading_agri_standardised"),
        "adoptions": ("500", "adoptions"),
        "national-committees": ("3-5", "national_committees"),
        "led-standards": ("50", "led_national_industry_standards"),
        "service-demo-points": ("50", "service_demo_points"),
        "service-standards": ("35", "service_standards"),
        "pilot-enterprises": ("10", "pilot_enterprises"),
        "talent-national": ("5", "talent_national"),
        "talent-leading": ("50", "talent_leading"),
        "talent-grassroots": ("500", "talent_grassroots"),
    }
    assert all(t.metric in METRICS for t in programme.targets.all())


def test_agricultural_local_standards_per_year_and_district(programme, record, district):
    guangling, baoying = district("广陵区"), district("宝应县")
    record(
        "sector-standards",
        area="agriculture",
        designation="DB3210/T 101-2012",
        title="水稻",
        action="made",
        drafter="站",
        district=guangling,
        published_on=date(2012, 3, 1),
    )
    record(
        "sector-standards",
        area="agriculture",
        designation="db32/t 102-2013",
        title="蔬菜",
        action="made",
        drafter="站",
        district=baoying,
        published_on=date(2013, 3, 1),
    )
    record(
        "sector-standards",
        area="agriculture",
        designation="DB32/T 103-2014",
        title="茶叶",
        action="made",
        drafter="站",
        district=baoying,
        published_on=date(2014, 3, 1),
    )
    # revised (not new), outside the period, and a service standard: none counts
    record(
        "sector-standards",
        area="agriculture",
        designation="DB32/T 104-2014",
        title="修订",
        action="revised",
        drafter="站",
        district=baoying,
        published_on=date(2014, 5, 1),
    )
    record(
        "sector-standards",
        area="agriculture",
        designation="DB32/T 105-2010",
        title="旧",
        action="made",
        drafter="站",
        district=baoying,
        published_on=date(2010, 5, 1),
    )
    record(
        "sector-standards",
        area="service",
        designation="DB3210/T 300-2013",
        title="物流",
        action="made",
        service_field="logistics",
        drafter="企",
        district=baoying,
        published_on=date(2013, 5, 1),
    )
    p = _progress(programme, "agri-local-standards")
    assert p.value == 3
    assert p.per_year == {2011: 0, 2012: 1, 2013: 1, 2014: 1, 2015: 0}
    assert p.cumulative[2015] == 3 and p.cumulative[2013] == 2
    assert p.per_district["321002"] == 1 and p.per_district["321023"] == 2
    assert p.per_district["321003"] == 0
    assert _progress(programme, "agri-local-standards", district_id=baoying.pk).value == 2
    service = _progress(programme, "service-standards")
    assert service.value == 1


def test_count_targets_from_each_registry(programme, record, make_enterprise, district):
    cable = make_enterprise("电缆公司", "江都区")
    led = make_enterprise("光电公司", "邗江区", is_exporter=True)
    gaoyou = district("高邮市")
    for i, kind in enumerate(["agricultural_zone", "agricultural_zone", "service_point"]):
        record(
            "sites",
            kind=kind,
            name=f"示范{i}",
            field="水稻",
            operator="社",
            district=gaoyou,
            level="provincial",
            approved_on=date(2012 + i, 6, 1),
        )
    for i in range(3):
        record(
            "adoptions",
            enterprise=led,
            product=f"灯具{i}",
            designation="IEC 60598-1:2008",
            degree="IDT",
            export_sales=True,
            adopted_on=date(2011 + i, 1, 10),
        )
    record(
        "committees",
        code="SAC/TC 213/WG 2",
        name="电缆",
        kind="wg",
        enterprise=cable,
        focus="cables",
        approved_on=date(2013, 1, 1),
    )
    # a national standard co-drafted by two city enterprises counts once
    for enterprise, rank in ((cable, 1), (led, 2)):
        record(
            "drafted",
            designation="GB/T 29001-2012",
            title="电缆",
            enterprise=enterprise,
            rank=rank,
            published_on=date(2012, 5, 1),
        )
    record(
        "drafted",
        designation="JB/T 11001-2013",
        title="机床",
        enterprise=cable,
        rank=3,
        published_on=date(2013, 5, 1),
    )
    # a local standard and one drafted by an institute (no enterprise) do not count
    record(
        "drafted",
        designation="DB32/T 2100-2012",
        title="LED",
        enterprise=led,
        rank=1,
        published_on=date(2012, 6, 1),
    )
    record(
        "drafted",
        designation="GB/T 29002-2012",
        title="院",
        organisation="研究院",
        district=gaoyou,
        rank=1,
        published_on=date(2012, 6, 1),
    )
    record(
        "pilots",
        enterprise=led,
        kind="innovation",
        level="provincial",
        approved_on=date(2012, 1, 1),
    )
    record(
        "pilots", enterprise=led, kind="high_tech", level="national", approved_on=date(2014, 1, 1)
    )
    for tier, n in (("national", 1), ("leading", 2), ("grassroots", 3)):
        for i in range(n):
            record(
                "talent",
                name=f"{tier}{i}",
                tier=tier,
                organisation="单位",
                district=gaoyou,
                recognised_on=date(2015, 1, 1),
            )
    values = {p.target.key: p.value for p in programme_progress(programme, as_of=AS_OF)}
    assert values["agri-demo-zones"] == 2
    assert values["service-demo-points"] == 1
    assert values["adoptions"] == 3
    assert values["national-committees"] == 1
    assert values["led-standards"] == 2
    assert values["pilot-enterprises"] == 1  # one enterprise, two pilot approvals
    assert (values["talent-national"], values["talent-leading"], values["talent-grassroots"]) == (
        1,
        2,
        3,
    )
    committees = _progress(programme, "national-committees")
    assert committees.per_district["321012"] == 1  # the secretariat enterprise's district
    assert committees.status == "missed"  # 1 of 3-5 with the period over: 未完成


def test_percentage_target_reads_the_latest_year_list(programme, make_enterprise, bureau_user):
    farms = [make_enterprise(f"农业{i}", "宝应县" if i < 3 else "高邮市") for i in range(4)]
    for i, farm in enumerate(farms):
        set_year_listing(
            bureau_user, farm, "leading_agricultural", 2012, standardised_production=i < 2
        )
        set_year_listing(
            bureau_user, farm, "leading_agricultural", 2014, standardised_production=i != 3
        )
    # not a leading-agricultural listing: ignored
    set_year_listing(bureau_user, farms[3], "innovative_pilot", 2014)
    p = _progress(programme, "leading-agri-standardised")
    assert p.value == Decimal("75.0")  # 3 of 4 in 2014, the latest year with a list
    assert p.per_year[2012] == Decimal("50.0") and p.per_year[2013] == 0
    assert p.per_year[2014] == Decimal("75.0")
    assert p.per_district["321023"] == Decimal("100.0")  # 宝应: 3 of 3
    assert p.per_district["321084"] == Decimal("0.0")  # 高邮: 0 of 1
    assert p.status == "missed"  # the period is over: not achieved
    set_year_listing(
        bureau_user, farms[3], "leading_agricultural", 2014, standardised_production=True
    )
    assert _progress(programme, "leading-agri-standardised").status == "achieved"


def test_status_against_time_elapsed(programme, record, district):
    target = programme.targets.get(key="agri-demo-zones")
    for i in range(3):
        record(
            "sites",
            kind="agricultural_zone",
            name=f"区{i}",
            field="f",
            operator="o",
            district=district("广陵区"),
            level="municipal",
            approved_on=date(2011, 3, 1 + i),
        )
    assert elapsed_fraction(programme, date(2010, 5, 1)) == 0
    assert elapsed_fraction(programme, date(2020, 5, 1)) == 1
    early = target_progress(target, as_of=date(2011, 12, 31))  # 20% of the time, 30% done
    assert early.status == "on_track" and early.value == 3
    late = target_progress(target, as_of=date(2014, 1, 1))  # 60% of the time, 30% done
    assert late.status == "behind"
    before = target_progress(target, as_of=date(2011, 2, 1))
    assert before.value == 0 and list(before.per_year) == [2011]


def test_another_programme_is_data_too(programme, record, district, yangzhou):
    from biaozhun.programme.models import Programme

    later = Programme.objects.create(
        slug="yz-2016", name_zh="十三五", region=yangzhou, start_year=2016, end_year=2020
    )
    Target.objects.create(
        programme=later,
        key="zones",
        area="agriculture",
        name_zh="示范区",
        name_en="zones",
        metric="agri_demo_zones",
        goal_min=5,
        unit_zh="个",
        unit_en="zones",
    )
    record(
        "sites",
        kind="agricultural_zone",
        name="旧",
        field="f",
        operator="o",
        district=district("广陵区"),
        level="municipal",
        approved_on=date(2013, 3, 1),
    )
    record(
        "sites",
        kind="agricultural_zone",
        name="新",
        field="f",
        operator="o",
        district=district("广陵区"),
        level="municipal",
        approved_on=date(2017, 3, 1),
    )
    [p] = programme_progress(later, as_of=date(2021, 1, 1))
    assert p.value == 1 and p.per_year[2017] == 1
    assert _progress(programme, "agri-demo-zones").value == 1
