"""Trainings reach people: an enterprise signs up for an upcoming training (places, deadline,
cancellation); the bureau sees the roster."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from biaozhun.enterprises.models import Enterprise

from .common import V
from .registries import TrainingSession


class TrainingSignup(models.Model):
    """One enterprise's sign-up for one training: the people it sends (one a line)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "已报名 signed up"
        CANCELLED = "cancelled", "已取消 cancelled"

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="signups")
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=V("企业", "Enterprise")
    )
    participants = models.TextField(V("参训人员(每行一人)", "Participants (one a line)"))
    seats = models.PositiveSmallIntegerField(V("人数", "People"))
    contact = models.CharField(V("联系电话", "Contact phone"), max_length=30, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enterprise"],
                condition=models.Q(status="active"),
                name="one_active_signup",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.session}"

    @property
    def participant_list(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]
