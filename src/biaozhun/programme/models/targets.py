"""The programme (二 总体目标) and its targets; a target's value is computed by a named metric
(``programme.metrics``), never typed in.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from biaozhun.accounts.models import District, Region

from ..numbers import format_number
from .common import V, bi_invalid, one_record


class Programme(models.Model):
    """A programme of targets for a period and a region (e.g. Yangzhou 2011-2015)."""

    slug = models.SlugField(unique=True)
    name_zh = models.CharField(V("名称", "Name"), max_length=200)
    name_en = models.CharField(V("英文名称", "English name"), max_length=300, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    start_year = models.PositiveSmallIntegerField(V("起始年", "First year"))
    end_year = models.PositiveSmallIntegerField(V("结束年", "Last year"))
    source = models.CharField(V("依据", "Source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-start_year"]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def start(self) -> date:
        return date(self.start_year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.end_year, 12, 31)

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    def clean(self) -> None:
        if self.end_year < self.start_year:
            raise ValidationError(
                {
                    "end_year": bi_invalid(
                        "结束年早于起始年。", "The period ends before it starts.", "bad_period"
                    )
                }
            )


class Target(models.Model):
    """One target of a programme; its value is computed by a named metric (programme.metrics)."""

    class Area(models.TextChoices):
        AGRICULTURE = "agriculture", "农业 agriculture"
        INDUSTRY = "industry", "工业 industry"
        SERVICES = "services", "服务业 services"
        PILOTS = "pilots", "试点 pilots"
        TALENT = "talent", "人才 talent"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    key = models.SlugField(max_length=60)
    area = models.CharField(V("领域", "Area"), max_length=20, choices=Area.choices)
    name_zh = models.CharField(V("目标", "Target"), max_length=200)
    name_en = models.CharField(V("英文", "Target (English)"), max_length=300)
    metric = models.CharField(V("计算方法", "Metric"), max_length=60)
    goal_min = models.DecimalField(
        V("目标值(下限)", "Goal (minimum)"), max_digits=10, decimal_places=2
    )
    goal_max = models.DecimalField(
        V("目标值(上限)", "Goal (maximum)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    unit_zh = models.CharField(V("单位", "Unit"), max_length=20)
    unit_en = models.CharField(V("单位(英文)", "Unit (English)"), max_length=40)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "order"]
        constraints = [one_record("one_target_key", "programme", "key")]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def is_percentage(self) -> bool:
        return self.unit_en == "%"

    @property
    def goal_text(self) -> str:
        low = format_number(self.goal_min)
        if self.goal_max is not None:
            return f"{low}-{format_number(self.goal_max)}"
        if self.is_percentage:
            return f"≥ {low}%"
        return low

    def clean(self) -> None:
        # The metric's name is checked where targets are written: the admin form offers only
        # ``programme.metrics.METRICS``' names and the reference loader's are tested; checking
        # it here would import the metrics, which import these models.
        if self.goal_max is not None and self.goal_max < self.goal_min:
            raise ValidationError(
                {
                    "goal_max": bi_invalid(
                        "上限小于下限。", "The maximum is below the minimum.", "bad_goal"
                    )
                }
            )


class DistrictQuota(models.Model):
    """The part of a target the leadership group assigns to one district or county (目标分解):
    a district officer's programme page measures the district against it."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="quotas")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=V("地区", "District")
    )
    quota = models.DecimalField(
        V("分解目标值", "District quota"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["target__order", "district__code"]
        constraints = [one_record("one_quota_per_district", "target", "district")]

    def __str__(self) -> str:
        return f"{self.target} {self.district} {format_number(self.quota)}"

    @property
    def quota_text(self) -> str:
        text = format_number(self.quota)
        return f"{text}%" if self.target.is_percentage else text
