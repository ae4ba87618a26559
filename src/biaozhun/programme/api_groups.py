"""The programme API's leading groups (members, meetings and their decisions) and training
sign-ups, mounted on the programme router (``/api/programme/``); the registries and targets
are in ``api.py``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema, Status

from biaozhun.accounts.models import District, Organisation
from biaozhun.common.errors import DomainError
from biaozhun.common.http import AuthedRequest

from . import meetings, selectors, services, signups
from .filters import GroupFilter, MeetingWindow, SignupWindow
from .models import (
    GroupMeeting,
    GroupMember,
    Target,
    TrainingSession,
    TrainingSignup,
)

router = Router(tags=["programme 规划目标"])


# --- leading groups: members, meetings, decisions ----------------------------------------------


class MemberIn(Schema):
    district: str = Field(max_length=20)
    unit: str = Field(max_length=200)
    name: str = Field(max_length=50)
    title: str = Field("", max_length=100)
    position: str = Field(max_length=20)
    phone: str = Field("", max_length=30)


class MemberOut(Schema):
    id: int
    district: str | None
    unit: str
    name: str
    title: str
    position: str
    phone: str


def _member_out(m: GroupMember) -> dict[str, Any]:
    return {
        "id": m.pk,
        "district": m.district.code if m.district else None,
        "unit": m.unit_name,
        "name": m.name,
        "title": m.title,
        "position": m.position,
        "phone": m.phone,
    }


def _district(code: str, field: str = "district") -> District:
    found = District.objects.filter(code=code).first() if code else None
    if found is None:
        raise DomainError(
            "unknown_district",
            f"地区代码 {code} 不存在。",
            f"Unknown district code {code}.",
            {"field": field},
        )
    return found


@router.get("/groups", response=list[MemberOut], summary="Leading groups' members 领导小组成员")
def group_members(request: AuthedRequest, filters: Query[GroupFilter]) -> list[dict[str, Any]]:
    return [
        _member_out(m)
        for m in selectors.visible_group_members(request.user, district=filters.district)[:500]
    ]


@router.post(
    "/groups",
    response={201: MemberOut},
    summary="Add a county/district group member 登记县区领导小组成员",
)
def add_group_member(request: AuthedRequest, payload: MemberIn) -> Status[Any]:
    selectors.require_registry_reader(request.user)
    values = payload.dict()
    values["district"] = _district(values["district"])
    member = services.add_group_member(request.user, **values)
    return Status(201, _member_out(member))


class MeetingIn(Schema):
    district: str = Field("", max_length=20)
    title: str = Field(max_length=200)
    held_on: date
    chair: str = Field(max_length=50)
    location: str = Field("", max_length=200)
    attendees: str = Field("", max_length=5000)
    minutes: str = Field("", max_length=20000)


class TaskIn(Schema):
    title: str = Field(max_length=200)
    description: str = Field("", max_length=5000)
    organisation: int | None = None
    district: str = Field("", max_length=20)
    target: int | None = None
    deadline: date


class DecisionIn(Schema):
    text: str = Field(max_length=5000)
    tasks: list[TaskIn] = Field(default_factory=list, max_length=meetings.MAX_TASKS)


class DecisionOut(Schema):
    id: int
    number: int
    text: str
    tasks: list[int]


class MeetingOut(Schema):
    id: int
    district: str | None
    title: str
    held_on: date
    chair: str
    location: str
    decisions: list[DecisionOut]


def _meeting_out(m: GroupMeeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "district": m.district.code if m.district else None,
        "title": m.title,
        "held_on": m.held_on,
        "chair": m.chair,
        "location": m.location,
        "decisions": [
            {
                "id": d.pk,
                "number": d.number,
                "text": d.text,
                "tasks": [t.pk for t in d.tasks.all()],
            }
            for d in m.decisions.all()
        ],
    }


@router.get("/meetings", response=list[MeetingOut], summary="Leading group meetings 领导小组会议")
def meeting_list(request: AuthedRequest, filters: Query[MeetingWindow]) -> list[dict[str, Any]]:
    qs = selectors.visible_meetings(
        request.user, district=filters.district, year=filters.year, q=filters.q
    ).prefetch_related("decisions__tasks")
    return [_meeting_out(m) for m in qs[filters.offset : filters.offset + filters.limit]]


@router.get("/meetings/{meeting_id}", response=MeetingOut, summary="One meeting 会议详情")
def meeting_get(request: AuthedRequest, meeting_id: int) -> dict[str, Any]:
    return _meeting_out(selectors.get_meeting(request.user, meeting_id))


@router.post("/meetings", response={201: MeetingOut}, summary="Record a meeting 登记会议")
def meeting_create(request: AuthedRequest, payload: MeetingIn) -> Status[Any]:
    selectors.require_registry_reader(request.user)
    values = payload.dict()
    code = values.pop("district")
    district = _district(code) if code else None
    meeting = meetings.record_meeting(request.user, district=district, **values)
    return Status(201, _meeting_out(meeting))


def _task_reference(
    queryset: QuerySet[Any], pk: int, index: int, field: str, zh: str, en: str
) -> Any:
    """The row ``pk`` of ``queryset`` named by task ``index`` of a decision, or the refusal
    that names the task and the field."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise DomainError(
            "unknown_reference",
            f"第 {index} 项任务{zh}。",
            f"Task {index}: {en}.",
            {"field": field, "task": index},
        )
    return found


