"""The notification outbox: messages, their deliveries per recipient × channel, the attempts
made, channel endpoints, per-user preferences and the desk's dead-letter tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .outbound import describe

URGENCY_RANK = {"red": 4, "orange": 3, "yellow": 2, "info": 1}


class Urgency(models.TextChoices):
    RED = "red", "红色 red"
    ORANGE = "orange", "橙色 orange"
    YELLOW = "yellow", "黄色 yellow"
    INFO = "info", "提示 info"


class Channel(models.TextChoices):
    INAPP = "inapp", "站内 in-app"
    EMAIL = "email", "电子邮件 e-mail"
    WECOM = "wecom", "企业微信机器人 WeCom robot"
    DINGTALK = "dingtalk", "钉钉机器人 DingTalk robot"
    FEISHU = "feishu", "飞书机器人 Feishu robot"
    WEBHOOK = "webhook", "签名 Webhook signed webhook"


# Channels whose receiver can recognise a repeated send (Message-ID, Idempotency-Key header):
# a delivery left "sending" by a crashed worker is sent again only on these.
DEDUPABLE_CHANNELS = frozenset({Channel.EMAIL, Channel.WEBHOOK, Channel.INAPP})


class Message(models.Model):
    """One notification: what happened, for whom, how urgent. Written in the caller's
    transaction by ``services.publish``; ``dedupe_key`` makes publishing idempotent."""

    kind = models.SlugField("类型 kind", max_length=50)
    urgency = models.CharField("紧急程度 urgency", max_length=10, choices=Urgency.choices)
    urgency_rank = models.PositiveSmallIntegerField(default=1)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title_zh = models.CharField(max_length=300)
    title_en = models.CharField(max_length=400)
    body_zh = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    source_type = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["enterprise", "-created_at"])]

    def __str__(self) -> str:
        return self.title_zh


class ChannelEndpoint(models.Model):
    """Where a robot or webhook channel sends: owned by one user or by an enterprise (then one
    delivery per message goes to the enterprise's group, not one per user)."""

    kind = models.CharField(
        "渠道 channel",
        max_length=20,
        choices=[c for c in Channel.choices if c[0] not in {"inapp", "email"}],
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notify_endpoints",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notify_endpoints",
    )
    label = models.CharField("名称 label", max_length=100, blank=True)
    target = models.CharField("地址 target URL / key", max_length=500)
    secret = models.CharField("密钥 secret", max_length=200, blank=True)
    min_urgency = models.CharField(
        "最低紧急程度 minimum urgency", max_length=10, choices=Urgency.choices, default="info"
    )
    active = models.BooleanField("启用 active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                name="endpoint_has_one_owner",
                condition=(models.Q(user__isnull=False) & models.Q(enterprise__isnull=True))
                | (models.Q(user__isnull=True) & models.Q(enterprise__isnull=False)),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.label or self.pk}"


class Preference(models.Model):
    """A user's choices: channels per kind and urgency, quiet hours, instant or digest."""

    class Mode(models.TextChoices):
        INSTANT = "instant", "即时 instant"
        DAILY = "daily", "每日摘要 daily digest"
        WEEKLY = "weekly", "每周摘要 weekly digest"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preference"
    )
    # [{"kind": "*" | kind, "urgency": "*" | urgency, "channels": [channel, ...]}]: the first
    # matching rule decides; no match means every channel. In-app is always on.
    rules = models.JSONField(default=list, blank=True)
    quiet_start = models.TimeField("免打扰开始 quiet hours from", null=True, blank=True)
    quiet_end = models.TimeField("免打扰结束 quiet hours until", null=True, blank=True)
    red_overrides_quiet = models.BooleanField("红色预警不受免打扰限制 red overrides", default=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.INSTANT)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} {self.mode}"


class Delivery(models.Model):
    """One message to one recipient over one channel: the outbox row a worker claims."""

    class Status(models.TextChoices):
        PENDING = "pending", "待发送 pending"
        SENDING = "sending", "发送中 sending"
        RETRY = "retry", "等待重试 waiting to retry"
        HELD = "held", "等待摘要 held for digest"
        SENT = "sent", "已发送 sent"
        DEAD = "dead", "发送失败 dead letter"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notify_deliveries",
    )
    endpoint = models.ForeignKey(
        ChannelEndpoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.CharField(max_length=500, blank=True)  # e-mail address or endpoint target
    recipient = models.CharField(max_length=100)  # "user:12", "contact:5", "endpoint:7"
    idempotency_key = models.CharField(max_length=64, unique=True)
    urgency_rank = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    attempt_id = models.CharField(max_length=32, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # set (and committed) just before a robot send: after a crash, a claimed robot delivery
    # without it was never tried and is simply retried; with it the outcome is unknown
    handed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    # read receipts (in-app rows; a tracked e-mail click marks the in-app row too)
    opened_at = models.DateTimeField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["user", "channel", "id"]),
        ]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.message_id} {self.channel} {self.recipient} {self.status}"

    @property
    def error_text(self) -> str:
        """The last error in the active language (a classified outcome, never a reply)."""
        return describe(self.last_error)


class DeliveryAttempt(models.Model):
    """One try to hand a delivery to its channel: the delivery log."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    number = models.PositiveSmallIntegerField()
    attempt_id = models.CharField(max_length=32)
    started_at = models.DateTimeField()
    duration_ms = models.FloatField(default=0)
    ok = models.BooleanField(default=False)
    response = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["delivery", "number", "id"]

    def __str__(self) -> str:
        return f"{self.delivery_id}#{self.number} {'ok' if self.ok else 'failed'}"

    @property
    def response_text(self) -> str:
        """The outcome in the active language (a classified outcome, never a reply)."""
        return describe(self.response)


class DeskTask(models.Model):
    """A dead letter raised to the desk: a delivery that could not be made."""

    delivery = models.OneToOneField(Delivery, on_delete=models.CASCADE, related_name="desk_task")
    reason_zh = models.CharField(max_length=300)
    reason_en = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=20, blank=True)  # "retried" or "dismissed"

    class Meta:
        ordering = ["resolved_at", "-created_at"]

    def __str__(self) -> str:
        return f"{self.delivery} {self.reason_en}"


class Wakeup(models.Model):
    """When the next deferred drain (or digest) is scheduled, so retries wake one task, not one
    per failed delivery."""

    name = models.CharField(max_length=40, unique=True)
    due_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} {self.due_at}"
