"""Reads of enquiries and the knowledge base, always through the user's scope: the
enterprise sees its own enquiries, an expert those assigned to them, a district officer its
district's, the bureau all; the knowledge base (published answers, anonymised on request) is
open to anyone signed in. Also the station's response figures (per expert, overall).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from biaozhun.accounts.models import User
from biaozhun.accounts.scoping import Scope
from biaozhun.catalogue.models import Standard
from biaozhun.catalogue.selectors import find_by_canonical
from biaozhun.common.errors import NotFound

from ..models import Enquiry
from ..station import is_desk, signed_in


def expert_by_id(pk: int) -> User | None:
    """The user an enquiry is to be assigned to (the service checks that it is an expert)."""
    return User.objects.filter(pk=pk).first()


def standard_by_designation(text: str) -> Standard | None:
    """The catalogue standard an enquiry names by its designation (None if not catalogued)."""
    return find_by_canonical(text)


def visible_enquiries(user: User) -> QuerySet[Enquiry]:
    qs = Enquiry.objects.select_related(
        "enterprise", "notification", "standard", "expert", "asked_by"
    )
    if is_desk(user):
        return qs
    if getattr(user, "role", "") == "expert":
        return qs.filter(expert_id=user.pk)
    return Scope.for_user(user).apply(
        qs, enterprise_field="enterprise", district_field="enterprise__district"
    )


def get_enquiry(user: User, pk: int) -> Enquiry:
    enquiry = visible_enquiries(user).filter(pk=pk).first()
    if enquiry is None:
        raise NotFound("咨询", "enquiry")
    return enquiry


def knowledge_base(
    user: User, *, q: str = "", market: str = "", notification: int | None = None
) -> QuerySet[Enquiry]:
    if not signed_in(user):
        return Enquiry.objects.none()
    qs = Enquiry.objects.filter(published=True, state=Enquiry.State.ANSWERED).select_related(
        "notification", "standard", "enterprise"
    )
    for term in q.split():
        qs = qs.filter(
            Q(kb_subject__icontains=term)
            | Q(kb_question__icontains=term)
            | Q(kb_answer__icontains=term)
            | Q(notification__symbol__icontains=term)
            | Q(standard__canonical__icontains=term)
            | Q(market__iexact=term)
        )
    if market:
        qs = qs.filter(market=market.strip().upper())
    if notification:
        qs = qs.filter(notification_id=notification)
    return qs.order_by("-published_at", "-id")


def get_kb_entry(user: User, pk: int) -> Enquiry:
    entry = knowledge_base(user).filter(pk=pk).first()
    if entry is None:
        raise NotFound("知识库条目", "knowledge-base entry")
    return entry


@dataclass
class ResponseStats:
    answered: int
    open: int
    within_target: int
    median_hours: float | None
    mean_rating: float | None

    @property
    def within_share(self) -> float | None:
        return round(self.within_target / self.answered, 3) if self.answered else None


def expert_stats(qs: QuerySet[Enquiry]) -> list[tuple[User, ResponseStats]]:
    """Response figures per assigned expert (the bureau's view of the station's work)."""
    ids = set(qs.exclude(expert=None).values_list("expert_id", flat=True))
    experts = User.objects.filter(pk__in=ids).order_by("display_name", "username")
    return [(e, response_stats(qs.filter(expert=e))) for e in experts]


def response_stats(qs: QuerySet[Enquiry]) -> ResponseStats:
    answered = list(
        qs.filter(state=Enquiry.State.ANSWERED).values_list(
            "response_hours", "target_hours", "rating"
        )
    )
    hours = [h for h, _, _ in answered if h is not None]
    ratings = [r for _, _, r in answered if r is not None]
    return ResponseStats(
        answered=len(answered),
        open=qs.exclude(state=Enquiry.State.ANSWERED).count(),
        within_target=sum(1 for h, t, _ in answered if h is not None and h <= t),
        median_hours=round(statistics.median(hours), 2) if hours else None,
        mean_rating=round(statistics.fmean(ratings), 2) if ratings else None,
    )


# ----------------------------------------------------------------------------- regulations


def public_knowledge_base(q: str = "") -> QuerySet[Enquiry]:
    """The knowledge base for the public portal: the published, answered entries whose
    enterprise asked to stay anonymous; the portal shows the published subject, question and
    answer only, never the enterprise, the asker or the expert."""
    qs = Enquiry.objects.filter(
        published=True, state=Enquiry.State.ANSWERED, anonymise=True
    ).select_related("notification", "standard")
    for term in q.split():
        qs = qs.filter(
            Q(kb_subject__icontains=term)
            | Q(kb_question__icontains=term)
            | Q(kb_answer__icontains=term)
            | Q(notification__symbol__icontains=term)
            | Q(standard__canonical__icontains=term)
        )
    return qs.order_by("-published_at", "-id")


def get_public_kb_entry(pk: int) -> Enquiry:
    entry = public_knowledge_base().filter(pk=pk).first()
    if entry is None:
        raise NotFound("知识库条目", "knowledge-base entry")
    return entry
