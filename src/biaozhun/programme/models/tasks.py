"""The leadership group's supervision (四 保障措施): its members, the tasks it assigns to
departments and districts, and their progress updates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from biaozhun.accounts.models import District, Organisation

from .common import V, bi_invalid
from .targets import Target


class GroupMember(models.Model):
    """A person on the leadership group, for a member department."""

    class Position(models.TextChoices):
        LEADER = "leader", "组长 leader"
        DEPUTY = "deputy", "副组长 deputy leader"
        MEMBER = "member", "成员 member"
        LIAISON = "liaison", "联络员 liaison"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=V("成员单位", "Department"),
    )
    name = models.CharField(V("姓名", "Name"), max_length=50)
    title = models.CharField(V("职务", "Title"), max_length=100, blank=True)
    position = models.CharField(V("小组职务", "Position"), max_length=20, choices=Position.choices)
    phone = models.CharField(V("电话", "Phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["position", "organisation"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Task(models.Model):
    """A task the leadership group assigns to a department or a district, with a deadline."""

    class Status(models.TextChoices):
        OPEN = "open", "进行中 open"
        DONE = "done", "已完成 done"

    title = models.CharField(V("任务", "Task"), max_length=200)
    description = models.TextField(V("说明", "Description"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V("责任部门", "Responsible department"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V("责任地区", "Responsible district"),
    )
    target = models.ForeignKey(
        Target,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=V("相关目标", "Target"),
    )
    deadline = models.DateField(V("截止日期", "Deadline"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["deadline"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.organisation_id and not self.district_id:
            raise ValidationError(
                {
                    "organisation": bi_invalid(
                        "请指定责任部门或责任地区。",
                        "Assign the task to a department or a district.",
                        "assignee_required",
                    )
                }
            )

    def is_late(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.status == self.Status.DONE:
            return bool(self.done_on and self.done_on > self.deadline)
        return self.deadline < today

    @property
    def contacts(self) -> list[GroupMember]:
        """The leadership-group members of the responsible department (who to call)."""
        if not self.organisation_id:
            return []
        return list(GroupMember.objects.filter(organisation_id=self.organisation_id))

    @property
    def responsible(self) -> str:
        parts = [str(x) for x in (self.organisation, self.district) if x is not None]
        return " / ".join(parts)


def progress_upload_to(instance: Any, filename: str) -> str:
    return f"programme/tasks/{instance.task_id}/{filename}"


class ProgressUpdate(models.Model):
    """A progress report on a task, with an optional attachment."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(V("进展说明", "Progress note"))
    percent = models.PositiveSmallIntegerField(
        V("完成比例 %", "Percent complete"), validators=[MaxValueValidator(100)]
    )
    attachment = models.FileField(V("附件", "Attachment"), upload_to=progress_upload_to, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.task} {self.percent}%"
