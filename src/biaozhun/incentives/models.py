"""Incentives (四.3 激励): policy versions, applications and their review, awards, payments and
budgets.

The rules live in ``biaozhun.core.incentives``; this app stores a policy version as the JSON the
engine reads (``policy_to_dict``), applications as the facts the engine decides on, and the
decision the engine returned (``decision_to_dict``) next to the reviewers' own decision.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from biaozhun.accounts.models import District
from biaozhun.core.incentives import Policy as CorePolicy
from biaozhun.core.incentives import policy_from_dict
from biaozhun.enterprises.models import Enterprise

KIND_CHOICES = [
    ("standard_drafting", "标准研制资助 standard drafting"),
    ("adoption_export", "采标产品出口奖励 adoption with export"),
    ("technical_committee", "标准化技术委员会奖励 technical committee"),
]

KIND_LABELS: dict[str, tuple[str, str]] = {
    "standard_drafting": ("标准研制资助", "Standard drafting"),
    "adoption_export": ("采标产品出口奖励", "Adoption with export"),
    "technical_committee": ("标准化技术委员会奖励", "Technical committee"),
}


class Policy(models.Model):
    """One version of a payer's incentive policy. A version referenced by an application is
    never edited: a change is a new version with its own validity period."""

    name = models.CharField("政策名称 name", max_length=200)
    name_en = models.CharField("英文名称 English name", max_length=300)
    version = models.CharField("版本 version", max_length=40)
    payer_code = models.CharField("支付方代码 payer code", max_length=40, db_index=True)
    payer_name_zh = models.CharField(max_length=100)
    payer_name_en = models.CharField(max_length=200)
    jurisdiction_kind = models.CharField(max_length=10)  # "city" | "county"
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incentive_policies",
        help_text="县级政策所属县(市);市级政策为空 / the county of a county policy",
    )
    valid_from = models.DateField("生效日期 valid from")
    valid_to = models.DateField("截止日期 valid to", null=True, blank=True)
    example = models.BooleanField("示例 example", default=False)
    body = models.JSONField("政策数据 policy data")
    note = models.CharField("说明 note", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["payer_code", "-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="incentive_policy_version")
        ]
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    def as_core(self) -> CorePolicy:
        return policy_from_dict(self.body)


class Application(models.Model):
    """An enterprise's application for one award, with the engine's pre-computed decision."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿 draft"
        SUBMITTED = "submitted", "已提交 submitted"
        DISTRICT_REVIEW = "district_review", "县(市、区)审核 district review"
        BUREAU_REVIEW = "bureau_review", "市局审核 bureau review"
        APPROVED = "approved", "已批准 approved"
        REJECTED = "rejected", "未批准 rejected"
        PAID = "paid", "已兑付 paid"
        WITHDRAWN = "withdrawn", "已撤回 withdrawn"

    reference = models.CharField("申请编号 reference", max_length=30, unique=True)
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="incentive_applications"
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="incentive_applications",
        help_text="纳税关系所在地(决定审核与支付方)/ the tax district, which decides the payer",
    )
    kind = models.CharField("类别 kind", max_length=30, choices=KIND_CHOICES)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    year = models.PositiveSmallIntegerField("奖励年度 award year")
    application_date = models.DateField("申请日期 application date")
    facts = models.JSONField("申请事实 facts", default=dict)
    standard = models.ForeignKey(
        "catalogue.Standard",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incentive_applications",
        help_text="标准目录中的标准(若有)/ the catalogue's standard, when it has it",
    )
    subject_key = models.CharField(max_length=400, db_index=True)
    subject = models.CharField("申请对象 subject", max_length=300)
    decision = models.JSONField("预审结论 computed decision", default=dict)
    eligible = models.BooleanField(default=False)
    computed_amount = models.PositiveIntegerField(null=True, blank=True)
    cap = models.PositiveIntegerField(null=True, blank=True)
    payer_code = models.CharField(max_length=40, blank=True, db_index=True)
    policy = models.ForeignKey(
        Policy, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    approved_amount = models.PositiveIntegerField("核定金额 approved amount", null=True, blank=True)
    decision_note = models.CharField("审核意见 note", max_length=1000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    example = models.BooleanField("示例 example", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["district", "state"]),
            models.Index(fields=["enterprise", "kind", "subject_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def kind_zh(self) -> str:
        return KIND_LABELS[self.kind][0]

    @property
    def kind_en(self) -> str:
        return KIND_LABELS[self.kind][1]

    @property
    def payer_is_county(self) -> bool:
        return self.payer_code.startswith("county:")

    @property
    def paid_amount(self) -> int:
        return sum(p.amount for p in self.payments.all())

    @property
    def failed_checks(self) -> list[dict[str, Any]]:
        return [c for c in self.decision.get("checks", []) if not c.get("passed")]


class Attachment(models.Model):
    """Evidence attached to an application (drafting rank, export sales, committee approval)."""

    class Kind(models.TextChoices):
        DRAFTING = "drafting", "起草排名证明 drafting rank evidence"
        PUBLICATION = "publication", "批准发布文件 approval and publication"
        EXPORT = "export", "出口销售证明 export sales evidence"
        COMMITTEE = "committee", "技术委员会批复 committee approval"
        OTHER = "other", "其他 other"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(upload_to="incentives/%Y/")
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Step(models.Model):
    """One step of an application's history: who moved it from which state to which, and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    note = models.CharField(max_length=1000, blank=True)
    amount = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application.reference} {self.action}"


class Award(models.Model):
    """A granted award key (``standard:…``, ``product:…``, ``committee:…``): the engine's
    duplicate check reads these as the enterprise's prior awards. Awards granted before the
    platform (paper records) are imported without an application."""

    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="awards"
    )
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    key = models.CharField(max_length=400)
    year = models.PositiveSmallIntegerField()
    amount = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField("说明 note", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "kind", "key"], name="one_award_per_key")
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def origin(self) -> str:
        return self.application.reference if self.application else "历史记录 imported record"


class Payment(models.Model):
    """Money paid on an approved application."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    payer_code = models.CharField(max_length=40, db_index=True)
    paid_on = models.DateField("支付日期 paid on")
    voucher_number = models.CharField("凭证号 voucher number", max_length=60)
    amount = models.PositiveIntegerField("金额 amount")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["payer_code", "voucher_number"], name="one_voucher_per_payer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.voucher_number} {self.amount}"


class Budget(models.Model):
    """The sum a payer (city finance or a county's) sets aside for incentives in a year."""

    year = models.PositiveSmallIntegerField("年度 year")
    payer_code = models.CharField("支付方 payer", max_length=40)
    payer_name_zh = models.CharField(max_length=100)
    payer_name_en = models.CharField(max_length=200)
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveBigIntegerField("预算金额 amount")
    note = models.CharField("说明 note", max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "payer_code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "payer_code"], name="one_budget_per_payer_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.payer_name_zh}"
