"""Export profile models, registered with the enterprises app (``enterprises.models`` imports
them). The tables are those the alerts app created: ``db_table`` keeps them."""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from biaozhun.enterprises.models import Contact, Enterprise

KEYWORD_SPLIT = re.compile(r"[,,、;;]+")


class ExportProfile(models.Model):
    """An enterprise's export profile (出口档案): one per enterprise."""

    enterprise = models.OneToOneField(
        Enterprise, on_delete=models.CASCADE, related_name="export_profile"
    )
    all_markets = models.BooleanField(
        "出口全部市场 all markets",
        default=False,
        help_text="不限市场,任何成员的通报都可能相关 / any member's notification may concern it",
    )
    alert_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="接收预警的用户"
    )
    alert_contacts = models.ManyToManyField(
        Contact, blank=True, related_name="+", verbose_name="接收预警的联系人"
    )
    note = models.CharField("备注 note", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        app_label = "enterprises"
        db_table = "alerts_exportprofile"
        ordering = ["enterprise__name_zh"]

    def __str__(self) -> str:
        return f"出口档案 {self.enterprise}"


class ExportProduct(models.Model):
    """A product line: HS code (2-10 digits), Chinese description, optional ICS code and
    keywords (comma-separated) used for text matching."""

    profile = models.ForeignKey(ExportProfile, on_delete=models.CASCADE, related_name="products")
    hs_code = models.CharField("HS 编码 HS code", max_length=10)
    description_zh = models.CharField("产品描述 description", max_length=200)
    ics_code = models.CharField("ICS 分类 ICS code", max_length=12, blank=True)
    keywords = models.CharField("关键词 keywords", max_length=300, blank=True)
    #: the multilingual sentence vector of ``description_zh`` (``core.embedding``: 384
    #: float32, L2-normalised, query kind), stored when the line is saved; empty when the
    #: embedding model is unavailable (the line is then matched by codes and keywords only)
    text_vector = models.BinaryField("描述向量 description vector", blank=True, default=b"")

    class Meta:
        app_label = "enterprises"
        db_table = "alerts_exportproduct"
        ordering = ["hs_code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "hs_code"], name="one_line_per_hs_code")
        ]

    def __str__(self) -> str:
        return f"{self.hs_code} {self.description_zh}"

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in KEYWORD_SPLIT.split(self.keywords) if k.strip()]


class ExportMarket(models.Model):
    """A market: a WTO member code (``USA``, ``TPKM``) or a group (``EU``, ``ASEAN``) with the
    share of the enterprise's exports that go there (0-1, unknown if empty)."""

    profile = models.ForeignKey(ExportProfile, on_delete=models.CASCADE, related_name="markets")
    code = models.CharField("市场 market", max_length=12)
    share = models.DecimalField(
        "出口占比 share",
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )

    class Meta:
        app_label = "enterprises"
        db_table = "alerts_exportmarket"
        ordering = ["-share", "code"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "code"], name="one_row_per_market"),
            models.CheckConstraint(
                name="market_share_0_1",
                condition=models.Q(share__isnull=True)
                | (models.Q(share__gte=0) & models.Q(share__lte=1)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.share if self.share is not None else '?'}"
