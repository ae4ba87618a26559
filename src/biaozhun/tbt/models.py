"""WTO TBT/SPS notifications, the WTO Members, and their classification.

Contract used by other apps (``alerts``):

* :class:`Notification` is keyed by its canonical symbol (``core.wto_symbol``); every addendum,
  revision, corrigendum and supplement points to its ``base`` (the regular notification) and to
  its ``parent`` (the document it modifies).
* ``hs_codes`` / ``ics_codes`` are the codes the notifying Member gave (digit strings for HS,
  ``"29.140.40"`` for ICS). ``hs_headings``, ``ics_predicted``, ``industries`` and
  ``export_groups`` hold the *effective* classification: a list of
  ``{"code": str, "confidence": float, "source": "given"|"ics"|"text"|"embedding"|"staff",
  "reason_zh": str, "reason_en": str}``, best first; staff corrections
  (:class:`ClassificationCorrection`) replace the automatic result of their field and are kept
  when the notification is re-imported or re-classified.
* creating or changing a notification publishes ``common.events.NotificationRecorded``
  (delivered to its subscribers through the task queue after commit).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class Member(models.Model):
    """A WTO Member (166), loaded from ``data/wto/members.csv`` by ``load_reference_data``."""

    code = models.CharField("WTO 代码 WTO code", max_length=8, unique=True)
    iso_alpha2 = models.CharField(max_length=2, blank=True)
    iso_alpha3 = models.CharField(max_length=3, blank=True)
    name_zh = models.CharField("中文名称 Chinese name", max_length=100)
    name_en = models.CharField("英文名称 English name", max_length=200)
    name_zh_official = models.CharField(max_length=200, blank=True)
    name_en_official = models.CharField(max_length=300, blank=True)
    member_since = models.DateField(null=True, blank=True)
    groups = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class Notification(models.Model):
    """One WTO notification document (a regular notification or a document modifying one)."""

    class Kind(models.TextChoices):
        REGULAR = "regular", "通报 regular"
        ADDENDUM = "addendum", "增补 addendum"
        REVISION = "revision", "修订 revision"
        CORRIGENDUM = "corrigendum", "勘误 corrigendum"
        SUPPLEMENT = "supplement", "补遗 supplement"

    class Committee(models.TextChoices):
        TBT = "TBT", "技术性贸易壁垒 TBT"
        SPS = "SPS", "卫生与植物卫生 SPS"

    class Status(models.TextChoices):
        NOTIFIED = "notified", "已通报 notified"
        ADOPTED = "adopted", "已通过 adopted"
        IN_FORCE = "in_force", "已生效 in force"
        WITHDRAWN = "withdrawn", "已撤回 withdrawn"

    class Source(models.TextChoices):
        DESK = "desk", "人工录入 desk entry"
        EPING_XLSX = "eping-xlsx", "ePing 导出表 ePing export"
        EPING_JSON = "eping-json", "ePing 接口 ePing API"

    symbol = models.CharField("通报号 symbol", max_length=60, unique=True)
    base_symbol = models.CharField("基础通报号 base symbol", max_length=40, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    committee = models.CharField(max_length=3, choices=Committee.choices, default=Committee.TBT)
    member_code = models.CharField("通报成员 member", max_length=8, db_index=True)
    member_name_zh = models.CharField(max_length=100, blank=True)
    member_name_en = models.CharField(max_length=200, blank=True)

    distributed_on = models.DateField("分发日期 distributed on", db_index=True)
    comment_deadline = models.DateField("评议截止 comment deadline", null=True, blank=True)
    comment_deadline_text = models.CharField(max_length=300, blank=True)
    adoption_date = models.DateField("拟批准日期 adoption date", null=True, blank=True)
    adoption_date_text = models.CharField(max_length=300, blank=True)
    entry_into_force = models.DateField("拟生效日期 entry into force", null=True, blank=True)
    entry_into_force_text = models.CharField(max_length=300, blank=True)
    dates_flagged = models.BooleanField(
        "日期待核 dates flagged",
        default=False,
        help_text="某日期只能保留原文 / a date could only be kept as text",
    )

    title = models.TextField("标题 title")
    title_zh = models.TextField("中文标题 Chinese title", blank=True)
    description = models.TextField("内容 description", blank=True)
    summary_zh = models.TextField("中文摘要 Chinese summary", blank=True)
    objective = models.TextField("目的 objective", blank=True)
    products_text = models.TextField("涵盖产品 products covered", blank=True)
    hs_codes = models.JSONField(default=list, blank=True)
    ics_codes = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    agency = models.TextField("主管机构 agency", blank=True)
    links = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOTIFIED)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.DESK)

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    base = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    is_example = models.BooleanField("示例 example", default=False)

    # effective classification (see module docstring)
    hs_headings = models.JSONField(default=list, blank=True)
    ics_predicted = models.JSONField(default=list, blank=True)
    industries = models.JSONField(default=list, blank=True)
    export_groups = models.JSONField(default=list, blank=True)
    classified_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-distributed_on", "-id"]
        indexes = [models.Index(fields=["committee", "member_code", "distributed_on"])]

    def __str__(self) -> str:
        return self.symbol

    def classification_codes(self, field: str) -> list[str]:
        """The codes of one effective classification field (``industries`` ...), best first."""
        items: list[dict[str, Any]] = getattr(self, field) or []
        return [str(i["code"]) for i in items]

    @property
    def industry_slugs(self) -> list[str]:
        return self.classification_codes("industries")

    @property
    def export_group_slugs(self) -> list[str]:
        return self.classification_codes("export_groups")

    @property
    def heading_codes(self) -> list[str]:
        return self.classification_codes("hs_headings")


class ClassificationCorrection(models.Model):
    """A staff correction of one classification field; the latest per field wins."""

    class Field(models.TextChoices):
        HS_HEADINGS = "hs_headings", "HS 品目 HS headings"
        ICS = "ics_predicted", "ICS 分类 ICS codes"
        INDUSTRIES = "industries", "行业 industries"
        EXPORT_GROUPS = "export_groups", "出口产品组 export groups"

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="corrections"
    )
    field = models.CharField(max_length=20, choices=Field.choices)
    codes = models.JSONField(default=list)
    previous = models.JSONField(default=list, blank=True)
    note = models.CharField("说明 note", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.notification} {self.field}"


class Translation(models.Model):
    """The translation desk's work on one notification's Chinese title and summary:
    assigned to a staff user, written, reviewed (by someone else), published. Publishing
    copies the text to the notification (``title_zh`` / ``summary_zh``), replacing the
    generated one on every page and in later digests; it sends nothing again."""

    class State(models.TextChoices):
        ASSIGNED = "assigned", "已分配 assigned"
        IN_REVIEW = "in_review", "待审核 in review"
        APPROVED = "approved", "已审核 approved"
        PUBLISHED = "published", "已发布 published"

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="translation"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.ASSIGNED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title_zh = models.TextField("中文标题 Chinese title", blank=True)
    summary_zh = models.TextField("中文摘要 Chinese summary", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.CharField("审核意见 review note", max_length=1000, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.state}"