@router.post(
    "/meetings/{meeting_id}/decisions",
    response={201: MeetingOut},
    summary="Record a decision and the tasks it creates 登记议定事项并交办任务",
)
def meeting_decide(request: AuthedRequest, meeting_id: int, payload: DecisionIn) -> Status[Any]:
    meeting = selectors.get_meeting(request.user, meeting_id)
    tasks = []
    for index, item in enumerate(payload.tasks, start=1):
        row: dict[str, Any] = {
            "title": item.title,
            "description": item.description,
            "deadline": item.deadline,
        }
        if item.organisation is not None:
            row["organisation"] = _task_reference(
                Organisation.objects.filter(leadership_group_member=True),
                item.organisation,
                index,
                "organisation",
                "的责任部门不存在或不是领导小组成员单位",
                "no such member department",
            )
        if item.district:
            row["district"] = _district(item.district)
        if item.target is not None:
            row["target"] = _task_reference(
                Target.objects.all(),
                item.target,
                index,
                "target",
                "的相关目标不存在",
                "no such target",
            )
        tasks.append(row)
    meetings.add_decision(request.user, meeting, text=payload.text, tasks=tasks)
    return Status(201, _meeting_out(selectors.get_meeting(request.user, meeting_id)))


# --- trainings and sign-ups ------------------------------------------------------------------


class TrainingOut(Schema):
    id: int
    title: str
    held_on: date
    location: str
    hours: float
    capacity: int | None
    taken: int
    signup_deadline: date | None
    open: bool


class SignupIn(Schema):
    participants: list[str] = Field(min_length=1, max_length=signups.MAX_PEOPLE)
    contact: str = Field("", max_length=30)


class SignupOut(Schema):
    id: int
    training: int
    enterprise: int
    participants: list[str]
    seats: int
    status: str


def _training_out(t: TrainingSession) -> dict[str, Any]:
    return {
        "id": t.pk,
        "title": t.title,
        "held_on": t.held_on,
        "location": t.location,
        "hours": float(t.hours),
        "capacity": t.capacity,
        "taken": signups.seats_taken(t),
        "signup_deadline": t.signup_deadline,
        "open": signups.open_for_signup(t),
    }


def _signup_out(s: TrainingSignup) -> dict[str, Any]:
    return {
        "id": s.pk,
        "training": s.session_id,
        "enterprise": s.enterprise_id,
        "participants": s.participant_list,
        "seats": s.seats,
        "status": s.status,
    }


@router.get(
    "/trainings/upcoming", response=list[TrainingOut], summary="Upcoming trainings 近期培训"
)
def trainings_upcoming(request: AuthedRequest) -> list[dict[str, Any]]:
    return [_training_out(t) for t in selectors.upcoming_trainings(request.user)[:200]]


@router.post(
    "/trainings/{training_id}/signups",
    response={201: SignupOut},
    summary="Sign the enterprise up 企业报名",
)
def training_signup(request: AuthedRequest, training_id: int, payload: SignupIn) -> Status[Any]:
    session = selectors.get_upcoming_training(request.user, training_id)
    signup = signups.sign_up(
        request.user, session, participants="\n".join(payload.participants), contact=payload.contact
    )
    return Status(201, _signup_out(signup))


@router.get("/trainings/{training_id}/roster", response=list[SignupOut], summary="Roster 报名名单")
def training_roster(request: AuthedRequest, training_id: int) -> list[dict[str, Any]]:
    _session, rows = selectors.roster(request.user, training_id)
    return [_signup_out(s) for s in rows]


@router.get("/signups", response=list[SignupOut], summary="Sign-ups (scoped) 报名记录")
def signup_list(request: AuthedRequest, filters: Query[SignupWindow]) -> list[dict[str, Any]]:
    qs = selectors.visible_signups(request.user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return [_signup_out(s) for s in qs[filters.offset : filters.offset + filters.limit]]


@router.post("/signups/{signup_id}/cancel", response=SignupOut, summary="Cancel 取消报名")
def signup_cancel(request: AuthedRequest, signup_id: int) -> dict[str, Any]:
    signup = selectors.get_signup(request.user, signup_id)
    return _signup_out(signups.cancel_signup(request.user, signup))
