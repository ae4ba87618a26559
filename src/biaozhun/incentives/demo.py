"""Demo incentive applications (示例): invented standards, committees and products of the demo
enterprises, dated 2012-2015 so that the 2011 policy applies, in different workflow states."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from biaozhun.accounts.models import User
from biaozhun.enterprises.models import Enterprise

from .applications import create_application
from .models import Application, Budget
from .payments import record_payment
from .policies import city_payer_code
from .review import transition

# (enterprise login, kind, facts, date, year, steps)
# steps: (actor username or "@enterprise", action, note, amount)
DEMO: list[tuple[str, str, dict[str, Any], str, list[tuple[str, str, str, int | None]]]] = [
    (
        "guangdian",
        "standard_drafting",
        {
            "standard": {
                "level": "national",
                "designation": "GB/T 99990-2013",
                "title": "LED 道路照明灯具性能要求(示例,虚构)",
                "approved": True,
                "published": True,
                "publish_date": "2013-11-12",
            },
            "drafting": {"proposer": True, "rank": 1},
        },
        "2014-03-10",
        [
            ("@enterprise", "submit", "", None),
            ("bureau", "accept", "材料齐全(示例)", None),
            ("bureau", "forward", "县区审核通过(示例)", None),
            ("bureau", "approve", "同意资助(示例)", None),
        ],
    ),
    (
        "guangdian",
        "adoption_export",
        {
            "products": [
                {
                    "name": "LED 路灯 YZ-100(示例)",
                    "adopted_standard": "IEC 60598-2-3:2002",
                    "adopted_standard_kind": "international",
                    "adoption_degree": "IDT",
                    "exported": True,
                    "export_evidence": "报关单 320120130000001(示例)",
                },
                {
                    "name": "LED 台灯 YZ-400(示例)",
                    "adopted_standard": "IEC 60598-2-4:1997",
                    "adopted_standard_kind": "international",
                    "adoption_degree": "IDT",
                    "exported": False,
                },
            ]
        },
        "2013-06-20",
        [("@enterprise", "submit", "", None), ("bureau", "accept", "", None)],
    ),
    (
        "dianlan",
        "technical_committee",
        {
            "committee": {
                "kind": "SC",
                "code": "SAC/TC 999/SC 8",
                "name": "全国示例电缆标准化分技术委员会(示例,虚构)",
                "national": True,
                "secretariat_here": True,
                "established": "2013-05-20",
            },
            "requested_amount": 500000,
        },
        "2013-09-01",
        [
            ("@enterprise", "submit", "", None),
            ("bureau", "accept", "", None),
            ("bureau", "forward", "", None),
            ("bureau", "approve", "按评审意见核定 45 万元(示例)", 450000),
        ],
    ),
    (
        "nongye",
        "standard_drafting",
        {
            "standard": {
                "level": "provincial_local",
                "designation": "DB32/T 99999-2014",
                "title": "稻鸭共作技术规程(示例,虚构)",
                "approved": True,
                "published": True,
                "publish_date": "2014-03-01",
            },
            "drafting": {"proposer": True, "rank": 1},
        },
        "2014-05-08",
        [("@enterprise", "submit", "", None), ("baoying", "accept", "县级审核中(示例)", None)],
    ),
    (
        "jichuang",
        "standard_drafting",
        {
            "standard": {
                "level": "group",
                "designation": "T/YZJC 001-2015",
                "title": "激光切割机床通用技术条件(示例,虚构)",
                "approved": True,
                "published": True,
                "publish_date": "2015-02-01",
            },
            "drafting": {"proposer": True, "rank": 1},
        },
        "2015-04-01",
        [("@enterprise", "submit", "", None)],
    ),
    (
        "chuanbo",
        "standard_drafting",
        {
            "standard": {
                "level": "industry",
                "designation": "CB/T 99999-2015",
                "title": "船用示例设备技术条件(示例,虚构)",
                "approved": True,
                "published": True,
                "publish_date": "2015-01-15",
            },
            "drafting": {"proposer": False, "rank": 3},
        },
        "2015-03-02",
        [],
    ),
]


@transaction.atomic
def load_demo_applications(stdout: Any) -> None:
    if Application.objects.filter(example=True).exists():
        stdout.write(f"demo incentive applications ready: {Application.objects.count()}")
        return
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    made = 0
    for login, kind, facts, day, steps in DEMO:
        owner = users.get(login)
        if owner is None or owner.enterprise_id is None:
            continue
        enterprise = Enterprise.objects.get(pk=owner.enterprise_id)
        date = dt.date.fromisoformat(day)
        application = create_application(
            None, enterprise, kind, facts, year=date.year, application_date=date, example=True
        )
        made += 1
        for actor_name, action, note, amount in steps:
            actor = owner if actor_name == "@enterprise" else users.get(actor_name)
            if actor is None:
                break
            application = transition(actor, application, action, note=note, amount=amount)
    city = city_payer_code()
    for year, amount in ((2013, 3_000_000), (2014, 3_000_000), (2015, 3_000_000)):
        Budget.objects.get_or_create(
            year=year,
            payer_code=city,
            defaults={
                "payer_name_zh": "扬州市财政局",
                "payer_name_en": "Yangzhou Municipal Finance Bureau",
                "amount": amount,
                "note": "示例预算 example budget",
            },
        )
    paid = Application.objects.filter(example=True, state="approved", kind="standard_drafting")
    bureau = users.get("bureau")
    for application in paid:
        if bureau is not None and application.approved_amount:
            record_payment(
                bureau,
                application,
                paid_on=dt.date(application.year, 6, 30),
                voucher_number=f"示例-{application.reference}",
                amount=application.approved_amount,
            )
    stdout.write(f"demo incentive applications: {made} created (examples)")
