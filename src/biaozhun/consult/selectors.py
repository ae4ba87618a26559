"""Reads of the consultation station, always through the user's scope.

* comments: an enterprise user sees its own enterprise's, a district officer those of its
  district's enterprises, the desk (bureau) all; experts none;
* enquiries: the enterprise its own, an expert those assigned to them, a district officer its
  district's, the bureau all;
* the knowledge base: published (answered, anonymised on request) enquiries, to anyone signed in;
* technical regulations and briefings: public to anyone signed in.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from biaozhun.accounts.scoping import Scope
from biaozhun.common.errors import NotFound
from biaozhun.core.codes import hs_overlap, ics_overlap

from .models import Comment, Enquiry, Submission, TechnicalRegulation
from .services import deadlines_for, desk_row, is_desk, week_bounds


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def visible_comments(user: Any) -> QuerySet[Comment]:
    qs = Comment.objects.select_related("notification", "enterprise", "submission", "author")
    if is_desk(user):
        return qs
    if getattr(user, "role", "") == "expert":
        return qs.none()
    return Scope.for_user(user).apply(
        qs, enterprise_field="enterprise", district_field="enterprise__district"
    )


def get_comment(user: Any, pk: int) -> Comment:
    comment = visible_comments(user).prefetch_related("evidence").filter(pk=pk).first()
    if comment is None:
        raise NotFound("评议意见", "comment")
    return comment


def visible_submissions(user: Any) -> QuerySet[Submission]:
    if not is_desk(user):
        return Submission.objects.none()
    return Submission.objects.select_related("notification")


def get_submission(user: Any, pk: int) -> Submission:
    submission = visible_submissions(user).filter(pk=pk).first()
    if submission is None:
        raise NotFound("汇总意见", "submission")
    return submission


@dataclass
class DueItem:
    notification: Any
    wto: date | None
    internal: date | None
    comments: list[Comment]
    submission: Submission | None


def due_this_week(user: Any, day: date) -> list[DueItem]:
    """Notifications whose internal or WTO deadline falls in ``day``'s week (Monday to
    Sunday) and that still have comments or a submission not sent, in the user's scope."""
    monday, sunday = week_bounds(day)
    comments = (
        visible_comments(user)
        .filter(state__in=[Comment.State.DRAFT, Comment.State.SUBMITTED])
        .filter(notification__comment_deadline__gte=monday)
    )
    by_n: dict[int, DueItem] = {}
    row = desk_row()
    for c in comments:
        n = c.notification
        if n.pk not in by_n:
            d = deadlines_for(n, row)
            by_n[n.pk] = DueItem(n, d.wto, d.internal, [], None)
        by_n[n.pk].comments.append(c)
    for s in visible_submissions(user).filter(
        state=Submission.State.DRAFT, notification__comment_deadline__gte=monday
    ):
        if s.notification_id not in by_n:
            d = deadlines_for(s.notification, row)
            by_n[s.notification_id] = DueItem(s.notification, d.wto, d.internal, [], s)
        else:
            by_n[s.notification_id].submission = s

    def in_week(d: date | None) -> bool:
        return d is not None and monday <= d <= sunday

    items = [i for i in by_n.values() if in_week(i.internal) or in_week(i.wto)]
    return sorted(items, key=lambda i: (i.internal or i.wto or sunday, i.notification.symbol))


def visible_enquiries(user: Any) -> QuerySet[Enquiry]:
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


def get_enquiry(user: Any, pk: int) -> Enquiry:
    enquiry = visible_enquiries(user).filter(pk=pk).first()
    if enquiry is None:
        raise NotFound("咨询", "enquiry")
    return enquiry


def knowledge_base(
    user: Any, *, q: str = "", market: str = "", notification: int | None = None
) -> QuerySet[Enquiry]:
    if not _signed_in(user):
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


def get_kb_entry(user: Any, pk: int) -> Enquiry:
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


def expert_stats(qs: QuerySet[Enquiry]) -> list[tuple[Any, ResponseStats]]:
    """Response figures per assigned expert (the bureau's view of the station's work)."""
    from biaozhun.accounts.models import User

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


def visible_regulations(user: Any) -> QuerySet[TechnicalRegulation]:
    if not _signed_in(user):
        return TechnicalRegulation.objects.none()
    return TechnicalRegulation.objects.prefetch_related("notifications", "standards")


def get_regulation(user: Any, pk: int) -> TechnicalRegulation:
    reg = visible_regulations(user).filter(pk=pk).first()
    if reg is None:
        raise NotFound("技术法规", "technical regulation")
    return reg


def search_regulations(
    user: Any, *, q: str = "", market: str = "", hs: str = "", kind: str = ""
) -> QuerySet[TechnicalRegulation]:
    qs = visible_regulations(user)
    if q:
        qs = qs.filter(
            Q(reference__icontains=q)
            | Q(title__icontains=q)
            | Q(title_zh__icontains=q)
            | Q(summary_zh__icontains=q)
        )
    if market:
        qs = qs.filter(market=market.strip().upper())
    if kind:
        qs = qs.filter(kind=kind)
    if hs:
        code = hs.strip()
        ids = [r.pk for r in qs if any(hs_overlap(code, c) for c in r.hs_codes)]
        qs = qs.filter(pk__in=ids)
    return qs


@dataclass
class Applicable:
    regulation: TechnicalRegulation
    products: list[str]
    market: str
    status: str  # "in_force" or "coming"


def regulations_for_profile(
    products: list[tuple[str, str]], markets: list[str], all_markets: bool, day: date
) -> list[Applicable]:
    """Regulations of the exporter's markets whose product scope (HS, or ICS) covers one of
    its products: in force on ``day`` or coming. ``products`` are (hs_code, ics_code)."""
    from biaozhun.alerts.reference import members

    registry = members()
    covered: set[str] = set()
    for m in markets:
        try:
            covered |= registry.expand(m)
        except KeyError:
            covered.add(m)
    out: list[Applicable] = []
    for reg in TechnicalRegulation.objects.prefetch_related("notifications", "standards"):
        if reg.applies_until is not None and reg.applies_until < day:
            continue
        if not all_markets:
            try:
                reg_markets = registry.expand(reg.market)
            except KeyError:
                reg_markets = frozenset({reg.market})
            if not (reg_markets & covered):
                continue
        hits = [
            hs
            for hs, ics in products
            if any(hs_overlap(hs, c) for c in reg.hs_codes)
            or (ics and any(ics_overlap(ics, c) for c in reg.ics_codes))
        ]
        if not hits:
            continue
        coming = reg.in_force_from is not None and reg.in_force_from > day
        out.append(Applicable(reg, hits, reg.market, "coming" if coming else "in_force"))
    out.sort(key=lambda a: (a.status != "in_force", a.regulation.in_force_from or day))
    return out


def regulations_for_enterprise(enterprise: Any, day: date) -> list[Applicable]:
    from biaozhun.alerts.models import ExportProfile

    profile = (
        ExportProfile.objects.filter(enterprise=enterprise)
        .prefetch_related("products", "markets")
        .first()
    )
    if profile is None:
        return []
    products = [(p.hs_code, p.ics_code) for p in profile.products.all()]
    markets = [m.code for m in profile.markets.all()]
    return regulations_for_profile(products, markets, profile.all_markets, day)
