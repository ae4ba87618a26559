"""Reference organisations of the city and the demo users (labelled as demo)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.db import transaction

from .models import District, Organisation, Region, User
from .services import create_user, load_region

DEMO_PASSWORD = os.environ.get("BIAOZHUN_DEMO_PASSWORD", "biaozhun-demo-2026")

# The leadership group's member departments, as the source document names them (四.1).
ORGANISATIONS = [
    (
        "bureau",
        "bureau",
        "扬州市质量技术监督局(市场监督管理局)",
        "Yangzhou Quality and Technical Supervision Bureau (Market Supervision)",
        True,
    ),
    (
        "bureau-institute",
        "bureau",
        "扬州市技术监督情报研究所",
        "Yangzhou Technical Supervision Information Institute",
        False,
    ),
    ("ndrc", "department", "扬州市发展和改革委员会", "Development and Reform Commission", True),
    ("finance", "department", "扬州市财政局", "Finance Bureau", True),
    (
        "economy",
        "department",
        "扬州市经济和信息化委员会",
        "Economy and Information Technology Commission",
        True,
    ),
    ("science", "department", "扬州市科学技术局", "Science and Technology Bureau", True),
    ("agriculture", "department", "扬州市农业委员会", "Agriculture Commission", True),
    ("commerce", "department", "扬州市商务局", "Commerce Bureau", True),
    (
        "expert-centre",
        "expert_institution",
        "扬州市标准化专家咨询中心(示例)",
        "Standardisation expert centre (example)",
        False,
    ),
]


@transaction.atomic
def load_reference(stdout: Any) -> None:
    city = settings.BIAOZHUN_CITY
    if not Region.objects.filter(slug=city).exists():
        load_region(settings.DATA_DIR / "regions" / f"{city}.json")
    for code, kind, name_zh, name_en, member in ORGANISATIONS:
        Organisation.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "name_zh": name_zh,
                "name_en": name_en,
                "leadership_group_member": member,
            },
        )
    for district in District.objects.current():
        Organisation.objects.get_or_create(
            code=f"office-{district.code.lower()}",
            defaults={
                "kind": "district_office",
                "name_zh": f"{district.name_zh}市场监督管理局",
                "name_en": f"{district.name_en} market supervision office",
                "district": district,
            },
        )
    stdout.write(
        f"region {city}: {District.objects.count()} districts, {Organisation.objects.count()} organisations"
    )


DEMO_STAFF = [
    ("admin", "bureau_admin", "bureau", None, "系统管理员(演示)"),
    ("bureau", "bureau_staff", "bureau-institute", None, "王标准(演示)"),
    ("finance", "department_member", "finance", None, "财政局联络员(演示)"),
    ("guangling", "district_officer", None, "321002", "广陵区工作人员(演示)"),
    ("baoying", "district_officer", None, "321023", "宝应县工作人员(演示)"),
    ("expert", "expert", "expert-centre", None, "李专家(演示)"),
]


def load_demo_users(stdout: Any) -> None:
    for username, role, org, district_code, name in DEMO_STAFF:
        if User.objects.filter(username=username).exists():
            continue
        create_user(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            display_name=name,
            email=f"{username}@example.org",
            organisation=Organisation.objects.filter(code=org).first() if org else None,
            district=District.objects.get(code=district_code) if district_code else None,
            is_staff=role == "bureau_admin",
        )
        if role == "bureau_admin":
            User.objects.filter(username=username).update(is_superuser=True)
    stdout.write(f"demo users ready (password {DEMO_PASSWORD})")
