"""Demo data: a 查新 report and a watch list for two demo enterprises (idempotent).

The list mixes the example Chinese records of the catalogue (flagged 示例) with real ISO/IEC
designations, so every outcome shows: current, replaced with its chain, withdrawn, upcoming,
not found, ambiguous and invalid.
"""

from __future__ import annotations

from typing import Any

from biaozhun.accounts.models import User
from biaozhun.catalogue.models import Standard
from biaozhun.enterprises.profiles.models import ExportProduct

from .models import DeclaredStandard, ValidityCheck, WatchedStandard
from .register.services import declare_many
from .services import run_check, watch_from_check

DEMO_LIST = [
    "GB/T 19001-2016",
    "GB/T 1.1-2009",
    "GB 7000.1-2007",
    "GB/T 24907-2010",
    "GB/T 9535-1998",
    "DB32/T 4028-2021",
    "DB3210/T 1001-2019",
    "GB/T 44271-2026",
    "GB 31241-2014",
    "ISO 9001:2008",
    "IEC 60598-1",
    "Q/YZGD 0001-2024",
    "GB/T 24908-2010",
    "GB 2762 2017",
    "路灯标准",
]
DEMO_LOGINS = ("guangdian", "dianlan")
#: the standards each demo enterprise declares for its first export product (the city's
#: register): known examples, real IEC records, an enterprise standard and designations the
#: catalogue does not know (they show on the desk's list)
DEMO_DECLARED = {
    "guangdian": ["GB 7000.1-2007", "IEC 60598-1", "Q/YZGD 0001-2024", "T/CSA 002-2019"],
    "dianlan": ["GB/T 12706.1-2020", "IEC 60502-1", "JB/T 10696.1-2007"],
}


def load_demo_register(stdout: Any) -> None:
    """Each demo enterprise declares a few standards for its first export product (or its
    main product when it has no export profile); skipped when it declared any already."""
    for login, designations in DEMO_DECLARED.items():
        user = User.objects.filter(username=login, enterprise__isnull=False).first()
        if user is None or user.enterprise is None:
            continue
        enterprise = user.enterprise
        if DeclaredStandard.objects.filter(enterprise=enterprise).exists():
            continue
        product = (
            ExportProduct.objects.filter(profile__enterprise=enterprise)
            .order_by("hs_code", "pk")
            .first()
        )
        result = declare_many(
            user,
            enterprise,
            text="\n".join(designations),
            product_id=product.pk if product else None,
            product_name="" if product else "主要产品",
        )
        stdout.write(f"validity: {enterprise.name_zh} 登记执行标准 {len(result.created)} 项")


def load_demo_validity(stdout: Any) -> None:
    if not Standard.objects.exists():
        stdout.write("validity: 目录为空,跳过演示数据 / empty catalogue, no demo data")
        return
    for login in DEMO_LOGINS:
        user = User.objects.filter(username=login, enterprise__isnull=False).first()
        if user is None or user.enterprise is None:
            continue
        enterprise = user.enterprise
        if (
            ValidityCheck.objects.filter(enterprise=enterprise).exists()
            or WatchedStandard.objects.filter(enterprise=enterprise).exists()
        ):
            continue
        check = run_check(
            user,
            list(enumerate(DEMO_LIST, 1)),
            source_name="演示清单 demo list.txt",
            source_kind="text",
        )
        added, _ = watch_from_check(user, check)
        stdout.write(f"validity: {enterprise.name_zh} 查新 #{check.pk}, 关注 {added} 项")
    load_demo_register(stdout)
