"""The Yangzhou 2011-2015 programme and its targets (MISSION.md §3; source document 二 总体目标)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from biaozhun.accounts.models import Region

from .models import Programme, Target

YANGZHOU_2011 = {
    "slug": "yangzhou-2011-2015",
    "name_zh": "扬州市技术标准战略 2011-2015 年目标",
    "name_en": "Yangzhou technical standards strategy, targets 2011-2015",
    "start_year": 2011,
    "end_year": 2015,
    "source": "《关于加快推进扬州市技术标准战略的实施意见》(2011-01-29) 二、总体目标",
}

# key, area, metric, goal min, goal max, unit zh, unit en, name zh, name en
TARGETS = [
    ("agri-local-standards", "agriculture", "agri_local_standards", "40", None, "项", "standards",
     "新制定省、市农业地方标准 40 项", "40 new provincial/municipal agricultural local standards"),
    ("agri-demo-zones", "agriculture", "agri_demo_zones", "10", None, "个", "zones",
     "新建农业标准化示范区 10 个", "10 new agricultural standardisation demonstration zones"),
    ("leading-agri-standardised", "agriculture", "leading_agri_standardised", "98", None, "%", "%",
     "农业产业化龙头企业标准化生产比例达 98% 以上",
     "At least 98% of leading agricultural enterprises in standardised production"),
    ("adoptions", "industry", "adoptions", "500", None, "项", "adoptions",
     "新增采用国际标准和国外先进标准 500 项",
     "500 new adoptions of international and foreign advanced standards"),
    ("national-committees", "industry", "national_committees", "3", "5", "个", "bodies",
     "新争取全国专业标准化技术委员会、分委会、工作组 3-5 个",
     "3-5 new national TC/SC/WG seated in the city"),
    ("led-standards", "industry", "led_national_industry_standards", "50", None, "项", "standards",
     "企业主导或参与制定国家标准、行业标准 50 项",
     "50 national or industry standards led or co-drafted by the city's enterprises"),
    ("service-demo-points", "services", "service_demo_points", "50", None, "个", "points",
     "建设服务业标准化示范点 50 个", "50 service standardisation demonstration points"),
    ("service-standards", "services", "service_standards", "35", None, "项", "standards",
     "制修订服务业标准 35 项以上", "At least 35 service standards made or revised"),
    ("pilot-enterprises", "pilots", "pilot_enterprises", "10", None, "家", "enterprises",
     "省级以上标准化试点企业 10 家", "10 provincial-or-higher standardisation pilot enterprises"),
    ("talent-national", "talent", "talent_national", "5", None, "名", "people",
     "全国知名标准化专家 5 名", "5 nationally known standardisation experts"),
    ("talent-leading", "talent", "talent_leading", "50", None, "名", "people",
     "标准化领军人才 50 名", "50 leading standardisation professionals"),
    ("talent-grassroots", "talent", "talent_grassroots", "500", None, "名", "people",
     "基层标准化骨干 500 名", "500 grassroots standardisation backbone staff"),
]  # fmt: skip


@transaction.atomic
def load_yangzhou_programme(stdout: Any) -> Programme | None:
    region = Region.objects.filter(slug="yangzhou").first()
    if region is None:
        stdout.write("programme: region yangzhou not loaded, skipped")
        return None
    programme, _ = Programme.objects.get_or_create(
        slug=YANGZHOU_2011["slug"], defaults={**YANGZHOU_2011, "region": region}
    )
    for order, (key, area, metric, low, high, uzh, uen, nzh, nen) in enumerate(TARGETS):
        Target.objects.get_or_create(
            programme=programme,
            key=key,
            defaults={
                "area": area,
                "metric": metric,
                "goal_min": Decimal(low),
                "goal_max": Decimal(high) if high else None,
                "unit_zh": uzh,
                "unit_en": uen,
                "name_zh": nzh,
                "name_en": nen,
                "order": order,
            },
        )
    stdout.write(f"programme {programme.slug}: {programme.targets.count()} targets")
    return programme
