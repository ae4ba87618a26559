"""Who writes which registry: the responsibility table of the 2011 strategy document, as data.

One row per registry the platform keeps for the programme. The bureau (质监局, the office of
the leadership group: "领导小组办公室设在质监局,负责检查督促全市技术标准战略实施等具体事务性
工作") writes every registry; the district offices write their own district's records ("各县
(市、区)成立相应的组织机构"); a partner department writes the registries of its row and reads
the rest; an enterprise reports the records of its row for the bureau to confirm (a reported
record counts nowhere until it is confirmed). ``docs/programme.md`` quotes the sentence of the
seed each row comes from.

Pure data and one function: ``writer_kind(registry, role, organisation_code)``; the Django side
(``biaozhun.accounts.responsibility``) adds the district and the enterprise of the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: The partner departments by their organisation code (``accounts.demo.ORGANISATIONS``).
AGRICULTURE = "agriculture"  # 农委
COMMERCE = "commerce"  # 商务局
SCIENCE = "science"  # 科技局
FINANCE = "finance"  # 财政局
ECONOMY = "economy"  # 经信委
NDRC = "ndrc"  # 发改委


@dataclass(frozen=True)
class Row:
    """One registry: the departments that write it, whether districts write their own
    district's records, whether enterprises report their own, and the seed's sentence."""

    registry: str
    name_zh: str
    name_en: str
    departments: tuple[str, ...] = ()
    districts: bool = True
    enterprises_report: bool = False
    #: enterprises write their own rows directly (no bureau confirmation): training sign-ups
    enterprises_sign_up: bool = False
    seed_zh: str = ""


TABLE: dict[str, Row] = {
    row.registry: row
    for row in (
        Row(
            "sites",
            "示范区与示范点",
            "Demonstration zones and points",
            departments=(AGRICULTURE,),
            seed_zh="新建农业标准化示范区10个,质监局与农委共同加强对已建示范区的长效管理",
        ),
        Row(
            "inspections",
            "示范区检查(长效管理)",
            "Inspections of demonstration zones",
            departments=(AGRICULTURE,),
            seed_zh="质监局与农委共同加强对已建示范区的长效管理",
        ),
        Row(
            "leading-enterprises",
            "农业产业化龙头企业名单",
            "Leading agricultural enterprises list",
            departments=(AGRICULTURE,),
            seed_zh="力争98%以上的农业产业化龙头企业实现标准化生产",
        ),
        Row(
            "innovative-list",
            "年度市创新型(试点)企业名单",
            "Municipal innovative (pilot) enterprise list",
            departments=(SCIENCE,),
            seed_zh="按市培育创新型企业专项奖励政策规定,对……列入年度市创新型(试点)企业的市区企业",
        ),
        Row(
            "adoptions",
            "采标与出口",
            "Adoptions and export sales",
            departments=(COMMERCE,),
            enterprises_report=True,
            seed_zh="对市区企业的产品采用国际标准和国外先进标准并有出口销售的,由市财政给予每个产品 1万元的奖励",
        ),
        Row(
            "patents",
            "标准中的专利",
            "Patents in standards",
            departments=(SCIENCE,),
            seed_zh="推动“人才、专利、技术标准”三大战略协调共进,将专利技术许可构建于技术标准之中",
        ),
        Row(
            "payments",
            "奖励支付",
            "Award payments",
            departments=(FINANCE,),
            districts=False,
            seed_zh="市财政分别给予 60万元、20万元、15万元、5万元和 2万元的资助经费",
        ),
        Row(
            "drafted",
            "主导或参与制定的标准",
            "Standards drafted in the city",
            enterprises_report=True,
            seed_zh="支持企业主导或参与制定国家标准、行业标准50项",
        ),
        Row(
            "committees",
            "全国专业标准化技术组织",
            "National TC/SC/WG",
            enterprises_report=True,
            seed_zh="积极帮助相关企业加强与国家标准化组织的沟通和联系",
        ),
        Row(
            "pilots",
            "标准化试点企业",
            "Pilot enterprises",
            seed_zh="新建10家……省级以上标准化试点企业",
        ),
        Row(
            "alliances",
            "技术标准产业联盟",
            "Industry alliances",
            seed_zh="鼓励企业按照自愿方式组建各种形式的技术标准产业联盟",
        ),
        Row("talent", "标准化人才", "Talent", seed_zh="着力开展技术标准人才培训工作"),
        Row("trainings", "培训", "Training sessions", seed_zh="着力开展技术标准人才培训工作"),
        Row(
            "memberships",
            "企业在标准化技术组织中的任职",
            "Memberships of standards bodies",
            enterprises_report=True,
            seed_zh="积极支持和引导企业参与国际标准、国家标准…研制",
        ),
        Row(
            "associations",
            "行业协会与中介机构",
            "Associations and intermediaries",
            seed_zh="引导各行业协会、标准化协会参与本行业技术标准研究",
        ),
        Row(
            "group-members",
            "领导小组成员",
            "Leading-group members",
            seed_zh="成立由市政府分管领导担任组长……领导小组……各县(市、区)成立相应的组织机构",
        ),
        Row(
            "meetings",
            "领导小组会议与议定事项",
            "Leading-group meetings and decisions",
            seed_zh="领导小组办公室设在质监局,负责检查督促全市技术标准战略实施等具体事务性工作",
        ),
        Row(
            "training-signups",
            "培训报名",
            "Training sign-ups",
            districts=False,
            enterprises_sign_up=True,
            seed_zh="着力开展技术标准人才培训工作",
        ),
        Row(
            "sector-standards",
            "农业地方标准与服务业标准",
            "Agricultural and service standards",
            seed_zh="新制订省市农业地方标准40项……制修订35个以上服务业标准",
        ),
    )
}

WriterKind = Literal["bureau", "district", "department", "enterprise"]


def writer_kind(registry: str, role: str, organisation_code: str = "") -> WriterKind | None:
    """How a user of ``role`` (and organisation) may write ``registry``: as the bureau (any
    record), as a district office (its district's records), as a responsible department (any
    record of that registry), as an enterprise (its own records, reported for confirmation),
    or not at all (``None``). An unknown registry is the bureau's alone."""
    if role in {"bureau_admin", "bureau_staff"}:
        return "bureau"
    row = TABLE.get(registry)
    if row is None:
        return None
    if role == "district_officer" and row.districts:
        return "district"
    if role == "department_member" and organisation_code in row.departments:
        return "department"
    if role == "enterprise_user" and (row.enterprises_report or row.enterprises_sign_up):
        return "enterprise"
    return None


def reportable() -> tuple[str, ...]:
    """The registries enterprises report their own records to."""
    return tuple(r.registry for r in TABLE.values() if r.enterprises_report)
