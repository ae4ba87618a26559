"""Demo data: a 查新 report and a watch list for two demo enterprises (idempotent).

The list mixes the example Chinese records of the catalogue (flagged 示例) with real ISO/IEC
designations, so every outcome shows: current, replaced with its chain, withdrawn, upcoming,
not found, ambiguous and invalid.
"""

from __future__ import annotations

from typing import Any

from biaozhun.accounts.models import User
from biaozhun.catalogue.models import Standard

from .models import ValidityCheck, WatchedStandard
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
