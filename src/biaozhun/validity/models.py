"""标准查新 and watch lists: the checks run (with their results), each enterprise's standards in
use, and the alerts raised when the catalogue changes one of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from biaozhun.accounts.models import District
from biaozhun.catalogue.models import CatalogueChange, Standard
from biaozhun.enterprises.models import Enterprise


class ValidityCheck(models.Model):
    """One 标准查新 run over an uploaded or pasted list; ``results`` holds one dict per line
    (``biaozhun.core.validity.CheckResult.as_dict``)."""

    class SourceKind(models.TextChoices):
        FILE = "file", "文件 file"
        TEXT = "text", "粘贴文本 pasted text"
        API = "api", "接口 API"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="validity_checks",
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_name = models.CharField("来源 source", max_length=300)
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices)
    catalogue_date = models.DateField("目录日期 catalogue date", null=True, blank=True)
    line_count = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)
    results = models.JSONField(default=list)
    duration_ms = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"查新 {self.source_name} {self.created_at:%Y-%m-%d %H:%M}"


class WatchedStandard(models.Model):
    """A standard an enterprise uses (关注标准). ``entered`` is the text as the user gave it,
    ``designation`` its normalised (canonical) form, unique per enterprise; ``key`` the
    edition-independent key, so new editions are caught too."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="watched_standards"
    )
    standard = models.ForeignKey(
        Standard, null=True, blank=True, on_delete=models.SET_NULL, related_name="watchers"
    )
    designation = models.CharField("标准号 designation", max_length=200)
    entered = models.CharField("原文 as entered", max_length=300, blank=True)
    key = models.CharField(max_length=200, db_index=True)
    note = models.CharField("备注 note", max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["designation"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "designation"], name="watch_once_per_enterprise"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.designation}"


class WatchAlert(models.Model):
    """An in-app alert: a catalogue change touched a standard the enterprise watches."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="watch_alerts"
    )
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="watch_alerts")
    change = models.ForeignKey(CatalogueChange, on_delete=models.CASCADE, related_name="+")
    watched = models.ForeignKey(
        WatchedStandard, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    message_zh = models.CharField(max_length=500)
    message_en = models.CharField(max_length=800)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "change"], name="one_alert_per_change")
        ]
        indexes = [models.Index(fields=["enterprise", "read_at"])]

    def __str__(self) -> str:
        return self.message_zh
