"""Demo data of the station: a register of real foreign technical regulations of the main export
markets (typed in from knowledge of the published acts: check dates against the official
journals before relying on them), linked to the catalogue where the cited standards exist.
Idempotent: a regulation is keyed by market and reference."""

from __future__ import annotations

from datetime import date
from typing import Any

from biaozhun.accounts.models import User

from .enquiries.services import (
    EnquiryData,
    answer_enquiry,
    ask_enquiry,
    assign_enquiry,
    publish_enquiry,
)
from .models import Enquiry, TechnicalRegulation
from .regulations.services import RegulationData, save_regulation

REGULATIONS: tuple[RegulationData, ...] = (
    RegulationData(
        market="EU",
        reference="Regulation (EU) 2023/1542",
        title="Regulation (EU) 2023/1542 concerning batteries and waste batteries",
        title_zh="欧盟电池与废电池法规",
        summary_zh="电池碳足迹声明、再生材料含量、标签与电池护照、尽职调查义务,分阶段实施。",
        hs_codes=["8506", "8507"],
        ics_codes=["29.220"],
        cited_standards=["IEC 62660-1", "IEC 62133-2"],
        adopted_on=date(2023, 7, 12),
        in_force_from=date(2023, 8, 17),
        url="https://eur-lex.europa.eu/eli/reg/2023/1542/oj",
    ),
    RegulationData(
        market="EU",
        reference="Regulation (EU) 2019/2020",
        title="Ecodesign requirements for light sources and separate control gears",
        title_zh="欧盟光源和独立控制装置生态设计要求",
        summary_zh="光源能效、功能与信息要求,自 2021 年 9 月 1 日起适用。",
        hs_codes=["8539", "9405"],
        ics_codes=["29.140"],
        adopted_on=date(2019, 10, 1),
        in_force_from=date(2021, 9, 1),
        url="https://eur-lex.europa.eu/eli/reg/2019/2020/oj",
        kind="regulation",
    ),
    RegulationData(
        market="EU",
        reference="Regulation (EU) 2023/1230",
        title="Regulation (EU) 2023/1230 on machinery",
        title_zh="欧盟机械法规(取代机械指令 2006/42/EC)",
        summary_zh="机械产品基本健康与安全要求及合格评定,2027 年 1 月 20 日起适用。",
        hs_codes=["8424", "8428", "8429", "8430", "8436", "8437", "8465", "8467", "8479"],
        ics_codes=["13.110"],
        cited_standards=["ISO 12100:2010"],
        adopted_on=date(2023, 6, 14),
        in_force_from=date(2027, 1, 20),
        url="https://eur-lex.europa.eu/eli/reg/2023/1230/oj",
    ),
    RegulationData(
        market="EU",
        reference="Directive 2011/65/EU (RoHS)",
        title="Restriction of the use of certain hazardous substances in EEE",
        title_zh="欧盟电气电子设备有害物质限制指令(RoHS)",
        summary_zh="限制铅、汞、镉、六价铬、多溴联苯、多溴二苯醚及四种邻苯二甲酸酯,CE 标志。",
        kind="conformity",
        hs_codes=["8504", "8516", "8528", "8539", "9405"],
        cited_standards=["IEC 63000:2016"],
        adopted_on=date(2011, 6, 8),
        in_force_from=date(2011, 7, 21),
        url="https://eur-lex.europa.eu/eli/dir/2011/65/oj",
    ),
    RegulationData(
        market="USA",
        reference="16 CFR Part 1610",
        title="Standard for the Flammability of Clothing Textiles",
        title_zh="美国服用纺织品易燃性标准",
        summary_zh="服用纺织品可燃性分级与试验方法(CPSC)。",
        hs_codes=["61", "62"],
        ics_codes=["59.080"],
        in_force_from=date(1954, 1, 1),
        url="https://www.ecfr.gov/current/title-16/part-1610",
    ),
    RegulationData(
        market="JPN",
        reference="PSE (Act No. 234 of 1961)",
        title="Electrical Appliances and Materials Safety Act",
        title_zh="日本电气用品安全法(PSE)",
        summary_zh="特定电气用品须经登记检查机构合格评定并加施菱形 PSE 标志。",
        kind="conformity",
        hs_codes=["8504", "8507", "8516", "8544"],
        in_force_from=date(1962, 8, 1),
    ),
)


def load_demo(stdout: Any) -> None:
    created = 0
    for data in REGULATIONS:
        existing = TechnicalRegulation.objects.filter(
            market=data.market, reference=data.reference
        ).first()
        save_regulation(None, data, existing)
        created += existing is None
    stdout.write(
        f"技术法规 technical regulations: {created} created, {len(REGULATIONS) - created} updated\n"
    )


DEMO_ENQUIRY = {
    "subject": "出口欧盟的锂离子蓄电池需要满足哪些新要求?(演示)",
    "question": (
        "扬州示例蓄电池有限公司向德国出口锂离子蓄电池(HS 8507.60),听说欧盟出台了新的电池法规,"
        "请问主要有哪些义务、什么时候开始适用?"
    ),
    "answer": (
        "欧盟《电池与废电池法规》(EU) 2023/1542 于 2023 年 8 月 17 日生效,2024 年 2 月 18 日起"
        "分阶段适用:CE 合格评定与有害物质限制、电动汽车电池和 2 kWh 以上工业电池的碳足迹声明、"
        "标签与二维码、自 2027 年起的电池护照,以及供应链尽职调查义务。建议核对产品所属类别"
        "(便携式、轻型交通工具、工业或电动汽车电池)对应的适用日期,并关注委员会后续的授权法案。"
        "(演示答复)"
    ),
}


def load_demo_enquiry(stdout: Any) -> None:
    """One answered, published enquiry from the demo battery exporter to the demo expert, so
    the knowledge base is not empty (needs the enterprises and accounts demo data)."""
    if Enquiry.objects.filter(subject=DEMO_ENQUIRY["subject"]).exists():
        return
    asker = User.objects.filter(username="xuchidian", role="enterprise_user").first()
    expert = User.objects.filter(role="expert", is_active=True).order_by("pk").first()
    desk = User.objects.filter(role__in=["bureau_admin", "bureau_staff"]).order_by("pk").first()
    if asker is None or expert is None or desk is None:
        stdout.write("咨询演示 demo enquiry skipped: demo users missing\n")
        return
    enquiry = ask_enquiry(
        asker,
        EnquiryData(
            subject=DEMO_ENQUIRY["subject"],
            question=DEMO_ENQUIRY["question"],
            topic="market",
            market="EU",
            anonymise=True,
        ),
    )
    assign_enquiry(desk, enquiry, expert)
    answer_enquiry(expert, enquiry, DEMO_ENQUIRY["answer"])
    publish_enquiry(desk, enquiry)
    stdout.write("咨询演示 demo enquiry: answered and published\n")
