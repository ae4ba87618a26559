"""The leading groups' meetings: a meeting record (city group or a county's/district's group),
its decisions (议定事项), and the programme tasks each decision creates, linked back to it.

The city group's meetings are written by its office (the bureau); a county's or district's
group's by the bureau or that district's officer, whose decisions create tasks for their own
district only."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max

from biaozhun.accounts.models import District, Organisation, User
from biaozhun.accounts.responsibility import require_writer
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import DomainError

from .models import GroupMeeting, MeetingDecision, Target, Task
from .services import _clean, _plain_fields

#: at most this many tasks from one decision (a form or an API call)
MAX_TASKS = 20


def _require_group_writer(actor: User, district: District | None) -> None:
    """The responsibility table's ``meetings`` row: the city's group is the bureau's (the
    group's office), a county's or district's group its own office's."""
    require_writer(
        actor, "meetings", district_id=district.pk if district else None, enterprise_id=None
    )


@transaction.atomic
def record_meeting(
    actor: User,
    *,
    district: District | None,
    title: str,
    held_on: date,
    chair: str,
    location: str = "",
    attendees: str = "",
    minutes: str = "",
) -> GroupMeeting:
    _require_group_writer(actor, district)
    meeting = GroupMeeting(
        district=district,
        title=title,
        held_on=held_on,
        chair=chair,
        location=location,
        attendees=attendees,
        minutes=minutes,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _clean(meeting)
    if meeting.held_on > date.today():
        raise DomainError(
            "future_date",
            "会议日期不能晚于今天(会议记录在会后登记)。",
            "A meeting is recorded after it is held: the date cannot be in the future.",
            {"field": "held_on"},
        )
    meeting.save()
    record_audit(
        actor,
        "programme.meeting.create",
        meeting,
        {"title": title, "held_on": held_on.isoformat(), "district": str(district or "")},
        district=district,
    )
    return meeting


def _task_values(meeting: GroupMeeting, raw: dict[str, Any], index: int) -> dict[str, Any]:
    known = {"title", "description", "organisation", "district", "target", "deadline"}
    unknown = set(raw) - known
    if unknown:
        raise DomainError(
            "unknown_fields",
            f"第 {index} 项任务有未知字段:{'、'.join(sorted(unknown))}。",
            f"Task {index} has unknown fields: {', '.join(sorted(unknown))}.",
            {"fields": sorted(unknown), "task": index},
        )
    values = dict(raw)
    organisation = values.get("organisation")
    if organisation is not None and not isinstance(organisation, Organisation):
        raise DomainError(
            "bad_type", "责任部门无效。", "The department is invalid.", {"task": index}
        )
    target = values.get("target")
    if target is not None and not isinstance(target, Target):
        raise DomainError("bad_type", "相关目标无效。", "The target is invalid.", {"task": index})
    if meeting.district_id is not None:
        # a county's or district's group assigns work inside its own county or district
        chosen = values.get("district")
        if chosen is not None and getattr(chosen, "pk", None) != meeting.district_id:
            raise DomainError(
                "other_district",
                "县(市、区)领导小组只能向本地区交办任务。",
                "A county's or district's group assigns tasks in its own area only.",
                {"field": "district", "task": index},
            )
        values["district"] = meeting.district
    return values


@transaction.atomic
def add_decision(
    actor: User, meeting: GroupMeeting, *, text: str, tasks: list[dict[str, Any]] | None = None
) -> MeetingDecision:
    """Record a decision of ``meeting`` and create the tasks it assigns (each linked back to
    the decision); nothing is stored when one of them is refused."""
    meeting = (
        GroupMeeting.objects.select_for_update(of=("self",))
        .select_related("district")
        .get(pk=meeting.pk)
    )
    _require_group_writer(actor, meeting.district)
    tasks = list(tasks or [])
    if len(tasks) > MAX_TASKS:
        raise DomainError(
            "too_many_tasks",
            f"一项议定事项最多交办 {MAX_TASKS} 项任务。",
            f"One decision creates at most {MAX_TASKS} tasks.",
            {"field": "tasks"},
        )
    number = (meeting.decisions.aggregate(n=Max("number"))["n"] or 0) + 1
    decision = MeetingDecision(meeting=meeting, number=number, text=text)
    _clean(decision)
    decision.save()
    created: list[Task] = []
    for index, raw in enumerate(tasks, start=1):
        values = _task_values(meeting, raw, index)
        task = Task(
            decision=decision,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **values,
        )
        try:
            _clean(task)
        except DomainError as exc:
            exc.details["task"] = index
            raise
        if task.deadline < meeting.held_on:
            raise DomainError(
                "deadline_before_meeting",
                f"第 {index} 项任务的截止日期早于会议日期。",
                f"Task {index} is due before the meeting was held.",
                {"field": "deadline", "task": index},
            )
        task.save()
        created.append(task)
        record_audit(
            actor, "programme.task.create", task, _plain_fields(values), district=task.district
        )
    record_audit(
        actor,
        "programme.meeting.decide",
        meeting,
        {"decision": number, "text": text[:200], "tasks": [t.pk for t in created]},
        district=meeting.district,
    )
    return decision
