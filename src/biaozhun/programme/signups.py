"""Trainings reach people: an enterprise signs up for an upcoming training (the people it
sends, within the places left and before the deadline) and may cancel until the deadline; the
bureau (or the district's officer, for their enterprises) sees the roster."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.responsibility import may_write
from biaozhun.accounts.services import record_audit
from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.common.validation import clean_instance

from .models import TrainingSession, TrainingSignup

MAX_PEOPLE = 20


def open_for_signup(session: TrainingSession, today: date | None = None) -> bool:
    today = today or date.today()
    return bool(session.signup_deadline and today <= session.signup_deadline)


def seats_taken(session: TrainingSession) -> int:
    return sum(
        session.signups.filter(status=TrainingSignup.Status.ACTIVE).values_list("seats", flat=True)
    )


def _people(participants: str) -> list[str]:
    names = [line.strip() for line in (participants or "").splitlines() if line.strip()]
    if not names:
        raise DomainError(
            "participants_required",
            "请填写参训人员(每行一人)。",
            "Name the participants (one a line).",
            {"field": "participants"},
        )
    if len(names) > MAX_PEOPLE:
        raise DomainError(
            "too_many_people",
            f"一家企业一次最多报名 {MAX_PEOPLE} 人。",
            f"An enterprise signs up at most {MAX_PEOPLE} people at once.",
            {"field": "participants"},
        )
    if any(len(name) > 50 for name in names):
        raise DomainError(
            "name_too_long",
            "每位参训人员的姓名不超过 50 个字符。",
            "Each participant's name has at most 50 characters.",
            {"field": "participants"},
        )
    if len(set(names)) != len(names):
        raise DomainError(
            "duplicate_people",
            "参训人员名单有重复。",
            "A participant is listed twice.",
            {"field": "participants"},
        )
    return names


@transaction.atomic
def sign_up(
    actor: User, session: TrainingSession, *, participants: str, contact: str = ""
) -> TrainingSignup:
    """The actor's enterprise signs up for ``session``."""
    # the responsibility table's "training-signups" row: an enterprise signs itself up
    if not actor.enterprise_id or (
        may_write(actor, "training-signups", enterprise_id=actor.enterprise_id) != "enterprise"
    ):
        raise PermissionDenied(
            "只有企业用户可以为本企业报名培训。",
            "Only an enterprise's users sign it up for trainings.",
        )
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if not open_for_signup(session):
        raise DomainError(
            "signup_closed",
            "该培训不开放报名或报名已截止。",
            "This training is not open for sign-up, or the deadline has passed.",
        )
    names = _people(participants)
    existing = session.signups.filter(
        enterprise_id=actor.enterprise_id, status=TrainingSignup.Status.ACTIVE
    ).first()
    if existing is not None:
        raise DomainError(
            "already_signed_up",
            "本企业已报名该培训;如需更改人员,请先取消报名再重新报名。",
            "Your enterprise is already signed up; cancel first to change the people.",
        )
    if session.capacity is not None:
        left = session.capacity - seats_taken(session)
        if len(names) > left:
            raise DomainError(
                "no_places",
                f"名额不足:仅剩 {max(left, 0)} 个名额。",
                f"Not enough places: {max(left, 0)} left.",
                {"field": "participants", "left": max(left, 0)},
            )
    signup = TrainingSignup(
        session=session,
        enterprise_id=actor.enterprise_id,
        participants="\n".join(names),
        seats=len(names),
        contact=(contact or "").strip(),
        signed_by=actor,
    )
    clean_instance(signup)
    signup.save()
    record_audit(
        actor,
        "programme.training.signup",
        session,
        {"enterprise": actor.enterprise_id, "seats": len(names)},
        district=session.district,
    )
    return signup


@transaction.atomic
def cancel_signup(actor: User, signup: TrainingSignup) -> TrainingSignup:
    """The enterprise cancels its sign-up until the deadline; the bureau at any time before
    the training."""
    signup = TrainingSignup.objects.select_for_update().select_related("session").get(pk=signup.pk)
    own = getattr(actor, "enterprise_id", None) == signup.enterprise_id and (
        getattr(actor, "role", "") == "enterprise_user"
    )
    bureau = bool(getattr(actor, "is_bureau", False))
    if not own and not bureau:
        raise PermissionDenied(
            "只能取消本企业的报名。", "You can only cancel your own enterprise's sign-up."
        )
    if signup.status == TrainingSignup.Status.CANCELLED:
        raise DomainError(
            "already_cancelled", "该报名已取消。", "This sign-up is already cancelled."
        )
    today = date.today()
    if own and not bureau and not open_for_signup(signup.session, today):
        raise DomainError(
            "signup_closed",
            "报名已截止,不能再取消;请联系主办单位。",
            "The sign-up deadline has passed: ask the organiser to cancel.",
        )
    if bureau and signup.session.held_on < today:
        raise DomainError(
            "training_held",
            "培训已举办,报名不能取消。",
            "The training has been held: the sign-up stays.",
        )
    signup.status = TrainingSignup.Status.CANCELLED
    signup.cancelled_at = timezone.now()
    signup.save(update_fields=["status", "cancelled_at"])
    record_audit(
        actor,
        "programme.training.cancel",
        signup.session,
        {"enterprise": signup.enterprise_id, "seats": signup.seats},
        district=signup.session.district,
    )
    return signup
