"""Publicity: events (World Standards Day, science and technology week…) and news posts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from biaozhun.accounts.models import District

from .common import V, bi_invalid


class Event(models.Model):
    """A publicity event: World Standards Day (14 October), science and technology week…"""

    class Kind(models.TextChoices):
        WORLD_STANDARDS_DAY = "world_standards_day", "世界标准日 World Standards Day"
        SCIENCE_WEEK = "science_week", "科技活动周 science and technology week"
        OTHER = "other", "其他宣传活动 other"

    kind = models.CharField(V("类型", "Kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(V("活动名称", "Title"), max_length=200)
    held_on = models.DateField(V("日期", "Date"))
    location = models.CharField(V("地点", "Location"), max_length=200, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V("地区", "District"),
    )
    description = models.TextField(V("内容", "Description"), blank=True)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if (
            self.kind == self.Kind.WORLD_STANDARDS_DAY
            and self.held_on
            and (self.held_on.month, self.held_on.day) != (10, 14)
        ):
            raise ValidationError(
                {
                    "held_on": bi_invalid(
                        "世界标准日是 10 月 14 日。",
                        "World Standards Day is on 14 October.",
                        "not_world_standards_day",
                    )
                }
            )


class NewsPost(models.Model):
    """A news post for publicity."""

    title = models.CharField(V("标题", "Title"), max_length=200)
    body = models.TextField(V("正文", "Text"))
    published_on = models.DateField(V("发布日期", "Published on"))
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
        verbose_name=V("相关活动", "Event"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_on"]

    def __str__(self) -> str:
        return self.title
