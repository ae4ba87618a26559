"""Demo registry records (示例) across the districts and the years 2011-2015, so the dashboard
shows computed numbers. Names are invented and labelled as examples; designations are
syntactically valid but the numbers are not real standards."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from biaozhun.accounts.models import District, Organisation, User
from biaozhun.core.designation import parse
from biaozhun.enterprises.demo import demo_credit_code
from biaozhun.enterprises.models import Enterprise, Industry
from biaozhun.enterprises.services import EnterpriseData, create_enterprise, set_year_listing

from .demo_work import cn_application, load_demo_seed_work
from .figures import figures_changed
from .models import (
    Adoption,
    Alliance,
    DemonstrationSite,
    DraftedStandard,
    Event,
    GroupMember,
    Inspection,
    NewsPost,
    PatentDeclaration,
    PilotEnterprise,
    ProgressUpdate,
    SectorStandard,
    Talent,
    Target,
    Task,
    TechnicalCommittee,
    TrainingSession,
)
from .reference import load_yangzhou_programme

YEARS = range(2011, 2016)
MARK = "(示例)"
INTERNATIONAL = [
    "ISO 9001:2008",
    "IEC 60598-1:2008",
    "IEC 60227-3:1993",
    "ISO 11553-1:2005",
    "IEC 60896-21:2004",
    "EN 60335-1:2012",
    "IEC 61215:2005",
    "ISO 8124-1:2009",
    "ASTM D638-10",
    "IEC 62031:2008",
    "ISO 14001:2004",
    "JIS C 8105-1:2010",
]
AGRI_FIELDS = ["水稻", "蔬菜", "水产", "茶叶", "花木", "畜禽"]
SERVICE_FIELDS = ["logistics", "tourism", "trade", "technology", "public_affairs"]


def _day(rng: random.Random, year: int) -> date:
    return date(year, 1, 1) + timedelta(days=rng.randrange(0, 364))


@transaction.atomic
def load_demo_programme(stdout: Any) -> None:
    load_yangzhou_programme(stdout)
    _load_registries(stdout)
    load_demo_seed_work(stdout)
    figures_changed()  # the registries were bulk-created: no save signal told the figures


def _load_registries(stdout: Any) -> None:
    if DemonstrationSite.objects.filter(name__endswith=MARK).exists():
        stdout.write("demo programme registries already loaded")
        return
    rng = random.Random(2011)
    districts = list(District.objects.current())
    enterprises = list(Enterprise.objects.filter(name_zh__contains="示例"))
    if not districts or not enterprises:
        stdout.write("demo programme: load the demo enterprises first, skipped")
        return
    industries = list(Industry.objects.all())

    sites = []
    for i in range(8):
        year = YEARS[i % 5]
        sites.append(
            DemonstrationSite(
                kind="agricultural_zone",
                name=f"{AGRI_FIELDS[i % 6]}标准化示范区{i + 1}{MARK}",
                location=f"示例镇 {i + 1}",
                district=districts[(i * 2) % len(districts)],
                field=AGRI_FIELDS[i % 6],
                operator=f"示例农业合作社 {i + 1}",
                level=["national", "provincial", "municipal"][i % 3],
                approved_on=_day(rng, year),
            )
        )
    for i in range(36):
        year = YEARS[i % 5]
        sites.append(
            DemonstrationSite(
                kind="service_point",
                name=f"服务业标准化示范点{i + 1}{MARK}",
                location=f"示例街道 {i + 1}",
                district=districts[i % len(districts)],
                field=SERVICE_FIELDS[i % 5],
                operator=f"示例服务企业 {i + 1}",
                level=["provincial", "municipal"][i % 2],
                approved_on=_day(rng, year),
            )
        )
    DemonstrationSite.objects.bulk_create(sites)
    inspections = []
    for site in DemonstrationSite.objects.filter(name__endswith=MARK):
        for k in range(1, 3):
            when = (site.approved_on or date(2011, 1, 1)) + timedelta(days=300 * k)
            if when.year <= 2015:
                inspections.append(
                    Inspection(
                        site=site,
                        inspected_on=when,
                        score=Decimal(rng.randrange(70, 99)),
                        findings="台账记录不全,已要求整改(示例)" if k == 1 else "符合要求(示例)",
                        inspector="市局检查组(示例)",
                    )
                )
    Inspection.objects.bulk_create(inspections)

    sector = []
    for i in range(32):
        year = YEARS[i % 5]
        prefix = "DB3210/T" if i % 2 else "DB32/T"
        sector.append(
            SectorStandard(
                area="agriculture",
                designation=f"{prefix} {100 + i}-{year}",
                title=f"{AGRI_FIELDS[i % 6]}生产技术规程{MARK}",
                action="made",
                drafter=f"示例农业技术推广站 {i % 4 + 1}",
                district=districts[(i * 3) % len(districts)],
                published_on=_day(rng, year),
            )
        )
    for i in range(38):
        year = YEARS[i % 5]
        sector.append(
            SectorStandard(
                area="service",
                designation=f"DB3210/T {300 + i}-{year}",
                title=f"服务规范 {i + 1}{MARK}",
                action="made" if i % 3 else "revised",
                service_field=SERVICE_FIELDS[i % 5],
                drafter=f"示例服务企业 {i % 6 + 1}",
                district=districts[i % len(districts)],
                published_on=_day(rng, year),
            )
        )
    SectorStandard.objects.bulk_create(sector)

    adoptions = []
    for i in range(380):
        enterprise = enterprises[i % len(enterprises)]
        year = YEARS[(i * 7) % 5]
        adoptions.append(
            Adoption(
                enterprise=enterprise,
                district_id=enterprise.district_id,
                product=f"示例产品 {i + 1}",
                designation=parse(INTERNATIONAL[i % len(INTERNATIONAL)]).canonical,
                degree=["IDT", "MOD", "NEQ"][i % 3],
                export_sales=enterprise.is_exporter and i % 2 == 0,
                adopted_on=_day(rng, year),
            )
        )
    Adoption.objects.bulk_create(adoptions)

    committees = [
        ("SAC/TC 224/SC 3", "半导体照明(LED)分技术委员会(示例)", "sc", "led", 2012),
        ("SAC/TC 213/WG 2", "电线电缆工作组(示例)", "wg", "cables", 2013),
        ("SAC/TC 22/SC 9", "激光加工机床分技术委员会(示例)", "sc", "laser_machine_tools", 2014),
        ("SAC/TC 69/WG 1", "蓄电池工作组(示例)", "wg", "storage_batteries", 2015),
    ]
    by_focus = {
        "led": "光电",
        "cables": "电缆",
        "laser_machine_tools": "激光",
        "storage_batteries": "蓄电池",
    }
    for code, name, kind, focus, year in committees:
        secretariat = next((e for e in enterprises if by_focus[focus] in e.name_zh), enterprises[0])
        TechnicalCommittee.objects.create(
            code=code,
            name=name,
            kind=kind,
            focus=focus,
            enterprise=secretariat,
            district_id=secretariat.district_id,
            approved_on=_day(rng, year),
        )

    drafted = []
    for i in range(42):
        enterprise = enterprises[i % len(enterprises)]
        year = YEARS[i % 5]
        national = i % 3 != 0
        designation = f"GB/T {29000 + i}-{year}" if national else f"JB/T {11000 + i}-{year}"
        drafted.append(
            DraftedStandard(
                designation=designation,
                title=f"示例产品技术条件 {i + 1}{MARK}",
                level="national" if national else "industry",
                enterprise=enterprise,
                district_id=enterprise.district_id,
                rank=1 + i % 3,
                industry=industries[i % len(industries)] if industries else None,
                published_on=_day(rng, year),
            )
        )
    drafted.append(
        DraftedStandard(
            designation="DB32/T 2100-2012",
            title=f"LED 道路照明灯具{MARK}",
            level="local",
            enterprise=enterprises[0],
            district_id=enterprises[0].district_id,
            rank=1,
            published_on=date(2012, 6, 1),
        )
    )
    DraftedStandard.objects.bulk_create(drafted)

    for i, enterprise in enumerate(enterprises[:7]):
        PilotEnterprise.objects.create(
            enterprise=enterprise,
            district_id=enterprise.district_id,
            kind=["innovation", "high_tech", "industrial_cluster", "circular_economy"][i % 4],
            level="national" if i == 0 else "provincial",
            approved_on=_day(rng, YEARS[i % 5]),
        )

    talent = []
    for tier, count in (("national", 3), ("leading", 41), ("grassroots", 420)):
        for i in range(count):
            enterprise = enterprises[i % len(enterprises)]
            talent.append(
                Talent(
                    name=f"示例人员{tier[0].upper()}{i + 1:03d}",
                    tier=tier,
                    organisation=enterprise.name_zh,
                    enterprise=enterprise,
                    district_id=enterprise.district_id,
                    recognised_on=_day(rng, YEARS[i % 5]),
                    certificates="标准化工程师证书(示例)" if i % 4 == 0 else "",
                )
            )
    Talent.objects.bulk_create(talent)
    people = list(Talent.objects.filter(name__startswith="示例人员"))
    for year in YEARS:
        session = TrainingSession.objects.create(
            title=f"{year} 年标准化业务培训班{MARK}",
            held_on=date(year, 5, 20),
            hours=Decimal(16),
            organiser="扬州市技术监督情报研究所",
            district=districts[0],
        )
        session.attendees.set(rng.sample(people, 40))

    alliance = Alliance.objects.create(
        name=f"扬州 LED 照明技术标准产业联盟{MARK}",
        lead=enterprises[0],
        district_id=enterprises[0].district_id,
        founded_on=date(2012, 3, 15),
    )
    alliance.members.set(enterprises[:4])
    alliance.standards.set(DraftedStandard.objects.filter(enterprise=enterprises[0])[:3])

    for i in range(5):
        enterprise = enterprises[i]
        standard = DraftedStandard.objects.filter(enterprise=enterprise).first()
        if standard is None:
            continue
        PatentDeclaration.objects.create(
            patent_number=cn_application(f"20121012345{i}"),
            title=f"一种示例装置 {i + 1}{MARK}",
            enterprise=enterprise,
            holder=enterprise.name_zh,
            designation=standard.designation,
            district_id=enterprise.district_id,
            declared_on=standard.published_on,
        )

    _demo_leadership(rng, districts)
    _demo_leading_agricultural(stdout)
    stdout.write(
        f"demo programme: {DemonstrationSite.objects.count()} sites, "
        f"{Adoption.objects.count()} adoptions, {Talent.objects.count()} talent"
    )


def _demo_leadership(rng: random.Random, districts: list[District]) -> None:
    names = ["王示例", "李示例", "张示例", "刘示例", "陈示例", "杨示例", "赵示例"]
    members = list(Organisation.objects.filter(leadership_group_member=True))
    for i, organisation in enumerate(members):
        GroupMember.objects.create(
            organisation=organisation,
            name=names[i % len(names)],
            title="分管副局长(示例)" if i else "副市长(示例)",
            position="leader" if i == 0 else ("deputy" if i == 1 else "member"),
        )
    author = User.objects.filter(role="bureau_admin").first()
    targets = {t.key: t for t in Target.objects.all()}
    departments = {o.code: o for o in members}
    plan = [
        (
            "制定农业地方标准年度计划",
            "agriculture",
            None,
            "agri-local-standards",
            date(2013, 3, 31),
            True,
        ),
        (
            "推进龙头企业标准化生产",
            "agriculture",
            None,
            "leading-agri-standardised",
            date(2014, 6, 30),
            False,
        ),
        ("组织企业采用国际标准", "economy", None, "adoptions", date(2015, 9, 30), False),
        (
            "争取全国标委会秘书处落户",
            "science",
            None,
            "national-committees",
            date(2015, 12, 31),
            True,
        ),
        (
            "服务业标准化示范点申报",
            "commerce",
            None,
            "service-demo-points",
            date(2014, 12, 31),
            False,
        ),
        ("县级标准化人才培训", None, "321084", "talent-grassroots", date(2015, 11, 30), False),
        ("示范区长效管理检查", None, "321023", "agri-demo-zones", date(2030, 12, 31), False),
    ]
    for title, dept, district_code, target_key, deadline, done in plan:
        task = Task.objects.create(
            title=f"{title}{MARK}",
            description="领导小组交办(示例)",
            organisation=departments.get(dept) if dept else None,
            district=District.objects.filter(code=district_code).first() if district_code else None,
            target=targets.get(target_key),
            deadline=deadline,
            status="done" if done else "open",
            done_on=deadline - timedelta(days=10) if done else None,
            created_by=author,
        )
        ProgressUpdate.objects.create(
            task=task, author=author, note="已部署,正在推进(示例)", percent=100 if done else 60
        )
    for year in YEARS:
        event = Event.objects.create(
            kind="world_standards_day",
            title=f"{year} 年世界标准日宣传活动{MARK}",
            held_on=date(year, 10, 14),
            location="文昌阁广场(示例)",
            description="标准化知识咨询与展板宣传(示例)",
        )
        NewsPost.objects.create(
            title=f"我市开展 {year} 年世界标准日宣传{MARK}",
            body="市质监局联合各成员单位开展世界标准日宣传活动(示例新闻)。",
            published_on=date(year, 10, 15),
            event=event,
            author=author,
        )
        Event.objects.create(
            kind="science_week",
            title=f"{year} 年科技活动周标准化专场{MARK}",
            held_on=date(year, 5, rng.randrange(15, 25)),
            district=districts[year % len(districts)],
            location="示例科技馆",
        )


# (name, district code, first year in standardised production or None)
LEADING_AGRICULTURAL = [
    ("宝应示例荷藕食品有限公司", "321023", 2011),
    ("高邮示例鸭业有限公司", "321084", 2012),
    ("仪征示例茶业有限公司", "321081", 2013),
    ("江都示例粮油有限公司", "321012", 2014),
    ("邗江示例花木有限公司", "321003", None),
]


def _demo_leading_agricultural(stdout: Any) -> None:
    """Leading agricultural enterprises on the yearly list, reaching standardised production
    year by year (through the enterprise services)."""
    actor = (
        User.objects.filter(role="bureau_admin").first()
        or User.objects.filter(is_superuser=True).first()
    )
    if actor is None:
        stdout.write("demo leading agricultural enterprises: no bureau administrator, skipped")
        return
    for index, (name, code, since) in enumerate(LEADING_AGRICULTURAL, 101):
        credit_code = demo_credit_code(index, code)
        enterprise = Enterprise.objects.filter(credit_code=credit_code).first()
        if enterprise is None:
            enterprise = create_enterprise(
                actor,
                EnterpriseData(
                    name_zh=name + MARK,
                    credit_code=credit_code,
                    district=District.objects.get(code=code),
                    industries=("agriculture",),
                ),
            )
        for year in YEARS:
            set_year_listing(
                actor,
                enterprise,
                "leading_agricultural",
                year,
                standardised_production=since is not None and year >= since,
            )
