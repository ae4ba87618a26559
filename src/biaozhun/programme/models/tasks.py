"""The leadership group's supervision (四 保障措施): its members, the tasks it assigns to
departments and districts, and their progress updates; each county's and district's own
leading group (各县(市、区)成立相应的组织机构); the groups' meetings, their decisions and the
tasks the decisions create.
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
    """A person on the city's leadership group (for a member department), or on a county's or
    district's leading group (``district`` set; the unit named in ``unit``)."""

    class Position(models.TextChoices):
        LEADER = "leader", "组长 leader"
        DEPUTY = "deputy", "副组长 deputy leader"
        MEMBER = "member", "成员 member"
        LIAISON = "liaison", "联络员 liaison"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V("成员单位", "Department"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V("县(市、区)领导小组", "County/district group"),
    )
    unit = models.CharField(
        V("成员单位(县区)", "Member unit (county/district)"), max_length=200, blank=True
    )
    name = models.CharField(V("姓名", "Name"), max_length=50)
    title = models.CharField(V("职务", "Title"), max_length=100, blank=True)
    position = models.CharField(V("小组职务", "Position"), max_length=20, choices=Position.choices)
    phone = models.CharField(V("电话", "Phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["district", "position", "organisation"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit_name})"

    @property
    def unit_name(self) -> str:
        return self.unit or (str(self.organisation) if self.organisation_id else "")

    def clean(self) -> None:
        if self.district_id is None and not self.organisation_id:
            raise ValidationError(
                {
                    "organisation": bi_invalid(
                        "市领导小组成员须选择成员单位。",
                        "A member of the city's group needs the member department.",
                        "required",
                    )
                }
            )
        if self.district_id is not None and not self.unit.strip() and not self.organisation_id:
            raise ValidationError(
                {
                    "unit": bi_invalid(
                        "县(市、区)领导小组成员须填写成员单位。",
                        "A member of a county's or district's group needs the member unit.",
                        "required",
                    )
                }
            )


class GroupMeeting(models.Model):
    """A meeting of the city's leadership group (``district`` empty) or of a county's or
    district's leading group, with its decisions."""

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V(
            "县(市、区)领导小组(空 = 市领导小组)", "County/district group (blank = city)"
        ),
    )
    title = models.CharField(V("会议名称", "Meeting"), max_length=200)
    held_on = models.DateField(V("会议日期", "Held on"))
    location = models.CharField(V("地点", "Location"), max_length=200, blank=True)
    chair = models.CharField(V("主持人", "Chair"), max_length=50)
    attendees = models.TextField(V("出席人员", "Attendees"), blank=True)
    minutes = models.TextField(V("会议纪要", "Minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    @property
    def group_name(self) -> tuple[str, str]:
        if self.district_id is None:
            return "市实施技术标准战略领导小组", "City leadership group"
        district = self.district
        assert district is not None
        return f"{district.name_zh}领导小组", f"{district.name_en} leading group"


class MeetingDecision(models.Model):
    """A decision of a meeting (议定事项); the tasks it creates point back to it."""

    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(V("序号", "No."))
    text = models.TextField(V("议定事项", "Decision"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_decision_number")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.number}"


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
    decision = models.ForeignKey(
        "MeetingDecision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=V("来源:会议议定事项", "From the meeting decision"),
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
