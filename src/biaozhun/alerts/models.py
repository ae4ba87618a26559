"""The desk's alert settings and the alerts matched from WTO notifications. (Export profiles
moved to ``biaozhun.enterprises.profiles``.)"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from biaozhun.enterprises.models import Enterprise


class DeskSettings(models.Model):
    """The TBT desk's alert settings (a singleton, pk=1): the lead time the national enquiry
    point needs, in working days, and extra holidays / adjusted working days beyond the
    built-in Chinese calendar (core.workdays)."""

    lead_working_days = models.PositiveSmallIntegerField(
        "提前工作日 lead time (working days)",
        default=10,
        validators=[MaxValueValidator(60)],
    )
    extra_holidays = models.JSONField(
        "额外节假日 extra holidays", default=list, blank=True, help_text="ISO dates"
    )
    extra_workdays = models.JSONField(
        "调休上班日 extra working days", default=list, blank=True, help_text="ISO dates"
    )
    risks_refreshed_on = models.DateField(
        "风险等级刷新日期 risks refreshed on", null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "desk settings"
        verbose_name_plural = "desk settings"

    def __str__(self) -> str:
        return f"lead {self.lead_working_days} working days"


class AlertQuerySet(models.QuerySet["Alert"]):
    def open(self) -> AlertQuerySet:
        """Alerts that still apply (not withdrawn): what counts, lists and queues show."""
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self) -> AlertQuerySet:
        return self.filter(withdrawn_at__isnull=False)


class Alert(models.Model):
    """A notification that concerns an enterprise (one per enterprise and notification; a
    later addendum or corrigendum that changes dates or scope adds an :class:`AlertRevision`
    and re-opens the alert instead of creating another).

    Withdrawn (``withdrawn_at`` set): the notification itself was withdrawn, or a later
    document narrowed its scope so that it no longer concerns the enterprise. A withdrawn
    alert is kept (with its history) but is not open: it is not counted, not red, and not in
    any queue; a later document that brings the enterprise back into scope re-opens it."""

    class Risk(models.TextChoices):
        RED = "red", "红色 red"
        ORANGE = "orange", "橙色 orange"
        YELLOW = "yellow", "黄色 yellow"

    class Feedback(models.TextChoices):
        NONE = "", "未反馈 no feedback"
        RELEVANT = "relevant", "相关 relevant"
        NOT_RELEVANT = "not_relevant", "不相关 not relevant"

    class Withdrawn(models.TextChoices):
        NOTIFICATION_WITHDRAWN = "notification_withdrawn", "通报已撤回 notification withdrawn"
        OUT_OF_SCOPE = "out_of_scope", "不再适用 no longer applies"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="alerts")
    notification = models.ForeignKey(
        "tbt.Notification", on_delete=models.CASCADE, related_name="alerts"
    )
    score = models.FloatField("相关度 relevance")
    reasons = models.JSONField("匹配原因 reasons", default=list)
    risk = models.CharField("风险等级 risk", max_length=10, choices=Risk.choices)
    comment_deadline = models.DateField("评议截止 final date for comments", null=True, blank=True)
    entry_into_force = models.DateField("拟生效日期 entry into force", null=True, blank=True)
    internal_deadline = models.DateField("内部截止 internal deadline", null=True, blank=True)
    revision = models.PositiveSmallIntegerField("版次 revision", default=1)
    fingerprint = models.CharField(max_length=64)
    read_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    feedback = models.CharField(max_length=20, choices=Feedback.choices, blank=True, default="")
    feedback_note = models.CharField(max_length=1000, blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField("撤回时间 withdrawn at", null=True, blank=True)
    withdrawn_reason = models.CharField(
        "撤回原因 withdrawn because",
        max_length=30,
        choices=Withdrawn.choices,
        blank=True,
        default="",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "notification"], name="one_alert_per_enterprise_notification"
            )
        ]
        indexes = [
            models.Index(fields=["enterprise", "risk", "read_at"]),
            models.Index(fields=["notification", "risk"]),
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} → {self.enterprise_id} ({self.risk})"


class AlertRevision(models.Model):
    """One delivery of an alert: number 1 when it was created, 2... for each re-alert caused
    by a document (addendum, corrigendum, revision) that changed dates or scope, and for each
    withdrawal (``changes["withdrawn"]`` is then the reason)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    source = models.ForeignKey(
        "tbt.Notification", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_symbol = models.CharField(max_length=60)
    fingerprint = models.CharField(max_length=64)
    changes = models.JSONField(default=dict, blank=True)
    score = models.FloatField()
    risk = models.CharField(max_length=10, choices=Alert.Risk.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["alert", "number"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "number"], name="one_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} #{self.number} {self.source_symbol}"
