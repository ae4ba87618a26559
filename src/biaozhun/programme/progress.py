"""Progress of a programme's targets: value against goal and against time elapsed, per year
and per district. Used by the dashboard, the reports, the API and ``biaozhun programme targets``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from biaozhun.accounts.models import District, User
from biaozhun.accounts.scoping import Scope

from .figures import kept
from .metrics import METRICS, Metric
from .models import DistrictQuota, Programme, Target
from .numbers import format_number
from .registries import REGISTRIES


def elapsed_fraction(programme: Programme, as_of: date) -> float:
    """How much of the period has passed on ``as_of`` (0 before it starts, 1 after it ends)."""
    if as_of < programme.start:
        return 0.0
    if as_of >= programme.end:
        return 1.0
    return (as_of - programme.start).days / ((programme.end - programme.start).days + 1)


@dataclass
class TargetProgress:
    target: Target
    metric: Metric
    value: Decimal
    ratio: float  # value / goal (minimum)
    elapsed: float
    status: str  # achieved, on_track, behind; after the period: achieved or missed;
    # contribution (a district without a quota)
    # what the value is measured against: "city" (the target's goal), "quota" (the district's
    # quota set by the leadership group) or "contribution" (a district without a quota: its
    # share of the city goal, never judged behind against the city total)
    basis: str = "city"
    goal: Decimal | None = None
    per_year: dict[int, Decimal] = field(default_factory=dict)
    cumulative: dict[int, Decimal] = field(default_factory=dict)
    per_district: dict[str, Decimal] = field(default_factory=dict)

    @property
    def status_label(self) -> tuple[str, str]:
        return {
            "achieved": ("已完成", "achieved"),
            "on_track": ("按进度", "on track"),
            "behind": ("滞后", "behind"),
            "missed": ("未完成", "not achieved"),
            "contribution": ("贡献", "contribution"),
        }[self.status]

    @property
    def goal_value(self) -> Decimal:
        return self.goal if self.goal is not None else self.target.goal_min

    @property
    def goal_text(self) -> str:
        """The goal the value is measured against: the district's quota when there is one."""
        if self.basis == "quota" and self.goal is not None:
            text = format_number(self.goal)
            return f"{text}%" if self.target.is_percentage else text
        return self.target.goal_text

    @property
    def value_text(self) -> str:
        return format_number(self.value)

    @property
    def percent(self) -> int:
        return round(self.ratio * 100)

    def as_dict(self, detail: bool = False) -> dict[str, Any]:
        t = self.target
        data: dict[str, Any] = {
            "key": t.key,
            "area": t.area,
            "name_zh": t.name_zh,
            "name_en": t.name_en,
            "metric": t.metric,
            "goal": {
                "min": float(t.goal_min),
                "max": float(t.goal_max) if t.goal_max is not None else None,
                "text": t.goal_text,
            },
            "unit_zh": t.unit_zh,
            "unit_en": t.unit_en,
            "value": float(self.value),
            "ratio": round(self.ratio, 4),
            "elapsed": round(self.elapsed, 4),
            "status": self.status,
            "basis": self.basis,
            "measured_against": float(self.goal_value),
        }
        if detail:
            data["per_year"] = {str(y): float(v) for y, v in self.per_year.items()}
            data["cumulative"] = {str(y): float(v) for y, v in self.cumulative.items()}
            data["per_district"] = {k: float(v) for k, v in self.per_district.items()}
        return data


def district_limit(user: User | None) -> int | None:
    """A district officer sees their own district's figures only; None means the whole city."""
    if user is None:
        return None
    scope = Scope.for_user(user)
    if scope.kind == "district":
        return scope.district_id
    return None


def target_progress(
    target: Target,
    *,
    as_of: date | None = None,
    district_id: int | None = None,
    detail: bool = True,
) -> TargetProgress:
    programme = target.programme
    as_of = as_of or timezone.localdate()
    metric = METRICS[target.metric]
    end = min(as_of, programme.end)
    value = (
        metric.value(programme.start, end, district_id) if end >= programme.start else Decimal(0)
    )
    goal = target.goal_min
    basis = "city"
    if district_id is not None:
        quota = DistrictQuota.objects.filter(target=target, district_id=district_id).first()
        if quota is not None:
            goal, basis = quota.quota, "quota"
        else:
            basis = "contribution"
    ratio = float(value / goal) if goal else 1.0
    elapsed = elapsed_fraction(programme, as_of)
    if basis == "contribution" and not metric.percentage:
        # a district's count against the city's total goal is a share, not a delay
        status = "contribution"
    elif value >= goal:
        status = "achieved"
    elif basis == "contribution":
        status = "contribution"
    elif as_of > programme.end:
        status = "missed"  # the period is over: not achieved, no longer "behind"
    elif ratio < elapsed:
        status = "behind"
    else:
        status = "on_track"
    progress = TargetProgress(target, metric, value, ratio, elapsed, status, basis=basis, goal=goal)
    if detail and end >= programme.start:
        years = [y for y in programme.years if y <= end.year]
        districts = District.objects.filter(region=programme.region).valid_between(
            programme.start, programme.end
        )
        if district_id is not None:
            districts = districts.filter(pk=district_id)
        if metric.percentage:
            for year in years:
                window_end = min(date(year, 12, 31), end)
                progress.per_year[year] = metric.value(date(year, 1, 1), window_end, district_id)
            by_district = {d.pk: metric.value(programme.start, end, d.pk) for d in districts}
        else:
            counts = metric.split(programme.start, end, "year", district_id)
            progress.per_year = {year: counts.get(year, Decimal(0)) for year in years}
            by_district = metric.split(programme.start, end, "district", district_id)
        running = Decimal(0)
        for year in years:
            running = (
                progress.per_year[year] if metric.percentage else running + progress.per_year[year]
            )
            progress.cumulative[year] = running
        progress.per_district = {d.code: by_district.get(d.pk, Decimal(0)) for d in districts}
    return progress


def programme_progress(
    programme: Programme,
    *,
    as_of: date | None = None,
    user: User | None = None,
    detail: bool = True,
) -> list[TargetProgress]:
    """Every target's progress, in the user's scope (a district officer: their district). The
    figures are kept per process until the data behind them changes (``programme/figures.py``);
    a caller must not change the objects it gets."""
    district_id = district_limit(user)
    as_of = as_of or timezone.localdate()
    return kept(
        ("progress", programme.pk, as_of, district_id, detail),
        lambda: [
            target_progress(target, as_of=as_of, district_id=district_id, detail=detail)
            for target in programme.targets.select_related("programme").all()
        ],
    )


def counting_records(
    target: Target,
    *,
    user: User,
    as_of: date | None = None,
    year: int | None = None,
    district_id: int | None = None,
    excluded: bool = False,
) -> QuerySet[Any]:
    """The records that count for ``target`` (drill-down), within the user's scope; with
    ``excluded``, the records of the same registry shown apart because they do not count."""
    programme = target.programme
    metric = METRICS[target.metric]
    as_of = as_of or timezone.localdate()
    start, end = programme.start, min(as_of, programme.end)
    if year is not None:
        start, end = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
    limit = district_limit(user)
    if limit is not None:
        district_id = limit
    qs = metric.records(start, end, district_id, excluded=excluded)
    scope = Scope.for_user(user)
    if metric.percentage:
        return scope.apply(qs, enterprise_field="enterprise", district_field="enterprise__district")
    enterprise_field = None
    if metric.registry:
        enterprise_field = REGISTRIES[metric.registry].enterprise_field
    return scope.apply(qs, enterprise_field=enterprise_field, district_field="district")
