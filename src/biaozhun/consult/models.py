"""The WTO/TBT consultation station: comments on foreign drafts (评议) merged into submissions
to the national enquiry point, enquiries answered by experts (咨询) and their knowledge base,
the register of foreign technical regulations, and TBT briefings.

Deadlines of comments are the notification's WTO final date for comments and the internal
deadline the TBT desk computes from it (``alerts`` desk settings: the enquiry point's lead time in
working days and the holiday calendar), so alerts and comments always show the same date.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from biaozhun.enterprises.models import Enterprise


class ConsultSettings(models.Model):
    """The bureau's settings of the station (a singleton, pk=1)."""

    response_target_hours = models.PositiveIntegerField(
        "答复时限(小时) response target (hours)",
        default=72,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    reminder_days = models.JSONField(
        "提前提醒(工作日) reminders (working days before)", default=list, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"target {self.response_target_hours} h, reminders {self.reminder_days}"

    @property
    def thresholds(self) -> list[int]:
        return sorted({int(d) for d in (self.reminder_days or [5, 1])})


class Submission(models.Model):
    """The desk's merged submission of the city's comments on one notification, sent to the
    national enquiry point (国家 WTO/TBT 通报咨询中心), and what became of it."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿 draft"
        SENT = "sent", "已报送 sent"
        ACKNOWLEDGED = "acknowledged", "已确认收到 acknowledged"
        ANSWERED = "answered", "已答复 answered"
        CHANGED = "changed", "措施已修改 measure changed"
        UNCHANGED = "unchanged", "措施未修改 measure unchanged"

    notification = models.OneToOneField(
        "tbt.Notification", on_delete=models.PROTECT, related_name="consult_submission"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    summary_zh = models.TextField("综合意见 summary (zh)", blank=True)
    summary_en = models.TextField("技术要点英文 technical points (en)", blank=True)
    reply_text = models.TextField("答复内容 reply", blank=True)
    history = models.JSONField(default=list, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"评议汇总 {self.notification_id}"


class Comment(models.Model):
    """One source's comment on a notification: an enterprise's, an association's, or one the
    desk wrote on an enterprise's behalf."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿 draft"
        SUBMITTED = "submitted", "已提交 submitted"
        MERGED = "merged", "已汇总 merged"
        WITHDRAWN = "withdrawn", "已撤回 withdrawn"

    notification = models.ForeignKey(
        "tbt.Notification", on_delete=models.PROTECT, related_name="consult_comments"
    )
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="tbt_comments"
    )
    association = models.CharField("行业协会 association", max_length=200, blank=True)
    by_desk = models.BooleanField("由评议台代填 filed by the desk", default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    concern = models.TextField("关注问题 concern")
    clauses = models.CharField("涉及条款 clauses", max_length=500, blank=True)
    proposed_change = models.TextField("修改建议 proposed change", blank=True)
    technical_points_en = models.TextField("技术要点(英文) technical points (English)", blank=True)
    export_value_usd = models.DecimalField(
        "涉及出口额(万美元) export value at stake (10k USD)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    trade_impact = models.TextField("贸易影响 trade impact", blank=True)
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["notification", "state"])]

    def __str__(self) -> str:
        return f"评议 {self.pk} {self.source_label}"

    @property
    def source_label(self) -> str:
        name = self.enterprise.name_zh if self.enterprise_id and self.enterprise else ""
        if self.association:
            name = f"{self.association}" + (f"({name})" if name else "")
        return name or "评议台 desk"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    return f"consult/evidence/{instance.comment_id}/{filename}"


class Evidence(models.Model):
    """A file supporting a comment (test reports, certificates, customs figures)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_upload_to)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Enquiry(models.Model):
    """A question an enterprise asks the station; an expert answers it."""

    class State(models.TextChoices):
        NEW = "new", "待分派 new"
        ASSIGNED = "assigned", "已分派 assigned"
        ANSWERED = "answered", "已答复 answered"

    class Topic(models.TextChoices):
        MARKET = "market", "市场要求 market requirement"
        NOTIFICATION = "notification", "WTO 通报 notification"
        STANDARD = "standard", "标准 standard"
        OTHER = "other", "其他 other"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="enquiries")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    topic = models.CharField(max_length=20, choices=Topic.choices, default=Topic.OTHER)
    subject = models.CharField("标题 subject", max_length=200)
    question = models.TextField("问题 question")
    market = models.CharField("市场 market", max_length=12, blank=True)
    notification = models.ForeignKey(
        "tbt.Notification",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consult_enquiries",
    )
    standard = models.ForeignKey(
        "catalogue.Standard",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consult_enquiries",
    )
    anonymise = models.BooleanField("知识库中匿名 anonymise in knowledge base", default=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.NEW)
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consult_assignments",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField("答复 answer", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_hours = models.PositiveIntegerField("答复时限(小时) target (hours)")
    response_hours = models.FloatField("答复用时(小时) response time (hours)", null=True)
    rating = models.PositiveSmallIntegerField(
        "评分 rating",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_note = models.CharField("评价 rating note", max_length=500, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField("已入知识库 in knowledge base", default=False)
    kb_subject = models.CharField("知识库标题 published subject", max_length=200, blank=True)
    kb_question = models.TextField("知识库问题 published question", blank=True)
    kb_answer = models.TextField("知识库答复 published answer", blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="enquiry_rating_1_5",
                condition=models.Q(rating__isnull=True)
                | (models.Q(rating__gte=1) & models.Q(rating__lte=5)),
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def overdue(self) -> bool:
        """Still unanswered after the target time."""
        if self.response_hours is not None or self.created_at is None:
            return False
        return (timezone.now() - self.created_at).total_seconds() > self.target_hours * 3600

    @property
    def within_target(self) -> bool | None:
        if self.response_hours is None:
            return None
        return self.response_hours <= self.target_hours


class TechnicalRegulation(models.Model):
    """A foreign technical regulation or conformity-assessment requirement of a market."""

    class Kind(models.TextChoices):
        REGULATION = "regulation", "技术法规 technical regulation"
        CONFORMITY = "conformity", "合格评定程序 conformity assessment"

    market = models.CharField("市场 market", max_length=12, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REGULATION)
    reference = models.CharField("编号 reference", max_length=200)
    title = models.TextField("标题 title")
    title_zh = models.TextField("中文标题 Chinese title", blank=True)
    summary_zh = models.TextField("中文摘要 Chinese summary", blank=True)
    hs_codes = models.JSONField(default=list, blank=True)
    ics_codes = models.JSONField(default=list, blank=True)
    cited_standards = models.JSONField("引用标准 cited standards", default=list, blank=True)
    standards = models.ManyToManyField("catalogue.Standard", blank=True, related_name="+")
    notifications = models.ManyToManyField(
        "tbt.Notification", blank=True, related_name="consult_regulations"
    )
    adopted_on = models.DateField("通过日期 adopted on", null=True, blank=True)
    in_force_from = models.DateField("生效日期 in force from", null=True, blank=True)
    applies_until = models.DateField("失效日期 applies until", null=True, blank=True)
    url = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["market", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["market", "reference"], name="one_regulation_per_ref")
        ]

    def __str__(self) -> str:
        return f"{self.market} {self.reference}"


class BriefingSubscription(models.Model):
    """A user who wants the monthly briefing of an industry, export group or market (or of
    everything, with an empty key)."""

    class Kind(models.TextChoices):
        ALL = "all", "全部 all"
        INDUSTRY = "industry", "行业 industry"
        EXPORT_GROUP = "export_group", "出口产品组 export group"
        MARKET = "market", "市场 market"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="briefing_subscriptions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="one_subscription")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}:{self.key}"


class Briefing(models.Model):
    """A generated briefing (kept when it is pushed to subscribers)."""

    kind = models.CharField(max_length=20, choices=BriefingSubscription.Kind.choices)
    key = models.CharField(max_length=40, blank=True)
    period = models.CharField(max_length=10)
    start = models.DateField()
    end = models.DateField()
    data = models.JSONField(default=dict)
    generated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "period", "start"], name="one_briefing_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} {self.period} {self.start}"
