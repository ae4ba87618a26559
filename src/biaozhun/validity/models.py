"""标准查新 and watch lists: the checks run (with their results), each enterprise's standards in
use, and the alerts raised when the catalogue changes one of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from biaozhun.accounts.models import District
from biaozhun.catalogue.models import CatalogueChange, Standard
from biaozhun.enterprises.models import Enterprise
from biaozhun.enterprises.profiles.models import ExportProduct
from biaozhun.programme.models import Adoption, DraftedStandard


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
    #: added by the city's register (a declared standard), not by hand: removed again when
    #: the enterprise's last declaration of the designation is removed
    from_register = models.BooleanField("来自执行标准登记 from the register", default=False)
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


class DeclaredStandard(models.Model):
    """The city's register (执行标准登记): a standard an enterprise declares it applies to one
    of its products, its own enterprise standards (Q/…) and group standards (T/…) included.

    ``entered`` is the text as declared, ``designation`` its canonical form, ``key`` the
    edition-independent key (TBT citations and new editions are matched by it), ``level`` the
    parser's level. ``standard`` links the catalogue record when the catalogue knows the
    designation; an unknown one stays declared (the desk's list) and is linked when an import
    brings it. ``product`` is one of the enterprise's export product lines, or empty for
    another product named in ``product_name`` (which always holds the product's name).

    The bureau's confirmation (``confirmed_at``) creates or links the programme's registry
    record the declaration stands for (``adoption``: 采标; ``drafted``: a standard the
    enterprise drafted); only confirmed records count towards the programme's targets."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="declared_standards"
    )
    product = models.ForeignKey(
        ExportProduct,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="出口产品 export product",
    )
    product_name = models.CharField("产品 product", max_length=200)
    entered = models.CharField("原文 as declared", max_length=300)
    designation = models.CharField("标准号 designation", max_length=200)
    key = models.CharField(max_length=200, db_index=True)
    level = models.CharField("层级 level", max_length=20)
    standard = models.ForeignKey(
        Standard, null=True, blank=True, on_delete=models.SET_NULL, related_name="declarations"
    )
    note = models.CharField("备注 note", max_length=300, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declared_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    adoption = models.ForeignKey(
        Adoption, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drafted = models.ForeignKey(
        DraftedStandard, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["product_name", "designation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "product_name", "designation"],
                name="declare_once_per_product",
            )
        ]
        indexes = [models.Index(fields=["standard", "designation"])]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.product_name} · {self.designation}"
