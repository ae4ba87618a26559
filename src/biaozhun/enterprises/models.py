"""The enterprise registry: enterprises of the city, their industries, year lists and contacts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from biaozhun.accounts.models import District


class Industry(models.Model):
    """One of the programme's eight industries, or agriculture / services (stable slug)."""

    slug = models.SlugField(max_length=40, unique=True)
    name_zh = models.CharField(max_length=40)
    name_en = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name_plural = "industries"

    def __str__(self) -> str:
        return self.name_zh


class Enterprise(models.Model):
    """An enterprise of the city (企业), identified by its unified social credit code."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核 pending"
        APPROVED = "approved", "已通过 approved"
        REJECTED = "rejected", "未通过 rejected"

    name_zh = models.CharField("企业名称 name", max_length=200)
    name_en = models.CharField("英文名称 English name", max_length=300, blank=True)
    credit_code = models.CharField("统一社会信用代码 credit code", max_length=18, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="enterprises")
    tax_district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="taxed_enterprises",
        null=True,
        blank=True,
        help_text="纳税关系所在地,缺省为注册地 / where the tax relationship lies; defaults to the district",
    )
    address = models.CharField("地址 address", max_length=300, blank=True)
    industries = models.ManyToManyField(Industry, blank=True, related_name="enterprises")
    is_exporter = models.BooleanField("出口企业 exporter", default=False)
    website = models.URLField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPROVED)
    review_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name_zh"]
        indexes = [models.Index(fields=["district", "status"])]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def effective_tax_district(self) -> District:
        return self.tax_district or self.district


class YearList(models.Model):
    """Membership of a yearly list: the municipal innovative (pilot) enterprises
    (年度市创新型(试点)企业) or the leading agricultural enterprises (农业产业化龙头企业)."""

    class Kind(models.TextChoices):
        INNOVATIVE_PILOT = "innovative_pilot", "市创新型(试点)企业 innovative (pilot) enterprise"
        LEADING_AGRICULTURAL = (
            "leading_agricultural",
            "农业产业化龙头企业 leading agricultural enterprise",
        )

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="year_lists")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    year = models.PositiveSmallIntegerField()
    standardised_production = models.BooleanField(
        "实现标准化生产 standardised production",
        default=False,
        help_text="龙头企业是否实现标准化生产 / for leading agricultural enterprises",
    )

    class Meta:
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "year"], name="one_listing_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_kind_display()} {self.year}"


class Contact(models.Model):
    """A person at an enterprise the office may contact (and alert)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("姓名 name", max_length=50)
    title = models.CharField("职务 title", max_length=50, blank=True)
    phone = models.CharField("电话 phone", max_length=30, blank=True)
    email = models.EmailField("邮箱 e-mail", blank=True)
    receives_alerts = models.BooleanField("接收预警 receives alerts", default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.enterprise})"


# The export profiles live in their own sub-package; importing them here (after Enterprise
# and Contact, which they reference) registers them with the app.
from .profiles.models import ExportMarket, ExportProduct, ExportProfile  # noqa: E402

__all__ = [
    "Contact",
    "Enterprise",
    "ExportMarket",
    "ExportProduct",
    "ExportProfile",
    "Industry",
    "YearList",
]
