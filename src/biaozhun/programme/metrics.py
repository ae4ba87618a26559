"""Named metric functions: how each target's value is computed from the registries.

A target names its metric by key. Every metric answers, for a window of dates and optionally one
district, the queryset of the records that count and the value (a count, or a percentage). The
values are never typed in: they are computed from the registries each time.

Count metrics count records dated inside the window (new zones, new standards… within the
programme period). The percentage metric (leading agricultural enterprises in standardised
production) reads the latest year of the window that has a list: the share of that year's
listed enterprises that produce to standards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import BigIntegerField, Case, Count, F, Max, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear

from biaozhun.accounts.models import District
from biaozhun.core.incentives.case import COUNTED_ADOPTION_DEGREES
from biaozhun.enterprises.models import YearList

from .models import (
    Adoption,
    DemonstrationSite,
    DraftedStandard,
    PilotEnterprise,
    RegistryRecord,
    SectorStandard,
    Talent,
    TechnicalCommittee,
)


@dataclass(frozen=True)
class Metric:
    key: str
    name_zh: str
    name_en: str
    base: Callable[[], QuerySet[Any]]
    date_field: str
    registry: str | None = None  # the registry whose pages show the records
    district_field: str = "district"
    distinct: str | None = None  # count distinct values of this field instead of rows
    percentage: bool = False
    # records of the same registry that do NOT count, shown apart (e.g. NEQ adoptions)
    excluded: Callable[[], QuerySet[Any]] | None = None
    excluded_zh: str = ""
    excluded_en: str = ""

    def records(
        self,
        start: date,
        end: date,
        district_id: int | None = None,
        *,
        excluded: bool = False,
    ) -> QuerySet[Any]:
        """The records that count for the window (and district); with ``excluded``, those of
        the same registry and window that are shown apart and do not count."""
        if excluded:
            if self.excluded is None:
                return self.base().none()
            qs = self.excluded()
        else:
            qs = self.base()
        if issubclass(qs.model, RegistryRecord):
            # an enterprise's own report counts once the bureau has confirmed it
            qs = qs.filter(confirmation=RegistryRecord.Confirmation.CONFIRMED)
        if district_id is not None:
            qs = qs.filter(self.in_district(district_id))
        if self.percentage:
            qs = qs.filter(year__gte=start.year, year__lte=end.year)
            latest = qs.aggregate(latest=Max("year"))["latest"]
            return qs.filter(year=latest) if latest is not None else qs.none()
        return qs.filter(**{f"{self.date_field}__gte": start, f"{self.date_field}__lte": end})

    def in_district(self, district_id: int) -> Q:
        """The records of a district as the map stood on each record's date: a division set
        up from a predecessor (江都区 from 江都市 on 2011-11-13) has the records from its first
        day; the predecessor those of its area before. (The percentage metric reads yearly
        lists by the enterprise's district of today.)"""
        field = f"{self.district_field}_id"
        q = Q(**{field: district_id})
        if self.percentage:
            return q
        for successor, predecessor, first_day in renamed_districts():
            if district_id == successor:
                q &= Q(**{f"{self.date_field}__gte": first_day})
            elif district_id == predecessor:
                q |= Q(**{field: successor, f"{self.date_field}__lt": first_day})
        return q

    def value(self, start: date, end: date, district_id: int | None = None) -> Decimal:
        qs = self.records(start, end, district_id)
        if self.percentage:
            total = qs.count()
            if not total:
                return Decimal(0)
            done = qs.filter(standardised_production=True).count()
            return (Decimal(done * 100) / total).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if self.distinct:
            return Decimal(qs.values(self.distinct).distinct().count())
        return Decimal(qs.count())

    def split(
        self, start: date, end: date, by: str, district_id: int | None = None
    ) -> dict[Any, Decimal]:
        """Count metrics in one grouped query: ``by`` is ``"year"`` (year of the date) or
        ``"district"`` (district id). Percentage metrics are not split here."""
        if self.percentage:
            raise ValueError("percentage metrics are split year by year")
        qs = self.records(start, end, district_id)
        if by == "year":
            qs = qs.annotate(group=ExtractYear(self.date_field))
        else:
            # the map valid on each record's date: 江都区's records before 2011-11-13 are 江都市's
            whens = [
                When(
                    Q(**{f"{self.district_field}_id": successor})
                    & Q(**{f"{self.date_field}__lt": first_day}),
                    then=Value(predecessor),
                )
                for successor, predecessor, first_day in renamed_districts()
            ]
            own = F(f"{self.district_field}_id")
            qs = qs.annotate(
                group=Case(*whens, default=own, output_field=BigIntegerField()) if whens else own
            )
        counted = Count(self.distinct, distinct=True) if self.distinct else Count("pk")
        rows = qs.order_by().values("group").annotate(n=counted)
        return {row["group"]: Decimal(row["n"]) for row in rows}


def renamed_districts() -> list[tuple[int, int, date]]:
    """(successor, predecessor, the successor's first day) for each division set up from an
    earlier one (江都区 from the county-level 江都市). A division that existed before and only
    absorbed another (邗江区 taking in 维扬区) is not listed: its earlier records are its own."""
    rows = District.objects.filter(
        successor__isnull=False, successor__valid_from__isnull=False
    ).values_list("successor_id", "pk", "successor__valid_from")
    return [(s, p, first) for s, p, first in rows if first is not None]


#: the designations of Jiangsu provincial (DB32) and Yangzhou municipal (DB3210) standards
YANGZHOU_LOCAL = r"^DB32(10)?[/ ]"

METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric(
            "agri_local_standards",
            "新制定农业地方标准(省、市)",
            "New agricultural local standards (provincial, municipal)",
            # Jiangsu provincial or Yangzhou municipal only (also for rows stored before the
            # registry refused other cities' local standards)
            lambda: SectorStandard.objects.filter(
                area="agriculture", action="made", designation__regex=YANGZHOU_LOCAL
            ),
            "published_on",
            registry="sector-standards",
            distinct="designation",
        ),
        Metric(
            "agri_demo_zones",
            "新建农业标准化示范区",
            "New agricultural standardisation demonstration zones",
            # approved for building (not only declared), not revoked
            lambda: DemonstrationSite.objects.filter(kind="agricultural_zone").exclude(
                status__in=["declared", "revoked"]
            ),
            "approved_on",
            registry="sites",
        ),
        Metric(
            "leading_agri_standardised",
            "农业产业化龙头企业实现标准化生产的比例",
            "Share of leading agricultural enterprises in standardised production",
            lambda: YearList.objects.filter(kind=YearList.Kind.LEADING_AGRICULTURAL).select_related(
                "enterprise__district"
            ),
            "year",
            district_field="enterprise__district",
            percentage=True,
        ),
        Metric(
            "adoptions",
            "新增采用国际标准和国外先进标准",
            "New adoptions of international and foreign advanced standards",
            # one definition with the incentives: IDT / MOD, one per product (NEQ shown apart)
            lambda: Adoption.objects.filter(degree__in=COUNTED_ADOPTION_DEGREES),
            "adopted_on",
            registry="adoptions",
            excluded=lambda: Adoption.objects.exclude(degree__in=COUNTED_ADOPTION_DEGREES),
            excluded_zh="非等效采用(NEQ)不算采标,不计入目标",
            excluded_en="Non-equivalent (NEQ) standards are not adoptions and do not count",
        ),
        Metric(
            "national_committees",
            "新落户的全国专业标准化技术委员会、分委会、工作组",
            "New national TC/SC/WG seated in the city",
            # approved only: committees being sought (申请筹建, 公示) or refused do not count
            lambda: TechnicalCommittee.objects.filter(status="approved"),
            "approved_on",
            registry="committees",
        ),
        Metric(
            "led_national_industry_standards",
            "企业主导或参与制定的国家标准、行业标准",
            "National or industry standards led or co-drafted by the city's enterprises",
            lambda: DraftedStandard.objects.filter(
                level__in=["national", "industry"], enterprise__isnull=False
            ),
            "published_on",
            registry="drafted",
            distinct="designation",
        ),
        Metric(
            "service_demo_points",
            "服务业标准化示范点",
            "Service standardisation demonstration points",
            lambda: DemonstrationSite.objects.filter(kind="service_point").exclude(
                status__in=["declared", "revoked"]
            ),
            "approved_on",
            registry="sites",
        ),
        Metric(
            "service_standards",
            "制修订服务业标准",
            "Service standards made or revised",
            lambda: SectorStandard.objects.filter(area="service"),
            "published_on",
            registry="sector-standards",
            distinct="designation",
        ),
        Metric(
            "pilot_enterprises",
            "省级以上标准化试点企业",
            "Provincial-or-higher standardisation pilot enterprises",
            # the four pilot kinds of 三.4; 标准化良好行为 (四.4) is a registry row, not a pilot
            lambda: PilotEnterprise.objects.filter(level__in=["provincial", "national"]).exclude(
                kind="good_practice"
            ),
            "approved_on",
            registry="pilots",
            distinct="enterprise",
        ),
        Metric(
            "talent_national",
            "全国知名标准化专家",
            "Nationally known standardisation experts",
            lambda: Talent.objects.filter(tier="national"),
            "recognised_on",
            registry="talent",
        ),
        Metric(
            "talent_leading",
            "标准化领军人才",
            "Leading standardisation professionals",
            lambda: Talent.objects.filter(tier="leading"),
            "recognised_on",
            registry="talent",
        ),
        Metric(
            "talent_grassroots",
            "基层标准化骨干",
            "Grassroots standardisation backbone staff",
            lambda: Talent.objects.filter(tier="grassroots"),
            "recognised_on",
            registry="talent",
        ),
    )
}


def metric_choices() -> list[tuple[str, str]]:
    return [(key, f"{m.name_zh} {m.name_en}") for key, m in METRICS.items()]
