"""Demo data (示例) for the seed's work beyond the targets: enterprise standards of the focus
products and their path upward (the LED road-lighting provincial standard as the model
milestone), committee memberships and committees being sought, associations, good-practice
pilots, patents with licensing commitments and foreign numbers, the zones' lifecycle, the
counties' and districts' leading groups, meetings with decisions and tasks, and trainings open
for sign-up. Every name and number is an example; idempotent (skipped once loaded)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from biaozhun.accounts.models import District, Organisation, User
from biaozhun.core.patents import cn_check_digit
from biaozhun.enterprises.models import Enterprise

from .models import (
    Association,
    CommitteeMembership,
    DemonstrationSite,
    DraftedStandard,
    GroupMeeting,
    GroupMember,
    MeetingDecision,
    PatentDeclaration,
    PilotEnterprise,
    Task,
    TechnicalCommittee,
    TrainingSession,
    TrainingSignup,
)

MARK = "(示例)"


def cn_application(digits: str) -> str:
    """A Chinese application number with its right check digit (demo numbers are examples)."""
    return f"ZL{digits}.{cn_check_digit(digits)}"


def _enterprise(enterprises: list[Enterprise], word: str) -> Enterprise:
    return next((e for e in enterprises if word in e.name_zh), enterprises[0])


def load_demo_seed_work(stdout: Any) -> None:
    if CommitteeMembership.objects.filter(committee_name__endswith=MARK).exists():
        stdout.write("demo seed work already loaded")
        return
    districts = list(District.objects.all())
    enterprises = list(Enterprise.objects.filter(name_zh__contains="示例"))
    if not districts or not enterprises:
        stdout.write("demo seed work: load the demo enterprises first, skipped")
        return
    light = _enterprise(enterprises, "光电")
    cable = _enterprise(enterprises, "电缆")
    _paths_upward(enterprises, light, cable)
    _bodies(enterprises, light, cable)
    _pilots_and_patents(enterprises, light)
    _lifecycles()
    _groups_and_meetings(districts)
    _trainings(enterprises)
    stdout.write("demo seed work: enterprise standards, bodies, groups, meetings, sign-ups")


def _drafted(enterprise: Enterprise, designation: str, title: str, level: str, **kw: Any) -> Any:
    record, _ = DraftedStandard.objects.get_or_create(
        designation=designation,
        enterprise=enterprise,
        organisation="",
        defaults={
            "title": title,
            "level": level,
            "district_id": enterprise.district_id,
            "rank": 1,
            **kw,
        },
    )
    return record


def _paths_upward(enterprises: list[Enterprise], light: Enterprise, cable: Enterprise) -> None:
    # the model milestone: an enterprise standard for LED road luminaires rises to the
    # provincial standard 《道路照明用LED灯具》 (三.1; the numbers are examples)
    q_led = _drafted(
        light,
        "Q/320000 YZGD 001-2011",
        f"LED 道路照明灯具{MARK}",
        "enterprise",
        focus_product="led",
        published_on=date(2011, 3, 1),
    )
    provincial = DraftedStandard.objects.filter(designation="DB32/T 2100-2012").first()
    if provincial is None:
        provincial = _drafted(
            light,
            "DB32/T 2100-2012",
            f"道路照明用LED灯具{MARK}",
            "local",
            published_on=date(2012, 6, 1),
        )
    provincial.title = f"道路照明用LED灯具(示例编号){MARK}"
    provincial.focus_product = "led"
    provincial.raised_from = q_led
    provincial.save(update_fields=["title", "focus_product", "raised_from"])
    pv = _drafted(
        _enterprise(enterprises, "光伏"),
        "Q/321000 YZGF 003-2011",
        f"晶体硅光伏组件 技术条件{MARK}",
        "enterprise",
        focus_product="photovoltaic",
        published_on=date(2011, 9, 1),
    )
    _drafted(
        _enterprise(enterprises, "光伏"),
        "T/JSPV 002-2013",
        f"晶体硅光伏组件 技术条件{MARK}",
        "group",
        focus_product="photovoltaic",
        raised_from=pv,
        published_on=date(2013, 5, 1),
    )
    grid = _drafted(
        cable,
        "Q/321000 YZDL 012-2012",
        f"智能电网用光纤复合低压电缆{MARK}",
        "enterprise",
        focus_product="smart_grid",
        published_on=date(2012, 2, 1),
    )
    _drafted(
        cable,
        "DL/T 1890-2014",
        f"智能电网用光纤复合低压电缆{MARK}",
        "industry",
        focus_product="smart_grid",
        raised_from=grid,
        published_on=date(2014, 10, 1),
    )
    _drafted(
        enterprises[-1],
        "Q/321000 YZTX 001-2012",
        f"碳纤维复合材料制品{MARK}",
        "enterprise",
        focus_product="carbon_fibre",
        published_on=date(2012, 8, 1),
    )
    _drafted(
        light,
        "Q/321000 YZDZ 002-2012",
        f"电子书阅读器{MARK}",
        "enterprise",
        focus_product="ebook",
        published_on=date(2012, 11, 1),
    )


def _bodies(enterprises: list[Enterprise], light: Enterprise, cable: Enterprise) -> None:
    rows = [
        ("iec", "IEC/TC 34", "灯和相关设备", "示例专家甲", light, "expert", date(2012, 4, 1), 5),
        ("iec", "IEC/TC 20", "电缆", "示例专家乙", cable, "expert", date(2013, 1, 1), 3),
        (
            "iso",
            "ISO/TC 39/SC 10",
            "机床 激光加工",
            "示例专家丙",
            None,
            "project_leader",
            date(2014, 6, 1),
            2,
        ),
        (
            "national",
            "SAC/TC 224",
            "全国照明电器标准化技术委员会",
            "示例专家丁",
            light,
            "member",
            date(2011, 7, 1),
            8,
        ),
        (
            "national",
            "SAC/TC 213",
            "全国电线电缆标准化技术委员会",
            "",
            cable,
            "member",
            date(2012, 3, 1),
            6,
        ),
        (
            "national",
            "SAC/TC 224/SC 1",
            "全国照明电器标准化技术委员会 光源分会",
            "示例专家戊",
            light,
            "vice_chair",
            date(2013, 9, 1),
            4,
        ),
    ]
    for body, code, name, person, enterprise, role, since, meetings in rows:
        CommitteeMembership.objects.create(
            body=body,
            committee_code=code,
            committee_name=f"{name}{MARK}",
            person=person,
            enterprise=enterprise,
            organisation="" if enterprise else "扬州示例大学",
            district_id=(enterprise or enterprises[0]).district_id,
            role=role,
            since=since,
            meetings_attended=meetings,
            last_meeting_on=since + timedelta(days=300 * meetings // 2),
        )
    # committees being sought (申请筹建 → 公示 → 批准 / 未获批)
    for code, name, focus, status, applied, extra in (
        ("SAC/TC 筹-01", "全国电子书标准化工作组(筹)", "ebooks", "applied", date(2014, 3, 1), {}),
        (
            "SAC/TC 筹-02",
            "全国蓄电池标准化技术委员会 分会(筹)",
            "storage_batteries",
            "publicised",
            date(2013, 6, 1),
            {"publicised_on": date(2013, 12, 1)},
        ),
        (
            "SAC/TC 筹-03",
            "全国激光加工机床工作组(筹)",
            "laser_machine_tools",
            "refused",
            date(2012, 5, 1),
            {"refused_on": date(2013, 2, 1), "status_note": "领域与现有分会重叠(示例)"},
        ),
    ):
        secretariat = _enterprise(
            enterprises,
            {"ebooks": "光电", "storage_batteries": "蓄电池", "laser_machine_tools": "激光"}[focus],
        )
        TechnicalCommittee.objects.create(
            code=code,
            name=f"{name}{MARK}",
            kind="wg" if "工作组" in name else "sc",
            enterprise=secretariat,
            district_id=secretariat.district_id,
            focus=focus,
            applied_on=applied,
            approved_on=None,
            status=status,
            **extra,
        )
    for name, kind, year in (
        ("扬州市示例照明电器行业协会", "industry_association", 2011),
        ("扬州市示例标准化协会", "standardisation_association", 2011),
        ("扬州示例标准化技术服务有限公司", "intermediary", 2012),
        ("扬州示例质量技术研究院", "research", 2013),
    ):
        association = Association.objects.create(
            name=f"{name}{MARK}",
            kind=kind,
            district=light.district,
            contact="0514-0000000(示例)",
            member_count=30 if kind.endswith("association") else None,
            joined_on=date(year, 4, 1),
            activities="组织会员企业参与行业标准研究(示例)",
        )
        association.standards.set(DraftedStandard.objects.filter(focus_product="led")[:2])


def _pilots_and_patents(enterprises: list[Enterprise], light: Enterprise) -> None:
    for i, (grade, level) in enumerate(
        (("AAAA", "provincial"), ("AAA", "provincial"), ("AA", "municipal"))
    ):
        enterprise = enterprises[(i + 2) % len(enterprises)]
        PilotEnterprise.objects.create(
            enterprise=enterprise,
            district_id=enterprise.district_id,
            kind="good_practice",
            level=level,
            approved_on=date(2012 + i, 3, 1),
            grade=grade,
            confirmed_on=date(2013 + i, 11, 1),
        )
    PatentDeclaration.objects.filter(holder__contains="示例", licensing="pending").update(
        licensing="frand"
    )
    standard = DraftedStandard.objects.filter(designation="DB32/T 2100-2012").first()
    if standard is None:
        return
    for number, licensing in (
        ("US7654321B2", "frand"),
        ("EP1234567B1", "free"),
        ("WO2011/123456A1", "refused"),
        (cn_application("201110123456"), "free"),
    ):
        PatentDeclaration.objects.create(
            patent_number=number.replace("/", "") if number.startswith("WO") else number,
            office=number[:2] if not number.startswith("ZL") else "CN",
            title=f"LED 路灯散热结构{MARK}",
            enterprise=light,
            holder=light.name_zh,
            district_id=light.district_id,
            designation=standard.designation,
            declared_on=standard.published_on,
            licensing=licensing,
        )


def _lifecycles() -> None:
    sites = list(DemonstrationSite.objects.filter(name__endswith=MARK).order_by("approved_on"))
    for site in sites[:10]:
        if site.approved_on:
            site.status = "accepted"
            site.accepted_on = site.approved_on + timedelta(days=730)
            site.save(update_fields=["status", "accepted_on"])
    if len(sites) > 12:
        site = sites[11]
        site.status = "revoked"
        site.revoked_on = (site.approved_on or date(2013, 1, 1)) + timedelta(days=400)
        site.status_note = "未按期完成建设任务(示例)"
        site.save(update_fields=["status", "revoked_on", "status_note"])
    if sites:
        for i in range(2):
            DemonstrationSite.objects.create(
                kind="agricultural_zone",
                name=f"新申报农业标准化示范区{i + 1}{MARK}",
                district=sites[i].district,
                field="水稻",
                operator=f"示例合作社 {i + 1}",
                level="provincial",
                declared_on=date(2015, 9, 1),
                approved_on=None,
                status="declared",
            )


def _groups_and_meetings(districts: list[District]) -> None:
    for i, district in enumerate(districts):
        for position, title, unit in (
            ("leader", "分管副县(区)长(示例)", f"{district.name_zh}人民政府"),
            ("deputy", "质监局局长(示例)", f"{district.name_zh}质监局"),
            ("liaison", "标准化科科长(示例)", f"{district.name_zh}质监局"),
        ):
            GroupMember.objects.create(
                district=district,
                unit=unit,
                name=f"示例{position[0].upper()}{i + 1}",
                title=title,
                position=position,
            )
    author = User.objects.filter(role="bureau_admin").first()
    meeting = GroupMeeting.objects.create(
        title=f"2012 年领导小组第一次全体会议{MARK}",
        held_on=date(2012, 3, 20),
        location="市政府会议室",
        chair="副市长(示例)",
        attendees="领导小组成员单位负责同志",
        minutes="听取 2011 年技术标准战略实施情况汇报,部署 2012 年重点工作。(示例)",
        created_by=author,
    )
    departments = list(Organisation.objects.filter(leadership_group_member=True)[:2])
    decision = MeetingDecision.objects.create(
        meeting=meeting, number=1, text="争取全国电子书标准化工作组落户扬州(示例)"
    )
    Task.objects.create(
        title=f"编制电子书工作组筹建申报材料{MARK}",
        organisation=departments[0] if departments else None,
        district=None if departments else districts[0],
        deadline=date(2012, 9, 30),
        decision=decision,
        created_by=author,
    )
    decision = MeetingDecision.objects.create(
        meeting=meeting, number=2, text="各县(市、区)年内成立技术标准战略领导小组(示例)"
    )
    for district in districts[:3]:
        Task.objects.create(
            title=f"成立{district.name_zh}技术标准战略领导小组{MARK}",
            district=district,
            deadline=date(2012, 6, 30),
            status="done",
            done_on=date(2012, 5, 15),
            decision=decision,
            created_by=author,
        )
    if districts:
        local = GroupMeeting.objects.create(
            district=districts[-1],
            title=f"{districts[-1].name_zh}领导小组 2013 年工作会议{MARK}",
            held_on=date(2013, 2, 26),
            chair="分管副县长(示例)",
            minutes="部署农业标准化示范区建设。(示例)",
            created_by=author,
        )
        decision = MeetingDecision.objects.create(
            meeting=local, number=1, text="申报 2 个农业标准化示范区(示例)"
        )
        Task.objects.create(
            title=f"完成示范区申报材料{MARK}",
            district=districts[-1],
            deadline=date(2013, 5, 31),
            decision=decision,
            created_by=author,
        )


def _trainings(enterprises: list[Enterprise]) -> None:
    today = date.today()
    district = enterprises[0].district
    first = TrainingSession.objects.create(
        title=f"企业标准化良好行为培训班{MARK}",
        held_on=today + timedelta(days=30),
        hours=Decimal(8),
        organiser="扬州市技术监督情报研究所",
        location="扬州市示例会议中心",
        district=district,
        capacity=60,
        signup_deadline=today + timedelta(days=20),
    )
    TrainingSession.objects.create(
        title=f"WTO/TBT 通报与应对实务培训{MARK}",
        held_on=today + timedelta(days=45),
        hours=Decimal(4),
        organiser="扬州市 WTO/TBT 咨询工作站",
        location="线上",
        district=district,
        capacity=None,
        signup_deadline=today + timedelta(days=40),
    )
    for i, enterprise in enumerate(enterprises[:3]):
        people = [f"示例学员{i + 1}-{k + 1}" for k in range(2 + i)]
        TrainingSignup.objects.create(
            session=first,
            enterprise=enterprise,
            participants="\n".join(people),
            seats=len(people),
            signed_by=User.objects.filter(enterprise=enterprise).first(),
        )
