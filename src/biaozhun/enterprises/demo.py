"""Demo enterprises. They are examples (示例): the names are invented and the credit codes are
generated with a valid check character, not taken from real enterprises."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from biaozhun.accounts.demo import DEMO_PASSWORD
from biaozhun.accounts.models import District, User
from biaozhun.accounts.services import create_user
from biaozhun.core.credit_code import check_character

from .models import Contact, Enterprise, Industry, YearList

# (login, name_zh, name_en, district code, industries, exporter, innovative-list years)
DEMO_ENTERPRISES = [
    (
        "guangdian",
        "扬州示例光电科技有限公司",
        "Yangzhou Example Optoelectronics Co., Ltd.",
        "321003",
        ["new-light-sources"],
        True,
        [2012, 2013],
    ),
    (
        "dianlan",
        "扬州示例电缆股份有限公司",
        "Yangzhou Example Cable Co., Ltd.",
        "321012",
        ["smart-grid"],
        True,
        [2013],
    ),
    (
        "jichuang",
        "扬州示例激光机床有限公司",
        "Yangzhou Example Laser Machine Tool Co., Ltd.",
        "321002",
        ["machinery"],
        True,
        [],
    ),
    (
        "fangzhi",
        "扬州示例纺织服饰有限公司",
        "Yangzhou Example Textiles Co., Ltd.",
        "321002",
        [],
        True,
        [],
    ),
    (
        "xuchidian",
        "扬州示例蓄电池有限公司",
        "Yangzhou Example Storage Battery Co., Ltd.",
        "321081",
        ["new-energy"],
        True,
        [],
    ),
    (
        "guangfu",
        "高邮示例光伏科技有限公司",
        "Gaoyou Example Photovoltaic Co., Ltd.",
        "321084",
        ["new-energy"],
        True,
        [],
    ),
    (
        "huagong",
        "仪征示例石化有限公司",
        "Yizheng Example Petrochemical Co., Ltd.",
        "321081",
        ["petrochemicals"],
        False,
        [],
    ),
    (
        "chuanbo",
        "江都示例船舶重工有限公司",
        "Jiangdu Example Shipbuilding Co., Ltd.",
        "321012",
        ["automobiles-ships"],
        True,
        [2014],
    ),
    (
        "ruanjian",
        "扬州示例软件信息服务有限公司",
        "Yangzhou Example Software Co., Ltd.",
        "3210ETDZ",
        ["software-it"],
        False,
        [2015],
    ),
    (
        "wuliu",
        "扬州示例现代物流有限公司",
        "Yangzhou Example Logistics Co., Ltd.",
        "3210ETDZ",
        ["logistics", "services"],
        False,
        [],
    ),
    (
        "nongye",
        "宝应示例农业发展有限公司",
        "Baoying Example Agriculture Co., Ltd.",
        "321023",
        ["agriculture"],
        True,
        [],
    ),
    (
        "wanju",
        "扬州示例玩具礼品有限公司",
        "Yangzhou Example Toys Co., Ltd.",
        "321003",
        [],
        True,
        [],
    ),
]


def demo_credit_code(index: int, division: str) -> str:
    """A syntactically valid example code (registration 9, type 1, the district's division)."""
    division = division if division.isdigit() else "321000"
    body = f"91{division}MA{index:07d}"[:17]
    return body + check_character(body)


@transaction.atomic
def load_demo_enterprises(stdout: Any) -> None:
    industries = {industry.slug: industry for industry in Industry.objects.all()}
    for index, (login, name_zh, name_en, district_code, slugs, exporter, years) in enumerate(
        DEMO_ENTERPRISES, 1
    ):
        district = District.objects.get(code=district_code)
        code = demo_credit_code(index, district_code)
        enterprise, created = Enterprise.objects.get_or_create(
            credit_code=code,
            defaults={
                "name_zh": name_zh + "(示例)",
                "name_en": name_en + " (example)",
                "district": district,
                "is_exporter": exporter,
                "address": f"{district.name_zh}示例路 {index} 号",
            },
        )
        if created:
            enterprise.industries.set([industries[slug] for slug in slugs])
            for year in years:
                YearList.objects.create(
                    enterprise=enterprise, kind=YearList.Kind.INNOVATIVE_PILOT, year=year
                )
            if "agriculture" in slugs:
                for year in range(2011, 2016):
                    YearList.objects.create(
                        enterprise=enterprise,
                        kind=YearList.Kind.LEADING_AGRICULTURAL,
                        year=year,
                        standardised_production=year >= 2012,
                    )
            Contact.objects.create(
                enterprise=enterprise,
                name="张经理(示例)",
                title="标准化工程师",
                phone="0514-8000000",
                email=f"{login}@example.org",
            )
        if not User.objects.filter(username=login).exists():
            create_user(
                username=login,
                password=DEMO_PASSWORD,
                role=User.Role.ENTERPRISE_USER,
                display_name=f"{name_zh[:8]}用户(演示)",
                email=f"{login}@example.org",
                enterprise=enterprise,
            )
    stdout.write(f"demo enterprises ready: {Enterprise.objects.count()}")
