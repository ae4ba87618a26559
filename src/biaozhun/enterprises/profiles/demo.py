"""Demo export profiles for the demo enterprises (examples, 示例). The alerts app matches
them against the example notifications when its own demo data loads."""

from __future__ import annotations

from typing import Any

from biaozhun.enterprises.demo import DEMO_ENTERPRISES, demo_credit_code
from biaozhun.enterprises.models import Enterprise

from . import services

# login -> (products [(hs, description, ics)], markets {code: share}, all markets)
DEMO_PROFILES: dict[str, tuple[list[tuple[str, str, str]], dict[str, str | None], bool]] = {
    "guangdian": (
        [("8539.52", "LED 灯泡", "29.140.99"), ("9405.11", "LED 吊灯", "")],
        {"EU": "0.45", "USA": "0.25", "JPN": "0.10"},
        False,
    ),
    "dianlan": ([("8544.49", "电力电缆", "29.060.20")], {"EU": "0.30", "SAU": "0.20"}, False),
    "jichuang": ([("8456.11", "激光切割机床", "")], {"EU": "0.40", "KOR": "0.20"}, False),
    "fangzhi": (
        [
            ("6109.10", "棉制针织T恤", ""),
            ("6204.42", "女式棉制连衣裙", ""),
            ("6302", "床上用品", ""),
        ],
        {"EU": "0.30", "USA": "0.30", "JPN": "0.15", "TPKM": "0.05"},
        False,
    ),
    "xuchidian": (
        [("8507.20", "铅酸蓄电池", ""), ("8507.60", "锂离子蓄电池", "29.220.30")],
        {"USA": "0.40", "EU": "0.30", "ASEAN": None},
        False,
    ),
    "guangfu": ([("8541.43", "光伏组件", "27.160")], {"EU": "0.50", "IND": "0.20"}, False),
    "chuanbo": ([("8901.20", "液货船", "")], {}, True),
    "nongye": ([("0709.59", "鲜食用菌", "")], {"JPN": "0.50", "KOR": "0.30"}, False),
    "wanju": (
        [("9503.00", "塑料玩具", "97.200.50")],
        {"USA": "0.50", "EU": "0.30", "SAU": "0.05"},
        False,
    ),
}


def load_demo_profiles(stdout: Any) -> None:
    codes = {
        row[0]: demo_credit_code(index, row[3]) for index, row in enumerate(DEMO_ENTERPRISES, 1)
    }
    made = 0
    for login, (products, markets, all_markets) in DEMO_PROFILES.items():
        enterprise = Enterprise.objects.filter(credit_code=codes.get(login, "")).first()
        if enterprise is None:
            continue
        services.replace_profile(
            None,
            enterprise,
            products=[services.ProductData(h, d, i) for h, d, i in products],
            markets=[services.MarketData(code, share) for code, share in markets.items()],
            all_markets=all_markets,
            alert_user_ids=list(enterprise.users.values_list("pk", flat=True)),
        )
        made += 1
    stdout.write(f"enterprises: {made} 示例出口档案 demo export profiles")
